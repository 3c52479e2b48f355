using System.Net.Sockets;

namespace Reactor.MiniRedis.Engine.Networking;

/// <summary>
/// tcp-keepalive on accepted sockets: anetKeepAlive in redis/redis src/anet.c. The kernel's defaults (first probe
/// after two hours) are useless for noticing dead peers, so like Redis the first probe goes after the configured
/// interval, the next ones every interval/3 seconds, and the connection is dropped after three unanswered probes.
/// </summary>
internal static class TcpKeepAlive
{
    /// <summary>Unanswered probes after which the kernel gives the connection up (TCP_KEEPCNT).</summary>
    public const int ProbeCount = 3;

    /// <summary>Turns on SO_KEEPALIVE with TCP_KEEPIDLE <paramref name="interval"/>, TCP_KEEPINTVL interval/3 (at least 1) and TCP_KEEPCNT 3.</summary>
    public static void Enable(Socket socket, int interval)
    {
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
        try
        {
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, interval);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, Math.Max(1, interval / 3));
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, ProbeCount);
        }
        catch (Exception e) when (e is SocketException or PlatformNotSupportedException)
        {
            // Like anetKeepAlive off Linux: keepalive is on with the system's timings.
        }
    }
}
