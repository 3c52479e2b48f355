using Reactor.MiniRedis.Engine.PubSub;
using Reactor.MiniRedis.Engine.Replication;
using Reactor.MiniRedis.Protocol;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Engine.Commands;

/// <summary>Hash commands, grouped as in redis/redis src/t_hash.c.</summary>
public static class HashCommands
{
    /// <summary>HSET key field value [field value ...]</summary>
    /// <remarks>
    /// Mirrors hsetCommand in redis/redis src/t_hash.c: a field without a value is an arity error, raised by the
    /// handler because the table's arity (-4) cannot say "even". Replies with the number of fields created.
    /// </remarks>
    public static void HSet(CommandContext ctx)
    {
        if (TrySetPairs(ctx, out int created))
        {
            ctx.Reply.WriteInteger(created);
        }
    }

    /// <summary>HMSET key field value [field value ...]</summary>
    /// <remarks>The deprecated form of HSET (the same hsetCommand): replies +OK instead of the count.</remarks>
    public static void HMSet(CommandContext ctx)
    {
        if (TrySetPairs(ctx, out _))
        {
            ctx.Reply.WriteOk();
        }
    }

    /// <summary>HSETNX key field value</summary>
    /// <remarks>
    /// Mirrors hsetnxCommand: creates the hash when missing; replies 0, changing nothing (not even the encoding),
    /// when the field exists, else sets it and replies 1.
    /// </remarks>
    public static void HSetNx(CommandContext ctx)
    {
        if (!CollectionKeys.TryLookupWrite(ctx, ctx.Arg(1), create: true, out RedisHash? hash))
        {
            return;
        }
        if (hash!.ContainsField(ctx.Arg(2)))
        {
            ctx.Reply.WriteInteger(0);
            return;
        }
        hash.Set(ctx.Arg(2), ctx.Arg(3));
        ctx.SignalModifiedKey(ctx.Arg(1));
        ctx.Notify(NotifyFlags.Hash, "hset"u8, ctx.Arg(1));
        ctx.MarkDirty();
        ctx.Reply.WriteInteger(1);
    }

    /// <summary>HGET key field</summary>
    public static void HGet(CommandContext ctx)
    {
        switch (ctx.LookupRead(ctx.Arg(1), out RedisHash? hash))
        {
            case LookupStatus.WrongType:
                ctx.WrongType();
                break;
            case LookupStatus.Found when hash!.TryReadValue(ctx.Arg(2), out ReadOnlySpan<byte> value):
                ctx.Reply.WriteBulk(value);
                break;
            default:
                ctx.Reply.WriteNullBulk();
                break;
        }
    }

    /// <summary>HMGET key field [field ...]</summary>
    /// <remarks>Mirrors hmgetCommand: a missing key is an empty hash, so every field gets a nil.</remarks>
    public static void HMGet(CommandContext ctx)
    {
        if (ctx.LookupRead(ctx.Arg(1), out RedisHash? hash) == LookupStatus.WrongType)
        {
            ctx.WrongType();
            return;
        }
        ctx.Reply.WriteArrayHeader(ctx.ArgCount - 2);
        for (int i = 2; i < ctx.ArgCount; i++)
        {
            if (hash is not null && hash.TryReadValue(ctx.Arg(i), out ReadOnlySpan<byte> value))
            {
                ctx.Reply.WriteBulk(value);
            }
            else
            {
                ctx.Reply.WriteNullBulk();
            }
        }
    }

    /// <summary>HDEL key field [field ...]</summary>
    /// <remarks>
    /// Mirrors hdelCommand: replies with the number of fields removed, 0 for a missing key; an emptied hash's key
    /// is deleted.
    /// </remarks>
    public static void HDel(CommandContext ctx) =>
        CollectionMembers.RemoveArguments<RedisHash>(ctx, NotifyFlags.Hash, "hdel"u8, static (hash, field) => hash.Delete(field));

    /// <summary>HEXISTS key field</summary>
    public static void HExists(CommandContext ctx) =>
        CollectionMembers.ReplyContains<RedisHash>(ctx, static (hash, field) => hash.ContainsField(field));

    /// <summary>HLEN key</summary>
    public static void HLen(CommandContext ctx) => CollectionKeys.ReplyCount<RedisHash>(ctx);

    /// <summary>HSTRLEN key field</summary>
    /// <remarks>Mirrors hstrlenCommand: the value's length, 0 for a missing field or key.</remarks>
    public static void HStrLen(CommandContext ctx)
    {
        switch (ctx.LookupRead(ctx.Arg(1), out RedisHash? hash))
        {
            case LookupStatus.WrongType:
                ctx.WrongType();
                break;
            case LookupStatus.Found when hash!.TryReadValue(ctx.Arg(2), out ReadOnlySpan<byte> value):
                ctx.Reply.WriteInteger(value.Length);
                break;
            default:
                ctx.Reply.WriteInteger(0);
                break;
        }
    }

    /// <summary>HKEYS key</summary>
    public static void HKeys(CommandContext ctx) => GetAllGeneric(ctx, fields: true, values: false);

    /// <summary>HVALS key</summary>
    public static void HVals(CommandContext ctx) => GetAllGeneric(ctx, fields: false, values: true);

    /// <summary>HGETALL key</summary>
    public static void HGetAll(CommandContext ctx) => GetAllGeneric(ctx, fields: true, values: true);

    /// <summary>HINCRBY key field increment</summary>
    /// <remarks>
    /// Mirrors hincrbyCommand: the increment is parsed before the key is looked up; a missing field counts as 0;
    /// a stored value must be an integer by string2ll's rules, and the sum must fit in 64 bits. The hash is created
    /// only once the increment has succeeded.
    /// </remarks>
    public static void HIncrBy(CommandContext ctx)
    {
        if (!ctx.TryGetInt64(3, out long increment))
        {
            return;
        }
        ReadOnlySpan<byte> key = ctx.Arg(1);
        ReadOnlySpan<byte> field = ctx.Arg(2);
        if (!CollectionKeys.TryLookupWrite(ctx, key, create: false, out RedisHash? hash))
        {
            return;
        }
        long current = 0;
        if (hash is not null && hash.TryReadValue(field, out ReadOnlySpan<byte> stored) && !NumericText.TryParseInt64(stored, out current))
        {
            ctx.Error(ErrorText.HashValueNotInteger);
            return;
        }
        if ((increment < 0 && current < 0 && increment < long.MinValue - current)
            || (increment > 0 && current > 0 && increment > long.MaxValue - current))
        {
            ctx.Error(ErrorText.Overflow);
            return;
        }
        long result = current + increment;
        Span<byte> digits = stackalloc byte[20];
        int length = NumericText.FormatInt64(result, digits);
        GetOrCreate(ctx, key, hash).Set(field, digits[..length]);
        ctx.SignalModifiedKey(key);
        ctx.Notify(NotifyFlags.Hash, "hincrby"u8, key);
        ctx.MarkDirty();
        ctx.Reply.WriteInteger(result);
    }

    /// <summary>HINCRBYFLOAT key field increment</summary>
    /// <remarks>
    /// Mirrors hincrbyfloatCommand: the increment is a long double parsed (string2ld) before the key is looked up
    /// and must be finite; a missing field counts as 0; a stored value must parse as a long double; a sum that is
    /// not finite is refused. The sum is stored and replied in ld2string's human form (<c>%.17Lf</c>, trailing
    /// zeros trimmed), exactly as INCRBYFLOAT does. The hash is created only once the increment has succeeded.
    /// </remarks>
    public static void HIncrByFloat(CommandContext ctx)
    {
        if (!NumericText.TryParseLongDouble(ctx.Arg(3), out LongDouble increment))
        {
            ctx.Error(ErrorText.NotFloat);
            return;
        }
        if (!increment.IsFinite)
        {
            ctx.Error(ErrorText.IncrementNaNOrInfinity);
            return;
        }
        ReadOnlySpan<byte> key = ctx.Arg(1);
        ReadOnlySpan<byte> field = ctx.Arg(2);
        if (!CollectionKeys.TryLookupWrite(ctx, key, create: false, out RedisHash? hash))
        {
            return;
        }
        LongDouble current = LongDouble.Zero;
        if (hash is not null && hash.TryReadValue(field, out ReadOnlySpan<byte> stored) && !NumericText.TryParseLongDouble(stored, out current))
        {
            ctx.Error(ErrorText.HashValueNotFloat);
            return;
        }
        if (!StringCommands.TryFloatSum(ctx, current, increment, out byte[] digits))
        {
            return;
        }
        GetOrCreate(ctx, key, hash).Set(field, digits);
        CommandRewrites.HSet(ctx, key, field, digits);
        ctx.SignalModifiedKey(key);
        ctx.Notify(NotifyFlags.Hash, "hincrbyfloat"u8, key);
        ctx.MarkDirty();
        ctx.Reply.WriteBulk(digits);
    }

    /// <summary>HRANDFIELD key [count [WITHVALUES]]</summary>
    /// <remarks>
    /// Mirrors hrandfieldCommand: the count is parsed first (within ±(2^63 - 1)), then anything but a lone
    /// WITHVALUES after it is a syntax error, and with WITHVALUES the count must stay within ±2^62 (the reply
    /// doubles it), else "value is out of range"; all of that before the key is looked up. Without a count, one
    /// random field (nil for a missing key).
    /// </remarks>
    public static void HRandField(CommandContext ctx)
    {
        if (ctx.ArgCount >= 3)
        {
            if (!RandomSample.TryGetCount(ctx, 2, out long count))
            {
                return;
            }
            if (ctx.ArgCount > 4 || (ctx.ArgCount == 4 && !ctx.ArgIs(3, "WITHVALUES"u8)))
            {
                ctx.SyntaxError();
                return;
            }
            bool withValues = ctx.ArgCount == 4;
            if (withValues && (count < -long.MaxValue / 2 || count > long.MaxValue / 2))
            {
                ctx.Error(ErrorText.ValueOutOfRange);
                return;
            }
            HRandFieldWithCount(ctx, count, withValues);
            return;
        }
        RandomSample.ReplyOne<RedisHash>(ctx, static (ctx, hash, position) => ctx.Reply.WriteBulk(hash.FieldSpanAt(position)));
    }

    /// <summary>
    /// The shared body of HSET and HMSET: refuses a field without a value with the arity error (before the key is
    /// looked up), creates the hash when missing, sets every pair in order, counts one change per pair and returns
    /// the number of fields created. False when it replied an error.
    /// </summary>
    private static bool TrySetPairs(CommandContext ctx, out int created)
    {
        created = 0;
        if (ctx.ArgCount % 2 == 1)
        {
            ctx.Error(ErrorText.WrongArity(ctx.Command.Name));
            return false;
        }
        if (!CollectionKeys.TryLookupWrite(ctx, ctx.Arg(1), create: true, out RedisHash? hash))
        {
            return false;
        }
        for (int i = 2; i < ctx.ArgCount; i += 2)
        {
            if (hash!.Set(ctx.Arg(i), ctx.Arg(i + 1)))
            {
                created++;
            }
        }
        ctx.SignalModifiedKey(ctx.Arg(1));
        ctx.Notify(NotifyFlags.Hash, "hset"u8, ctx.Arg(1));
        ctx.MarkDirty((ctx.ArgCount - 2) / 2);
        return true;
    }

    // hashTypeLookupWriteOrCreate's creation, deferred until the write is known to succeed.
    private static RedisHash GetOrCreate(CommandContext ctx, ReadOnlySpan<byte> key, RedisHash? hash)
    {
        if (hash is not null)
        {
            return hash;
        }
        hash = RedisHash.Create(ctx.Db.EncodingLimits);
        ctx.Db.Set(key, hash);
        return hash;
    }

    /// <summary>
    /// genericHgetallCommand: the fields, the values, or both (as a map) in hash order, an empty reply for a
    /// missing key. For a listpack hash that is insertion order, as in Redis.
    /// </summary>
    private static void GetAllGeneric(CommandContext ctx, bool fields, bool values)
    {
        if (ctx.LookupRead(ctx.Arg(1), out RedisHash? hash) == LookupStatus.WrongType)
        {
            ctx.WrongType();
            return;
        }
        int count = hash?.Count ?? 0;
        if (fields && values)
        {
            AggregateShapes.WriteMapHeader(ctx, count);
        }
        else
        {
            ctx.Reply.WriteArrayHeader(count);
        }
        for (int i = 0; i < count; i++)
        {
            if (fields)
            {
                ctx.Reply.WriteBulk(hash!.FieldSpanAt(i));
            }
            if (values)
            {
                ctx.Reply.WriteBulk(hash!.ValueSpanAt(i));
            }
        }
    }

    /// <summary>
    /// hrandfieldWithCountCommand (see <see cref="RandomSample.ReplyElements"/>): WITHVALUES adds each field's value
    /// after it, as a flat array in RESP2 and an array of pairs in RESP3.
    /// </summary>
    private static void HRandFieldWithCount(CommandContext ctx, long requested, bool withValues)
    {
        if (withValues)
        {
            RandomSample.ReplyElements<RedisHash>(ctx, requested,
                static (ctx, count) => AggregateShapes.WritePairArrayHeader(ctx, count),
                static (ctx, hash, position) =>
                {
                    AggregateShapes.WritePairHeader(ctx);
                    ctx.Reply.WriteBulk(hash.FieldSpanAt(position));
                    ctx.Reply.WriteBulk(hash.ValueSpanAt(position));
                });
        }
        else
        {
            RandomSample.ReplyElements<RedisHash>(ctx, requested,
                static (ctx, count) => ctx.Reply.WriteArrayHeader(count),
                static (ctx, hash, position) => ctx.Reply.WriteBulk(hash.FieldSpanAt(position)));
        }
    }
}
