using Reactor.MiniRedis.Engine.Commands;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Engine.Replication;

/// <summary>
/// The forms Redis 7.0 propagates commands in when the form they were sent in would not replay to the same result
/// (relative times, random choices, floating-point text): each method is one rewriteClientCommandVector or
/// alsoPropagate of the handler it is named after, so a handler needs one line. All of them return at once when
/// nothing is propagated.
/// </summary>
public static class CommandRewrites
{
    /// <summary>setGenericCommand with an expire: <c>SET key value PXAT ms</c> (NX, XX, GET and the relative time dropped).</summary>
    public static void SetPxAt(CommandContext ctx, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, long unixTimeMilliseconds) =>
        ctx.Rewrite(5).Add("SET"u8).Add(key).Add(value).Add("PXAT"u8).Add(unixTimeMilliseconds);

    /// <summary>setGenericCommand with GET and no expire: propagated as sent without its GET arguments.</summary>
    public static void SetWithoutGet(CommandContext ctx)
    {
        if (!ctx.Propagates)
        {
            return;
        }
        int kept = 0;
        for (int j = 0; j < ctx.ArgCount; j++)
        {
            kept += IsGet(ctx, j) ? 0 : 1;
        }
        CommandWriter writer = ctx.Rewrite(kept);
        for (int j = 0; j < ctx.ArgCount; j++)
        {
            if (!IsGet(ctx, j))
            {
                writer.Add(ctx.Arg(j));
            }
        }
    }

    /// <summary>
    /// expireGenericCommand: EXPIRE, PEXPIRE and EXPIREAT as <c>PEXPIREAT key ms</c> followed by their NX/XX/GT/LT
    /// arguments as sent; PEXPIREAT itself is propagated as sent.
    /// </summary>
    public static void ExpireAsPExpireAt(CommandContext ctx, long unixTimeMilliseconds)
    {
        if (!ctx.Propagates)
        {
            return;
        }
        CommandWriter writer = ctx.Rewrite(ctx.ArgCount).Add("PEXPIREAT"u8).Add(ctx.Arg(1)).Add(unixTimeMilliseconds);
        for (int j = 3; j < ctx.ArgCount; j++)
        {
            writer.Add(ctx.Arg(j));
        }
    }

    /// <summary>getexCommand with an expire: <c>PEXPIREAT key ms</c>.</summary>
    public static void PExpireAt(CommandContext ctx, ReadOnlySpan<byte> key, long unixTimeMilliseconds) =>
        ctx.Rewrite(3).Add("PEXPIREAT"u8).Add(key).Add(unixTimeMilliseconds);

    /// <summary>getexCommand with PERSIST: <c>PERSIST key</c>.</summary>
    public static void Persist(CommandContext ctx, ReadOnlySpan<byte> key) => ctx.Rewrite(2).Add("PERSIST"u8).Add(key);

    /// <summary>
    /// A command that deleted <paramref name="key"/> by setting a time already past (EXPIRE, GETEX): <c>DEL key</c>,
    /// or <c>UNLINK key</c> with lazyfree-lazy-expire.
    /// </summary>
    public static void DeleteExpired(CommandContext ctx, ReadOnlySpan<byte> key) =>
        Delete(ctx, key, ctx.Propagates && ctx.Server.Config.LazyFree.LazyExpire);

    /// <summary>getdelCommand: <c>DEL key</c>, or <c>UNLINK key</c> with lazyfree-lazy-user-del.</summary>
    public static void DeleteByUser(CommandContext ctx, ReadOnlySpan<byte> key) =>
        Delete(ctx, key, ctx.Propagates && ctx.Server.Config.LazyFree.LazyUserDel);

    /// <summary><c>DEL key</c> (or <c>UNLINK key</c> when <paramref name="lazy"/>): SPOP of the whole set, RESTORE of an expired payload.</summary>
    public static void Delete(CommandContext ctx, ReadOnlySpan<byte> key, bool lazy = false) =>
        ctx.Rewrite(2).Add(lazy ? "UNLINK"u8 : "DEL"u8).Add(key);

    /// <summary>incrbyfloatCommand: <c>SET key value KEEPTTL</c> with the value computed here, so float formatting never differs.</summary>
    public static void SetKeepTtl(CommandContext ctx, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value) =>
        ctx.Rewrite(4).Add("SET"u8).Add(key).Add(value).Add("KEEPTTL"u8);

    /// <summary>hincrbyfloatCommand: <c>HSET key field value</c> with the value computed here.</summary>
    public static void HSet(CommandContext ctx, ReadOnlySpan<byte> key, ReadOnlySpan<byte> field, ReadOnlySpan<byte> value) =>
        ctx.Rewrite(4).Add("HSET"u8).Add(key).Add(field).Add(value);

    /// <summary>spopCommand: <c>SREM key member</c> for the member it chose.</summary>
    public static void SRem(CommandContext ctx, ReadOnlySpan<byte> key, SetMember member)
    {
        Span<byte> scratch = stackalloc byte[20];
        ctx.Rewrite(3).Add("SREM"u8).Add(key).Add(member.GetBytes(scratch));
    }

    /// <summary>spopWithCountCommand: one <c>SREM key member</c> per member popped (the SPOP itself is then prevented).</summary>
    public static void AlsoSRem(CommandContext ctx, ReadOnlySpan<byte> key, SetMember member)
    {
        Span<byte> scratch = stackalloc byte[20];
        ctx.AlsoPropagate(3).Add("SREM"u8).Add(key).Add(member.GetBytes(scratch));
    }

    /// <summary>
    /// LMPOP and ZMPOP: <c>LPOP|RPOP|ZPOPMIN|ZPOPMAX key count</c> for the key they popped from, with the number of
    /// elements actually popped.
    /// </summary>
    public static void PopCount(CommandContext ctx, ReadOnlySpan<byte> command, ReadOnlySpan<byte> key, long count) =>
        ctx.Rewrite(3).Add(command).Add(key).Add(count);

    /// <summary>restoreCommand with a relative TTL: propagated as sent with the absolute time and ABSTTL appended.</summary>
    public static void RestoreAbsoluteTtl(CommandContext ctx, long unixTimeMilliseconds)
    {
        if (!ctx.Propagates)
        {
            return;
        }
        CommandWriter writer = ctx.Rewrite(ctx.ArgCount + 1).Add(ctx.Arg(0)).Add(ctx.Arg(1)).Add(unixTimeMilliseconds);
        for (int j = 3; j < ctx.ArgCount; j++)
        {
            writer.Add(ctx.Arg(j));
        }
        writer.Add("ABSTTL"u8);
    }

    // The GET of SET: any argument after the value spelled "get" in any case.
    private static bool IsGet(CommandContext ctx, int j) => j >= 3 && ctx.ArgIs(j, "get"u8);
}
