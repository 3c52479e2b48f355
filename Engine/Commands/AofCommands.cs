using Reactor.MiniRedis.Protocol;

namespace Reactor.MiniRedis.Engine.Commands;

/// <summary>The append-only file's command (bgrewriteaofCommand in redis/redis src/aof.c).</summary>
public static class AofCommands
{
    /// <summary>BGREWRITEAOF</summary>
    /// <remarks>
    /// Starts a background rewrite of the AOF (a new base from a point-in-time snapshot), whether or not the AOF is
    /// on. One already running is an error; during a background save, or inside EXEC, the rewrite is scheduled for
    /// the cron to start.
    /// </remarks>
    public static void BgRewriteAof(CommandContext ctx)
    {
        string? reply = ctx.Server.Aof.RewriteCommand(out bool failed);
        if (reply is not null)
        {
            ctx.Reply.WriteSimpleString(System.Text.Encoding.ASCII.GetBytes(reply));
        }
        else
        {
            ctx.Error(failed ? ErrorText.AofRewriteFailed : ErrorText.AofRewriteInProgress);
        }
    }
}
