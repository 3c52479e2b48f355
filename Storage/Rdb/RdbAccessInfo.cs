namespace Reactor.MiniRedis.Storage.Rdb;

/// <summary>
/// Which access information an RDB save stores with each key (rdbSaveKeyValuePair): the LRU idle time under an
/// LRU maxmemory-policy, the LFU counter under an LFU one, nothing otherwise.
/// </summary>
public enum RdbAccessInfo
{
    None,
    IdleTime,
    Frequency,
}
