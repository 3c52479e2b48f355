using Reactor.MiniRedis.Protocol;

namespace Reactor.MiniRedis.Engine.Commands;

/// <summary>Server commands (redis/redis src/server.c, src/db.c): keyspace size and flushes, time, LASTSAVE, shutdown.</summary>
public static class ServerCommands
{
    /// <summary>DBSIZE: keys in the selected database, expired ones not yet reclaimed included (as in Redis).</summary>
    public static void DbSize(CommandContext ctx) => ctx.Reply.WriteInteger(ctx.Db.Count);

    /// <summary>FLUSHDB [ASYNC | SYNC]</summary>
    /// <remarks>ASYNC (or no option under lazyfree-lazy-user-flush) hands the old tables to the lazyfree thread.</remarks>
    public static void FlushDb(CommandContext ctx)
    {
        if (!TryParseFlushOption(ctx, out bool lazy))
        {
            return;
        }
        long removed = ctx.Db.Count;
        ctx.Server.Signals.FlushedDb(ctx.Db.Id); // emptyData signals while the keys are still there
        ctx.Db.Clear(lazy);
        ctx.MarkDirty(removed);
        ctx.ForcePropagation(); // propagated even when the database was already empty
        ctx.Reply.WriteOk();
    }

    /// <summary>
    /// FLUSHALL [ASYNC | SYNC]. Mirrors flushAllDataAndResetRDB: every key of every database goes, a running
    /// BGSAVE is stopped, and with save points configured the now empty dataset is saved at once (so the RDB file
    /// does not bring the keys back on restart), which leaves the change count at 0; without save points it grows by
    /// the keys removed plus one. ASYNC (or
    /// no option under lazyfree-lazy-user-flush) hands the old tables to the lazyfree thread.
    /// </summary>
    public static void FlushAll(CommandContext ctx)
    {
        if (!TryParseFlushOption(ctx, out bool lazy))
        {
            return;
        }
        long removed = ctx.Server.Keyspace.TotalKeys();
        ctx.Server.Signals.FlushedDb(-1);
        ctx.Server.Persistence.KillBackgroundSave(); // first, so a running save does not capture what is flushed
        ctx.Server.Keyspace.FlushAll(lazy);
        ctx.MarkDirty(removed + 1);
        ctx.ForcePropagation(); // propagated even when the server was already empty (and after the save below)
        if (ctx.Server.Config.SavePoints.Count > 0)
        {
            ctx.Server.Persistence.Save(); // resets the change count, as in Redis 7.0.15
        }
        ctx.Reply.WriteOk();
    }

    /// <summary>TIME: the server's Unix time as two bulk strings, seconds and microseconds.</summary>
    public static void Time(CommandContext ctx)
    {
        long microseconds = ctx.Server.Time.GetUtcNow().Subtract(DateTimeOffset.UnixEpoch).Ticks / 10;
        ctx.Reply.WriteArrayHeader(2);
        ctx.Reply.WriteBulk(microseconds / 1_000_000);
        ctx.Reply.WriteBulk(microseconds % 1_000_000);
    }

    /// <summary>LASTSAVE: the Unix time of the last successful save (the start time until the first one).</summary>
    public static void LastSave(CommandContext ctx) => ctx.Reply.WriteInteger(ctx.Server.LastSaveUnixSeconds);

    /// <summary>
    /// SHUTDOWN [NOSAVE | SAVE] [NOW] [FORCE] [ABORT]
    /// Mirrors shutdownCommand and prepareForShutdown in redis/redis src/server.c. On success nothing is
    /// replied: the server stops and every connection closes, as when Redis exits. A running BGSAVE is stopped;
    /// with save points configured (unless NOSAVE) or with SAVE, the RDB file is written first, and if that fails
    /// the server replies an error and keeps running, unless FORCE says to exit anyway. There are no replicas to
    /// wait for, so NOW changes nothing, and a shutdown never stays in progress for ABORT to cancel.
    /// </summary>
    public static void Shutdown(CommandContext ctx)
    {
        bool noSave = false, save = false, now = false, force = false, abort = false;
        for (int i = 1; i < ctx.ArgCount; i++)
        {
            if (ctx.ArgIs(i, "nosave"u8))
            {
                noSave = true;
            }
            else if (ctx.ArgIs(i, "save"u8))
            {
                save = true;
            }
            else if (ctx.ArgIs(i, "now"u8))
            {
                now = true;
            }
            else if (ctx.ArgIs(i, "force"u8))
            {
                force = true;
            }
            else if (ctx.ArgIs(i, "abort"u8))
            {
                abort = true;
            }
            else
            {
                ctx.SyntaxError();
                return;
            }
        }
        if ((abort && (noSave || save || now || force)) || (noSave && save))
        {
            ctx.SyntaxError();
            return;
        }
        if (abort)
        {
            ctx.Error(ErrorText.NoShutdownInProgress);
            return;
        }

        ctx.Server.Log.Warning("User requested shutdown...");
        if (!ctx.Server.Persistence.PrepareForShutdown(save, noSave, force))
        {
            ctx.Error(ErrorText.ShutdownFailed);
            return;
        }
        ctx.Server.Shutdown();
    }

    // getFlushCommandFlags: FLUSHDB/FLUSHALL take nothing (lazy under lazyfree-lazy-user-flush), SYNC or ASYNC.
    private static bool TryParseFlushOption(CommandContext ctx, out bool lazy)
    {
        lazy = false;
        if (ctx.ArgCount == 1)
        {
            lazy = ctx.Server.Config.LazyFree.LazyUserFlush;
            return true;
        }
        if (ctx.ArgCount == 2 && (ctx.ArgIs(1, "sync"u8) || ctx.ArgIs(1, "async"u8)))
        {
            lazy = ctx.ArgIs(1, "async"u8);
            return true;
        }
        ctx.SyntaxError();
        return false;
    }
}
