using System.Text;
using BenchmarkDotNet.Attributes;

namespace Reactor.MiniRedis.Benchmarks.Engine;

/// <summary>
/// SADD and HSET into a set and a hash of 632K members, the size <c>redis-benchmark -r 1000000 -n 1000000 -t
/// sadd,hset</c> grows them to, end to end without sockets (the in-memory transport of <see cref="DispatchBenchmarks"/>):
/// 1024 pipelined commands per invocation with members drawn at random from those present (hits, as most of a
/// second redis-benchmark run is), from 256 different batches in turn, so the 262,144 members probed do not stay in
/// the caches between invocations. At this size a lookup goes to memory for the bucket head, the entry and whatever
/// the entry points at, so these measure dependent cache misses more than instructions. Allocation budget: 0 B.
/// </summary>
/// <remarks>BenchmarkDotNet derives from benchmark classes, so they cannot be sealed.</remarks>
[MemoryDiagnoser]
public class BigCollectionBenchmarks
{
    private const int Members = 632_000;
    private const int CommandsPerInvoke = 1024;
    private const int Batches = 256;

    private InMemoryClient _client = null!;
    private byte[][] _saddHits = null!;
    private byte[][] _hsetHits = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _client = new InMemoryClient();
        for (int start = 0; start < Members; start += CommandsPerInvoke)
        {
            int end = Math.Min(Members, start + CommandsPerInvoke);
            _client.Run(Batch(end - start, i => ["SADD", "myset", Member(start + i)]));
            _client.Run(Batch(end - start, i => ["HSET", "myhash", Member(start + i), "xxx"]));
        }
        var random = new Random(42);
        _saddHits = new byte[Batches][];
        _hsetHits = new byte[Batches][];
        for (int b = 0; b < Batches; b++)
        {
            _saddHits[b] = Batch(CommandsPerInvoke, _ => ["SADD", "myset", Member(random.Next(Members))]);
            _hsetHits[b] = Batch(CommandsPerInvoke, _ => ["HSET", "myhash", Member(random.Next(Members)), "yyy"]);
        }
        _client.Expect(_saddHits[0], string.Concat(Enumerable.Repeat(":0\r\n", CommandsPerInvoke)));
        _client.Expect(_hsetHits[0], string.Concat(Enumerable.Repeat(":0\r\n", CommandsPerInvoke)));
    }

    [GlobalCleanup]
    public void Cleanup() => _client.Dispose();

    /// <summary>SADD of a member the 632K-member set holds. Budget: 0 B.</summary>
    [Benchmark(OperationsPerInvoke = CommandsPerInvoke)]
    public void SAddHit() => _client.Run(_saddHits[_next++ % Batches]);

    /// <summary>HSET of a field the 632K-field hash holds, with a value of the same length. Budget: 0 B.</summary>
    [Benchmark(OperationsPerInvoke = CommandsPerInvoke)]
    public void HSetHit() => _client.Run(_hsetHits[_next++ % Batches]);

    // redis-benchmark's __rand_int__ member: "element:" and 12 zero-padded digits, 20 bytes.
    private static string Member(int i) => $"element:{i:D12}";

    private static byte[] Batch(int count, Func<int, string[]> request)
    {
        var text = new StringBuilder();
        for (int i = 0; i < count; i++)
        {
            RespRequest.Append(text, request(i));
        }
        return Encoding.ASCII.GetBytes(text.ToString());
    }
}
