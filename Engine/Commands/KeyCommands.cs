using System.Runtime.CompilerServices;
using Reactor.MiniRedis.Engine.PubSub;
using Reactor.MiniRedis.Engine.Replication;
using Reactor.MiniRedis.Protocol;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Engine.Commands;

/// <summary>
/// Generic keyspace commands, whatever the value's type: redis/redis src/db.c (DEL, EXISTS, TYPE, RENAME, KEYS,
/// RANDOMKEY) and src/expire.c (EXPIRE and friends, TTL and friends, PERSIST, TOUCH).
/// </summary>
public static class KeyCommands
{
    private static ReadOnlySpan<byte> OkReply => "+OK\r\n"u8;
    private static ReadOnlySpan<byte> OneReply => ":1\r\n"u8;
    private static ReadOnlySpan<byte> ZeroReply => ":0\r\n"u8;

    /// <summary>The NX | XX | GT | LT options of the EXPIRE family (EXPIRE_NX ... in src/expire.c).</summary>
    [Flags]
    private enum ExpireCondition
    {
        None = 0,
        Nx = 1,
        Xx = 2,
        Gt = 4,
        Lt = 8,
    }

    /// <summary>DEL key [key ...]</summary>
    /// <remarks>Frees in the background like UNLINK under lazyfree-lazy-user-del (delCommand).</remarks>
    public static void Del(CommandContext ctx) => DelGeneric(ctx, ctx.Server.Config.LazyFree.LazyUserDel);

    /// <summary>UNLINK key [key ...]</summary>
    /// <remarks>
    /// unlinkCommand: the keys go from the keyspace at once; a big value (see <see cref="LazyFree"/>) is then torn
    /// down on the lazyfree thread.
    /// </remarks>
    public static void Unlink(CommandContext ctx) => DelGeneric(ctx, lazy: true);

    /// <summary>EXISTS key [key ...]</summary>
    /// <remarks>A key named twice is counted twice, as in existsCommand.</remarks>
    public static void Exists(CommandContext ctx) => CountExisting(ctx, touch: false);

    /// <summary>EXISTS and TOUCH: counts the keys that exist (repeats counted again); TOUCH also stamps their access clock.</summary>
    private static void CountExisting(CommandContext ctx, bool touch)
    {
        long count = 0;
        for (int j = 1; j < ctx.ArgCount; j++)
        {
            if (!Unsafe.IsNullRef(ref ctx.LookupReadStored(ctx.Arg(j), touch)))
            {
                count++;
            }
        }
        ctx.Reply.WriteInteger(count);
    }

    /// <summary>TYPE key</summary>
    public static void Type(CommandContext ctx)
    {
        ref StoredValue value = ref ctx.LookupReadStored(ctx.Arg(1), touch: false);
        ReadOnlySpan<byte> name = Unsafe.IsNullRef(ref value) ? "none"u8 : value.Type switch
        {
            ObjectType.String => "string"u8,
            ObjectType.List => "list"u8,
            ObjectType.Set => "set"u8,
            ObjectType.SortedSet => "zset"u8,
            ObjectType.Hash => "hash"u8,
            _ => System.Text.Encoding.ASCII.GetBytes(value.TypeName),
        };
        ctx.Reply.WriteSimpleString(name);
    }

    /// <summary>RENAME key newkey</summary>
    public static void Rename(CommandContext ctx) => RenameGeneric(ctx, nx: false);

    /// <summary>RENAMENX key newkey</summary>
    public static void RenameNx(CommandContext ctx) => RenameGeneric(ctx, nx: true);

    /// <summary>KEYS pattern</summary>
    /// <remarks>Mirrors keysCommand: every live key matching the glob, in no particular order; expired keys are skipped.</remarks>
    public static void Keys(CommandContext ctx)
    {
        List<byte[]> keys = ctx.Db.Keys(ctx.Arg(1));
        ctx.Reply.WriteArrayHeader(keys.Count);
        foreach (byte[] key in keys)
        {
            ctx.Reply.WriteBulk(key);
        }
    }

    /// <summary>RANDOMKEY</summary>
    public static void RandomKey(CommandContext ctx)
    {
        byte[]? key = ctx.Db.RandomKey();
        if (key is null)
        {
            ctx.Reply.WriteNullBulk();
        }
        else
        {
            ctx.Reply.WriteBulk(key);
        }
    }

    /// <summary>EXPIRE key seconds [NX | XX | GT | LT]</summary>
    public static void Expire(CommandContext ctx) => ExpireGeneric(ctx, ctx.Db.LiveMilliseconds, seconds: true);

    /// <summary>PEXPIRE key milliseconds [NX | XX | GT | LT]</summary>
    public static void PExpire(CommandContext ctx) => ExpireGeneric(ctx, ctx.Db.LiveMilliseconds, seconds: false);

    /// <summary>EXPIREAT key unix-time-seconds [NX | XX | GT | LT]</summary>
    public static void ExpireAt(CommandContext ctx) => ExpireGeneric(ctx, 0, seconds: true);

    /// <summary>PEXPIREAT key unix-time-milliseconds [NX | XX | GT | LT]</summary>
    public static void PExpireAt(CommandContext ctx) => ExpireGeneric(ctx, 0, seconds: false);

    /// <summary>TTL key</summary>
    public static void Ttl(CommandContext ctx) => TtlGeneric(ctx, milliseconds: false, absolute: false);

    /// <summary>PTTL key</summary>
    public static void PTtl(CommandContext ctx) => TtlGeneric(ctx, milliseconds: true, absolute: false);

    /// <summary>EXPIRETIME key</summary>
    public static void ExpireTime(CommandContext ctx) => TtlGeneric(ctx, milliseconds: false, absolute: true);

    /// <summary>PEXPIRETIME key</summary>
    public static void PExpireTime(CommandContext ctx) => TtlGeneric(ctx, milliseconds: true, absolute: true);

    /// <summary>PERSIST key</summary>
    public static void Persist(CommandContext ctx)
    {
        ReadOnlySpan<byte> key = ctx.Arg(1);
        if (ctx.Db.Exists(key, touch: true) && ctx.Db.RemoveExpire(key))
        {
            ctx.SignalModifiedKey(key);
            ctx.Notify(NotifyFlags.Generic, "persist"u8, key);
            ctx.MarkDirty();
            ctx.Reply.WriteRaw(OneReply);
        }
        else
        {
            ctx.Reply.WriteRaw(ZeroReply);
        }
    }

    /// <summary>TOUCH key [key ...]</summary>
    /// <remarks>Counts the keys that exist and updates their access clock (what OBJECT IDLETIME and FREQ read).</remarks>
    public static void Touch(CommandContext ctx) => CountExisting(ctx, touch: true);

    /// <summary>delGenericCommand: deletes each key that exists (expired keys do not count) and replies how many.</summary>
    private static void DelGeneric(CommandContext ctx, bool lazy)
    {
        long deleted = 0;
        for (int j = 1; j < ctx.ArgCount; j++)
        {
            if (ctx.Db.Delete(ctx.Arg(j), lazy))
            {
                ctx.SignalModifiedKey(ctx.Arg(j));
                ctx.Notify(NotifyFlags.Generic, "del"u8, ctx.Arg(j));
                deleted++;
            }
        }
        ctx.MarkDirty(deleted);
        ctx.Reply.WriteInteger(deleted);
    }

    /// <summary>
    /// renameGenericCommand: a missing source is <c>-ERR no such key</c>, even when renaming onto itself; renaming
    /// onto itself otherwise does nothing (OK, or 0 for RENAMENX). The value keeps its time to live.
    /// </summary>
    private static void RenameGeneric(CommandContext ctx, bool nx)
    {
        ReadOnlySpan<byte> source = ctx.Arg(1);
        ReadOnlySpan<byte> destination = ctx.Arg(2);
        Database db = ctx.Db;
        if (db.Lookup(source) is null)
        {
            ctx.Error(ErrorText.NoSuchKey);
            return;
        }
        if (source.SequenceEqual(destination))
        {
            ctx.Reply.WriteRaw(nx ? ZeroReply : OkReply);
            return;
        }
        if (nx && db.Lookup(destination) is not null)
        {
            ctx.Reply.WriteRaw(ZeroReply);
            return;
        }
        // Redis deletes an existing destination and adds it again (dbDelete, dbAdd), so "new" fires either way.
        db.Delete(destination);
        db.Rename(source, destination);
        ctx.SignalModifiedKey(source);
        ctx.SignalModifiedKey(destination);
        ctx.Notify(NotifyFlags.Generic, "rename_from"u8, source);
        ctx.Notify(NotifyFlags.Generic, "rename_to"u8, destination);
        ctx.MarkDirty();
        ctx.Reply.WriteRaw(nx ? OneReply : OkReply);
    }

    /// <summary>
    /// expireGenericCommand: sets key 1's expire time to argument 2 (seconds or milliseconds) plus
    /// <paramref name="basetime"/> (now for EXPIRE/PEXPIRE, 0 for the AT forms). Options are checked first, then
    /// the number and its overflow; a missing key or an unmet NX/XX/GT/LT condition replies 0 (no expire counts as
    /// an infinite one for GT and LT). A time not in the future deletes the key and replies 1.
    /// </summary>
    private static void ExpireGeneric(CommandContext ctx, long basetime, bool seconds)
    {
        if (!TryParseExpireCondition(ctx, out ExpireCondition condition) || !ctx.TryGetInt64(2, out long when))
        {
            return;
        }
        if (seconds)
        {
            if (when > long.MaxValue / 1000 || when < long.MinValue / 1000)
            {
                ctx.Error(ErrorText.InvalidExpireTime(ctx.Command.Name));
                return;
            }
            when *= 1000;
        }
        if (when > long.MaxValue - basetime)
        {
            ctx.Error(ErrorText.InvalidExpireTime(ctx.Command.Name));
            return;
        }
        when += basetime;

        Database db = ctx.Db;
        ReadOnlySpan<byte> key = ctx.Arg(1);
        if (!db.Exists(key, touch: true) || !ConditionHolds(condition, db.GetExpireTime(key), when))
        {
            ctx.Reply.WriteRaw(ZeroReply);
            return;
        }
        if (db.IsAlreadyExpired(when))
        {
            db.Delete(key);
            CommandRewrites.DeleteExpired(ctx, key);
            ctx.SignalModifiedKey(key);
            ctx.Notify(NotifyFlags.Generic, "del"u8, key);
        }
        else
        {
            db.SetExpireTime(key, when);
            if (basetime != 0 || seconds)
            {
                CommandRewrites.ExpireAsPExpireAt(ctx, when); // PEXPIREAT itself goes as sent
            }
            ctx.SignalModifiedKey(key);
            ctx.Notify(NotifyFlags.Generic, "expire"u8, key);
        }
        ctx.MarkDirty();
        ctx.Reply.WriteRaw(OneReply);
    }

    /// <summary>Whether the NX/XX/GT/LT <paramref name="condition"/> allows replacing <paramref name="current"/> (-1: none) with <paramref name="when"/>.</summary>
    private static bool ConditionHolds(ExpireCondition condition, long current, long when)
    {
        if ((condition & ExpireCondition.Nx) != 0 && current != -1)
        {
            return false;
        }
        if ((condition & ExpireCondition.Xx) != 0 && current == -1)
        {
            return false;
        }
        if ((condition & ExpireCondition.Gt) != 0 && (current == -1 || when <= current))
        {
            return false;
        }
        return (condition & ExpireCondition.Lt) == 0 || current == -1 || when < current;
    }

    /// <summary>
    /// parseExtendedExpireArgumentsOrReply: NX, XX, GT and LT in any case, repeats allowed. An unknown option, NX
    /// with any other, or GT with LT replies the error and returns false.
    /// </summary>
    private static bool TryParseExpireCondition(CommandContext ctx, out ExpireCondition condition)
    {
        condition = ExpireCondition.None;
        for (int j = 3; j < ctx.ArgCount; j++)
        {
            if (ctx.ArgIs(j, "NX"u8))
            {
                condition |= ExpireCondition.Nx;
            }
            else if (ctx.ArgIs(j, "XX"u8))
            {
                condition |= ExpireCondition.Xx;
            }
            else if (ctx.ArgIs(j, "GT"u8))
            {
                condition |= ExpireCondition.Gt;
            }
            else if (ctx.ArgIs(j, "LT"u8))
            {
                condition |= ExpireCondition.Lt;
            }
            else
            {
                ctx.Error(ErrorText.UnsupportedOption(ctx.Arg(j)));
                return false;
            }
        }
        if ((condition & ExpireCondition.Nx) != 0 && condition != ExpireCondition.Nx)
        {
            ctx.Error(ErrorText.ExpireNxConflict);
            return false;
        }
        if ((condition & (ExpireCondition.Gt | ExpireCondition.Lt)) == (ExpireCondition.Gt | ExpireCondition.Lt))
        {
            ctx.Error(ErrorText.ExpireGtLtConflict);
            return false;
        }
        return true;
    }

    /// <summary>
    /// ttlGenericCommand: -2 for a missing key, -1 for one without an expire, else the remaining time (or, with
    /// <paramref name="absolute"/>, the expire time itself) in milliseconds or rounded to seconds.
    /// </summary>
    private static void TtlGeneric(CommandContext ctx, bool milliseconds, bool absolute)
    {
        ReadOnlySpan<byte> key = ctx.Arg(1);
        if (Unsafe.IsNullRef(ref ctx.LookupReadStored(key, touch: false)))
        {
            ctx.Reply.WriteInteger(-2);
            return;
        }
        long expire = ctx.Db.GetExpireTime(key);
        if (expire == -1)
        {
            ctx.Reply.WriteInteger(-1);
            return;
        }
        long ttl = Math.Max(0, absolute ? expire : expire - ctx.Db.LiveMilliseconds); // ttlGenericCommand: mstime()
        // (ttl + 500) / 1000 as the real server computes it, which does not overflow near LLONG_MAX.
        ctx.Reply.WriteInteger(milliseconds ? ttl : (long)(((ulong)ttl + 500) / 1000));
    }
}
