namespace Reactor.MiniRedis.Storage;

/// <summary>
/// maxmemory-policy: which keys performEvictions may remove, and by what measure (the MAXMEMORY_* values of
/// redis/redis src/server.h). The volatile policies only consider keys with a time to live.
/// </summary>
public enum EvictionPolicy
{
    /// <summary>noeviction: nothing is evicted; commands that may add memory are refused with -OOM.</summary>
    NoEviction,

    /// <summary>volatile-lru: the least recently used key with a time to live.</summary>
    VolatileLru,

    /// <summary>volatile-lfu: the least frequently used key with a time to live.</summary>
    VolatileLfu,

    /// <summary>volatile-random: a random key with a time to live.</summary>
    VolatileRandom,

    /// <summary>volatile-ttl: the key with the nearest expire time.</summary>
    VolatileTtl,

    /// <summary>allkeys-lru: the least recently used key.</summary>
    AllKeysLru,

    /// <summary>allkeys-lfu: the least frequently used key.</summary>
    AllKeysLfu,

    /// <summary>allkeys-random: a random key.</summary>
    AllKeysRandom,
}
