using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Engine.Commands;

/// <summary>The OBJECT subcommands (objectCommand in redis/redis src/object.c).</summary>
public static class ObjectCommands
{
    // Only the subcommands this server implements are listed; Redis 7.0 also lists FREQ, IDLETIME and REFCOUNT.
    private static readonly string[] s_help =
    [
        "ENCODING <key>",
        "    Return the kind of internal representation used in order to store the value",
        "    associated with a <key>.",
    ];

    /// <summary>OBJECT ENCODING key</summary>
    /// <remarks>
    /// Replies the value's internal representation as Redis 7.0 names it (<c>int</c>, <c>embstr</c>, <c>raw</c>,
    /// <c>quicklist</c>, <c>intset</c>, <c>listpack</c>, <c>hashtable</c>, <c>skiplist</c>), or nil for a missing key.
    /// The lookup counts a keyspace hit or miss, as objectCommandLookup does.
    /// </remarks>
    public static void Encoding(CommandContext ctx)
    {
        RedisObject? value = ctx.LookupRead(ctx.Arg(2));
        if (value is null)
        {
            ctx.Reply.WriteNullBulk();
            return;
        }
        Span<byte> name = stackalloc byte[value.Encoding.Length];
        System.Text.Encoding.ASCII.GetBytes(value.Encoding, name);
        ctx.Reply.WriteBulk(name);
    }

    /// <summary>OBJECT HELP</summary>
    public static void Help(CommandContext ctx) => HelpReply.Write(ctx, s_help);
}
