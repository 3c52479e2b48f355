using Reactor.MiniRedis.Engine.Tests.Support;

namespace Reactor.MiniRedis.Engine.Tests;

/// <summary>
/// Lazy expiry seen through every string and key command: once its time to live has passed, a key behaves as if it
/// had never existed. Time only moves through the harness's fake clock.
/// </summary>
public sealed class ExpiryTests : CommandTestBase
{
    // Runs after CommandTestBase.StartServer: every test starts with k set to expire in one second.
    [SetUp]
    public void StoreExpiringKey() => Run("SET", "k", "10", "PX", "1000");

    // keyIsExpired is "now > when": the key lives through its expire millisecond, and is gone one later.
    private void Expire() => Harness.Time.Advance(TimeSpan.FromMilliseconds(1001));

    [Test]
    public void Get_OneMillisecondBeforeExpiry_RepliesValue()
    {
        Harness.Time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.That(Run("GET", "k"), Is.EqualTo("$2\r\n10\r\n"));
    }

    [Test]
    public void Get_AtExpiryTime_StillRepliesValue()
    {
        Harness.Time.Advance(TimeSpan.FromMilliseconds(1000));
        Assert.That(Run("GET", "k"), Is.EqualTo("$2\r\n10\r\n"));
    }

    [Test]
    public void Get_OneMillisecondAfterExpiryTime_RepliesNil()
    {
        Expire();
        Assert.That(Run("GET", "k"), Is.EqualTo("$-1\r\n"));
    }

    [Test]
    public void Get_AfterExpiry_CountsExpiredKeyAndRemovesIt()
    {
        Expire();
        Run("GET", "k");
        var db = Harness.Server.Keyspace[0];
        Assert.That((db.ExpiredKeys, db.Count, db.ExpiresCount), Is.EqualTo((1L, 0, 0)));
    }

    [Test]
    public void PTtl_CountsDownWithTheClock()
    {
        Harness.Time.Advance(TimeSpan.FromMilliseconds(250));
        Assert.That(Run("PTTL", "k"), Is.EqualTo(":750\r\n"));
    }

    [TestCase("EXISTS", ":0\r\n")]
    [TestCase("TOUCH", ":0\r\n")]
    [TestCase("DEL", ":0\r\n")]
    [TestCase("UNLINK", ":0\r\n")]
    [TestCase("TYPE", "+none\r\n")]
    [TestCase("TTL", ":-2\r\n")]
    [TestCase("PTTL", ":-2\r\n")]
    [TestCase("EXPIRETIME", ":-2\r\n")]
    [TestCase("PEXPIRETIME", ":-2\r\n")]
    [TestCase("PERSIST", ":0\r\n")]
    [TestCase("STRLEN", ":0\r\n")]
    [TestCase("GETDEL", "$-1\r\n")]
    [TestCase("GETEX", "$-1\r\n")]
    [TestCase("MGET", "*1\r\n$-1\r\n")]
    [TestCase("INCR", ":1\r\n")]
    [TestCase("DECR", ":-1\r\n")]
    public void KeyCommand_ExpiredKey_ActsAsMissing(string command, string expected)
    {
        Expire();
        Assert.That(Run(command, "k"), Is.EqualTo(expected));
    }

    [TestCase("GETSET", "v", "$-1\r\n")]
    [TestCase("SETNX", "v", ":1\r\n")]
    [TestCase("APPEND", "abc", ":3\r\n")]
    [TestCase("INCRBY", "5", ":5\r\n")]
    [TestCase("INCRBYFLOAT", "1.5", "$3\r\n1.5\r\n")]
    [TestCase("EXPIRE", "100", ":0\r\n")]
    [TestCase("PEXPIREAT", "1", ":0\r\n")]
    [TestCase("RENAME", "x", "-ERR no such key\r\n")]
    [TestCase("RENAMENX", "x", "-ERR no such key\r\n")]
    public void KeyCommandWithArgument_ExpiredKey_ActsAsMissing(string command, string argument, string expected)
    {
        Expire();
        Assert.That(Run(command, "k", argument), Is.EqualTo(expected));
    }

    [Test]
    public void GetRange_ExpiredKey_RepliesEmptyBulk()
    {
        Expire();
        Assert.That(Run("GETRANGE", "k", "0", "-1"), Is.EqualTo("$0\r\n\r\n"));
    }

    [Test]
    public void SetRange_EmptyValueOnExpiredKey_RepliesZero()
    {
        Expire();
        Assert.That(Run("SETRANGE", "k", "0", ""), Is.EqualTo(":0\r\n"));
    }

    [Test]
    public void SetXx_ExpiredKey_RepliesNil()
    {
        Expire();
        Assert.That(Run("SET", "k", "v", "XX"), Is.EqualTo("$-1\r\n"));
    }

    [Test]
    public void SetNx_ExpiredKey_SetsWithoutTtl()
    {
        Expire();
        Assert.That(Run("SET", "k", "v", "NX"), Is.EqualTo("+OK\r\n"));
        Assert.That(Run("TTL", "k"), Is.EqualTo(":-1\r\n"));
    }

    [Test]
    public void MSetNx_ExpiredKey_RepliesOne()
    {
        Expire();
        Assert.That(Run("MSETNX", "k", "v"), Is.EqualTo(":1\r\n"));
    }

    [Test]
    public void Keys_ExpiredKey_IsNotListed()
    {
        Run("SET", "other", "v");
        Expire();
        Assert.That(Run("KEYS", "*"), Is.EqualTo("*1\r\n$5\r\nother\r\n"));
    }

    [Test]
    public void RandomKey_OnlyKeyExpired_RepliesNil()
    {
        Expire();
        Assert.That(Run("RANDOMKEY"), Is.EqualTo("$-1\r\n"));
    }

    [Test]
    public void RenameNx_OntoExpiredKey_RepliesOne()
    {
        Run("SET", "src", "v");
        Expire();
        Assert.That(Run("RENAMENX", "src", "k"), Is.EqualTo(":1\r\n"));
    }

    [Test]
    public void Rename_KeyWithTtl_ExpiresAtSameTimeUnderNewName()
    {
        Run("RENAME", "k", "moved");
        Expire();
        Assert.That(Run("EXISTS", "moved", "k"), Is.EqualTo(":0\r\n"));
    }

    [Test]
    public void Incr_KeyWithTtl_StillExpires()
    {
        Run("INCR", "k");
        Expire();
        Assert.That(Run("GET", "k"), Is.EqualTo("$-1\r\n"));
    }

    [Test]
    public void GetEx_Persist_KeyNoLongerExpires()
    {
        Run("GETEX", "k", "PERSIST");
        Expire();
        Assert.That(Run("GET", "k"), Is.EqualTo("$2\r\n10\r\n"));
    }

    [Test]
    public void Expire_RelativeSeconds_ExpiresAfterThatMuchFakeTime()
    {
        Run("SET", "s", "v");
        Run("EXPIRE", "s", "60");
        Harness.Time.Advance(TimeSpan.FromSeconds(60));
        string before = Run("EXISTS", "s");
        Harness.Time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.That(before + Run("EXISTS", "s"), Is.EqualTo(":1\r\n:0\r\n"));
    }
}
