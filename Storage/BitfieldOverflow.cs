namespace Reactor.MiniRedis.Storage;

/// <summary>
/// What BITFIELD's SET and INCRBY do when a value does not fit its field (BFOVERFLOW_* in redis/redis src/bitops.c).
/// </summary>
public enum BitfieldOverflow
{
    /// <summary>Wrap around: unsigned fields modulo 2^bits, signed fields through two's complement (the default).</summary>
    Wrap,

    /// <summary>Saturate: clamp to the field's minimum or maximum.</summary>
    Sat,

    /// <summary>Fail: leave the field unchanged and reply nil for that operation.</summary>
    Fail,
}
