using System.Text;
using BenchmarkDotNet.Attributes;

namespace Reactor.MiniRedis.Benchmarks.Engine;

/// <summary>
/// redis-benchmark's LRANGE_100 and LRANGE_600 tests end to end without sockets: LRANGE of the first 100 and the
/// first 600 elements of a 600-element list whose elements are 3 bytes (redis-benchmark's default data size),
/// through the decoder, the dispatcher and the reply buffer into an in-memory transport, as in
/// <see cref="DispatchBenchmarks"/>. Each invocation runs one LRANGE; results are per command.
/// </summary>
/// <remarks>
/// Allocation budget: 0 B per LRANGE in steady state. The range is walked with the list's struct iterator and each
/// element is copied straight into the reply buffer; a 600-element reply (~5.4 KB) fits its fixed first chunk, and
/// bigger ones would take overflow chunks from the shared array pool.
/// </remarks>
[MemoryDiagnoser]
public class ListBenchmarks
{
    private const int ListLength = 600;
    private const string Element = "xxx";

    private InMemoryClient _client = null!;
    private byte[] _lrange100 = null!;
    private byte[] _lrange600 = null!;

    [GlobalSetup]
    public void Setup()
    {
        _client = new InMemoryClient();

        var push = new StringBuilder();
        for (int i = 0; i < ListLength; i++)
        {
            RespRequest.Append(push, "LPUSH", "mylist", Element);
        }
        _client.Run(Encoding.ASCII.GetBytes(push.ToString()));
        _lrange100 = RespRequest.Build("LRANGE", "mylist", "0", "99");
        _lrange600 = RespRequest.Build("LRANGE", "mylist", "0", "599");

        string elementReply = $"${Element.Length}\r\n{Element}\r\n";
        _client.Expect(_lrange100, "*100\r\n" + string.Concat(Enumerable.Repeat(elementReply, 100)));
        _client.Expect(_lrange600, "*600\r\n" + string.Concat(Enumerable.Repeat(elementReply, 600)));
    }

    [GlobalCleanup]
    public void Cleanup() => _client.Dispose();

    /// <summary>LRANGE mylist 0 99. Budget: 0 B.</summary>
    [Benchmark]
    public void LRange100() => _client.Run(_lrange100);

    /// <summary>LRANGE mylist 0 599. Budget: 0 B.</summary>
    [Benchmark]
    public void LRange600() => _client.Run(_lrange600);
}
