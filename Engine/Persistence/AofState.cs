namespace Reactor.MiniRedis.Engine.Persistence;

/// <summary>server.aof_state (AOF_OFF, AOF_ON, AOF_WAIT_REWRITE in redis/redis src/server.h).</summary>
public enum AofState
{
    /// <summary>appendonly no: nothing is written.</summary>
    Off,

    /// <summary>appendonly yes: every propagated command is appended to the current incremental file.</summary>
    On,

    /// <summary>
    /// Turned on at runtime (CONFIG SET appendonly yes): the rewrite that creates the first base is running or
    /// scheduled; commands go to a temporary incremental file that becomes part of the AOF when the rewrite ends.
    /// </summary>
    WaitRewrite,
}
