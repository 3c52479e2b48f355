using System.Text;
using BenchmarkDotNet.Attributes;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Benchmarks.Storage;

/// <summary>
/// ZADD-like work on one big <see cref="RedisSortedSet"/>, the shape of <c>redis-benchmark -r 1000000 -t zadd</c>
/// (members <c>element:</c> plus 12 digits, integer scores 0..999,999): a set prefilled with 500,000 members in
/// random order (so nodes are scattered in memory, as in a server), then per operation either a score update of an
/// existing member (37%, as in that run) or the add of a new one, with random scores from a fixed seed. The skip-list
/// walks are memory-latency bound, so this measures the node layout. Each iteration removes the members it added
/// (not measured), so every iteration starts from the same 500,000 members. ZRANK walks the list without writing.
/// Allocation budget: nothing. The 20-byte members live inside the dictionary's entries and the list's node slots,
/// and a node takes a place in the list's arrays (their growth aside).
/// </summary>
/// <remarks>BenchmarkDotNet derives from benchmark classes, so they cannot be sealed.</remarks>
[MemoryDiagnoser]
[MedianColumn]
public class SkipListBenchmarks
{
    private const int Prefilled = 500_000;
    private const int Operations = 65_536;
    private const int MemberLength = 20; // "element:000000123456", redis-benchmark's __rand_int__
    private const double UpdateShare = 0.37;

    private RedisSortedSet _zset = null!;
    private byte[] _members = null!;   // Operations members back to back, like a query buffer
    private double[] _scores = null!;
    private byte[] _probes = null!;    // Operations existing members, for ZRANK
    private double[] _probeScores = null!; // a new score for each probe, for the updates
    private double _shift; // added to _probeScores, different in each invocation, so every update moves its member
    private byte[][] _added = null!;   // the new members of one iteration, removed after it

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _zset = new RedisSortedSet(new EncodingLimits());
        int[] order = Enumerable.Range(0, Prefilled).ToArray();
        random.Shuffle(order);
        foreach (int i in order)
        {
            _zset.Add(random.Next(1_000_000), Member(i), SortedSetAddFlags.None, out _);
        }
        _members = new byte[Operations * MemberLength];
        _scores = new double[Operations];
        _probes = new byte[Operations * MemberLength];
        _probeScores = new double[Operations];
        var added = new List<byte[]>();
        for (int op = 0; op < Operations; op++)
        {
            byte[] member;
            if (random.NextDouble() < UpdateShare)
            {
                member = Member(random.Next(Prefilled));
            }
            else
            {
                member = Member(Prefilled + added.Count);
                added.Add(member);
            }
            member.CopyTo(_members, op * MemberLength);
            _scores[op] = random.Next(1_000_000);
            Member(random.Next(Prefilled)).CopyTo(_probes, op * MemberLength);
            _probeScores[op] = random.Next(1_000_000);
        }
        _added = [.. added];
    }

    /// <summary>Removes the members the last ZADD iteration added, so the set is back to its prefilled members.</summary>
    [IterationCleanup(Target = nameof(ZAdd))]
    public void RemoveAdded()
    {
        foreach (byte[] member in _added)
        {
            _zset.Remove(member);
        }
        if (_zset.Count != Prefilled)
        {
            throw new InvalidOperationException("The set did not return to its prefilled members.");
        }
    }

    /// <summary>ZADD key score member: 37% score updates, 63% new members. Budget: 0 B (the arrays' growth aside).</summary>
    [Benchmark(OperationsPerInvoke = Operations)]
    public int ZAdd()
    {
        int added = 0;
        for (int op = 0; op < Operations; op++)
        {
            if (_zset.Add(_scores[op], _members.AsSpan(op * MemberLength, MemberLength), SortedSetAddFlags.None, out _) == SortedSetAddResult.Added)
            {
                added++;
            }
        }
        return added;
    }

    /// <summary>
    /// ZADD key score member of existing members only, each to a random new score: the steady state of a repeated
    /// <c>-r 1000000 -t zadd</c> run, where every ZADD moves a member (a dictionary hit and the two walks of
    /// zslUpdateScore). The set keeps its members, so no cleanup is needed. Budget: 0 B.
    /// </summary>
    [Benchmark(OperationsPerInvoke = Operations)]
    public int ZAddUpdate()
    {
        int updated = 0;
        _shift = _shift == 0 ? 0.5 : 0;
        for (int op = 0; op < Operations; op++)
        {
            if (_zset.Add(_probeScores[op] + _shift, _probes.AsSpan(op * MemberLength, MemberLength), SortedSetAddFlags.None, out _) == SortedSetAddResult.Updated)
            {
                updated++;
            }
        }
        return updated;
    }

    /// <summary>ZRANK key member of existing members: a dictionary hit and one walk. Budget: 0 B.</summary>
    [Benchmark(OperationsPerInvoke = Operations)]
    public long ZRank()
    {
        long sum = 0;
        for (int op = 0; op < Operations; op++)
        {
            sum += _zset.GetRank(_probes.AsSpan(op * MemberLength, MemberLength));
        }
        return sum;
    }

    private static byte[] Member(int i) => Encoding.ASCII.GetBytes($"element:{i:D12}");
}
