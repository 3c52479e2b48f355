using Reactor.MiniRedis.Engine.Tests.Support;

namespace Reactor.MiniRedis.Engine.Tests;

/// <summary>
/// OBJECT ENCODING against what Redis 7.0.15 reports, including the thresholds CONFIG SET moves (every expected
/// reply here was checked against a real redis-server 7.0.15).
/// </summary>
public sealed class ObjectCommandsTests : CommandTestBase
{
    private string Encoding(string key) => Run("OBJECT", "ENCODING", key);

    private static string Bulk(string value) => $"${value.Length}\r\n{value}\r\n";

    [Test]
    public void Encoding_MissingKey_RepliesNil() => Assert.That(Encoding("nosuch"), Is.EqualTo("$-1\r\n"));

    [Test]
    public void Encoding_MissingKey_CountsAMiss()
    {
        long misses = Harness.Server.Stats.KeyspaceMisses;
        Encoding("nosuch");
        Assert.That(Harness.Server.Stats.KeyspaceMisses, Is.EqualTo(misses + 1));
    }

    [TestCase("12345", "int")]
    [TestCase("-9223372036854775808", "int")]
    [TestCase("abc", "embstr")]
    [TestCase("123456789012345678901", "embstr")]
    [TestCase("-0", "embstr")]
    [TestCase("01", "embstr")]
    [TestCase("12345678901234567890123456789012345678901234", "embstr")]
    [TestCase("123456789012345678901234567890123456789012345", "raw")]
    public void Encoding_String_FollowsRedisRules(string value, string encoding)
    {
        Run("SET", "k", value);
        Assert.That(Encoding("k"), Is.EqualTo(Bulk(encoding)));
    }

    [Test]
    public void Encoding_StringAfterAppend_IsRaw()
    {
        Run("SET", "k", "01");
        Run("APPEND", "k", "x");
        Assert.That(Encoding("k"), Is.EqualTo(Bulk("raw")));
    }

    [Test]
    public void Encoding_StringAfterSetBit_IsRaw()
    {
        Run("SETBIT", "k", "7", "1");
        Assert.That(Encoding("k"), Is.EqualTo(Bulk("raw")));
    }

    [Test]
    public void Encoding_List_IsQuicklist()
    {
        Run("RPUSH", "l", "a");
        Assert.That(Encoding("l"), Is.EqualTo(Bulk("quicklist")));
    }

    [Test]
    public void Encoding_SmallHash_IsListpack()
    {
        Run("HSET", "h", "a", "1");
        Assert.That(Encoding("h"), Is.EqualTo(Bulk("listpack")));
    }

    [Test]
    public void Encoding_HashPastConfiguredEntries_IsHashtable()
    {
        Run("CONFIG", "SET", "hash-max-listpack-entries", "2");
        Run("HSET", "h", "a", "1", "b", "2");
        Assert.That(Encoding("h"), Is.EqualTo(Bulk("listpack")));
        Run("HSET", "h", "c", "3");
        Assert.That(Encoding("h"), Is.EqualTo(Bulk("hashtable")));
    }

    [Test]
    public void Encoding_HashWithLongValue_IsHashtable()
    {
        Run("CONFIG", "SET", "hash-max-listpack-value", "3");
        Run("HSET", "h", "abcd", "1");
        Assert.That(Encoding("h"), Is.EqualTo(Bulk("hashtable")));
    }

    [Test]
    public void Encoding_IntegerSet_IsIntset()
    {
        Run("SADD", "s", "1", "2");
        Assert.That(Encoding("s"), Is.EqualTo(Bulk("intset")));
    }

    [Test]
    public void Encoding_SetPastConfiguredIntsetEntries_IsHashtable()
    {
        Run("CONFIG", "SET", "set-max-intset-entries", "2");
        Run("SADD", "s", "1", "2");
        Assert.That(Encoding("s"), Is.EqualTo(Bulk("intset")));
        Run("SADD", "s", "3");
        Assert.That(Encoding("s"), Is.EqualTo(Bulk("hashtable")));
    }

    [Test]
    public void Encoding_SetWithNonInteger_IsHashtable()
    {
        Run("SADD", "s", "a");
        Assert.That(Encoding("s"), Is.EqualTo(Bulk("hashtable")));
    }

    [Test]
    public void Encoding_SortedSetPastConfiguredEntries_IsSkiplist()
    {
        Run("CONFIG", "SET", "zset-max-listpack-entries", "2");
        Run("ZADD", "z", "1", "a", "2", "b");
        Assert.That(Encoding("z"), Is.EqualTo(Bulk("listpack")));
        Run("ZADD", "z", "3", "c");
        Assert.That(Encoding("z"), Is.EqualTo(Bulk("skiplist")));
    }

    [Test]
    public void Encoding_SortedSetWithLongMember_IsSkiplist()
    {
        Run("CONFIG", "SET", "zset-max-listpack-value", "3");
        Run("ZADD", "z", "1", "abcd");
        Assert.That(Encoding("z"), Is.EqualTo(Bulk("skiplist")));
    }

    [Test]
    public void Encoding_ExtraArgument_RepliesSubcommandArityError() =>
        Assert.That(Run("OBJECT", "ENCODING", "a", "b"), Is.EqualTo("-ERR wrong number of arguments for 'object|encoding' command\r\n"));

    [Test]
    public void Object_UnknownSubcommand_RepliesError() =>
        Assert.That(Run("OBJECT", "foo"), Is.EqualTo("-ERR unknown subcommand 'foo'. Try OBJECT HELP.\r\n"));

    [Test]
    public void Help_ListsEverySubcommand() =>
        Assert.That(Run("OBJECT", "HELP"), Is.EqualTo(
            "*15\r\n+OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+ENCODING <key>\r\n"
            + "+    Return the kind of internal representation used in order to store the value\r\n+    associated with a <key>.\r\n"
            + "+FREQ <key>\r\n+    Return the access frequency index of the <key>. The returned integer is\r\n"
            + "+    proportional to the logarithm of the recent access frequency of the key.\r\n"
            + "+IDLETIME <key>\r\n+    Return the idle time of the <key>, that is the approximated number of\r\n"
            + "+    seconds elapsed since the last access to the key.\r\n"
            + "+REFCOUNT <key>\r\n+    Return the number of references of the value associated with the specified\r\n"
            + "+    <key>.\r\n"
            + "+HELP\r\n+    Prints this help.\r\n"));

    // ---- FREQ ----

    [Test]
    public void Freq_WithoutLfuPolicy_RepliesError()
    {
        Run("SET", "k", "v");
        Assert.That(Run("OBJECT", "FREQ", "k"), Is.EqualTo(
            "-ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching "
            + "between policies at runtime LRU and LFU data will take some time to adjust.\r\n"));
    }

    [Test]
    public void Freq_MissingKey_RepliesNil() => Assert.That(Run("OBJECT", "FREQ", "nosuch"), Is.EqualTo("$-1\r\n"));

    [Test]
    public void Freq_NewKeyUnderLfu_IsInitialValue()
    {
        Run("CONFIG", "SET", "maxmemory-policy", "allkeys-lfu");
        Run("SET", "k", "hello");
        Assert.That(Run("OBJECT", "FREQ", "k"), Is.EqualTo(":5\r\n"));
    }

    [Test]
    public void Freq_FirstRead_Increments()
    {
        Run("CONFIG", "SET", "maxmemory-policy", "volatile-lfu");
        Run("SET", "k", "hello");
        Run("GET", "k");
        Assert.That(Run("OBJECT", "FREQ", "k"), Is.EqualTo(":6\r\n"));
    }

    [Test]
    public void Freq_LogFactorZero_IncrementsOnEveryAccess()
    {
        Run("CONFIG", "SET", "maxmemory-policy", "allkeys-lfu");
        Run("CONFIG", "SET", "lfu-log-factor", "0");
        Run("SET", "k", "hello");
        for (int i = 0; i < 4; i++)
        {
            Run("GET", "k");
        }
        Assert.That(Run("OBJECT", "FREQ", "k"), Is.EqualTo(":9\r\n"));
    }

    [Test]
    public void Freq_ObjectLookups_DoNotCount()
    {
        Run("CONFIG", "SET", "maxmemory-policy", "allkeys-lfu");
        Run("SET", "k", "hello");
        Run("OBJECT", "ENCODING", "k");
        Run("OBJECT", "FREQ", "k");
        Assert.That(Run("OBJECT", "FREQ", "k"), Is.EqualTo(":5\r\n"));
    }

    // LFUDecrAndReturn: one step per lfu-decay-time minutes idle, floored at 0; a decay time of 0 never decays.
    [TestCase("2", 6, ":2\r\n")]
    [TestCase("1", 30, ":0\r\n")]
    [TestCase("0", 300, ":5\r\n")]
    public void Freq_AfterIdleMinutes_Decays(string decayTime, int idleMinutes, string expected)
    {
        Run("CONFIG", "SET", "maxmemory-policy", "allkeys-lfu");
        Run("CONFIG", "SET", "lfu-decay-time", decayTime);
        Run("SET", "k", "hello");
        Harness.Time.Advance(TimeSpan.FromMinutes(idleMinutes));
        Assert.That(Run("OBJECT", "FREQ", "k"), Is.EqualTo(expected));
    }

    // ---- IDLETIME ----

    [Test]
    public void IdleTime_MissingKey_RepliesNil() => Assert.That(Run("OBJECT", "IDLETIME", "nosuch"), Is.EqualTo("$-1\r\n"));

    [Test]
    public void IdleTime_JustSet_IsZero()
    {
        Run("SET", "k", "v");
        Assert.That(Run("OBJECT", "IDLETIME", "k"), Is.EqualTo(":0\r\n"));
    }

    [Test]
    public void IdleTime_AfterTimePasses_CountsSeconds()
    {
        Run("SET", "k", "v");
        Harness.Time.Advance(TimeSpan.FromSeconds(42));
        Assert.That(Run("OBJECT", "IDLETIME", "k"), Is.EqualTo(":42\r\n"));
    }

    [Test]
    public void IdleTime_AfterRead_IsReset()
    {
        Run("SET", "k", "v");
        Harness.Time.Advance(TimeSpan.FromSeconds(42));
        Run("GET", "k");
        Assert.That(Run("OBJECT", "IDLETIME", "k"), Is.EqualTo(":0\r\n"));
    }

    // EXISTS, TYPE, TTL and PTTL look keys up with LOOKUP_NOTOUCH in Redis: inspecting a key does not make it recent.
    [TestCase("EXISTS")]
    [TestCase("TYPE")]
    [TestCase("TTL")]
    [TestCase("PTTL")]
    public void IdleTime_AfterNoTouchInspection_KeepsCounting(string command)
    {
        Run("SET", "k", "v");
        Harness.Time.Advance(TimeSpan.FromSeconds(42));
        Run(command, "k");
        Assert.That(Run("OBJECT", "IDLETIME", "k"), Is.EqualTo(":42\r\n"));
    }

    [Test]
    public void IdleTime_AfterTouch_IsReset()
    {
        Run("SET", "k", "v");
        Harness.Time.Advance(TimeSpan.FromSeconds(42));
        Run("TOUCH", "k");
        Assert.That(Run("OBJECT", "IDLETIME", "k"), Is.EqualTo(":0\r\n"));
    }

    [Test]
    public void IdleTime_ObjectLookups_DoNotTouch()
    {
        Run("SET", "k", "v");
        Harness.Time.Advance(TimeSpan.FromSeconds(5));
        Run("OBJECT", "ENCODING", "k");
        Run("OBJECT", "IDLETIME", "k");
        Harness.Time.Advance(TimeSpan.FromSeconds(5));
        Assert.That(Run("OBJECT", "IDLETIME", "k"), Is.EqualTo(":10\r\n"));
    }

    [Test]
    public void IdleTime_UnderLfuPolicy_RepliesError()
    {
        Run("SET", "k", "v");
        Run("CONFIG", "SET", "maxmemory-policy", "allkeys-lfu");
        Assert.That(Run("OBJECT", "IDLETIME", "k"), Is.EqualTo(
            "-ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between "
            + "policies at runtime LRU and LFU data will take some time to adjust.\r\n"));
    }

    [Test]
    public void IdleTime_MissingKeyUnderLfuPolicy_RepliesNil()
    {
        Run("CONFIG", "SET", "maxmemory-policy", "volatile-lfu");
        Assert.That(Run("OBJECT", "IDLETIME", "nosuch"), Is.EqualTo("$-1\r\n"));
    }

    // ---- REFCOUNT ----

    [Test]
    public void RefCount_MissingKey_RepliesNil() => Assert.That(Run("OBJECT", "REFCOUNT", "nosuch"), Is.EqualTo("$-1\r\n"));

    [TestCase("0", ":2147483647\r\n")]
    [TestCase("5", ":2147483647\r\n")]
    [TestCase("9999", ":2147483647\r\n")]
    [TestCase("10000", ":1\r\n")]
    [TestCase("123456", ":1\r\n")]
    [TestCase("-1", ":1\r\n")]
    [TestCase("hello", ":1\r\n")]
    public void RefCount_String_SharesSmallIntegers(string value, string expected)
    {
        Run("SET", "k", value);
        Assert.That(Run("OBJECT", "REFCOUNT", "k"), Is.EqualTo(expected));
    }

    [Test]
    public void RefCount_List_IsOne()
    {
        Run("RPUSH", "l", "x");
        Assert.That(Run("OBJECT", "REFCOUNT", "l"), Is.EqualTo(":1\r\n"));
    }

    [Test]
    public void RefCount_LruPolicyWithoutMaxmemory_StillShares()
    {
        Run("CONFIG", "SET", "maxmemory-policy", "allkeys-lru");
        Run("SET", "k", "7");
        Assert.That(Run("OBJECT", "REFCOUNT", "k"), Is.EqualTo(":2147483647\r\n"));
    }

    [Test]
    public void RefCount_LruPolicyWithMaxmemory_DoesNotShare()
    {
        Run("CONFIG", "SET", "maxmemory", "100mb");
        Run("CONFIG", "SET", "maxmemory-policy", "allkeys-lru");
        Run("SET", "k", "7");
        Assert.That(Run("OBJECT", "REFCOUNT", "k"), Is.EqualTo(":1\r\n"));
    }

    [Test]
    public void RefCount_ExtraArgument_RepliesSubcommandArityError() =>
        Assert.That(Run("OBJECT", "REFCOUNT", "a", "b"), Is.EqualTo("-ERR wrong number of arguments for 'object|refcount' command\r\n"));
}
