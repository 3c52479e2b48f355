using System.Net;
using System.Net.Sockets;

namespace Reactor.MiniRedis.Engine.Networking;

/// <summary>
/// A non-blocking TCP socket. Only the synchronous Socket calls are used, so the runtime never registers the
/// socket with its own async engine: our poller is the only one watching it.
/// </summary>
public sealed class SocketTransport : ITransport
{
    private readonly Socket _socket;

    /// <summary>Wraps an accepted socket and makes it non-blocking with TCP_NODELAY, as anetNonBlock/anetEnableTcpNoDelay do.</summary>
    public SocketTransport(Socket socket)
    {
        _socket = socket;
        _socket.Blocking = false;
        _socket.NoDelay = true;
        RemoteAddress = Format(socket.RemoteEndPoint);
        LocalAddress = Format(socket.LocalEndPoint);
    }

    /// <summary>The socket, for registration with the poller.</summary>
    public Socket Socket => _socket;

    /// <inheritdoc />
    public string RemoteAddress { get; }

    /// <inheritdoc />
    public string LocalAddress { get; }

    /// <inheritdoc />
    public int Receive(Span<byte> buffer)
    {
        int n = _socket.Receive(buffer, SocketFlags.None, out SocketError error);
        return error switch
        {
            SocketError.Success => n,
            SocketError.WouldBlock or SocketError.Interrupted => -1,
            _ => throw new SocketException((int)error),
        };
    }

    /// <inheritdoc />
    public int Send(ReadOnlySpan<byte> data)
    {
        int n = _socket.Send(data, SocketFlags.None, out SocketError error);
        return Sent(n, error);
    }

    /// <inheritdoc />
    public int Writev(IList<ArraySegment<byte>> segments)
    {
        int n = _socket.Send(segments, SocketFlags.None, out SocketError error);
        return Sent(n, error);
    }

    /// <inheritdoc />
    public void Close() => _socket.Dispose();

    // What a send reports: the bytes taken, 0 when the socket is full (would block), or the failure thrown.
    private static int Sent(int n, SocketError error) => error switch
    {
        SocketError.Success => n,
        SocketError.WouldBlock or SocketError.Interrupted => 0,
        _ => throw new SocketException((int)error),
    };

    private static string Format(EndPoint? endPoint) => endPoint is IPEndPoint ip
        ? $"{(ip.Address.IsIPv4MappedToIPv6 ? ip.Address.MapToIPv4() : ip.Address)}:{ip.Port}"
        : endPoint?.ToString() ?? "?";
}
