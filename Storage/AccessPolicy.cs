namespace Reactor.MiniRedis.Storage;

/// <summary>
/// What a value's access clock (<see cref="RedisObject.Lru"/>) records: the last access time (LRU, the default) or,
/// under an LFU maxmemory-policy, a logarithmic access counter with the minute it was last decremented, as robj.lru
/// does in redis/redis src/server.h. One instance per server, owned by its config (maxmemory-policy,
/// lfu-log-factor, lfu-decay-time) and read by every database at each access, so a CONFIG SET applies at once.
/// </summary>
public sealed class AccessPolicy
{
    /// <summary>True under allkeys-lfu or volatile-lfu (MAXMEMORY_FLAG_LFU).</summary>
    public bool Lfu { get; set; }

    /// <summary>lfu-log-factor: how slowly the counter grows (LFULogIncr).</summary>
    public long LfuLogFactor { get; set; } = 10;

    /// <summary>lfu-decay-time: minutes per one-step decay of the counter (LFUDecrAndReturn); 0 never decays.</summary>
    public long LfuDecayTime { get; set; } = 1;
}
