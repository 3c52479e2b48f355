using Reactor.MiniRedis.Engine.PubSub;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Engine.Commands;

/// <summary>
/// The member tests and the removal loop that the set and hash commands share: SISMEMBER and HEXISTS, SREM and
/// HDEL (sismemberCommand and sremCommand in redis/redis src/t_set.c, hexistsCommand and hdelCommand in src/t_hash.c).
/// </summary>
internal static class CollectionMembers
{
    /// <summary>
    /// Replies 1 when the <typeparamref name="T"/> at key 1 holds argument 2 by <paramref name="contains"/>, 0 when
    /// it does not or the key is missing (lookupKeyReadOrReply with czero), WRONGTYPE for another type.
    /// </summary>
    public static void ReplyContains<T>(CommandContext ctx, Func<T, ReadOnlySpan<byte>, bool> contains) where T : RedisObject
    {
        switch (ctx.LookupRead(ctx.Arg(1), out T? collection))
        {
            case LookupStatus.WrongType:
                ctx.WrongType();
                break;
            case LookupStatus.Found when contains(collection!, ctx.Arg(2)):
                ctx.Reply.WriteInteger(1);
                break;
            default:
                ctx.Reply.WriteInteger(0);
                break;
        }
    }

    /// <summary>
    /// Removes each argument from index 2 on from the <typeparamref name="T"/> at key 1 with
    /// <paramref name="remove"/>, and replies with the number removed (0 for a missing key, WRONGTYPE for another
    /// type). Once the collection is empty its key is deleted and the remaining arguments are not looked at. Counts
    /// one change per removal. When anything went, fires <paramref name="evt"/> ("srem", "hdel"), then "del" for
    /// a deleted key.
    /// </summary>
    public static void RemoveArguments<T>(
        CommandContext ctx, NotifyFlags type, ReadOnlySpan<byte> evt, Func<T, ReadOnlySpan<byte>, bool> remove)
        where T : RedisObject, IRedisCollection<T>
    {
        ReadOnlySpan<byte> key = ctx.Arg(1);
        if (!CollectionKeys.TryLookupWrite(ctx, key, create: false, out T? collection))
        {
            return;
        }
        int removed = 0;
        bool keyRemoved = false;
        for (int i = 2; collection is not null && i < ctx.ArgCount; i++)
        {
            if (remove(collection, ctx.Arg(i)))
            {
                removed++;
                if (collection.Count == 0)
                {
                    ctx.Db.Delete(key);
                    keyRemoved = true;
                    break;
                }
            }
        }
        if (removed > 0)
        {
            ctx.SignalModifiedKey(key);
            ctx.Notify(type, evt, key);
            if (keyRemoved)
            {
                ctx.Notify(NotifyFlags.Generic, "del"u8, key);
            }
        }
        ctx.MarkDirty(removed);
        ctx.Reply.WriteInteger(removed);
    }
}
