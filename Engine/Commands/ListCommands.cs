using System.Runtime.CompilerServices;
using Reactor.MiniRedis.Engine.PubSub;
using Reactor.MiniRedis.Engine.Replication;
using Reactor.MiniRedis.Protocol;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Engine.Commands;

/// <summary>List commands, grouped as in redis/redis src/t_list.c.</summary>
public static class ListCommands
{
    /// <summary>LPUSH key element [element ...]</summary>
    public static void LPush(CommandContext ctx) => PushGeneric(ctx, ListEnd.Head, onlyIfExists: false);

    /// <summary>RPUSH key element [element ...]</summary>
    public static void RPush(CommandContext ctx) => PushGeneric(ctx, ListEnd.Tail, onlyIfExists: false);

    /// <summary>LPUSHX key element [element ...]</summary>
    public static void LPushX(CommandContext ctx) => PushGeneric(ctx, ListEnd.Head, onlyIfExists: true);

    /// <summary>RPUSHX key element [element ...]</summary>
    public static void RPushX(CommandContext ctx) => PushGeneric(ctx, ListEnd.Tail, onlyIfExists: true);

    /// <summary>LPOP key [count]</summary>
    public static void LPop(CommandContext ctx) => PopGeneric(ctx, ListEnd.Head);

    /// <summary>RPOP key [count]</summary>
    public static void RPop(CommandContext ctx) => PopGeneric(ctx, ListEnd.Tail);

    /// <summary>LLEN key</summary>
    public static void LLen(CommandContext ctx) => CollectionKeys.ReplyCount<RedisList>(ctx);

    /// <summary>
    /// LRANGE key start stop
    /// </summary>
    /// <remarks>
    /// Mirrors lrangeCommand and addListRangeReply in redis/redis src/t_list.c: the indexes are parsed before the
    /// key is looked up, negative ones count from the tail, and an inverted or out-of-range span is an empty array.
    /// </remarks>
    public static void LRange(CommandContext ctx)
    {
        if (!ctx.TryGetInt64(2, out long start) || !ctx.TryGetInt64(3, out long end))
        {
            return;
        }
        if (LookupReadOrReply(ctx, nullWhenMissing: false) is not { } list)
        {
            return;
        }
        if (!TryClampRange(start, end, list.Count, out int first, out int last))
        {
            ctx.Reply.WriteEmptyArray();
            return;
        }
        int rangeLength = last - first + 1;
        ctx.Reply.WriteArrayHeader(rangeLength);
        WriteRange(ctx.Reply, list, first, rangeLength);
    }

    /*
     * addListRangeReply's loop: the elements from index first on, each as a bulk string. A method of its own (and
     * never inlined) so the JIT inlines the iterator and the reply writer's copy into this small loop: inside
     * LRange, with the key lookup and the index arithmetic inlined around it, the JIT ran out of inlining budget
     * and left the per-element CRLF copy and buffer advance as calls (25% slower for 3-byte elements).
     */
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void WriteRange(ReplyWriter reply, RedisList list, int first, int count)
    {
        ListIterator iterator = list.Iterate(first, ListEnd.Tail);
        while (count-- > 0 && iterator.MoveNext())
        {
            reply.WriteBulk(iterator.Current);
        }
    }

    /// <summary>LINDEX key index</summary>
    /// <remarks>
    /// Mirrors lindexCommand: the key is looked up before the index is parsed, so a missing key is nil and a
    /// wrong type is WRONGTYPE even when the index is not a number. An index outside the list is nil.
    /// </remarks>
    public static void LIndex(CommandContext ctx)
    {
        if (LookupReadOrReply(ctx, nullWhenMissing: true) is not { } list || !ctx.TryGetInt64(2, out long index))
        {
            return;
        }
        if (TryResolveIndex(index, list.Count, out int position))
        {
            ctx.Reply.WriteBulk(list[position]);
        }
        else
        {
            ctx.Reply.WriteNullBulk();
        }
    }

    /// <summary>LSET key index element</summary>
    /// <remarks>
    /// Mirrors lsetCommand: a missing key is <c>ERR no such key</c> and a wrong type WRONGTYPE, both checked before
    /// the index is parsed; an index outside the list is <c>ERR index out of range</c>.
    /// </remarks>
    public static void LSet(CommandContext ctx)
    {
        switch (ctx.Db.Lookup(ctx.Arg(1), out RedisList? list))
        {
            case LookupStatus.NotFound:
                ctx.Error(ErrorText.NoSuchKey);
                return;
            case LookupStatus.WrongType:
                ctx.WrongType();
                return;
        }
        if (!ctx.TryGetInt64(2, out long index))
        {
            return;
        }
        if (!TryResolveIndex(index, list!.Count, out int position))
        {
            ctx.Error(ErrorText.OutOfRange);
            return;
        }
        list[position] = ctx.Arg(3);
        ctx.SignalModifiedKey(ctx.Arg(1));
        ctx.Notify(NotifyFlags.List, "lset"u8, ctx.Arg(1));
        ctx.MarkDirty();
        ctx.Reply.WriteOk();
    }

    /// <summary>LINSERT key BEFORE|AFTER pivot element</summary>
    /// <remarks>
    /// Mirrors linsertCommand: BEFORE/AFTER is checked first (a syntax error even for a missing key), a missing key
    /// replies 0, a pivot not in the list -1; otherwise the element goes next to the first pivot from the head and
    /// the reply is the new length.
    /// </remarks>
    public static void LInsert(CommandContext ctx)
    {
        bool after;
        if (ctx.ArgIs(2, "after"u8))
        {
            after = true;
        }
        else if (ctx.ArgIs(2, "before"u8))
        {
            after = false;
        }
        else
        {
            ctx.SyntaxError();
            return;
        }
        if (!CollectionKeys.TryLookupWrite(ctx, ctx.Arg(1), create: false, out RedisList? list))
        {
            return;
        }
        if (list is null)
        {
            ctx.Reply.WriteInteger(0);
            return;
        }
        int pivot = list.IndexOf(ctx.Arg(3));
        if (pivot < 0)
        {
            ctx.Reply.WriteInteger(-1);
            return;
        }
        list.Insert(after ? pivot + 1 : pivot, ctx.Arg(4));
        ctx.SignalModifiedKey(ctx.Arg(1));
        ctx.Notify(NotifyFlags.List, "linsert"u8, ctx.Arg(1));
        ctx.MarkDirty();
        ctx.Reply.WriteInteger(list.Count);
    }

    /// <summary>LREM key count element</summary>
    /// <remarks>
    /// Mirrors lremCommand: the count is parsed before the key is looked up. A positive count removes that many
    /// matches from the head, a negative one from the tail, 0 every match; the reply is how many went. An emptied
    /// list is deleted.
    /// </remarks>
    public static void LRem(CommandContext ctx)
    {
        if (!ctx.TryGetInt64(2, out long count))
        {
            return;
        }
        ReadOnlySpan<byte> key = ctx.Arg(1);
        if (!CollectionKeys.TryLookupWrite(ctx, key, create: false, out RedisList? list))
        {
            return;
        }
        if (list is null)
        {
            ctx.Reply.WriteInteger(0);
            return;
        }
        // Redis negates the count as a C long, so LONG_MIN stays negative and no limit is ever reached: every
        // match from the tail goes. A limit of 0 means the same here.
        long limit = count == long.MinValue ? 0 : Math.Abs(count);
        int removed = list.RemoveMatches(ctx.Arg(3), limit, count < 0 ? ListEnd.Tail : ListEnd.Head);
        if (removed > 0)
        {
            ctx.SignalModifiedKey(key);
            ctx.Notify(NotifyFlags.List, "lrem"u8, key);
        }
        ctx.MarkDirty(removed);
        CollectionKeys.DeleteIfEmpty(ctx, key, list);
        ctx.Reply.WriteInteger(removed);
    }

    /// <summary>LTRIM key start stop</summary>
    /// <remarks>
    /// Mirrors ltrimCommand: the indexes are parsed first and read as LRANGE reads them; everything outside the
    /// range is dropped (all of it when the range is empty, deleting the key). A missing key is OK. Each removed
    /// element counts as a change.
    /// </remarks>
    public static void LTrim(CommandContext ctx)
    {
        if (!ctx.TryGetInt64(2, out long start) || !ctx.TryGetInt64(3, out long end))
        {
            return;
        }
        ReadOnlySpan<byte> key = ctx.Arg(1);
        if (!CollectionKeys.TryLookupWrite(ctx, key, create: false, out RedisList? list))
        {
            return;
        }
        if (list is not null)
        {
            int length = list.Count;
            int fromHead = length;
            int fromTail = 0;
            if (TryClampRange(start, end, length, out int first, out int last))
            {
                fromHead = first;
                fromTail = length - last - 1;
            }
            list.Trim(fromHead, fromTail);
            // ltrimCommand notifies even when nothing was trimmed.
            ctx.Notify(NotifyFlags.List, "ltrim"u8, key);
            CollectionKeys.DeleteIfEmpty(ctx, key, list);
            ctx.SignalModifiedKey(key);
            ctx.MarkDirty(fromHead + fromTail);
        }
        ctx.Reply.WriteOk();
    }

    /// <summary>LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len]</summary>
    /// <remarks>
    /// Mirrors lposCommand: the options are parsed (in any order, the last of each winning) before the key is
    /// looked up. RANK takes any non-zero integer; COUNT and MAXLEN take integers ≥ 0 and reply their own error
    /// for anything else, a non-number too (getRangeLongFromObjectOrReply). Without COUNT the reply is the index
    /// of the rank-th match or nil; with COUNT an array of up to that many indexes from the rank-th match on
    /// (0: all), empty for a missing key. A negative rank searches from the tail; indexes are always counted from
    /// the head. MAXLEN caps the elements compared (0: no cap).
    /// </remarks>
    public static void LPos(CommandContext ctx)
    {
        long rank = 1;
        long count = -1; // -1: no COUNT option
        long maxLength = 0;
        for (int i = 3; i < ctx.ArgCount; i++)
        {
            bool hasValue = i + 1 < ctx.ArgCount;
            if (hasValue && ctx.ArgIs(i, "rank"u8))
            {
                if (!ctx.TryGetInt64(++i, out rank))
                {
                    return;
                }
                if (rank == 0)
                {
                    ctx.Error(ErrorText.LPosRankZero);
                    return;
                }
            }
            else if (hasValue && ctx.ArgIs(i, "count"u8))
            {
                if (!TryGetInt64AtLeast(ctx, ++i, 0, ErrorText.LPosCountNegative, out count))
                {
                    return;
                }
            }
            else if (hasValue && ctx.ArgIs(i, "maxlen"u8))
            {
                if (!TryGetInt64AtLeast(ctx, ++i, 0, ErrorText.LPosMaxLenNegative, out maxLength))
                {
                    return;
                }
            }
            else
            {
                ctx.SyntaxError();
                return;
            }
        }
        if (LookupReadOrReply(ctx, nullWhenMissing: count == -1) is not { } list)
        {
            return;
        }
        var search = new ListPositionSearch(list, ctx.Arg(2), rank, count, maxLength);
        if (count == -1)
        {
            long match = search.Run(reply: null);
            if (match >= 0)
            {
                ctx.Reply.WriteInteger(match);
            }
            else
            {
                ctx.Reply.WriteNullBulk();
            }
            return;
        }
        // Redis defers the array length; the search is run twice instead (count, then reply) so nothing is buffered.
        ctx.Reply.WriteArrayHeader(search.Run(reply: null));
        search.Run(ctx.Reply);
    }

    /// <summary>LMOVE source destination LEFT|RIGHT LEFT|RIGHT</summary>
    public static void LMove(CommandContext ctx)
    {
        if (!TryParseEnd(ctx, 3, out ListEnd from) || !TryParseEnd(ctx, 4, out ListEnd to))
        {
            return;
        }
        MoveGeneric(ctx, from, to);
    }

    /// <summary>RPOPLPUSH source destination</summary>
    public static void RPopLPush(CommandContext ctx) => MoveGeneric(ctx, ListEnd.Tail, ListEnd.Head);

    /// <summary>LMPOP numkeys key [key ...] LEFT|RIGHT [COUNT count]</summary>
    /// <remarks>
    /// Mirrors lmpopGenericCommand and mpopGenericCommand: the arguments are checked as <see cref="TryParseMPop"/>
    /// says. The first non-empty list, in key order, is popped: the reply is [key, [elements]], or a nil array when
    /// every key is missing. A key of another type stops the scan with WRONGTYPE only when reached.
    /// </remarks>
    public static void LMPop(CommandContext ctx)
    {
        if (!TryParseMPop(ctx, 1, out int keyCount, out ListEnd where, out long count))
        {
            return;
        }
        for (int i = 2; i < 2 + keyCount; i++)
        {
            ReadOnlySpan<byte> key = ctx.Arg(i);
            if (!CollectionKeys.TryLookupWrite(ctx, key, create: false, out RedisList? list))
            {
                return;
            }
            if (list is not null)
            {
                CommandRewrites.PopCount(ctx, where == ListEnd.Head ? "LPOP"u8 : "RPOP"u8, key, Math.Min(count, list.Count));
                PopRangeWithKeyReply(ctx, key, list, where, count);
                return;
            }
        }
        ctx.Reply.WriteNullArray();
    }

    /// <summary>
    /// lmpopGenericCommand's parsing for LMPOP (numkeys at argument 1) and BLMPOP (at 2): numkeys, LEFT|RIGHT after
    /// the keys, then COUNT (see <see cref="MPopArguments"/>). False, having replied, on any error.
    /// </summary>
    internal static bool TryParseMPop(CommandContext ctx, int numKeysIndex, out int keyCount, out ListEnd where, out long count)
    {
        where = default;
        count = 0;
        return MPopArguments.TryParseNumKeys(ctx, numKeysIndex, out keyCount)
            && TryParseEnd(ctx, numKeysIndex + keyCount + 1, out where)
            && MPopArguments.TryParseCount(ctx, numKeysIndex + keyCount + 2, out count);
    }

    /// <summary>
    /// listPopRangeAndReplyWithKey: pops up to <paramref name="count"/> elements of the list at
    /// <paramref name="key"/> and replies [key, [elements]] (LMPOP, BLMPOP).
    /// </summary>
    internal static void PopRangeWithKeyReply(CommandContext ctx, ReadOnlySpan<byte> key, RedisList list, ListEnd where, long count)
    {
        ctx.Reply.WriteArrayHeader(2);
        ctx.Reply.WriteBulk(key);
        PopRangeReply(ctx, key, list, where, count);
    }

    /// <summary>
    /// lookupKeyReadOrReply plus checkType for the list at argument 1: null, having replied, when the key is
    /// missing (a nil bulk when <paramref name="nullWhenMissing"/>, else an empty array) or holds another type.
    /// </summary>
    private static RedisList? LookupReadOrReply(CommandContext ctx, bool nullWhenMissing)
    {
        switch (ctx.LookupRead(ctx.Arg(1), out RedisList? list))
        {
            case LookupStatus.NotFound when nullWhenMissing:
                ctx.Reply.WriteNullBulk();
                break;
            case LookupStatus.NotFound:
                ctx.Reply.WriteEmptyArray();
                break;
            case LookupStatus.WrongType:
                ctx.WrongType();
                break;
        }
        return list;
    }

    /// <summary>
    /// pushGenericCommand: pushes every element after the key, in order, at <paramref name="where"/>, creating the
    /// list unless <paramref name="onlyIfExists"/> (LPUSHX, RPUSHX, which reply 0 for a missing key). Replies with
    /// the new length.
    /// </summary>
    private static void PushGeneric(CommandContext ctx, ListEnd where, bool onlyIfExists)
    {
        ReadOnlySpan<byte> key = ctx.Arg(1);
        if (!CollectionKeys.TryLookupWrite(ctx, key, create: !onlyIfExists, out RedisList? list))
        {
            return;
        }
        if (list is null)
        {
            ctx.Reply.WriteInteger(0);
            return;
        }
        for (int i = 2; i < ctx.ArgCount; i++)
        {
            list.Push(ctx.Arg(i), where);
        }
        ctx.SignalModifiedKey(key);
        ctx.Notify(NotifyFlags.List, where == ListEnd.Head ? "lpush"u8 : "rpush"u8, key);
        ctx.MarkDirty(ctx.ArgCount - 2);
        ctx.Reply.WriteInteger(list.Count);
    }

    /// <summary>
    /// popGenericCommand: without a count, replies with the element popped at <paramref name="where"/> (nil for a
    /// missing key); with one, an array of up to count elements in pop order (a nil array for a missing key, an
    /// empty one for count 0). The count is validated before the key is looked up. An emptied list is deleted.
    /// </summary>
    private static void PopGeneric(CommandContext ctx, ListEnd where)
    {
        // The table's arity (-2) only sets the minimum; like Redis, the handler rejects more than one count.
        if (ctx.ArgCount > 3)
        {
            ctx.Error(ErrorText.WrongArity(ctx.Command.Name));
            return;
        }
        bool hasCount = ctx.ArgCount == 3;
        long count = 1;
        if (hasCount && !ctx.TryGetNonNegativeInt64(2, out count))
        {
            return;
        }
        ReadOnlySpan<byte> key = ctx.Arg(1);
        if (!CollectionKeys.TryLookupWrite(ctx, key, create: false, out RedisList? list))
        {
            return;
        }
        if (list is null)
        {
            if (hasCount)
            {
                ctx.Reply.WriteNullArray();
            }
            else
            {
                ctx.Reply.WriteNullBulk();
            }
            return;
        }
        if (hasCount)
        {
            if (count == 0)
            {
                ctx.Reply.WriteEmptyArray(); // the fast exit path: nothing popped, no event
                return;
            }
            PopRangeReply(ctx, key, list, where, count);
            return;
        }
        ListElement element = list.Pop(where);
        ctx.Reply.WriteBulk(element.Span);
        list.Recycle(element); // the reply holds a copy: the next push of a long element this length reuses its array
        ElementsRemoved(ctx, key, list, where, 1);
    }

    /// <summary>
    /// listPopRangeAndReplyWithKey without the key: pops up to <paramref name="count"/> (at least 1) elements at
    /// <paramref name="where"/> and replies with them as an array in pop order. Each popped element is a change;
    /// an emptied list is deleted.
    /// </summary>
    private static void PopRangeReply(CommandContext ctx, ReadOnlySpan<byte> key, RedisList list, ListEnd where, long count)
    {
        int popped = (int)Math.Min(count, list.Count);
        ctx.Reply.WriteArrayHeader(popped);
        for (int i = 0; i < popped; i++)
        {
            ListElement element = list.Pop(where);
            ctx.Reply.WriteBulk(element.Span);
            list.Recycle(element);
        }
        ElementsRemoved(ctx, key, list, where, popped);
    }

    /// <summary>
    /// listElementsRemoved: after <paramref name="count"/> elements were popped at <paramref name="where"/>, fires
    /// the "lpop"/"rpop" event, deletes an emptied list (with its "del" event), signals the key and counts the changes.
    /// </summary>
    private static void ElementsRemoved(CommandContext ctx, ReadOnlySpan<byte> key, RedisList list, ListEnd where, long count)
    {
        ctx.Notify(NotifyFlags.List, PopEvent(where), key);
        CollectionKeys.DeleteIfEmpty(ctx, key, list);
        ctx.SignalModifiedKey(key);
        ctx.MarkDirty(count);
    }

    private static ReadOnlySpan<byte> PopEvent(ListEnd where) => where == ListEnd.Head ? "lpop"u8 : "rpop"u8;

    /// <summary>
    /// lmoveGenericCommand (LMOVE, RPOPLPUSH): pops at <paramref name="from"/> of the source and pushes the element
    /// at <paramref name="to"/> of the destination, replying with it; nil when the source is missing. Both keys
    /// are type-checked before anything moves. Source and destination may be the same list (a rotation); the
    /// source is deleted only if still empty after the push.
    /// </summary>
    internal static void MoveGeneric(CommandContext ctx, ListEnd from, ListEnd to)
    {
        ReadOnlySpan<byte> sourceKey = ctx.Arg(1);
        if (!CollectionKeys.TryLookupWrite(ctx, sourceKey, create: false, out RedisList? source))
        {
            return;
        }
        if (source is null)
        {
            ctx.Reply.WriteNullBulk();
            return;
        }
        // The source is not empty, so the pop below cannot fail: creating the destination first is not observable.
        if (!CollectionKeys.TryLookupWrite(ctx, ctx.Arg(2), create: true, out RedisList? destination))
        {
            return;
        }
        // A short element is copied out of the source's slot and into the destination's; a long one's array moves.
        ListElement element = source.Pop(from);
        // lmoveHandlePush, then the source's side as lmoveGenericCommand does it.
        ReadOnlySpan<byte> destinationKey = ctx.Arg(2);
        ctx.SignalModifiedKey(destinationKey);
        destination!.Push(element, to);
        ctx.Notify(NotifyFlags.List, to == ListEnd.Head ? "lpush"u8 : "rpush"u8, destinationKey);
        ctx.Reply.WriteBulk(element.Span);
        ctx.Notify(NotifyFlags.List, PopEvent(from), sourceKey);
        CollectionKeys.DeleteIfEmpty(ctx, sourceKey, source);
        ctx.SignalModifiedKey(sourceKey);
        ctx.MarkDirty();
    }

    /// <summary>
    /// getRangeLongFromObjectOrReply with no upper bound: parses argument <paramref name="index"/> as an integer ≥
    /// <paramref name="min"/>; anything else, a non-number too, replies <paramref name="error"/> and returns false.
    /// </summary>
    private static bool TryGetInt64AtLeast(CommandContext ctx, int index, long min, ReadOnlySpan<byte> error, out long value)
    {
        if (NumericText.TryParseInt64(ctx.Arg(index), out value) && value >= min)
        {
            return true;
        }
        ctx.Error(error);
        return false;
    }

    /// <summary>getListPositionFromObjectOrReply: LEFT is the head, RIGHT the tail (any case); else a syntax error.</summary>
    internal static bool TryParseEnd(CommandContext ctx, int index, out ListEnd end)
    {
        if (ctx.ArgIs(index, "left"u8))
        {
            end = ListEnd.Head;
            return true;
        }
        if (ctx.ArgIs(index, "right"u8))
        {
            end = ListEnd.Tail;
            return true;
        }
        end = default;
        ctx.SyntaxError();
        return false;
    }

    /// <summary>
    /// The index arithmetic of LINDEX and LSET (quicklistIndex): a negative index counts from the tail (-1 is the
    /// last element). False when the index falls outside a list of <paramref name="length"/> elements.
    /// </summary>
    private static bool TryResolveIndex(long index, int length, out int position)
    {
        if (index < 0)
        {
            index += length;
        }
        position = (int)index;
        return index >= 0 && index < length;
    }

    /// <summary>
    /// The range arithmetic shared by LRANGE and LTRIM: negative indexes count from the tail, the start is clamped
    /// to 0 and the end to the last element. False when the range is empty (start after end, or past the tail).
    /// </summary>
    private static bool TryClampRange(long start, long end, int length, out int first, out int last)
    {
        if (start < 0)
        {
            start = Math.Max(0, length + start);
        }
        if (end < 0)
        {
            end += length;
        }
        if (start > end || start >= length)
        {
            first = last = 0;
            return false;
        }
        first = (int)start;
        last = (int)Math.Min(end, length - 1);
        return true;
    }
}
