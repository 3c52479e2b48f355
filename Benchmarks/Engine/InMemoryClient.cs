using System.Text;
using Reactor.MiniRedis.Engine.Networking;
using Reactor.MiniRedis.Engine.Server;

namespace Reactor.MiniRedis.Benchmarks.Engine;

/// <summary>
/// One client of a private server, driven without sockets or an event loop: a batch is delivered to an
/// <see cref="InMemoryTransport"/>, read into the connection's query buffer, decoded, dispatched through the command
/// table, answered into the reply buffer and written back, with the calls the event loop makes
/// (Connection.OnReadable, then WriteToClient). Owns the server, the transport and the connection.
/// </summary>
internal sealed class InMemoryClient : IDisposable
{
    private readonly InMemoryTransport _transport = new();
    private readonly Connection _connection;

    /// <summary>Starts a server with the default config and console logging off, and connects to it.</summary>
    public InMemoryClient()
    {
        Server = new RedisServer(new ServerConfig());
        Server.Log.WriteToConsole = false;
        _connection = Server.AddClient(_transport);
    }

    /// <summary>The server (for setups that build data straight into the keyspace).</summary>
    public RedisServer Server { get; }

    /// <summary>
    /// Feeds <paramref name="batch"/> as the event loop would: reads until it is consumed, then writes until the reply
    /// buffer is drained (a write event sends at most 64 KB). Allocates nothing itself; this is the measured path.
    /// </summary>
    public void Run(byte[] batch)
    {
        _transport.Deliver(batch);
        while (_transport.HasIncoming)
        {
            _connection.OnReadable();
        }
        while (!_connection.Reply.Buffer.IsEmpty)
        {
            _connection.WriteToClient();
        }
    }

    /// <summary>Runs each batch in turn, as <see cref="Run(byte[])"/> does. Allocates nothing itself.</summary>
    public void Run(byte[][] batches)
    {
        foreach (byte[] batch in batches)
        {
            Run(batch);
        }
    }

    /// <summary>Runs <paramref name="batch"/> and returns everything written back (setup checks only: it allocates).</summary>
    public string Capture(byte[] batch)
    {
        _transport.Capture = new MemoryStream();
        Run(batch);
        string reply = Encoding.ASCII.GetString(_transport.Capture.ToArray());
        _transport.Capture = null;
        return reply;
    }

    /// <summary>Runs <paramref name="batch"/> and throws unless the replies are exactly <paramref name="expected"/>.</summary>
    public void Expect(byte[] batch, string expected)
    {
        string actual = Capture(batch);
        if (actual != expected)
        {
            throw new InvalidOperationException($"Unexpected reply: {actual[..Math.Min(actual.Length, 200)]}");
        }
    }

    public void Dispose() => Server.Dispose();
}
