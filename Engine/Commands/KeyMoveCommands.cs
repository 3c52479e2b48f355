using Reactor.MiniRedis.Engine.PubSub;
using Reactor.MiniRedis.Engine.Server;
using Reactor.MiniRedis.Protocol;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Engine.Commands;

/// <summary>
/// Key commands that cross databases: MOVE, SWAPDB and COPY (moveCommand, swapdbCommand and copyCommand in
/// redis/redis src/db.c).
/// </summary>
public static class KeyMoveCommands
{
    private static ReadOnlySpan<byte> OneReply => ":1\r\n"u8;
    private static ReadOnlySpan<byte> ZeroReply => ":0\r\n"u8;

    /// <summary>MOVE key db</summary>
    /// <remarks>
    /// Mirrors moveCommand: the index is parsed and range-checked first, then moving into the current database is an
    /// error (even for a missing key); a missing source or an existing destination key replies 0. The value object
    /// moves with its time to live.
    /// </remarks>
    public static void Move(CommandContext ctx)
    {
        if (!TryGetDatabase(ctx, 2, out Database target))
        {
            return;
        }
        Database source = ctx.Db;
        if (ReferenceEquals(source, target))
        {
            ctx.Error(ErrorText.SameObject);
            return;
        }
        ReadOnlySpan<byte> key = ctx.Arg(1);
        RedisObject? value = source.Lookup(key);
        if (value is null)
        {
            ctx.Reply.WriteRaw(ZeroReply);
            return;
        }
        long when = source.GetExpireTime(key);
        if (!target.Add(key, value))
        {
            ctx.Reply.WriteRaw(ZeroReply);
            return;
        }
        if (when != -1)
        {
            target.SetExpireTime(key, when);
        }
        source.Delete(key);
        KeyspaceSignals signals = ctx.Server.Signals;
        signals.ModifiedKey(ctx.Client, source, key);
        signals.ModifiedKey(ctx.Client, target, key);
        signals.Notify(NotifyFlags.Generic, "move_from"u8, key, source.Id);
        signals.Notify(NotifyFlags.Generic, "move_to"u8, key, target.Id);
        ctx.MarkDirty();
        ctx.Reply.WriteRaw(OneReply);
    }

    /// <summary>SWAPDB index1 index2</summary>
    /// <remarks>
    /// Mirrors swapdbCommand: both numbers are parsed (each with its own error) before either is range-checked;
    /// swapping a database with itself is a no-op that still replies OK and counts as a write. Clients that selected
    /// either database see the other's data from their next command (see <see cref="Database.SwapWith"/>).
    /// </remarks>
    public static void SwapDb(CommandContext ctx)
    {
        if (!NumericText.TryParseInt64(ctx.Arg(1), out long first) || first < int.MinValue || first > int.MaxValue)
        {
            ctx.Error(ErrorText.InvalidFirstDbIndex);
            return;
        }
        if (!NumericText.TryParseInt64(ctx.Arg(2), out long second) || second < int.MinValue || second > int.MaxValue)
        {
            ctx.Error(ErrorText.InvalidSecondDbIndex);
            return;
        }
        if (!IsDatabase(ctx, first) || !IsDatabase(ctx, second))
        {
            ctx.Error(ErrorText.DbIndexOutOfRange);
            return;
        }
        if (first != second)
        {
            ctx.Server.Keyspace[(int)first].SwapWith(ctx.Server.Keyspace[(int)second]);
            ctx.Server.Signals.SwappedDb((int)first, (int)second);
        }
        ctx.MarkDirty();
        ctx.Reply.WriteOk();
    }

    /// <summary>COPY source destination [DB destination-db] [REPLACE]</summary>
    /// <remarks>
    /// Mirrors copyCommand: options are parsed left to right (a later DB wins; DB without a number is a syntax
    /// error), then copying a key onto itself in the same database is an error even when it is missing. A missing
    /// source, or an existing destination without REPLACE, replies 0. The value is deep-copied keeping its encoding,
    /// and the destination gets the source's time to live.
    /// </remarks>
    public static void Copy(CommandContext ctx)
    {
        Database source = ctx.Db;
        Database target = source;
        bool replace = false;
        for (int j = 3; j < ctx.ArgCount; j++)
        {
            if (ctx.ArgIs(j, "REPLACE"u8))
            {
                replace = true;
            }
            else if (ctx.ArgIs(j, "DB"u8) && j + 1 < ctx.ArgCount)
            {
                if (!TryGetDatabase(ctx, ++j, out target))
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
        ReadOnlySpan<byte> key = ctx.Arg(1);
        ReadOnlySpan<byte> newKey = ctx.Arg(2);
        if (ReferenceEquals(source, target) && key.SequenceEqual(newKey))
        {
            ctx.Error(ErrorText.SameObject);
            return;
        }
        RedisObject? value = ctx.LookupRead(key);
        if (value is null)
        {
            ctx.Reply.WriteRaw(ZeroReply);
            return;
        }
        long when = source.GetExpireTime(key);
        bool exists = target.Lookup(newKey) is not null;
        if (exists && !replace)
        {
            ctx.Reply.WriteRaw(ZeroReply);
            return;
        }
        RedisObject copy = value.Clone();
        if (exists)
        {
            target.Delete(newKey); // dbDelete then dbAdd, as Redis does: "new" fires for a replaced key too
        }
        target.Set(newKey, copy);
        if (when != -1)
        {
            target.SetExpireTime(newKey, when);
        }
        ctx.Server.Signals.ModifiedKey(ctx.Client, target, newKey);
        ctx.Server.Signals.Notify(NotifyFlags.Generic, "copy_to"u8, newKey, target.Id);
        ctx.MarkDirty();
        ctx.Reply.WriteRaw(OneReply);
    }

    /// <summary>
    /// getIntFromObjectOrReply (with no custom message) followed by selectDb's range check: reads argument
    /// <paramref name="index"/> as a database number. A non-integer replies the usual not-an-integer error, one
    /// outside 32 bits the "value must between" error, and a number that names no database
    /// <c>ERR DB index is out of range</c>.
    /// </summary>
    private static bool TryGetDatabase(CommandContext ctx, int index, out Database target)
    {
        target = null!;
        if (!NumericText.TryParseInt64(ctx.Arg(index), out long id))
        {
            ctx.Error(ErrorText.NotInteger);
            return false;
        }
        if (id < int.MinValue || id > int.MaxValue)
        {
            ctx.Error(ErrorText.ValueMustBeBetween(int.MinValue, int.MaxValue));
            return false;
        }
        if (!IsDatabase(ctx, id))
        {
            ctx.Error(ErrorText.DbIndexOutOfRange);
            return false;
        }
        target = ctx.Server.Keyspace[(int)id];
        return true;
    }

    /// <summary>selectDb's check: true when <paramref name="id"/> names one of the server's databases.</summary>
    private static bool IsDatabase(CommandContext ctx, long id) => id >= 0 && id < ctx.Server.Keyspace.Count;
}
