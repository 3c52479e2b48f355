using Reactor.MiniRedis.Engine.Tests.Support;

namespace Reactor.MiniRedis.Engine.Tests;

/// <summary>LPOS, LMOVE, RPOPLPUSH and LMPOP, compared byte for byte with redis-server 7.0.15.</summary>
public sealed class ListPositionAndMoveCommandsTests : CommandTestBase
{
    private const string NotIntegerReply = "-ERR value is not an integer or out of range\r\n";
    private const string RankZeroReply =
        "-ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list\r\n";
    private const string NumKeysReply = "-ERR numkeys should be greater than 0\r\n";
    private const string CountReply = "-ERR count should be greater than 0\r\n";

    // ---- LPOS ----

    [TestCase(":0\r\n")]
    [TestCase(":3\r\n", "RANK", "2")]
    [TestCase(":6\r\n", "RANK", "-1")]
    [TestCase(":3\r\n", "RANK", "-2")]
    [TestCase("$-1\r\n", "RANK", "4")] // fewer matches than the rank
    [TestCase("*3\r\n:0\r\n:3\r\n:6\r\n", "COUNT", "0")] // 0: every match
    [TestCase("*2\r\n:0\r\n:3\r\n", "COUNT", "2")]
    [TestCase("*2\r\n:6\r\n:3\r\n", "RANK", "-1", "COUNT", "2")] // from the tail, indexes still from the head
    [TestCase("*2\r\n:3\r\n:6\r\n", "RANK", "2", "COUNT", "0")]
    [TestCase("*0\r\n", "RANK", "5", "COUNT", "0")]
    [TestCase("*1\r\n:0\r\n", "MAXLEN", "3", "COUNT", "0")] // only the first three elements are compared
    [TestCase("*2\r\n:6\r\n:3\r\n", "MAXLEN", "4", "COUNT", "0", "RANK", "-1")]
    [TestCase("$-1\r\n", "RANK", "2", "MAXLEN", "3")]
    [TestCase(":3\r\n", "rank", "1", "rank", "2")] // the last of each option wins
    [TestCase("*3\r\n:0\r\n:3\r\n:6\r\n", "count", "1", "count", "0")]
    [TestCase(":6\r\n", "RANK", "-9223372036854775808")] // -LONG_MIN stays negative in Redis: the first match from the tail
    [TestCase("*3\r\n:6\r\n:3\r\n:0\r\n", "RANK", "-9223372036854775808", "COUNT", "2")]
    [TestCase("*0\r\n", "RANK", "9223372036854775807", "COUNT", "2")]
    public void LPos_Options_RepliesAsRedis(string expected, params string[] options)
    {
        Client.Execute("RPUSH", "l", "a", "b", "c", "a", "b", "c", "a");
        Assert.That(Client.Execute(["LPOS", "l", "a", .. options]), Is.EqualTo(expected));
    }

    [Test]
    public void LPos_NoMatch_RepliesNullBulk()
    {
        Client.Execute("RPUSH", "l", "a");
        Assert.That(Client.Execute("LPOS", "l", "z"), Is.EqualTo("$-1\r\n"));
    }

    [Test]
    public void LPos_NoMatchWithCount_RepliesEmptyArray()
    {
        Client.Execute("RPUSH", "l", "a");
        Assert.That(Client.Execute("LPOS", "l", "z", "COUNT", "1"), Is.EqualTo("*0\r\n"));
    }

    [Test]
    public void LPos_MissingKey_RepliesNullBulk() => Assert.That(Client.Execute("LPOS", "l", "a"), Is.EqualTo("$-1\r\n"));

    [Test]
    public void LPos_MissingKeyWithCount_RepliesEmptyArray() =>
        Assert.That(Client.Execute("LPOS", "l", "a", "COUNT", "0"), Is.EqualTo("*0\r\n"));

    [TestCase(RankZeroReply, "RANK", "0")]
    [TestCase(NotIntegerReply, "RANK", "x")]
    [TestCase("-ERR COUNT can't be negative\r\n", "COUNT", "-1")]
    [TestCase("-ERR COUNT can't be negative\r\n", "COUNT", "x")] // getRangeLongFromObjectOrReply uses its own text
    [TestCase("-ERR MAXLEN can't be negative\r\n", "MAXLEN", "-1")]
    [TestCase("-ERR MAXLEN can't be negative\r\n", "MAXLEN", "x")]
    [TestCase(SyntaxErrorReply, "FIRST", "1")]
    [TestCase(SyntaxErrorReply, "RANK")] // an option without its value
    [TestCase(RankZeroReply, "RANK", "0", "BOGUS")] // options are checked left to right
    [TestCase(SyntaxErrorReply, "BOGUS", "RANK", "0")]
    public void LPos_BadOption_RepliesError(string expected, params string[] options)
    {
        Client.Execute("RPUSH", "l", "a");
        Assert.That(Client.Execute(["LPOS", "l", "a", .. options]), Is.EqualTo(expected));
    }

    [Test]
    public void LPos_BadOptionOnMissingKey_RepliesOptionErrorFirst() =>
        Assert.That(Client.Execute("LPOS", "l", "a", "RANK", "0"), Is.EqualTo(RankZeroReply));

    [Test]
    public void LPos_BinaryElement_MatchesExactBytes()
    {
        Client.Execute("RPUSH", "l", "a\0b", "a\0c", "\xff\r\n");
        Assert.That(Client.Execute("LPOS", "l", "\xff\r\n"), Is.EqualTo(":2\r\n"));
    }

    [Test]
    public void LPos_ExistingKey_CountsKeyspaceHit()
    {
        Client.Execute("RPUSH", "l", "a");
        Client.Execute("LPOS", "l", "a");
        Assert.That(Harness.Server.Stats.KeyspaceHits, Is.EqualTo(1));
    }

    // ---- LMOVE ----

    [TestCase("LEFT", "LEFT", "a", new[] { "b", "c" }, new[] { "a", "x", "y" })]
    [TestCase("LEFT", "RIGHT", "a", new[] { "b", "c" }, new[] { "x", "y", "a" })]
    [TestCase("RIGHT", "LEFT", "c", new[] { "a", "b" }, new[] { "c", "x", "y" })]
    [TestCase("right", "right", "c", new[] { "a", "b" }, new[] { "x", "y", "c" })]
    public void LMove_TwoLists_MovesBetweenTheChosenEnds(string from, string to, string moved, string[] source, string[] destination)
    {
        Client.Execute("RPUSH", "src", "a", "b", "c");
        Client.Execute("RPUSH", "dst", "x", "y");
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("LMOVE", "src", "dst", from, to), Is.EqualTo($"$1\r\n{moved}\r\n"));
            Assert.That(Client.Execute("LRANGE", "src", "0", "-1"), Is.EqualTo(Resp.BulkArray(source)));
            Assert.That(Client.Execute("LRANGE", "dst", "0", "-1"), Is.EqualTo(Resp.BulkArray(destination)));
        });
    }

    [TestCase("LEFT", "RIGHT", "a", "b", "c", "a")] // rotate left
    [TestCase("RIGHT", "LEFT", "c", "c", "a", "b")] // rotate right
    [TestCase("LEFT", "LEFT", "a", "a", "b", "c")]
    [TestCase("RIGHT", "RIGHT", "c", "a", "b", "c")]
    public void LMove_SameList_Rotates(string from, string to, string moved, params string[] expected)
    {
        Client.Execute("RPUSH", "l", "a", "b", "c");
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("LMOVE", "l", "l", from, to), Is.EqualTo($"$1\r\n{moved}\r\n"));
            Assert.That(Client.Execute("LRANGE", "l", "0", "-1"), Is.EqualTo(Resp.BulkArray(expected)));
        });
    }

    // A short element is copied out of the source's slot, a long one (over 23 bytes) hands its array over: either
    // way the destination keeps the bytes when the source's freed slot is used again.
    [TestCase("abc")]
    [TestCase("0123456789abcdefghijklm")]
    [TestCase("0123456789abcdefghijklmn")]
    public void LMove_ThenSourceReusesTheSlot_DestinationKeepsTheElement(string element)
    {
        Client.Execute("RPUSH", "src", "a", element);
        Client.Execute("LMOVE", "src", "dst", "RIGHT", "LEFT");
        Client.Execute("RPUSH", "src", new string('z', element.Length));
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("LRANGE", "dst", "0", "-1"), Is.EqualTo(Resp.BulkArray(element)));
            Assert.That(Client.Execute("LRANGE", "src", "0", "-1"), Is.EqualTo(Resp.BulkArray("a", new string('z', element.Length))));
        });
    }

    [Test]
    public void LMove_SameSingleElementList_KeepsTheKey()
    {
        Client.Execute("RPUSH", "l", "a");
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("LMOVE", "l", "l", "LEFT", "RIGHT"), Is.EqualTo("$1\r\na\r\n"));
            Assert.That(Client.Execute("LRANGE", "l", "0", "-1"), Is.EqualTo(Resp.BulkArray("a")));
        });
    }

    [Test]
    public void LMove_MissingDestination_CreatesIt()
    {
        Client.Execute("RPUSH", "src", "a", "b");
        Client.Execute("LMOVE", "src", "dst", "LEFT", "LEFT");
        Assert.That(Client.Execute("LRANGE", "dst", "0", "-1"), Is.EqualTo(Resp.BulkArray("a")));
    }

    [Test]
    public void LMove_LastElement_DeletesSource()
    {
        Client.Execute("RPUSH", "src", "a");
        Client.Execute("LMOVE", "src", "dst", "LEFT", "LEFT");
        Assert.That(Harness.Server.Keyspace[0].Exists("src"u8), Is.False);
    }

    [Test]
    public void LMove_MissingSource_RepliesNullBulkAndCreatesNothing()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("LMOVE", "src", "dst", "LEFT", "RIGHT"), Is.EqualTo("$-1\r\n"));
            Assert.That(KeyCount, Is.Zero);
        });
    }

    [Test]
    public void LMove_MissingSourceDestinationHoldsString_RepliesNullBulk()
    {
        Client.Execute("SET", "s", "x");
        Assert.That(Client.Execute("LMOVE", "src", "s", "LEFT", "RIGHT"), Is.EqualTo("$-1\r\n"));
    }

    [Test]
    public void LMove_DestinationHoldsString_RepliesWrongTypeAndKeepsSource()
    {
        Client.Execute("RPUSH", "src", "a");
        Client.Execute("SET", "s", "x");
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("LMOVE", "src", "s", "LEFT", "RIGHT"), Is.EqualTo(WrongTypeReply));
            Assert.That(Client.Execute("LLEN", "src"), Is.EqualTo(":1\r\n"));
        });
    }

    [TestCase("UP", "LEFT")]
    [TestCase("LEFT", "UP")]
    public void LMove_BadDirection_RepliesSyntaxError(string from, string to)
    {
        Client.Execute("RPUSH", "src", "a");
        Assert.That(Client.Execute("LMOVE", "src", "dst", from, to), Is.EqualTo(SyntaxErrorReply));
    }

    [Test]
    public void LMove_BinaryElement_RoundTrips()
    {
        Client.Execute("RPUSH", "src", "\0\r\n\xff");
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("LMOVE", "src", "dst", "LEFT", "RIGHT"), Is.EqualTo("$4\r\n\0\r\n\xff\r\n"));
            Assert.That(Client.Execute("LINDEX", "dst", "0"), Is.EqualTo("$4\r\n\0\r\n\xff\r\n"));
        });
    }

    [Test]
    public void LMove_Success_AddsOneToDirty()
    {
        Client.Execute("RPUSH", "src", "a", "b");
        long before = Dirty;
        Client.Execute("LMOVE", "src", "dst", "LEFT", "RIGHT");
        Assert.That(Dirty - before, Is.EqualTo(1));
    }

    // ---- RPOPLPUSH ----

    [Test]
    public void RPopLPush_TwoLists_MovesTailToHead()
    {
        Client.Execute("RPUSH", "src", "a", "b");
        Client.Execute("RPUSH", "dst", "x");
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("RPOPLPUSH", "src", "dst"), Is.EqualTo("$1\r\nb\r\n"));
            Assert.That(Client.Execute("LRANGE", "dst", "0", "-1"), Is.EqualTo(Resp.BulkArray("b", "x")));
        });
    }

    [Test]
    public void RPopLPush_SameList_RotatesRight()
    {
        Client.Execute("RPUSH", "l", "a", "b", "c");
        Client.Execute("RPOPLPUSH", "l", "l");
        Assert.That(Client.Execute("LRANGE", "l", "0", "-1"), Is.EqualTo(Resp.BulkArray("c", "a", "b")));
    }

    [Test]
    public void RPopLPush_MissingSource_RepliesNullBulk() => Assert.That(Client.Execute("RPOPLPUSH", "src", "dst"), Is.EqualTo("$-1\r\n"));

    [Test]
    public void RPopLPush_LastElement_DeletesSource()
    {
        Client.Execute("RPUSH", "src", "a");
        Client.Execute("RPOPLPUSH", "src", "dst");
        Assert.That(Harness.Server.Keyspace[0].Exists("src"u8), Is.False);
    }

    [Test]
    public void RPopLPush_DestinationHoldsString_RepliesWrongType()
    {
        Client.Execute("RPUSH", "src", "a");
        Client.Execute("SET", "s", "x");
        Assert.That(Client.Execute("RPOPLPUSH", "src", "s"), Is.EqualTo(WrongTypeReply));
    }

    // ---- LMPOP ----

    [Test]
    public void LMPop_FirstKeyMissing_PopsFromNextList()
    {
        Client.Execute("RPUSH", "l", "a", "b", "c");
        Assert.That(Client.Execute("LMPOP", "2", "nope", "l", "LEFT"), Is.EqualTo("*2\r\n$1\r\nl\r\n*1\r\n$1\r\na\r\n"));
    }

    [Test]
    public void LMPop_RightWithCount_PopsFromTheTailInPopOrder()
    {
        Client.Execute("RPUSH", "l", "a", "b", "c");
        Assert.That(Client.Execute("LMPOP", "1", "l", "RIGHT", "COUNT", "2"), Is.EqualTo("*2\r\n$1\r\nl\r\n*2\r\n$1\r\nc\r\n$1\r\nb\r\n"));
    }

    [Test]
    public void LMPop_CountLargerThanList_PopsEverythingAndDeletesKey()
    {
        Client.Execute("RPUSH", "l", "a", "b");
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("LMPOP", "1", "l", "left", "count", "10"), Is.EqualTo("*2\r\n$1\r\nl\r\n*2\r\n$1\r\na\r\n$1\r\nb\r\n"));
            Assert.That(KeyCount, Is.Zero);
        });
    }

    [Test]
    public void LMPop_OnlyTheFirstNonEmptyListIsPopped()
    {
        Client.Execute("RPUSH", "l1", "a");
        Client.Execute("RPUSH", "l2", "x");
        Client.Execute("LMPOP", "2", "l1", "l2", "LEFT", "COUNT", "5");
        Assert.That(Client.Execute("LLEN", "l2"), Is.EqualTo(":1\r\n"));
    }

    [Test]
    public void LMPop_EveryKeyMissing_RepliesNullArray() =>
        Assert.That(Client.Execute("LMPOP", "2", "a", "b", "LEFT"), Is.EqualTo("*-1\r\n"));

    [TestCase("0")]
    [TestCase("-1")]
    [TestCase("x")]
    public void LMPop_BadNumKeys_RepliesNumKeysError(string numKeys) =>
        Assert.That(Client.Execute("LMPOP", numKeys, "l", "LEFT"), Is.EqualTo(NumKeysReply));

    [TestCase("2", "l", "LEFT")] // the direction would be past the end
    [TestCase("3", "l", "LEFT")]
    [TestCase("9223372036854775807", "l", "LEFT")]
    [TestCase("1", "l", "MIDDLE")]
    [TestCase("1", "l", "LEFT", "LEFT")]
    [TestCase("1", "l", "LEFT", "COUNT")] // COUNT without a value
    [TestCase("1", "l", "LEFT", "COUNT", "1", "COUNT", "2")] // COUNT only once
    [TestCase("1", "l", "LEFT", "COUNT", "1", "extra")]
    [TestCase("1", "l", "COUNT", "1")]
    public void LMPop_BadSyntax_RepliesSyntaxError(params string[] args)
    {
        Client.Execute("RPUSH", "l", "a");
        Assert.That(Client.Execute(["LMPOP", .. args]), Is.EqualTo(SyntaxErrorReply));
    }

    [TestCase("0")]
    [TestCase("-1")]
    [TestCase("x")]
    [TestCase("9223372036854775808")]
    public void LMPop_BadCount_RepliesCountError(string count)
    {
        Client.Execute("RPUSH", "l", "a");
        Assert.That(Client.Execute("LMPOP", "1", "l", "LEFT", "COUNT", count), Is.EqualTo(CountReply));
    }

    [Test]
    public void LMPop_BadCountOnMissingKey_RepliesCountErrorFirst() =>
        Assert.That(Client.Execute("LMPOP", "1", "l", "LEFT", "COUNT", "0"), Is.EqualTo(CountReply));

    [Test]
    public void LMPop_KeyHoldsStringAfterMissingKey_RepliesWrongType()
    {
        Client.Execute("SET", "s", "x");
        Assert.That(Client.Execute("LMPOP", "2", "nope", "s", "LEFT"), Is.EqualTo(WrongTypeReply));
    }

    [Test]
    public void LMPop_KeyHoldsStringAfterNonEmptyList_IsNeverChecked()
    {
        Client.Execute("RPUSH", "l", "a");
        Client.Execute("SET", "s", "x");
        Assert.That(Client.Execute("LMPOP", "2", "l", "s", "LEFT"), Is.EqualTo("*2\r\n$1\r\nl\r\n*1\r\n$1\r\na\r\n"));
    }

    [Test]
    public void LMPop_BinaryKeyAndElement_RoundTrip()
    {
        Client.Execute("RPUSH", "k\0\xff", "\r\n");
        Assert.That(Client.Execute("LMPOP", "1", "k\0\xff", "LEFT"), Is.EqualTo("*2\r\n$3\r\nk\0\xff\r\n*1\r\n$2\r\n\r\n\r\n"));
    }

    [Test]
    public void LMPop_TwoPopped_AddsTwoToDirty()
    {
        Client.Execute("RPUSH", "l", "a", "b", "c");
        long before = Dirty;
        Client.Execute("LMPOP", "1", "l", "LEFT", "COUNT", "2");
        Assert.That(Dirty - before, Is.EqualTo(2));
    }

    [Test]
    public void LMPop_TooFewArguments_RepliesWrongArity() =>
        Assert.That(Client.Execute("LMPOP", "1", "l"), Is.EqualTo("-ERR wrong number of arguments for 'lmpop' command\r\n"));

    [Test]
    public void CommandInfo_LMPop_ReportsMovableKeysWithoutKeyRange() =>
        Assert.That(Client.Execute("COMMAND", "INFO", "lmpop"),
            Does.StartWith("*1\r\n*10\r\n$5\r\nlmpop\r\n:-4\r\n*2\r\n+write\r\n+movablekeys\r\n:0\r\n:0\r\n:0\r\n"));

    [Test]
    public void CommandInfo_LMove_ReportsBothKeys() =>
        Assert.That(Client.Execute("COMMAND", "INFO", "lmove"),
            Does.StartWith("*1\r\n*10\r\n$5\r\nlmove\r\n:5\r\n*2\r\n+write\r\n+denyoom\r\n:1\r\n:2\r\n:1\r\n"));
}
