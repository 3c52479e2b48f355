using Reactor.MiniRedis.Protocol;

namespace Reactor.MiniRedis.Engine.Commands;

/// <summary>SAVE and BGSAVE (saveCommand and bgsaveCommand in redis/redis src/rdb.c).</summary>
public static class PersistenceCommands
{
    /// <summary>SAVE</summary>
    /// <remarks>
    /// Writes the RDB file on the loop thread, blocking every client until it is done (as in Redis); refused while a
    /// BGSAVE runs. A failed save replies a bare <c>-ERR</c>, the reason is in the log.
    /// </remarks>
    public static void Save(CommandContext ctx)
    {
        if (ctx.Server.Persistence.BackgroundSaveInProgress)
        {
            ctx.Error(ErrorText.BackgroundSaveInProgress);
            return;
        }
        if (ctx.Server.Persistence.Save(countAsSave: true))
        {
            ctx.Reply.WriteOk();
        }
        else
        {
            ctx.Error(ErrorText.SaveFailed);
        }
    }

    /// <summary>BGSAVE [SCHEDULE]</summary>
    /// <remarks>
    /// Starts a background save of a point-in-time snapshot. SCHEDULE only matters in Redis while another child
    /// process (an AOF rewrite) runs; this server has none, so it starts the save at once, as Redis does then.
    /// </remarks>
    public static void BgSave(CommandContext ctx)
    {
        if (ctx.ArgCount > 1 && !(ctx.ArgCount == 2 && ctx.ArgIs(1, "schedule"u8)))
        {
            ctx.SyntaxError();
            return;
        }
        if (ctx.Server.Persistence.BackgroundSaveInProgress)
        {
            ctx.Error(ErrorText.BackgroundSaveInProgress);
            return;
        }
        if (ctx.Server.Persistence.BackgroundSave())
        {
            ctx.Reply.WriteSimpleString("Background saving started"u8);
        }
        else
        {
            ctx.Error(ErrorText.SaveFailed);
        }
    }
}
