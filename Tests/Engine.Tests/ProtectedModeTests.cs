using System.Net;
using Reactor.MiniRedis.Engine.Security;
using Reactor.MiniRedis.Engine.Server;
using Reactor.MiniRedis.Engine.Tests.Support;

namespace Reactor.MiniRedis.Engine.Tests;

/// <summary>
/// Protected mode: which client addresses count as local (islocalClient), when a connection is refused, and what
/// a refused connection is sent. Tests can only connect from 127.0.0.1, so the decision is tested on its own.
/// </summary>
public sealed class ProtectedModeTests
{
    private const string Denied =
        "-DENIED Redis is running in protected mode because protected mode is enabled and no password is set for the default user. In this mode connections are only accepted from the loopback interface. If you want to connect from external computers to Redis you may adopt one of the following solutions: 1) Just disable protected mode sending the command 'CONFIG SET protected-mode no' from the loopback interface by connecting to Redis from the same host the server is running, however MAKE SURE Redis is not publicly accessible from internet if you do so. Use CONFIG REWRITE to make this change permanent. 2) Alternatively you can just disable the protected mode by editing the Redis configuration file, and setting the protected mode option to 'no', and then restarting the server. 3) If you started the server manually just for testing, restart it with the '--protected-mode no' option. 4) Setup a an authentication password for the default user. NOTE: You only need to do one of the above things in order for the server to start accepting connections from the outside.\r\n";

    private static IPEndPoint Peer(string address) => new(IPAddress.Parse(address), 50000);

    [TestCase("127.0.0.1", true)]
    [TestCase("::1", true)]
    [TestCase("::ffff:127.0.0.1", true)]   // IPv4 loopback seen on a dual-stack socket
    [TestCase("127.0.0.2", false)]         // Redis compares the address text with 127.0.0.1 exactly
    [TestCase("10.0.0.5", false)]
    [TestCase("192.168.1.20", false)]
    [TestCase("::ffff:10.0.0.5", false)]
    [TestCase("fe80::1", false)]
    public void IsLocal_ClassifiesAddress(string address, bool expected) =>
        Assert.That(ProtectedMode.IsLocal(Peer(address)), Is.EqualTo(expected));

    [Test]
    public void IsLocal_UnknownPeer_IsNotLocal() =>
        Assert.That(ProtectedMode.IsLocal(null), Is.False);

    [Test]
    public void Denies_DefaultsAndRemoteClient_Refuses() =>
        Assert.That(ProtectedMode.Denies(new ServerConfig(), Peer("10.0.0.5")), Is.True);

    [Test]
    public void Denies_DefaultsAndLoopbackClient_Accepts() =>
        Assert.That(ProtectedMode.Denies(new ServerConfig(), Peer("127.0.0.1")), Is.False);

    [Test]
    public void Denies_ProtectedModeOff_Accepts()
    {
        var config = new ServerConfig();
        config.Find("protected-mode")!.Apply("no");
        Assert.That(ProtectedMode.Denies(config, Peer("10.0.0.5")), Is.False);
    }

    [Test]
    public void Denies_RequirePassSet_Accepts()
    {
        var config = new ServerConfig();
        config.Find("requirepass")!.Apply("secret");
        Assert.That(ProtectedMode.Denies(config, Peer("10.0.0.5")), Is.False);
    }

    [Test]
    public void Denies_BoundToAllInterfaces_StillRefusesRemote()
    {
        // Redis 7.0 no longer looks at bind: only the password decides.
        var config = new ServerConfig();
        config.Find("bind")!.Apply("* -::*");
        Assert.That(ProtectedMode.Denies(config, Peer("10.0.0.5")), Is.True);
    }

    [Test]
    public void Refuses_RemoteClient_SendsDeniedClosesAndCounts()
    {
        using var harness = new ServerHarness();
        var transport = new FakeTransport();
        bool refused = ProtectedMode.Refuses(harness.Server, transport, Peer("10.0.0.5"));
        Assert.Multiple(() =>
        {
            Assert.That(refused, Is.True);
            Assert.That(Resp.Text(transport.TakeSent()), Is.EqualTo(Denied));
            Assert.That(transport.Closed, Is.True);
            Assert.That(harness.Server.Stats.RejectedConnections, Is.EqualTo(1));
            Assert.That(harness.Server.Clients, Is.Empty);
        });
    }

    [Test]
    public void Refuses_LoopbackClient_LeavesConnectionAlone()
    {
        using var harness = new ServerHarness();
        var transport = new FakeTransport();
        Assert.Multiple(() =>
        {
            Assert.That(ProtectedMode.Refuses(harness.Server, transport, Peer("127.0.0.1")), Is.False);
            Assert.That(transport.TakeSent(), Is.Empty);
            Assert.That(transport.Closed, Is.False);
        });
    }

    [Test]
    public void ConfigDefaults_BindLoopbackAndProtectedModeOn()
    {
        var config = new ServerConfig();
        Assert.Multiple(() =>
        {
            Assert.That(config.GetPassive("protected-mode"), Is.EqualTo("yes"));
            Assert.That(config.Bind, Is.EqualTo(new[] { "127.0.0.1" }));
        });
    }
}
