namespace Reactor.MiniRedis.Protocol;

/// <summary>
/// Bounds on what a client may send, named after the redis.conf settings they mirror.
/// Going past any of them is a protocol error (or, for the query buffer, a disconnect).
/// </summary>
public sealed class RespLimits
{
    /// <summary>PROTO_INLINE_MAX_SIZE in redis/redis src/server.h: the longest inline request or header line.</summary>
    public const int DefaultMaxInlineLength = 64 * 1024;

    /// <summary>Redis's default <c>proto-max-bulk-len</c> (512 MB).</summary>
    public const long DefaultMaxBulkLength = 512L * 1024 * 1024;

    /// <summary>Redis's default <c>client-query-buffer-limit</c> (1 GB).</summary>
    public const long DefaultQueryBufferLimit = 1024L * 1024 * 1024;

    /// <summary>The longest inline request, and the longest <c>*</c> or <c>$</c> header line.</summary>
    public int MaxInlineLength { get; set; } = DefaultMaxInlineLength;

    /// <summary><c>proto-max-bulk-len</c>: the largest bulk string a client may send.</summary>
    public long MaxBulkLength { get; set; } = DefaultMaxBulkLength;

    /// <summary>The largest <c>*N</c> count accepted. Redis accepts up to INT_MAX; the query buffer limit bounds the rest.</summary>
    public int MaxMultibulkLength { get; set; } = int.MaxValue;

    /// <summary><c>client-query-buffer-limit</c>: unconsumed bytes a client may accumulate before it is disconnected.</summary>
    public long QueryBufferLimit { get; set; } = DefaultQueryBufferLimit;
}
