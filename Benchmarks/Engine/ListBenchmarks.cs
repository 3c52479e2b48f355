using System.Text;
using BenchmarkDotNet.Attributes;
using Reactor.MiniRedis.Engine.Networking;
using Reactor.MiniRedis.Engine.Server;

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

    private RedisServer _server = null!;
    private InMemoryTransport _transport = null!;
    private Connection _client = null!;
    private byte[] _lrange100 = null!;
    private byte[] _lrange600 = null!;

    [GlobalSetup]
    public void Setup()
    {
        _server = new RedisServer(new ServerConfig());
        _server.Log.WriteToConsole = false;
        _transport = new InMemoryTransport();
        _client = _server.AddClient(_transport);

        var push = new StringBuilder();
        for (int i = 0; i < ListLength; i++)
        {
            RespRequest.Append(push, "LPUSH", "mylist", Element);
        }
        Run(Encoding.ASCII.GetBytes(push.ToString()));
        _lrange100 = RespRequest.Build("LRANGE", "mylist", "0", "99");
        _lrange600 = RespRequest.Build("LRANGE", "mylist", "0", "599");

        string elementReply = $"${Element.Length}\r\n{Element}\r\n";
        Expect(_lrange100, "*100\r\n" + string.Concat(Enumerable.Repeat(elementReply, 100)));
        Expect(_lrange600, "*600\r\n" + string.Concat(Enumerable.Repeat(elementReply, 600)));
    }

    [GlobalCleanup]
    public void Cleanup() => _server.Dispose();

    /// <summary>LRANGE mylist 0 99. Budget: 0 B.</summary>
    [Benchmark]
    public void LRange100() => Run(_lrange100);

    /// <summary>LRANGE mylist 0 599. Budget: 0 B.</summary>
    [Benchmark]
    public void LRange600() => Run(_lrange600);

    // One read of the batch, then writes until the reply buffer is drained (a write event sends at most 64 KB).
    private void Run(byte[] batch)
    {
        _transport.Deliver(batch);
        while (_transport.HasIncoming)
        {
            _client.OnReadable();
        }
        while (!_client.Reply.Buffer.IsEmpty)
        {
            _client.WriteToClient();
        }
    }

    private void Expect(byte[] batch, string expected)
    {
        _transport.Capture = new MemoryStream();
        Run(batch);
        string actual = Encoding.ASCII.GetString(_transport.Capture.ToArray());
        _transport.Capture = null;
        if (actual != expected)
        {
            throw new InvalidOperationException($"Unexpected reply: {actual[..Math.Min(actual.Length, 200)]}");
        }
    }
}
