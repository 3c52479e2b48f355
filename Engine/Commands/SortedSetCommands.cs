using System.Diagnostics.CodeAnalysis;
using Reactor.MiniRedis.Engine.PubSub;
using Reactor.MiniRedis.Engine.Replication;
using Reactor.MiniRedis.Protocol;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Engine.Commands;

/// <summary>
/// Sorted-set commands on one key, grouped as in redis/redis src/t_zset.c: adding and scoring, ranks, counts,
/// removals and pops. The range reads are in <see cref="SortedSetRangeCommands"/>, the set algebra in
/// <see cref="SortedSetAlgebraCommands"/>.
/// </summary>
public static class SortedSetCommands
{
    /// <summary>ZADD key [NX | XX] [GT | LT] [CH] [INCR] score member [score member ...]</summary>
    public static void ZAdd(CommandContext ctx) => ZAddGeneric(ctx, SortedSetAddFlags.None);

    /// <summary>ZINCRBY key increment member</summary>
    /// <remarks>
    /// zincrbyCommand is zaddGenericCommand with INCR, so the same parser runs: an increment spelled like an option
    /// (<c>ZINCRBY z nx m</c>) is taken as one and leaves an odd element count, a syntax error, as in Redis.
    /// </remarks>
    public static void ZIncrBy(CommandContext ctx) => ZAddGeneric(ctx, SortedSetAddFlags.Increment);

    /// <summary>ZCARD key</summary>
    public static void ZCard(CommandContext ctx) => CollectionKeys.ReplyCount<RedisSortedSet>(ctx);

    /// <summary>ZSCORE key member</summary>
    public static void ZScore(CommandContext ctx)
    {
        if (!TryLookupRead(ctx, ctx.Arg(1), out RedisSortedSet? zset))
        {
            return;
        }
        if (zset is not null && zset.TryGetScore(ctx.Arg(2), out double score))
        {
            ScoreFormat.WriteScore(ctx, score);
        }
        else
        {
            ctx.Reply.WriteNullBulk();
        }
    }

    /// <summary>ZMSCORE key member [member ...]</summary>
    /// <remarks>Mirrors zmscoreCommand: a missing key is an empty set, so every member gets a nil.</remarks>
    public static void ZMScore(CommandContext ctx)
    {
        if (!TryLookupRead(ctx, ctx.Arg(1), out RedisSortedSet? zset))
        {
            return;
        }
        ctx.Reply.WriteArrayHeader(ctx.ArgCount - 2);
        for (int i = 2; i < ctx.ArgCount; i++)
        {
            if (zset is not null && zset.TryGetScore(ctx.Arg(i), out double score))
            {
                ScoreFormat.WriteScore(ctx, score);
            }
            else
            {
                ctx.Reply.WriteNullBulk();
            }
        }
    }

    /// <summary>ZRANK key member</summary>
    public static void ZRank(CommandContext ctx) => ZRankGeneric(ctx, reverse: false);

    /// <summary>ZREVRANK key member</summary>
    public static void ZRevRank(CommandContext ctx) => ZRankGeneric(ctx, reverse: true);

    /// <summary>ZCOUNT key min max</summary>
    public static void ZCount(CommandContext ctx)
    {
        if (TryParseScoreRange(ctx, 2, 3, out ScoreRange range))
        {
            CountGeneric(ctx, range);
        }
    }

    /// <summary>ZLEXCOUNT key min max</summary>
    public static void ZLexCount(CommandContext ctx)
    {
        if (TryParseLexRange(ctx, 2, 3, out LexRange range))
        {
            CountGeneric(ctx, range);
        }
    }

    /// <summary>ZREM key member [member ...]</summary>
    /// <remarks>Mirrors zremCommand: stops as soon as the set is empty, deleting the key.</remarks>
    public static void ZRem(CommandContext ctx)
    {
        ReadOnlySpan<byte> key = ctx.Arg(1);
        if (!CollectionKeys.TryLookupWrite(ctx, key, create: false, out RedisSortedSet? zset))
        {
            return;
        }
        int deleted = 0;
        bool keyRemoved = false;
        for (int i = 2; zset is not null && i < ctx.ArgCount; i++)
        {
            if (zset.Remove(ctx.Arg(i)))
            {
                deleted++;
            }
            if (zset.Count == 0)
            {
                ctx.Db.Delete(key);
                keyRemoved = true;
                break;
            }
        }
        if (deleted > 0)
        {
            ctx.SignalModifiedKey(key);
            ctx.Notify(NotifyFlags.Zset, "zrem"u8, key);
            if (keyRemoved)
            {
                ctx.Notify(NotifyFlags.Generic, "del"u8, key);
            }
        }
        ctx.MarkDirty(deleted);
        ctx.Reply.WriteInteger(deleted);
    }

    /// <summary>ZREMRANGEBYRANK key start stop</summary>
    /// <remarks>
    /// Mirrors zremrangeGenericCommand with ZRANGE_RANK: negative indexes count from the end, the start is clamped
    /// to 0 and the stop to the last element; an empty window removes nothing.
    /// </remarks>
    public static void ZRemRangeByRank(CommandContext ctx)
    {
        if (!ctx.TryGetInt64(2, out long start) || !ctx.TryGetInt64(3, out long end))
        {
            return;
        }
        ReadOnlySpan<byte> key = ctx.Arg(1);
        if (!TryLookupWriteExisting(ctx, key, out RedisSortedSet? zset))
        {
            return;
        }
        long length = zset.Count;
        start = start < 0 ? Math.Max(0, length + start) : start;
        end = end < 0 ? length + end : end;
        if (start > end || start >= length)
        {
            ctx.Reply.WriteInteger(0);
            return;
        }
        ReplyRemoved(ctx, key, zset, zset.RemoveRangeByRank((int)start, (int)Math.Min(end, length - 1)), "zremrangebyrank"u8);
    }

    /// <summary>ZREMRANGEBYSCORE key min max</summary>
    public static void ZRemRangeByScore(CommandContext ctx)
    {
        if (TryParseScoreRange(ctx, 2, 3, out ScoreRange range))
        {
            RemoveRangeGeneric(ctx, range, "zremrangebyscore"u8);
        }
    }

    /// <summary>ZREMRANGEBYLEX key min max</summary>
    public static void ZRemRangeByLex(CommandContext ctx)
    {
        if (TryParseLexRange(ctx, 2, 3, out LexRange range))
        {
            RemoveRangeGeneric(ctx, range, "zremrangebylex"u8);
        }
    }

    /// <summary>ZPOPMIN key [count]</summary>
    public static void ZPopMin(CommandContext ctx) => ZPopGeneric(ctx, highest: false);

    /// <summary>ZPOPMAX key [count]</summary>
    public static void ZPopMax(CommandContext ctx) => ZPopGeneric(ctx, highest: true);

    /// <summary>ZMPOP numkeys key [key ...] MIN | MAX [COUNT count]</summary>
    /// <remarks>
    /// Mirrors zmpopGenericCommand (non-blocking): the arguments are checked as <see cref="TryParseMPop"/> says.
    /// Pops from the first key that exists; a key of another type met before it is WRONGTYPE, keys after it are
    /// not looked at. Replies with the key and a nested array of [member, score] pairs (nested in RESP2 too), or a
    /// nil array when no key exists.
    /// </remarks>
    public static void ZMPop(CommandContext ctx)
    {
        if (!TryParseMPop(ctx, 1, out int keyCount, out bool highest, out long count))
        {
            return;
        }
        for (int i = 2; i < 2 + keyCount; i++)
        {
            switch (ctx.Db.Lookup(ctx.Arg(i)))
            {
                case null:
                    continue;
                case RedisSortedSet zset:
                    CommandRewrites.PopCount(ctx, highest ? "ZPOPMAX"u8 : "ZPOPMIN"u8, ctx.Arg(i), Math.Min(count == -1 ? 1 : count, zset.Count));
                    PopWithKeyReply(ctx, ctx.Arg(i), zset, highest, count);
                    return;
                default:
                    ctx.WrongType();
                    return;
            }
        }
        ctx.Reply.WriteNullArray();
    }

    /// <summary>
    /// zmpopGenericCommand's parsing for ZMPOP (numkeys at argument 1) and BZMPOP (at 2): numkeys, MIN or MAX after
    /// the keys (else a syntax error), then COUNT (see <see cref="MPopArguments"/>). False, having replied, on any error.
    /// </summary>
    internal static bool TryParseMPop(CommandContext ctx, int numKeysIndex, out int keyCount, out bool highest, out long count)
    {
        highest = false;
        count = 0;
        if (!MPopArguments.TryParseNumKeys(ctx, numKeysIndex, out keyCount))
        {
            return false;
        }
        int whereIndex = numKeysIndex + keyCount + 1;
        highest = ctx.ArgIs(whereIndex, "max"u8);
        if (!highest && !ctx.ArgIs(whereIndex, "min"u8))
        {
            ctx.SyntaxError();
            return false;
        }
        return MPopArguments.TryParseCount(ctx, whereIndex + 1, out count);
    }

    /// <summary>
    /// genericZpopCommand with the key and nested pairs (ZMPOP, BZMPOP): pops up to <paramref name="count"/>
    /// elements of the sorted set at <paramref name="key"/> and replies [key, [[member, score], ...]].
    /// </summary>
    internal static void PopWithKeyReply(CommandContext ctx, ReadOnlySpan<byte> key, RedisSortedSet zset, bool highest, long count)
    {
        ctx.Reply.WriteArrayHeader(2);
        ctx.Reply.WriteBulk(key);
        PopElements(ctx, key, zset, highest, count == -1 ? 1 : count, SortedSetReply.Shape.Pairs);
    }

    /// <summary>ZRANDMEMBER key [count [WITHSCORES]]</summary>
    /// <remarks>
    /// Mirrors zrandmemberCommand of Redis 7.0.15: the count must lie within ±(2^63 - 1), a third argument other
    /// than WITHSCORES is a syntax error, and with WITHSCORES a count below -(2^62 - 1) is <c>value is out of
    /// range</c>; all of this is checked before the key is looked up. Without a count: one random member, or nil.
    /// </remarks>
    public static void ZRandMember(CommandContext ctx)
    {
        if (ctx.ArgCount >= 3)
        {
            if (!ctx.TryGetInt64(2, out long count))
            {
                return;
            }
            if (count == long.MinValue)
            {
                ctx.Error(ErrorText.ValueMustBeBetween(-long.MaxValue, long.MaxValue));
                return;
            }
            if (ctx.ArgCount > 4 || (ctx.ArgCount == 4 && !ctx.ArgIs(3, "withscores"u8)))
            {
                ctx.SyntaxError();
                return;
            }
            bool withScores = ctx.ArgCount == 4;
            if (withScores && count < -long.MaxValue / 2)
            {
                ctx.Error(ErrorText.ValueOutOfRange);
                return;
            }
            ZRandMemberWithCount(ctx, count, withScores);
            return;
        }
        if (!TryLookupRead(ctx, ctx.Arg(1), out RedisSortedSet? zset))
        {
            return;
        }
        if (zset is null)
        {
            ctx.Reply.WriteNullBulk();
            return;
        }
        ctx.Reply.WriteBulk(zset.RandomElement().Member);
    }

    /// <summary>
    /// lookupKeyRead plus checkType for the read commands of the family: false, having replied WRONGTYPE, when the
    /// key holds another type; otherwise <paramref name="zset"/> is the set or null for a missing key.
    /// </summary>
    internal static bool TryLookupRead(CommandContext ctx, ReadOnlySpan<byte> key, out RedisSortedSet? zset)
    {
        if (ctx.LookupRead(key, out zset) == LookupStatus.WrongType)
        {
            ctx.WrongType();
            return false;
        }
        return true;
    }

    /// <summary>
    /// zslParseRange of arguments <paramref name="minIndex"/> and <paramref name="maxIndex"/>; on failure replies
    /// <c>-ERR min or max is not a float</c> and returns false.
    /// </summary>
    internal static bool TryParseScoreRange(CommandContext ctx, int minIndex, int maxIndex, out ScoreRange range)
    {
        if (ScoreRange.TryParse(ctx.Arg(minIndex), ctx.Arg(maxIndex), out range))
        {
            return true;
        }
        ctx.Error(ErrorText.MinOrMaxNotFloat);
        return false;
    }

    /// <summary>
    /// zslParseLexRange of arguments <paramref name="minIndex"/> and <paramref name="maxIndex"/>; on failure replies
    /// <c>-ERR min or max not valid string range item</c> and returns false.
    /// </summary>
    internal static bool TryParseLexRange(CommandContext ctx, int minIndex, int maxIndex, out LexRange range)
    {
        if (LexRange.TryParse(ctx.Arg(minIndex), ctx.Arg(maxIndex), out range))
        {
            return true;
        }
        ctx.Error(ErrorText.MinOrMaxNotStringRange);
        return false;
    }

    /// <summary>
    /// The end of ZRANGESTORE, ZUNIONSTORE, ZINTERSTORE and ZDIFFSTORE (zrangeResultFinalizeStore and the store
    /// branch of zunionInterDiffGenericCommand): a non-empty <paramref name="result"/> replaces whatever
    /// <paramref name="destination"/> held (its time to live too, as setKey does) and the reply is its size; an
    /// empty or null result deletes the destination and replies 0. Either way counts one change, the delete only
    /// when there was a key. A store fires <paramref name="evt"/> ("zunionstore", ...), a delete "del".
    /// </summary>
    internal static void StoreResult(CommandContext ctx, ReadOnlySpan<byte> destination, RedisSortedSet? result, ReadOnlySpan<byte> evt)
    {
        if (result is { Count: > 0 })
        {
            ctx.Db.Set(destination, result);
            ctx.SignalModifiedKey(destination);
            ctx.Reply.WriteInteger(result.Count);
            ctx.Notify(NotifyFlags.Zset, evt, destination);
            ctx.MarkDirty();
            return;
        }
        ctx.Reply.WriteInteger(0);
        if (ctx.Db.Delete(destination))
        {
            ctx.SignalModifiedKey(destination);
            ctx.Notify(NotifyFlags.Generic, "del"u8, destination);
            ctx.MarkDirty();
        }
    }

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
        if (added + updated > 0)
        {
            ctx.SignalModifiedKey(key);
            ctx.Notify(NotifyFlags.Zset, (flags & SortedSetAddFlags.Increment) != 0 ? "zincr"u8 : "zadd"u8, key);
        }
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
    /// zpopMinMaxCommand: pops the lowest (or <paramref name="highest"/>) elements and replies with a flat array of
    /// member, score pairs. The count (default 1) is validated before the key is looked up; more than one count is
    /// a syntax error; a missing key or a count of 0 gives an empty array (after the type check, as in Redis).
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
        // Without a count the reply is one flat pair in RESP3 too; with one, RESP3 nests pairs (use_nested_array).
        PopElements(ctx, key, zset, highest, count, ctx.ArgCount == 3 ? SortedSetReply.Shape.Elements : SortedSetReply.Shape.Flat);
    }

    /// <summary>
    /// The popping loop of genericZpopCommand: removes up to <paramref name="count"/> elements from the low (or
    /// <paramref name="highest"/>) end of <paramref name="zset"/>, stored at <paramref name="key"/>, and replies
    /// with them laid out as <paramref name="shape"/> says. Each element counts as one change; an emptied set is
    /// deleted.
    /// </summary>
    private static void PopElements(CommandContext ctx, ReadOnlySpan<byte> key, RedisSortedSet zset, bool highest, long count, SortedSetReply.Shape shape)
    {
        int popped = (int)Math.Min(count, zset.Count);
        SortedSetReply.WriteElementsHeader(ctx, popped, withScores: true, shape);
        for (int i = 0; i < popped; i++)
        {
            SkipListNode node = highest ? zset.Last : zset.First;
            SortedSetReply.WriteElement(ctx, node.Member, node.Score, withScores: true, shape);
            zset.Remove(node);
        }
        ctx.Notify(NotifyFlags.Zset, highest ? "zpopmax"u8 : "zpopmin"u8, key);
        CollectionKeys.DeleteIfEmpty(ctx, key, zset);
        ctx.SignalModifiedKey(key);
        ctx.MarkDirty(popped);
    }

    // zrankGenericCommand: the 0-based rank from the low end (or the high end), or nil for a missing key or member.
    private static void ZRankGeneric(CommandContext ctx, bool reverse)
    {
        if (!TryLookupRead(ctx, ctx.Arg(1), out RedisSortedSet? zset))
        {
            return;
        }
        int rank = zset?.GetRank(ctx.Arg(2)) ?? -1;
        if (rank < 0)
        {
            ctx.Reply.WriteNullBulk();
            return;
        }
        ctx.Reply.WriteInteger(reverse ? zset!.Count - 1 - rank : rank);
    }

    // zcountCommand and zlexcountCommand once the range is parsed: 0 for a missing key.
    private static void CountGeneric<TRange>(CommandContext ctx, in TRange range) where TRange : ISortedSetRange, allows ref struct
    {
        if (!TryLookupRead(ctx, ctx.Arg(1), out RedisSortedSet? zset))
        {
            return;
        }
        ctx.Reply.WriteInteger(zset?.CountInRange(range) ?? 0);
    }

    // zremrangeGenericCommand for scores and lex ranges once the range is parsed.
    private static void RemoveRangeGeneric<TRange>(CommandContext ctx, in TRange range, ReadOnlySpan<byte> evt)
        where TRange : ISortedSetRange, allows ref struct
    {
        ReadOnlySpan<byte> key = ctx.Arg(1);
        if (TryLookupWriteExisting(ctx, key, out RedisSortedSet? zset))
        {
            ReplyRemoved(ctx, key, zset, zset.RemoveRange(range), evt);
        }
    }

    // lookupKeyWriteOrReply(czero) plus checkType: true with the set, or false having replied 0 or WRONGTYPE.
    private static bool TryLookupWriteExisting(CommandContext ctx, ReadOnlySpan<byte> key, [NotNullWhen(true)] out RedisSortedSet? zset)
    {
        if (!CollectionKeys.TryLookupWrite(ctx, key, create: false, out zset))
        {
            return false;
        }
        if (zset is null)
        {
            ctx.Reply.WriteInteger(0);
            return false;
        }
        return true;
    }

    // Steps 3 and 4 of zremrangeGenericCommand: deletes an emptied set, fires evt (then "del") when anything went,
    // counts the removals as changes and replies the count.
    private static void ReplyRemoved(CommandContext ctx, ReadOnlySpan<byte> key, RedisSortedSet zset, int removed, ReadOnlySpan<byte> evt)
    {
        bool keyRemoved = zset.Count == 0 && ctx.Db.Delete(key);
        if (removed > 0)
        {
            ctx.SignalModifiedKey(key);
            ctx.Notify(NotifyFlags.Zset, evt, key);
            if (keyRemoved)
            {
                ctx.Notify(NotifyFlags.Generic, "del"u8, key);
            }
        }
        ctx.MarkDirty(removed);
        ctx.Reply.WriteInteger(removed);
    }

    /// <summary>
    /// zrandmemberWithCountCommand. A negative count may repeat members and replies exactly |count| of them in
    /// random order. A positive count gives distinct members: the whole set when it asks for at least that many
    /// (from the highest score down, the order Redis's iterator walks a sorted set); otherwise a random subset,
    /// by shuffling when it asks for more than a third of the set, else by drawing until enough distinct members.
    /// </summary>
    private static void ZRandMemberWithCount(CommandContext ctx, long count, bool withScores)
    {
        if (!TryLookupRead(ctx, ctx.Arg(1), out RedisSortedSet? zset))
        {
            return;
        }
        if (zset is null || count == 0)
        {
            ctx.Reply.WriteEmptyArray();
            return;
        }
        if (count < 0 || count == 1)
        {
            long picks = Math.Abs(count);
            SortedSetReply.WriteElementsHeader(ctx, picks, withScores);
            for (long i = 0; i < picks; i++)
            {
                SkipListNode node = zset.RandomElement();
                SortedSetReply.WriteElement(ctx, node.Member, node.Score, withScores);
            }
            return;
        }
        int size = zset.Count;
        if (count >= size)
        {
            SortedSetReply.WriteElementsHeader(ctx, size, withScores);
            for (SkipListNode node = zset.Last; node.Exists; node = node.Previous)
            {
                SortedSetReply.WriteElement(ctx, node.Member, node.Score, withScores);
            }
            return;
        }
        int wanted = (int)count;
        SortedSetReply.WriteElementsHeader(ctx, wanted, withScores);
        if (wanted * 3L > size)
        {
            // CASE 3 of Redis: most of the set is wanted, so shuffle the front of a copy instead of drawing.
            var nodes = new SkipListNode[size];
            int n = 0;
            for (SkipListNode node = zset.First; node.Exists; node = node.Next)
            {
                nodes[n++] = node;
            }
            for (int i = 0; i < wanted; i++)
            {
                int j = Random.Shared.Next(i, size);
                (nodes[i], nodes[j]) = (nodes[j], nodes[i]);
                SortedSetReply.WriteElement(ctx, nodes[i].Member, nodes[i].Score, withScores);
            }
            return;
        }
        var picked = new HashSet<SkipListNode>(wanted);
        while (picked.Count < wanted)
        {
            SkipListNode node = zset.RandomElement();
            if (picked.Add(node))
            {
                SortedSetReply.WriteElement(ctx, node.Member, node.Score, withScores);
            }
        }
    }
}
