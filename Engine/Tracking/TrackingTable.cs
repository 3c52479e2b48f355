using Reactor.MiniRedis.Engine.Commands;
using Reactor.MiniRedis.Engine.Networking;
using Reactor.MiniRedis.Engine.Server;
using Reactor.MiniRedis.Protocol;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Engine.Tracking;

/// <summary>
/// Server-assisted client-side caching, as redis/redis src/tracking.c does it. In the default mode the keys a
/// tracking client reads are remembered (key name to client ids, across databases, as Redis's TrackingTable),
/// and the first change to such a key sends those clients one invalidation and forgets the key. In BCAST mode
/// clients subscribe to key prefixes instead; the keys changed under each prefix are collected and sent once per
/// event-loop iteration, before the loop sleeps. Invalidations are RESP3 push messages
/// (<c>&gt;2 invalidate [keys]</c>, or a null for a flush), or go to another client chosen with REDIRECT.
/// Everything runs on the loop thread.
/// </summary>
public sealed class TrackingTable
{
    private readonly RedisServer _server;

    // TrackingTable: key -> ids of the clients that may cache it. Ids of closed clients are dropped lazily.
    private readonly Dictionary<byte[], HashSet<long>> _keys = new(KeyComparer.Instance);
    private readonly Dictionary<byte[], HashSet<long>>.AlternateLookup<ReadOnlySpan<byte>> _keysBySpan;

    // PrefixTable: BCAST prefix -> the keys changed under it since the last broadcast and its subscribers.
    private readonly SortedDictionary<byte[], BroadcastState> _prefixes = new(ByteOrder.Instance);

    // server.tracking_pending_keys: invalidations for the client running a command, sent after its reply; null
    // stands for a flush.
    private readonly List<byte[]?> _pending = [];

    // TrackingTable != NULL in Redis: nothing is done before the first client ever enables tracking.
    private bool _created;

    // trackingLimitUsedSlots's timeout_counter: calls in a row that could not get under the limit.
    private int _limitTimeouts;

    internal TrackingTable(RedisServer server)
    {
        _server = server;
        _keysBySpan = _keys.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    /// <summary>Clients with tracking on (INFO tracking_clients, server.tracking_clients).</summary>
    public int ClientCount { get; private set; }

    /// <summary>Keys in the tracking table (INFO tracking_total_keys).</summary>
    public long TotalKeys => _keys.Count;

    /// <summary>Client ids across all the table's keys (INFO tracking_total_items).</summary>
    public long TotalItems { get; private set; }

    /// <summary>BCAST prefixes with at least one subscriber (INFO tracking_total_prefixes).</summary>
    public long TotalPrefixes => _prefixes.Count;

    /// <summary>
    /// server.current_client while it runs a command, set by the connection around each command: invalidations
    /// meant for it wait in the pending list so they follow its reply instead of landing in the middle of it.
    /// </summary>
    internal Connection? CurrentClient { get; set; }

    /// <summary>True when the command that just ran left invalidations for its own client.</summary>
    internal bool HasPending => _pending.Count > 0;

    /// <summary>
    /// enableTracking: turns tracking on for <paramref name="client"/> (or changes its options when it is on),
    /// redirecting to <paramref name="redirect"/> when not 0, subscribing BCAST clients to
    /// <paramref name="prefixes"/> (to every key when none is given). The caller checked the options.
    /// </summary>
    internal void Enable(Connection client, long redirect, TrackingOptions options, List<byte[]> prefixes)
    {
        if ((client.Flags & ClientFlags.Tracking) == 0)
        {
            ClientCount++;
        }
        client.Flags |= ClientFlags.Tracking;
        ClientTracking tracking = client.Tracking;
        tracking.Options &= ~(TrackingOptions.BrokenRedirect | TrackingOptions.Broadcast | TrackingOptions.OptIn
            | TrackingOptions.OptOut | TrackingOptions.NoLoop);
        tracking.Redirect = redirect;
        _created = true;
        if ((options & TrackingOptions.Broadcast) != 0)
        {
            tracking.Options |= TrackingOptions.Broadcast;
            if (prefixes.Count == 0)
            {
                EnableBroadcastPrefix(client, []);
            }
            foreach (byte[] prefix in prefixes)
            {
                EnableBroadcastPrefix(client, prefix);
            }
        }
        tracking.Options |= options & (TrackingOptions.OptIn | TrackingOptions.OptOut | TrackingOptions.NoLoop);
    }

    /// <summary>
    /// disableTracking: turns tracking off (CLIENT TRACKING off, RESET, a closing client). Its ids stay in the
    /// table and are skipped when the keys change, as in Redis, so a client with many keys costs nothing here.
    /// </summary>
    internal void Disable(Connection client)
    {
        ClientTracking tracking = client.Tracking;
        if (tracking.Has(TrackingOptions.Broadcast) && tracking.Prefixes is { } prefixes)
        {
            foreach (byte[] prefix in prefixes)
            {
                BroadcastState state = _prefixes[prefix];
                state.Clients.Remove(client);
                if (state.Clients.Count == 0)
                {
                    _prefixes.Remove(prefix);
                }
            }
            tracking.Prefixes = null;
        }
        if ((client.Flags & ClientFlags.Tracking) != 0)
        {
            ClientCount--;
            client.Flags &= ~ClientFlags.Tracking;
            tracking.Options = TrackingOptions.None;
        }
    }

    /// <summary>
    /// checkPrefixCollisionsOrReply: BCAST prefixes must not overlap (one a prefix of the other), neither with the
    /// client's current ones nor among themselves. Replies the error and returns false when two do.
    /// </summary>
    internal static bool CheckPrefixCollisions(CommandContext ctx, List<byte[]> prefixes)
    {
        SortedSet<byte[]>? existing = ctx.Client.Tracking.Prefixes;
        for (int i = 0; i < prefixes.Count; i++)
        {
            foreach (byte[] current in existing ?? [])
            {
                if (Overlap(current, prefixes[i]))
                {
                    ctx.Error(ErrorText.TrackingPrefixOverlapsExisting(prefixes[i], current));
                    return false;
                }
            }
            for (int j = i + 1; j < prefixes.Count; j++)
            {
                if (Overlap(prefixes[i], prefixes[j]))
                {
                    ctx.Error(ErrorText.TrackingPrefixOverlapsProvided(prefixes[i], prefixes[j]));
                    return false;
                }
            }
        }
        return true;
    }

    /// <summary>
    /// trackingRememberKeys: after a read-only command of a tracking client (not in BCAST mode), remembers the
    /// command's keys for it, unless OPTIN without CLIENT CACHING yes or OPTOUT with CLIENT CACHING no.
    /// </summary>
    internal void RememberKeys(CommandContext ctx)
    {
        ClientTracking tracking = ctx.Client.Tracking;
        TrackingOptions options = tracking.Options;
        bool caching = (options & TrackingOptions.Caching) != 0;
        if ((options & TrackingOptions.Broadcast) != 0
            || ((options & TrackingOptions.OptIn) != 0 && !caching)
            || ((options & TrackingOptions.OptOut) != 0 && caching))
        {
            return;
        }
        CommandSpec command = ctx.Command;
        long id = ctx.Client.Id;
        if (command.GetKeys is null && command.FirstKey > 0)
        {
            // The common case (GET, MGET, HGETALL...): the keys are the command's key range, read from the spans.
            int last = command.LastKey < 0 ? ctx.ArgCount + command.LastKey : Math.Min(command.LastKey, ctx.ArgCount - 1);
            for (int i = command.FirstKey; i <= last; i += command.Step)
            {
                Remember(ctx.Arg(i), id);
            }
            LimitUsedSlots();
            return;
        }
        if (command.KeySpecs.Length == 0 && command.GetKeys is null)
        {
            return;
        }
        var argv = new byte[ctx.ArgCount][];
        for (int i = 0; i < argv.Length; i++)
        {
            argv[i] = ctx.ArgBytes(i);
        }
        foreach ((int position, KeyFlags _) in CommandKeys.Find(command, argv))
        {
            Remember(argv[position], id);
        }
        LimitUsedSlots();
    }

    /// <summary>
    /// trackingInvalidateKey: <paramref name="key"/> changed (by <paramref name="modifier"/>, null for expiry).
    /// Records it for the BCAST prefixes it falls under (unless not <paramref name="broadcast"/>: an eviction from
    /// the table is no change), sends an invalidation to every client that may cache
    /// it (not to a NOLOOP client for its own change; after the reply for the client running the command), and
    /// forgets the key until it is read again.
    /// </summary>
    internal void InvalidateKey(Connection? modifier, ReadOnlySpan<byte> key, bool broadcast = true)
    {
        if (!_created)
        {
            return;
        }
        if (broadcast && _prefixes.Count > 0)
        {
            RememberKeyToBroadcast(modifier, key);
        }
        if (!_keysBySpan.Remove(key, out byte[]? storedKey, out HashSet<long>? ids))
        {
            return;
        }
        TotalItems -= ids.Count;
        foreach (long id in ids)
        {
            if (!_server.Clients.TryGetValue(id, out Connection? target)
                || (target.Flags & ClientFlags.Tracking) == 0
                || target.Tracking.Has(TrackingOptions.Broadcast))
            {
                continue;
            }
            if (target == CurrentClient)
            {
                if (!target.Tracking.Has(TrackingOptions.NoLoop))
                {
                    _pending.Add(storedKey);
                }
                continue;
            }
            Send(target, storedKey, keys: null);
        }
    }

    /// <summary>
    /// trackingInvalidateKeysOnFlush: after FLUSHDB or FLUSHALL every tracking client (BCAST ones too) is told
    /// that all its keys are invalid with a null, and the table is emptied: keys are tracked across databases.
    /// </summary>
    internal void InvalidateAll()
    {
        if (ClientCount > 0)
        {
            foreach (Connection client in _server.Clients.Values)
            {
                if ((client.Flags & ClientFlags.Tracking) == 0)
                {
                    continue;
                }
                if (client == CurrentClient)
                {
                    _pending.Add(null);
                }
                else
                {
                    Send(client, [], keys: null, all: true);
                }
            }
        }
        _keys.Clear();
        TotalItems = 0;
    }

    /// <summary>
    /// trackingHandlePendingKeyInvalidations: once <paramref name="client"/>'s command has replied, sends it the
    /// invalidations the command caused for itself.
    /// </summary>
    internal void SendPending(Connection client)
    {
        foreach (byte[]? key in _pending)
        {
            if (!client.IsClosed)
            {
                Send(client, key ?? [], keys: null, all: key is null);
            }
        }
        _pending.Clear();
    }

    /// <summary>
    /// trackingBroadcastInvalidationMessages, before the loop sleeps: for each prefix, the keys changed under it
    /// since the last call go to all its subscribers in one message (without their own changes for NOLOOP ones).
    /// </summary>
    internal void BroadcastInvalidations()
    {
        if (!_created || ClientCount == 0)
        {
            return;
        }
        foreach (BroadcastState state in _prefixes.Values)
        {
            if (state.Keys.Count == 0)
            {
                continue;
            }
            List<byte[]> all = [.. state.Keys.Keys];
            foreach (Connection client in state.Clients)
            {
                if (!client.Tracking.Has(TrackingOptions.NoLoop))
                {
                    Send(client, [], all);
                    continue;
                }
                List<byte[]> others = [];
                foreach ((byte[] key, Connection? modifier) in state.Keys)
                {
                    if (modifier != client)
                    {
                        others.Add(key);
                    }
                }
                if (others.Count > 0)
                {
                    Send(client, [], others);
                }
            }
            state.Keys.Clear();
        }
    }

    /// <summary>
    /// trackingLimitUsedSlots: keeps the table within <c>tracking-table-max-keys</c> by invalidating keys as if
    /// they had changed (so their clients drop them too), with more effort each time it is still over the limit.
    /// Redis walks its radix tree randomly; the dictionary's enumeration order picks the keys here. Run after keys
    /// are remembered, the only time the table grows, where Redis runs it before each command.
    /// </summary>
    private void LimitUsedSlots()
    {
        long maxKeys = _server.Config.TrackingTableMaxKeys;
        if (maxKeys == 0 || _keys.Count <= maxKeys)
        {
            _limitTimeouts = 0;
            return;
        }
        int effort = 100 * (_limitTimeouts + 1);
        while (effort-- > 0 && _keys.Count > 0)
        {
            byte[] key = _keys.Keys.First();
            InvalidateKey(null, key, broadcast: false);
            if (_keys.Count <= maxKeys)
            {
                _limitTimeouts = 0;
                return;
            }
        }
        _limitTimeouts++;
    }

    // Adds one client id to a key's entry.
    private void Remember(ReadOnlySpan<byte> key, long id)
    {
        if (!_keysBySpan.TryGetValue(key, out HashSet<long>? ids))
        {
            ids = [];
            _keysBySpan[key] = ids;
        }
        if (ids.Add(id))
        {
            TotalItems++;
        }
    }

    // enableBcastTrackingForPrefix: subscribes the client to a prefix, creating the prefix's state when needed.
    private void EnableBroadcastPrefix(Connection client, byte[] prefix)
    {
        if (!_prefixes.TryGetValue(prefix, out BroadcastState? state))
        {
            state = new BroadcastState();
            _prefixes.Add(prefix, state);
        }
        if (state.Clients.Add(client))
        {
            (client.Tracking.Prefixes ??= new SortedSet<byte[]>(ByteOrder.Instance)).Add(prefix);
        }
    }

    // trackingRememberKeyToBroadcast: records the key, and who changed it last, under every prefix it starts with.
    private void RememberKeyToBroadcast(Connection? modifier, ReadOnlySpan<byte> key)
    {
        byte[]? copy = null;
        foreach ((byte[] prefix, BroadcastState state) in _prefixes)
        {
            if (key.StartsWith(prefix))
            {
                state.Keys[copy ??= key.ToArray()] = modifier;
            }
        }
    }

    /// <summary>
    /// sendTrackingMessage: an invalidation of one key, of <paramref name="keys"/>, or of everything
    /// (<paramref name="all"/>) for <paramref name="client"/>. It goes to the REDIRECT client if there is one (a
    /// broken redirect is reported to a RESP3 client instead); only a RESP3 connection can receive it as a push.
    /// </summary>
    private void Send(Connection client, ReadOnlySpan<byte> key, List<byte[]>? keys, bool all = false)
    {
        ClientTracking tracking = client.Tracking;
        bool redirected = false;
        Connection target = client;
        if (tracking.Redirect != 0)
        {
            if (!_server.Clients.TryGetValue(tracking.Redirect, out Connection? redirect) || redirect.IsClosed)
            {
                tracking.Options |= TrackingOptions.BrokenRedirect;
                if (client.Reply.IsResp3)
                {
                    client.Reply.WritePushHeader(2);
                    client.Reply.WriteBulk("tracking-redir-broken"u8);
                    client.Reply.WriteInteger(tracking.Redirect);
                    _server.QueuePendingWrite(client);
                }
                return;
            }
            target = redirect;
            redirected = true;
        }
        ReplyWriter reply = target.Reply;
        if (reply.IsResp3)
        {
            reply.WritePushHeader(2);
            reply.WriteBulk("invalidate"u8);
        }
        else if (!redirected || !TryWriteInvalidateChannelHeader(target))
        {
            return; // RESP2 has no push messages on the same connection
        }
        if (all)
        {
            // shared.null of the tracking client's protocol, even when redirected.
            reply.WriteRaw(client.Reply.IsResp3 ? "_\r\n"u8 : "$-1\r\n"u8);
        }
        else if (keys is null)
        {
            reply.WriteArrayHeader(1);
            reply.WriteBulk(key);
        }
        else
        {
            reply.WriteArrayHeader(keys.Count);
            foreach (byte[] each in keys)
            {
                reply.WriteBulk(each);
            }
        }
        _server.QueuePendingWrite(target);
    }

    /// <summary>
    /// A RESP2 client that invalidations are redirected to gets them as Pub/Sub messages on the
    /// <c>__redis__:invalidate</c> channel (addReplyPubsubMessage), when it is in the Pub/Sub context; true once
    /// the message header is written, the keys array being the message.
    /// </summary>
    private static bool TryWriteInvalidateChannelHeader(Connection target)
    {
        if ((target.Flags & ClientFlags.PubSub) == 0)
        {
            return false;
        }
        target.Reply.WriteArrayHeader(3);
        target.Reply.WriteBulk("message"u8);
        target.Reply.WriteBulk("__redis__:invalidate"u8);
        return true;
    }

    // stringCheckPrefix: two prefixes overlap when the shorter is a prefix of the longer.
    private static bool Overlap(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        int length = Math.Min(a.Length, b.Length);
        return a[..length].SequenceEqual(b[..length]);
    }

    /// <summary>bcastState: the keys changed under one prefix (with their last modifier) and its subscribers.</summary>
    private sealed class BroadcastState
    {
        public SortedDictionary<byte[], Connection?> Keys { get; } = new(ByteOrder.Instance);

        public HashSet<Connection> Clients { get; } = [];
    }
}
