using Reactor.MiniRedis.Engine.Reactor;
using Reactor.MiniRedis.Integration.Tests.Support;
using StackExchange.Redis;

namespace Reactor.MiniRedis.Integration.Tests;

/// <summary>
/// StackExchange.Redis speaking RESP3 (<c>protocol=resp3</c>: HELLO 3 in its handshake): maps, sets and doubles are
/// read into the same results as over RESP2, and Pub/Sub runs as push messages on the one interactive connection.
/// </summary>
[TestFixture(IoBackend.Epoll)]
public sealed class StackExchangeRedisResp3Tests(IoBackend backend) : ServerTests(backend)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    private ConnectionMultiplexer _connection = null!;
    private IDatabase _db = null!;

    [OneTimeSetUp]
    public void ConnectClient()
    {
        _connection = StackExchangeClient.Connect(Server, ",protocol=resp3");
        _db = _connection.GetDatabase();
    }

    [OneTimeTearDown]
    public void DisconnectClient() => _connection?.Dispose();

    [Test]
    public void Connect_NegotiatesResp3() =>
        Assert.That(_connection.GetServer(Server.EndPoint).Protocol, Is.EqualTo(RedisProtocol.Resp3));

    [Test]
    public void HashGetAll_MapReply_ReturnsEntries()
    {
        string key = UniqueKey();
        _db.HashSet(key, [new HashEntry("a", "1"), new HashEntry("b", "2")]);
        Assert.That(_db.HashGetAll(key).ToDictionary(e => e.Name.ToString(), e => e.Value.ToString()),
            Is.EquivalentTo(new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" }));
    }

    [Test]
    public void SortedSetRangeWithScores_PairsOfMemberAndDouble_ReturnsEntries()
    {
        string key = UniqueKey();
        _db.SortedSetAdd(key, [new SortedSetEntry("a", 1.5), new SortedSetEntry("b", 2)]);
        SortedSetEntry[] entries = _db.SortedSetRangeByRankWithScores(key);
        Assert.That(entries.Select(e => (e.Element.ToString(), e.Score)), Is.EqualTo(new[] { ("a", 1.5), ("b", 2.0) }));
    }

    [Test]
    public void SortedSetScore_Double_ReturnsScore()
    {
        string key = UniqueKey();
        _db.SortedSetAdd(key, "m", 0.1);
        Assert.That(_db.SortedSetScore(key, "m"), Is.EqualTo(0.1));
    }

    [Test]
    public void SortedSetPop_FlatPair_ReturnsEntry()
    {
        string key = UniqueKey();
        _db.SortedSetAdd(key, "m", 3);
        SortedSetEntry? popped = _db.SortedSetPop(key);
        Assert.That((popped?.Element.ToString(), popped?.Score), Is.EqualTo(("m", 3.0)));
    }

    [Test]
    public void SetMembers_SetReply_ReturnsMembers()
    {
        string key = UniqueKey();
        _db.SetAdd(key, ["x", "y"]);
        Assert.That(_db.SetMembers(key).Select(v => v.ToString()), Is.EquivalentTo(new[] { "x", "y" }));
    }

    [Test]
    public void StringGet_MissingKey_NullReply_ReturnsNull() =>
        Assert.That(_db.StringGet(UniqueKey()).IsNull, Is.True);

    [Test]
    public void Publish_SubscriberOnTheSameConnection_ReceivesPush()
    {
        string channel = UniqueKey("channel");
        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        ISubscriber subscriber = _connection.GetSubscriber();
        subscriber.Subscribe(RedisChannel.Literal(channel), (_, message) => received.TrySetResult(message.ToString()));

        subscriber.Publish(RedisChannel.Literal(channel), "hello");

        Assert.That(received.Task.Wait(s_timeout), Is.True, "no message within the timeout");
        Assert.That(received.Task.Result, Is.EqualTo("hello"));
    }
}
