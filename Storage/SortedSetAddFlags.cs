namespace Reactor.MiniRedis.Storage;

/// <summary>The ZADD_IN_* flags of zsetAdd in redis/redis src/t_zset.c: how ZADD (and ZINCRBY) treat each element.</summary>
[Flags]
public enum SortedSetAddFlags : byte
{
    None = 0,

    /// <summary>INCR: add the score to the current one (ZINCRBY).</summary>
    Increment = 1 << 0,

    /// <summary>NX: only add new elements, never update.</summary>
    OnlyNew = 1 << 1,

    /// <summary>XX: only update existing elements, never add.</summary>
    OnlyExisting = 1 << 2,

    /// <summary>GT: update only when the new score is greater than the current one.</summary>
    GreaterThan = 1 << 3,

    /// <summary>LT: update only when the new score is less than the current one.</summary>
    LessThan = 1 << 4,
}
