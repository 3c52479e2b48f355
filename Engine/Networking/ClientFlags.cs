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
    /// In a MULTI transaction (CLIENT_MULTI), set until its EXEC has run every queued command. A blocking command
    /// never blocks then: it behaves as if its timeout had expired (CLIENT_DENY_BLOCKING).
    /// </summary>
    Multi = 1 << 4,

    /// <summary>
    /// Blocked in BLPOP and friends (CLIENT_BLOCKED): what arrives accumulates in the query buffer and is processed
    /// once the client is unblocked.
    /// </summary>
    Blocked = 1 << 16,

    /// <summary>Just unblocked and queued to have its pending input processed before the loop sleeps (CLIENT_UNBLOCKED).</summary>
    Unblocked = 1 << 17,
}
