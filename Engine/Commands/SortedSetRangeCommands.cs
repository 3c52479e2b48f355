using Reactor.MiniRedis.Protocol;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Engine.Commands;

/// <summary>
/// The sorted-set range reads: ZRANGE with its BYSCORE, BYLEX, REV and LIMIT options, ZRANGESTORE, and the older
/// Z[REV]RANGE[BYSCORE|BYLEX] commands, all one parser as zrangeGenericCommand in redis/redis src/t_zset.c. Ranks
/// and windows are found in O(log n) through the skip list's spans, so the reply length is known up front.
/// </summary>
public static class SortedSetRangeCommands
{
    // zrange_type: what the two bounds are.
    private enum RangeKind
    {
        Auto,
        Rank,
        Score,
        Lex,
    }

    /// <summary>ZRANGE key start stop [BYSCORE | BYLEX] [REV] [LIMIT offset count] [WITHSCORES]</summary>
    public static void ZRange(CommandContext ctx) => ZRangeGeneric(ctx, keyIndex: 1, store: false, RangeKind.Auto, reverse: null);

    /// <summary>ZRANGESTORE dst src min max [BYSCORE | BYLEX] [REV] [LIMIT offset count]</summary>
    public static void ZRangeStore(CommandContext ctx) => ZRangeGeneric(ctx, keyIndex: 2, store: true, RangeKind.Auto, reverse: null);

    /// <summary>ZREVRANGE key start stop [WITHSCORES]</summary>
    public static void ZRevRange(CommandContext ctx) => ZRangeGeneric(ctx, keyIndex: 1, store: false, RangeKind.Rank, reverse: true);

    /// <summary>ZRANGEBYSCORE key min max [WITHSCORES] [LIMIT offset count]</summary>
    public static void ZRangeByScore(CommandContext ctx) => ZRangeGeneric(ctx, keyIndex: 1, store: false, RangeKind.Score, reverse: false);

    /// <summary>ZREVRANGEBYSCORE key max min [WITHSCORES] [LIMIT offset count]</summary>
    public static void ZRevRangeByScore(CommandContext ctx) => ZRangeGeneric(ctx, keyIndex: 1, store: false, RangeKind.Score, reverse: true);

    /// <summary>ZRANGEBYLEX key min max [LIMIT offset count]</summary>
    public static void ZRangeByLex(CommandContext ctx) => ZRangeGeneric(ctx, keyIndex: 1, store: false, RangeKind.Lex, reverse: false);

    /// <summary>ZREVRANGEBYLEX key max min [LIMIT offset count]</summary>
    public static void ZRevRangeByLex(CommandContext ctx) => ZRangeGeneric(ctx, keyIndex: 1, store: false, RangeKind.Lex, reverse: true);

    /// <summary>
    /// zrangeGenericCommand. The source key is at <paramref name="keyIndex"/>, its two bounds follow, then the
    /// options: WITHSCORES (not for ZRANGESTORE), LIMIT offset count (both integers, parsed on sight), and, when
    /// the command leaves them open (<see cref="RangeKind.Auto"/>, a null <paramref name="reverse"/>), REV, BYSCORE
    /// and BYLEX, each at most once; anything else is a syntax error. Then the 7.0 rules: LIMIT needs BYSCORE or
    /// BYLEX, WITHSCORES does not go with BYLEX, and a reversed score or lex range is given max first. The bounds
    /// are parsed before the key is looked up, so their errors come before WRONGTYPE.
    /// </summary>
    private static void ZRangeGeneric(CommandContext ctx, int keyIndex, bool store, RangeKind kind, bool? reverse)
    {
        bool withScores = false;
        long offset = 0, limit = -1;
        for (int j = keyIndex + 3; j < ctx.ArgCount; j++)
        {
            int argsLeft = ctx.ArgCount - j - 1;
            if (!store && ctx.ArgIs(j, "withscores"u8))
            {
                withScores = true;
            }
            else if (ctx.ArgIs(j, "limit"u8) && argsLeft >= 2)
            {
                if (!ctx.TryGetInt64(j + 1, out offset) || !ctx.TryGetInt64(j + 2, out limit))
                {
                    return;
                }
                j += 2;
            }
            else if (reverse is null && ctx.ArgIs(j, "rev"u8))
            {
                reverse = true;
            }
            else if (kind == RangeKind.Auto && ctx.ArgIs(j, "bylex"u8))
            {
                kind = RangeKind.Lex;
            }
            else if (kind == RangeKind.Auto && ctx.ArgIs(j, "byscore"u8))
            {
                kind = RangeKind.Score;
            }
            else
            {
                ctx.SyntaxError();
                return;
            }
        }
        bool backwards = reverse ?? false;
        if (kind == RangeKind.Auto)
        {
            kind = RangeKind.Rank;
        }
        // Redis compares with its default, so an explicit LIMIT x -1 passes with a rank range.
        if (limit != -1 && kind == RangeKind.Rank)
        {
            ctx.Error(ErrorText.ZRangeLimitNeedsByScoreOrByLex);
            return;
        }
        if (withScores && kind == RangeKind.Lex)
        {
            ctx.Error(ErrorText.ZRangeWithScoresByLex);
            return;
        }
        int minIndex = keyIndex + 1, maxIndex = keyIndex + 2;
        if (backwards && kind != RangeKind.Rank)
        {
            (minIndex, maxIndex) = (maxIndex, minIndex);
        }
        var output = new RangeOutput(ctx, store, withScores, backwards);
        switch (kind)
        {
            case RangeKind.Rank:
                if (ctx.TryGetInt64(minIndex, out long start) && ctx.TryGetInt64(maxIndex, out long end) &&
                    TryLookupSource(ctx, keyIndex, output, out RedisSortedSet? zset))
                {
                    ByRank(output, zset, start, end);
                }
                break;
            case RangeKind.Score:
                if (SortedSetCommands.TryParseScoreRange(ctx, minIndex, maxIndex, out ScoreRange scores) &&
                    TryLookupSource(ctx, keyIndex, output, out zset))
                {
                    output.Emit(zset.GetRange(scores, backwards, offset, limit, out SkipListNode first), first);
                }
                break;
            default:
                if (SortedSetCommands.TryParseLexRange(ctx, minIndex, maxIndex, out LexRange members) &&
                    TryLookupSource(ctx, keyIndex, output, out zset))
                {
                    output.Emit(zset.GetRange(members, backwards, offset, limit, out SkipListNode first), first);
                }
                break;
        }
    }

    /// <summary>
    /// genericZrangebyrankCommand: negative indexes count from the end, the start is clamped to 0 and the stop to
    /// the last element; an empty window emits nothing. Reversed ranks count from the highest score.
    /// </summary>
    private static void ByRank(in RangeOutput output, RedisSortedSet zset, long start, long end)
    {
        long length = zset.Count;
        start = start < 0 ? Math.Max(0, length + start) : start;
        end = end < 0 ? length + end : end;
        if (start > end || start >= length)
        {
            output.Emit(0, default);
            return;
        }
        end = Math.Min(end, length - 1);
        SkipListNode first = zset.GetByRank((int)(output.Reverse ? length - 1 - start : start));
        output.Emit((int)(end - start + 1), first, lengthKnown: true);
    }

    /// <summary>
    /// Step 3 of zrangeGenericCommand: lookupKeyRead of the source. True with the set; false when it is missing
    /// (the range is empty: an empty array, or for ZRANGESTORE the empty result, which deletes the destination) or
    /// holds another type (WRONGTYPE).
    /// </summary>
    private static bool TryLookupSource(CommandContext ctx, int keyIndex, in RangeOutput output, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out RedisSortedSet? zset)
    {
        if (!SortedSetCommands.TryLookupRead(ctx, ctx.Arg(keyIndex), out zset))
        {
            return false;
        }
        if (zset is null)
        {
            output.Emit(0, default);
            return false;
        }
        return true;
    }

    /// <summary>
    /// zrange_result_handler: where a range goes. To the client, as members (with scores when asked); or, for
    /// ZRANGESTORE, into a new sorted set at argument 1, added one by one in range order as Redis's zsetAdd does.
    /// Like zrangeResultBeginStore in Redis 7.0.15, the destination starts as a skiplist when a rank range is
    /// known to hold more than zset-max-listpack-entries elements, else as a listpack that converts as ZADD's
    /// would; that decides which stored -0 scores become 0.
    /// </summary>
    private readonly struct RangeOutput(CommandContext ctx, bool store, bool withScores, bool reverse)
    {
        public bool Reverse => reverse;

        // Emits count elements from first on, stepping down when reversed. Redis tells the store handler the
        // length up front only for rank ranges (lengthKnown).
        public void Emit(int count, SkipListNode first, bool lengthKnown = false)
        {
            if (store)
            {
                RedisSortedSet? result = count == 0 ? null
                    : RedisSortedSet.CreateForElements(ctx.Db.EncodingLimits, lengthKnown ? count : 0, longestMember: 0);
                SkipListNode stored = first;
                for (int i = 0; i < count; i++, stored = reverse ? stored.Previous : stored.Next)
                {
                    result!.Add(stored.Score, stored.Member, SortedSetAddFlags.None, out _);
                }
                SortedSetCommands.StoreResult(ctx, ctx.Arg(1), result, "zrangestore"u8);
                return;
            }
            SortedSetReply.WriteElementsHeader(ctx, count, withScores);
            SkipListNode node = first;
            for (int i = 0; i < count; i++, node = reverse ? node.Previous : node.Next)
            {
                SortedSetReply.WriteElement(ctx, node.Member, node.Score, withScores);
            }
        }
    }
}
