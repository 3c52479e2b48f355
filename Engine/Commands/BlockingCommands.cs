using Reactor.MiniRedis.Engine.Blocking;
using Reactor.MiniRedis.Engine.Networking;
using Reactor.MiniRedis.Engine.PubSub;
using Reactor.MiniRedis.Protocol;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Engine.Commands;

/// <summary>
/// The blocking list and sorted-set commands: the blocking parts of redis/redis src/t_list.c and src/t_zset.c
/// (7.0). Each one pops at once when a key has elements, exactly like its non-blocking twin; otherwise it blocks
/// the client on its keys (see <see cref="BlockedClients"/>) and is served here later, when a key is created.
/// </summary>
public static class BlockingCommands
{
    /// <summary>The largest deadline kept: far enough to be "for ever", small enough that adding to it cannot overflow.</summary>
    private const long MaxDeadline = long.MaxValue / 2;

    /// <summary>BLPOP key [key ...] timeout</summary>
    public static void BLPop(CommandContext ctx) =>
        BlockingPopGeneric<RedisList>(ctx, firstKey: 1, keyCount: ctx.ArgCount - 2, timeoutIndex: ctx.ArgCount - 1, where: ListEnd.Head);

    /// <summary>BRPOP key [key ...] timeout</summary>
    public static void BRPop(CommandContext ctx) =>
        BlockingPopGeneric<RedisList>(ctx, firstKey: 1, keyCount: ctx.ArgCount - 2, timeoutIndex: ctx.ArgCount - 1, where: ListEnd.Tail);

    /// <summary>BLMPOP timeout numkeys key [key ...] LEFT|RIGHT [COUNT count]</summary>
    /// <remarks>
    /// Mirrors blmpopCommand (lmpopGenericCommand with is_block): numkeys, LEFT|RIGHT and COUNT are checked as for
    /// LMPOP before the timeout is; then the first non-empty list is popped like LMPOP, or the client blocks.
    /// </remarks>
    public static void BLMPop(CommandContext ctx)
    {
        if (ListCommands.TryParseMPop(ctx, 2, out int keyCount, out ListEnd where, out long count))
        {
            BlockingPopGeneric<RedisList>(ctx, firstKey: 3, keyCount, timeoutIndex: 1, where: where, count: count);
        }
    }

    /// <summary>BLMOVE source destination LEFT|RIGHT LEFT|RIGHT timeout</summary>
    public static void BLMove(CommandContext ctx)
    {
        if (ListCommands.TryParseEnd(ctx, 3, out ListEnd from) && ListCommands.TryParseEnd(ctx, 4, out ListEnd to))
        {
            BlockingMoveGeneric(ctx, from, to, timeoutIndex: 5);
        }
    }

    /// <summary>BRPOPLPUSH source destination timeout</summary>
    public static void BRPopLPush(CommandContext ctx) => BlockingMoveGeneric(ctx, ListEnd.Tail, ListEnd.Head, timeoutIndex: 3);

    /// <summary>BZPOPMIN key [key ...] timeout</summary>
    public static void BZPopMin(CommandContext ctx) =>
        BlockingPopGeneric<RedisSortedSet>(ctx, firstKey: 1, keyCount: ctx.ArgCount - 2, timeoutIndex: ctx.ArgCount - 1, highest: false);

    /// <summary>BZPOPMAX key [key ...] timeout</summary>
    public static void BZPopMax(CommandContext ctx) =>
        BlockingPopGeneric<RedisSortedSet>(ctx, firstKey: 1, keyCount: ctx.ArgCount - 2, timeoutIndex: ctx.ArgCount - 1, highest: true);

    /// <summary>BZMPOP timeout numkeys key [key ...] MIN|MAX [COUNT count]</summary>
    /// <remarks>
    /// Mirrors bzmpopCommand (zmpopGenericCommand with is_block): numkeys, MIN|MAX and COUNT are checked as for
    /// ZMPOP before the timeout is; then the first existing sorted set is popped like ZMPOP, or the client blocks.
    /// </remarks>
    public static void BZMPop(CommandContext ctx)
    {
        if (SortedSetCommands.TryParseMPop(ctx, 2, out int keyCount, out bool highest, out long count))
        {
            BlockingPopGeneric<RedisSortedSet>(ctx, firstKey: 3, keyCount, timeoutIndex: 1, highest: highest, count: count);
        }
    }

    /// <summary>
    /// getTimeoutFromObjectOrReply with UNIT_SECONDS (redis/redis src/timeout.c): argument <paramref name="index"/>
    /// is seconds as a long double (string2ld: decimal or hexadecimal, "inf" too, no spaces), converted as
    /// <c>(long long)ceill(seconds * 1000.0)</c> — so 0.0001 is 1 ms, -0.0001 is 0, and anything past 2^63 ms
    /// (inf, 1e20) is negative. A negative result is <c>ERR timeout is negative</c>; 0 means wait forever
    /// (<paramref name="deadline"/> 0); otherwise the deadline is that many milliseconds from now on the loop clock.
    /// </summary>
    internal static bool TryGetTimeout(CommandContext ctx, int index, out long deadline)
    {
        deadline = 0;
        if (!NumericText.TryParseLongDouble(ctx.Arg(index), out LongDouble seconds))
        {
            ctx.Error(ErrorText.TimeoutNotFloat);
            return false;
        }
        long milliseconds = (seconds * LongDouble.FromInt64(1000)).CeilingToInt64();
        if (milliseconds < 0)
        {
            ctx.Error(ErrorText.TimeoutNegative);
            return false;
        }
        deadline = DeadlineAfter(ctx, milliseconds);
        return true;
    }

    /// <summary>
    /// The loop-clock deadline <paramref name="milliseconds"/> from now, 0 (no deadline) for 0. Redis's sum can wrap
    /// past 2^63 (a client then waits for ever); it is kept in range here with the same effect.
    /// </summary>
    internal static long DeadlineAfter(CommandContext ctx, long milliseconds)
    {
        if (milliseconds == 0)
        {
            return 0;
        }
        long now = ctx.Server.Loop.NowMilliseconds;
        return milliseconds > MaxDeadline - now ? MaxDeadline : now + milliseconds;
    }

    /// <summary>
    /// serveClientBlockedOnList: serves blocked client <paramref name="blocked"/> (its command loaded in
    /// <paramref name="ctx"/>) from <paramref name="list"/>, just created at <paramref name="key"/>: BLPOP/BRPOP
    /// reply [key, element], BLMPOP [key, [elements]], BLMOVE/BRPOPLPUSH the element moved to their destination
    /// (WRONGTYPE, moving nothing, when the destination holds another type). An emptied list is deleted.
    /// </summary>
    internal static void ServeList(CommandContext ctx, BlockedClient blocked, ReadOnlySpan<byte> key, RedisList list)
    {
        if (blocked.HasTarget)
        {
            MoveAndPropagate(ctx, blocked.From, blocked.To);
        }
        else
        {
            PopList(ctx, key, list, blocked.From, blocked.Count, served: true);
        }
    }

    /// <summary>
    /// serveClientsBlockedOnSortedSetKey's step: serves blocked client <paramref name="blocked"/> from
    /// <paramref name="zset"/>, just created at <paramref name="key"/>: BZPOPMIN/BZPOPMAX reply [key, member,
    /// score], BZMPOP [key, [[member, score], ...]]. An emptied sorted set is deleted.
    /// </summary>
    internal static void ServeSortedSet(CommandContext ctx, BlockedClient blocked, ReadOnlySpan<byte> key, RedisSortedSet zset) =>
        PopSortedSet(ctx, key, zset, blocked.Highest, blocked.Count);

    /// <summary>
    /// blockingPopGenericCommand (lists) and blockingGenericZpopCommand (sorted sets): after the timeout is parsed,
    /// pops from the first key holding a <typeparamref name="T"/>: one element with its key for BLPOP, BRPOP,
    /// BZPOPMIN and BZPOPMAX (<paramref name="count"/> -1), up to <paramref name="count"/> for BLMPOP and BZMPOP. A
    /// key of another type met first is WRONGTYPE. With none, the client blocks, or, inside MULTI, gets a nil array.
    /// </summary>
    private static void BlockingPopGeneric<T>(CommandContext ctx, int firstKey, int keyCount, int timeoutIndex,
        ListEnd where = ListEnd.Head, bool highest = false, long count = -1)
        where T : RedisObject, IRedisCollection<T>
    {
        if (!TryGetTimeout(ctx, timeoutIndex, out long deadline) || !TryFindFirst(ctx, firstKey, keyCount, out int keyIndex, out T? value))
        {
            return;
        }
        switch (value)
        {
            case RedisList list:
                PopList(ctx, ctx.Arg(keyIndex), list, where, count, served: false);
                break;
            case RedisSortedSet zset:
                PopSortedSet(ctx, ctx.Arg(keyIndex), zset, highest, count);
                break;
            case null when DeniesBlocking(ctx):
                ctx.Reply.WriteNullArray();
                break;
            default:
                BlockedType type = typeof(T) == typeof(RedisList) ? BlockedType.List : BlockedType.SortedSet;
                ctx.Server.Blocking.Block(ctx, type, firstKey, keyCount, deadline, from: where, highest: highest, count: count);
                break;
        }
    }

    /// <summary>
    /// blmoveGenericCommand: after the ends and timeout are parsed, a source of another type is WRONGTYPE; a
    /// missing source blocks the client (or, inside MULTI, replies nil at once, a nil bulk here unlike the other
    /// blocking commands); an existing one is moved exactly as LMOVE does.
    /// </summary>
    private static void BlockingMoveGeneric(CommandContext ctx, ListEnd from, ListEnd to, int timeoutIndex)
    {
        if (!TryGetTimeout(ctx, timeoutIndex, out long deadline) || !TryFindFirst(ctx, 1, 1, out _, out RedisList? source))
        {
            return;
        }
        if (source is not null)
        {
            MoveAndPropagate(ctx, from, to);
        }
        else if (DeniesBlocking(ctx))
        {
            ctx.Reply.WriteNullBulk();
        }
        else
        {
            ctx.Server.Blocking.Block(ctx, BlockedType.List, firstKey: 1, keyCount: 1, deadline, from, to, hasTarget: true);
        }
    }

    /// <summary>
    /// The key scan of the blocking commands: the first of the <paramref name="keyCount"/> keys from argument
    /// <paramref name="firstKey"/> that exists (lookupKeyWrite), in <paramref name="value"/> with its argument index;
    /// null when none does (collections are never empty, so an existing key has elements). Returns false, having
    /// replied WRONGTYPE, when a key of another type comes first.
    /// </summary>
    private static bool TryFindFirst<T>(CommandContext ctx, int firstKey, int keyCount, out int keyIndex, out T? value)
        where T : RedisObject, IRedisCollection<T>
    {
        for (keyIndex = firstKey; keyIndex < firstKey + keyCount; keyIndex++)
        {
            if (!CollectionKeys.TryLookupWrite(ctx, ctx.Arg(keyIndex), create: false, out value))
            {
                return false;
            }
            if (value is not null)
            {
                return true;
            }
        }
        value = null;
        return true;
    }

    /// <summary>
    /// CLIENT_DENY_BLOCKING: inside MULTI (and so inside EXEC) a blocking command may not block; it acts as if its
    /// timeout had expired at once.
    /// </summary>
    private static bool DeniesBlocking(CommandContext ctx) => (ctx.Client.Flags & ClientFlags.Multi) != 0;

    /// <summary>
    /// The pop of BLPOP/BRPOP (<paramref name="count"/> -1: reply [key, element]) and BLMPOP (reply [key,
    /// [elements]]) from a non-empty list, at once or when <paramref name="served"/>, propagated as <c>LPOP key</c>
    /// / <c>RPOP key count</c>. The emptied list is deleted. A single pop notifies lpop/rpop, and signals the key
    /// as modified only when done at once (serveClientBlockedOnList leaves that to the push that made it ready).
    /// </summary>
    private static void PopList(CommandContext ctx, ReadOnlySpan<byte> key, RedisList list, ListEnd where, long count, bool served)
    {
        ReadOnlySpan<byte> pop = where == ListEnd.Head ? "LPOP"u8 : "RPOP"u8;
        if (count == -1)
        {
            ctx.Server.Blocking.Propagate(ctx, pop, key);
            ctx.Reply.WriteArrayHeader(2);
            ctx.Reply.WriteBulk(key);
            ListElement element = list.Pop(where);
            ctx.Reply.WriteBulk(element.Span);
            list.Recycle(element);
            ctx.Notify(NotifyFlags.List, where == ListEnd.Head ? "lpop"u8 : "rpop"u8, key);
            ctx.MarkDirty();
            CollectionKeys.DeleteIfEmpty(ctx, key, list);
            if (!served)
            {
                ctx.SignalModifiedKey(key);
            }
            return;
        }
        ctx.Server.Blocking.Propagate(ctx, pop, key, Math.Min(count, list.Count));
        ListCommands.PopRangeWithKeyReply(ctx, key, list, where, count);
    }

    /// <summary>
    /// LMOVE's move for BLMOVE and BRPOPLPUSH (at once or when served), propagated as <c>LMOVE src dst from to</c>
    /// or <c>RPOPLPUSH src dst</c> when it happened (not when the destination had the wrong type).
    /// </summary>
    private static void MoveAndPropagate(CommandContext ctx, ListEnd from, ListEnd to)
    {
        ListCommands.MoveGeneric(ctx, from, to);
        if (ctx.Failed)
        {
            return;
        }
        if (ctx.ArgCount == 4)
        {
            ctx.Server.Blocking.Propagate(ctx, "RPOPLPUSH"u8, ctx.Arg(1), ctx.Arg(2));
        }
        else
        {
            ctx.Server.Blocking.Propagate(ctx, ctx.Arg(1), ctx.Arg(2), from, to);
        }
    }

    /// <summary>
    /// genericZpopCommand with the key, for BZPOPMIN/BZPOPMAX (<paramref name="count"/> -1: a flat [key, member,
    /// score] in RESP2 and RESP3 alike) and BZMPOP (nested pairs), at once or when served, propagated as
    /// <c>ZPOPMIN key [count]</c> or <c>ZPOPMAX key [count]</c>. The emptied sorted set is deleted. A single pop
    /// notifies zpopmin/zpopmax and signals the key as modified, served or not (both run genericZpopCommand).
    /// </summary>
    private static void PopSortedSet(CommandContext ctx, ReadOnlySpan<byte> key, RedisSortedSet zset, bool highest, long count)
    {
        ReadOnlySpan<byte> pop = highest ? "ZPOPMAX"u8 : "ZPOPMIN"u8;
        if (count == -1)
        {
            ctx.Server.Blocking.Propagate(ctx, pop, key);
            SkipListNode node = highest ? zset.Last : zset.First; // served only when the set is not empty
            ctx.Reply.WriteArrayHeader(3);
            ctx.Reply.WriteBulk(key);
            ctx.Reply.WriteBulk(node.Member);
            ScoreFormat.WriteScore(ctx, node.Score);
            zset.Remove(node);
            ctx.Notify(NotifyFlags.Zset, highest ? "zpopmax"u8 : "zpopmin"u8, key);
            ctx.MarkDirty();
            CollectionKeys.DeleteIfEmpty(ctx, key, zset);
            ctx.SignalModifiedKey(key);
            return;
        }
        ctx.Server.Blocking.Propagate(ctx, pop, key, Math.Min(count, zset.Count));
        SortedSetCommands.PopWithKeyReply(ctx, key, zset, highest, count);
    }
}
