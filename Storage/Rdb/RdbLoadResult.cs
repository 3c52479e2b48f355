namespace Reactor.MiniRedis.Storage.Rdb;

/// <summary>What loading an RDB file found (rdb_last_load_keys_loaded and rdb_last_load_keys_expired in INFO).</summary>
public sealed record RdbLoadResult(int Version, long KeysLoaded, long KeysExpired, long EmptyKeysSkipped);
