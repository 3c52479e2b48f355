namespace Reactor.MiniRedis.Storage;

/// <summary>What zsetAdd did with one element: its ZADD_OUT_* flags in redis/redis src/t_zset.c.</summary>
public enum SortedSetAddResult : byte
{
    /// <summary>ZADD_OUT_ADDED: a new element.</summary>
    Added,

    /// <summary>ZADD_OUT_UPDATED: an existing element got a different score.</summary>
    Updated,

    /// <summary>Processed, but the score was already the one asked for (neither added nor updated, not a no-op).</summary>
    Unchanged,

    /// <summary>ZADD_OUT_NOP: NX, XX, GT or LT stopped the change.</summary>
    Skipped,

    /// <summary>ZADD_OUT_NAN: the score (or the incremented score) is not a number; nothing changed.</summary>
    NotANumber,
}
