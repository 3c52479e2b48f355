using System.Runtime.CompilerServices;
using Reactor.MiniRedis.Engine.Server;
using Reactor.MiniRedis.Protocol;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Engine.Commands;

/// <summary>The OBJECT subcommands (objectCommand in redis/redis src/object.c).</summary>
public static class ObjectCommands
{
    /// <summary>OBJ_SHARED_REFCOUNT: the reference count Redis reports for its shared objects.</summary>
    internal const long SharedRefCount = int.MaxValue;

    /// <summary>OBJ_SHARED_INTEGERS: integers 0..9999 are stored as shared objects when sharing is allowed.</summary>
    private const long SharedIntegers = 10000;

    private static readonly string[] s_help =
    [
        "ENCODING <key>",
        "    Return the kind of internal representation used in order to store the value",
        "    associated with a <key>.",
        "FREQ <key>",
        "    Return the access frequency index of the <key>. The returned integer is",
        "    proportional to the logarithm of the recent access frequency of the key.",
        "IDLETIME <key>",
        "    Return the idle time of the <key>, that is the approximated number of",
        "    seconds elapsed since the last access to the key.",
        "REFCOUNT <key>",
        "    Return the number of references of the value associated with the specified",
        "    <key>.",
    ];

    /// <summary>OBJECT ENCODING key</summary>
    /// <remarks>
    /// Replies the value's internal representation as Redis 7.0 names it (<c>int</c>, <c>embstr</c>, <c>raw</c>,
    /// <c>quicklist</c>, <c>intset</c>, <c>listpack</c>, <c>hashtable</c>, <c>skiplist</c>), or nil for a missing key.
    /// </remarks>
    public static void Encoding(CommandContext ctx)
    {
        ref StoredValue value = ref Lookup(ctx);
        if (Unsafe.IsNullRef(ref value))
        {
            ctx.Reply.WriteNullBulk();
            return;
        }
        string encoding = value.IsBareString ? RedisString.EncodingOf(value.StringBytes) : value.Object!.Encoding;
        Span<byte> name = stackalloc byte[encoding.Length];
        System.Text.Encoding.ASCII.GetBytes(encoding, name);
        ctx.Reply.WriteBulk(name);
    }

    /// <summary>OBJECT IDLETIME key</summary>
    /// <remarks>
    /// Seconds since the value was last accessed (estimateObjectIdleTime / 1000), or nil for a missing key. Under an
    /// LFU maxmemory-policy the clock holds access frequencies instead, so Redis refuses, and so do we.
    /// </remarks>
    public static void IdleTime(CommandContext ctx)
    {
        ref StoredValue value = ref Lookup(ctx);
        if (Unsafe.IsNullRef(ref value))
        {
            ctx.Reply.WriteNullBulk();
            return;
        }
        if (ctx.Server.Config.Access.Lfu)
        {
            ctx.Error(ErrorText.IdleTimeNotTracked);
            return;
        }
        ctx.Reply.WriteInteger(ctx.Db.IdleMilliseconds(value.Lru) / Database.LruClockResolution);
    }

    /// <summary>OBJECT FREQ key</summary>
    /// <remarks>
    /// The value's logarithmic access counter after decay (LFUDecrAndReturn), or nil for a missing key. Only an LFU
    /// maxmemory-policy keeps the counter; otherwise Redis refuses, and so do we.
    /// </remarks>
    public static void Freq(CommandContext ctx)
    {
        ref StoredValue value = ref Lookup(ctx);
        if (Unsafe.IsNullRef(ref value))
        {
            ctx.Reply.WriteNullBulk();
            return;
        }
        if (!ctx.Server.Config.Access.Lfu)
        {
            ctx.Error(ErrorText.FrequencyNotTracked);
            return;
        }
        ctx.Reply.WriteInteger(ctx.Db.LfuFrequency(value.Lru));
    }

    /// <summary>OBJECT REFCOUNT key</summary>
    /// <remarks>
    /// Values are never shared between keys here except where Redis shares them: integer strings 0..9999 are
    /// Redis's shared integers (OBJ_SHARED_REFCOUNT) unless maxmemory is set with an LRU/LFU policy
    /// (MAXMEMORY_FLAG_NO_SHARED_INTEGERS, see canUseSharedObject). Everything else has one reference.
    /// </remarks>
    public static void RefCount(CommandContext ctx)
    {
        ref StoredValue value = ref Lookup(ctx);
        if (Unsafe.IsNullRef(ref value))
        {
            ctx.Reply.WriteNullBulk();
            return;
        }
        bool shared = value.IsBareString
            ? RedisString.TryIntegerEncoding(value.StringBytes, out long integer) && IsSharedInteger(ctx.Server.Config, integer)
            : IsSharedInteger(ctx.Server.Config, value.Object!);
        ctx.Reply.WriteInteger(shared ? SharedRefCount : 1);
    }

    /// <summary>OBJECT HELP</summary>
    public static void Help(CommandContext ctx) => HelpReply.Write(ctx, s_help);

    /// <summary>
    /// objectCommandLookup: the key at argument 2 with LOOKUP_NOTOUCH, so inspecting a value does not make it look
    /// recently used, and LOOKUP_NONOTIFY, so a miss fires no "keymiss" event; it still counts a keyspace hit or miss.
    /// A bare string (<see cref="StoredValue"/>) is inspected as it is: OBJECT never makes it an object.
    /// </summary>
    private static ref StoredValue Lookup(CommandContext ctx) => ref ctx.LookupReadStored(ctx.Arg(2), touch: false, notify: false);

    /// <summary>
    /// Whether Redis would hold <paramref name="value"/> as one of its shared integers (tryObjectEncoding with
    /// canUseSharedObject in redis/redis src/object.c). Judged with the current configuration.
    /// </summary>
    internal static bool IsSharedInteger(ServerConfig config, RedisObject value) =>
        value is RedisString { IsInteger: true } text && IsSharedInteger(config, text.Integer);

    // An integer string of this value is one of Redis's shared integers under the current configuration.
    private static bool IsSharedInteger(ServerConfig config, long integer) =>
        integer is >= 0 and < SharedIntegers
        && (config.MaxMemory == 0 || !(config.Access.Lfu || IsLruPolicy(config.MaxMemoryPolicy)));

    /// <summary>MAXMEMORY_FLAG_LRU: allkeys-lru and volatile-lru.</summary>
    private static bool IsLruPolicy(string policy) => policy is "allkeys-lru" or "volatile-lru";
}
