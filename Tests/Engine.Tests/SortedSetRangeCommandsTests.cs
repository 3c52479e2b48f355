using Reactor.MiniRedis.Engine.Tests.Support;

namespace Reactor.MiniRedis.Engine.Tests;

/// <summary>ZRANGE and its options, ZRANGESTORE, and Z[REV]RANGE[BYSCORE|BYLEX], against replies taken from Redis 7.0.15.</summary>
public sealed class SortedSetRangeCommandsTests : CommandTestBase
{
    private const string LimitNeedsBy = "-ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX\r\n";
    private const string WithScoresByLex = "-ERR syntax error, WITHSCORES not supported in combination with BYLEX\r\n";

    [SetUp]
    public void Seed() => Client.Execute("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e");

    [TestCase("0", "-1", new[] { "a", "b", "c", "d", "e" })]
    [TestCase("-100", "100", new[] { "a", "b", "c", "d", "e" })] // clamped at both ends
    [TestCase("1", "2", new[] { "b", "c" })]
    [TestCase("-2", "-1", new[] { "d", "e" })]
    [TestCase("3", "1", new string[0])] // start after stop
    [TestCase("5", "10", new string[0])] // start past the end
    [TestCase("9223372036854775807", "-9223372036854775808", new string[0])]
    public void ZRange_ByRank_RepliesWindow(string start, string stop, string[] expected) =>
        Assert.That(Client.Execute("ZRANGE", "z", start, stop), Is.EqualTo(Resp.BulkArray(expected)));

    [Test]
    public void ZRange_WithScores_RepliesFlatPairs() =>
        Assert.That(Client.Execute("ZRANGE", "z", "0", "1", "WITHSCORES"), Is.EqualTo(Resp.BulkArray("a", "1", "b", "2")));

    [Test]
    public void ZRange_Rev_CountsFromTheTop() =>
        Assert.That(Client.Execute("ZRANGE", "z", "1", "-1", "REV"), Is.EqualTo(Resp.BulkArray("d", "c", "b", "a")));

    [Test]
    public void ZRange_ByScoreRevLimit_TakesMaxFirst() =>
        Assert.That(Client.Execute("ZRANGE", "z", "(5", "(1", "BYSCORE", "REV", "LIMIT", "1", "2"), Is.EqualTo(Resp.BulkArray("c", "b")));

    [Test]
    public void ZRange_OptionsInAnyOrderAndCase_AreAccepted() =>
        Assert.That(Client.Execute("ZRANGE", "z", "+inf", "-inf", "withscores", "limit", "0", "1", "byscore", "rev"),
            Is.EqualTo(Resp.BulkArray("e", "5")));

    [Test]
    public void ZRange_ByLex_RepliesMembers()
    {
        Client.Execute("ZADD", "lex", "0", "a", "0", "b", "0", "c", "0", "d");
        Assert.That(Client.Execute("ZRANGE", "lex", "[d", "[b", "BYLEX", "REV", "LIMIT", "1", "5"), Is.EqualTo(Resp.BulkArray("c", "b")));
    }

    [Test]
    public void ZRange_LimitWithRank_RepliesLimitError() =>
        Assert.That(Client.Execute("ZRANGE", "z", "0", "-1", "LIMIT", "0", "1"), Is.EqualTo(LimitNeedsBy));

    // Redis compares the count with its default (-1), so an explicit LIMIT x -1 passes with a rank range.
    [Test]
    public void ZRange_LimitMinusOneWithRank_IsAccepted() =>
        Assert.That(Client.Execute("ZRANGE", "z", "0", "0", "LIMIT", "0", "-1"), Is.EqualTo(Resp.BulkArray("a")));

    [Test]
    public void ZRange_WithScoresByLex_RepliesError() =>
        Assert.That(Client.Execute("ZRANGE", "z", "-", "+", "BYLEX", "WITHSCORES"), Is.EqualTo(WithScoresByLex));

    [TestCase("BYSCORE", "BYSCORE")] // each at most once
    [TestCase("BYSCORE", "BYLEX")]
    [TestCase("REV", "REV")]
    [TestCase("LIMIT", "0")] // LIMIT needs two values
    [TestCase("FOO", "BYSCORE")]
    public void ZRange_BadOptions_RepliesSyntaxError(string first, string second) =>
        Assert.That(Client.Execute("ZRANGE", "z", "0", "-1", first, second), Is.EqualTo(SyntaxErrorReply));

    [Test]
    public void ZRange_LimitNotInteger_RepliesNotInteger() =>
        Assert.That(Client.Execute("ZRANGE", "z", "0", "-1", "LIMIT", "x", "1"), Is.EqualTo("-ERR value is not an integer or out of range\r\n"));

    [TestCase("a", "b", "-ERR value is not an integer or out of range\r\n")]
    [TestCase("a", "b", "-ERR min or max is not a float\r\n", "BYSCORE")]
    [TestCase("a", "b", "-ERR min or max not valid string range item\r\n", "BYLEX")]
    [TestCase("[a", "[b", "-ERR min or max is not a float\r\n", "BYSCORE")]
    public void ZRange_BadBounds_RepliesParseError(string min, string max, string expected, params string[] options) =>
        Assert.That(Client.Execute(["ZRANGE", "z", min, max, .. options]), Is.EqualTo(expected));

    [Test]
    public void ZRange_MissingKey_RepliesEmptyArray() => Assert.That(Client.Execute("ZRANGE", "nokey", "0", "-1"), Is.EqualTo("*0\r\n"));

    [Test]
    public void ZRange_KeyHoldsString_RepliesWrongType()
    {
        Client.Execute("SET", "s", "v");
        Assert.That(Client.Execute("ZRANGE", "s", "0", "-1"), Is.EqualTo(WrongTypeReply));
    }

    [Test]
    public void ZRange_BadBoundOnWrongType_RepliesParseErrorFirst()
    {
        Client.Execute("SET", "s", "v");
        Assert.That(Client.Execute("ZRANGE", "s", "x", "y"), Is.EqualTo("-ERR value is not an integer or out of range\r\n"));
    }

    [Test]
    public void ZRange_LargeSetWindow_UsesRanks()
    {
        for (int i = 0; i < 1000; i++)
        {
            Client.Execute("ZADD", "big", i.ToString(), $"m{i}");
        }
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("ZRANGE", "big", "500", "501"), Is.EqualTo(Resp.BulkArray("m500", "m501")));
            Assert.That(Client.Execute("ZRANGE", "big", "2", "3", "REV"), Is.EqualTo(Resp.BulkArray("m997", "m996")));
            Assert.That(Client.Execute("ZRANGE", "big", "(100", "+inf", "BYSCORE", "LIMIT", "10", "2"), Is.EqualTo(Resp.BulkArray("m111", "m112")));
        });
    }

    [TestCase("-1", "2", new string[0])] // a negative offset selects nothing
    [TestCase("1", "-1", new[] { "b", "c", "d", "e" })] // a negative count means all
    [TestCase("4", "10", new[] { "e" })]
    [TestCase("5", "1", new string[0])] // offset past the end
    [TestCase("1", "0", new string[0])]
    public void ZRangeByScore_Limit_RepliesWindow(string offset, string count, string[] expected) =>
        Assert.That(Client.Execute("ZRANGEBYSCORE", "z", "-inf", "+inf", "LIMIT", offset, count), Is.EqualTo(Resp.BulkArray(expected)));

    [Test]
    public void ZRangeByScore_ExclusiveBoundsWithScores_RepliesPairs() =>
        Assert.That(Client.Execute("ZRANGEBYSCORE", "z", "(1", "(5", "WITHSCORES", "LIMIT", "1", "1"), Is.EqualTo(Resp.BulkArray("c", "3")));

    [Test]
    public void ZRangeByScore_Rev_RepliesSyntaxError() =>
        Assert.That(Client.Execute("ZRANGEBYSCORE", "z", "0", "1", "REV"), Is.EqualTo(SyntaxErrorReply));

    [Test]
    public void ZRevRangeByScore_MaxFirst_RepliesDescending() =>
        Assert.That(Client.Execute("ZREVRANGEBYSCORE", "z", "(5", "(1", "WITHSCORES"), Is.EqualTo(Resp.BulkArray("d", "4", "c", "3", "b", "2")));

    [Test]
    public void ZRevRangeByScore_MinFirst_RepliesEmpty() =>
        Assert.That(Client.Execute("ZREVRANGEBYSCORE", "z", "1", "5"), Is.EqualTo("*0\r\n"));

    [Test]
    public void ZRevRangeByScore_Limit_CountsFromTheTop() =>
        Assert.That(Client.Execute("ZREVRANGEBYSCORE", "z", "+inf", "-inf", "LIMIT", "1", "2"), Is.EqualTo(Resp.BulkArray("d", "c")));

    [Test]
    public void ZRevRange_WithScores_RepliesFromTheTop() =>
        Assert.That(Client.Execute("ZREVRANGE", "z", "0", "1", "WITHSCORES"), Is.EqualTo(Resp.BulkArray("e", "5", "d", "4")));

    [Test]
    public void ZRevRange_Limit_RepliesLimitError() =>
        Assert.That(Client.Execute("ZREVRANGE", "z", "0", "1", "LIMIT", "0", "1"), Is.EqualTo(LimitNeedsBy));

    [TestCase("BYSCORE")]
    [TestCase("REV")]
    public void ZRevRange_ZRangeOnlyOption_RepliesSyntaxError(string option) =>
        Assert.That(Client.Execute("ZREVRANGE", "z", "0", "1", option), Is.EqualTo(SyntaxErrorReply));

    [TestCase("-", "+", "LIMIT", "1", "2", new[] { "b", "c" })]
    [TestCase("[c", "+", null, null, null, new[] { "c", "d", "e" })]
    [TestCase("(", "+", null, null, null, new[] { "a", "b", "c", "d", "e" })] // the empty member is below all
    [TestCase("[a", "(a", null, null, null, new string[0])]
    [TestCase("+", "-", null, null, null, new string[0])]
    public void ZRangeByLex_Range_RepliesMembers(string min, string max, string? limit, string? offset, string? count, string[] expected)
    {
        string[] args = limit is null ? ["ZRANGEBYLEX", "z", min, max] : ["ZRANGEBYLEX", "z", min, max, limit, offset!, count!];
        Assert.That(Client.Execute(args), Is.EqualTo(Resp.BulkArray(expected)));
    }

    // Redis leaves a lex range over mixed scores unspecified: in a skiplist the answer depends on the random
    // levels. With b, a, c in score order, [b [b finds b first (or nothing, when a's level is the higher) and then
    // walks on while at or below the maximum: b, a. Once found there is no last element; that must not fail.
    [Test]
    public void ZRangeByLex_SkiplistWithMixedScores_WalksOnFromTheFirstFound()
    {
        Client.Execute("CONFIG", "SET", "zset-max-listpack-entries", "0");
        string[] redisAnswers = ["*0\r\n", Resp.BulkArray("b", "a")];
        for (int i = 0; i < 32; i++)
        {
            Client.Execute("DEL", "mixed");
            Client.Execute("ZADD", "mixed", "1", "b", "2", "a", "3", "c");
            Assert.That(Client.Execute("ZRANGEBYLEX", "mixed", "[b", "[b"), Is.AnyOf(redisAnswers));
        }
    }

    [Test]
    public void ZRangeByLex_WithScores_RepliesError() =>
        Assert.That(Client.Execute("ZRANGEBYLEX", "z", "-", "+", "LIMIT", "0", "1", "WITHSCORES"), Is.EqualTo(WithScoresByLex));

    [TestCase("a", "+")]
    [TestCase("", "+")]
    [TestCase("-a", "+")]
    public void ZRangeByLex_InvalidItem_RepliesError(string min, string max) =>
        Assert.That(Client.Execute("ZRANGEBYLEX", "z", min, max), Is.EqualTo("-ERR min or max not valid string range item\r\n"));

    [Test]
    public void ZRevRangeByLex_MaxFirst_RepliesDescending() =>
        Assert.That(Client.Execute("ZREVRANGEBYLEX", "z", "+", "[c"), Is.EqualTo(Resp.BulkArray("e", "d", "c")));

    [Test]
    public void ZRevRangeByLex_MinFirst_RepliesEmpty() =>
        Assert.That(Client.Execute("ZREVRANGEBYLEX", "z", "[c", "+"), Is.EqualTo("*0\r\n"));

    [Test]
    public void ZRevRangeByLex_Limit_CountsFromTheTop() =>
        Assert.That(Client.Execute("ZREVRANGEBYLEX", "z", "+", "-", "LIMIT", "1", "1"), Is.EqualTo(Resp.BulkArray("d")));

    // A lex range over mixed scores: Redis scans a small (listpack) set from the low end, and so do we.
    [Test]
    public void ZRangeByLex_MixedScoresInSmallSet_RepliesAsRedisScan()
    {
        Client.Execute("ZADD", "mixed", "1", "c", "2", "a", "3", "b");
        Assert.That(Client.Execute("ZRANGEBYLEX", "mixed", "[b", "+"), Is.EqualTo(Resp.BulkArray("c", "a", "b")));
    }

    [Test]
    public void ZRangeStore_ByRank_StoresWindowAndRepliesCount()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("ZRANGESTORE", "dst", "z", "1", "2"), Is.EqualTo(":2\r\n"));
            Assert.That(Client.Execute("ZRANGE", "dst", "0", "-1", "WITHSCORES"), Is.EqualTo(Resp.BulkArray("b", "2", "c", "3")));
        });
    }

    [Test]
    public void ZRangeStore_ByLexWithLimit_StoresWindow()
    {
        Client.Execute("ZRANGESTORE", "dst", "z", "-", "+", "BYLEX", "LIMIT", "1", "2");
        Assert.That(Client.Execute("ZRANGE", "dst", "0", "-1", "WITHSCORES"), Is.EqualTo(Resp.BulkArray("b", "2", "c", "3")));
    }

    [Test]
    public void ZRangeStore_ByScoreRev_StoresWindow()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("ZRANGESTORE", "dst", "z", "+inf", "(3", "BYSCORE", "REV"), Is.EqualTo(":2\r\n"));
            Assert.That(Client.Execute("ZRANGE", "dst", "0", "-1"), Is.EqualTo(Resp.BulkArray("d", "e")));
        });
    }

    [Test]
    public void ZRangeStore_WithScores_RepliesSyntaxError() =>
        Assert.That(Client.Execute("ZRANGESTORE", "dst", "z", "0", "-1", "WITHSCORES"), Is.EqualTo(SyntaxErrorReply));

    [Test]
    public void ZRangeStore_EmptyResult_DeletesDestination()
    {
        Client.Execute("SET", "dst", "v");
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("ZRANGESTORE", "dst", "z", "10", "20"), Is.EqualTo(":0\r\n"));
            Assert.That(Client.Execute("EXISTS", "dst"), Is.EqualTo(":0\r\n"));
        });
    }

    [Test]
    public void ZRangeStore_MissingSource_DeletesDestination()
    {
        Client.Execute("ZADD", "dst", "1", "x");
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("ZRANGESTORE", "dst", "nokey", "0", "-1"), Is.EqualTo(":0\r\n"));
            Assert.That(Client.Execute("EXISTS", "dst"), Is.EqualTo(":0\r\n"));
        });
    }

    [Test]
    public void ZRangeStore_DestinationOfAnotherType_IsReplaced()
    {
        Client.Execute("SET", "dst", "v");
        Client.Execute("ZRANGESTORE", "dst", "z", "0", "0");
        Assert.That(Client.Execute("TYPE", "dst"), Is.EqualTo("+zset\r\n"));
    }

    [Test]
    public void ZRangeStore_DestinationTimeToLive_IsCleared()
    {
        Client.Execute("ZADD", "dst", "1", "x");
        Client.Execute("EXPIRE", "dst", "100");
        Client.Execute("ZRANGESTORE", "dst", "z", "0", "0");
        Assert.That(Client.Execute("TTL", "dst"), Is.EqualTo(":-1\r\n"));
    }

    [Test]
    public void ZRangeStore_SourceIsDestination_ReplacesIt()
    {
        Client.Execute("ZRANGESTORE", "z", "z", "1", "2");
        Assert.That(Client.Execute("ZRANGE", "z", "0", "-1", "WITHSCORES"), Is.EqualTo(Resp.BulkArray("b", "2", "c", "3")));
    }

    [Test]
    public void ZRangeStore_SourceHoldsString_RepliesWrongType()
    {
        Client.Execute("SET", "s", "v");
        Assert.That(Client.Execute("ZRANGESTORE", "dst", "s", "0", "-1"), Is.EqualTo(WrongTypeReply));
    }

    [Test]
    public void ZRangeStore_Store_CountsOneChange()
    {
        long before = Dirty;
        Client.Execute("ZRANGESTORE", "dst", "z", "0", "-1");
        Assert.That(Dirty - before, Is.EqualTo(1));
    }

    // Redis presizes a rank range's destination: more elements than zset-max-listpack-entries start a skiplist,
    // which keeps -0; a listpack destination stores it as 0.
    [TestCase("2", "-0")]
    [TestCase("128", "0")]
    public void ZRangeStore_NegativeZero_KeptOnlyInSkiplistDestination(string maxEntries, string expected)
    {
        Client.Execute("CONFIG", "SET", "zset-max-listpack-entries", "2");
        Client.Execute("ZADD", "neg", "1", "x", "2", "y", "3", "w");
        Client.Execute("ZINCRBY", "neg", "-1", "x"); // 0 ...
        Client.Execute("ZADD", "neg", "-0", "v"); // ... and -0, kept: the set became a skiplist at its third element
        Client.Execute("CONFIG", "SET", "zset-max-listpack-entries", maxEntries);
        Client.Execute("ZRANGESTORE", "dst", "neg", "0", "-1");
        Assert.That(Client.Execute("ZSCORE", "dst", "v"), Is.EqualTo($"${expected.Length}\r\n{expected}\r\n"));
    }
}
