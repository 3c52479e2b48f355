namespace Reactor.MiniRedis.Storage.Rdb;

/// <summary>
/// One key as a save writes it (the arguments of rdbSaveKeyValuePair): the key (a copy the writer owns, see
/// <see cref="RdbKeyArena"/>), a value only the writer reads, the expire time in Unix milliseconds (-1 for none) and
/// the access information (-1 when not saved). A bare string (<see cref="StoredValue"/>) has
/// no object: <see cref="Value"/> is null and the string is <see cref="BareString"/>, copied beside the key, so
/// capturing a million such keys makes no object per key.
/// </summary>
public readonly record struct RdbEntry(ReadOnlyMemory<byte> Key, RedisObject? Value, long ExpireTime, long Access, ReadOnlyMemory<byte> BareString = default);
