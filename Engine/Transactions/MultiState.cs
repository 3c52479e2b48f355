using Reactor.MiniRedis.Engine.Commands;

namespace Reactor.MiniRedis.Engine.Transactions;

/// <summary>
/// A client's transaction state: the commands queued since MULTI (c->mstate in redis/redis src/server.h) and the
/// keys it WATCHes (c->watched_keys). Created the first time a client uses MULTI or WATCH.
/// </summary>
internal sealed class MultiState
{
    /// <summary>The queued commands, in order (mstate.commands).</summary>
    public List<QueuedCommand> Commands { get; } = [];

    /// <summary>The union of the queued commands' flags (mstate.cmd_flags): EXEC counts as a write if any of them is one.</summary>
    public CommandFlags Flags { get; set; }

    /// <summary>The union of the complements of the queued commands' flags (mstate.cmd_inv_flags): "some command lacks flag X".</summary>
    public CommandFlags InverseFlags { get; set; }

    /// <summary>
    /// mstate.argv_len_sums: the queued arguments' bytes plus a pointer per argument, the transaction's share of
    /// CLIENT LIST multi-mem and tot-mem.
    /// </summary>
    public long ArgumentBytes { get; set; }

    /// <summary>The watched keys, in WATCH order (c->watched_keys).</summary>
    public List<WatchedKey> WatchedKeys { get; } = [];

    /// <summary>freeClientMultiState + initClientMultiState: forgets the queued commands (not the watched keys).</summary>
    public void ClearCommands()
    {
        Commands.Clear();
        Flags = CommandFlags.None;
        InverseFlags = CommandFlags.None;
        ArgumentBytes = 0;
    }
}
