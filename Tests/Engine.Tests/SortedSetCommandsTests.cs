using Reactor.MiniRedis.Engine.Tests.Support;

namespace Reactor.MiniRedis.Engine.Tests;

public sealed class SortedSetCommandsTests : CommandTestBase
{
    private const string NotFloat = "-ERR value is not a valid float\r\n";

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
}
