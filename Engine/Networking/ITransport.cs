namespace Reactor.MiniRedis.Engine.Networking;

/// <summary>
/// The byte pipe under a connection: a non-blocking socket in production, a substitute in tests that returns
/// chosen chunks, partial writes and would-block.
/// </summary>
public interface ITransport
{
    /// <summary>Reads into <paramref name="buffer"/>: bytes read, 0 at end of stream, -1 when nothing is available yet.</summary>
    /// <exception cref="System.Net.Sockets.SocketException">The connection failed.</exception>
    int Receive(Span<byte> buffer);

    /// <summary>Writes from <paramref name="data"/>: bytes accepted (possibly fewer than offered), 0 when the socket is full.</summary>
    /// <exception cref="System.Net.Sockets.SocketException">The connection failed.</exception>
    int Send(ReadOnlySpan<byte> data);

    /// <summary>
    /// Writes from <paramref name="segments"/> in order, in one system call where the transport can (writev):
    /// bytes accepted (possibly fewer than offered), 0 when the socket is full. By default, the first segment alone.
    /// </summary>
    /// <exception cref="System.Net.Sockets.SocketException">The connection failed.</exception>
    int Writev(IList<ArraySegment<byte>> segments) => Send(segments[0]);

    /// <summary>The peer's address, <c>ip:port</c> (CLIENT LIST addr).</summary>
    string RemoteAddress { get; }

    /// <summary>The local address, <c>ip:port</c> (CLIENT LIST laddr).</summary>
    string LocalAddress { get; }

    /// <summary>Closes the connection.</summary>
    void Close();
}
