using Reactor.MiniRedis.Engine.Reactor;
using Reactor.MiniRedis.Integration.Tests.Support;
using StackExchange.Redis;

namespace Reactor.MiniRedis.Integration.Tests;

/// <summary>
/// Pub/Sub through StackExchange.Redis: one multiplexer subscribes (on its dedicated subscription connection),
/// another publishes. Messages must arrive complete and in publishing order, for channel and pattern subscriptions.
/// </summary>
[TestFixture(IoBackend.Epoll)]
[TestFixture(IoBackend.Select)]
public sealed class StackExchangePubSubTests(IoBackend backend) : ServerTests(backend)
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(20);
    private ConnectionMultiplexer _subscriber = null!;
    private ConnectionMultiplexer _publisher = null!;

    [OneTimeSetUp]
    public void ConnectClients()
    {
        _subscriber = Connect("subscriber");
        _publisher = Connect("publisher");
    }

    [OneTimeTearDown]
    public void DisconnectClients()
    {
        _subscriber?.Dispose();
        _publisher?.Dispose();
    }

    [Test]
    public async Task Subscribe_ManyMessages_ArriveInOrder()
    {
        const int count = 2000;
        RedisChannel channel = RedisChannel.Literal(UniqueKey("channel"));
        ChannelMessageQueue queue = await _subscriber.GetSubscriber().SubscribeAsync(channel);
        ISubscriber publisher = _publisher.GetSubscriber();
        for (int i = 0; i < count; i++)
        {
            _ = publisher.PublishAsync(channel, i, CommandFlags.FireAndForget);
        }
        var received = new List<int>(count);
        for (int i = 0; i < count; i++)
        {
            ChannelMessage message = await queue.ReadAsync().AsTask().WaitAsync(s_deadline);
            received.Add((int)message.Message);
        }
        await queue.UnsubscribeAsync();
        Assert.That(received, Is.EqualTo(Enumerable.Range(0, count)));
    }

    [Test]
    public async Task Publish_OneSubscriber_RepliesOneReceiver()
    {
        RedisChannel channel = RedisChannel.Literal(UniqueKey("channel"));
        ChannelMessageQueue queue = await _subscriber.GetSubscriber().SubscribeAsync(channel);
        long receivers = await _publisher.GetSubscriber().PublishAsync(channel, "hello");
        ChannelMessage message = await queue.ReadAsync().AsTask().WaitAsync(s_deadline);
        await queue.UnsubscribeAsync();
        Assert.That((receivers, message.Message.ToString()), Is.EqualTo((1L, "hello")));
    }

    [Test]
    public async Task PatternSubscribe_MatchingChannels_DeliversWithTheChannelName()
    {
        string prefix = UniqueKey("news");
        ChannelMessageQueue queue = await _subscriber.GetSubscriber().SubscribeAsync(RedisChannel.Pattern(prefix + ".*"));
        ISubscriber publisher = _publisher.GetSubscriber();
        await publisher.PublishAsync(RedisChannel.Literal(prefix + ".sport"), "goal");
        await publisher.PublishAsync(RedisChannel.Literal(prefix + "-other"), "ignored");
        await publisher.PublishAsync(RedisChannel.Literal(prefix + ".weather"), "rain");
        ChannelMessage first = await queue.ReadAsync().AsTask().WaitAsync(s_deadline);
        ChannelMessage second = await queue.ReadAsync().AsTask().WaitAsync(s_deadline);
        await queue.UnsubscribeAsync();
        Assert.That(new[] { $"{first.Channel}={first.Message}", $"{second.Channel}={second.Message}" },
            Is.EqualTo(new[] { $"{prefix}.sport=goal", $"{prefix}.weather=rain" }));
    }

    [Test]
    public async Task Unsubscribe_ThenPublish_ReachesNobody()
    {
        RedisChannel channel = RedisChannel.Literal(UniqueKey("channel"));
        ISubscriber subscriber = _subscriber.GetSubscriber();
        ChannelMessageQueue queue = await subscriber.SubscribeAsync(channel);
        await queue.UnsubscribeAsync();
        Assert.That(await _publisher.GetSubscriber().PublishAsync(channel, "late"), Is.Zero);
    }

    [Test]
    public async Task Handler_ManyMessages_AllDelivered()
    {
        const int count = 500;
        RedisChannel channel = RedisChannel.Literal(UniqueKey("channel"));
        var all = new TaskCompletionSource();
        int seen = 0;
        ISubscriber subscriber = _subscriber.GetSubscriber();
        await subscriber.SubscribeAsync(channel, (_, _) =>
        {
            if (Interlocked.Increment(ref seen) == count)
            {
                all.TrySetResult();
            }
        });
        ISubscriber publisher = _publisher.GetSubscriber();
        for (int i = 0; i < count; i++)
        {
            _ = publisher.PublishAsync(channel, i, CommandFlags.FireAndForget);
        }
        await all.Task.WaitAsync(s_deadline);
        await subscriber.UnsubscribeAsync(channel);
        Assert.That(seen, Is.EqualTo(count));
    }

    private ConnectionMultiplexer Connect(string name)
    {
        var options = ConfigurationOptions.Parse($"{Server.EndPoint},abortConnect=true,connectTimeout=10000,syncTimeout=10000,name={name}");
        var log = new StringWriter();
        try
        {
            return ConnectionMultiplexer.Connect(options, log);
        }
        catch (RedisConnectionException e)
        {
            Assert.Fail($"{e.Message}\n{log}");
            throw;
        }
    }
}
