namespace Reactor.MiniRedis.Storage.Rdb;

/// <summary>
/// One key as a save writes it (the arguments of rdbSaveKeyValuePair): the key (a copy the writer owns, see
/// <see cref="RdbKeyArena"/>), a value only the writer reads, the expire time in Unix milliseconds (-1 for none) and
/// the access information (-1 when not saved).
/// </summary>
public readonly record struct RdbEntry(ReadOnlyMemory<byte> Key, RedisObject Value, long ExpireTime, long Access);
