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

    // Bits 24 and up: client management and tracking (CLIENT NO-EVICT, REPLY, TRACKING).

    /// <summary>CLIENT NO-EVICT on: never evicted by maxmemory-clients (CLIENT LIST flag 'e').</summary>
    NoEvict = 1 << 24,

    /// <summary>CLIENT REPLY OFF: no replies until CLIENT REPLY ON (pushes still go out).</summary>
    ReplyOff = 1 << 25,

    /// <summary>CLIENT REPLY SKIP was just run: the next command's reply is dropped.</summary>
    ReplySkipNext = 1 << 26,

    /// <summary>The reply of the command being run is dropped (the one after CLIENT REPLY SKIP).</summary>
    ReplySkip = 1 << 27,

    /// <summary>CLIENT TRACKING on (CLIENT LIST flag 't'); the options are in <see cref="Connection.Tracking"/>.</summary>
    Tracking = 1 << 28,

    /// <summary>Subscribed to at least one channel, pattern or shard channel (CLIENT_PUBSUB; CLIENT LIST flag P).</summary>
    PubSub = 1 << 18,

    /// <summary>In MONITOR mode, fed every command (CLIENT_MONITOR; CLIENT LIST flag O).</summary>
    Monitor = 1 << 19,
}
