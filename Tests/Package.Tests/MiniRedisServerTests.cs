using System.Net;
using System.Net.Sockets;
using Reactor.MiniRedis.Engine.Embedding;
using Reactor.MiniRedis.Engine.Reactor;
using Reactor.MiniRedis.Integration.Tests.Support;
using StackExchange.Redis;

namespace Reactor.MiniRedis.Package.Tests;

/// <summary>Starting, configuring, running side by side and disposing embedded servers, through the package.</summary>
public sealed class MiniRedisServerTests
{
    [Test]
    public async Task StartAsync_Defaults_ListensOnLoopbackFreePort()
    {
        await using MiniRedisServer server = await MiniRedisServer.StartAsync();

        Assert.Multiple(() =>
        {
            Assert.That(server.EndPoint.Address, Is.EqualTo(IPAddress.Loopback));
            Assert.That(server.Port, Is.EqualTo(server.EndPoint.Port).And.GreaterThan(0));
            Assert.That(server.ConnectionString, Is.EqualTo($"127.0.0.1:{server.Port},allowAdmin=true"));
        });
    }

    [TestCase(IoBackend.Epoll)]
    [TestCase(IoBackend.Select)]
    public async Task StackExchangeRedis_SetThenGet_ReadsValueBack(IoBackend backend)
    {
        await using MiniRedisServer server = await MiniRedisServer.StartAsync(new MiniRedisServerOptions { IoBackend = backend });
        await using ConnectionMultiplexer redis = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString);
        IDatabase db = redis.GetDatabase();

        await db.StringSetAsync("greeting", "hello");

        Assert.That((string?)await db.StringGetAsync("greeting"), Is.EqualTo("hello"));
    }

    [Test]
    public async Task StartAsync_TwoServers_HaveTheirOwnPortsAndKeyspaces()
    {
        await using MiniRedisServer first = await MiniRedisServer.StartAsync();
        await using MiniRedisServer second = await MiniRedisServer.StartAsync();
        using RawClient a = RawClient.Connect("127.0.0.1", first.Port);
        using RawClient b = RawClient.Connect("127.0.0.1", second.Port);

        a.Execute("SET", "k", "first");

        Assert.Multiple(() =>
        {
            Assert.That(second.Port, Is.Not.EqualTo(first.Port));
            Assert.That(b.Execute("GET", "k"), Is.EqualTo("$-1\r\n"));
            Assert.That(a.Execute("GET", "k"), Is.EqualTo("$5\r\nfirst\r\n"));
        });
    }

    [Test]
    public async Task DisposeAsync_ConnectedClient_ClosesItAndFreesThePort()
    {
        MiniRedisServer server = await MiniRedisServer.StartAsync();
        int port = server.Port;
        using RawClient client = RawClient.Connect("127.0.0.1", port);
        client.Execute("PING");

        await server.DisposeAsync();

        Assert.That(client.WaitForServerClose(), Is.True, "the client's connection is closed");
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        Assert.That(() => probe.Bind(new IPEndPoint(IPAddress.Loopback, port)), Throws.Nothing, "the port is free again");
    }

    [Test]
    public async Task Dispose_Twice_IsHarmless()
    {
        MiniRedisServer server = await MiniRedisServer.StartAsync();

        server.Dispose();

        Assert.That(async () => await server.DisposeAsync(), Throws.Nothing);
    }

    [Test]
    public async Task ControlCall_AfterDispose_ThrowsObjectDisposed()
    {
        MiniRedisServer server = await MiniRedisServer.StartAsync();
        await server.DisposeAsync();

        Assert.That(server.FlushAllAsync, Throws.TypeOf<ObjectDisposedException>());
    }

    [Test]
    public async Task ControlCall_AfterShutdownCommand_ThrowsInvalidOperation()
    {
        await using MiniRedisServer server = await MiniRedisServer.StartAsync();
        using (RawClient client = RawClient.Connect("127.0.0.1", server.Port))
        {
            client.SendCommand("SHUTDOWN", "NOSAVE");
            Assert.That(client.WaitForServerClose(), Is.True);
        }

        Assert.That(server.FlushAllAsync, Throws.InvalidOperationException.With.Message.Contains("SHUTDOWN"));
    }

    [Test]
    public async Task Databases_Two_SelectTwoIsOutOfRange()
    {
        await using MiniRedisServer server = await MiniRedisServer.StartAsync(new MiniRedisServerOptions { Databases = 2 });
        using RawClient client = RawClient.Connect("127.0.0.1", server.Port);

        Assert.That(client.Execute("SELECT", "2"), Is.EqualTo("-ERR DB index is out of range\r\n"));
    }

    [Test]
    public async Task Settings_RedisConfName_IsApplied()
    {
        var options = new MiniRedisServerOptions { Settings = { ["maxclients"] = "7", ["hash-max-listpack-entries"] = "2" } };
        await using MiniRedisServer server = await MiniRedisServer.StartAsync(options);
        using RawClient client = RawClient.Connect("127.0.0.1", server.Port);

        Assert.That(client.Execute("CONFIG", "GET", "maxclients"), Is.EqualTo("*2\r\n$10\r\nmaxclients\r\n$1\r\n7\r\n"));
    }

    [Test]
    public async Task Settings_EnableDebugCommand_AllowsDebug()
    {
        var options = new MiniRedisServerOptions { Settings = { ["enable-debug-command"] = "yes" } };
        await using MiniRedisServer server = await MiniRedisServer.StartAsync(options);
        using RawClient client = RawClient.Connect("127.0.0.1", server.Port);

        Assert.That(client.Execute("DEBUG", "DIGEST"), Is.EqualTo("+0000000000000000000000000000000000000000\r\n"));
    }

    [Test]
    public async Task Settings_Default_RefusesDebug()
    {
        await using MiniRedisServer server = await MiniRedisServer.StartAsync();
        using RawClient client = RawClient.Connect("127.0.0.1", server.Port);

        Assert.That(client.Execute("DEBUG", "DIGEST"), Does.StartWith("-ERR DEBUG command not allowed."));
    }

    [Test]
    public void Settings_UnknownName_ThrowsArgumentException()
    {
        var options = new MiniRedisServerOptions { Settings = { ["no-such-setting"] = "1" } };

        Assert.That(() => MiniRedisServer.StartAsync(options), Throws.ArgumentException.With.Message.Contains("no-such-setting"));
    }

    [Test]
    public void Settings_BadValue_ThrowsArgumentException()
    {
        var options = new MiniRedisServerOptions { Settings = { ["maxclients"] = "many" } };

        Assert.That(() => MiniRedisServer.StartAsync(options), Throws.ArgumentException.With.Message.Contains("maxclients"));
    }

    [Test]
    public async Task Log_ServerWarning_ReachesTheCallback()
    {
        var lines = new List<string>();
        var options = new MiniRedisServerOptions { Log = line => { lock (lines) { lines.Add(line); } } };
        await using MiniRedisServer server = await MiniRedisServer.StartAsync(options);
        using RawClient client = RawClient.Connect("127.0.0.1", server.Port);

        client.SendCommand("POST", "/"); // Redis logs this as a possible cross-protocol attack and drops the client
        Assert.That(client.WaitForServerClose(), Is.True);

        lock (lines)
        {
            Assert.That(lines, Has.Some.Contains("Possible SECURITY ATTACK detected"));
        }
    }

    [Test]
    public async Task FlushAllAsync_KeysInSeveralDatabases_EmptiesThemAll()
    {
        await using MiniRedisServer server = await MiniRedisServer.StartAsync();
        using RawClient client = RawClient.Connect("127.0.0.1", server.Port);
        client.Execute("SET", "a", "1");
        client.Execute("SELECT", "3");
        client.Execute("SET", "b", "2");

        await server.FlushAllAsync();

        Assert.Multiple(() =>
        {
            Assert.That(client.Execute("DBSIZE"), Is.EqualTo(":0\r\n"));
            Assert.That(client.Execute("SELECT", "0"), Is.EqualTo("+OK\r\n"));
            Assert.That(client.Execute("DBSIZE"), Is.EqualTo(":0\r\n"));
        });
    }

    [Test]
    public async Task ResetAsync_AfterATest_EmptiesKeysLogAndFaultsButKeepsConnections()
    {
        await using MiniRedisServer server = await MiniRedisServer.StartAsync();
        using RawClient client = RawClient.Connect("127.0.0.1", server.Port);
        client.Execute("SET", "a", "1");
        await server.Faults.ReplyLoadingAsync(count: 10, "GET");

        await server.ResetAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(await server.GetCommandLogAsync(), Is.Empty);
            Assert.That(client.Execute("GET", "a"), Is.EqualTo("$-1\r\n"));
        });
    }

    [Test]
    public async Task GetClientsAsync_NamedClient_IsListedWithItsDatabase()
    {
        await using MiniRedisServer server = await MiniRedisServer.StartAsync();
        using RawClient client = RawClient.Connect("127.0.0.1", server.Port);
        client.Execute("CLIENT", "SETNAME", "worker");
        client.Execute("SELECT", "5");

        IReadOnlyList<MiniRedisClient> clients = await server.GetClientsAsync();

        Assert.That(clients.Count(c => c.Name == "worker" && c.Database == 5 && c.LastCommand == "select"), Is.EqualTo(1));
    }
}
