namespace Reactor.MiniRedis.Engine.Server;

/// <summary>What performEvictions achieved (EVICT_OK, EVICT_RUNNING, EVICT_FAIL in redis/redis src/server.h).</summary>
public enum EvictionResult
{
    /// <summary>Used memory is within maxmemory (or there is no limit, or evicting is not safe right now).</summary>
    Ok,

    /// <summary>Over the limit, but the time budget ran out: the eviction timer goes on between commands.</summary>
    Running,

    /// <summary>Over the limit and nothing (more) can be evicted: deny-oom commands are refused.</summary>
    Fail,
}
