using System.Runtime.CompilerServices;
using Reactor.MiniRedis.Engine.PubSub;
using Reactor.MiniRedis.Engine.Replication;
using Reactor.MiniRedis.Protocol;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Engine.Commands;

/// <summary>String commands, grouped as in redis/redis src/t_string.c.</summary>
public static class StringCommands
{
    private static ReadOnlySpan<byte> OkReply => "+OK\r\n"u8;
    private static ReadOnlySpan<byte> NullReply => "$-1\r\n"u8;
    private static ReadOnlySpan<byte> OneReply => ":1\r\n"u8;
    private static ReadOnlySpan<byte> ZeroReply => ":0\r\n"u8;
    private static ReadOnlySpan<byte> EmptyBulkReply => "$0\r\n\r\n"u8;

    /// <summary>GET key</summary>
    public static void Get(CommandContext ctx) => GetGeneric(ctx);

    /// <summary>
    /// SET key value [NX | XX] [GET] [EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT unix-time-milliseconds | KEEPTTL]
    /// </summary>
    public static void Set(CommandContext ctx)
    {
        if (!ExpireOptions.TryParse(ctx, 3, ExpireOptions.SetCommand, out ExpireOptions options))
        {
            return;
        }
        SetGeneric(ctx, ctx.Arg(1), ctx.Arg(2), options, OkReply, NullReply);
    }

    /// <summary>SETNX key value</summary>
    public static void SetNx(CommandContext ctx) =>
        SetGeneric(ctx, ctx.Arg(1), ctx.Arg(2), new ExpireOptions { Nx = true }, OneReply, ZeroReply);

    /// <summary>SETEX key seconds value</summary>
    public static void SetEx(CommandContext ctx) =>
        SetGeneric(ctx, ctx.Arg(1), ctx.Arg(3), ExpireOptions.Relative(ExpireOptions.ExpireUnit.Ex, 2), OkReply, NullReply);

    /// <summary>PSETEX key milliseconds value</summary>
    public static void PSetEx(CommandContext ctx) =>
        SetGeneric(ctx, ctx.Arg(1), ctx.Arg(3), ExpireOptions.Relative(ExpireOptions.ExpireUnit.Px, 2), OkReply, NullReply);

    /// <summary>GETSET key value</summary>
    /// <remarks>Mirrors getsetCommand: replies with the old value, then sets the new one without a time to live.</remarks>
    public static void GetSet(CommandContext ctx)
    {
        if (!GetGeneric(ctx))
        {
            return;
        }
        ReadOnlySpan<byte> key = ctx.Arg(1);
        ctx.Db.LookupStored(key); // lookupKeyWrite
        SetKey(ctx, key, ctx.Arg(2), keepTtl: false);
        ctx.Notify(NotifyFlags.String, "set"u8, key);
        ctx.MarkDirty();
    }

    /// <summary>GETDEL key</summary>
    public static void GetDel(CommandContext ctx)
    {
        if (GetGeneric(ctx) && ctx.Db.Delete(ctx.Arg(1)))
        {
            CommandRewrites.DeleteByUser(ctx, ctx.Arg(1));
            ctx.SignalModifiedKey(ctx.Arg(1));
            ctx.Notify(NotifyFlags.Generic, "del"u8, ctx.Arg(1));
            ctx.MarkDirty();
        }
    }

    /// <summary>GETEX key [EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT unix-time-milliseconds | PERSIST]</summary>
    /// <remarks>
    /// Mirrors getexCommand: options are checked first, then a missing key replies nil and another type
    /// WRONGTYPE before the expire time is validated. The value is replied before the time to live changes; an
    /// EXAT/PXAT time already past deletes the key.
    /// </remarks>
    public static void GetEx(CommandContext ctx)
    {
        if (!ExpireOptions.TryParse(ctx, 2, ExpireOptions.GetExCommand, out ExpireOptions options))
        {
            return;
        }
        ReadOnlySpan<byte> key = ctx.Arg(1);
        if (LookupReadOrReply(ctx, key, NullReply, out RedisString? value) != LookupStatus.Found)
        {
            return;
        }
        long expireAt = 0;
        if (options.HasExpire && !options.TryGetAbsoluteMilliseconds(ctx, out expireAt))
        {
            return;
        }
        WriteValue(ctx, value!);
        Database db = ctx.Db;
        if ((options.Unit is ExpireOptions.ExpireUnit.ExAt or ExpireOptions.ExpireUnit.PxAt) && db.IsAlreadyExpired(expireAt))
        {
            db.Delete(key);
            CommandRewrites.DeleteExpired(ctx, key);
            ctx.SignalModifiedKey(key);
            ctx.Notify(NotifyFlags.Generic, "del"u8, key);
            ctx.MarkDirty();
        }
        else if (options.HasExpire)
        {
            db.SetExpireTime(key, expireAt);
            CommandRewrites.PExpireAt(ctx, key, expireAt);
            ctx.SignalModifiedKey(key);
            ctx.Notify(NotifyFlags.Generic, "expire"u8, key);
            ctx.MarkDirty();
        }
        else if (options.Persist && db.RemoveExpire(key))
        {
            CommandRewrites.Persist(ctx, key);
            ctx.SignalModifiedKey(key);
            ctx.Notify(NotifyFlags.Generic, "persist"u8, key);
            ctx.MarkDirty();
        }
    }

    /// <summary>MGET key [key ...]</summary>
    /// <remarks>Mirrors mgetCommand: a missing key or one of another type is a nil element, never an error.</remarks>
    public static void MGet(CommandContext ctx)
    {
        ctx.Reply.WriteArrayHeader(ctx.ArgCount - 1);
        Span<byte> scratch = stackalloc byte[20];
        for (int j = 1; j < ctx.ArgCount; j++)
        {
            ref StoredValue stored = ref ctx.LookupReadStored(ctx.Arg(j));
            if (!Unsafe.IsNullRef(ref stored) && TryGetBytes(ref stored, scratch, out ReadOnlySpan<byte> value))
            {
                ctx.Reply.WriteBulk(value);
            }
            else
            {
                ctx.Reply.WriteNullBulk();
            }
        }
    }

    /// <summary>MSET key value [key value ...]</summary>
    public static void MSet(CommandContext ctx) => MSetGeneric(ctx, nx: false);

    /// <summary>MSETNX key value [key value ...]</summary>
    public static void MSetNx(CommandContext ctx) => MSetGeneric(ctx, nx: true);

    /// <summary>INCR key</summary>
    public static void Incr(CommandContext ctx) => IncrDecr(ctx, 1);

    /// <summary>DECR key</summary>
    public static void Decr(CommandContext ctx) => IncrDecr(ctx, -1);

    /// <summary>INCRBY key increment</summary>
    public static void IncrBy(CommandContext ctx)
    {
        if (ctx.TryGetInt64(2, out long increment))
        {
            IncrDecr(ctx, increment);
        }
    }

    /// <summary>DECRBY key decrement</summary>
    public static void DecrBy(CommandContext ctx)
    {
        if (!ctx.TryGetInt64(2, out long decrement))
        {
            return;
        }
        // Negating LLONG_MIN would overflow.
        if (decrement == long.MinValue)
        {
            ctx.Error(ErrorText.DecrementOverflow);
            return;
        }
        IncrDecr(ctx, -decrement);
    }

    /// <summary>INCRBYFLOAT key increment</summary>
    /// <remarks>
    /// Mirrors incrbyfloatCommand: long double arithmetic (see <see cref="LongDouble"/>), the result stored as its
    /// human-friendly text (so it is not int-encoded), the time to live kept. The stored value is checked before
    /// the increment, so a bad value wins over a bad increment.
    /// </remarks>
    public static void IncrByFloat(CommandContext ctx)
    {
        Database db = ctx.Db;
        ReadOnlySpan<byte> key = ctx.Arg(1);
        RedisObject? existing = db.Lookup(key);
        LongDouble current = LongDouble.Zero;
        if (existing is not null)
        {
            if (existing is not RedisString text)
            {
                ctx.WrongType();
                return;
            }
            if (!TryGetLongDouble(text, out current))
            {
                ctx.Error(ErrorText.NotFloat);
                return;
            }
        }
        if (!NumericText.TryParseLongDouble(ctx.Arg(2), out LongDouble increment))
        {
            ctx.Error(ErrorText.NotFloat);
            return;
        }
        if (!TryFloatSum(ctx, current, increment, out byte[] digits))
        {
            return;
        }
        db.Set(key, RedisString.FromOwnedBytes(digits), keepTtl: true);
        CommandRewrites.SetKeepTtl(ctx, key, digits);
        ctx.SignalModifiedKey(key);
        ctx.Notify(NotifyFlags.String, "incrbyfloat"u8, key);
        ctx.MarkDirty();
        ctx.Reply.WriteBulk(digits);
    }

    /// <summary>APPEND key value</summary>
    /// <remarks>Mirrors appendCommand: creates the key when missing; otherwise appends in place, keeping the time to live.</remarks>
    public static void Append(CommandContext ctx)
    {
        Database db = ctx.Db;
        ReadOnlySpan<byte> key = ctx.Arg(1);
        ReadOnlySpan<byte> suffix = ctx.Arg(2);
        RedisObject? existing = db.Lookup(key);
        long length;
        if (existing is null)
        {
            db.Set(key, RedisString.FromBytes(suffix));
            length = suffix.Length;
        }
        else if (existing is not RedisString value)
        {
            ctx.WrongType();
            return;
        }
        else
        {
            if (!CheckStringLength(ctx, value.Length, suffix.Length))
            {
                return;
            }
            length = value.Append(suffix);
        }
        ctx.SignalModifiedKey(key);
        ctx.Notify(NotifyFlags.String, "append"u8, key);
        ctx.MarkDirty();
        ctx.Reply.WriteInteger(length);
    }

    /// <summary>STRLEN key</summary>
    public static void StrLen(CommandContext ctx)
    {
        Span<byte> scratch = stackalloc byte[20];
        if (LookupBytesOrReply(ctx, ctx.Arg(1), ZeroReply, scratch, out ReadOnlySpan<byte> value) == LookupStatus.Found)
        {
            ctx.Reply.WriteInteger(value.Length);
        }
    }

    /// <summary>GETRANGE key start end (also SUBSTR key start end)</summary>
    /// <remarks>
    /// Mirrors getrangeCommand: both indexes are parsed before the lookup; negative indexes count from the end,
    /// are clamped to the string, and an empty range (or a missing key) is an empty bulk string.
    /// </remarks>
    public static void GetRange(CommandContext ctx)
    {
        if (!ctx.TryGetInt64(2, out long start) || !ctx.TryGetInt64(3, out long end))
        {
            return;
        }
        Span<byte> scratch = stackalloc byte[20];
        if (LookupBytesOrReply(ctx, ctx.Arg(1), EmptyBulkReply, scratch, out ReadOnlySpan<byte> text) != LookupStatus.Found)
        {
            return;
        }
        long length = text.Length;
        if (start < 0 && end < 0 && start > end)
        {
            ctx.Reply.WriteRaw(EmptyBulkReply);
            return;
        }
        StringRange.Clamp(ref start, ref end, length);
        if (start > end || length == 0)
        {
            ctx.Reply.WriteRaw(EmptyBulkReply);
            return;
        }
        ctx.Reply.WriteBulk(text[(int)start..(int)(end + 1)]);
    }

    /// <summary>SETRANGE key offset value</summary>
    /// <remarks>
    /// Mirrors setrangeCommand: a negative offset is an error; an empty value changes nothing and replies the
    /// current length (0 for a missing key, which is not created); otherwise the string is zero-padded up to the
    /// offset, within proto-max-bulk-len.
    /// </remarks>
    public static void SetRange(CommandContext ctx)
    {
        if (!ctx.TryGetInt64(2, out long offset))
        {
            return;
        }
        if (offset < 0)
        {
            ctx.Error(ErrorText.OffsetOutOfRange);
            return;
        }
        Database db = ctx.Db;
        ReadOnlySpan<byte> key = ctx.Arg(1);
        ReadOnlySpan<byte> patch = ctx.Arg(3);
        RedisObject? existing = db.Lookup(key);
        RedisString? value = existing as RedisString;
        if (existing is not null && value is null)
        {
            ctx.WrongType();
            return;
        }
        if (patch.IsEmpty)
        {
            ctx.Reply.WriteInteger(value?.Length ?? 0);
            return;
        }
        if (!CheckStringLength(ctx, offset, patch.Length))
        {
            return;
        }
        if (value is null)
        {
            value = RedisString.FromZeroes((int)offset + patch.Length);
            db.Set(key, value);
        }
        int length = value.SetRange((int)offset, patch);
        ctx.SignalModifiedKey(key);
        ctx.Notify(NotifyFlags.String, "setrange"u8, key);
        ctx.MarkDirty();
        ctx.Reply.WriteInteger(length);
    }

    /// <summary>
    /// getGenericCommand: replies with the string at <paramref name="ctx"/>'s key 1, nil when missing; WRONGTYPE
    /// (and false) for another type.
    /// </summary>
    /// <remarks>A bare string (<see cref="StoredValue"/>) is replied from its bytes, without becoming an object.</remarks>
    internal static bool GetGeneric(CommandContext ctx)
    {
        Span<byte> scratch = stackalloc byte[20];
        LookupStatus status = LookupBytesOrReply(ctx, ctx.Arg(1), NullReply, scratch, out ReadOnlySpan<byte> value);
        if (status == LookupStatus.Found)
        {
            ctx.Reply.WriteBulk(value);
        }
        return status != LookupStatus.WrongType;
    }

    /// <summary>
    /// lookupKeyReadOrReply followed by checkType: finds the string at <paramref name="key"/> for reading (counting
    /// a hit or miss). A missing key is answered with <paramref name="missingReply"/> and another type with
    /// WRONGTYPE; only when the status is Found is the reply still the caller's to write.
    /// </summary>
    private static LookupStatus LookupReadOrReply(CommandContext ctx, ReadOnlySpan<byte> key, ReadOnlySpan<byte> missingReply, out RedisString? value) =>
        ReplyUnlessFound(ctx, ctx.LookupRead(key, out value), missingReply);

    /// <summary>
    /// <see cref="LookupReadOrReply"/> for commands that only read the string's bytes (GET, STRLEN, GETRANGE): a bare
    /// string (<see cref="StoredValue"/>) is read as it is, without becoming an object. <paramref name="value"/> is
    /// valid until the keyspace changes; see <see cref="TryGetBytes"/> for <paramref name="scratch"/>.
    /// </summary>
    private static LookupStatus LookupBytesOrReply(CommandContext ctx, ReadOnlySpan<byte> key, ReadOnlySpan<byte> missingReply,
        Span<byte> scratch, out ReadOnlySpan<byte> value)
    {
        ref StoredValue stored = ref ctx.LookupReadStored(key);
        value = default;
        LookupStatus status = Unsafe.IsNullRef(ref stored) ? LookupStatus.NotFound
            : TryGetBytes(ref stored, scratch, out value) ? LookupStatus.Found
            : LookupStatus.WrongType;
        return ReplyUnlessFound(ctx, status, missingReply);
    }

    // checkType's reply for a lookup's status: missingReply when not found, WRONGTYPE for another type.
    private static LookupStatus ReplyUnlessFound(CommandContext ctx, LookupStatus status, ReadOnlySpan<byte> missingReply)
    {
        if (status == LookupStatus.NotFound)
        {
            WriteShared(ctx, missingReply);
        }
        else if (status == LookupStatus.WrongType)
        {
            ctx.WrongType();
        }
        return status;
    }

    /// <summary>
    /// The bytes of the string in <paramref name="stored"/>, bare or a <see cref="RedisString"/> (an int-encoded one
    /// formatted into <paramref name="scratch"/>, at least 20 bytes, so reading never allocates); false when it holds
    /// another type.
    /// </summary>
    private static bool TryGetBytes(ref StoredValue stored, Span<byte> scratch, out ReadOnlySpan<byte> value)
    {
        if (stored.IsBareString)
        {
            value = stored.StringBytes;
            return true;
        }
        if (stored.Object is RedisString text)
        {
            value = text.GetBytes(scratch);
            return true;
        }
        value = default;
        return false;
    }

    /// <summary>
    /// Writes one of the shared replies above. The null bulk is <c>shared.null[c->resp]</c> in Redis: <c>$-1</c>
    /// for a RESP2 client, <c>_</c> for a RESP3 one.
    /// </summary>
    private static void WriteShared(CommandContext ctx, ReadOnlySpan<byte> reply)
    {
        if (reply.SequenceEqual(NullReply))
        {
            ctx.Reply.WriteNullBulk();
        }
        else
        {
            ctx.Reply.WriteRaw(reply);
        }
    }

    /// <summary>Replies with a string value as a bulk string, formatting int-encoded values without allocating.</summary>
    internal static void WriteValue(CommandContext ctx, RedisString value)
    {
        if (value.IsInteger)
        {
            ctx.Reply.WriteBulk(value.Integer);
        }
        else
        {
            ctx.Reply.WriteBulk(value.GetBytes(default));
        }
    }

    /// <summary>
    /// setGenericCommand: stores <paramref name="value"/> under <paramref name="key"/> honouring NX/XX/GET and the
    /// expire options, then replies <paramref name="okReply"/>, or <paramref name="abortReply"/> when NX/XX stopped
    /// it (with GET the old value is the only reply). The expire time is validated before anything else happens.
    /// </summary>
    internal static void SetGeneric(
        CommandContext ctx, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, ExpireOptions options,
        ReadOnlySpan<byte> okReply, ReadOnlySpan<byte> abortReply)
    {
        long expireAt = 0;
        if (options.HasExpire && !options.TryGetAbsoluteMilliseconds(ctx, out expireAt))
        {
            return;
        }
        if (options.Get && !GetGeneric(ctx))
        {
            return;
        }
        Database db = ctx.Db;
        bool exists = !Unsafe.IsNullRef(ref db.LookupStored(key)); // lookupKeyWrite
        if ((options.Nx && exists) || (options.Xx && !exists))
        {
            if (!options.Get)
            {
                WriteShared(ctx, abortReply);
            }
            return;
        }
        SetKey(ctx, key, value, options.KeepTtl);
        ctx.MarkDirty();
        ctx.Notify(NotifyFlags.String, "set"u8, key);
        if (options.HasExpire)
        {
            db.SetExpireTime(key, expireAt);
            ctx.Notify(NotifyFlags.Generic, "expire"u8, key);
            CommandRewrites.SetPxAt(ctx, key, value, expireAt);
        }
        else if (options.Get)
        {
            CommandRewrites.SetWithoutGet(ctx);
        }
        if (!options.Get)
        {
            ctx.Reply.WriteRaw(okReply);
        }
    }

    /// <summary>
    /// setKey: stores a string under <paramref name="key"/> (already looked up for writing) and signals the key. It
    /// is stored bare (<see cref="StoredValue"/>: inside the key's entry up to 16 bytes, else in an array, reused
    /// when as long), or written in place into a string object the key already holds, so a SET of a short or
    /// same-sized value does not allocate. The time to live is removed unless <paramref name="keepTtl"/>.
    /// </summary>
    private static void SetKey(CommandContext ctx, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, bool keepTtl)
    {
        ctx.Db.SetString(key, value, keepTtl);
        ctx.SignalModifiedKey(key, memoryCounted: true);
    }

    /// <summary>
    /// msetGenericCommand: sets every pair, removing their times to live. An odd number of arguments is the arity
    /// error; with <paramref name="nx"/> nothing is set (and 0 replied) when any key already exists.
    /// </summary>
    private static void MSetGeneric(CommandContext ctx, bool nx)
    {
        if (ctx.ArgCount % 2 == 0)
        {
            ctx.Error(ErrorText.WrongArity(ctx.Command.Name));
            return;
        }
        Database db = ctx.Db;
        if (nx)
        {
            for (int j = 1; j < ctx.ArgCount; j += 2)
            {
                if (!Unsafe.IsNullRef(ref db.LookupStored(ctx.Arg(j))))
                {
                    ctx.Reply.WriteRaw(ZeroReply);
                    return;
                }
            }
        }
        for (int j = 1; j < ctx.ArgCount; j += 2)
        {
            ReadOnlySpan<byte> key = ctx.Arg(j);
            db.LookupStored(key); // setKey's lookupKeyWrite
            SetKey(ctx, key, ctx.Arg(j + 1), keepTtl: false);
            ctx.Notify(NotifyFlags.String, "set"u8, key);
        }
        ctx.MarkDirty(ctx.ArgCount / 2);
        ctx.Reply.WriteRaw(nx ? OneReply : OkReply);
    }

    /// <summary>
    /// incrDecrCommand: adds <paramref name="increment"/> to the integer at key 1 (0 when missing), refusing to
    /// overflow, keeping the time to live. A string object stays int-encoded and is updated in place; a bare string
    /// (<see cref="StoredValue"/>, what SET and INCR itself store) gets the new digits in its entry, so counters
    /// never become objects.
    /// </summary>
    private static void IncrDecr(CommandContext ctx, long increment)
    {
        Database db = ctx.Db;
        ReadOnlySpan<byte> key = ctx.Arg(1);
        ref StoredValue existing = ref db.LookupStored(key); // lookupKeyWrite
        RedisString? current = null;
        long value = 0;
        if (!Unsafe.IsNullRef(ref existing))
        {
            current = existing.Object as RedisString;
            if (!existing.IsBareString && current is null)
            {
                ctx.WrongType();
                return;
            }
            // getLongLongFromObjectOrReply: string2ll on the bytes, or the int-encoded value as it is.
            if (!(current?.TryGetInt64(out value) ?? NumericText.TryParseInt64(existing.StringBytes, out value)))
            {
                ctx.Error(ErrorText.NotInteger);
                return;
            }
        }
        if ((increment < 0 && value < 0 && increment < long.MinValue - value) ||
            (increment > 0 && value > 0 && increment > long.MaxValue - value))
        {
            ctx.Error(ErrorText.Overflow);
            return;
        }
        value += increment;
        if (current is not null)
        {
            current.SetInt64(value);
        }
        else
        {
            Span<byte> digits = stackalloc byte[20];
            db.SetString(key, digits[..NumericText.FormatInt64(value, digits)], keepTtl: true);
        }
        ctx.SignalModifiedKey(key, memoryCounted: current is null); // SetString counted a bare counter
        ctx.Notify(NotifyFlags.String, "incrby"u8, key);
        ctx.MarkDirty();
        ctx.Reply.WriteInteger(value);
    }

    /// <summary>
    /// The sum step INCRBYFLOAT and HINCRBYFLOAT share: a long double sum that must stay finite, as ld2string's
    /// human-friendly text (<c>%.17Lf</c>, trailing zeros trimmed). Replies the error and returns false otherwise.
    /// </summary>
    internal static bool TryFloatSum(CommandContext ctx, LongDouble current, LongDouble increment, out byte[] digits)
    {
        LongDouble result = current + increment;
        if (!result.IsFinite)
        {
            ctx.Error(ErrorText.IncrFloatNaNOrInfinity);
            digits = [];
            return false;
        }
        digits = NumericText.LongDoubleToBytes(result);
        return true;
    }

    /// <summary>getLongDoubleFromObject: an int-encoded value converts exactly; bytes go through string2ld.</summary>
    private static bool TryGetLongDouble(RedisString value, out LongDouble result)
    {
        if (value.IsInteger)
        {
            result = LongDouble.FromInt64(value.Integer);
            return true;
        }
        return NumericText.TryParseLongDouble(value.GetBytes(default), out result);
    }

    /// <summary>
    /// checkStringLength: refuses (with the proto-max-bulk-len error) a string that would grow past the limit, or
    /// past the largest array .NET can allocate.
    /// </summary>
    private static bool CheckStringLength(CommandContext ctx, long size, long append)
    {
        long limit = Math.Min(ctx.Server.Config.Limits.MaxBulkLength, Array.MaxLength);
        if (size > limit - append)
        {
            ctx.Error(ErrorText.StringTooLong);
            return false;
        }
        return true;
    }
}
