using Reactor.MiniRedis.Engine.Networking;
using Reactor.MiniRedis.Engine.Transactions;
using Reactor.MiniRedis.Protocol;

namespace Reactor.MiniRedis.Engine.Commands;

/// <summary>
/// MULTI, EXEC, DISCARD, WATCH and UNWATCH (redis/redis src/multi.c). Queueing happens in processCommand
/// (<see cref="MultiExec"/>); the WATCH registry is <see cref="WatchedKeys"/>.
/// </summary>
public static class TransactionCommands
{
    /// <summary>MULTI</summary>
    public static void Multi(CommandContext ctx)
    {
        Connection client = ctx.Client;
        if ((client.Flags & ClientFlags.Multi) != 0)
        {
            ctx.Error(ErrorText.MultiNested);
            return;
        }
        client.Flags |= ClientFlags.Multi;
        ctx.Reply.WriteOk();
    }

    /// <summary>DISCARD</summary>
    public static void Discard(CommandContext ctx)
    {
        if ((ctx.Client.Flags & ClientFlags.Multi) == 0)
        {
            ctx.Error(ErrorText.DiscardWithoutMulti);
            return;
        }
        MultiExec.Discard(ctx.Server, ctx.Client);
        ctx.Reply.WriteOk();
    }

    /// <summary>EXEC</summary>
    /// <remarks>
    /// Mirrors execCommand. A watched key that expired since WATCH counts as touched. A touched watch (null
    /// array) or a rejected queued command (EXECABORT) discards the transaction. Otherwise the watches go first
    /// (nothing can fail the transaction any more), then each queued command runs through the server's call path,
    /// counted in the statistics like any command, its reply (an error included) one element of EXEC's array;
    /// blocking commands may not block meanwhile (CLIENT_DENY_BLOCKING). The commands run on a context of their
    /// own, so EXEC's own context (its arguments, its failure) is untouched. EXEC is never itself a write: its
    /// commands count their own changes.
    /// </remarks>
    public static void Exec(CommandContext ctx)
    {
        Connection client = ctx.Client;
        if ((client.Flags & ClientFlags.Multi) == 0)
        {
            ctx.Error(ErrorText.ExecWithoutMulti);
            return;
        }
        MultiState state = client.Transaction ??= new MultiState();
        if (WatchedKeys.IsWatchedKeyExpired(state))
        {
            client.Flags |= ClientFlags.DirtyCas;
        }
        if ((client.Flags & (ClientFlags.DirtyCas | ClientFlags.DirtyExec)) != 0)
        {
            if ((client.Flags & ClientFlags.DirtyExec) != 0)
            {
                ctx.Error(ErrorText.ExecAbort);
            }
            else
            {
                ctx.Reply.WriteNullArray();
            }
            MultiExec.Discard(ctx.Server, client);
            return;
        }

        bool couldBlock = (client.Flags & ClientFlags.DenyBlocking) == 0;
        client.Flags |= ClientFlags.DenyBlocking;
        ctx.Server.WatchedKeys.UnwatchAll(state); // unwatch ASAP, or every change made below would touch our own keys
        // AOF/replication seam: the queued commands' changes are to be propagated wrapped in MULTI ... EXEC, as one
        // unit (execCommand's propagation through server.also_propagate); there is no propagation target yet.
        var inner = new CommandContext(ctx.Server);
        ctx.Reply.WriteArrayHeader(state.Commands.Count);
        foreach (QueuedCommand queued in state.Commands)
        {
            inner.Load(client, queued.Buffer, 0, queued.Arguments, queued.Arguments.Length);
            ctx.Server.Call(inner, queued.Command);
        }
        if (couldBlock)
        {
            client.Flags &= ~ClientFlags.DenyBlocking;
        }
        MultiExec.Discard(ctx.Server, client);
    }

    /// <summary>WATCH key [key ...]</summary>
    /// <remarks>Mirrors watchCommand: a client whose watch is already broken gets OK without watching more.</remarks>
    public static void Watch(CommandContext ctx)
    {
        Connection client = ctx.Client;
        if ((client.Flags & ClientFlags.Multi) != 0)
        {
            ctx.Error(ErrorText.WatchInsideMulti);
            return;
        }
        if ((client.Flags & ClientFlags.DirtyCas) == 0)
        {
            MultiState state = client.Transaction ??= new MultiState();
            for (int j = 1; j < ctx.ArgCount; j++)
            {
                ctx.Server.WatchedKeys.Watch(client, state, ctx.Arg(j));
            }
        }
        ctx.Reply.WriteOk();
    }

    /// <summary>UNWATCH</summary>
    public static void Unwatch(CommandContext ctx)
    {
        Connection client = ctx.Client;
        if (client.Transaction is { } state)
        {
            ctx.Server.WatchedKeys.UnwatchAll(state);
        }
        client.Flags &= ~ClientFlags.DirtyCas;
        ctx.Reply.WriteOk();
    }
}
