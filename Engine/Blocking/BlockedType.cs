namespace Reactor.MiniRedis.Engine.Blocking;

/// <summary>What a blocked client waits for: the BLOCKED_* types of redis/redis src/server.h.</summary>
public enum BlockedType
{
    /// <summary>BLOCKED_LIST: BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP wait for a list.</summary>
    List,

    /// <summary>BLOCKED_ZSET: BZPOPMIN, BZPOPMAX, BZMPOP wait for a sorted set.</summary>
    SortedSet,

    /// <summary>BLOCKED_WAIT: WAIT for replica acknowledgements, on no key; with no replicas only the timeout ends it.</summary>
    Wait,
}
