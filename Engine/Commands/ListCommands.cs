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
        switch (ctx.LookupRead(ctx.Arg(1), out RedisList? list))
        {
            case LookupStatus.NotFound:
                ctx.Reply.WriteEmptyArray();
                return;
            case LookupStatus.WrongType:
                ctx.WrongType();
                return;
        }
        long length = list!.Count;
        if (start < 0)
        {
            start = Math.Max(0, length + start);
        }
        if (end < 0)
        {
            end = length + end;
        }
        if (start > end || start >= length)
        {
            ctx.Reply.WriteEmptyArray();
            return;
        }
        end = Math.Min(end, length - 1);
        ctx.Reply.WriteArrayHeader(end - start + 1);
        for (long i = start; i <= end; i++)
        {
            ctx.Reply.WriteBulk(list[(int)i]);
        }
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
        if (!hasCount)
        {
            ctx.Reply.WriteBulk(list.Pop(where));
        }
        else
        {
            int popped = (int)Math.Min(count, list.Count);
            ctx.Reply.WriteArrayHeader(popped);
            for (int i = 0; i < popped; i++)
            {
                ctx.Reply.WriteBulk(list.Pop(where));
            }
            count = popped;
        }
        ctx.MarkDirty(count);
        CollectionKeys.DeleteIfEmpty(ctx, key, list);
    }
}
