using Reactor.MiniRedis.Engine.Tests.Support;

namespace Reactor.MiniRedis.Engine.Tests;

public sealed class SortedSetCommandsTests : CommandTestBase
{
    private const string NotFloat = "-ERR value is not a valid float\r\n";
    private const string MinMaxNotFloat = "-ERR min or max is not a float\r\n";
    private const string NotStringRange = "-ERR min or max not valid string range item\r\n";
    private const string NotInteger = "-ERR value is not an integer or out of range\r\n";

    [Test]
    public void ZAdd_NewMembers_RepliesNumberAdded() => Assert.That(Client.Execute("ZADD", "z", "1", "a", "2", "b"), Is.EqualTo(":2\r\n"));

    [Test]
    public void ZAdd_UpdateWithoutCh_CountsOnlyAdded()
    {
        Client.Execute("ZADD", "z", "1", "a");
        Assert.That(Client.Execute("ZADD", "z", "5", "a", "2", "b"), Is.EqualTo(":1\r\n"));
    }

    [Test]
    public void ZAdd_Ch_CountsAddedAndChanged()
    {
        Client.Execute("ZADD", "z", "1", "a", "2", "b");
        Assert.That(Client.Execute("ZADD", "z", "ch", "5", "a", "2", "b", "9", "d"), Is.EqualTo(":2\r\n"));
    }

    [Test]
    public void ZAdd_Nx_AddsNewOnly()
    {
        Client.Execute("ZADD", "z", "1", "a");
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("ZADD", "z", "NX", "2", "a", "3", "b"), Is.EqualTo(":1\r\n"));
            Assert.That(Client.Execute("ZPOPMIN", "z"), Is.EqualTo(Resp.BulkArray("a", "1")));
        });
    }

    [Test]
    public void ZAdd_XxCh_UpdatesExistingOnly()
    {
        Client.Execute("ZADD", "z", "1", "a");
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("ZADD", "z", "xx", "ch", "2", "a", "3", "b"), Is.EqualTo(":1\r\n"));
            Assert.That(Client.Execute("ZCARD", "z"), Is.EqualTo(":1\r\n"));
        });
    }

    [Test]
    public void ZAdd_XxOnMissingKey_RepliesZeroAndCreatesNothing()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("ZADD", "z", "XX", "1", "a"), Is.EqualTo(":0\r\n"));
            Assert.That(KeyCount, Is.Zero);
        });
    }

    [Test]
    public void ZAdd_GtCh_UpdatesOnlyHigherScores()
    {
        Client.Execute("ZADD", "z", "5", "a", "5", "b");
        Assert.That(Client.Execute("ZADD", "z", "gt", "ch", "6", "a", "4", "b", "1", "c"), Is.EqualTo(":2\r\n"));
    }

    [Test]
    public void ZAdd_LtCh_UpdatesOnlyLowerScores()
    {
        Client.Execute("ZADD", "z", "1", "a", "2", "b");
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("ZADD", "z", "lt", "ch", "1", "a", "0", "b", "5", "c"), Is.EqualTo(":2\r\n"));
            Assert.That(Client.Execute("ZPOPMIN", "z", "3"), Is.EqualTo(Resp.BulkArray("b", "0", "a", "1", "c", "5")));
        });
    }

    [Test]
    public void ZAdd_NxAndXx_RepliesNotCompatible() =>
        Assert.That(Client.Execute("ZADD", "z", "nx", "xx", "1", "a"), Is.EqualTo("-ERR XX and NX options at the same time are not compatible\r\n"));

    [TestCase("gt", "lt")]
    [TestCase("gt", "nx")]
    [TestCase("lt", "nx")]
    public void ZAdd_GtLtNxClash_RepliesNotCompatible(string first, string second) =>
        Assert.That(Client.Execute("ZADD", "z", first, second, "1", "a"),
            Is.EqualTo("-ERR GT, LT, and/or NX options at the same time are not compatible\r\n"));

    [Test]
    public void ZAdd_IncrWithTwoPairs_RepliesSinglePairError() =>
        Assert.That(Client.Execute("ZADD", "z", "incr", "1", "a", "2", "b"), Is.EqualTo("-ERR INCR option supports a single increment-element pair\r\n"));

    [Test]
    public void ZAdd_OddScoreMemberCount_RepliesSyntaxError() =>
        Assert.That(Client.Execute("ZADD", "z", "1", "a", "2"), Is.EqualTo(SyntaxErrorReply));

    [Test]
    public void ZAdd_OptionAfterPairs_RepliesSyntaxError() =>
        Assert.That(Client.Execute("ZADD", "z", "1", "a", "xx"), Is.EqualTo(SyntaxErrorReply));

    [Test]
    public void ZAdd_OnlyOptions_RepliesSyntaxError() =>
        Assert.That(Client.Execute("ZADD", "z", "nx", "ch", "incr"), Is.EqualTo(SyntaxErrorReply));

    [Test]
    public void ZAdd_SyntaxErrorBeforeOptionClash_RepliesSyntaxError() =>
        Assert.That(Client.Execute("ZADD", "z", "nx", "xx", "1", "a", "2"), Is.EqualTo(SyntaxErrorReply));

    [Test]
    public void ZAdd_TooFewArguments_RepliesWrongArity() =>
        Assert.That(Client.Execute("ZADD", "z", "1"), Is.EqualTo("-ERR wrong number of arguments for 'zadd' command\r\n"));

    [TestCase("x")]
    [TestCase("nan")]
    [TestCase(" 1")]
    [TestCase("1 ")]
    [TestCase("1e")]
    [TestCase("1e400")]
    public void ZAdd_InvalidScore_RepliesNotFloat(string score) =>
        Assert.That(Client.Execute("ZADD", "z", score, "a"), Is.EqualTo(NotFloat));

    [Test]
    public void ZAdd_InvalidSecondScore_AddsNothing()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("ZADD", "z", "1", "a", "x", "b"), Is.EqualTo(NotFloat));
            Assert.That(KeyCount, Is.Zero);
        });
    }

    [Test]
    public void ZAdd_InvalidScoreOnWrongType_RepliesNotFloatFirst()
    {
        Client.Execute("RPUSH", "l", "a");
        Assert.That(Client.Execute("ZADD", "l", "x", "a"), Is.EqualTo(NotFloat));
    }

    [Test]
    public void ZAdd_KeyHoldsList_RepliesWrongType()
    {
        Client.Execute("RPUSH", "l", "a");
        Assert.That(Client.Execute("ZADD", "l", "1", "a"), Is.EqualTo(WrongTypeReply));
    }

    [Test]
    public void ZAdd_XxOnWrongType_RepliesWrongType()
    {
        Client.Execute("RPUSH", "l", "a");
        Assert.That(Client.Execute("ZADD", "l", "xx", "1", "a"), Is.EqualTo(WrongTypeReply));
    }

    [TestCase("inf", "inf")]
    [TestCase("-inf", "-inf")]
    [TestCase("+inf", "inf")]
    [TestCase("1.5", "1.5")]
    [TestCase("0.1", "0.10000000000000001")]
    [TestCase("1e20", "1e+20")]
    [TestCase("1e-5", "1.0000000000000001e-05")]
    [TestCase("3.0000000000000004", "3.0000000000000004")]
    [TestCase(".5", "0.5")]
    [TestCase("5.", "5")]
    public void ZAdd_Incr_RepliesNewScoreAsRedis70Formats(string increment, string expected) =>
        Assert.That(Client.Execute("ZADD", "z", "INCR", increment, "a"), Is.EqualTo($"${expected.Length}\r\n{expected}\r\n"));

    [Test]
    public void ZAdd_IncrExisting_AddsToScore()
    {
        Client.Execute("ZADD", "z", "5", "a");
        Assert.That(Client.Execute("ZADD", "z", "incr", "1", "a"), Is.EqualTo("$1\r\n6\r\n"));
    }

    [Test]
    public void ZAdd_IncrByZero_RepliesCurrentScore()
    {
        Client.Execute("ZADD", "z", "1", "a");
        Assert.That(Client.Execute("ZADD", "z", "incr", "0", "a"), Is.EqualTo("$1\r\n1\r\n"));
    }

    [Test]
    public void ZAdd_IncrNxOnExisting_RepliesNil()
    {
        Client.Execute("ZADD", "z", "1", "a");
        Assert.That(Client.Execute("ZADD", "z", "nx", "incr", "1", "a"), Is.EqualTo("$-1\r\n"));
    }

    [Test]
    public void ZAdd_IncrXxOnMissingKey_RepliesNilAndCreatesNothing()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("ZADD", "z", "xx", "incr", "1", "a"), Is.EqualTo("$-1\r\n"));
            Assert.That(KeyCount, Is.Zero);
        });
    }

    [Test]
    public void ZAdd_IncrGtLowering_RepliesNil()
    {
        Client.Execute("ZADD", "z", "5", "a");
        Assert.That(Client.Execute("ZADD", "z", "gt", "incr", "-1", "a"), Is.EqualTo("$-1\r\n"));
    }

    [Test]
    public void ZAdd_IncrLtLowering_RepliesNewScore()
    {
        Client.Execute("ZADD", "z", "5", "a");
        Assert.That(Client.Execute("ZADD", "z", "lt", "incr", "-1", "a"), Is.EqualTo("$1\r\n4\r\n"));
    }

    [Test]
    public void ZAdd_IncrGtOnNewMember_AddsIt() =>
        Assert.That(Client.Execute("ZADD", "z", "gt", "incr", "1", "a"), Is.EqualTo("$1\r\n1\r\n"));

    [Test]
    public void ZAdd_IncrMinusInfOnInf_RepliesNaNError()
    {
        Client.Execute("ZADD", "z", "inf", "a");
        Assert.That(Client.Execute("ZADD", "z", "incr", "-inf", "a"), Is.EqualTo("-ERR resulting score is not a number (NaN)\r\n"));
    }

    [Test]
    public void ZAdd_NegativeZeroInSmallSet_RepliesMinusZeroButStoresZero()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("ZADD", "z", "incr", "-0.0", "a"), Is.EqualTo("$2\r\n-0\r\n"));
            Assert.That(Client.Execute("ZPOPMIN", "z"), Is.EqualTo(Resp.BulkArray("a", "0")));
        });
    }

    [Test]
    public void ZAdd_AddedAndUpdated_CountTowardDirty()
    {
        Client.Execute("ZADD", "z", "1", "a");
        long before = Dirty;
        Client.Execute("ZADD", "z", "2", "a", "1", "b", "1", "c");
        Assert.That(Dirty - before, Is.EqualTo(3));
    }

    [Test]
    public void ZCard_SortedSet_RepliesCount()
    {
        Client.Execute("ZADD", "z", "1", "a", "2", "b");
        Assert.That(Client.Execute("ZCARD", "z"), Is.EqualTo(":2\r\n"));
    }

    [Test]
    public void ZCard_MissingKey_RepliesZero() => Assert.That(Client.Execute("ZCARD", "z"), Is.EqualTo(":0\r\n"));

    [Test]
    public void ZCard_KeyHoldsString_RepliesWrongType()
    {
        Client.Execute("SET", "k", "x");
        Assert.That(Client.Execute("ZCARD", "k"), Is.EqualTo(WrongTypeReply));
    }

    [Test]
    public void ZPopMin_NoCount_RepliesLowestPair()
    {
        Client.Execute("ZADD", "z", "2", "b", "1", "a", "3", "c");
        Assert.That(Client.Execute("ZPOPMIN", "z"), Is.EqualTo(Resp.BulkArray("a", "1")));
    }

    [Test]
    public void ZPopMin_EqualScores_PopsByMemberOrder()
    {
        Client.Execute("ZADD", "z", "1", "b", "1", "a");
        Assert.That(Client.Execute("ZPOPMIN", "z", "2"), Is.EqualTo(Resp.BulkArray("a", "1", "b", "1")));
    }

    [Test]
    public void ZPopMin_CountLargerThanSet_RepliesAllPairsAndDeletesKey()
    {
        Client.Execute("ZADD", "z", "1.5", "a", "-inf", "b");
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("ZPOPMIN", "z", "10"), Is.EqualTo(Resp.BulkArray("b", "-inf", "a", "1.5")));
            Assert.That(KeyCount, Is.Zero);
        });
    }

    [Test]
    public void ZPopMin_CountZero_RepliesEmptyArray()
    {
        Client.Execute("ZADD", "z", "1", "a");
        Assert.That(Client.Execute("ZPOPMIN", "z", "0"), Is.EqualTo("*0\r\n"));
    }

    [Test]
    public void ZPopMin_MissingKey_RepliesEmptyArray() => Assert.That(Client.Execute("ZPOPMIN", "z"), Is.EqualTo("*0\r\n"));

    [Test]
    public void ZPopMin_MissingKeyWithCount_RepliesEmptyArray() => Assert.That(Client.Execute("ZPOPMIN", "z", "2"), Is.EqualTo("*0\r\n"));

    [TestCase("-1")]
    [TestCase("x")]
    public void ZPopMin_InvalidCount_RepliesMustBePositive(string count) =>
        Assert.That(Client.Execute("ZPOPMIN", "z", count), Is.EqualTo("-ERR value is out of range, must be positive\r\n"));

    [Test]
    public void ZPopMin_TwoCounts_RepliesSyntaxError() =>
        Assert.That(Client.Execute("ZPOPMIN", "z", "1", "2"), Is.EqualTo(SyntaxErrorReply));

    [Test]
    public void ZPopMin_KeyHoldsString_RepliesWrongType()
    {
        Client.Execute("SET", "k", "x");
        Assert.That(Client.Execute("ZPOPMIN", "k"), Is.EqualTo(WrongTypeReply));
    }

    [Test]
    public void ZPopMin_ManyMembersPastListpackLimit_PopsInScoreOrder()
    {
        for (int i = 200; i > 0; i--)
        {
            Client.Execute("ZADD", "z", i.ToString(), $"m{i}");
        }
        Assert.That(Client.Execute("ZPOPMIN", "z", "2"), Is.EqualTo(Resp.BulkArray("m1", "1", "m2", "2")));
    }

    [Test]
    public void ZIncrBy_MissingKey_CreatesMemberWithIncrement()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("ZINCRBY", "z", "2.5", "a"), Is.EqualTo("$3\r\n2.5\r\n"));
            Assert.That(Client.Execute("ZSCORE", "z", "a"), Is.EqualTo("$3\r\n2.5\r\n"));
        });
    }

    [Test]
    public void ZIncrBy_Existing_RepliesSum()
    {
        Client.Execute("ZADD", "z", "1.5", "a");
        Assert.That(Client.Execute("ZINCRBY", "z", "1", "a"), Is.EqualTo("$3\r\n2.5\r\n"));
    }

    [Test]
    public void ZIncrBy_MinusInfOnInf_RepliesNaNError()
    {
        Client.Execute("ZADD", "z", "inf", "a");
        Assert.That(Client.Execute("ZINCRBY", "z", "-inf", "a"), Is.EqualTo("-ERR resulting score is not a number (NaN)\r\n"));
    }

    [TestCase("nan")]
    [TestCase("x")]
    public void ZIncrBy_InvalidIncrement_RepliesNotFloat(string increment) =>
        Assert.That(Client.Execute("ZINCRBY", "z", increment, "a"), Is.EqualTo(NotFloat));

    // zincrbyCommand runs ZADD's parser, which takes "nx" as an option and is left with one argument.
    [Test]
    public void ZIncrBy_IncrementSpelledLikeOption_RepliesSyntaxError() =>
        Assert.That(Client.Execute("ZINCRBY", "z", "nx", "a"), Is.EqualTo(SyntaxErrorReply));

    [Test]
    public void ZIncrBy_KeyHoldsString_RepliesWrongType()
    {
        Client.Execute("SET", "s", "v");
        Assert.That(Client.Execute("ZINCRBY", "s", "1", "a"), Is.EqualTo(WrongTypeReply));
    }

    [Test]
    public void ZScore_MissingMember_RepliesNil()
    {
        Client.Execute("ZADD", "z", "1", "a");
        Assert.That(Client.Execute("ZSCORE", "z", "b"), Is.EqualTo("$-1\r\n"));
    }

    [Test]
    public void ZScore_MissingKey_RepliesNil() => Assert.That(Client.Execute("ZSCORE", "z", "a"), Is.EqualTo("$-1\r\n"));

    [Test]
    public void ZScore_KeyHoldsString_RepliesWrongType()
    {
        Client.Execute("SET", "s", "v");
        Assert.That(Client.Execute("ZSCORE", "s", "a"), Is.EqualTo(WrongTypeReply));
    }

    [Test]
    public void ZScore_Infinity_RepliesInf()
    {
        Client.Execute("ZADD", "z", "-inf", "a");
        Assert.That(Client.Execute("ZSCORE", "z", "a"), Is.EqualTo("$4\r\n-inf\r\n"));
    }

    [Test]
    public void ZMScore_MixedMembers_RepliesScoresAndNils()
    {
        Client.Execute("ZADD", "z", "1.5", "a");
        Assert.That(Client.Execute("ZMSCORE", "z", "a", "b"), Is.EqualTo("*2\r\n$3\r\n1.5\r\n$-1\r\n"));
    }

    [Test]
    public void ZMScore_MissingKey_RepliesNilPerMember() =>
        Assert.That(Client.Execute("ZMSCORE", "z", "a", "b"), Is.EqualTo("*2\r\n$-1\r\n$-1\r\n"));

    [Test]
    public void ZMScore_KeyHoldsString_RepliesWrongType()
    {
        Client.Execute("SET", "s", "v");
        Assert.That(Client.Execute("ZMSCORE", "s", "a"), Is.EqualTo(WrongTypeReply));
    }

    [TestCase("ZRANK", "c", ":2\r\n")]
    [TestCase("ZREVRANK", "c", ":0\r\n")]
    [TestCase("ZRANK", "a", ":0\r\n")]
    [TestCase("ZREVRANK", "a", ":2\r\n")]
    [TestCase("ZRANK", "x", "$-1\r\n")] // missing member
    [TestCase("ZREVRANK", "x", "$-1\r\n")]
    public void ZRank_Member_RepliesRankFromItsEnd(string command, string member, string expected)
    {
        Client.Execute("ZADD", "z", "1", "a", "2", "b", "3", "c");
        Assert.That(Client.Execute(command, "z", member), Is.EqualTo(expected));
    }

    [Test]
    public void ZRank_MissingKey_RepliesNil() => Assert.That(Client.Execute("ZRANK", "z", "a"), Is.EqualTo("$-1\r\n"));

    [Test]
    public void ZRevRank_KeyHoldsString_RepliesWrongType()
    {
        Client.Execute("SET", "s", "v");
        Assert.That(Client.Execute("ZREVRANK", "s", "a"), Is.EqualTo(WrongTypeReply));
    }

    // Redis 7.0 has no WITHSCORE option (7.2 added it): the extra argument breaks the arity.
    [Test]
    public void ZRank_WithScore_RepliesWrongArity() =>
        Assert.That(Client.Execute("ZRANK", "z", "a", "WITHSCORE"), Is.EqualTo("-ERR wrong number of arguments for 'zrank' command\r\n"));

    [Test]
    public void ZRank_LargeSet_RepliesRank()
    {
        for (int i = 0; i < 300; i++)
        {
            Client.Execute("ZADD", "z", i.ToString(), $"m{i}");
        }
        Assert.That(Client.Execute("ZREVRANK", "z", "m10"), Is.EqualTo(":289\r\n"));
    }

    [TestCase("(1", "5", ":4\r\n")]
    [TestCase("5", "1", ":0\r\n")] // min above max
    [TestCase("-inf", "+inf", ":5\r\n")]
    [TestCase("(3", "(3", ":0\r\n")]
    [TestCase("3", "3", ":1\r\n")]
    [TestCase("", "2", ":2\r\n")] // an empty bound is 0 to strtod
    [TestCase(" 1", "0x2", ":2\r\n")] // leading space and hexadecimal, as strtod reads them
    [TestCase("(", "1e400", ":5\r\n")] // "(" alone is an exclusive 0; overflow is infinity
    public void ZCount_Range_RepliesCount(string min, string max, string expected)
    {
        Client.Execute("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e");
        Assert.That(Client.Execute("ZCOUNT", "z", min, max), Is.EqualTo(expected));
    }

    [TestCase("nan", "1")]
    [TestCase("(nan", "1")]
    [TestCase("1 ", "2")]
    [TestCase("  ", "2")]
    [TestCase("1", "x")]
    public void ZCount_InvalidBound_RepliesNotFloat(string min, string max) =>
        Assert.That(Client.Execute("ZCOUNT", "z", min, max), Is.EqualTo(MinMaxNotFloat));

    [Test]
    public void ZCount_InvalidBoundOnWrongType_RepliesNotFloatFirst()
    {
        Client.Execute("SET", "s", "v");
        Assert.That(Client.Execute("ZCOUNT", "s", "x", "2"), Is.EqualTo(MinMaxNotFloat));
    }

    [Test]
    public void ZCount_KeyHoldsString_RepliesWrongType()
    {
        Client.Execute("SET", "s", "v");
        Assert.That(Client.Execute("ZCOUNT", "s", "1", "2"), Is.EqualTo(WrongTypeReply));
    }

    [Test]
    public void ZCount_MissingKey_RepliesZero() => Assert.That(Client.Execute("ZCOUNT", "z", "1", "2"), Is.EqualTo(":0\r\n"));

    [TestCase("-", "+", ":5\r\n")]
    [TestCase("[b", "(d", ":2\r\n")]
    [TestCase("(a", "[a", ":0\r\n")]
    [TestCase("+", "-", ":0\r\n")]
    [TestCase("(", "+", ":5\r\n")] // an empty member: everything is above it
    public void ZLexCount_Range_RepliesCount(string min, string max, string expected)
    {
        Client.Execute("ZADD", "z", "0", "a", "0", "b", "0", "c", "0", "d", "0", "e");
        Assert.That(Client.Execute("ZLEXCOUNT", "z", min, max), Is.EqualTo(expected));
    }

    // A lex range over mixed scores in a skiplist (unspecified in Redis; see ZRangeByLex_SkiplistWithMixedScores_...):
    // b is found first (or nothing) and there is no last element, so zlexcountCommand counts from b to the end.
    [Test]
    public void ZLexCount_SkiplistWithMixedScoresAndNoLastElement_CountsToTheEnd()
    {
        Client.Execute("CONFIG", "SET", "zset-max-listpack-entries", "0");
        for (int i = 0; i < 32; i++)
        {
            Client.Execute("DEL", "mixed");
            Client.Execute("ZADD", "mixed", "1", "b", "2", "a", "3", "c");
            Assert.That(Client.Execute("ZLEXCOUNT", "mixed", "[b", "[b"), Is.AnyOf(":0\r\n", ":3\r\n"));
        }
    }

    [TestCase("a", "+")]
    [TestCase("", "+")]
    [TestCase("-a", "+")]
    [TestCase("-", "+b")]
    public void ZLexCount_InvalidItem_RepliesNotValidStringRange(string min, string max) =>
        Assert.That(Client.Execute("ZLEXCOUNT", "z", min, max), Is.EqualTo(NotStringRange));

    [Test]
    public void ZLexCount_KeyHoldsString_RepliesWrongType()
    {
        Client.Execute("SET", "s", "v");
        Assert.That(Client.Execute("ZLEXCOUNT", "s", "-", "+"), Is.EqualTo(WrongTypeReply));
    }

    [Test]
    public void ZRem_RepeatedAndMissingMembers_CountsEachRemovalOnce()
    {
        Client.Execute("ZADD", "z", "1", "a", "2", "b");
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("ZREM", "z", "a", "x", "a"), Is.EqualTo(":1\r\n"));
            Assert.That(Client.Execute("ZCARD", "z"), Is.EqualTo(":1\r\n"));
        });
    }

    [Test]
    public void ZRem_LastMember_DeletesKey()
    {
        Client.Execute("ZADD", "z", "1", "a");
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("ZREM", "z", "a", "b"), Is.EqualTo(":1\r\n"));
            Assert.That(KeyCount, Is.Zero);
        });
    }

    [Test]
    public void ZRem_MissingKey_RepliesZero() => Assert.That(Client.Execute("ZREM", "z", "a"), Is.EqualTo(":0\r\n"));

    [Test]
    public void ZRem_KeyHoldsString_RepliesWrongType()
    {
        Client.Execute("SET", "s", "v");
        Assert.That(Client.Execute("ZREM", "s", "a"), Is.EqualTo(WrongTypeReply));
    }

    [Test]
    public void ZRem_Removals_CountTowardDirty()
    {
        Client.Execute("ZADD", "z", "1", "a", "2", "b", "3", "c");
        long before = Dirty;
        Client.Execute("ZREM", "z", "a", "b", "x");
        Assert.That(Dirty - before, Is.EqualTo(2));
    }

    [TestCase("-2", "-1", ":2\r\n", "*6\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n")]
    [TestCase("3", "1", ":0\r\n", null)] // start after stop
    [TestCase("-100", "0", ":1\r\n", null)] // start clamped to 0
    [TestCase("4", "100", ":1\r\n", null)] // stop clamped to the end
    [TestCase("5", "10", ":0\r\n", null)] // start past the end
    public void ZRemRangeByRank_Window_RemovesIt(string start, string stop, string expected, string? remaining)
    {
        Client.Execute("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e");
        Assert.That(Client.Execute("ZREMRANGEBYRANK", "z", start, stop), Is.EqualTo(expected));
        if (remaining is not null)
        {
            Assert.That(Client.Execute("ZRANGE", "z", "0", "-1", "WITHSCORES"), Is.EqualTo(remaining));
        }
    }

    [Test]
    public void ZRemRangeByRank_NotInteger_RepliesError() =>
        Assert.That(Client.Execute("ZREMRANGEBYRANK", "z", "x", "1"), Is.EqualTo(NotInteger));

    [Test]
    public void ZRemRangeByRank_Everything_DeletesKey()
    {
        Client.Execute("ZADD", "z", "1", "a", "2", "b");
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("ZREMRANGEBYRANK", "z", "0", "-1"), Is.EqualTo(":2\r\n"));
            Assert.That(KeyCount, Is.Zero);
        });
    }

    [Test]
    public void ZRemRangeByRank_KeyHoldsString_RepliesWrongType()
    {
        Client.Execute("SET", "s", "v");
        Assert.That(Client.Execute("ZREMRANGEBYRANK", "s", "0", "1"), Is.EqualTo(WrongTypeReply));
    }

    [Test]
    public void ZRemRangeByRank_MissingKey_RepliesZero() =>
        Assert.That(Client.Execute("ZREMRANGEBYRANK", "z", "0", "1"), Is.EqualTo(":0\r\n"));

    [Test]
    public void ZRemRangeByScore_ExclusiveMin_RemovesInside()
    {
        Client.Execute("ZADD", "z", "1", "a", "2", "b", "3", "c");
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("ZREMRANGEBYSCORE", "z", "(1", "2"), Is.EqualTo(":1\r\n"));
            Assert.That(Client.Execute("ZRANGE", "z", "0", "-1"), Is.EqualTo(Resp.BulkArray("a", "c")));
        });
    }

    [Test]
    public void ZRemRangeByScore_Everything_DeletesKey()
    {
        Client.Execute("ZADD", "z", "1", "a", "2", "b");
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("ZREMRANGEBYSCORE", "z", "-inf", "+inf"), Is.EqualTo(":2\r\n"));
            Assert.That(KeyCount, Is.Zero);
        });
    }

    [Test]
    public void ZRemRangeByScore_InvalidBound_RepliesNotFloat() =>
        Assert.That(Client.Execute("ZREMRANGEBYSCORE", "z", "x", "2"), Is.EqualTo(MinMaxNotFloat));

    [Test]
    public void ZRemRangeByScore_KeyHoldsString_RepliesWrongType()
    {
        Client.Execute("SET", "s", "v");
        Assert.That(Client.Execute("ZREMRANGEBYSCORE", "s", "1", "2"), Is.EqualTo(WrongTypeReply));
    }

    [Test]
    public void ZRemRangeByScore_LargeSet_RemovesInside()
    {
        for (int i = 0; i < 300; i++)
        {
            Client.Execute("ZADD", "z", i.ToString(), $"m{i}");
        }
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("ZREMRANGEBYSCORE", "z", "10", "(250"), Is.EqualTo(":240\r\n"));
            Assert.That(Client.Execute("ZRANGE", "z", "9", "10"), Is.EqualTo(Resp.BulkArray("m9", "m250")));
        });
    }

    [Test]
    public void ZRemRangeByLex_Range_RemovesInside()
    {
        Client.Execute("ZADD", "z", "0", "a", "0", "b", "0", "c");
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("ZREMRANGEBYLEX", "z", "-", "(b"), Is.EqualTo(":1\r\n"));
            Assert.That(Client.Execute("ZRANGE", "z", "0", "-1"), Is.EqualTo(Resp.BulkArray("b", "c")));
        });
    }

    [Test]
    public void ZRemRangeByLex_InvalidItem_RepliesNotValidStringRange() =>
        Assert.That(Client.Execute("ZREMRANGEBYLEX", "z", "a", "b"), Is.EqualTo(NotStringRange));

    [Test]
    public void ZRemRangeByLex_Everything_DeletesKey()
    {
        Client.Execute("ZADD", "z", "0", "a", "0", "b");
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("ZREMRANGEBYLEX", "z", "-", "+"), Is.EqualTo(":2\r\n"));
            Assert.That(KeyCount, Is.Zero);
        });
    }

    [Test]
    public void ZRemRangeByLex_Removals_CountTowardDirty()
    {
        Client.Execute("ZADD", "z", "0", "a", "0", "b", "0", "c");
        long before = Dirty;
        Client.Execute("ZREMRANGEBYLEX", "z", "[a", "[b");
        Assert.That(Dirty - before, Is.EqualTo(2));
    }
}
