using Reactor.MiniRedis.Engine.Persistence;
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
    /// Starts a background save of a point-in-time snapshot. Only one child runs at a time: while an AOF rewrite
    /// runs, BGSAVE is an error unless SCHEDULE asks for the save to start once the rewrite is over (inside EXEC it
    /// is always scheduled). Mirrors bgsaveCommand in redis/redis src/rdb.c.
    /// </remarks>
    public static void BgSave(CommandContext ctx)
    {
        bool schedule = false;
        if (ctx.ArgCount > 1)
        {
            if (ctx.ArgCount == 2 && ctx.ArgIs(1, "schedule"u8))
            {
                schedule = true;
            }
            else
            {
                ctx.SyntaxError();
                return;
            }
        }
        RdbPersistence persistence = ctx.Server.Persistence;
        if (persistence.BackgroundSaveInProgress)
        {
            ctx.Error(ErrorText.BackgroundSaveInProgress);
        }
        else if (persistence.HasActiveChildProcess || ctx.Server.Propagation.InNestedCall)
        {
            if (schedule || ctx.Server.Propagation.InNestedCall)
            {
                persistence.BackgroundSaveScheduled = true;
                ctx.Reply.WriteSimpleString("Background saving scheduled"u8);
            }
            else
            {
                ctx.Error(ErrorText.BackgroundSaveOtherChildActive);
            }
        }
        else if (persistence.BackgroundSave())
        {
            ctx.Reply.WriteSimpleString("Background saving started"u8);
        }
        else
        {
            ctx.Error(ErrorText.SaveFailed);
        }
    }
}
