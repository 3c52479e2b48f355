using Reactor.MiniRedis.Protocol;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Engine.Commands;

/// <summary>Sorted-set commands, grouped as in redis/redis src/t_zset.c.</summary>
public static class SortedSetCommands
{
    /// <summary>ZADD key [NX | XX] [GT | LT] [CH] [INCR] score member [score member ...]</summary>
    public static void ZAdd(CommandContext ctx) => ZAddGeneric(ctx, SortedSetAddFlags.None);

    /// <summary>ZCARD key</summary>
    public static void ZCard(CommandContext ctx) => CollectionKeys.ReplyCount<RedisSortedSet>(ctx);

    /// <summary>ZPOPMIN key [count]</summary>
    public static void ZPopMin(CommandContext ctx) => ZPopGeneric(ctx, highest: false);

    /// <summary>
    /// zaddGenericCommand: parses the options (NX, XX, GT, LT, CH, INCR, any case, before the first score), checks
    /// they go together, and validates every score before touching the key, so the command runs fully or not at all.
    /// Without INCR it replies with the number of elements added (added or changed with CH); with INCR, the new
    /// score as a bulk string, or nil when NX, XX, GT or LT stopped it. ZINCRBY passes
    /// <see cref="SortedSetAddFlags.Increment"/> in <paramref name="flags"/>.
    /// </summary>
    private static void ZAddGeneric(CommandContext ctx, SortedSetAddFlags flags)
    {
        bool changed = false;
        int scoreIndex = 2;
        for (; scoreIndex < ctx.ArgCount; scoreIndex++)
        {
            if (ctx.ArgIs(scoreIndex, "nx"u8))
            {
                flags |= SortedSetAddFlags.OnlyNew;
            }
            else if (ctx.ArgIs(scoreIndex, "xx"u8))
            {
                flags |= SortedSetAddFlags.OnlyExisting;
            }
            else if (ctx.ArgIs(scoreIndex, "ch"u8))
            {
                changed = true;
            }
            else if (ctx.ArgIs(scoreIndex, "incr"u8))
            {
                flags |= SortedSetAddFlags.Increment;
            }
            else if (ctx.ArgIs(scoreIndex, "gt"u8))
            {
                flags |= SortedSetAddFlags.GreaterThan;
            }
            else if (ctx.ArgIs(scoreIndex, "lt"u8))
            {
                flags |= SortedSetAddFlags.LessThan;
            }
            else
            {
                break;
            }
        }
        int elements = ctx.ArgCount - scoreIndex;
        if (elements == 0 || elements % 2 != 0)
        {
            ctx.SyntaxError();
            return;
        }
        elements /= 2;
        if (!CheckAddFlags(ctx, flags, elements))
        {
            return;
        }
        // Validated here, parsed again below: cheaper than storing the scores somewhere.
        for (int j = 0; j < elements; j++)
        {
            if (!ctx.TryGetDouble(scoreIndex + j * 2, out _))
            {
                return;
            }
        }

        ReadOnlySpan<byte> key = ctx.Arg(1);
        bool onlyExisting = (flags & SortedSetAddFlags.OnlyExisting) != 0;
        if (!CollectionKeys.TryLookupWrite(ctx, key, create: !onlyExisting, out RedisSortedSet? zset))
        {
            return;
        }
        int added = 0, updated = 0, processed = 0;
        double score = 0;
        for (int j = 0; zset is not null && j < elements; j++)
        {
            NumericText.TryParseDouble(ctx.Arg(scoreIndex + j * 2), out double increment);
            switch (zset.Add(increment, ctx.Arg(scoreIndex + j * 2 + 1), flags, out score))
            {
                case SortedSetAddResult.NotANumber:
                    ctx.Error(ErrorText.ScoreNaN);
                    return;
                case SortedSetAddResult.Added:
                    added++;
                    processed++;
                    break;
                case SortedSetAddResult.Updated:
                    updated++;
                    processed++;
                    break;
                case SortedSetAddResult.Unchanged:
                    processed++;
                    break;
            }
        }
        ctx.MarkDirty(added + updated);
        if ((flags & SortedSetAddFlags.Increment) == 0)
        {
            ctx.Reply.WriteInteger(changed ? added + updated : added);
        }
        else if (processed > 0)
        {
            ScoreFormat.WriteScore(ctx, score);
        }
        else
        {
            ctx.Reply.WriteNullBulk();
        }
    }

    // The option checks of zaddGenericCommand, in Redis's order; replies the error and returns false on a clash.
    private static bool CheckAddFlags(CommandContext ctx, SortedSetAddFlags flags, int elements)
    {
        const SortedSetAddFlags NxXx = SortedSetAddFlags.OnlyNew | SortedSetAddFlags.OnlyExisting;
        const SortedSetAddFlags GtLt = SortedSetAddFlags.GreaterThan | SortedSetAddFlags.LessThan;
        if ((flags & NxXx) == NxXx)
        {
            ctx.Error(ErrorText.ZAddXxAndNx);
            return false;
        }
        if ((flags & GtLt) == GtLt || ((flags & GtLt) != 0 && (flags & SortedSetAddFlags.OnlyNew) != 0))
        {
            ctx.Error(ErrorText.ZAddGtLtNx);
            return false;
        }
        if ((flags & SortedSetAddFlags.Increment) != 0 && elements > 1)
        {
            ctx.Error(ErrorText.ZAddIncrSinglePair);
            return false;
        }
        return true;
    }

    /// <summary>
    /// zpopMinMaxCommand and genericZpopCommand: pops the lowest (or <paramref name="highest"/>) elements and replies
    /// with a flat array of member, score pairs. The count (default 1) is validated before the key is looked up;
    /// more than one count is a syntax error; a missing key or a count of 0 gives an empty array. An emptied set
    /// is deleted.
    /// </summary>
    private static void ZPopGeneric(CommandContext ctx, bool highest)
    {
        if (ctx.ArgCount > 3)
        {
            ctx.SyntaxError();
            return;
        }
        long count = 1;
        if (ctx.ArgCount == 3 && !ctx.TryGetNonNegativeInt64(2, out count))
        {
            return;
        }
        ReadOnlySpan<byte> key = ctx.Arg(1);
        if (!CollectionKeys.TryLookupWrite(ctx, key, create: false, out RedisSortedSet? zset))
        {
            return;
        }
        if (zset is null || count == 0)
        {
            ctx.Reply.WriteEmptyArray();
            return;
        }
        int popped = (int)Math.Min(count, zset.Count);
        ctx.Reply.WriteArrayHeader(popped * 2L);
        for (int i = 0; i < popped; i++)
        {
            SkipListNode node = zset.Pop(highest);
            ctx.Reply.WriteBulk(node.Member);
            ScoreFormat.WriteScore(ctx, node.Score);
        }
        ctx.MarkDirty(popped);
        CollectionKeys.DeleteIfEmpty(ctx, key, zset);
    }
}
