using System.Text;
using BenchmarkDotNet.Attributes;
using Reactor.MiniRedis.Protocol;

namespace Reactor.MiniRedis.Benchmarks.Protocol;

/// <summary>
/// The request decoder in each of its states: an inline line, a small multibulk, a pipelined batch, and a 1 MB bulk
/// arriving in 16 KB reads. Results are per request; throughput in bytes/s is the request size (noted on each
/// benchmark) divided by the mean. Allocation budget: 0 B for every benchmark, a regression is a bug.
/// </summary>
/// <remarks>BenchmarkDotNet derives from benchmark classes, so they cannot be sealed.</remarks>
[MemoryDiagnoser]
public class RequestDecoderBenchmarks
{
    /// <summary>PROTO_IOBUF_LEN, what one socket read delivers at most.</summary>
    private const int ReadSize = 16 * 1024;

    private const int PipelineDepth = 16;

    private readonly RequestDecoder _decoder = new(new RespLimits());
    private byte[] _inline = null!;
    private byte[] _get = null!;
    private byte[] _pipeline = null!;
    private byte[] _bulk = null!;

    [GlobalSetup]
    public void Setup()
    {
        _inline = "PING\r\n"u8.ToArray();
        _get = RespRequest.Build("GET", "key:000001");
        var pipeline = new List<byte>();
        for (int i = 0; i < PipelineDepth; i++)
        {
            pipeline.AddRange(RespRequest.Build("SET", $"key:{i:D6}", new string('v', 16)));
        }
        _pipeline = [.. pipeline];
        byte[] header = Encoding.ASCII.GetBytes($"*3\r\n$3\r\nSET\r\n$3\r\nbig\r\n${1024 * 1024}\r\n");
        _bulk = new byte[header.Length + 1024 * 1024 + 2];
        header.CopyTo(_bulk, 0);
        "\r\n"u8.CopyTo(_bulk.AsSpan(_bulk.Length - 2));

        // Measure the real thing: each input must decode to complete requests.
        Check(InlinePing() == _inline.Length && MultibulkGet() == _get.Length &&
              PipelinedSets() == _pipeline.Length && OneMegabyteBulkIn16KbReads() == _bulk.Length);
    }

    /// <summary>6 bytes. Budget: 0 B.</summary>
    [Benchmark]
    public int InlinePing()
    {
        _decoder.Decode(_inline, out int consumed);
        return consumed;
    }

    /// <summary>GET key:000001, 33 bytes. Budget: 0 B.</summary>
    [Benchmark]
    public int MultibulkGet()
    {
        _decoder.Decode(_get, out int consumed);
        return consumed;
    }

    /// <summary>16 SETs with 10-byte keys and 16-byte values in one read, 46 bytes each; per request. Budget: 0 B.</summary>
    [Benchmark(OperationsPerInvoke = PipelineDepth)]
    public int PipelinedSets()
    {
        Span<byte> rest = _pipeline;
        int total = 0;
        while (!rest.IsEmpty && _decoder.Decode(rest, out int consumed) == DecodeStatus.CommandReady)
        {
            rest = rest[consumed..];
            total += consumed;
        }
        return total;
    }

    /// <summary>
    /// SET big &lt;1 MB&gt; delivered in 65 reads of 16 KB, decoded after each read the way Connection does: the span
    /// from the request start grows by one read each time. The bytes are already in place (no copy is measured),
    /// so this is the decoder's own cost of resuming. 1,048,614 bytes. Budget: 0 B.
    /// </summary>
    [Benchmark]
    public int OneMegabyteBulkIn16KbReads()
    {
        int received = 0;
        while (received < _bulk.Length)
        {
            received = Math.Min(received + ReadSize, _bulk.Length);
            if (_decoder.Decode(_bulk.AsSpan(0, received), out int consumed) == DecodeStatus.CommandReady)
            {
                return consumed;
            }
        }
        return 0;
    }

    private static void Check(bool condition)
    {
        if (!condition)
        {
            throw new InvalidOperationException("A benchmark input did not decode as expected.");
        }
    }
}
