using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Engine.PubSub;

/// <summary>
/// One client's subscriptions: the <c>pubsub_channels</c> dict, <c>pubsub_patterns</c> list and
/// <c>pubsub_shard_channels</c> dict of Redis 7.0's client struct. The names are the same arrays the server's
/// registry is keyed by, so a subscription costs one copy of its name.
/// </summary>
public sealed class ClientSubscriptions
{
    /// <summary>Channels subscribed with SUBSCRIBE.</summary>
    internal HashSet<byte[]> Channels { get; } = new(KeyComparer.Instance);

    /// <summary>Shard channels subscribed with SSUBSCRIBE.</summary>
    internal HashSet<byte[]> ShardChannels { get; } = new(KeyComparer.Instance);

    /// <summary>Patterns subscribed with PSUBSCRIBE, in subscription order (a list in Redis 7.0).</summary>
    internal List<byte[]> Patterns { get; } = [];

    /// <summary>CLIENT LIST sub=: channels subscribed.</summary>
    public int ChannelCount => Channels.Count;

    /// <summary>CLIENT LIST psub=: patterns subscribed.</summary>
    public int PatternCount => Patterns.Count;

    /// <summary>CLIENT LIST ssub=: shard channels subscribed.</summary>
    public int ShardChannelCount => ShardChannels.Count;

    /// <summary>clientSubscriptionsCount: channels plus patterns, the count SUBSCRIBE and PSUBSCRIBE reply.</summary>
    public int Count => Channels.Count + Patterns.Count;

    /// <summary>clientTotalPubSubSubscriptionCount: whether the client is in the Pub/Sub context at all.</summary>
    public int TotalCount => Channels.Count + Patterns.Count + ShardChannels.Count;

    /// <summary>The index of <paramref name="pattern"/> in <see cref="Patterns"/> (listSearchKey), or -1.</summary>
    internal int IndexOfPattern(ReadOnlySpan<byte> pattern)
    {
        for (int i = 0; i < Patterns.Count; i++)
        {
            if (pattern.SequenceEqual(Patterns[i]))
            {
                return i;
            }
        }
        return -1;
    }
}
