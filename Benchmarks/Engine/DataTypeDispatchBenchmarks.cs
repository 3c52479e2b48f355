using System.Text;
using BenchmarkDotNet.Attributes;

namespace Reactor.MiniRedis.Benchmarks.Engine;

/// <summary>
/// The write commands of redis-benchmark's suite other than SET, end to end without sockets as in
/// <see cref="DispatchBenchmarks"/>: INCR, LPUSH+LPOP pairs, HSET and ZADD, each in a steady state where the
/// data does not grow (the list gets as many pops as pushes, a hash field or a sorted-set member is overwritten or
/// added and removed again). Every invocation runs 16 commands, delivered in batches of
/// <see cref="PipelineDepth"/>, so results are per command at both depths.
/// </summary>
/// <remarks>
/// Allocation budget: 0 B per command for the overwrites (INCR, HSET of an existing field, ZADD of an existing
/// member, LPUSH+LPOP). Adding a new field or member stores a copy of it, which is the data itself (Redis
/// allocates it too); those benchmarks show that cost. BenchmarkDotNet derives from benchmark classes, so they
/// cannot be sealed.
/// </remarks>
[MemoryDiagnoser]
public class DataTypeDispatchBenchmarks
{
    private const int CommandsPerInvoke = 16;
    private const int CollectionSize = 100; // elements kept in the list, hash and sorted set
    private const string Element = "xxx";   // redis-benchmark's default 3-byte data

    private InMemoryClient _client = null!;
    private byte[][] _incr = null!;
    private byte[][] _pushPop = null!;
    private byte[][] _hsetOverwrite = null!;
    private byte[][] _hsetAddDelete = null!;
    private byte[][] _zaddUpdate = null!;
    private byte[][] _zaddAddRemove = null!;

    [Params(1, 16)]
    public int PipelineDepth { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _client = new InMemoryClient();

        var fill = new StringBuilder();
        for (int i = 0; i < CollectionSize; i++)
        {
            RespRequest.Append(fill, "RPUSH", "list", Element);
            RespRequest.Append(fill, "HSET", "hash", $"field:{i:D3}", Element);
            RespRequest.Append(fill, "ZADD", "zset", $"{i}", $"member:{i:D3}");
        }
        _client.Run(Encoding.ASCII.GetBytes(fill.ToString()));

        // Each benchmark is 16 commands; Expect checks the replies of one full invocation.
        _incr = Batches(i => ["INCR", $"counter:{i:D2}"]);
        _client.Run(_incr);
        Expect(_incr, _ => ":2\r\n");

        _pushPop = Batches(i => i % 2 == 0 ? ["LPUSH", "list", Element] : ["LPOP", "list"]);
        Expect(_pushPop, i => i % 2 == 0 ? $":{CollectionSize + 1}\r\n" : $"$3\r\n{Element}\r\n");

        _hsetOverwrite = Batches(i => ["HSET", "hash", $"field:{i * 6:D3}", "yyy"]);
        Expect(_hsetOverwrite, _ => ":0\r\n");

        _hsetAddDelete = Batches(i => i % 2 == 0 ? ["HSET", "hash", $"new:{i:D2}", Element] : ["HDEL", "hash", $"new:{i - 1:D2}"]);
        Expect(_hsetAddDelete, _ => ":1\r\n");

        // An existing member moved past ten neighbours and back: each ZADD relinks a node, the set ends unchanged.
        _zaddUpdate = Batches(i => ["ZADD", "zset", i % 2 == 0 ? $"{i * 6 + 10}.5" : $"{(i - 1) * 6}", $"member:{(i - i % 2) * 6:D3}"]);
        Expect(_zaddUpdate, _ => ":0\r\n");

        _zaddAddRemove = Batches(i => i % 2 == 0 ? ["ZADD", "zset", "50.5", $"new:{i:D2}"] : ["ZREM", "zset", $"new:{i - 1:D2}"]);
        Expect(_zaddAddRemove, _ => ":1\r\n");
    }

    [GlobalCleanup]
    public void Cleanup() => _client.Dispose();

    /// <summary>INCR of 16 existing counters. Budget: 0 B.</summary>
    [Benchmark(OperationsPerInvoke = CommandsPerInvoke)]
    public void Incr() => _client.Run(_incr);

    /// <summary>LPUSH list xxx then LPOP list, 8 times, on a 100-element list. Budget: 0 B.</summary>
    [Benchmark(OperationsPerInvoke = CommandsPerInvoke)]
    public void LPushLPop() => _client.Run(_pushPop);

    /// <summary>HSET of an existing field with a same-sized value, 100-field hash. Budget: 0 B.</summary>
    [Benchmark(OperationsPerInvoke = CommandsPerInvoke)]
    public void HSetOverwrite() => _client.Run(_hsetOverwrite);

    /// <summary>HSET of a new field then HDEL of it, 8 times. Stores the field and value: 2 small arrays per pair.</summary>
    [Benchmark(OperationsPerInvoke = CommandsPerInvoke)]
    public void HSetAddDelete() => _client.Run(_hsetAddDelete);

    /// <summary>ZADD of an existing member with a new score (a relink), 100-member set. Budget: 0 B.</summary>
    [Benchmark(OperationsPerInvoke = CommandsPerInvoke)]
    public void ZAddUpdate() => _client.Run(_zaddUpdate);

    /// <summary>ZADD of a new member then ZREM of it, 8 times. Stores the member and its node per pair.</summary>
    [Benchmark(OperationsPerInvoke = CommandsPerInvoke)]
    public void ZAddAddRemove() => _client.Run(_zaddAddRemove);

    // The 16 commands made by request(i), grouped into batches of PipelineDepth requests.
    private byte[][] Batches(Func<int, string[]> request)
    {
        var batches = new byte[CommandsPerInvoke / PipelineDepth][];
        for (int b = 0; b < batches.Length; b++)
        {
            var text = new StringBuilder();
            for (int i = b * PipelineDepth; i < (b + 1) * PipelineDepth; i++)
            {
                RespRequest.Append(text, request(i));
            }
            batches[b] = Encoding.ASCII.GetBytes(text.ToString());
        }
        return batches;
    }

    private void Expect(byte[][] batches, Func<int, string> reply)
    {
        int i = 0;
        foreach (byte[] batch in batches)
        {
            var expected = new StringBuilder();
            for (int n = 0; n < PipelineDepth; n++, i++)
            {
                expected.Append(reply(i));
            }
            _client.Expect(batch, expected.ToString());
        }
    }
}
