using System.Net;
using System.Net.Sockets;
using Reactor.MiniRedis.Engine.Reactor;
using Reactor.MiniRedis.Engine.Server;

namespace Reactor.MiniRedis.Engine.Networking;

/// <summary>
/// A listening socket on the loop: acceptTcpHandler in redis/redis src/networking.c. Accepts until the backlog is
/// empty (at most MAX_ACCEPTS_PER_CALL per event) and hands each socket to the server.
/// </summary>
public sealed class Acceptor : IFileEventHandler, IDisposable
{
    /// <summary>MAX_ACCEPTS_PER_CALL in redis/redis src/networking.c.</summary>
    private const int MaxAcceptsPerCall = 1000;

    private readonly RedisServer _server;

    /// <summary>Binds <paramref name="endPoint"/> and listens with <paramref name="backlog"/> (tcp-backlog).</summary>
    public Acceptor(RedisServer server, IPEndPoint endPoint, int backlog)
    {
        _server = server;
        Socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (endPoint.AddressFamily == AddressFamily.InterNetworkV6)
            {
                Socket.DualMode = false; // like Redis: an IPv6 bind does not also take IPv4
            }
            Socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            Socket.Bind(endPoint);
            Socket.Listen(backlog);
            Socket.Blocking = false;
        }
        catch
        {
            Socket.Dispose();
            throw;
        }
    }

    /// <summary>The poller token of the listening socket.</summary>
    internal int Token { get; set; } = -1;

    /// <summary>The listening socket.</summary>
    public Socket Socket { get; }

    /// <summary>The bound address and port (the real port when 0 was asked for).</summary>
    public IPEndPoint EndPoint => (IPEndPoint)Socket.LocalEndPoint!;

    /// <inheritdoc />
    public void OnReadable()
    {
        for (int i = 0; i < MaxAcceptsPerCall; i++)
        {
            Socket accepted;
            try
            {
                accepted = Socket.Accept();
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.WouldBlock or SocketError.Interrupted)
            {
                return;
            }
            catch (SocketException e)
            {
                // EMFILE and friends: log and try again on the next event rather than spin.
                _server.Log.Warning($"Accepting client connection: {e.Message}");
                return;
            }
            _server.AcceptClient(accepted);
        }
    }

    /// <inheritdoc />
    public void OnWritable()
    {
    }

    /// <inheritdoc />
    public void Dispose() => Socket.Dispose();
}
