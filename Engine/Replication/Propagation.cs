using Reactor.MiniRedis.Engine.Commands;
using Reactor.MiniRedis.Engine.Server;
using Reactor.MiniRedis.Engine.Transactions;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Engine.Replication;

/// <summary>
/// Command propagation as Redis 7.0 does it (call, alsoPropagate, propagatePendingCommands and propagateNow in
/// redis/redis src/server.c; propagateDeletion in src/db.c): what each command did to the dataset, in the form that
/// replays it exactly, fed to the AOF (and, one day, to replicas).
/// </summary>
/// <remarks>
/// <para>
/// Every call() is an execution unit. A command that changed the dataset (server.dirty moved) or forced it
/// (<see cref="CommandContext.ForcePropagation"/>) is recorded after it ran, as sent, or in the form it chose with
/// <see cref="CommandContext.Rewrite"/> (EXPIRE as PEXPIREAT with an absolute time, SPOP as SREM, ...), unless it
/// called <see cref="CommandContext.PreventPropagation"/>. What a command propagates besides itself
/// (<see cref="CommandContext.AlsoPropagate"/>: SPOP's SREMs, the DEL of a key found expired) comes before it. Nested
/// calls (EXEC running its queued commands) add to the same unit. When the outermost call returns, the unit is fed
/// to the targets: one command alone, more than one wrapped in MULTI ... EXEC so they apply atomically. Each target
/// inserts SELECT where the database changes.
/// </para>
/// <para>
/// Outside any call (active expiry, eviction before a command, and the seam for clients served by a blocking
/// command), each propagated command is a unit of its own, fed at once.
/// </para>
/// <para>
/// With no target active (appendonly no) nothing is recorded: the handlers' rewrite calls return at once, and a
/// call costs a counter increment and a flag test.
/// </para>
/// </remarks>
public sealed class Propagation
{
    private static ReadOnlySpan<byte> Multi => "*1\r\n$5\r\nMULTI\r\n"u8;
    private static ReadOnlySpan<byte> Exec => "*1\r\n$4\r\nEXEC\r\n"u8;

    private readonly RedisServer _server;
    private readonly CommandBuffer _pending = new(1024);   // server.also_propagate, already encoded
    private readonly List<(int Db, int Start)> _ops = [];  // one entry per command in _pending
    private int _depth;                                     // calls running (server.in_nested_call + 1)

    internal Propagation(RedisServer server) => _server = server;

    /// <summary>shouldPropagate: true while a target takes commands (the AOF is on or waiting for its first rewrite).</summary>
    public bool IsActive => _server.Aof.State != Persistence.AofState.Off;

    /// <summary>Commands recorded in the current execution unit, not yet fed (server.also_propagate.numops).</summary>
    public int PendingCount => _ops.Count;

    /// <summary>True inside a nested call, i.e. while EXEC runs its commands (server.in_exec for BGREWRITEAOF and CONFIG SET appendonly).</summary>
    public bool InNestedCall => _depth > 1;

    /// <summary>call() starting: a new command runs (maybe nested), with its propagation flags cleared.</summary>
    internal void EnterCall(CommandContext ctx)
    {
        _depth++;
        ctx.PropagationFlags = PropagationFlags.None;
    }

    /*
     * The end of call() and afterCommand: records the command that just ran if it changed the dataset (dirty) or
     * forced its propagation, and was neither EXEC (whose commands propagate themselves) nor prevented; then, if
     * this was the outermost call, feeds the unit. A handler that threw (completed false) is not recorded: whatever
     * it did is lost to the AOF, as a crash would lose it, but the file stays loadable.
     */
    internal void ExitCall(CommandContext ctx, CommandSpec command, long dirty, bool completed)
    {
        PropagationFlags flags = ctx.PropagationFlags;
        if (completed && IsActive && (flags & PropagationFlags.Prevented) == 0
            && (dirty > 0 || (flags & PropagationFlags.Forced) != 0) && !MultiExec.IsExec(command))
        {
            _ops.Add((ctx.Db.Id, _pending.Length));
            if ((flags & PropagationFlags.Rewritten) != 0)
            {
                _pending.AppendRaw(ctx.RewrittenCommand);
            }
            else
            {
                _pending.AppendHeader(ctx.ArgCount);
                for (int i = 0; i < ctx.ArgCount; i++)
                {
                    _pending.AppendBulk(ctx.Arg(i));
                }
            }
        }
        if (--_depth == 0 && _ops.Count > 0)
        {
            PropagatePendingCommands();
        }
    }

    /// <summary>
    /// alsoPropagate: records a command of <paramref name="argc"/> arguments, added through the returned writer,
    /// for database <paramref name="dbid"/> in the current execution unit. For use inside a command; code running
    /// outside one uses <see cref="AlsoPropagate(int, ReadOnlySpan{byte[]})"/>, which feeds the command at once.
    /// </summary>
    public CommandWriter AlsoPropagate(int dbid, int argc)
    {
        if (!IsActive)
        {
            return default;
        }
        _ops.Add((dbid, _pending.Length));
        _pending.AppendHeader(argc);
        return new CommandWriter(_pending);
    }

    /// <summary>
    /// alsoPropagate of a whole command: recorded in the current execution unit inside a call, fed at once outside
    /// one. The seam for clients served by a blocking command outside call() (the LPOP, RPOP, LMOVE, ZPOPMIN ...
    /// serveClientBlockedOnList and friends propagate) and for any other server-side change.
    /// </summary>
    public void AlsoPropagate(int dbid, ReadOnlySpan<byte[]> argv)
    {
        if (!IsActive)
        {
            return;
        }
        _ops.Add((dbid, _pending.Length));
        _pending.AppendCommand(argv);
        FeedIfOutsideCall();
    }

    /// <summary>
    /// propagateDeletion: a key the server removed by itself (expired, or evicted by maxmemory) is
    /// propagated as <c>DEL key</c>, or <c>UNLINK key</c> when <paramref name="lazy"/> (lazyfree-lazy-expire,
    /// lazyfree-lazy-eviction). Inside a command (lazy expiry) it joins the command's unit, before the command;
    /// outside (active expiry) it is fed at once, alone.
    /// </summary>
    public void PropagateDeletion(Database db, ReadOnlySpan<byte> key, bool lazy)
    {
        if (!IsActive)
        {
            return;
        }
        AlsoPropagate(db.Id, 2).Add(lazy ? "UNLINK"u8 : "DEL"u8).Add(key);
        FeedIfOutsideCall();
    }

    /// <summary>deleteExpiredKeyAndPropagate's propagation: an expired key is deleted as lazyfree-lazy-expire says.</summary>
    public void PropagateExpired(Database db, ReadOnlySpan<byte> key)
    {
        if (IsActive)
        {
            PropagateDeletion(db, key, _server.Config.LazyFree.LazyExpire);
        }
    }

    // Outside call() every propagated command is its own execution unit.
    private void FeedIfOutsideCall()
    {
        if (_depth == 0)
        {
            PropagatePendingCommands();
        }
    }

    /*
     * propagatePendingCommands (Redis 7.0): feeds the unit's commands to the targets, wrapped in MULTI ... EXEC when
     * there is more than one. MULTI takes the first command's database, so a SELECT it needs comes before it; EXEC
     * takes the last one's, so none comes between the last command and EXEC.
     */
    private void PropagatePendingCommands()
    {
        int count = _ops.Count;
        bool wrap = count > 1;
        if (wrap)
        {
            Feed(_ops[0].Db, Multi);
        }
        for (int i = 0; i < count; i++)
        {
            int start = _ops[i].Start;
            int end = i + 1 < count ? _ops[i + 1].Start : _pending.Length;
            Feed(_ops[i].Db, _pending.Slice(start, end - start));
        }
        if (wrap)
        {
            Feed(_ops[count - 1].Db, Exec);
        }
        _ops.Clear();
        _pending.Reset(maxKept: 64 * 1024);
    }

    // propagateNow: each target in turn (replicationFeedSlaves would be the second).
    private void Feed(int dbid, ReadOnlySpan<byte> command) => _server.Aof.Feed(dbid, command);
}
