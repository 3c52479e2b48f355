using System.Buffers;
using System.Buffers.Text;
using Reactor.MiniRedis.Engine.Networking;
using Reactor.MiniRedis.Engine.Server;
using Reactor.MiniRedis.Protocol;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Engine.PubSub;

/// <summary>
/// The server's Pub/Sub state and its operations: redis/redis src/pubsub.c of Redis 7.0. Channels and shard channels
/// map to their subscribers in subscription order (server.pubsub_channels, server.pubsubshard_channels); patterns map
/// to theirs (server.pubsub_patterns). In a server without cluster mode shard channels are plain channels in a
/// namespace of their own, which SPUBLISH reaches and patterns do not.
/// </summary>
/// <remarks>
/// Publishing encodes the message once into a scratch frame and copies it into each subscriber's reply buffer, so a
/// message fanned out to any number of subscribers allocates nothing. Runs on the loop thread only.
/// </remarks>
public sealed class PubSubRegistry
{
    private readonly RedisServer _server;
    private readonly Dictionary<byte[], List<Connection>> _channels = new(KeyComparer.Instance);
    private readonly Dictionary<byte[], List<Connection>> _shardChannels = new(KeyComparer.Instance);
    private readonly Dictionary<byte[], List<Connection>> _patterns = new(KeyComparer.Instance);
    /// <summary>Scratch buffers up to this size are kept between messages; larger ones are pooled for one message.</summary>
    private const int RetainedScratchSize = 64 * 1024;

    private byte[] _retainedFrame = new byte[512];
    private byte[] _frame;  // _retainedFrame, or a pooled array while a larger message is published
    private byte[] _eventChannel = new byte[128];

    internal PubSubRegistry(RedisServer server)
    {
        _server = server;
        _frame = _retainedFrame;
    }

    /// <summary>Channels with at least one subscriber (INFO pubsub_channels).</summary>
    public int ChannelCount => _channels.Count;

    /// <summary>Distinct patterns subscribed by anyone (INFO pubsub_patterns, PUBSUB NUMPAT).</summary>
    public int PatternCount => _patterns.Count;

    /// <summary>Shard channels with at least one subscriber (INFO pubsubshard_channels).</summary>
    public int ShardChannelCount => _shardChannels.Count;

    /// <summary>The channels (or shard channels) with subscribers, for PUBSUB CHANNELS / SHARDCHANNELS.</summary>
    internal Dictionary<byte[], List<Connection>>.KeyCollection ChannelNames(bool shard) => Table(shard).Keys;

    /// <summary>Subscribers of <paramref name="channel"/>, not counting patterns (PUBSUB NUMSUB / SHARDNUMSUB).</summary>
    internal int SubscriberCount(ReadOnlySpan<byte> channel, bool shard) =>
        Table(shard).GetAlternateLookup<ReadOnlySpan<byte>>().TryGetValue(channel, out List<Connection>? clients) ? clients.Count : 0;

    /// <summary>
    /// pubsubSubscribeChannel: subscribes <paramref name="client"/> to <paramref name="channel"/> (a shard channel when
    /// <paramref name="shard"/>) unless it already is, and replies the confirmation with its subscription count
    /// either way. Returns whether the subscription is new.
    /// </summary>
    internal bool Subscribe(Connection client, ReadOnlySpan<byte> channel, bool shard)
    {
        ClientSubscriptions subscriptions = client.Subscriptions ??= new ClientSubscriptions();
        HashSet<byte[]> mine = shard ? subscriptions.ShardChannels : subscriptions.Channels;
        bool added = false;
        if (!mine.GetAlternateLookup<ReadOnlySpan<byte>>().Contains(channel))
        {
            Dictionary<byte[], List<Connection>> table = Table(shard);
            var lookup = table.GetAlternateLookup<ReadOnlySpan<byte>>();
            if (lookup.TryGetValue(channel, out byte[]? name, out List<Connection>? clients))
            {
                clients.Add(client);
            }
            else
            {
                name = channel.ToArray();
                table.Add(name, [client]);
            }
            mine.Add(name);
            added = true;
        }
        WriteConfirmation(client, shard ? "$10\r\nssubscribe\r\n"u8 : "$9\r\nsubscribe\r\n"u8, channel, SubscriptionCount(subscriptions, shard));
        return added;
    }

    /// <summary>
    /// pubsubUnsubscribeChannel: removes the subscription if there is one (dropping a channel nobody listens to any
    /// more) and, when <paramref name="notify"/>, replies the confirmation with the remaining count. Returns whether
    /// the client was subscribed.
    /// </summary>
    internal bool Unsubscribe(Connection client, ReadOnlySpan<byte> channel, bool shard, bool notify)
    {
        ClientSubscriptions? subscriptions = client.Subscriptions;
        bool removed = false;
        if (subscriptions is not null)
        {
            HashSet<byte[]> mine = shard ? subscriptions.ShardChannels : subscriptions.Channels;
            if (mine.GetAlternateLookup<ReadOnlySpan<byte>>().Remove(channel))
            {
                removed = true;
                RemoveSubscriber(Table(shard), channel, client);
            }
        }
        if (notify)
        {
            WriteConfirmation(client, UnsubscribeKind(shard), channel, subscriptions is null ? 0 : SubscriptionCount(subscriptions, shard));
        }
        return removed;
    }

    /// <summary>
    /// pubsubUnsubscribeAllChannelsInternal: unsubscribes from every channel (or shard channel), confirming each when
    /// <paramref name="notify"/>; a client subscribed to none still gets one confirmation with a null channel.
    /// Returns how many subscriptions went.
    /// </summary>
    internal int UnsubscribeAll(Connection client, bool shard, bool notify)
    {
        int count = 0;
        ClientSubscriptions? subscriptions = client.Subscriptions;
        HashSet<byte[]>? mine = subscriptions is null ? null : shard ? subscriptions.ShardChannels : subscriptions.Channels;
        if (mine is { Count: > 0 })
        {
            foreach (byte[] channel in mine.ToArray())
            {
                count += Unsubscribe(client, channel, shard, notify) ? 1 : 0;
            }
        }
        if (notify && count == 0)
        {
            WriteNullConfirmation(client, UnsubscribeKind(shard), subscriptions is null ? 0 : SubscriptionCount(subscriptions, shard));
        }
        return count;
    }

    /// <summary>
    /// pubsubSubscribePattern: subscribes <paramref name="client"/> to <paramref name="pattern"/> unless it already is,
    /// and replies the confirmation either way. Returns whether the subscription is new.
    /// </summary>
    internal bool SubscribePattern(Connection client, ReadOnlySpan<byte> pattern)
    {
        ClientSubscriptions subscriptions = client.Subscriptions ??= new ClientSubscriptions();
        bool added = false;
        if (subscriptions.IndexOfPattern(pattern) < 0)
        {
            var lookup = _patterns.GetAlternateLookup<ReadOnlySpan<byte>>();
            if (lookup.TryGetValue(pattern, out byte[]? name, out List<Connection>? clients))
            {
                clients.Add(client);
            }
            else
            {
                name = pattern.ToArray();
                _patterns.Add(name, [client]);
            }
            subscriptions.Patterns.Add(name);
            added = true;
        }
        WriteConfirmation(client, "$10\r\npsubscribe\r\n"u8, pattern, subscriptions.Count);
        return added;
    }

    /// <summary>pubsubUnsubscribePattern: as <see cref="Unsubscribe"/>, for a pattern.</summary>
    internal bool UnsubscribePattern(Connection client, ReadOnlySpan<byte> pattern, bool notify)
    {
        ClientSubscriptions? subscriptions = client.Subscriptions;
        int index = subscriptions?.IndexOfPattern(pattern) ?? -1;
        if (index >= 0)
        {
            subscriptions!.Patterns.RemoveAt(index);
            RemoveSubscriber(_patterns, pattern, client);
        }
        if (notify)
        {
            WriteConfirmation(client, "$12\r\npunsubscribe\r\n"u8, pattern, subscriptions?.Count ?? 0);
        }
        return index >= 0;
    }

    /// <summary>pubsubUnsubscribeAllPatterns: as <see cref="UnsubscribeAll"/>, for patterns, in subscription order.</summary>
    internal int UnsubscribeAllPatterns(Connection client, bool notify)
    {
        int count = 0;
        ClientSubscriptions? subscriptions = client.Subscriptions;
        if (subscriptions is { Patterns.Count: > 0 })
        {
            foreach (byte[] pattern in subscriptions.Patterns.ToArray())
            {
                count += UnsubscribePattern(client, pattern, notify) ? 1 : 0;
            }
        }
        if (notify && count == 0)
        {
            WriteNullConfirmation(client, "$12\r\npunsubscribe\r\n"u8, subscriptions?.Count ?? 0);
        }
        return count;
    }

    /// <summary>
    /// freeClient's and RESET's Pub/Sub part: drops every subscription of <paramref name="client"/> without replying.
    /// </summary>
    internal void RemoveClient(Connection client)
    {
        if (client.Subscriptions is { TotalCount: > 0 })
        {
            UnsubscribeAll(client, shard: false, notify: false);
            UnsubscribeAll(client, shard: true, notify: false);
            UnsubscribeAllPatterns(client, notify: false);
        }
    }

    /// <summary>
    /// pubsubPublishMessage: delivers <paramref name="message"/> to the subscribers of <paramref name="channel"/>, then
    /// (except for shard channels) to the subscribers of every matching pattern. Returns the number of deliveries
    /// (PUBLISH's reply).
    /// </summary>
    public int Publish(ReadOnlySpan<byte> channel, ReadOnlySpan<byte> message, bool shard = false)
    {
        try
        {
            return PublishMessage(channel, message, shard);
        }
        finally
        {
            ReleaseLargeFrame();
        }
    }

    private int PublishMessage(ReadOnlySpan<byte> channel, ReadOnlySpan<byte> message, bool shard)
    {
        int receivers = 0;
        if (Table(shard).GetAlternateLookup<ReadOnlySpan<byte>>().TryGetValue(channel, out List<Connection>? clients))
        {
            int length = EncodeMessage(shard ? "$8\r\nsmessage\r\n"u8 : "$7\r\nmessage\r\n"u8, channel, message);
            foreach (Connection client in clients)
            {
                Deliver(client, length);
            }
            receivers += clients.Count;
        }
        if (shard || _patterns.Count == 0)
        {
            return receivers;
        }
        foreach (KeyValuePair<byte[], List<Connection>> entry in _patterns)
        {
            if (!GlobMatcher.IsMatch(entry.Key, channel))
            {
                continue;
            }
            int length = EncodeMessage("$8\r\npmessage\r\n"u8, channel, message, entry.Key, withPattern: true);
            foreach (Connection client in entry.Value)
            {
                Deliver(client, length);
            }
            receivers += entry.Value.Count;
        }
        return receivers;
    }

    /// <summary>
    /// The publishing half of notifyKeyspaceEvent, once the event's class is known to be enabled: <paramref name="evt"/>
    /// on <c>__keyspace@db__:key</c> when K is on, and <paramref name="key"/> on <c>__keyevent@db__:event</c> when E is.
    /// </summary>
    internal void PublishKeyspaceEvent(NotifyFlags enabled, ReadOnlySpan<byte> evt, ReadOnlySpan<byte> key, int dbid)
    {
        if ((enabled & NotifyFlags.Keyspace) != 0)
        {
            Publish(EventChannel("__keyspace@"u8, dbid, key), evt);
        }
        if ((enabled & NotifyFlags.Keyevent) != 0)
        {
            Publish(EventChannel("__keyevent@"u8, dbid, evt), key);
        }
    }

    // prefix + dbid + "__:" + suffix, built in a reused buffer.
    private ReadOnlySpan<byte> EventChannel(ReadOnlySpan<byte> prefix, int dbid, ReadOnlySpan<byte> suffix)
    {
        int needed = prefix.Length + 11 + 3 + suffix.Length;
        if (_eventChannel.Length < needed && needed <= RetainedScratchSize)
        {
            _eventChannel = new byte[Math.Max(needed, _eventChannel.Length * 2)];
        }
        // A huge key gets a one-off buffer rather than a scratch buffer kept forever.
        Span<byte> target = _eventChannel.Length >= needed ? _eventChannel : new byte[needed];
        prefix.CopyTo(target);
        int n = prefix.Length;
        Utf8Formatter.TryFormat(dbid, target[n..], out int written);
        n += written;
        "__:"u8.CopyTo(target[n..]);
        n += 3;
        suffix.CopyTo(target[n..]);
        return target[..(n + suffix.Length)];
    }

    /// <summary>
    /// addReplyPubsubMessage / addReplyPubsubPatMessage, encoded once into the scratch frame as a RESP2 array:
    /// [kind, channel, message], or [kind, pattern, channel, message] <paramref name="withPattern"/>. Returns its length.
    /// </summary>
    private int EncodeMessage(
        ReadOnlySpan<byte> kind, ReadOnlySpan<byte> channel, ReadOnlySpan<byte> message,
        ReadOnlySpan<byte> pattern = default, bool withPattern = false)
    {
        long needed = 4 + kind.Length + BulkSize(channel.Length) + BulkSize(message.Length) + (withPattern ? BulkSize(pattern.Length) : 0);
        if (_frame.Length < needed)
        {
            GrowFrame(needed);
        }
        Span<byte> frame = _frame;
        (withPattern ? "*4\r\n"u8 : "*3\r\n"u8).CopyTo(frame);
        kind.CopyTo(frame[4..]);
        int n = 4 + kind.Length;
        if (withPattern)
        {
            n += WriteBulk(frame[n..], pattern);
        }
        n += WriteBulk(frame[n..], channel);
        n += WriteBulk(frame[n..], message);
        return n;
    }

    // Makes the frame at least needed bytes: a bigger kept buffer up to RetainedScratchSize, else a pooled one.
    private void GrowFrame(long needed)
    {
        ReleaseLargeFrame();
        if (needed <= RetainedScratchSize)
        {
            _retainedFrame = new byte[Math.Max(needed, Math.Min((long)_retainedFrame.Length * 2, RetainedScratchSize))];
            _frame = _retainedFrame;
        }
        else
        {
            _frame = ArrayPool<byte>.Shared.Rent((int)Math.Min(needed, Array.MaxLength));
        }
    }

    // Gives a pooled frame back once its message is delivered.
    private void ReleaseLargeFrame()
    {
        if (!ReferenceEquals(_frame, _retainedFrame))
        {
            ArrayPool<byte>.Shared.Return(_frame);
            _frame = _retainedFrame;
        }
    }

    // Appends the encoded frame to one subscriber's replies: '>' instead of '*' for a RESP3 client (a push). A client
    // about to be closed takes no more replies (prepareClientToWrite), though it still counts as a receiver.
    private void Deliver(Connection client, int length)
    {
        if ((client.Flags & (ClientFlags.CloseAfterReply | ClientFlags.CloseAsap)) != 0)
        {
            return;
        }
        ReplyBuffer buffer = client.Reply.Buffer;
        if (client.Reply.IsResp3)
        {
            buffer.Write(">"u8);
            buffer.Write(_frame.AsSpan(1, length - 1));
        }
        else
        {
            buffer.Write(_frame.AsSpan(0, length));
        }
        _server.QueuePendingWrite(client);
    }

    private static long BulkSize(int length) => 1 + 11 + 2 + (long)length + 2;

    private static int WriteBulk(Span<byte> target, ReadOnlySpan<byte> payload)
    {
        target[0] = (byte)'$';
        Utf8Formatter.TryFormat(payload.Length, target[1..], out int digits);
        int n = 1 + digits;
        target[n++] = (byte)'\r';
        target[n++] = (byte)'\n';
        payload.CopyTo(target[n..]);
        n += payload.Length;
        target[n++] = (byte)'\r';
        target[n++] = (byte)'\n';
        return n;
    }

    // addReplyPubsubSubscribed / addReplyPubsubUnsubscribed and the pattern forms: [kind, name, count].
    private static void WriteConfirmation(Connection client, ReadOnlySpan<byte> kind, ReadOnlySpan<byte> name, int count)
    {
        ReplyWriter reply = client.Reply;
        reply.WritePushHeader(3);
        reply.WriteRaw(kind);
        reply.WriteBulk(name);
        reply.WriteInteger(count);
    }

    // The confirmation of an unsubscribe-all that found nothing: the name is a null.
    private static void WriteNullConfirmation(Connection client, ReadOnlySpan<byte> kind, int count)
    {
        ReplyWriter reply = client.Reply;
        reply.WritePushHeader(3);
        reply.WriteRaw(kind);
        reply.WriteNullBulk();
        reply.WriteInteger(count);
    }

    private static ReadOnlySpan<byte> UnsubscribeKind(bool shard) => shard ? "$12\r\nsunsubscribe\r\n"u8 : "$11\r\nunsubscribe\r\n"u8;

    // type.subscriptionCount: channels plus patterns, or shard channels.
    private static int SubscriptionCount(ClientSubscriptions subscriptions, bool shard) =>
        shard ? subscriptions.ShardChannelCount : subscriptions.Count;

    private Dictionary<byte[], List<Connection>> Table(bool shard) => shard ? _shardChannels : _channels;

    // Takes client off name's subscriber list, dropping the entry when it was the last one.
    private static void RemoveSubscriber(Dictionary<byte[], List<Connection>> table, ReadOnlySpan<byte> name, Connection client)
    {
        var lookup = table.GetAlternateLookup<ReadOnlySpan<byte>>();
        if (!lookup.TryGetValue(name, out List<Connection>? clients))
        {
            return;
        }
        clients.Remove(client);
        if (clients.Count == 0)
        {
            lookup.Remove(name);
        }
    }
}
