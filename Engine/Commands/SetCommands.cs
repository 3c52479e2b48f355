using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Engine.Commands;

/// <summary>Set commands, grouped as in redis/redis src/t_set.c.</summary>
public static class SetCommands
{
    /// <summary>SADD key member [member ...]</summary>
    public static void SAdd(CommandContext ctx)
    {
        ReadOnlySpan<byte> key = ctx.Arg(1);
        if (!CollectionKeys.TryLookupWrite(ctx, key, create: true, out RedisSet? set))
        {
            return;
        }
        int added = 0;
        for (int i = 2; i < ctx.ArgCount; i++)
        {
            if (set!.Add(ctx.Arg(i)))
            {
                added++;
            }
        }
        ctx.MarkDirty(added);
        ctx.Reply.WriteInteger(added);
    }

    /// <summary>SCARD key</summary>
    public static void SCard(CommandContext ctx) => CollectionKeys.ReplyCount<RedisSet>(ctx);

    /// <summary>SPOP key [count]</summary>
    /// <remarks>Mirrors spopCommand in redis/redis src/t_set.c: more than one count is a syntax error.</remarks>
    public static void SPop(CommandContext ctx)
    {
        if (ctx.ArgCount > 3)
        {
            ctx.SyntaxError();
            return;
        }
        if (ctx.ArgCount == 3)
        {
            SPopWithCount(ctx);
            return;
        }
        ReadOnlySpan<byte> key = ctx.Arg(1);
        if (!CollectionKeys.TryLookupWrite(ctx, key, create: false, out RedisSet? set))
        {
            return;
        }
        if (set is null)
        {
            ctx.Reply.WriteNullBulk();
            return;
        }
        WriteMember(ctx, set.PopRandom());
        ctx.MarkDirty();
        CollectionKeys.DeleteIfEmpty(ctx, key, set);
    }

    /// <summary>Replies with a set member as a bulk string, formatting an intset integer without allocating.</summary>
    internal static void WriteMember(CommandContext ctx, SetMember member)
    {
        if (member.IsInteger)
        {
            ctx.Reply.WriteBulk(member.Integer);
        }
        else
        {
            ctx.Reply.WriteBulk(member.Bytes);
        }
    }

    /// <summary>
    /// spopWithCountCommand: replies with an array of up to count distinct random members, removed from the set.
    /// The count is validated before the key is looked up; a missing key or a count of 0 gives an empty array.
    /// When the count covers the whole set, the members come in set order (ascending for an intset, as Redis's
    /// SUNION of the set replies) and the key is deleted.
    /// </summary>
    private static void SPopWithCount(CommandContext ctx)
    {
        if (!ctx.TryGetNonNegativeInt64(2, out long count))
        {
            return;
        }
        ReadOnlySpan<byte> key = ctx.Arg(1);
        if (!CollectionKeys.TryLookupWrite(ctx, key, create: false, out RedisSet? set))
        {
            return;
        }
        if (set is null || count == 0)
        {
            ctx.Reply.WriteEmptyArray();
            return;
        }
        // Redis adds the requested count to the dirty counter, even when the set is smaller.
        ctx.MarkDirty(count);
        int size = set.Count;
        if (count >= size)
        {
            ctx.Reply.WriteArrayHeader(size);
            for (int i = 0; i < size; i++)
            {
                WriteMember(ctx, set.MemberAt(i));
            }
            ctx.Db.Delete(key);
            return;
        }
        ctx.Reply.WriteArrayHeader(count);
        for (long i = 0; i < count; i++)
        {
            WriteMember(ctx, set.PopRandom());
        }
    }
}
