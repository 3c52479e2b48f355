using System.Net;
using System.Net.Sockets;
using Reactor.MiniRedis.Engine.Reactor;

namespace Reactor.MiniRedis.Engine.Embedding;

/// <summary>
/// Cuts the event loop's poll short from another thread, the way Redis modules wake the loop through
/// server.module_pipe (moduleBlockedClientPipeReadable in redis/redis src/module.c). It is a UDP socket bound to
/// 127.0.0.1 and connected to itself: a one-byte datagram it sends to itself makes it readable. Being connected to
/// its own address, it accepts datagrams from no other socket, so nothing on the network can reach it.
/// </summary>
internal sealed class WakeUpSocket : IFileEventHandler, IDisposable
{
    private static readonly byte[] s_signal = [1];

    private readonly byte[] _drain = new byte[64];
    private int _signaled;

    public WakeUpSocket()
    {
        Socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            Socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            Socket.Connect(Socket.LocalEndPoint!);
            Socket.Blocking = false;
        }
        catch
        {
            Socket.Dispose();
            throw;
        }
    }

    /// <summary>The socket the loop watches for readability.</summary>
    public Socket Socket { get; }

    /// <summary>
    /// Any thread: makes the loop's current or next poll return at once. Only the first call between two drains
    /// sends a datagram; later ones find the signal already pending.
    /// </summary>
    public void Wake()
    {
        if (Interlocked.Exchange(ref _signaled, 1) != 0)
        {
            return;
        }
        try
        {
            Socket.Send(s_signal, SocketFlags.None, out _);
        }
        catch (ObjectDisposedException)
        {
            // The server stopped in between: there is no loop left to wake.
        }
    }

    /// <summary>
    /// Loop thread: clears the signal, then drains the datagrams. Work posted before a Wake is already queued, and
    /// the loop runs its queue at the top of the next iteration.
    /// </summary>
    public void OnReadable()
    {
        Volatile.Write(ref _signaled, 0);
        while (Socket.Receive(_drain, 0, _drain.Length, SocketFlags.None, out SocketError error) > 0 && error == SocketError.Success)
        {
        }
    }

    /// <inheritdoc />
    public void OnWritable()
    {
    }

    /// <inheritdoc />
    public void Dispose() => Socket.Dispose();
}
