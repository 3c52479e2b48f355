using BenchmarkDotNet.Attributes;
using Reactor.MiniRedis.Protocol;

namespace Reactor.MiniRedis.Benchmarks.Protocol;

/// <summary>
/// Encoding one reply of each kind into a connection's reply buffer, then clearing it as a completed socket write
/// would (Clear on a buffer that never left its first chunk costs a few nanoseconds and is included).
/// Allocation budget: 0 B for every benchmark.
/// </summary>
/// <remarks>BenchmarkDotNet derives from benchmark classes, so they cannot be sealed.</remarks>
[MemoryDiagnoser]
public class ReplyWriterBenchmarks
{
    private readonly ReplyBuffer _buffer = new();
    private ReplyWriter _writer = null!;
    private byte[] _small = null!;
    private byte[] _kilobyte = null!;

    [GlobalSetup]
    public void Setup()
    {
        _writer = new ReplyWriter(_buffer);
        _small = new byte[16];
        _kilobyte = new byte[1024];
        Array.Fill(_small, (byte)'v');
        Array.Fill(_kilobyte, (byte)'v');
    }

    /// <summary>+OK. Budget: 0 B.</summary>
    [Benchmark(Baseline = true)]
    public long Ok()
    {
        _writer.WriteOk();
        return Flush();
    }

    /// <summary>+PONG through the general simple-string path. Budget: 0 B.</summary>
    [Benchmark]
    public long SimpleString()
    {
        _writer.WriteSimpleString("PONG"u8);
        return Flush();
    }

    /// <summary>-ERR ... with the CR/LF sanitising pass. Budget: 0 B.</summary>
    [Benchmark]
    public long Error()
    {
        _writer.WriteError(ErrorText.WrongType);
        return Flush();
    }

    /// <summary>:1234567890. Budget: 0 B.</summary>
    [Benchmark]
    public long Integer()
    {
        _writer.WriteInteger(1234567890);
        return Flush();
    }

    /// <summary>A 16-byte bulk string (copied through one GetSpan). Budget: 0 B.</summary>
    [Benchmark]
    public long Bulk16()
    {
        _writer.WriteBulk(_small);
        return Flush();
    }

    /// <summary>A 1 KB bulk string (appended with Write). Budget: 0 B.</summary>
    [Benchmark]
    public long Bulk1024()
    {
        _writer.WriteBulk(_kilobyte);
        return Flush();
    }

    /// <summary>An array of ten 16-byte bulks, an MGET or LRANGE reply. Budget: 0 B.</summary>
    [Benchmark]
    public long ArrayOfTenBulks()
    {
        _writer.WriteArrayHeader(10);
        for (int i = 0; i < 10; i++)
        {
            _writer.WriteBulk(_small);
        }
        return Flush();
    }

    /// <summary>A null bulk, GET on a missing key. Budget: 0 B.</summary>
    [Benchmark]
    public long NullBulk()
    {
        _writer.WriteNullBulk();
        return Flush();
    }

    private long Flush()
    {
        long length = _buffer.Length;
        _buffer.Clear();
        return length;
    }
}
