using Reactor.MiniRedis.Engine.PubSub;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Engine.Commands;

/// <summary>
/// Key handling shared by the list, set, hash and sorted-set writes: lookupKeyWrite plus the type check and the
/// create-on-first-write of redis/redis src/t_*.c, and the rule that an emptied collection key is deleted.
/// </summary>
internal static class CollectionKeys
{
    /// <summary>
    /// Finds the <typeparamref name="T"/> at <paramref name="key"/> for a write (lookupKeyWrite: expires it lazily,
    /// counts no hit or miss). When the key is missing and <paramref name="create"/> is set, stores a new empty
    /// value and returns it; when missing and not creating, <paramref name="value"/> is null. Returns false, having
    /// replied WRONGTYPE, when the key holds another type.
    /// </summary>
    public static bool TryLookupWrite<T>(CommandContext ctx, ReadOnlySpan<byte> key, bool create, out T? value)
        where T : RedisObject, IRedisCollection<T>
    {
        switch (ctx.Db.Lookup(key, out value))
        {
            case LookupStatus.WrongType:
                ctx.WrongType();
                return false;
            case LookupStatus.NotFound when create:
                value = T.Create(ctx.Db.EncodingLimits);
                ctx.Db.Set(key, value);
                return true;
            default:
                return true;
        }
    }

    /// <summary>
    /// The length commands (LLEN, SCARD, HLEN, ZCARD): replies with the element count of the
    /// <typeparamref name="T"/> at key 1, 0 for a missing key (lookupKeyReadOrReply with czero), WRONGTYPE for
    /// another type.
    /// </summary>
    public static void ReplyCount<T>(CommandContext ctx) where T : RedisObject, IRedisCollection
    {
        if (ctx.LookupRead(ctx.Arg(1), out T? value) == LookupStatus.WrongType)
        {
            ctx.WrongType();
            return;
        }
        ctx.Reply.WriteInteger(value?.Count ?? 0);
    }

    /// <summary>
    /// Deletes <paramref name="key"/> once <paramref name="collection"/> has no elements left, with its "del"
    /// keyspace event: Redis never keeps an empty list, set, hash or sorted set. Callers notify their own event
    /// first, as the t_*.c commands do before their dbDelete. Returns whether the key was deleted.
    /// </summary>
    public static bool DeleteIfEmpty(CommandContext ctx, ReadOnlySpan<byte> key, IRedisCollection collection)
    {
        if (collection.Count != 0)
        {
            return false;
        }
        ctx.Db.Delete(key);
        ctx.Notify(NotifyFlags.Generic, "del"u8, key);
        return true;
    }
}
