using System.Net;
using Reactor.MiniRedis.Engine.Networking;
using Reactor.MiniRedis.Engine.Server;
using Reactor.MiniRedis.Protocol;

namespace Reactor.MiniRedis.Engine.Security;

/// <summary>
/// Protected mode (<c>protected-mode yes</c>, the default): while the default user has no password, only loopback
/// clients are served. Others get one explanatory <c>-DENIED</c> line and are disconnected (clientAcceptHandler
/// in redis/redis src/networking.c). As in Redis 7.0 the <c>bind</c> setting plays no part; <c>bind 127.0.0.1</c>
/// (the default) keeps other hosts from connecting at all.
/// </summary>
internal static class ProtectedMode
{
    /// <summary>
    /// islocalClient: whether the peer is the loopback interface, exactly 127.0.0.1 or ::1 as Redis compares them
    /// (an IPv4 address seen on a dual-stack socket counts as itself). An unknown peer is not local.
    /// </summary>
    public static bool IsLocal(EndPoint? peer)
    {
        if (peer is not IPEndPoint { Address: var address })
        {
            return false;
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        return address.Equals(IPAddress.Loopback) || address.Equals(IPAddress.IPv6Loopback);
    }

    /// <summary>Whether a client from <paramref name="peer"/> must be refused under <paramref name="config"/>.</summary>
    public static bool Denies(ServerConfig config, EndPoint? peer) =>
        config.ProtectedMode && (config.Acl.DefaultUser.Flags & AclUserFlags.NoPass) != 0 && !IsLocal(peer);

    /// <summary>
    /// Called for each accepted connection: when protected mode refuses <paramref name="peer"/>, writes the DENIED
    /// line straight to <paramref name="transport"/>, closes it and counts a received and a rejected connection
    /// (no client is created). Returns whether the connection was refused.
    /// </summary>
    public static bool Refuses(RedisServer server, ITransport transport, EndPoint? peer)
    {
        if (!Denies(server.Config, peer))
        {
            return false;
        }
        server.Log.Verbose($"Refused a client from {peer} in protected mode");
        transport.Send(ErrorText.ProtectedModeDenied);
        transport.Close();
        server.Stats.TotalConnectionsReceived++;
        server.Stats.RejectedConnections++;
        return true;
    }
}
