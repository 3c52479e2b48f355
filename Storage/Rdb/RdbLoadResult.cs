namespace Reactor.MiniRedis.Storage.Rdb;

/// <summary>
/// What loading an RDB file found (rdb_last_load_keys_loaded and rdb_last_load_keys_expired in INFO), and how many
/// bytes of the stream the file took, so that a reader can go on after it (an AOF's RDB preamble has commands after it).
/// </summary>
public sealed record RdbLoadResult(int Version, long KeysLoaded, long KeysExpired, long EmptyKeysSkipped, long BytesRead = 0);
