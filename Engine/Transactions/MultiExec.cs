using Reactor.MiniRedis.Engine.Commands;
using Reactor.MiniRedis.Engine.Networking;
using Reactor.MiniRedis.Engine.Server;
using Reactor.MiniRedis.Protocol;

namespace Reactor.MiniRedis.Engine.Transactions;

/// <summary>
/// The transaction side of processCommand and freeClient, from redis/redis src/multi.c and src/server.c: which
/// commands are queued after MULTI, queueing itself, flagging a transaction whose queueing failed, and discarding
/// a client's transaction state. The handlers (MULTI, EXEC, ...) are in <see cref="TransactionCommands"/>.
/// </summary>
internal static class MultiExec
{
    // The commands processCommand runs at once even inside MULTI (it compares c->cmd->proc with each of them).
    private static readonly CommandHandler s_exec = TransactionCommands.Exec;
    private static readonly CommandHandler s_discard = TransactionCommands.Discard;
    private static readonly CommandHandler s_multi = TransactionCommands.Multi;
    private static readonly CommandHandler s_watch = TransactionCommands.Watch;
    private static readonly CommandHandler s_quit = ConnectionCommands.Quit;
    private static readonly CommandHandler s_reset = ConnectionCommands.Reset;

    /// <summary>True for EXEC (<c>c->cmd->proc == execCommand</c>).</summary>
    public static bool IsExec(CommandSpec command) => command.Handler == s_exec;

    /// <summary>
    /// processCommand's CMD_NO_MULTI check: true when <paramref name="command"/> may not be queued (SHUTDOWN, SAVE,
    /// SYNC...) and the client is inside MULTI. The caller rejects it, which fails the transaction.
    /// </summary>
    public static bool IsRejectedInMulti(Connection client, CommandSpec command) =>
        (client.Flags & ClientFlags.Multi) != 0 && (command.Flags & CommandFlags.NoMulti) != 0;

    /// <summary>True when the client is inside MULTI and <paramref name="command"/> is to be queued rather than run.</summary>
    public static bool ShouldQueue(Connection client, CommandSpec command)
    {
        if ((client.Flags & ClientFlags.Multi) == 0)
        {
            return false;
        }
        CommandHandler? handler = command.Handler;
        return handler != s_exec && handler != s_discard && handler != s_multi && handler != s_watch
            && handler != s_quit && handler != s_reset;
    }

    /// <summary>
    /// The flags processCommand judges a command by: its own, and for EXEC also those of every queued command
    /// (<c>c->mstate.cmd_flags</c>), so an EXEC of writes counts as a write (CLIENT PAUSE WRITE holds it back).
    /// </summary>
    public static CommandFlags EffectiveFlags(Connection client, CommandSpec command) =>
        IsExec(command) && client.Transaction is { } state ? command.Flags | state.Flags : command.Flags;

    /*
     * queueMultiCommand, then the +QUEUED reply: copies the request's arguments out of the query buffer (reused by
     * the next request) into one array. A transaction that already failed (dirty) queues nothing more: EXEC will
     * discard it anyway, and a client pipelining without reading replies would only waste memory.
     */
    public static void Queue(CommandContext ctx, CommandSpec command)
    {
        Connection client = ctx.Client;
        MultiState state = client.Transaction ??= new MultiState();
        if ((client.Flags & (ClientFlags.DirtyCas | ClientFlags.DirtyExec)) == 0)
        {
            byte[] buffer = ctx.CopyArguments(out ArgSlice[] arguments);
            state.Commands.Add(new QueuedCommand(command, buffer, arguments));
            state.Flags |= command.Flags;
            state.InverseFlags |= ~command.Flags;
            state.ArgumentBytes += buffer.Length + arguments.Length * IntPtr.Size;
        }
        ctx.Reply.WriteSimpleString("QUEUED"u8);
    }

    /// <summary>flagTransaction: a command rejected while queueing makes the coming EXEC fail with EXECABORT.</summary>
    public static void FlagTransaction(Connection client)
    {
        if ((client.Flags & ClientFlags.Multi) != 0)
        {
            client.Flags |= ClientFlags.DirtyExec;
        }
    }

    /// <summary>
    /// rejectCommand's transaction part: flags the transaction, and when the rejected command is EXEC itself
    /// (execCommandAbort) discards the transaction and returns the EXECABORT error to reply instead of
    /// <paramref name="error"/>. Otherwise returns <paramref name="error"/>.
    /// </summary>
    public static string OnRejected(RedisServer server, Connection client, CommandSpec? command, string error)
    {
        FlagTransaction(client);
        if (command is null || !IsExec(command))
        {
            return error;
        }
        Discard(server, client);
        return ErrorText.ExecAbortBecauseOf(error);
    }

    /// <summary>
    /// discardTransaction: forgets the queued commands, leaves MULTI, clears the dirty flags and unwatches every key.
    /// DISCARD, EXEC, RESET and a closing client end here.
    /// </summary>
    public static void Discard(RedisServer server, Connection client)
    {
        client.Flags &= ~(ClientFlags.Multi | ClientFlags.DirtyCas | ClientFlags.DirtyExec);
        if (client.Transaction is { } state)
        {
            state.ClearCommands();
            server.WatchedKeys.UnwatchAll(state);
        }
    }

    /// <summary>The CLIENT LIST <c>multi=</c> field: commands queued inside MULTI, -1 outside.</summary>
    public static int QueuedCount(Connection client) =>
        (client.Flags & ClientFlags.Multi) == 0 ? -1 : client.Transaction?.Commands.Count ?? 0;

    /// <summary>
    /// multiStateMemOverhead as Redis 7.0.15 reports it (CLIENT LIST <c>multi-mem</c>): the queued arguments'
    /// bytes plus a pointer per argument.
    /// </summary>
    public static long MemoryOverhead(Connection client) => client.Transaction?.ArgumentBytes ?? 0;
}
