using System.Text;
using BenchmarkDotNet.Attributes;

namespace Reactor.MiniRedis.Benchmarks.Engine;

/// <summary>
/// redis-benchmark's LRANGE_100 and LRANGE_600 tests end to end without sockets: LRANGE of the first 100 and the
/// first 600 elements of a 600-element list whose elements are 3 bytes (redis-benchmark's default data size),
/// through the decoder, the dispatcher and the reply buffer into an in-memory transport, as in
/// <see cref="DispatchBenchmarks"/>. Each LRANGE invocation runs one LRANGE; results are per command. The push/pop
/// benchmarks run LPUSH, LPOP, RPUSH, RPOP as one pipelined batch on the same list (results per command), with a
/// short element (stored in its slot) and a 100-byte one (an array of its own).
/// </summary>
/// <remarks>
/// Allocation budget: 0 B per LRANGE in steady state. The range is walked with the list's struct iterator and each
/// element is copied straight into the reply buffer; a 600-element reply (~5.4 KB) fits its fixed first chunk, and
/// bigger ones would take overflow chunks from the shared array pool. Budget for the pushes and pops: 0 B per
/// command, a short element's bytes go into a slot and come back out of it, a long one's array is recycled by the
/// pop and reused by the next push of its length.
/// </remarks>
[MemoryDiagnoser]
public class ListBenchmarks
{
    private const int ListLength = 600;
    private const string Element = "xxx";

    private InMemoryClient _client = null!;
    private byte[] _lrange100 = null!;
    private byte[] _lrange600 = null!;
    private byte[] _pushPopShort = null!;
    private byte[] _pushPopLong = null!;

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

        _pushPopShort = PushPopBothEnds(Element, ListLength);
        _pushPopLong = PushPopBothEnds(new string('y', 100), ListLength);

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

    /// <summary>LPUSH, LPOP, RPUSH, RPOP of xxx on the 600-element list. Budget: 0 B.</summary>
    [Benchmark(OperationsPerInvoke = 4)]
    public void PushPopShort() => _client.Run(_pushPopShort);

    /// <summary>LPUSH, LPOP, RPUSH, RPOP of a 100-byte element on the 600-element list. Budget: 0 B.</summary>
    [Benchmark(OperationsPerInvoke = 4)]
    public void PushPopLong() => _client.Run(_pushPopLong);

    // The four commands of one push/pop invocation on mylist, and their replies checked once.
    private byte[] PushPopBothEnds(string element, int length)
    {
        var text = new StringBuilder();
        RespRequest.Append(text, "LPUSH", "mylist", element);
        RespRequest.Append(text, "LPOP", "mylist");
        RespRequest.Append(text, "RPUSH", "mylist", element);
        RespRequest.Append(text, "RPOP", "mylist");
        byte[] request = Encoding.ASCII.GetBytes(text.ToString());
        string popped = $"${element.Length}\r\n{element}\r\n";
        _client.Expect(request, $":{length + 1}\r\n{popped}:{length + 1}\r\n{popped}");
        return request;
    }
}
