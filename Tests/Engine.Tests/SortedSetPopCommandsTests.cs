using Reactor.MiniRedis.Engine.Tests.Support;

namespace Reactor.MiniRedis.Engine.Tests;

/// <summary>ZPOPMAX, ZMPOP and ZRANDMEMBER (ZPOPMIN is covered with ZADD in <see cref="SortedSetCommandsTests"/>).</summary>
public sealed class SortedSetPopCommandsTests : CommandTestBase
{
    [SetUp]
    public void Seed() => Client.Execute("ZADD", "z", "1", "a", "2", "b", "3", "c");

    [Test]
    public void ZPopMax_NoCount_RepliesHighestPair() => Assert.That(Client.Execute("ZPOPMAX", "z"), Is.EqualTo(Resp.BulkArray("c", "3")));

    [Test]
    public void ZPopMax_Count_RepliesPairsFromTheTop() =>
        Assert.That(Client.Execute("ZPOPMAX", "z", "2"), Is.EqualTo(Resp.BulkArray("c", "3", "b", "2")));

    [Test]
    public void ZPopMax_EverythingPopped_DeletesKey()
    {
        Client.Execute("ZPOPMAX", "z", "5");
        Assert.That(KeyCount, Is.Zero);
    }

    [Test]
    public void ZPopMax_MissingKey_RepliesEmptyArray() => Assert.That(Client.Execute("ZPOPMAX", "nokey"), Is.EqualTo("*0\r\n"));

    [Test]
    public void ZPopMax_NegativeCount_RepliesMustBePositive() =>
        Assert.That(Client.Execute("ZPOPMAX", "z", "-1"), Is.EqualTo(MustBePositiveReply));

    [Test]
    public void ZPopMax_CountZeroOnWrongType_RepliesWrongType()
    {
        Client.Execute("SET", "s", "v");
        Assert.That(Client.Execute("ZPOPMAX", "s", "0"), Is.EqualTo(WrongTypeReply));
    }

    [Test]
    public void ZPopMax_Pops_CountTowardDirty()
    {
        long before = Dirty;
        Client.Execute("ZPOPMAX", "z", "2");
        Assert.That(Dirty - before, Is.EqualTo(2));
    }

    [Test]
    public void ZMPop_Min_RepliesKeyAndNestedPair() =>
        Assert.That(Client.Execute("ZMPOP", "1", "z", "MIN"), Is.EqualTo("*2\r\n$1\r\nz\r\n*1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n"));

    [Test]
    public void ZMPop_SkipsMissingKeysAndPopsCount() =>
        Assert.That(Client.Execute("ZMPOP", "2", "nokey", "z", "max", "COUNT", "2"),
            Is.EqualTo("*2\r\n$1\r\nz\r\n*2\r\n*2\r\n$1\r\nc\r\n$1\r\n3\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n"));

    [Test]
    public void ZMPop_CountPastSize_PopsAllAndDeletesKey()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("ZMPOP", "1", "z", "min", "count", "10"), Does.StartWith("*2\r\n$1\r\nz\r\n*3\r\n"));
            Assert.That(KeyCount, Is.Zero);
        });
    }

    // Only the first existing key is looked at: a string after it is never type-checked.
    [Test]
    public void ZMPop_StringAfterFirstExistingKey_IsIgnored()
    {
        Client.Execute("SET", "s", "v");
        Assert.That(Client.Execute("ZMPOP", "2", "z", "s", "MIN"), Does.StartWith("*2\r\n$1\r\nz\r\n"));
    }

    [Test]
    public void ZMPop_StringBeforeAnyExistingKey_RepliesWrongType()
    {
        Client.Execute("SET", "s", "v");
        Assert.That(Client.Execute("ZMPOP", "2", "nokey", "s", "MIN"), Is.EqualTo(WrongTypeReply));
    }

    [Test]
    public void ZMPop_NoKeyExists_RepliesNilArray() => Assert.That(Client.Execute("ZMPOP", "1", "nokey", "MIN"), Is.EqualTo("*-1\r\n"));

    [TestCase("0")]
    [TestCase("-1")]
    [TestCase("x")] // not a number gets the same text
    public void ZMPop_BadNumKeys_RepliesNumKeysError(string numKeys) =>
        Assert.That(Client.Execute("ZMPOP", numKeys, "z", "MIN"), Is.EqualTo("-ERR numkeys should be greater than 0\r\n"));

    [TestCase("0")]
    [TestCase("-1")]
    [TestCase("x")]
    public void ZMPop_BadCount_RepliesCountError(string count) =>
        Assert.That(Client.Execute("ZMPOP", "1", "z", "MIN", "COUNT", count), Is.EqualTo("-ERR count should be greater than 0\r\n"));

    [TestCase("1", "z", "foo")] // neither MIN nor MAX
    [TestCase("2", "z", "min")] // numkeys swallows MIN
    [TestCase("9223372036854775807", "z", "min")]
    [TestCase("1", "z", "min", "count")] // COUNT without its value
    [TestCase("1", "z", "min", "count", "1", "count", "1")] // COUNT twice
    [TestCase("1", "z", "min", "foo")]
    public void ZMPop_BadSyntax_RepliesSyntaxError(params string[] args) =>
        Assert.That(Client.Execute(["ZMPOP", .. args]), Is.EqualTo(SyntaxErrorReply));

    [Test]
    public void ZMPop_TooFewArguments_RepliesWrongArity() =>
        Assert.That(Client.Execute("ZMPOP", "1", "z"), Is.EqualTo("-ERR wrong number of arguments for 'zmpop' command\r\n"));

    // Whole-set replies come from the highest score down, the order Redis's iterator walks a sorted set.
    [TestCase("3")]
    [TestCase("10")]
    public void ZRandMember_CountCoversSet_RepliesWholeSetFromTheTop(string count) =>
        Assert.That(Client.Execute("ZRANDMEMBER", "z", count), Is.EqualTo(Resp.BulkArray("c", "b", "a")));

    [Test]
    public void ZRandMember_WithScoresCoveringSet_RepliesPairsFromTheTop() =>
        Assert.That(Client.Execute("ZRANDMEMBER", "z", "10", "WITHSCORES"), Is.EqualTo(Resp.BulkArray("c", "3", "b", "2", "a", "1")));

    [Test]
    public void ZRandMember_NoCount_RepliesOneMember() =>
        Assert.That(Client.Execute("ZRANDMEMBER", "z"), Is.AnyOf("$1\r\na\r\n", "$1\r\nb\r\n", "$1\r\nc\r\n"));

    [Test]
    public void ZRandMember_NegativeCount_RepliesThatManyWithRepeats()
    {
        string reply = Client.Execute("ZRANDMEMBER", "z", "-10", "WITHSCORES");
        Assert.That(reply, Does.StartWith("*20\r\n"));
    }

    [Test]
    public void ZRandMember_CountBelowSize_RepliesDistinctMembers()
    {
        for (int i = 0; i < 100; i++)
        {
            Client.Execute("ZADD", "big", i.ToString(), $"m{i}");
        }
        foreach (string count in new[] { "10", "60" })
        {
            string[] lines = Client.Execute("ZRANDMEMBER", "big", count).Split("\r\n");
            Assert.That(lines[0], Is.EqualTo("*" + count));
            List<string> members = lines.Where(l => l.StartsWith('m')).ToList();
            Assert.That(members, Is.Unique.And.Count.EqualTo(int.Parse(count)));
        }
    }

    [TestCase("0")]
    [TestCase("5")]
    public void ZRandMember_MissingKeyWithCount_RepliesEmptyArray(string count) =>
        Assert.That(Client.Execute("ZRANDMEMBER", "nokey", count), Is.EqualTo("*0\r\n"));

    [Test]
    public void ZRandMember_MissingKey_RepliesNil() => Assert.That(Client.Execute("ZRANDMEMBER", "nokey"), Is.EqualTo("$-1\r\n"));

    [Test]
    public void ZRandMember_CountZero_RepliesEmptyArray() => Assert.That(Client.Execute("ZRANDMEMBER", "z", "0"), Is.EqualTo("*0\r\n"));

    [Test]
    public void ZRandMember_KeyHoldsString_RepliesWrongType()
    {
        Client.Execute("SET", "s", "v");
        Assert.That(Client.Execute("ZRANDMEMBER", "s", "0"), Is.EqualTo(WrongTypeReply));
    }

    [Test]
    public void ZRandMember_NotInteger_RepliesError() =>
        Assert.That(Client.Execute("ZRANDMEMBER", "z", "x", "WITHSCORES", "extra"), Is.EqualTo("-ERR value is not an integer or out of range\r\n"));

    [TestCase("1", "foo")]
    [TestCase("1", "withscores", "x")]
    [TestCase("-9223372036854775807", "foo")] // the syntax check comes before the WITHSCORES range check
    public void ZRandMember_BadOption_RepliesSyntaxError(params string[] args) =>
        Assert.That(Client.Execute(["ZRANDMEMBER", "nokey", .. args]), Is.EqualTo(SyntaxErrorReply));

    [Test]
    public void ZRandMember_LongMinValue_RepliesMustBeBetween() =>
        Assert.That(Client.Execute("ZRANDMEMBER", "z", "-9223372036854775808"),
            Is.EqualTo("-ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807\r\n"));

    // With scores, -count × 2 must not overflow: Redis refuses counts below -(2^62 - 1), even for a missing key.
    [TestCase("-4611686018427387904")]
    [TestCase("-9223372036854775807")]
    public void ZRandMember_HugeNegativeCountWithScores_RepliesOutOfRange(string count) =>
        Assert.That(Client.Execute("ZRANDMEMBER", "nokey", count, "WITHSCORES"), Is.EqualTo("-ERR value is out of range\r\n"));
}
