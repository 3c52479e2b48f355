using System.Text;
using BenchmarkDotNet.Attributes;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Benchmarks.Engine;

/// <summary>
/// Sorted-set commands end to end without sockets, against one large set (1M members by default, built straight
/// into the keyspace so setup stays quick): the batch is read into the query buffer, decoded, dispatched, answered
/// into the reply buffer and written to an in-memory transport, as in <see cref="DispatchBenchmarks"/>. Every
/// invocation runs 16 commands, so results are per command.
/// </summary>
/// <remarks>BenchmarkDotNet derives from benchmark classes, so they cannot be sealed.</remarks>
[MemoryDiagnoser]
public class SortedSetBenchmarks
{
    private const int CommandsPerInvoke = 16;
    private const string Key = "leaderboard";

    private InMemoryClient _client = null!;
    private byte[] _updateBatch = null!;
    private byte[] _addRemoveBatch = null!;
    private byte[] _rangeBatch = null!;

    [Params(1_000_000)]
    public int Members { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _client = new InMemoryClient();

        Database db = _client.Server.Keyspace[0];
        var zset = new RedisSortedSet(db.EncodingLimits);
        for (int i = 0; i < Members; i++)
        {
            zset.Add(i, Encoding.ASCII.GetBytes(Member(i)), SortedSetAddFlags.None, out _);
        }
        db.Set(Encoding.ASCII.GetBytes(Key), zset);

        // Existing members spread over the set, each moved past ten neighbours and then back, so every ZADD relinks
        // a node and the set is the same after each invocation.
        var updates = new StringBuilder();
        var addRemove = new StringBuilder();
        var ranges = new StringBuilder();
        for (int i = 0; i < CommandsPerInvoke / 2; i++)
        {
            int target = (int)((long)Members * i / (CommandsPerInvoke / 2));
            RespRequest.Append(updates, "ZADD", Key, $"{target + 10}.5", Member(target));
            RespRequest.Append(updates, "ZADD", Key, target.ToString(System.Globalization.CultureInfo.InvariantCulture), Member(target));
        }
        for (int i = 0; i < CommandsPerInvoke / 2; i++)
        {
            RespRequest.Append(addRemove, "ZADD", Key, $"{Members / 2}.5", $"new:{i}");
            RespRequest.Append(addRemove, "ZREM", Key, $"new:{i}");
        }
        for (int i = 0; i < CommandsPerInvoke; i++)
        {
            RespRequest.Append(ranges, "ZRANGE", Key, "0", "99", "WITHSCORES");
        }
        _updateBatch = Encoding.ASCII.GetBytes(updates.ToString());
        _addRemoveBatch = Encoding.ASCII.GetBytes(addRemove.ToString());
        _rangeBatch = Encoding.ASCII.GetBytes(ranges.ToString());

        _client.Expect(_updateBatch, string.Concat(Enumerable.Repeat(":0\r\n", CommandsPerInvoke)));
        _client.Expect(_addRemoveBatch, string.Concat(Enumerable.Repeat(":1\r\n", CommandsPerInvoke)));
        var firstHundred = new StringBuilder("*200\r\n");
        for (int i = 0; i < 100; i++)
        {
            string member = Member(i), score = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            firstHundred.Append($"${member.Length}\r\n{member}\r\n${score.Length}\r\n{score}\r\n");
        }
        _client.Expect(_rangeBatch, string.Concat(Enumerable.Repeat(firstHundred.ToString(), CommandsPerInvoke)));
    }

    [GlobalCleanup]
    public void Cleanup() => _client.Dispose();

    /// <summary>
    /// ZADD of an existing member with a score that moves it past its neighbours (and back on the next command):
    /// an O(log n) unlink and relink of the same node. Budget: 0 B per ZADD.
    /// </summary>
    [Benchmark(OperationsPerInvoke = CommandsPerInvoke)]
    public void ZAddUpdate() => _client.Run(_updateBatch);

    /// <summary>
    /// ZADD of a new member into the middle of the 1M-member set, then ZREM of it: an O(log n) insert and delete.
    /// Budget: one skip-list node (object and level array) plus the member's bytes per pair, about 130 B, i.e.
    /// 64 B per command as measured; nothing else (the reply and the lookups allocate nothing).
    /// </summary>
    [Benchmark(OperationsPerInvoke = CommandsPerInvoke)]
    public void ZAddNewThenRem() => _client.Run(_addRemoveBatch);

    /// <summary>
    /// ZRANGE key 0 99 WITHSCORES: 100 members and their scores (formatted on the stack) from the low end.
    /// Budget: 0 B per ZRANGE in steady state.
    /// </summary>
    [Benchmark(OperationsPerInvoke = CommandsPerInvoke)]
    public void ZRangeWithScores() => _client.Run(_rangeBatch);

    private static string Member(int i) => $"member:{i:D7}";
}
