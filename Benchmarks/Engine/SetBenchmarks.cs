using System.Text;
using BenchmarkDotNet.Attributes;

namespace Reactor.MiniRedis.Benchmarks.Engine;

/// <summary>
/// Set algebra and hash access end to end without sockets, through the decoder, the command table and the reply
/// buffer (the in-memory transport of <see cref="DispatchBenchmarks"/>). SINTER intersects a 10,000-member set
/// with a 100,000-member one that holds half of it, so each call tests 10,000 members (the smaller set is iterated,
/// as in Redis) and replies 5,000 of them (about 85 KB, drained in 64 KB writes). HGET runs 16 commands per
/// invocation on a 100-field listpack hash, so its result is per command. HSET overwriting a field is measured by
/// <see cref="DataTypeDispatchBenchmarks.HSetOverwrite"/> at pipeline depths 1 and 16.
/// </summary>
/// <remarks>BenchmarkDotNet derives from benchmark classes, so they cannot be sealed.</remarks>
[MemoryDiagnoser]
public class SetBenchmarks
{
    private const int SmallSetSize = 10_000;
    private const int LargeSetSize = 100_000;
    private const int MembersPerSAdd = 1_000;
    private const int HashCommandsPerInvoke = 16;
    private const int HashFields = 100;

    private InMemoryClient _client = null!;
    private byte[] _sinter = null!;
    private byte[] _sinterCard = null!;
    private byte[] _hgetBatch = null!;

    [GlobalSetup]
    public void Setup()
    {
        _client = new InMemoryClient();

        // small holds members 0..9,999; large holds 5,000..104,999: the second half of small and 95,000 others.
        FillSet("small", 0, SmallSetSize);
        FillSet("large", SmallSetSize / 2, LargeSetSize);
        _sinter = RespRequest.Build("SINTER", "small", "large");
        _sinterCard = RespRequest.Build("SINTERCARD", "2", "small", "large");
        string intersection = _client.Capture(_sinter);
        if (!intersection.StartsWith($"*{SmallSetSize / 2}\r\n", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Unexpected SINTER reply: {intersection[..Math.Min(80, intersection.Length)]}");
        }
        _client.Expect(_sinterCard, $":{SmallSetSize / 2}\r\n");

        var fields = new StringBuilder();
        var gets = new StringBuilder();
        for (int i = 0; i < HashFields; i++)
        {
            RespRequest.Append(fields, "HSET", "hash", $"field:{i:D4}", $"value:{i:D4}");
        }
        for (int i = 0; i < HashCommandsPerInvoke; i++)
        {
            RespRequest.Append(gets, "HGET", "hash", $"field:{i:D4}");
        }
        _client.Run(Encoding.ASCII.GetBytes(fields.ToString()));
        _hgetBatch = Encoding.ASCII.GetBytes(gets.ToString());
        _client.Expect(_hgetBatch, string.Concat(Enumerable.Range(0, HashCommandsPerInvoke).Select(i => $"$10\r\nvalue:{i:D4}\r\n")));
    }

    [GlobalCleanup]
    public void Cleanup() => _client.Dispose();

    /// <summary>
    /// SINTER of 10,000 and 100,000 members, 5,000 in common. Budget: 0 B per call in steady state (the match
    /// positions and the key array come from ArrayPool, the reply's overflow chunks from the reply buffer's pool).
    /// </summary>
    [Benchmark]
    public void SInter() => _client.Run(_sinter);

    /// <summary>SINTERCARD of the same two sets. Budget: 0 B per call.</summary>
    [Benchmark]
    public void SInterCard() => _client.Run(_sinterCard);

    /// <summary>HGET of an existing field. Budget: 0 B per HGET.</summary>
    [Benchmark(OperationsPerInvoke = HashCommandsPerInvoke)]
    public void HGet() => _client.Run(_hgetBatch);

    // Loads members first..first+count-1 ("member:00000012") into key, 1,000 per SADD.
    private void FillSet(string key, int first, int count)
    {
        var batch = new StringBuilder();
        for (int start = first; start < first + count; start += MembersPerSAdd)
        {
            string[] args = ["SADD", key, .. Enumerable.Range(start, MembersPerSAdd).Select(i => $"member:{i:D8}")];
            RespRequest.Append(batch, args);
        }
        _client.Run(Encoding.ASCII.GetBytes(batch.ToString()));
    }
}
