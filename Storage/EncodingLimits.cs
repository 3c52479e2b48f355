namespace Reactor.MiniRedis.Storage;

/// <summary>
/// The thresholds that decide when a small collection leaves its compact encoding (redis.conf's
/// <c>hash-max-listpack-*</c>, <c>set-max-intset-entries</c>, <c>zset-max-listpack-*</c>, <c>list-max-listpack-size</c>).
/// One instance per server, owned by its config and shared by every collection, read at each write as Redis reads
/// <c>server.*</c>: a CONFIG SET applies to the next write, and conversion is one-way, as in Redis.
/// </summary>
public sealed class EncodingLimits
{
    public const int DefaultHashMaxListpackEntries = 512; // config.c's built-in default (redis.conf ships 128)
    public const int DefaultHashMaxListpackValue = 64;
    public const int DefaultSetMaxIntsetEntries = 512;
    public const int DefaultZsetMaxListpackEntries = 128;
    public const int DefaultZsetMaxListpackValue = 64;
    public const int DefaultListMaxListpackSize = -2;

    /// <summary>hash-max-listpack-entries (alias hash-max-ziplist-entries).</summary>
    public long HashMaxListpackEntries { get; set; } = DefaultHashMaxListpackEntries;

    /// <summary>hash-max-listpack-value (alias hash-max-ziplist-value).</summary>
    public long HashMaxListpackValue { get; set; } = DefaultHashMaxListpackValue;

    /// <summary>set-max-intset-entries.</summary>
    public long SetMaxIntsetEntries { get; set; } = DefaultSetMaxIntsetEntries;

    /// <summary>zset-max-listpack-entries (alias zset-max-ziplist-entries).</summary>
    public long ZsetMaxListpackEntries { get; set; } = DefaultZsetMaxListpackEntries;

    /// <summary>zset-max-listpack-value (alias zset-max-ziplist-value).</summary>
    public long ZsetMaxListpackValue { get; set; } = DefaultZsetMaxListpackValue;

    /// <summary>list-max-listpack-size: the size of each quicklist node (Redis 7.0 always reports lists as quicklist).</summary>
    public long ListMaxListpackSize { get; set; } = DefaultListMaxListpackSize;

    /// <summary>list-compress-depth.</summary>
    public long ListCompressDepth { get; set; }
}
