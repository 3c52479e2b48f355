using BenchmarkDotNet.Attributes;
using Reactor.MiniRedis.Engine.Networking;

namespace Reactor.MiniRedis.Benchmarks.Engine;

/// <summary>
/// PUBLISH fan-out without sockets: one publisher's PUBLISH is decoded and dispatched, the message is copied into the
/// reply buffer of every subscriber of the channel, and each subscriber's buffer is then written to its in-memory
/// transport, as the event loop would before sleeping. Results are per PUBLISH.
/// </summary>
/// <remarks>
/// Budget: 0 B per PUBLISH in steady state, whatever the number of subscribers: the message is encoded once and
/// copied into each subscriber's buffer, with nothing allocated per subscriber.
/// </remarks>
[MemoryDiagnoser]
public class PublishBenchmarks
{
    private InMemoryClient _publisher = null!;
    private Connection[] _subscribers = [];
    private byte[] _publish = null!;

    [Params(1, 100, 1000)]
    public int Subscribers { get; set; }

    [Params(16, 1024)]
    public int PayloadSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _publisher = new InMemoryClient();
        byte[] subscribe = RespRequest.Build("SUBSCRIBE", "chan");
        _subscribers = new Connection[Subscribers];
        for (int i = 0; i < Subscribers; i++)
        {
            var transport = new InMemoryTransport();
            Connection subscriber = _publisher.Server.AddClient(transport);
            transport.Deliver(subscribe);
            subscriber.OnReadable();
            subscriber.WriteToClient();
            _subscribers[i] = subscriber;
        }
        _publish = RespRequest.Build("PUBLISH", "chan", new string('m', PayloadSize));
        _publisher.Expect(_publish, $":{Subscribers}\r\n");
        Drain();
    }

    [GlobalCleanup]
    public void Cleanup() => _publisher.Dispose();

    /// <summary>One PUBLISH delivered to every subscriber, and every subscriber's socket written.</summary>
    [Benchmark]
    public void Publish()
    {
        _publisher.Run(_publish);
        Drain();
    }

    private void Drain()
    {
        foreach (Connection subscriber in _subscribers)
        {
            subscriber.WriteToClient();
        }
    }
}
