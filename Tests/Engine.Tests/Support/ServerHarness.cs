using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using Reactor.MiniRedis.Engine.Networking;
using Reactor.MiniRedis.Engine.Reactor;
using Reactor.MiniRedis.Engine.Server;

namespace Reactor.MiniRedis.Engine.Tests.Support;

/// <summary>
/// A server with no sockets: a substituted poller, a fake clock, and clients over <see cref="FakeTransport"/>.
/// Commands run through the real decoder, dispatcher and reply writer.
/// </summary>
internal sealed class ServerHarness : IDisposable
{
    public ServerHarness(Action<ServerConfig>? configure = null)
    {
        var config = new ServerConfig();
        config.SetSave(""); // no snapshots unless a test asks: the fake clock must not trigger BGSAVE into the working directory
        configure?.Invoke(config);
        Poller = Substitute.For<IPoller>();
        Poller.Name.Returns("fake");
        Server = new RedisServer(config, Time, Poller);
        Server.Log.WriteToConsole = false;
    }

    /// <summary>Starts at a fixed, realistic Unix time so expiry arithmetic looks like production.</summary>
    public FakeTimeProvider Time { get; } = new(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));

    public IPoller Poller { get; }

    public RedisServer Server { get; }

    public TestClient Connect() => new(Server);

    public void Dispose() => Server.Dispose();
}

/// <summary>One in-memory client: feeds request bytes through OnReadable and collects what would be sent.</summary>
internal sealed class TestClient
{
    public TestClient(RedisServer server)
    {
        Transport = new FakeTransport();
        Connection = server.AddClient(Transport);
    }

    public FakeTransport Transport { get; }

    public Connection Connection { get; }

    /// <summary>Feeds <paramref name="chunks"/> as separate reads and returns the reply bytes written.</summary>
    public byte[] SendRaw(params byte[][] chunks)
    {
        foreach (byte[] chunk in chunks)
        {
            Transport.Enqueue(chunk);
        }
        while (Transport.HasIncoming && !Connection.IsClosed)
        {
            Connection.OnReadable();
        }
        // Drain like successive write events would (each write event sends at most 64 KB).
        while (!Connection.IsClosed && !Connection.Reply.Buffer.IsEmpty && !Transport.SendBlocked)
        {
            Connection.WriteToClient();
        }
        if (!Connection.IsClosed && Connection.Reply.Buffer.IsEmpty)
        {
            Connection.WriteToClient(); // completes close-after-reply
        }
        return Transport.TakeSent();
    }

    /// <summary>Sends one command and returns the raw reply text, e.g. <c>"+OK\r\n"</c>.</summary>
    public string Execute(params string[] args) => Resp.Text(SendRaw(Resp.Command(args)));
}
