using Reactor.MiniRedis.Engine.Tests.Support;

namespace Reactor.MiniRedis.Engine.Tests.PubSub;

/// <summary>
/// Keyspace notifications: the notify-keyspace-events setting, the <c>__keyspace@db__</c> and <c>__keyevent@db__</c>
/// channels, and the events of expiry, key creation and key misses. The full per-command event sequences are compared
/// with a real redis-server by Integration.Tests' KeyspaceEventsComparisonTests.
/// </summary>
public sealed class KeyspaceNotificationTests : CommandTestBase
{
    private TestClient _subscriber = null!;

    [SetUp]
    public void Subscribe()
    {
        _subscriber = Harness.Connect();
        _subscriber.Execute("PSUBSCRIBE", "__key*");
    }

    /// <summary>The events delivered to the subscriber since the last call, as "channel event" lines.</summary>
    private List<string> Events()
    {
        string text = Resp.Text(_subscriber.SendRaw());
        var events = new List<string>();
        string[] parts = text.Split("\r\n");
        // Each pmessage is *4, $8 pmessage, pattern, channel, payload: 9 lines.
        for (int i = 0; i + 8 < parts.Length; i += 9)
        {
            events.Add(parts[i + 6] + " " + parts[i + 8]);
        }
        return events;
    }

    private void Configure(string classes) => Assert.That(Run("CONFIG", "SET", "notify-keyspace-events", classes), Is.EqualTo("+OK\r\n"));

    // ---- the setting ----

    [TestCase("KEA", "AKE")]
    [TestCase("AKEn", "AKE")]
    [TestCase("Ex", "xE")]
    [TestCase("g$lshzxetd", "A")]
    [TestCase("mKl", "lKm")]
    [TestCase("n", "n")]
    [TestCase("", "")]
    public void ConfigSet_Classes_ReadBackInRedisOrder(string classes, string expected)
    {
        Configure(classes);
        Assert.That(Run("CONFIG", "GET", "notify-keyspace-events"), Is.EqualTo(Resp.BulkArray("notify-keyspace-events", expected)));
    }

    [Test]
    public void ConfigSet_UnknownClass_RepliesInvalidClassError() =>
        Assert.That(Run("CONFIG", "SET", "notify-keyspace-events", "KQ"), Is.EqualTo(
            "-ERR CONFIG SET failed (possibly related to argument 'notify-keyspace-events') - Invalid event class character. Use 'Ag$lshzxeKEtmdn'.\r\n"));

    // ---- delivery ----

    [Test]
    public void Set_NotificationsOff_PublishesNothing()
    {
        Run("SET", "k", "v");
        Assert.That(Events(), Is.Empty);
    }

    [Test]
    public void Set_KeyspaceAndKeyevent_PublishesOnBothChannels()
    {
        Configure("KEA");
        Run("SET", "k", "v");
        Assert.That(Events(), Is.EqualTo(new[] { "__keyspace@0__:k set", "__keyevent@0__:set k" }));
    }

    [Test]
    public void Set_KeyspaceOnly_PublishesOnTheKeyspaceChannel()
    {
        Configure("K$");
        Run("SET", "k", "v");
        Assert.That(Events(), Is.EqualTo(new[] { "__keyspace@0__:k set" }));
    }

    [Test]
    public void Set_ClassNotEnabled_PublishesNothing()
    {
        Configure("KEl");
        Run("SET", "k", "v");
        Assert.That(Events(), Is.Empty);
    }

    [Test]
    public void Set_NewClass_PublishesNewBeforeSet()
    {
        Configure("KEA" + "n");
        Run("SET", "k", "v");
        Assert.That(Events(), Is.EqualTo(new[] { "__keyspace@0__:k new", "__keyevent@0__:new k", "__keyspace@0__:k set", "__keyevent@0__:set k" }));
    }

    [Test]
    public void Set_OtherDatabase_NamesItInTheChannel()
    {
        Configure("E$");
        Run("SELECT", "5");
        Run("SET", "k", "v");
        Assert.That(Events(), Is.EqualTo(new[] { "__keyevent@5__:set k" }));
    }

    [Test]
    public void Move_PublishesFromInTheSourceAndToInTheTarget()
    {
        Configure("Kg");
        Run("SET", "k", "v");
        Run("MOVE", "k", "3");
        Assert.That(Events(), Is.EqualTo(new[] { "__keyspace@0__:k move_from", "__keyspace@3__:k move_to" }));
    }

    [Test]
    public void LPop_LastElement_PublishesPopThenDel()
    {
        Run("RPUSH", "l", "a");
        Configure("El");
        Run("LPOP", "l");
        Configure("Elg");
        Run("RPUSH", "l", "a");
        Run("LPOP", "l");
        Assert.That(Events(), Is.EqualTo(new[] { "__keyevent@0__:lpop l", "__keyevent@0__:rpush l", "__keyevent@0__:lpop l", "__keyevent@0__:del l" }));
    }

    [Test]
    public void Rename_PublishesNewFromAndTo()
    {
        Run("SET", "a", "1");
        Run("SET", "b", "2");
        Configure("EAn");
        Run("RENAME", "a", "b");
        Assert.That(Events(), Is.EqualTo(new[] { "__keyevent@0__:new b", "__keyevent@0__:rename_from a", "__keyevent@0__:rename_to b" }));
    }

    [Test]
    public void FailedWrite_PublishesNothing()
    {
        Configure("KEA");
        Run("LPUSH", "l", "a");
        Events();
        Run("INCR", "l");
        Assert.That(Events(), Is.Empty);
    }

    // ---- expiry ----

    [Test]
    public void LazyExpiry_PublishesExpired()
    {
        Configure("Ex");
        Run("SET", "k", "v", "PX", "100");
        Harness.Time.Advance(TimeSpan.FromMilliseconds(101));
        Run("GET", "k");
        Assert.That(Events(), Is.EqualTo(new[] { "__keyevent@0__:expired k" }));
    }

    [Test]
    public void ActiveExpiry_PublishesExpired()
    {
        Configure("Ex");
        Run("SET", "k", "v", "PX", "100");
        Harness.Time.Advance(TimeSpan.FromMilliseconds(101));
        Harness.Server.ActiveExpiry.RunSlowCycle(10, 1);
        Assert.That(Events(), Is.EqualTo(new[] { "__keyevent@0__:expired k" }));
    }

    [Test]
    public void ExpireInThePast_PublishesDelNotExpired()
    {
        Run("SET", "k", "v");
        Configure("Egx");
        Run("PEXPIREAT", "k", "1");
        Assert.That(Events(), Is.EqualTo(new[] { "__keyevent@0__:del k" }));
    }

    // ---- key misses ----

    [Test]
    public void Get_MissingKeyWithKeyMissClass_PublishesKeymiss()
    {
        Configure("Em");
        Run("GET", "nokey");
        Assert.That(Events(), Is.EqualTo(new[] { "__keyevent@0__:keymiss nokey" }));
    }

    [Test]
    public void Get_MissingKeyWithAllClasses_PublishesNothing()
    {
        Configure("EA");
        Run("GET", "nokey");
        Assert.That(Events(), Is.Empty);
    }

    [Test]
    public void ObjectEncoding_MissingKey_PublishesNoKeymiss()
    {
        Configure("Em");
        Run("OBJECT", "ENCODING", "nokey");
        Assert.That(Events(), Is.Empty);
    }

    [Test]
    public void LPush_MissingKey_IsAWriteAndPublishesNoKeymiss()
    {
        Configure("Em");
        Run("LPUSH", "nokey", "a");
        Assert.That(Events(), Is.Empty);
    }
}
