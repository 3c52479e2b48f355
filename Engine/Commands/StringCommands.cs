using Reactor.MiniRedis.Protocol;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Engine.Commands;

/// <summary>String commands, grouped as in redis/redis src/t_string.c.</summary>
public static class StringCommands
{
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
        SetGeneric(ctx, ctx.Arg(1), ctx.Arg(2), options);
    }

    /// <summary>
    /// getGenericCommand: replies with the string at <paramref name="ctx"/>'s key 1, nil when missing; WRONGTYPE
    /// (and false) for another type.
    /// </summary>
    internal static bool GetGeneric(CommandContext ctx)
    {
        switch (ctx.LookupRead(ctx.Arg(1), out RedisString? value))
        {
            case LookupStatus.NotFound:
                ctx.Reply.WriteNullBulk();
                return true;
            case LookupStatus.WrongType:
                ctx.WrongType();
                return false;
            default:
                WriteValue(ctx, value!);
                return true;
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
    /// expire options. An existing string is overwritten in place, so a same-sized SET does not allocate.
    /// </summary>
    internal static void SetGeneric(CommandContext ctx, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, ExpireOptions options)
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
        RedisObject? existing = db.Lookup(key);
        if ((options.Nx && existing is not null) || (options.Xx && existing is null))
        {
            if (!options.Get)
            {
                ctx.Reply.WriteNullBulk();
            }
            return;
        }
        if (existing is RedisString current)
        {
            current.SetBytes(value);
            if (!options.KeepTtl)
            {
                db.RemoveExpire(key);
            }
        }
        else
        {
            db.Set(key, RedisString.FromBytes(value), options.KeepTtl);
        }
        if (options.HasExpire)
        {
            db.SetExpireTime(key, expireAt);
        }
        ctx.MarkDirty();
        if (!options.Get)
        {
            ctx.Reply.WriteOk();
        }
    }
}
