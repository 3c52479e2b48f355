using Reactor.MiniRedis.Engine.Networking;
using Reactor.MiniRedis.Engine.PubSub;
using Reactor.MiniRedis.Protocol;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Engine.Commands;

/// <summary>
/// Pub/Sub commands, grouped as in redis/redis src/pubsub.c: (un)subscribing to channels, patterns and shard
/// channels, publishing, and the PUBSUB introspection subcommands. The state lives in <see cref="PubSubRegistry"/>.
/// </summary>
public static class PubSubCommands
{
    private static readonly string[] s_help =
    [
        "CHANNELS [<pattern>]",
        "    Return the currently active channels matching a <pattern> (default: '*').",
        "NUMPAT",
        "    Return number of subscriptions to patterns.",
        "NUMSUB [<channel> ...]",
        "    Return the number of subscribers for the specified channels, excluding",
        "    pattern subscriptions(default: no channels).",
        "SHARDCHANNELS [<pattern>]",
        "    Return the currently active shard level channels matching a <pattern> (default: '*').",
        "SHARDNUMSUB [<shardchannel> ...]",
        "    Return the number of subscribers for the specified shard level channel(s)",
    ];

    /// <summary>SUBSCRIBE channel [channel ...]</summary>
    /// <remarks>Mirrors subscribeCommand: one confirmation per channel, repeats included; the client enters the Pub/Sub context.</remarks>
    public static void Subscribe(CommandContext ctx) => SubscribeGeneric(ctx, shard: false);

    /// <summary>SSUBSCRIBE shardchannel [shardchannel ...]</summary>
    public static void SSubscribe(CommandContext ctx) => SubscribeGeneric(ctx, shard: true);

    /// <summary>UNSUBSCRIBE [channel [channel ...]]</summary>
    /// <remarks>
    /// Mirrors unsubscribeCommand: without channels, leaves every channel (one confirmation each, or one with a
    /// null channel when there were none). The client leaves the Pub/Sub context once nothing is left.
    /// </remarks>
    public static void Unsubscribe(CommandContext ctx) => UnsubscribeGeneric(ctx, shard: false);

    /// <summary>SUNSUBSCRIBE [shardchannel [shardchannel ...]]</summary>
    public static void SUnsubscribe(CommandContext ctx) => UnsubscribeGeneric(ctx, shard: true);

    /// <summary>PSUBSCRIBE pattern [pattern ...]</summary>
    public static void PSubscribe(CommandContext ctx)
    {
        PubSubRegistry registry = ctx.Server.PubSub;
        for (int j = 1; j < ctx.ArgCount; j++)
        {
            registry.SubscribePattern(ctx.Client, ctx.Arg(j));
        }
        ctx.Client.Flags |= ClientFlags.PubSub;
    }

    /// <summary>PUNSUBSCRIBE [pattern [pattern ...]]</summary>
    public static void PUnsubscribe(CommandContext ctx)
    {
        PubSubRegistry registry = ctx.Server.PubSub;
        if (ctx.ArgCount == 1)
        {
            registry.UnsubscribeAllPatterns(ctx.Client, notify: true);
        }
        else
        {
            for (int j = 1; j < ctx.ArgCount; j++)
            {
                registry.UnsubscribePattern(ctx.Client, ctx.Arg(j), notify: true);
            }
        }
        LeaveContextIfDone(ctx.Client);
    }

    /// <summary>PUBLISH channel message</summary>
    /// <remarks>Mirrors publishCommand: replies with the number of clients that received the message.</remarks>
    public static void Publish(CommandContext ctx) =>
        ctx.Reply.WriteInteger(ctx.Server.PubSub.Publish(ctx.Arg(1), ctx.Arg(2)));

    /// <summary>SPUBLISH shardchannel message</summary>
    /// <remarks>Mirrors spublishCommand: only the shard channel's subscribers get it; patterns never match shard channels.</remarks>
    public static void SPublish(CommandContext ctx) =>
        ctx.Reply.WriteInteger(ctx.Server.PubSub.Publish(ctx.Arg(1), ctx.Arg(2), shard: true));

    /// <summary>PUBSUB CHANNELS [pattern]</summary>
    public static void Channels(CommandContext ctx) => ChannelList(ctx, shard: false);

    /// <summary>PUBSUB SHARDCHANNELS [pattern]</summary>
    public static void ShardChannels(CommandContext ctx) => ChannelList(ctx, shard: true);

    /// <summary>PUBSUB NUMSUB [channel [channel ...]]</summary>
    public static void NumSub(CommandContext ctx) => SubscriberCounts(ctx, shard: false);

    /// <summary>PUBSUB SHARDNUMSUB [shardchannel [shardchannel ...]]</summary>
    public static void ShardNumSub(CommandContext ctx) => SubscriberCounts(ctx, shard: true);

    /// <summary>PUBSUB NUMPAT</summary>
    /// <remarks>The number of distinct patterns subscribed, by any client (dictSize(server.pubsub_patterns)).</remarks>
    public static void NumPat(CommandContext ctx) => ctx.Reply.WriteInteger(ctx.Server.PubSub.PatternCount);

    /// <summary>PUBSUB HELP</summary>
    public static void Help(CommandContext ctx) => HelpReply.Write(ctx, s_help);

    // subscribeCommand / ssubscribeCommand.
    private static void SubscribeGeneric(CommandContext ctx, bool shard)
    {
        PubSubRegistry registry = ctx.Server.PubSub;
        for (int j = 1; j < ctx.ArgCount; j++)
        {
            registry.Subscribe(ctx.Client, ctx.Arg(j), shard);
        }
        ctx.Client.Flags |= ClientFlags.PubSub;
    }

    // unsubscribeCommand / sunsubscribeCommand.
    private static void UnsubscribeGeneric(CommandContext ctx, bool shard)
    {
        PubSubRegistry registry = ctx.Server.PubSub;
        if (ctx.ArgCount == 1)
        {
            registry.UnsubscribeAll(ctx.Client, shard, notify: true);
        }
        else
        {
            for (int j = 1; j < ctx.ArgCount; j++)
            {
                registry.Unsubscribe(ctx.Client, ctx.Arg(j), shard, notify: true);
            }
        }
        LeaveContextIfDone(ctx.Client);
    }

    // The end of every unsubscribe: with no subscription of any kind left, the client is a normal one again.
    private static void LeaveContextIfDone(Connection client)
    {
        if (client.Subscriptions is not { TotalCount: > 0 })
        {
            client.Flags &= ~ClientFlags.PubSub;
        }
    }

    /// <summary>
    /// channelList: the channels (or shard channels) with subscribers, those matching the glob when one is given.
    /// More than one pattern is the subcommand syntax error.
    /// </summary>
    private static void ChannelList(CommandContext ctx, bool shard)
    {
        if (ctx.ArgCount > 3)
        {
            ctx.Error(ErrorText.SubcommandSyntax(ctx.Arg(1), ctx.Arg(0)));
            return;
        }
        bool all = ctx.ArgCount == 2;
        var matches = new List<byte[]>();
        foreach (byte[] channel in ctx.Server.PubSub.ChannelNames(shard))
        {
            if (all || GlobMatcher.IsMatch(ctx.Arg(2), channel))
            {
                matches.Add(channel);
            }
        }
        ctx.Reply.WriteArrayHeader(matches.Count);
        foreach (byte[] channel in matches)
        {
            ctx.Reply.WriteBulk(channel);
        }
    }

    // pubsubCommand NUMSUB / SHARDNUMSUB: channel, count pairs as a flat array (in RESP3 too, as in Redis 7.0).
    private static void SubscriberCounts(CommandContext ctx, bool shard)
    {
        ctx.Reply.WriteArrayHeader((ctx.ArgCount - 2) * 2);
        for (int j = 2; j < ctx.ArgCount; j++)
        {
            ctx.Reply.WriteBulk(ctx.Arg(j));
            ctx.Reply.WriteInteger(ctx.Server.PubSub.SubscriberCount(ctx.Arg(j), shard));
        }
    }
}
