namespace Reactor.MiniRedis.Engine.Networking;

/// <summary>Per-client state bits (CLIENT_* in redis/redis src/server.h).</summary>
[Flags]
public enum ClientFlags
{
    None = 0,

    /// <summary>Close once the pending replies are written (QUIT, protocol errors).</summary>
    CloseAfterReply = 1 << 0,

    /// <summary>Close at the next before-sleep, without waiting for replies (CLIENT KILL, limits).</summary>
    CloseAsap = 1 << 1,

    /// <summary>In the server's list of clients with replies to flush before the loop sleeps.</summary>
    PendingWrite = 1 << 2,

    /// <summary>Closed; the object is only waiting to be dropped.</summary>
    Closed = 1 << 3,

    /// <summary>Subscribed to at least one channel, pattern or shard channel (CLIENT_PUBSUB; CLIENT LIST flag P).</summary>
    PubSub = 1 << 18,

    /// <summary>In MONITOR mode, fed every command (CLIENT_MONITOR; CLIENT LIST flag O).</summary>
    Monitor = 1 << 19,
}
