using Reactor.MiniRedis.Engine.Reactor;
using Reactor.MiniRedis.Integration.Tests.Support;
using StackExchange.Redis;

namespace Reactor.MiniRedis.Integration.Tests;

/// <summary>
/// StackExchange.Redis, a real client library, on its normal paths. Connecting with <c>abortConnect=true</c> proves
/// the handshake (CLIENT SETNAME/SETINFO, INFO, CONFIG GET, ECHO...) is answered the way the library expects.
/// </summary>
[TestFixture(IoBackend.Epoll)]
[TestFixture(IoBackend.Select)]
public sealed class StackExchangeRedisTests(IoBackend backend) : ServerTests(backend)
{
    private ConnectionMultiplexer _connection = null!;
    private IDatabase _db = null!;

    [OneTimeSetUp]
    public void ConnectClient()
    {
        _connection = StackExchangeClient.Connect(Server);
        _db = _connection.GetDatabase();
    }

    [OneTimeTearDown]
    public void DisconnectClient() => _connection?.Dispose();

    [Test]
    public void Connect_Handshake_ServerIsConnected() =>
        Assert.That(_connection.GetServer(Server.EndPoint).IsConnected, Is.True);

    [Test]
    public void Ping_RoundTrips() =>
        Assert.That(_db.Ping(), Is.LessThan(TimeSpan.FromSeconds(5)));

    [Test]
    public void StringSet_ThenStringGet_ReturnsValue()
    {
        string key = UniqueKey();
        _db.StringSet(key, "hello");
        Assert.That(_db.StringGet(key).ToString(), Is.EqualTo("hello"));
    }

    [Test]
    public void StringGet_MissingKey_ReturnsNull() =>
        Assert.That(_db.StringGet(UniqueKey()).IsNull, Is.True);

    [Test]
    public void StringSet_BinaryValue_RoundTripsBytes()
    {
        string key = UniqueKey();
        byte[] value = [0, 13, 10, 255, 1, 2, 3];
        _db.StringSet(key, value);
        Assert.That((byte[]?)_db.StringGet(key), Is.EqualTo(value));
    }

    [Test]
    public void StringSet_WhenNotExists_SecondSetIsRefused()
    {
        string key = UniqueKey();
        Assert.Multiple(() =>
        {
            Assert.That(_db.StringSet(key, "first", when: When.NotExists), Is.True);
            Assert.That(_db.StringSet(key, "second", when: When.NotExists), Is.False);
            Assert.That(_db.StringGet(key).ToString(), Is.EqualTo("first"));
        });
    }

    [Test]
    public void KeyDelete_ExistingKey_ReturnsTrueAndRemovesIt()
    {
        string key = UniqueKey();
        _db.StringSet(key, "v");
        Assert.Multiple(() =>
        {
            Assert.That(_db.KeyDelete(key), Is.True);
            Assert.That(_db.KeyExists(key), Is.False);
        });
    }

    [Test]
    public void KeyExpire_ThenTimeToLive_ReturnsRemainingTime()
    {
        string key = UniqueKey();
        _db.StringSet(key, "v");

        Assert.Multiple(() =>
        {
            Assert.That(_db.KeyExpire(key, TimeSpan.FromSeconds(100)), Is.True);
            Assert.That(_db.KeyTimeToLive(key), Is.InRange(TimeSpan.FromSeconds(90), TimeSpan.FromSeconds(100)));
        });
    }

    [Test]
    public void KeyTimeToLive_NoExpiry_ReturnsNull()
    {
        string key = UniqueKey();
        _db.StringSet(key, "v");
        Assert.That(_db.KeyTimeToLive(key), Is.Null);
    }

    [Test]
    public void StringSet_WithExpiry_SetsTimeToLive()
    {
        string key = UniqueKey();
        _db.StringSet(key, "v", TimeSpan.FromSeconds(50));
        Assert.That(_db.KeyTimeToLive(key), Is.InRange(TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(50)));
    }

    [Test]
    public void StringIncrement_Twice_ReturnsRunningTotal()
    {
        string key = UniqueKey();
        Assert.Multiple(() =>
        {
            Assert.That(_db.StringIncrement(key), Is.EqualTo(1));
            Assert.That(_db.StringIncrement(key, 41), Is.EqualTo(42));
            Assert.That(_db.StringGet(key).ToString(), Is.EqualTo("42"));
        });
    }

    [Test]
    public void StringIncrement_NotAnInteger_ThrowsServerError()
    {
        string key = UniqueKey();
        _db.StringSet(key, "abc");
        Assert.That(() => _db.StringIncrement(key),
            Throws.TypeOf<RedisServerException>().With.Message.EqualTo("ERR value is not an integer or out of range"));
    }

    [Test]
    public void ListLeftPush_ThenListRange_ReturnsNewestFirst()
    {
        string key = UniqueKey();
        _db.ListLeftPush(key, ["a", "b", "c"]);
        Assert.That(_db.ListRange(key).Select(v => v.ToString()), Is.EqualTo(new[] { "c", "b", "a" }));
    }

    [Test]
    public void ListRightPush_ThenListLeftPop_ReturnsOldest()
    {
        string key = UniqueKey();
        _db.ListRightPush(key, ["a", "b"]);
        Assert.Multiple(() =>
        {
            Assert.That(_db.ListLeftPop(key).ToString(), Is.EqualTo("a"));
            Assert.That(_db.ListLength(key), Is.EqualTo(1));
        });
    }

    [Test]
    public void HashSet_ThenHashGet_ReturnsField()
    {
        string key = UniqueKey();
        _db.HashSet(key, [new HashEntry("name", "mini"), new HashEntry("kind", "redis")]);
        Assert.Multiple(() =>
        {
            Assert.That(_db.HashGet(key, "kind").ToString(), Is.EqualTo("redis"));
            Assert.That(_db.HashGet(key, "missing").IsNull, Is.True);
            Assert.That(_db.HashLength(key), Is.EqualTo(2));
        });
    }

    [Test]
    public void HashGetAll_TwoFields_ReturnsBoth()
    {
        string key = UniqueKey();
        _db.HashSet(key, [new HashEntry("a", "1"), new HashEntry("b", "2")]);
        Assert.That(_db.HashGetAll(key).ToDictionary(e => e.Name.ToString(), e => e.Value.ToString()),
            Is.EquivalentTo(new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" }));
    }

    [Test]
    public void SetAdd_Duplicate_IsNotAddedTwice()
    {
        string key = UniqueKey();
        Assert.Multiple(() =>
        {
            Assert.That(_db.SetAdd(key, "x"), Is.True);
            Assert.That(_db.SetAdd(key, "x"), Is.False);
            Assert.That(_db.SetAdd(key, ["y", "z"]), Is.EqualTo(2));
            Assert.That(_db.SetMembers(key).Select(v => v.ToString()), Is.EquivalentTo(new[] { "x", "y", "z" }));
        });
    }

    [Test]
    public void SortedSetAdd_ThenRangeWithScores_IsOrderedByScore()
    {
        string key = UniqueKey();
        _db.SortedSetAdd(key, [new SortedSetEntry("b", 2), new SortedSetEntry("a", 1), new SortedSetEntry("c", 3.5)]);

        SortedSetEntry[] range = _db.SortedSetRangeByRankWithScores(key);

        Assert.Multiple(() =>
        {
            Assert.That(range.Select(e => e.Element.ToString()), Is.EqualTo(new[] { "a", "b", "c" }));
            Assert.That(range.Select(e => e.Score), Is.EqualTo(new[] { 1, 2, 3.5 }));
            Assert.That(_db.SortedSetScore(key, "c"), Is.EqualTo(3.5));
        });
    }

    [Test]
    public void GetDatabase_Three_KeysAreSeparateFromDatabaseZero()
    {
        string key = UniqueKey();
        IDatabase db3 = _connection.GetDatabase(3);

        db3.StringSet(key, "in-three");

        Assert.Multiple(() =>
        {
            Assert.That(db3.StringGet(key).ToString(), Is.EqualTo("in-three"));
            Assert.That(_db.StringGet(key).IsNull, Is.True);
        });
    }

    [Test]
    public void Batch_ManyCommands_AllComplete()
    {
        string key = UniqueKey();
        IBatch batch = _db.CreateBatch();
        Task<long>[] increments = Enumerable.Range(0, 100).Select(_ => batch.StringIncrementAsync(key)).ToArray();
        batch.Execute();

        // GetResult rethrows a failed command's own exception rather than an AggregateException of all 100.
        Assert.That(increments.Select(t => t.GetAwaiter().GetResult()), Is.EqualTo(Enumerable.Range(1, 100).Select(i => (long)i)));
    }

    [Test]
    public void WrongType_StringGetOnList_ThrowsWrongType()
    {
        string key = UniqueKey();
        _db.ListLeftPush(key, "a");
        Assert.That(() => _db.StringGet(key),
            Throws.TypeOf<RedisServerException>().With.Message.EqualTo("WRONGTYPE Operation against a key holding the wrong kind of value"));
    }
}
