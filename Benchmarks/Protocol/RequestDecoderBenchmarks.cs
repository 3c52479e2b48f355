using System.Text;
using BenchmarkDotNet.Attributes;
using Reactor.MiniRedis.Benchmarks.Columns;
using Reactor.MiniRedis.Protocol;

namespace Reactor.MiniRedis.Benchmarks.Protocol;

/// <summary>
/// The request decoder in each of its states: an inline line (short, and long with many arguments), a small
/// multibulk, a multibulk with many arguments, pipelined batches (16 and 300 SETs in one read), a bulk arriving
/// one byte at a time (the cost of resuming), and a 1 MB bulk arriving in 16 KB reads. Results are per request,
/// and the Throughput column divides each request's size (declared with <see cref="BytesPerOperationAttribute"/>,
/// checked against the real input in setup) by the mean. Allocation budget: 0 B for every benchmark, a regression
/// is a bug.
/// </summary>
/// <remarks>BenchmarkDotNet derives from benchmark classes, so they cannot be sealed.</remarks>
[MemoryDiagnoser]
[Config(typeof(ThroughputConfig))]
public class RequestDecoderBenchmarks
{
    /// <summary>PROTO_IOBUF_LEN, what one socket read delivers at most.</summary>
    private const int ReadSize = 16 * 1024;

    private const int PipelineDepth = 16;
    private const int LargePipelineDepth = 300;
    private const int MsetPairs = 100;

    private const int InlinePingBytes = 6;
    private const int MultibulkGetBytes = 30;
    private const int SmallSetBytes = 53;
    private const int SplitSetBytes = 294;
    private const int InlineMsetBytes = 1606;
    private const int MultibulkMsetBytes = 2616;
    private const int BulkBytes = 1_048_610;

    private readonly RequestDecoder _decoder = new(new RespLimits());
    private byte[] _inline = null!;
    private byte[] _get = null!;
    private byte[] _pipeline = null!;
    private byte[] _largePipeline = null!;
    private byte[] _splitSet = null!;
    private byte[] _inlineMset = null!;
    private byte[] _mset = null!;
    private byte[] _bulk = null!;

    [GlobalSetup]
    public void Setup()
    {
        _inline = "PING\r\n"u8.ToArray();
        _get = RespRequest.Build("GET", "key:000001");
        _pipeline = BuildSets(PipelineDepth);
        _largePipeline = BuildSets(LargePipelineDepth);
        _splitSet = RespRequest.Build("SET", "key:000001", new string('v', 256));
        string[] mset = ["MSET", .. Enumerable.Range(0, MsetPairs).SelectMany(i => new[] { $"key:{i:D3}", $"val:{i:D3}" })];
        _inlineMset = Encoding.ASCII.GetBytes(string.Join(' ', mset) + "\r\n");
        _mset = RespRequest.Build(mset);
        byte[] header = Encoding.ASCII.GetBytes($"*3\r\n$3\r\nSET\r\n$3\r\nbig\r\n${1024 * 1024}\r\n");
        _bulk = new byte[header.Length + 1024 * 1024 + 2];
        header.CopyTo(_bulk, 0);
        "\r\n"u8.CopyTo(_bulk.AsSpan(_bulk.Length - 2));

        // The declared sizes are the real inputs, and each input decodes to complete requests.
        Check(_inline.Length == InlinePingBytes && _get.Length == MultibulkGetBytes &&
              _pipeline.Length == PipelineDepth * SmallSetBytes && _largePipeline.Length == LargePipelineDepth * SmallSetBytes &&
              _splitSet.Length == SplitSetBytes && _inlineMset.Length == InlineMsetBytes && _mset.Length == MultibulkMsetBytes &&
              _bulk.Length == BulkBytes);
        Check(InlinePing() == _inline.Length && MultibulkGet() == _get.Length &&
              PipelinedSets() == _pipeline.Length && LargePipelineOfSets() == _largePipeline.Length &&
              SetArrivingByteByByte() == _splitSet.Length &&
              InlineMset() == _inlineMset.Length && _decoder.ArgumentCount == 1 + 2 * MsetPairs &&
              MultibulkMset() == _mset.Length && _decoder.ArgumentCount == 1 + 2 * MsetPairs &&
              OneMegabyteBulkIn16KbReads() == _bulk.Length);
    }

    /// <summary>PING, 6 bytes. Budget: 0 B.</summary>
    [Benchmark]
    [BytesPerOperation(InlinePingBytes)]
    public int InlinePing()
    {
        _decoder.Decode(_inline, out int consumed);
        return consumed;
    }

    /// <summary>GET key:000001, 30 bytes. Budget: 0 B.</summary>
    [Benchmark]
    [BytesPerOperation(MultibulkGetBytes)]
    public int MultibulkGet()
    {
        _decoder.Decode(_get, out int consumed);
        return consumed;
    }

    /// <summary>16 SETs with 10-byte keys and 16-byte values in one read, 53 bytes each; per request. Budget: 0 B.</summary>
    [Benchmark(OperationsPerInvoke = PipelineDepth)]
    [BytesPerOperation(SmallSetBytes)]
    public int PipelinedSets() => DecodeAll(_pipeline);

    /// <summary>300 of the same SETs in 15,900 bytes, what one 16 KB read delivers; per request. Budget: 0 B.</summary>
    [Benchmark(OperationsPerInvoke = LargePipelineDepth)]
    [BytesPerOperation(SmallSetBytes)]
    public int LargePipelineOfSets() => DecodeAll(_largePipeline);

    /// <summary>
    /// SET key:000001 with a 256-byte value, decoded after each of its 294 bytes arrives (the span grows by one
    /// byte per call): the decoder's resume cost, at every byte boundary of headers and payload. Budget: 0 B.
    /// </summary>
    [Benchmark]
    [BytesPerOperation(SplitSetBytes)]
    public int SetArrivingByteByByte()
    {
        for (int received = 1; received <= _splitSet.Length; received++)
        {
            if (_decoder.Decode(_splitSet.AsSpan(0, received), out int consumed) == DecodeStatus.CommandReady)
            {
                return consumed;
            }
        }
        return 0;
    }

    /// <summary>MSET of 100 pairs as one inline line, 201 arguments, 1,606 bytes. Budget: 0 B.</summary>
    [Benchmark]
    [BytesPerOperation(InlineMsetBytes)]
    public int InlineMset()
    {
        // Inline arguments are unescaped in place, so each run decodes a fresh copy (a 1.6 KB memcpy, in the figure).
        Span<byte> line = stackalloc byte[InlineMsetBytes];
        _inlineMset.CopyTo(line);
        _decoder.Decode(line, out int consumed);
        return consumed;
    }

    /// <summary>MSET of 100 pairs as a multibulk, 201 arguments, 2,616 bytes. Budget: 0 B.</summary>
    [Benchmark]
    [BytesPerOperation(MultibulkMsetBytes)]
    public int MultibulkMset()
    {
        _decoder.Decode(_mset, out int consumed);
        return consumed;
    }

    /// <summary>
    /// SET big &lt;1 MB&gt; delivered in 65 reads of 16 KB, decoded after each read the way Connection does: the span
    /// from the request start grows by one read each time. The bytes are already in place (no copy is measured),
    /// so this is the decoder's own cost of resuming. 1,048,610 bytes. Budget: 0 B.
    /// </summary>
    [Benchmark]
    [BytesPerOperation(BulkBytes)]
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

    private static byte[] BuildSets(int depth)
    {
        var pipeline = new StringBuilder();
        for (int i = 0; i < depth; i++)
        {
            RespRequest.Append(pipeline, "SET", $"key:{i % 1000000:D6}", new string('v', 16));
        }
        return Encoding.ASCII.GetBytes(pipeline.ToString());
    }

    // Decodes every request of a pipelined batch, as Connection does after one read.
    private int DecodeAll(Span<byte> batch)
    {
        int total = 0;
        while (!batch.IsEmpty && _decoder.Decode(batch, out int consumed) == DecodeStatus.CommandReady)
        {
            batch = batch[consumed..];
            total += consumed;
        }
        return total;
    }

    private static void Check(bool condition)
    {
        if (!condition)
        {
            throw new InvalidOperationException("A benchmark input did not decode as expected.");
        }
    }
}
