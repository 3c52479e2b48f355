using Reactor.MiniRedis.Engine.Embedding;
using Reactor.MiniRedis.Integration.Tests.Support;

namespace Reactor.MiniRedis.Package.Tests.Support;

/// <summary>A fresh embedded server with default options per test, and a raw client connected to it.</summary>
public abstract class ServerTestBase
{
    protected MiniRedisServer Server { get; private set; } = null!;

    protected RawClient Client { get; private set; } = null!;

    [SetUp]
    public async Task StartServer()
    {
        Server = await MiniRedisServer.StartAsync();
        Client = RawClient.Connect("127.0.0.1", Server.Port);
    }

    [TearDown]
    public async Task StopServer()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
