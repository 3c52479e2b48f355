using Reactor.MiniRedis.Protocol;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Engine.Commands;

/// <summary>
/// The argument checks LMPOP, BLMPOP, ZMPOP and BZMPOP share (lmpopGenericCommand and zmpopGenericCommand in
/// redis/redis src/t_list.c and src/t_zset.c), in Redis's order: numkeys, then the end to pop from (parsed by each
/// family between the two calls), then the optional COUNT.
/// </summary>
internal static class MPopArguments
{
    /// <summary>
    /// numkeys at <paramref name="numKeysIndex"/>: 1 or more (anything else, a non-number too, is <c>ERR numkeys
    /// should be greater than 0</c>), and the keys must leave room for the end that follows them (else a syntax
    /// error). False, having replied, on an error.
    /// </summary>
    public static bool TryParseNumKeys(CommandContext ctx, int numKeysIndex, out int keyCount)
    {
        keyCount = 0;
        if (!NumericText.TryParseInt64(ctx.Arg(numKeysIndex), out long numKeys) || numKeys < 1)
        {
            ctx.Error(ErrorText.NumKeysNotPositive);
            return false;
        }
        if (numKeys >= ctx.ArgCount - numKeysIndex - 1)
        {
            ctx.SyntaxError();
            return false;
        }
        keyCount = (int)numKeys;
        return true;
    }

    /// <summary>
    /// The options from <paramref name="index"/> on: COUNT once, 1 or more (<c>ERR count should be greater than 0</c>,
    /// for a non-number too), 1 when absent; anything else is a syntax error. False, having replied, on an error.
    /// </summary>
    public static bool TryParseCount(CommandContext ctx, int index, out long count)
    {
        count = -1;
        for (int i = index; i < ctx.ArgCount; i++)
        {
            if (count == -1 && i + 1 < ctx.ArgCount && ctx.ArgIs(i, "count"u8))
            {
                if (!NumericText.TryParseInt64(ctx.Arg(++i), out count) || count < 1)
                {
                    ctx.Error(ErrorText.CountNotPositive);
                    return false;
                }
            }
            else
            {
                ctx.SyntaxError();
                return false;
            }
        }
        if (count == -1)
        {
            count = 1;
        }
        return true;
    }
}
