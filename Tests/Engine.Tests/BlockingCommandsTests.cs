using Reactor.MiniRedis.Engine.Networking;
using Reactor.MiniRedis.Engine.Tests.Support;

namespace Reactor.MiniRedis.Engine.Tests;

/// <summary>
/// The blocking commands when they do not block: the immediate pop when a key has elements, the argument checks
/// (in Redis's order), the timeout's parsing, and MULTI, where they never block. Replies as redis-server 7.0.15 gives them.
/// </summary>
public sealed class BlockingCommandsTests : CommandTestBase
{
    private const string TimeoutNotFloatReply = "-ERR timeout is not a float or out of range\r\n";
    private const string TimeoutNegativeReply = "-ERR timeout is negative\r\n";

    // ---- immediate pops ----

    [Test]
    public void BLPop_FirstNonEmptyKey_RepliesKeyAndHead()
    {
        Run("RPUSH", "l", "a", "b", "c");
        Assert.That(Run("BLPOP", "missing", "l", "0"), Is.EqualTo(Resp.BulkArray("l", "a")));
    }

    [Test]
    public void BRPop_FirstNonEmptyKey_RepliesKeyAndTail()
    {
        Run("RPUSH", "l", "a", "b", "c");
        Assert.That(Run("BRPOP", "missing", "l", "0"), Is.EqualTo(Resp.BulkArray("l", "c")));
    }

    [Test]
    public void BLPop_LastElement_DeletesKey()
    {
        Run("RPUSH", "l", "a");
        Run("BLPOP", "l", "0");
        Assert.That(KeyCount, Is.Zero);
    }

    [Test]
    public void BLPop_WrongTypeBeforeList_RepliesWrongType()
    {
        Run("SET", "s", "v");
        Run("RPUSH", "l", "a");
        Assert.That(Run("BLPOP", "missing", "s", "l", "0"), Is.EqualTo(WrongTypeReply));
    }

    [Test]
    public void BLPop_ListBeforeWrongType_PopsTheList()
    {
        Run("SET", "s", "v");
        Run("RPUSH", "l", "a");
        Assert.That(Run("BLPOP", "l", "s", "0"), Is.EqualTo(Resp.BulkArray("l", "a")));
    }

    [Test]
    public void BLMPop_Count_RepliesKeyAndNestedElements()
    {
        Run("RPUSH", "l", "a", "b", "c");
        Assert.That(Run("BLMPOP", "0", "2", "missing", "l", "RIGHT", "COUNT", "2"), Is.EqualTo("*2\r\n$1\r\nl\r\n*2\r\n$1\r\nc\r\n$1\r\nb\r\n"));
    }

    [Test]
    public void BLMPop_NoCount_PopsOne()
    {
        Run("RPUSH", "l", "a", "b");
        Assert.That(Run("BLMPOP", "0", "1", "l", "LEFT"), Is.EqualTo("*2\r\n$1\r\nl\r\n*1\r\n$1\r\na\r\n"));
    }

    [Test]
    public void BLMove_SourceExists_MovesLikeLMove()
    {
        Run("RPUSH", "src", "a", "b");
        Assert.That((Run("BLMOVE", "src", "dst", "RIGHT", "LEFT", "0"), Run("LRANGE", "dst", "0", "-1")),
            Is.EqualTo(("$1\r\nb\r\n", Resp.BulkArray("b"))));
    }

    [Test]
    public void BRPopLPush_SourceExists_MovesTailToHead()
    {
        Run("RPUSH", "src", "a", "b");
        Run("RPUSH", "dst", "x");
        Assert.That((Run("BRPOPLPUSH", "src", "dst", "0"), Run("LRANGE", "dst", "0", "-1")),
            Is.EqualTo(("$1\r\nb\r\n", Resp.BulkArray("b", "x"))));
    }

    [Test]
    public void BLMove_SourceWrongType_RepliesWrongType()
    {
        Run("SET", "s", "v");
        Assert.That(Run("BLMOVE", "s", "dst", "LEFT", "LEFT", "0"), Is.EqualTo(WrongTypeReply));
    }

    [Test]
    public void BLMove_DestinationWrongType_RepliesWrongTypeAndKeepsSource()
    {
        Run("RPUSH", "src", "a");
        Run("SET", "s", "v");
        Assert.That((Run("BLMOVE", "src", "s", "LEFT", "LEFT", "0"), Run("LLEN", "src")), Is.EqualTo((WrongTypeReply, ":1\r\n")));
    }

    [Test]
    public void BZPopMin_FirstSortedSet_RepliesKeyMemberScore()
    {
        Run("ZADD", "z", "1", "a", "2", "b");
        Assert.That(Run("BZPOPMIN", "missing", "z", "0"), Is.EqualTo(Resp.BulkArray("z", "a", "1")));
    }

    [Test]
    public void BZPopMax_FirstSortedSet_RepliesKeyMemberScore()
    {
        Run("ZADD", "z", "1", "a", "2.5", "b");
        Assert.That(Run("BZPOPMAX", "z", "0"), Is.EqualTo(Resp.BulkArray("z", "b", "2.5")));
    }

    [Test]
    public void BZPopMin_WrongType_RepliesWrongType()
    {
        Run("RPUSH", "l", "a");
        Assert.That(Run("BZPOPMIN", "l", "0"), Is.EqualTo(WrongTypeReply));
    }

    [Test]
    public void BZMPop_Count_RepliesKeyAndNestedPairs()
    {
        Run("ZADD", "z", "1", "a", "2", "b", "3", "c");
        Assert.That(Run("BZMPOP", "0", "1", "z", "MAX", "COUNT", "2"),
            Is.EqualTo("*2\r\n$1\r\nz\r\n*2\r\n*2\r\n$1\r\nc\r\n$1\r\n3\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n"));
    }

    [Test]
    public void BZPopMin_LastMember_DeletesKey()
    {
        Run("ZADD", "z", "1", "a");
        Run("BZPOPMIN", "z", "0");
        Assert.That(KeyCount, Is.Zero);
    }

    [Test]
    public void BLPop_ImmediatePop_CountsTowardDirty()
    {
        Run("RPUSH", "l", "a", "b");
        long before = Dirty;
        Run("BLPOP", "l", "0");
        Assert.That(Dirty - before, Is.EqualTo(1));
    }

    // ---- argument checks ----

    [TestCase("abc")]
    [TestCase("")]
    [TestCase(" 1")]
    [TestCase("1 ")]
    [TestCase("nan")]
    [TestCase("1,5")]
    [TestCase("0x")]
    public void BLPop_TimeoutNotANumber_RepliesNotFloat(string timeout) =>
        Assert.That(Run("BLPOP", "k", timeout), Is.EqualTo(TimeoutNotFloatReply));

    [TestCase("-1")]
    [TestCase("-0.0015")]
    [TestCase("inf")]
    [TestCase("-inf")]
    [TestCase("1e20")]
    [TestCase("9.3e15")]
    [TestCase("1e400")]
    public void BLPop_TimeoutNegativeOrPast2To63Milliseconds_RepliesNegative(string timeout) =>
        Assert.That(Run("BLPOP", "k", timeout), Is.EqualTo(TimeoutNegativeReply));

    [Test]
    public void BLPop_BadTimeoutOnWrongType_RepliesTimeoutErrorFirst()
    {
        Run("SET", "s", "v");
        Assert.That(Run("BLPOP", "s", "x"), Is.EqualTo(TimeoutNotFloatReply));
    }

    [Test]
    public void BLMove_BadWhere_RepliesSyntaxErrorBeforeTimeout() =>
        Assert.That(Run("BLMOVE", "a", "b", "UP", "LEFT", "x"), Is.EqualTo(SyntaxErrorReply));

    [Test]
    public void BLMove_BadTimeout_RepliesNotFloat() =>
        Assert.That(Run("BLMOVE", "a", "b", "LEFT", "LEFT", "x"), Is.EqualTo(TimeoutNotFloatReply));

    [TestCase("0", "-ERR numkeys should be greater than 0\r\n")]
    [TestCase("x", "-ERR numkeys should be greater than 0\r\n")]
    [TestCase("5", SyntaxErrorReply)]
    public void BLMPop_BadNumKeys_RepliesItsErrorBeforeTimeout(string numKeys, string expected) =>
        Assert.That(Run("BLMPOP", "x", numKeys, "l", "LEFT"), Is.EqualTo(expected));

    [Test]
    public void BLMPop_BadWhere_RepliesSyntaxError() =>
        Assert.That(Run("BLMPOP", "x", "1", "l", "UP"), Is.EqualTo(SyntaxErrorReply));

    [Test]
    public void BLMPop_CountZero_RepliesCountError() =>
        Assert.That(Run("BLMPOP", "x", "1", "l", "LEFT", "COUNT", "0"), Is.EqualTo("-ERR count should be greater than 0\r\n"));

    [Test]
    public void BLMPop_CountTwice_RepliesSyntaxError() =>
        Assert.That(Run("BLMPOP", "0", "1", "l", "LEFT", "COUNT", "1", "COUNT", "2"), Is.EqualTo(SyntaxErrorReply));

    [Test]
    public void BLMPop_ValidArgumentsBadTimeout_RepliesNotFloat() =>
        Assert.That(Run("BLMPOP", "x", "1", "l", "LEFT"), Is.EqualTo(TimeoutNotFloatReply));

    [Test]
    public void BZMPop_ListWhere_RepliesSyntaxError() =>
        Assert.That(Run("BZMPOP", "x", "1", "z", "LEFT"), Is.EqualTo(SyntaxErrorReply));

    [Test]
    public void BZMPop_ValidArgumentsBadTimeout_RepliesNotFloat() =>
        Assert.That(Run("BZMPOP", "x", "1", "z", "MIN"), Is.EqualTo(TimeoutNotFloatReply));

    [Test]
    public void BLPop_TooFewArguments_RepliesArityError() =>
        Assert.That(Run("BLPOP", "k"), Is.EqualTo("-ERR wrong number of arguments for 'blpop' command\r\n"));

    // ---- MULTI: never blocks ----

    [TestCase("BLPOP", "k", "0")]
    [TestCase("BRPOP", "k", "0")]
    [TestCase("BLMPOP", "0", "1", "k", "LEFT")]
    [TestCase("BZPOPMIN", "k", "0")]
    [TestCase("BZPOPMAX", "k", "0")]
    [TestCase("BZMPOP", "0", "1", "k", "MIN")]
    public void BlockingPop_InMulti_RepliesNilArrayAtOnce(params string[] command)
    {
        Run("MULTI");
        Run(command);
        Assert.That((Run("EXEC"), Harness.Server.Blocking.Count), Is.EqualTo(("*1\r\n*-1\r\n", 0)));
    }

    [TestCase("BLMOVE", "k", "d", "LEFT", "LEFT", "0")]
    [TestCase("BRPOPLPUSH", "k", "d", "0")]
    public void BlockingMove_InMulti_RepliesNilBulkAtOnce(params string[] command)
    {
        Run("MULTI");
        Run(command);
        Assert.That((Run("EXEC"), Harness.Server.Blocking.Count), Is.EqualTo(("*1\r\n$-1\r\n", 0)));
    }

    [Test]
    public void BLPop_InMultiWithData_PopsAsUsual()
    {
        Run("RPUSH", "l", "a");
        Run("MULTI");
        Run("BLPOP", "l", "0");
        Assert.That(Run("EXEC"), Is.EqualTo("*1\r\n" + Resp.BulkArray("l", "a")));
    }
}
