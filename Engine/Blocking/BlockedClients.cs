using System.Diagnostics;
using Reactor.MiniRedis.Engine.Commands;
using Reactor.MiniRedis.Engine.Networking;
using Reactor.MiniRedis.Engine.Server;
using Reactor.MiniRedis.Protocol;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Engine.Blocking;

/// <summary>
/// Clients blocked on keys by BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP, BZPOPMIN, BZPOPMAX and BZMPOP: the
/// generic blocking support of redis/redis src/blocked.c (7.0). A blocked client is never a blocked thread: its
/// command returns without a reply, the client stops processing its input, and the loop serves everyone else.
/// </summary>
/// <remarks>
/// <para>
/// A client is unblocked in one of four ways: a key it waits on is created holding the right type (served first
/// blocked, first served, after the command that created it), its deadline passes (a loop timer), CLIENT UNBLOCK,
/// or it disconnects. Either way it is queued so that the requests that piled up behind the blocking one run
/// before the loop sleeps (processUnblockedClients).
/// </para>
/// <para>
/// Keys become ready through <see cref="Database.KeyAdded"/>, which Storage calls for every key it creates (the
/// dbAdd hook of signalKeyAsReady) and <see cref="KeyspaceSignals"/> forwards to <see cref="SignalKeyAsReady"/>, so
/// pushes, LMOVE, stores, RENAME, MOVE, COPY and RESTORE all signal without knowing about blocking. With no client
/// blocked in the database, that costs one count test. SWAPDB, which swaps contents wholesale, rescans instead
/// (<see cref="ScanDatabaseForReadyKeys"/>).
/// </para>
/// </remarks>
public sealed class BlockedClients
{
    private readonly RedisServer _server;
    private readonly BlockingKeys[] _databases;
    private readonly Dictionary<Connection, BlockedClient> _blocked = [];
    private readonly List<Connection> _unblocked = [];
    private readonly BlockedTimeouts _timeouts;
    private readonly CommandContext _context;
    private List<ReadyKey> _readyKeys = [];
    private List<ReadyKey> _serving = [];

    internal BlockedClients(RedisServer server)
    {
        _server = server;
        _databases = new BlockingKeys[server.Keyspace.Count];
        for (int i = 0; i < _databases.Length; i++)
        {
            _databases[i] = new BlockingKeys();
        }
        _timeouts = new BlockedTimeouts(server.Loop, TimeOut);
        _context = new CommandContext(server);
    }

    /// <summary>Clients blocked right now (server.blocked_clients, INFO blocked_clients).</summary>
    public int Count => _blocked.Count;

    /// <summary>Blocked clients with a deadline (INFO clients_in_timeout_table).</summary>
    public int TimeoutCount => _timeouts.Count;

    /// <summary>True when keys wait to be served (listLength(server.ready_keys)); checked after every command.</summary>
    internal bool HasReadyKeys => _readyKeys.Count > 0;

    /// <summary>True when the before-sleep step has anything to do.</summary>
    internal bool HasPendingWork => _readyKeys.Count > 0 || _unblocked.Count > 0;

    /// <summary>
    /// blockForKeys + blockClient: blocks the client of <paramref name="ctx"/> on the <paramref name="keyCount"/>
    /// keys from argument <paramref name="firstKey"/> (a key given twice counts once) until one is served, the
    /// <paramref name="deadline"/> (loop milliseconds, 0 for none) passes, or CLIENT UNBLOCK. The handler writes no
    /// reply: the client gets one when it is unblocked.
    /// </summary>
    internal void Block(CommandContext ctx, BlockedType type, int firstKey, int keyCount, long deadline,
        ListEnd from = ListEnd.Head, ListEnd to = ListEnd.Head, bool highest = false, long count = -1, bool hasTarget = false)
    {
        Connection client = ctx.Client;
        var blocked = new BlockedClient
        {
            Client = client,
            Db = ctx.Db,
            Type = type,
            Command = ctx.Command,
            ArgumentBytes = ctx.CopyArguments(out ArgSlice[] arguments),
            Arguments = arguments,
            Deadline = deadline,
            From = from,
            To = to,
            Highest = highest,
            Count = count,
            HasTarget = hasTarget,
        };
        BlockingKeys keys = _databases[ctx.Db.Id];
        for (int i = firstKey; i < firstKey + keyCount; i++)
        {
            ReadOnlySpan<byte> key = ctx.Arg(i);
            if (!keys.ClientsBySpan.TryGetValue(key, out byte[]? storedKey, out LinkedList<BlockedClient>? queue))
            {
                storedKey = key.ToArray();
                queue = new LinkedList<BlockedClient>();
                keys.Clients.Add(storedKey, queue);
            }
            else if (queue.Last!.Value == blocked)
            {
                continue; // the same key again: this client was just queued on it
            }
            blocked.Keys.Add(storedKey);
            blocked.Nodes.Add(queue.AddLast(blocked));
        }
        _blocked.Add(client, blocked);
        client.Flags |= ClientFlags.Blocked;
        if (deadline != 0)
        {
            _timeouts.Add(deadline, client.Id);
        }
    }

    /// <summary>
    /// signalKeyAsReady: <paramref name="key"/> was just created in <paramref name="db"/>. If clients are blocked on
    /// it, it is queued (once) to be served after the current command. Its type is checked only when it is served.
    /// </summary>
    internal void SignalKeyAsReady(Database db, ReadOnlySpan<byte> key)
    {
        BlockingKeys keys = _databases[db.Id];
        if (keys.Clients.Count != 0 && keys.ClientsBySpan.TryGetValue(key, out byte[]? storedKey, out _) && keys.Ready.Add(storedKey))
        {
            _readyKeys.Add(new ReadyKey(db, storedKey));
        }
    }

    /// <summary>
    /// scanDatabaseForReadyKeys (after SWAPDB): every key clients of <paramref name="db"/> are blocked on that now
    /// holds a value is signalled as ready, since the swap brought in contents no key creation announced.
    /// </summary>
    internal void ScanDatabaseForReadyKeys(Database db)
    {
        foreach (byte[] key in _databases[db.Id].Clients.Keys)
        {
            if (db.Lookup(key, touch: false) is RedisList or RedisSortedSet)
            {
                SignalKeyAsReady(db, key);
            }
        }
    }

    /// <summary>
    /// handleClientsBlockedOnKeys: serves the clients blocked on every ready key, first blocked first served,
    /// until no key is ready. Serving can make more keys ready (BLMOVE pushes to its destination); those are served
    /// in the next round. A key that now holds another type (a string, say) serves nobody: its clients stay blocked.
    /// </summary>
    internal void HandleClientsBlockedOnKeys()
    {
        while (_readyKeys.Count > 0)
        {
            // Swap in a fresh list, so keys signalled while serving wait for the next round.
            (_serving, _readyKeys) = (_readyKeys, _serving);
            for (int i = 0; i < _serving.Count; i++)
            {
                (Database db, byte[] key) = _serving[i];
                _databases[db.Id].Ready.Remove(key);
                switch (db.Lookup(key))
                {
                    case RedisList list:
                        ServeClientsBlockedOnKey(db, key, BlockedType.List, list);
                        break;
                    case RedisSortedSet zset:
                        ServeClientsBlockedOnKey(db, key, BlockedType.SortedSet, zset);
                        break;
                }
            }
            _serving.Clear();
        }
    }

    /// <summary>
    /// serveClientsBlockedOnListKey / serveClientsBlockedOnSortedSetKey: serves the clients waiting on
    /// <paramref name="key"/> for <paramref name="type"/>, in the order they blocked, while the value has elements.
    /// Clients waiting for the other type are passed over and stay blocked. Each served client gets the reply of its
    /// command, has the serving time added to its command's statistics (failed_calls too if it got an error, e.g.
    /// BLMOVE to a destination of the wrong type), and is unblocked.
    /// </summary>
    private void ServeClientsBlockedOnKey(Database db, byte[] key, BlockedType type, IRedisCollection value)
    {
        if (!_databases[db.Id].Clients.TryGetValue(key, out LinkedList<BlockedClient>? queue))
        {
            return;
        }
        // At most the clients queued now: one that blocks again while being served is not served twice.
        int remaining = queue.Count;
        LinkedListNode<BlockedClient>? next;
        for (LinkedListNode<BlockedClient>? node = queue.First; node is not null && remaining-- > 0; node = next)
        {
            next = node.Next; // unblocking removes this node
            BlockedClient blocked = node.Value;
            if (blocked.Type != type)
            {
                continue;
            }
            CommandContext ctx = LoadContext(blocked);
            long started = Stopwatch.GetTimestamp();
            if (type == BlockedType.List)
            {
                BlockingCommands.ServeList(ctx, blocked, key, (RedisList)value);
            }
            else
            {
                BlockingCommands.ServeSortedSet(ctx, blocked, key, (RedisSortedSet)value);
            }
            long duration = (long)Stopwatch.GetElapsedTime(started).TotalMicroseconds;
            ref CommandStats stats = ref _server.CommandStats[blocked.Command.Id];
            stats.Microseconds += duration;
            if (ctx.Failed)
            {
                stats.FailedCalls++;
                _server.Stats.TotalErrorReplies++;
            }
            _server.LogCompletedCommand(ctx, blocked.Command, duration); // updateStatsOnUnblock: served, logged now
            _server.Latency.AddSampleIfNeeded(LatencyMonitor.CommandUnblocking, duration / 1000);
            Unblock(blocked);
            if (value.Count == 0)
            {
                break; // the value was emptied and its key deleted
            }
        }
    }

    /// <summary>
    /// CLIENT UNBLOCK: unblocks client <paramref name="clientId"/> as if it had timed out, or with
    /// <c>-UNBLOCKED client unblocked via CLIENT UNBLOCK</c> when <paramref name="error"/> (counted in the error
    /// stats; the caller's command is the one that fails, as Redis counts an error reply against the command
    /// running when it is written). False when no such client is blocked. As in Redis 7.0 (updateStatsOnUnblock
    /// with had_errors set), the blocked command counts as a failed call either way.
    /// </summary>
    internal bool TryUnblock(long clientId, bool error)
    {
        if (!_server.Clients.TryGetValue(clientId, out Connection? client) || !_blocked.TryGetValue(client, out BlockedClient? blocked))
        {
            return false;
        }
        if (error)
        {
            _server.Stats.CountErrorReply(ErrorText.UnblockedByClientUnblock);
            client.Reply.WriteError(ErrorText.UnblockedByClientUnblock);
        }
        else
        {
            ReplyTimedOut(blocked);
        }
        _server.CommandStats[blocked.Command.Id].FailedCalls++;
        Unblock(blocked);
        return true;
    }

    /// <summary>The bytes of the arguments kept for blocked <paramref name="client"/> (CLIENT LIST argv-mem), 0 when not blocked.</summary>
    internal long ArgumentMemory(Connection client) =>
        _blocked.TryGetValue(client, out BlockedClient? blocked) ? blocked.ArgumentBytes.Length : 0;

    /// <summary>freeClient's unblockClient: a blocked client that disconnects leaves its queues and the timeout table.</summary>
    internal void OnClientClosed(Connection client)
    {
        if (_blocked.TryGetValue(client, out BlockedClient? blocked))
        {
            Unblock(blocked);
        }
    }

    /// <summary>
    /// The before-sleep step: serves keys made ready outside a command, then processUnblockedClients: each client
    /// unblocked since the last sleep (and not blocked again) runs the requests that piled up in its query buffer.
    /// Those may unblock further clients, which are processed in the same pass.
    /// </summary>
    internal void BeforeSleep()
    {
        if (_readyKeys.Count > 0)
        {
            HandleClientsBlockedOnKeys();
        }
        for (int i = 0; i < _unblocked.Count; i++)
        {
            Connection client = _unblocked[i];
            client.Flags &= ~ClientFlags.Unblocked;
            client.ProcessUnblocked();
        }
        _unblocked.Clear();
    }

    /// <summary>
    /// replyToBlockedClientTimedOut: a nil array for a pop (BLMOVE included, as in Redis); for WAIT, the replicas
    /// that acknowledged, which with no replicas is 0.
    /// </summary>
    private static void ReplyTimedOut(BlockedClient blocked)
    {
        if (blocked.Type == BlockedType.Wait)
        {
            blocked.Client.Reply.WriteInteger(0);
        }
        else
        {
            blocked.Client.Reply.WriteNullArray();
        }
    }

    /// <summary>
    /// The timer's callback for a client whose deadline passed (replyToBlockedClientTimedOut + unblockClient): a
    /// nil array, whatever the command (BLMOVE included, as in Redis).
    /// </summary>
    private void TimeOut(long clientId)
    {
        if (_server.Clients.TryGetValue(clientId, out Connection? client) && _blocked.TryGetValue(client, out BlockedClient? blocked))
        {
            ReplyTimedOut(blocked);
            Unblock(blocked);
        }
    }

    /// <summary>
    /// unblockClient: takes the client off every key's queue (dropping keys nobody waits on any more) and out of the timeout table, clears its blocked state, and
    /// queues it to process its pending input and flush its reply before the loop sleeps.
    /// </summary>
    private void Unblock(BlockedClient blocked)
    {
        BlockingKeys keys = _databases[blocked.Db.Id];
        for (int i = 0; i < blocked.Nodes.Count; i++)
        {
            LinkedListNode<BlockedClient> node = blocked.Nodes[i];
            LinkedList<BlockedClient> queue = node.List!;
            queue.Remove(node);
            if (queue.Count == 0)
            {
                keys.Clients.Remove(blocked.Keys[i]);
            }
        }
        if (blocked.Deadline != 0)
        {
            _timeouts.Remove(blocked.Deadline, blocked.Client.Id);
        }
        Connection client = blocked.Client;
        _blocked.Remove(client);
        client.Flags &= ~ClientFlags.Blocked;
        if (!client.IsClosed && (client.Flags & ClientFlags.Unblocked) == 0)
        {
            client.Flags |= ClientFlags.Unblocked;
            _unblocked.Add(client);
        }
    }

    /// <summary>Loads the serving context with a blocked client's command, as if it were running again.</summary>
    private CommandContext LoadContext(BlockedClient blocked)
    {
        _context.Load(blocked.Client, blocked.ArgumentBytes, 0, blocked.Arguments, blocked.ArgumentCount);
        _context.SetCommand(blocked.Command);
        return _context;
    }

    /*
     * The pops a blocking command makes are propagated as their non-blocking forms, never as the blocking command
     * (rewriteClientCommandVector in blockingPopGenericCommand, and serveClientBlockedOnList's alsoPropagate): to the
     * AOF through Propagation. At once (inside the command's call) the blocking command itself is
     * kept out of the unit; when a blocked client is served (outside any call) the pop is fed on its own. Nothing is
     * built when nobody listens.
     */

    /// <summary>Propagates <c>command key</c> (LPOP, RPOP, ZPOPMIN, ZPOPMAX) for the command of <paramref name="ctx"/>.</summary>
    internal void Propagate(CommandContext ctx, ReadOnlySpan<byte> command, ReadOnlySpan<byte> key)
    {
        if (TakeOverPropagation(ctx))
        {
            Emit(ctx.Db.Id, [command.ToArray(), key.ToArray()]);
        }
    }

    /// <summary>Propagates <c>command key count</c>.</summary>
    internal void Propagate(CommandContext ctx, ReadOnlySpan<byte> command, ReadOnlySpan<byte> key, long count)
    {
        if (TakeOverPropagation(ctx))
        {
            Emit(ctx.Db.Id, [command.ToArray(), key.ToArray(), NumericText.Int64ToBytes(count)]);
        }
    }

    /// <summary>Propagates <c>command source destination</c> (RPOPLPUSH).</summary>
    internal void Propagate(CommandContext ctx, ReadOnlySpan<byte> command, ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination)
    {
        if (TakeOverPropagation(ctx))
        {
            Emit(ctx.Db.Id, [command.ToArray(), source.ToArray(), destination.ToArray()]);
        }
    }

    /// <summary>Propagates <c>LMOVE source destination from to</c>.</summary>
    internal void Propagate(CommandContext ctx, ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination, ListEnd from, ListEnd to)
    {
        if (TakeOverPropagation(ctx))
        {
            Emit(ctx.Db.Id, ["LMOVE"u8.ToArray(), source.ToArray(), destination.ToArray(), EndName(from), EndName(to)]);
        }
    }

    // Keeps the blocking command itself out of propagation, and tells whether anyone takes the non-blocking form.
    private bool TakeOverPropagation(CommandContext ctx)
    {
        ctx.PreventPropagation();
        return _server.Propagation.IsActive;
    }

    private void Emit(int dbid, byte[][] argv) => _server.Propagation.AlsoPropagate(dbid, argv);

    private static byte[] EndName(ListEnd end) => end == ListEnd.Head ? "LEFT"u8.ToArray() : "RIGHT"u8.ToArray();
}
