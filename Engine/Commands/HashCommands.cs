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
        if (ctx.ArgCount % 2 == 1)
        {
            ctx.Error(ErrorText.WrongArity(ctx.Command.Name));
            return;
        }
        ReadOnlySpan<byte> key = ctx.Arg(1);
        if (!CollectionKeys.TryLookupWrite(ctx, key, create: true, out RedisHash? hash))
        {
            return;
        }
        int created = 0;
        for (int i = 2; i < ctx.ArgCount; i += 2)
        {
            if (hash!.Set(ctx.Arg(i), ctx.Arg(i + 1)))
            {
                created++;
            }
        }
        ctx.MarkDirty((ctx.ArgCount - 2) / 2);
        ctx.Reply.WriteInteger(created);
    }

    /// <summary>HGET key field</summary>
    public static void HGet(CommandContext ctx)
    {
        switch (ctx.LookupRead(ctx.Arg(1), out RedisHash? hash))
        {
            case LookupStatus.WrongType:
                ctx.WrongType();
                break;
            case LookupStatus.Found when hash!.TryGetValue(ctx.Arg(2), out byte[] value):
                ctx.Reply.WriteBulk(value);
                break;
            default:
                ctx.Reply.WriteNullBulk();
                break;
        }
    }
}
