using Reactor.MiniRedis.Engine.Tests.Support;

namespace Reactor.MiniRedis.Engine.Tests;

/// <summary>
/// Replies after HELLO 3: the RESP3 types (maps, sets, doubles, nulls, verbatim strings) exactly where Redis 7.0.15
/// sends them, and the RESP2 shapes where it keeps them. Every expected reply was taken from a real redis-server
/// 7.0.15 (Tests/Integration.Tests/Conformance/commands.txt compares the whole command table the same way).
/// </summary>
public sealed class Resp3ReplyTests : CommandTestBase
{
    [SetUp]
    public void SwitchToResp3() => Run("HELLO", "3");

    // ---- HELLO ----

    [Test]
    public void Hello3_RepliesMapAndSwitchesProtocol()
    {
        long id = Client.Connection.Id;
        Assert.Multiple(() =>
        {
            Assert.That(Run("HELLO", "3"), Is.EqualTo(
                "%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n$5\r\nproto\r\n:3\r\n"
                + $"$2\r\nid\r\n:{id}\r\n$4\r\nmode\r\n$10\r\nstandalone\r\n$4\r\nrole\r\n$6\r\nmaster\r\n$7\r\nmodules\r\n*0\r\n"));
            Assert.That(Client.Connection.ProtocolVersion, Is.EqualTo(3));
        });
    }

    [Test]
    public void Hello2_FromResp3_RepliesFlatArray() =>
        Assert.That(Run("HELLO", "2"), Does.StartWith("*14\r\n$6\r\nserver\r\n").And.Contain("$5\r\nproto\r\n:2\r\n"));

    [Test]
    public void Reset_SwitchesBackToResp2()
    {
        Run("RESET");
        Assert.That(Run("GET", "missing"), Is.EqualTo("$-1\r\n"));
    }

    // ---- nulls ----

    [Test]
    public void Get_MissingKey_RepliesNull() => Assert.That(Run("GET", "missing"), Is.EqualTo("_\r\n"));

    [Test]
    public void MGet_MissingKeys_RepliesNullElements() =>
        Assert.That(Run("MGET", "a", "b"), Is.EqualTo("*2\r\n_\r\n_\r\n"));

    [Test]
    public void SetGet_MissingKey_RepliesNull() => Assert.That(Run("SET", "k", "v", "GET"), Is.EqualTo("_\r\n"));

    [Test]
    public void SetNx_Exists_RepliesNull()
    {
        Run("SET", "k", "v");
        Assert.That(Run("SET", "k", "w", "NX"), Is.EqualTo("_\r\n"));
    }

    [Test]
    public void LPop_WithCountMissingKey_RepliesNull() => Assert.That(Run("LPOP", "missing", "2"), Is.EqualTo("_\r\n"));

    [Test]
    public void ZMPop_NoKey_RepliesNull() => Assert.That(Run("ZMPOP", "1", "missing", "MIN"), Is.EqualTo("_\r\n"));

    [Test]
    public void ClientGetName_NoName_RepliesNull() => Assert.That(Run("CLIENT", "GETNAME"), Is.EqualTo("_\r\n"));

    // ---- doubles ----

    [Test]
    public void ZScore_RepliesDouble()
    {
        Run("ZADD", "z", "1.5", "a");
        Assert.That(Run("ZSCORE", "z", "a"), Is.EqualTo(",1.5\r\n"));
    }

    [Test]
    public void ZScore_Infinity_RepliesDoubleInf()
    {
        Run("ZADD", "z", "-inf", "a");
        Assert.That(Run("ZSCORE", "z", "a"), Is.EqualTo(",-inf\r\n"));
    }

    [Test]
    public void ZMScore_RepliesDoublesAndNulls()
    {
        Run("ZADD", "z", "1", "a");
        Assert.That(Run("ZMSCORE", "z", "a", "nope"), Is.EqualTo("*2\r\n,1\r\n_\r\n"));
    }

    [Test]
    public void ZIncrBy_RepliesDouble() => Assert.That(Run("ZINCRBY", "z", "0.1", "m"), Is.EqualTo(",0.10000000000000001\r\n"));

    [Test]
    public void ZAddIncr_RepliesDouble() => Assert.That(Run("ZADD", "z", "INCR", "2", "m"), Is.EqualTo(",2\r\n"));

    [Test]
    public void ZAddIncr_NxOnExisting_RepliesNull()
    {
        Run("ZADD", "z", "1", "m");
        Assert.That(Run("ZADD", "z", "NX", "INCR", "2", "m"), Is.EqualTo("_\r\n"));
    }

    [Test]
    public void IncrByFloat_StaysBulkString() => Assert.That(Run("INCRBYFLOAT", "f", "1.5"), Is.EqualTo("$3\r\n1.5\r\n"));

    [Test]
    public void HIncrByFloat_StaysBulkString() => Assert.That(Run("HINCRBYFLOAT", "h", "f", "1.5"), Is.EqualTo("$3\r\n1.5\r\n"));

    // ---- sorted-set element lists ----

    [Test]
    public void ZRange_WithScores_RepliesMemberScorePairs()
    {
        Run("ZADD", "z", "1", "a", "2", "b");
        Assert.That(Run("ZRANGE", "z", "0", "-1", "WITHSCORES"), Is.EqualTo("*2\r\n*2\r\n$1\r\na\r\n,1\r\n*2\r\n$1\r\nb\r\n,2\r\n"));
    }

    [Test]
    public void ZRange_WithoutScores_RepliesFlatMembers()
    {
        Run("ZADD", "z", "1", "a", "2", "b");
        Assert.That(Run("ZRANGE", "z", "0", "-1"), Is.EqualTo(Resp.BulkArray("a", "b")));
    }

    [Test]
    public void ZUnion_WithScores_RepliesMemberScorePairs()
    {
        Run("ZADD", "z", "1", "a");
        Assert.That(Run("ZUNION", "1", "z", "WITHSCORES"), Is.EqualTo("*1\r\n*2\r\n$1\r\na\r\n,1\r\n"));
    }

    [Test]
    public void ZPopMin_WithoutCount_RepliesFlatPair()
    {
        Run("ZADD", "z", "1", "a", "2", "b");
        Assert.That(Run("ZPOPMIN", "z"), Is.EqualTo("*2\r\n$1\r\na\r\n,1\r\n"));
    }

    [Test]
    public void ZPopMax_WithCount_RepliesNestedPairs()
    {
        Run("ZADD", "z", "1", "a", "2", "b");
        Assert.That(Run("ZPOPMAX", "z", "1"), Is.EqualTo("*1\r\n*2\r\n$1\r\nb\r\n,2\r\n"));
    }

    [Test]
    public void ZMPop_RepliesKeyAndNestedPairs()
    {
        Run("ZADD", "z", "1", "a", "2", "b");
        Assert.That(Run("ZMPOP", "1", "z", "MAX", "COUNT", "5"),
            Is.EqualTo("*2\r\n$1\r\nz\r\n*2\r\n*2\r\n$1\r\nb\r\n,2\r\n*2\r\n$1\r\na\r\n,1\r\n"));
    }

    [Test]
    public void ZRandMember_WithScoresNegativeCount_RepliesRepeatedPairs()
    {
        Run("ZADD", "z", "1", "a");
        Assert.That(Run("ZRANDMEMBER", "z", "-2", "WITHSCORES"), Is.EqualTo("*2\r\n*2\r\n$1\r\na\r\n,1\r\n*2\r\n$1\r\na\r\n,1\r\n"));
    }

    // ---- maps ----

    [Test]
    public void HGetAll_RepliesMap()
    {
        Run("HSET", "h", "f", "v");
        Assert.That(Run("HGETALL", "h"), Is.EqualTo("%1\r\n$1\r\nf\r\n$1\r\nv\r\n"));
    }

    [Test]
    public void HGetAll_MissingKey_RepliesEmptyMap() => Assert.That(Run("HGETALL", "missing"), Is.EqualTo("%0\r\n"));

    [Test]
    public void HKeys_StaysArray()
    {
        Run("HSET", "h", "f", "v");
        Assert.That(Run("HKEYS", "h"), Is.EqualTo(Resp.BulkArray("f")));
    }

    [Test]
    public void HRandField_WithValues_RepliesFieldValuePairs()
    {
        Run("HSET", "h", "f", "v");
        Assert.That(Run("HRANDFIELD", "h", "-2", "WITHVALUES"), Is.EqualTo("*2\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n"));
    }

    [Test]
    public void ConfigGet_RepliesMap() =>
        Assert.That(Run("CONFIG", "GET", "maxmemory"), Is.EqualTo("%1\r\n$9\r\nmaxmemory\r\n$1\r\n0\r\n"));

    [Test]
    public void ConfigGet_NoMatch_RepliesEmptyMap() => Assert.That(Run("CONFIG", "GET", "nomatch"), Is.EqualTo("%0\r\n"));

    // ---- sets ----

    [Test]
    public void SMembers_RepliesSet()
    {
        Run("SADD", "s", "1", "2");
        Assert.That(Run("SMEMBERS", "s"), Is.EqualTo("~2\r\n$1\r\n1\r\n$1\r\n2\r\n"));
    }

    [Test]
    public void SInter_WithMissingKey_RepliesEmptySet()
    {
        Run("SADD", "s", "1");
        Assert.That(Run("SINTER", "s", "missing"), Is.EqualTo("~0\r\n"));
    }

    [Test]
    public void SPop_WithCountMissingKey_RepliesEmptySet() => Assert.That(Run("SPOP", "missing", "2"), Is.EqualTo("~0\r\n"));

    [Test]
    public void SRandMember_WithCount_StaysArray()
    {
        Run("SADD", "s", "1");
        Assert.That(Run("SRANDMEMBER", "s", "-2"), Is.EqualTo(Resp.BulkArray("1", "1")));
    }

    // ---- verbatim strings ----

    [Test]
    public void Info_RepliesVerbatimText() =>
        Assert.That(Run("INFO", "keyspace"), Is.EqualTo("=16\r\ntxt:# Keyspace\r\n\r\n"));

    [Test]
    public void ClientInfo_RepliesVerbatimLine() =>
        Assert.That(Run("CLIENT", "INFO"), Does.Match(@"^=\d+\r\ntxt:id=\d+ .* resp=3\n\r\n$"));

    // ---- COMMAND ----

    [Test]
    public void CommandInfo_RepliesSetsAndKeySpecMaps() =>
        Assert.That(Run("COMMAND", "INFO", "get"), Is.EqualTo(
            "*1\r\n*10\r\n$3\r\nget\r\n:2\r\n~2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n:1\r\n~3\r\n+@read\r\n+@string\r\n+@fast\r\n~0\r\n"
            + "~1\r\n%3\r\n$5\r\nflags\r\n~2\r\n+RO\r\n+access\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n"
            + "%1\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n"
            + "$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n~0\r\n"));

    [Test]
    public void CommandDocs_RepliesMaps() =>
        Assert.That(Run("COMMAND", "DOCS", "get"), Is.EqualTo(
            "%1\r\n$3\r\nget\r\n%5\r\n$7\r\nsummary\r\n$22\r\nGet the value of a key\r\n$5\r\nsince\r\n$5\r\n1.0.0\r\n"
            + "$5\r\ngroup\r\n$6\r\nstring\r\n$10\r\ncomplexity\r\n$4\r\nO(1)\r\n$9\r\narguments\r\n*1\r\n%3\r\n$4\r\nname\r\n$3\r\nkey\r\n"
            + "$4\r\ntype\r\n$3\r\nkey\r\n$14\r\nkey_spec_index\r\n:0\r\n"));

    [Test]
    public void CommandGetKeysAndFlags_RepliesFlagSets() =>
        Assert.That(Run("COMMAND", "GETKEYSANDFLAGS", "set", "a", "b"), Is.EqualTo("*1\r\n*2\r\n$1\r\na\r\n~2\r\n+OW\r\n+update\r\n"));
}
