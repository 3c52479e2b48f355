using System.Net;
using System.Net.Sockets;
using Reactor.MiniRedis.Engine.Networking;
using Reactor.MiniRedis.Engine.Tests.Support;

namespace Reactor.MiniRedis.Engine.Tests;

/// <summary>
/// <c>timeout</c> (idle clients closed by the cron, on the fake clock) and <c>tcp-keepalive</c> (the socket options
/// set on accepted sockets, read back from a real loopback socket).
/// </summary>
public sealed class ClientTimeoutTests
{
    private ServerHarness _harness = null!;

    [SetUp]
    public void Start()
    {
        _harness = new ServerHarness(config => config.Timeout = 10);
        _harness.Server.StartCron();
    }

    [TearDown]
    public void Stop() => _harness.Dispose();

    // Moves the clock and runs one loop iteration, in which the cron is due.
    private void Advance(double seconds)
    {
        _harness.Time.Advance(TimeSpan.FromSeconds(seconds));
        _harness.Server.Loop.ProcessEvents();
    }

    [Test]
    public void Timeout_ClientIdleLongerThanTimeout_IsClosed()
    {
        TestClient client = _harness.Connect();
        Advance(10.5);
        Assert.That((client.Connection.IsClosed, client.Transport.Closed), Is.EqualTo((true, true)));
    }

    [Test]
    public void Timeout_ClientIdleForTheTimeoutExactly_StaysOpen()
    {
        TestClient client = _harness.Connect();
        Advance(10);
        Assert.That(client.Connection.IsClosed, Is.False);
    }

    [Test]
    public void Timeout_ClientSendingCommands_StaysOpen()
    {
        TestClient client = _harness.Connect();
        Advance(8);
        client.Execute("PING");
        Advance(8);
        Assert.That(client.Connection.IsClosed, Is.False);
    }

    [Test]
    public void Timeout_Subscriber_IsNeverIdle()
    {
        TestClient subscriber = _harness.Connect();
        subscriber.Execute("SUBSCRIBE", "news");
        Advance(60);
        Assert.That(subscriber.Connection.IsClosed, Is.False);
    }

    [Test]
    public void Timeout_MonitorClient_IsNeverIdle()
    {
        TestClient monitor = _harness.Connect();
        monitor.Execute("MONITOR");
        Advance(60);
        Assert.That(monitor.Connection.IsClosed, Is.False);
    }

    [Test]
    public void Timeout_ClientBlockedInBlpop_IsWaitingNotIdle()
    {
        TestClient blocked = _harness.Connect();
        blocked.Execute("BLPOP", "queue", "0");
        Advance(60);
        Assert.That(blocked.Connection.IsClosed, Is.False);
    }

    [Test]
    public void Timeout_Zero_NeverClosesIdleClients()
    {
        _harness.Server.Config.Timeout = 0;
        TestClient client = _harness.Connect();
        Advance(3600);
        Assert.That(client.Connection.IsClosed, Is.False);
    }

    [Test]
    public void TcpKeepAlive_AcceptedSocket_ProbesAfterTheIntervalThreeTimes()
    {
        (Socket accepted, Socket peer, Socket listener) = LoopbackPair();
        using (listener)
        using (peer)
        {
            _harness.Server.AcceptClient(accepted);
            Assert.That(
                ((int)accepted.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive)! != 0,
                 accepted.GetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime),
                 accepted.GetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval),
                 accepted.GetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount)),
                Is.EqualTo((true, (object)300, (object)100, (object)TcpKeepAlive.ProbeCount)));
        }
    }

    [Test]
    public void TcpKeepAlive_Zero_LeavesKeepAliveOff()
    {
        _harness.Server.Config.TcpKeepAlive = 0;
        (Socket accepted, Socket peer, Socket listener) = LoopbackPair();
        using (listener)
        using (peer)
        {
            _harness.Server.AcceptClient(accepted);
            Assert.That((int)accepted.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive)!, Is.Zero);
        }
    }

    // A connected pair of loopback sockets: the accepted end (for the server) and the connecting end.
    private static (Socket Accepted, Socket Peer, Socket Listener) LoopbackPair()
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var peer = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        peer.Connect(listener.LocalEndPoint!);
        return (listener.Accept(), peer, listener);
    }
}
