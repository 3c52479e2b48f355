using Reactor.MiniRedis.Engine.Tests.Support;

namespace Reactor.MiniRedis.Engine.Tests;

/// <summary>ZUNION, ZINTER, ZDIFF, their STORE forms and ZINTERCARD, against replies taken from Redis 7.0.15.</summary>
public sealed class SortedSetAlgebraCommandsTests : CommandTestBase
{
    [SetUp]
    public void Seed()
    {
        Client.Execute("ZADD", "z1", "1", "a", "2", "b", "3", "c");
        Client.Execute("ZADD", "z2", "10", "b", "20", "c", "30", "d");
    }

    [Test]
    public void ZUnion_Sum_AddsScores() =>
        Assert.That(Client.Execute("ZUNION", "2", "z1", "z2", "WITHSCORES"),
            Is.EqualTo(Resp.BulkArray("a", "1", "b", "12", "c", "23", "d", "30")));

    [Test]
    public void ZUnion_NoScores_RepliesMembersInScoreOrder() =>
        Assert.That(Client.Execute("ZUNION", "2", "z1", "z2"), Is.EqualTo(Resp.BulkArray("a", "b", "c", "d")));

    [TestCase("MIN", new[] { "a", "1", "b", "2", "c", "3", "d", "30" })]
    [TestCase("max", new[] { "a", "1", "b", "10", "c", "20", "d", "30" })]
    public void ZUnion_Aggregate_CombinesScores(string aggregate, string[] expected) =>
        Assert.That(Client.Execute("ZUNION", "2", "z1", "z2", "AGGREGATE", aggregate, "WITHSCORES"), Is.EqualTo(Resp.BulkArray(expected)));

    [Test]
    public void ZUnion_Weights_MultiplyScores() =>
        Assert.That(Client.Execute("ZUNION", "2", "z1", "z2", "WEIGHTS", "2", "0.5", "WITHSCORES"),
            Is.EqualTo(Resp.BulkArray("a", "2", "b", "9", "d", "15", "c", "16")));

    // The last WEIGHTS, AGGREGATE or WITHSCORES counts.
    [Test]
    public void ZUnion_RepeatedOptions_LastOneCounts() =>
        Assert.That(Client.Execute("ZUNION", "1", "z1", "WEIGHTS", "2", "WEIGHTS", "3", "AGGREGATE", "MIN", "AGGREGATE", "SUM", "WITHSCORES", "WITHSCORES"),
            Is.EqualTo(Resp.BulkArray("a", "3", "b", "6", "c", "9")));

    [Test]
    public void ZUnion_NegativeWeightOnZero_RepliesMinusZero()
    {
        Client.Execute("ZADD", "zero", "0", "a", "1", "b");
        Assert.That(Client.Execute("ZUNION", "1", "zero", "WEIGHTS", "-1", "WITHSCORES"), Is.EqualTo(Resp.BulkArray("b", "-1", "a", "-0")));
    }

    // inf + -inf and 0 × inf are NaN in C; Redis makes them 0.
    [TestCase("0", "0")]
    [TestCase("1", "-1")]
    public void ZUnion_NaNScores_BecomeZero(string weight1, string weight2)
    {
        Client.Execute("ZADD", "inf", "inf", "a", "-inf", "b");
        Assert.That(Client.Execute("ZUNION", "2", "inf", "inf", "WEIGHTS", weight1, weight2, "WITHSCORES"),
            Is.EqualTo(Resp.BulkArray("a", "0", "b", "0")));
    }

    // A NaN operand is ignored by MIN and MAX, as C's comparisons do.
    [Test]
    public void ZInter_MaxWithNaNOperand_KeepsOtherScore()
    {
        Client.Execute("ZADD", "inf", "inf", "a", "-inf", "b");
        Assert.That(Client.Execute("ZINTER", "2", "inf", "inf", "WEIGHTS", "1", "0", "AGGREGATE", "MAX", "WITHSCORES"),
            Is.EqualTo(Resp.BulkArray("b", "-inf", "a", "inf")));
    }

    [Test]
    public void ZUnion_PlainSets_ScoreOne()
    {
        Client.Execute("SADD", "ints", "1", "2", "3");
        Client.Execute("SADD", "words", "x", "y", "2");
        Client.Execute("ZADD", "zs", "5", "2", "7", "x");
        Assert.That(Client.Execute("ZUNION", "3", "ints", "words", "zs", "WITHSCORES"),
            Is.EqualTo(Resp.BulkArray("1", "1", "3", "1", "y", "1", "2", "7", "x", "8")));
    }

    [Test]
    public void ZUnion_MissingKeys_AreEmptySets() =>
        Assert.That(Client.Execute("ZUNION", "2", "nokey", "z1"), Is.EqualTo(Resp.BulkArray("a", "b", "c")));

    [Test]
    public void ZInter_Sum_KeepsCommonMembers() =>
        Assert.That(Client.Execute("ZINTER", "2", "z1", "z2", "WITHSCORES"), Is.EqualTo(Resp.BulkArray("b", "12", "c", "23")));

    [Test]
    public void ZInter_WithMissingKey_RepliesEmpty() => Assert.That(Client.Execute("ZINTER", "2", "z1", "nokey"), Is.EqualTo("*0\r\n"));

    [Test]
    public void ZInter_SetAndSortedSet_UsesScoreOneForSet()
    {
        Client.Execute("SADD", "s", "b", "x");
        Assert.That(Client.Execute("ZINTER", "2", "s", "z1", "AGGREGATE", "MAX", "WITHSCORES"), Is.EqualTo(Resp.BulkArray("b", "2")));
    }

    [Test]
    public void ZInter_InfiniteWeight_RepliesInf() =>
        Assert.That(Client.Execute("ZINTER", "1", "z1", "WEIGHTS", "inf", "WITHSCORES"), Is.EqualTo(Resp.BulkArray("a", "inf", "b", "inf", "c", "inf")));

    [Test]
    public void ZDiff_FirstMinusOthers_KeepsFirstScores() =>
        Assert.That(Client.Execute("ZDIFF", "2", "z1", "z2", "WITHSCORES"), Is.EqualTo(Resp.BulkArray("a", "1")));

    [Test]
    public void ZDiff_SameKeyTwice_RepliesEmpty() => Assert.That(Client.Execute("ZDIFF", "2", "z1", "z1"), Is.EqualTo("*0\r\n"));

    [Test]
    public void ZDiff_SetAsFirstInput_ScoresOne()
    {
        Client.Execute("SADD", "s", "1", "2", "3");
        Client.Execute("ZADD", "zs", "5", "2");
        Assert.That(Client.Execute("ZDIFF", "3", "s", "nokey", "zs", "WITHSCORES"), Is.EqualTo(Resp.BulkArray("1", "1", "3", "1")));
    }

    [TestCase("WEIGHTS", "1")]
    [TestCase("AGGREGATE", "SUM")]
    public void ZDiff_UnionOnlyOption_RepliesSyntaxError(string option, string value) =>
        Assert.That(Client.Execute("ZDIFF", "1", "z1", option, value), Is.EqualTo(SyntaxErrorReply));

    [TestCase("ZUNION")]
    [TestCase("ZINTER")]
    [TestCase("ZDIFF")]
    [TestCase("ZINTERCARD")]
    public void NumKeysZero_RepliesAtLeastOneKeyNamingCommand(string command) =>
        Assert.That(Client.Execute(command, "0", "z1"), Is.EqualTo($"-ERR at least 1 input key is needed for '{command.ToLowerInvariant()}' command\r\n"));

    [TestCase("ZUNIONSTORE")]
    [TestCase("ZINTERSTORE")]
    [TestCase("ZDIFFSTORE")]
    public void StoreNumKeysNegative_RepliesAtLeastOneKeyNamingCommand(string command) =>
        Assert.That(Client.Execute(command, "dst", "-1", "z1"), Is.EqualTo($"-ERR at least 1 input key is needed for '{command.ToLowerInvariant()}' command\r\n"));

    [Test]
    public void ZUnion_NumKeysNotInteger_RepliesNotInteger() =>
        Assert.That(Client.Execute("ZUNION", "x", "z1"), Is.EqualTo("-ERR value is not an integer or out of range\r\n"));

    [TestCase("2", "z1")] // more keys than arguments
    [TestCase("1", "z1", "WEIGHTS", "2", "3")] // one weight too many
    [TestCase("1", "z1", "WEIGHTS")]
    [TestCase("1", "z1", "AGGREGATE", "FOO")]
    [TestCase("1", "z1", "AGGREGATE")]
    [TestCase("1", "z1", "LIMIT", "1")] // LIMIT is ZINTERCARD's
    public void ZUnion_BadArguments_RepliesSyntaxError(params string[] args) =>
        Assert.That(Client.Execute(["ZUNION", .. args]), Is.EqualTo(SyntaxErrorReply));

    [TestCase("x")]
    [TestCase("nan")]
    [TestCase(" 1")] // weights are read strictly, unlike score range bounds
    public void ZUnion_BadWeight_RepliesWeightNotFloat(string weight) =>
        Assert.That(Client.Execute("ZUNION", "1", "z1", "WEIGHTS", weight), Is.EqualTo("-ERR weight value is not a float\r\n"));

    // Keys are type-checked before the options are read.
    [Test]
    public void ZUnion_StringKeyAndBadOption_RepliesWrongTypeFirst()
    {
        Client.Execute("SET", "s", "v");
        Assert.That(Client.Execute("ZUNION", "2", "z1", "s", "AGGREGATE", "FOO"), Is.EqualTo(WrongTypeReply));
    }

    [Test]
    public void ZUnionStore_Result_ReplacesDestinationAndRepliesSize()
    {
        Client.Execute("SET", "dst", "v");
        Client.Execute("EXPIRE", "dst", "100");
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("ZUNIONSTORE", "dst", "2", "z1", "z2"), Is.EqualTo(":4\r\n"));
            Assert.That(Client.Execute("ZRANGE", "dst", "0", "-1", "WITHSCORES"), Is.EqualTo(Resp.BulkArray("a", "1", "b", "12", "c", "23", "d", "30")));
            Assert.That(Client.Execute("TTL", "dst"), Is.EqualTo(":-1\r\n"));
        });
    }

    [Test]
    public void ZUnionStore_WithScores_RepliesSyntaxError() =>
        Assert.That(Client.Execute("ZUNIONSTORE", "dst", "1", "z1", "WITHSCORES"), Is.EqualTo(SyntaxErrorReply));

    [Test]
    public void ZUnionStore_DestinationIsInput_UsesOldValue()
    {
        Client.Execute("ZUNIONSTORE", "z1", "2", "z1", "z2", "WEIGHTS", "2", "1");
        Assert.That(Client.Execute("ZRANGE", "z1", "0", "-1", "WITHSCORES"), Is.EqualTo(Resp.BulkArray("a", "2", "b", "14", "c", "26", "d", "30")));
    }

    // The stored result is a listpack when small, and a listpack stores -0 as 0.
    [Test]
    public void ZUnionStore_SmallResult_StoresNegativeZeroAsZero()
    {
        Client.Execute("ZADD", "zero", "0", "a");
        Client.Execute("ZUNIONSTORE", "dst", "1", "zero", "WEIGHTS", "-1");
        Assert.That(Client.Execute("ZSCORE", "dst", "a"), Is.EqualTo("$1\r\n0\r\n"));
    }

    [Test]
    public void ZInterStore_Aggregate_StoresCommonMembers()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("ZINTERSTORE", "dst", "2", "z1", "z2", "AGGREGATE", "MAX"), Is.EqualTo(":2\r\n"));
            Assert.That(Client.Execute("ZRANGE", "dst", "0", "-1", "WITHSCORES"), Is.EqualTo(Resp.BulkArray("b", "10", "c", "20")));
        });
    }

    [Test]
    public void ZInterStore_EmptyResult_DeletesDestination()
    {
        Client.Execute("ZADD", "dst", "1", "x");
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("ZINTERSTORE", "dst", "2", "z1", "nokey"), Is.EqualTo(":0\r\n"));
            Assert.That(Client.Execute("EXISTS", "dst"), Is.EqualTo(":0\r\n"));
        });
    }

    [Test]
    public void ZDiffStore_Result_StoresFirstScores()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("ZDIFFSTORE", "dst", "2", "z2", "z1"), Is.EqualTo(":1\r\n"));
            Assert.That(Client.Execute("ZRANGE", "dst", "0", "-1", "WITHSCORES"), Is.EqualTo(Resp.BulkArray("d", "30")));
        });
    }

    [Test]
    public void ZDiffStore_MissingFirst_RepliesZero() => Assert.That(Client.Execute("ZDIFFSTORE", "dst", "1", "nokey"), Is.EqualTo(":0\r\n"));

    [Test]
    public void Store_DeletingMissingDestination_CountsNoChange()
    {
        long before = Dirty;
        Client.Execute("ZDIFFSTORE", "dst", "1", "nokey");
        Assert.That(Dirty, Is.EqualTo(before));
    }

    [Test]
    public void ZUnionStore_LargeResult_IsSortedAndComplete()
    {
        for (int i = 0; i < 300; i++)
        {
            Client.Execute("ZADD", i % 2 == 0 ? "even" : "odd", i.ToString(), $"m{i}");
        }
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("ZUNIONSTORE", "all", "2", "even", "odd"), Is.EqualTo(":300\r\n"));
            Assert.That(Client.Execute("ZRANGE", "all", "149", "150"), Is.EqualTo(Resp.BulkArray("m149", "m150")));
        });
    }

    [Test]
    public void ZInterCard_CommonMembers_RepliesCount() => Assert.That(Client.Execute("ZINTERCARD", "2", "z1", "z2"), Is.EqualTo(":2\r\n"));

    [TestCase("0", ":3\r\n")] // 0 means no limit
    [TestCase("2", ":2\r\n")]
    [TestCase("10", ":3\r\n")]
    public void ZInterCard_Limit_StopsCounting(string limit, string expected) =>
        Assert.That(Client.Execute("ZINTERCARD", "1", "z1", "LIMIT", limit), Is.EqualTo(expected));

    [TestCase("-1")]
    [TestCase("x")]
    public void ZInterCard_BadLimit_RepliesLimitNegative(string limit) =>
        Assert.That(Client.Execute("ZINTERCARD", "1", "z1", "LIMIT", limit), Is.EqualTo("-ERR LIMIT can't be negative\r\n"));

    [TestCase("1", "z1", "LIMIT")]
    [TestCase("1", "z1", "WITHSCORES")]
    [TestCase("1", "z1", "WEIGHTS", "1")]
    [TestCase("2", "z1")]
    public void ZInterCard_BadArguments_RepliesSyntaxError(params string[] args) =>
        Assert.That(Client.Execute(["ZINTERCARD", .. args]), Is.EqualTo(SyntaxErrorReply));

    [Test]
    public void ZInterCard_KeyHoldsString_RepliesWrongType()
    {
        Client.Execute("SET", "s", "v");
        Assert.That(Client.Execute("ZINTERCARD", "1", "s", "LIMIT", "-1"), Is.EqualTo(WrongTypeReply));
    }

    [Test]
    public void ZInterCard_PlainSets_AreAccepted()
    {
        Client.Execute("SADD", "s1", "1", "2", "3");
        Client.Execute("SADD", "s2", "x", "y", "2");
        Assert.That(Client.Execute("ZINTERCARD", "2", "s1", "s2"), Is.EqualTo(":1\r\n"));
    }
}
