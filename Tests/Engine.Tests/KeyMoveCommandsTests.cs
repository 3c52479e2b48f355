using Reactor.MiniRedis.Engine.Tests.Support;

namespace Reactor.MiniRedis.Engine.Tests;

/// <summary>MOVE, SWAPDB and COPY against Redis 7.0.15's exact replies (checked against a real redis-server 7.0.15).</summary>
public sealed class KeyMoveCommandsTests : CommandTestBase
{
    private const string Ok = "+OK\r\n";
    private const string One = ":1\r\n";
    private const string Zero = ":0\r\n";
    private const string SameObject = "-ERR source and destination objects are the same\r\n";
    private const string OutOfRange = "-ERR DB index is out of range\r\n";
    private const string IntRange = "-ERR value is out of range, value must between -2147483648 and 2147483647\r\n";
    private const string NotInteger = "-ERR value is not an integer or out of range\r\n";

    // ---- MOVE ----

    [Test]
    public void Move_ExistingKey_MovesItToTheTargetDatabase()
    {
        Run("SET", "k", "v");
        Assert.That(Run("MOVE", "k", "1"), Is.EqualTo(One));
        Assert.That(Run("EXISTS", "k"), Is.EqualTo(Zero));
        Run("SELECT", "1");
        Assert.That(Run("GET", "k"), Is.EqualTo("$1\r\nv\r\n"));
    }

    [Test]
    public void Move_KeyWithTtl_KeepsTheTtl()
    {
        Run("SET", "k", "v", "PX", "5000");
        Run("MOVE", "k", "1");
        Run("SELECT", "1");
        Assert.That(Run("PTTL", "k"), Is.EqualTo(":5000\r\n"));
    }

    [Test]
    public void Move_MissingKey_ReturnsZero()
    {
        Assert.That(Run("MOVE", "k", "1"), Is.EqualTo(Zero));
    }

    [Test]
    public void Move_KeyExistsInTarget_ReturnsZeroAndKeepsBoth()
    {
        Run("SET", "k", "src");
        Run("SELECT", "1");
        Run("SET", "k", "dst");
        Run("SELECT", "0");
        Assert.That(Run("MOVE", "k", "1"), Is.EqualTo(Zero));
        Assert.That(Run("GET", "k"), Is.EqualTo("$3\r\nsrc\r\n"));
    }

    [Test]
    public void Move_ExpiredKeyInTarget_IsReplaced()
    {
        Run("SELECT", "1");
        Run("SET", "k", "old", "PX", "10");
        Run("SELECT", "0");
        Run("SET", "k", "new");
        Harness.Time.Advance(TimeSpan.FromMilliseconds(20));
        Assert.That(Run("MOVE", "k", "1"), Is.EqualTo(One));
    }

    [Test]
    public void Move_CurrentDatabase_ReturnsSameObjectErrorEvenForMissingKey()
    {
        Assert.That(Run("MOVE", "k", "0"), Is.EqualTo(SameObject));
    }

    [TestCase("16")]
    [TestCase("-1")]
    public void Move_IndexOutOfRange_ReturnsOutOfRangeError(string index)
    {
        Assert.That(Run("MOVE", "k", index), Is.EqualTo(OutOfRange));
    }

    [Test]
    public void Move_IndexNotAnInteger_ReturnsNotIntegerError()
    {
        Assert.That(Run("MOVE", "k", "x"), Is.EqualTo(NotInteger));
    }

    [Test]
    public void Move_IndexBeyondInt32_ReturnsValueMustBeBetweenError()
    {
        Assert.That(Run("MOVE", "k", "4294967296"), Is.EqualTo(IntRange));
    }

    [Test]
    public void Move_Success_CountsOneWrite()
    {
        Run("SET", "k", "v");
        long before = Dirty;
        Run("MOVE", "k", "1");
        Assert.That(Dirty, Is.EqualTo(before + 1));
    }

    // ---- SWAPDB ----

    [Test]
    public void SwapDb_TwoDatabases_ExchangesKeysAndTtls()
    {
        Run("SET", "a", "zero", "PX", "5000");
        Run("SELECT", "1");
        Run("SET", "b", "one");
        Assert.That(Run("SWAPDB", "0", "1"), Is.EqualTo(Ok));
        Assert.That(Run("GET", "a"), Is.EqualTo("$4\r\nzero\r\n"));
        Assert.That(Run("PTTL", "a"), Is.EqualTo(":5000\r\n"));
        Assert.That(Run("EXISTS", "b"), Is.EqualTo(Zero));
    }

    [Test]
    public void SwapDb_OtherClientSelectedSwappedDatabase_SeesSwappedData()
    {
        TestClient other = Harness.Connect();
        other.Execute("SELECT", "2");
        Run("SET", "k", "from-zero");
        Run("SWAPDB", "0", "2");
        Assert.That(other.Execute("GET", "k"), Is.EqualTo("$9\r\nfrom-zero\r\n"));
        Assert.That(Run("DBSIZE"), Is.EqualTo(Zero));
    }

    [Test]
    public void SwapDb_SameIndex_ReturnsOkAndKeepsData()
    {
        Run("SET", "k", "v");
        Assert.That(Run("SWAPDB", "0", "0"), Is.EqualTo(Ok));
        Assert.That(Run("GET", "k"), Is.EqualTo("$1\r\nv\r\n"));
    }

    [Test]
    public void SwapDb_Success_CountsOneWrite()
    {
        long before = Dirty;
        Run("SWAPDB", "0", "1");
        Assert.That(Dirty, Is.EqualTo(before + 1));
    }

    [TestCase("x", "0", "-ERR invalid first DB index\r\n")]
    [TestCase("4294967296", "0", "-ERR invalid first DB index\r\n")]
    [TestCase("0", "x", "-ERR invalid second DB index\r\n")]
    [TestCase("16", "x", "-ERR invalid second DB index\r\n")]
    [TestCase("0", "16", OutOfRange)]
    [TestCase("-1", "0", OutOfRange)]
    public void SwapDb_BadIndex_ReturnsRedisError(string first, string second, string expected)
    {
        Assert.That(Run("SWAPDB", first, second), Is.EqualTo(expected));
    }

    // ---- COPY ----

    [Test]
    public void Copy_StringToNewKey_CopiesValueAndKeepsSource()
    {
        Run("SET", "k", "v");
        Assert.That(Run("COPY", "k", "j"), Is.EqualTo(One));
        Assert.That(Run("MGET", "k", "j"), Is.EqualTo(Resp.BulkArray("v", "v")));
    }

    [Test]
    public void Copy_KeyWithTtl_CopiesTheTtl()
    {
        Run("SET", "k", "v", "PX", "5000");
        Run("COPY", "k", "j", "DB", "1");
        Run("SELECT", "1");
        Assert.That(Run("PTTL", "j"), Is.EqualTo(":5000\r\n"));
    }

    [Test]
    public void Copy_DestinationExistsWithoutReplace_ReturnsZero()
    {
        Run("MSET", "k", "v", "j", "old");
        Assert.That(Run("COPY", "k", "j"), Is.EqualTo(Zero));
        Assert.That(Run("GET", "j"), Is.EqualTo("$3\r\nold\r\n"));
    }

    [Test]
    public void Copy_DestinationExistsWithReplace_OverwritesAndDropsItsTtl()
    {
        Run("SET", "k", "v");
        Run("SET", "j", "old", "EX", "100");
        Assert.That(Run("COPY", "k", "j", "REPLACE"), Is.EqualTo(One));
        Assert.That(Run("GET", "j"), Is.EqualTo("$1\r\nv\r\n"));
        Assert.That(Run("TTL", "j"), Is.EqualTo(":-1\r\n"));
    }

    [Test]
    public void Copy_MissingSource_ReturnsZero()
    {
        Assert.That(Run("COPY", "k", "j"), Is.EqualTo(Zero));
    }

    [Test]
    public void Copy_SameKeySameDatabase_ReturnsSameObjectErrorEvenWhenMissing()
    {
        Assert.That(Run("COPY", "k", "k"), Is.EqualTo(SameObject));
    }

    [Test]
    public void Copy_SameKeyOtherDatabase_Copies()
    {
        Run("SET", "k", "v");
        Assert.That(Run("COPY", "k", "k", "DB", "1"), Is.EqualTo(One));
    }

    [Test]
    public void Copy_RepeatedDb_LastOneWins()
    {
        Run("SET", "k", "v");
        Assert.That(Run("COPY", "k", "k", "DB", "1", "DB", "0"), Is.EqualTo(SameObject));
    }

    [TestCase("DB")]
    [TestCase("FOO")]
    public void Copy_BadOption_ReturnsSyntaxError(string option)
    {
        Assert.That(Run("COPY", "k", "j", option), Is.EqualTo(SyntaxErrorReply));
    }

    [TestCase("16", OutOfRange)]
    [TestCase("x", NotInteger)]
    [TestCase("4294967296", IntRange)]
    public void Copy_BadDbIndex_ReturnsRedisError(string index, string expected)
    {
        Assert.That(Run("COPY", "k", "j", "DB", index), Is.EqualTo(expected));
    }

    [Test]
    public void Copy_List_IsIndependentOfTheSource()
    {
        Run("RPUSH", "l", "a", "b", "c");
        Run("COPY", "l", "l2");
        Run("LSET", "l", "0", "z");
        Assert.That(Run("LRANGE", "l2", "0", "-1"), Is.EqualTo(Resp.BulkArray("a", "b", "c")));
    }

    [Test]
    public void Copy_Hash_KeepsFieldOrderAndIsIndependent()
    {
        Run("HSET", "h", "f", "1", "g", "2");
        Run("COPY", "h", "h2");
        Run("HSET", "h", "f", "9");
        Assert.That(Run("HGETALL", "h2"), Is.EqualTo(Resp.BulkArray("f", "1", "g", "2")));
        Assert.That(Run("OBJECT", "ENCODING", "h2"), Is.EqualTo("$8\r\nlistpack\r\n"));
    }

    [Test]
    public void Copy_IntSet_KeepsEncodingAndMembers()
    {
        Run("SADD", "s", "3", "1", "2");
        Run("COPY", "s", "s2");
        Assert.That(Run("SMEMBERS", "s2"), Is.EqualTo(Resp.BulkArray("1", "2", "3")));
        Assert.That(Run("OBJECT", "ENCODING", "s2"), Is.EqualTo("$6\r\nintset\r\n"));
    }

    [Test]
    public void Copy_SortedSet_CopiesScores()
    {
        Run("ZADD", "z", "2", "b", "1", "a");
        Run("COPY", "z", "z2");
        Run("ZADD", "z", "5", "a");
        Assert.That(Run("ZRANGE", "z2", "0", "-1", "WITHSCORES"), Is.EqualTo(Resp.BulkArray("a", "1", "b", "2")));
    }

    [Test]
    public void Copy_Success_CountsOneWrite()
    {
        Run("SET", "k", "v");
        long before = Dirty;
        Run("COPY", "k", "j");
        Assert.That(Dirty, Is.EqualTo(before + 1));
    }
}
