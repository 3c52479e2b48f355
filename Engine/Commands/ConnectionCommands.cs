using Reactor.MiniRedis.Engine.Networking;
using Reactor.MiniRedis.Protocol;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Engine.Commands;

/// <summary>Connection commands (redis/redis src/server.c, src/networking.c).</summary>
public static class ConnectionCommands
{
    /// <summary>PING [message]</summary>
    public static void Ping(CommandContext ctx)
    {
        if (ctx.ArgCount > 2)
        {
            ctx.Error(ErrorText.WrongArity("ping"));
        }
        else if (ctx.ArgCount == 1)
        {
            ctx.Reply.WriteRaw("+PONG\r\n"u8);
        }
        else
        {
            ctx.Reply.WriteBulk(ctx.Arg(1));
        }
    }

    /// <summary>ECHO message</summary>
    public static void Echo(CommandContext ctx) => ctx.Reply.WriteBulk(ctx.Arg(1));

    /// <summary>QUIT: replies OK, then the connection closes once the reply is written.</summary>
    public static void Quit(CommandContext ctx)
    {
        ctx.Reply.WriteOk();
        ctx.Client.Flags |= ClientFlags.CloseAfterReply;
    }

    /// <summary>SELECT index</summary>
    public static void Select(CommandContext ctx)
    {
        if (!NumericText.TryParseInt64(ctx.Arg(1), out long index) || index < int.MinValue || index > int.MaxValue)
        {
            ctx.Error(ErrorText.InvalidDbIndex);
            return;
        }
        if (index < 0 || index >= ctx.Server.Keyspace.Count)
        {
            ctx.Error(ErrorText.DbIndexOutOfRange);
            return;
        }
        ctx.Client.Select(ctx.Server.Keyspace[(int)index]);
        ctx.Reply.WriteOk();
    }
}
