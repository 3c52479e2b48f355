using System.Text;
using Reactor.MiniRedis.Engine.Server;
using Reactor.MiniRedis.Protocol;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Engine.Commands;

/// <summary>SLOWLOG GET, LEN, RESET, HELP: slowlogCommand in redis/redis src/slowlog.c.</summary>
public static class SlowlogCommands
{
    private static readonly string[] s_help =
    [
        "GET [<count>]",
        "    Return top <count> entries from the slowlog (default: 10, -1 mean all).",
        "    Entries are made of:",
        "    id, timestamp, time in microseconds, arguments array, client IP and port,",
        "    client name",
        "LEN",
        "    Return the length of the slowlog.",
        "RESET",
        "    Reset the slowlog.",
    ];

    /// <summary>
    /// SLOWLOG GET [count]: the newest <c>count</c> entries (10 by default, -1 for all), each an array of id,
    /// unix time, microseconds, the arguments, the client's address and name.
    /// </summary>
    public static void Get(CommandContext ctx)
    {
        if (ctx.ArgCount > 3)
        {
            ctx.Error(ErrorText.SubcommandSyntax(ctx.Arg(1), ctx.Arg(0)));
            return;
        }
        SlowLog log = ctx.Server.SlowLog;
        long count = 10;
        if (ctx.ArgCount == 3)
        {
            // getRangeLongFromObjectOrReply(..., -1, LONG_MAX, ...): one error for a bad number and for one too small.
            if (!NumericText.TryParseInt64(ctx.Arg(2), out count) || count < -1)
            {
                ctx.Error(ErrorText.SlowlogCountOutOfRange);
                return;
            }
            if (count == -1)
            {
                count = log.Count;
            }
        }
        count = Math.Min(count, log.Count);
        ctx.Reply.WriteArrayHeader(count);
        foreach (SlowLogEntry entry in log.Entries)
        {
            if (count-- == 0)
            {
                break;
            }
            ctx.Reply.WriteArrayHeader(6);
            ctx.Reply.WriteInteger(entry.Id);
            ctx.Reply.WriteInteger(entry.Time);
            ctx.Reply.WriteInteger(entry.Duration);
            ctx.Reply.WriteArrayHeader(entry.Arguments.Length);
            foreach (byte[] argument in entry.Arguments)
            {
                ctx.Reply.WriteBulk(argument);
            }
            ctx.Reply.WriteBulk(Encoding.ASCII.GetBytes(entry.PeerId));
            ctx.Reply.WriteBulk(Encoding.Latin1.GetBytes(entry.ClientName));
        }
    }

    /// <summary>SLOWLOG LEN</summary>
    public static void Len(CommandContext ctx) => ctx.Reply.WriteInteger(ctx.Server.SlowLog.Count);

    /// <summary>SLOWLOG RESET</summary>
    public static void Reset(CommandContext ctx)
    {
        ctx.Server.SlowLog.Reset();
        ctx.Reply.WriteOk();
    }

    /// <summary>SLOWLOG HELP</summary>
    public static void Help(CommandContext ctx) => HelpReply.Write(ctx, s_help);
}
