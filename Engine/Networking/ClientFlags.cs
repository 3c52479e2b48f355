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

    /// <summary>
    /// Inside MULTI: commands are queued until EXEC or DISCARD (CLIENT_MULTI; CLIENT LIST flag 'x'). Set until EXEC
    /// has run every queued command, so a blocking command there answers as if its timeout had expired.
    /// </summary>
    Multi = 1 << 4,

    /// <summary>A watched key was touched: the next EXEC replies a null array (CLIENT_DIRTY_CAS; flag 'd').</summary>
    DirtyCas = 1 << 5,

    /// <summary>A command was rejected while queueing: the next EXEC replies EXECABORT (CLIENT_DIRTY_EXEC).</summary>
    DirtyExec = 1 << 6,

    /// <summary>
    /// The client cannot block (CLIENT_DENY_BLOCKING): set while EXEC runs the queued commands, so a blocking
    /// command there answers as if its timeout had passed instead of blocking.
    /// </summary>
    DenyBlocking = 1 << 7,

    /// <summary>
    /// The request at the head of the query buffer is held back by CLIENT PAUSE (blockPostponeClient, BLOCKED_POSTPONE;
    /// CLIENT LIST flag 'b'): it runs, unconsumed until then, when the pause ends.
    /// </summary>
    Postponed = 1 << 8,

    /// <summary>
    /// Blocked in BLPOP and friends (CLIENT_BLOCKED): what arrives accumulates in the query buffer and is processed
    /// once the client is unblocked.
    /// </summary>
    Blocked = 1 << 16,

    /// <summary>Just unblocked and queued to have its pending input processed before the loop sleeps (CLIENT_UNBLOCKED).</summary>
    Unblocked = 1 << 17,

    /// <summary>Subscribed to at least one channel, pattern or shard channel (CLIENT_PUBSUB; CLIENT LIST flag P).</summary>
    PubSub = 1 << 18,

    /// <summary>In MONITOR mode, fed every command (CLIENT_MONITOR; CLIENT LIST flag O).</summary>
    Monitor = 1 << 19,

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
}
