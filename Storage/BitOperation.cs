namespace Reactor.MiniRedis.Storage;

/// <summary>The operations of BITOP (BITOP_AND ... BITOP_NOT in redis/redis src/bitops.c).</summary>
public enum BitOperation
{
    And,
    Or,
    Xor,
    Not,
}
