using Reactor.MiniRedis.Engine.Tests.Support;

namespace Reactor.MiniRedis.Engine.Tests;

public sealed class ListCommandsTests : CommandTestBase
{
    [Test]
    public void LPush_NewKey_RepliesLength() => Assert.That(Client.Execute("LPUSH", "l", "a", "b", "c"), Is.EqualTo(":3\r\n"));

    [Test]
    public void LPush_SeveralElements_PushesEachAtTheHead()
    {
        Client.Execute("LPUSH", "l", "a", "b", "c");
        Assert.That(Client.Execute("LRANGE", "l", "0", "-1"), Is.EqualTo(Resp.BulkArray("c", "b", "a")));
    }

    [Test]
    public void RPush_ExistingList_AppendsAndRepliesLength()
    {
        Client.Execute("RPUSH", "l", "a");
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("RPUSH", "l", "b", "c"), Is.EqualTo(":3\r\n"));
            Assert.That(Client.Execute("LRANGE", "l", "0", "-1"), Is.EqualTo(Resp.BulkArray("a", "b", "c")));
        });
    }

    [Test]
    public void RPush_BinaryElement_RoundTrips()
    {
        Client.Execute("RPUSH", "l", "a\0\r\nb\xff");
        Assert.That(Client.Execute("LPOP", "l"), Is.EqualTo("$6\r\na\0\r\nb\xff\r\n"));
    }

    [Test]
    public void LPush_NoElement_RepliesWrongArity() =>
        Assert.That(Client.Execute("LPUSH", "l"), Is.EqualTo("-ERR wrong number of arguments for 'lpush' command\r\n"));

    [Test]
    public void LPush_ExpiredKey_StartsANewList()
    {
        Client.Execute("RPUSH", "l", "old");
        Harness.Server.Keyspace[0].SetExpireTime("l"u8, Harness.Time.GetUtcNow().ToUnixTimeMilliseconds() + 1000);
        Harness.Time.Advance(TimeSpan.FromSeconds(2));
        Assert.That(Client.Execute("LPUSH", "l", "new"), Is.EqualTo(":1\r\n"));
    }

    [Test]
    public void LPush_ThreeElements_AddsThreeToDirty()
    {
        long before = Dirty;
        Client.Execute("LPUSH", "l", "a", "b", "c");
        Assert.That(Dirty - before, Is.EqualTo(3));
    }

    [Test]
    public void LPop_MissingKey_RepliesNullBulk() => Assert.That(Client.Execute("LPOP", "l"), Is.EqualTo("$-1\r\n"));

    [Test]
    public void LPop_MissingKeyWithCount_RepliesNullArray() => Assert.That(Client.Execute("LPOP", "l", "2"), Is.EqualTo("*-1\r\n"));

    [Test]
    public void LPop_MissingKeyWithCountZero_RepliesNullArray() => Assert.That(Client.Execute("LPOP", "l", "0"), Is.EqualTo("*-1\r\n"));

    [Test]
    public void LPop_CountZero_RepliesEmptyArrayAndKeepsList()
    {
        Client.Execute("RPUSH", "l", "a");
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("LPOP", "l", "0"), Is.EqualTo("*0\r\n"));
            Assert.That(Client.Execute("LLEN", "l"), Is.EqualTo(":1\r\n"));
        });
    }

    [Test]
    public void LPop_NoCount_RepliesHeadElement()
    {
        Client.Execute("RPUSH", "l", "a", "b");
        Assert.That(Client.Execute("LPOP", "l"), Is.EqualTo("$1\r\na\r\n"));
    }

    [Test]
    public void RPop_NoCount_RepliesTailElement()
    {
        Client.Execute("RPUSH", "l", "a", "b");
        Assert.That(Client.Execute("RPOP", "l"), Is.EqualTo("$1\r\nb\r\n"));
    }

    [Test]
    public void LPop_WithCount_RepliesArrayInPopOrder()
    {
        Client.Execute("RPUSH", "l", "a", "b", "c");
        Assert.That(Client.Execute("LPOP", "l", "2"), Is.EqualTo(Resp.BulkArray("a", "b")));
    }

    [Test]
    public void RPop_WithCount_RepliesTailFirst()
    {
        Client.Execute("RPUSH", "l", "a", "b", "c");
        Assert.That(Client.Execute("RPOP", "l", "2"), Is.EqualTo(Resp.BulkArray("c", "b")));
    }

    [Test]
    public void RPop_CountLargerThanList_RepliesEveryElementAndDeletesKey()
    {
        Client.Execute("RPUSH", "l", "a", "b");
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("RPOP", "l", "5"), Is.EqualTo(Resp.BulkArray("b", "a")));
            Assert.That(Harness.Server.Keyspace[0].Exists("l"u8), Is.False);
        });
    }

    [Test]
    public void LPop_LastElement_DeletesKey()
    {
        Client.Execute("RPUSH", "l", "a");
        Client.Execute("LPOP", "l");
        Assert.That(KeyCount, Is.Zero);
    }

    [TestCase("-1")]
    [TestCase("abc")]
    [TestCase("1.5")]
    public void LPop_InvalidCount_RepliesMustBePositive(string count)
    {
        Client.Execute("RPUSH", "l", "a");
        Assert.That(Client.Execute("LPOP", "l", count), Is.EqualTo(MustBePositiveReply));
    }

    [Test]
    public void LPop_TwoCounts_RepliesWrongArity()
    {
        Client.Execute("RPUSH", "l", "a");
        Assert.That(Client.Execute("LPOP", "l", "1", "2"), Is.EqualTo("-ERR wrong number of arguments for 'lpop' command\r\n"));
    }

    [Test]
    public void RPop_TwoCounts_RepliesWrongArityWithRpop() =>
        Assert.That(Client.Execute("RPOP", "l", "1", "2"), Is.EqualTo("-ERR wrong number of arguments for 'rpop' command\r\n"));

    [TestCase("0", "-1", "a", "b", "c")]
    [TestCase("1", "1", "b")]
    [TestCase("-2", "-1", "b", "c")]
    [TestCase("-100", "100", "a", "b", "c")]
    [TestCase("1", "-1", "b", "c")]
    public void LRange_Indexes_RepliesElementsInRange(string start, string stop, params string[] expected)
    {
        Client.Execute("RPUSH", "l", "a", "b", "c");
        Assert.That(Client.Execute("LRANGE", "l", start, stop), Is.EqualTo(Resp.BulkArray(expected)));
    }

    [TestCase("5", "10")] // start past the end
    [TestCase("2", "1")] // start after stop
    [TestCase("0", "-4")] // stop before the head
    public void LRange_EmptySpan_RepliesEmptyArray(string start, string stop)
    {
        Client.Execute("RPUSH", "l", "a", "b", "c");
        Assert.That(Client.Execute("LRANGE", "l", start, stop), Is.EqualTo("*0\r\n"));
    }

    [Test]
    public void LRange_MiddleOfListThatWrappedAroundTheRing_RepliesInOrder()
    {
        Client.Execute("RPUSH", "l", "c", "d", "e");
        Client.Execute("LPUSH", "l", "b", "a");
        Assert.That(Client.Execute("LRANGE", "l", "1", "3"), Is.EqualTo(Resp.BulkArray("b", "c", "d")));
    }

    [Test]
    public void LRange_MissingKey_RepliesEmptyArray() => Assert.That(Client.Execute("LRANGE", "l", "0", "-1"), Is.EqualTo("*0\r\n"));

    [Test]
    public void LLen_MissingKey_RepliesZero() => Assert.That(Client.Execute("LLEN", "l"), Is.EqualTo(":0\r\n"));

    [Test]
    public void LLen_List_RepliesLength()
    {
        Client.Execute("RPUSH", "l", "a", "b");
        Assert.That(Client.Execute("LLEN", "l"), Is.EqualTo(":2\r\n"));
    }

    [Test]
    public void LLen_HitAndMiss_CountKeyspaceStats()
    {
        Client.Execute("RPUSH", "l", "a");
        Client.Execute("LLEN", "l");
        Client.Execute("LLEN", "nope");
        Assert.That((Harness.Server.Stats.KeyspaceHits, Harness.Server.Stats.KeyspaceMisses), Is.EqualTo((1L, 1L)));
    }

    [Test]
    public void LPop_Write_CountsNoKeyspaceMiss()
    {
        Client.Execute("LPOP", "nope");
        Assert.That(Harness.Server.Stats.KeyspaceMisses, Is.Zero);
    }

    private const string NotIntegerReply = "-ERR value is not an integer or out of range\r\n";

    // ---- every list command against a string key ----

    [TestCase("LPUSH", "s", "a")]
    [TestCase("RPUSH", "s", "a")]
    [TestCase("LPUSHX", "s", "a")]
    [TestCase("RPUSHX", "s", "a")]
    [TestCase("LPOP", "s")]
    [TestCase("RPOP", "s", "2")]
    [TestCase("LLEN", "s")]
    [TestCase("LRANGE", "s", "0", "1")]
    [TestCase("LINDEX", "s", "0")]
    [TestCase("LINDEX", "s", "x")] // the type is checked before the index is parsed
    [TestCase("LSET", "s", "0", "X")]
    [TestCase("LSET", "s", "x", "X")]
    [TestCase("LINSERT", "s", "BEFORE", "a", "X")]
    [TestCase("LREM", "s", "0", "a")]
    [TestCase("LTRIM", "s", "0", "1")]
    [TestCase("LPOS", "s", "a")]
    [TestCase("LPOS", "s", "a", "COUNT", "1")]
    [TestCase("LMOVE", "s", "dst", "LEFT", "RIGHT")]
    [TestCase("RPOPLPUSH", "s", "dst")]
    [TestCase("LMPOP", "1", "s", "LEFT")]
    public void Command_KeyHoldsString_RepliesWrongType(params string[] command)
    {
        Client.Execute("SET", "s", "x");
        Assert.That(Client.Execute(command), Is.EqualTo(WrongTypeReply));
    }

    [TestCase(MustBePositiveReply, "LPOP", "s", "-1")]
    [TestCase(NotIntegerReply, "LRANGE", "s", "x", "1")]
    [TestCase(NotIntegerReply, "LREM", "s", "all", "a")]
    [TestCase(NotIntegerReply, "LTRIM", "s", "0", "x")]
    [TestCase(SyntaxErrorReply, "LINSERT", "s", "MIDDLE", "a", "X")]
    [TestCase(SyntaxErrorReply, "LMOVE", "s", "s", "UP", "LEFT")]
    [TestCase("-ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list\r\n",
        "LPOS", "s", "a", "RANK", "0")]
    [TestCase("-ERR count should be greater than 0\r\n", "LMPOP", "1", "s", "LEFT", "COUNT", "0")]
    public void Command_BadArgumentOnStringKey_RepliesArgumentErrorBeforeType(string expected, params string[] command)
    {
        Client.Execute("SET", "s", "x");
        Assert.That(Client.Execute(command), Is.EqualTo(expected));
    }

    // ---- LRANGE (more) ----

    [Test]
    public void LRange_Int64Extremes_ClampToTheList()
    {
        Client.Execute("RPUSH", "l", "a", "b");
        Assert.That(Client.Execute("LRANGE", "l", "-9223372036854775808", "9223372036854775807"), Is.EqualTo(Resp.BulkArray("a", "b")));
    }

    [Test]
    public void LRange_IndexBeyondInt64_RepliesNotInteger()
    {
        Client.Execute("RPUSH", "l", "a");
        Assert.That(Client.Execute("LRANGE", "l", "0", "9223372036854775808"), Is.EqualTo(NotIntegerReply));
    }

    // ---- LPUSHX / RPUSHX ----

    [Test]
    public void LPushX_MissingKey_RepliesZeroAndCreatesNothing()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("LPUSHX", "l", "a", "b"), Is.EqualTo(":0\r\n"));
            Assert.That(KeyCount, Is.Zero);
        });
    }

    [Test]
    public void LPushX_ExistingList_PushesEachAtTheHead()
    {
        Client.Execute("RPUSH", "l", "c");
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("LPUSHX", "l", "b", "a"), Is.EqualTo(":3\r\n"));
            Assert.That(Client.Execute("LRANGE", "l", "0", "-1"), Is.EqualTo(Resp.BulkArray("a", "b", "c")));
        });
    }

    [Test]
    public void RPushX_ExistingList_PushesEachAtTheTail()
    {
        Client.Execute("RPUSH", "l", "a");
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("RPUSHX", "l", "b", "c"), Is.EqualTo(":3\r\n"));
            Assert.That(Client.Execute("LRANGE", "l", "0", "-1"), Is.EqualTo(Resp.BulkArray("a", "b", "c")));
        });
    }

    [Test]
    public void RPushX_MissingKey_RepliesZero() => Assert.That(Client.Execute("RPUSHX", "l", "a"), Is.EqualTo(":0\r\n"));

    [Test]
    public void LPushX_MissingKey_AddsNothingToDirty()
    {
        long before = Dirty;
        Client.Execute("LPUSHX", "l", "a");
        Assert.That(Dirty, Is.EqualTo(before));
    }

    // ---- LINDEX ----

    [TestCase("0", "a")]
    [TestCase("2", "c")]
    [TestCase("-1", "c")]
    [TestCase("-3", "a")]
    public void LIndex_InRange_RepliesElement(string index, string expected)
    {
        Client.Execute("RPUSH", "l", "a", "b", "c");
        Assert.That(Client.Execute("LINDEX", "l", index), Is.EqualTo($"$1\r\n{expected}\r\n"));
    }

    [TestCase("3")]
    [TestCase("-4")]
    [TestCase("9223372036854775807")]
    [TestCase("-9223372036854775808")]
    public void LIndex_OutOfRange_RepliesNullBulk(string index)
    {
        Client.Execute("RPUSH", "l", "a", "b", "c");
        Assert.That(Client.Execute("LINDEX", "l", index), Is.EqualTo("$-1\r\n"));
    }

    [Test]
    public void LIndex_MissingKey_RepliesNullBulk() => Assert.That(Client.Execute("LINDEX", "l", "0"), Is.EqualTo("$-1\r\n"));

    [Test]
    public void LIndex_MissingKeyNonIntegerIndex_RepliesNullBulkBeforeParsing() =>
        Assert.That(Client.Execute("LINDEX", "l", "x"), Is.EqualTo("$-1\r\n"));

    [Test]
    public void LIndex_NonIntegerIndex_RepliesNotInteger()
    {
        Client.Execute("RPUSH", "l", "a");
        Assert.That(Client.Execute("LINDEX", "l", "1.0"), Is.EqualTo(NotIntegerReply));
    }

    [Test]
    public void LIndex_BinaryElement_RoundTrips()
    {
        Client.Execute("RPUSH", "l", "a", "\0\r\n\xff");
        Assert.That(Client.Execute("LINDEX", "l", "-1"), Is.EqualTo("$4\r\n\0\r\n\xff\r\n"));
    }

    [Test]
    public void LIndex_MissingKey_CountsKeyspaceMiss()
    {
        Client.Execute("LINDEX", "l", "0");
        Assert.That(Harness.Server.Stats.KeyspaceMisses, Is.EqualTo(1));
    }

    // ---- LSET ----

    [TestCase("0", "X", "b", "c")]
    [TestCase("1", "a", "X", "c")]
    [TestCase("-1", "a", "b", "X")]
    [TestCase("-3", "X", "b", "c")]
    public void LSet_InRange_ReplacesElement(string index, params string[] expected)
    {
        Client.Execute("RPUSH", "l", "a", "b", "c");
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("LSET", "l", index, "X"), Is.EqualTo("+OK\r\n"));
            Assert.That(Client.Execute("LRANGE", "l", "0", "-1"), Is.EqualTo(Resp.BulkArray(expected)));
        });
    }

    [TestCase("3")]
    [TestCase("-4")]
    [TestCase("9223372036854775807")]
    [TestCase("-9223372036854775808")]
    public void LSet_OutOfRange_RepliesIndexOutOfRange(string index)
    {
        Client.Execute("RPUSH", "l", "a", "b", "c");
        Assert.That(Client.Execute("LSET", "l", index, "X"), Is.EqualTo("-ERR index out of range\r\n"));
    }

    [TestCase("0")]
    [TestCase("x")] // the key is looked up before the index is parsed
    public void LSet_MissingKey_RepliesNoSuchKey(string index) =>
        Assert.That(Client.Execute("LSET", "l", index, "X"), Is.EqualTo("-ERR no such key\r\n"));

    [Test]
    public void LSet_NonIntegerIndex_RepliesNotInteger()
    {
        Client.Execute("RPUSH", "l", "a");
        Assert.That(Client.Execute("LSET", "l", "one", "X"), Is.EqualTo(NotIntegerReply));
    }

    [Test]
    public void LSet_BinaryElement_RoundTrips()
    {
        Client.Execute("RPUSH", "l", "a");
        Client.Execute("LSET", "l", "0", "\0\xfe\r\n");
        Assert.That(Client.Execute("LINDEX", "l", "0"), Is.EqualTo("$4\r\n\0\xfe\r\n\r\n"));
    }

    [Test]
    public void LSet_Success_AddsOneToDirty()
    {
        Client.Execute("RPUSH", "l", "a");
        long before = Dirty;
        Client.Execute("LSET", "l", "0", "b");
        Assert.That(Dirty - before, Is.EqualTo(1));
    }

    // ---- LINSERT ----

    [TestCase("BEFORE", "a", "X", "a", "b")]
    [TestCase("before", "c", "a", "b", "X")]
    [TestCase("AFTER", "c", "a", "b", "c")]
    [TestCase("aFtEr", "a", "a", "X", "b")]
    public void LInsert_PivotFound_InsertsNextToItAndRepliesLength(string position, string pivot, params string[] expectedHead)
    {
        Client.Execute("RPUSH", "l", "a", "b", "c");
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("LINSERT", "l", position, pivot, "X"), Is.EqualTo(":4\r\n"));
            Assert.That(Client.Execute("LRANGE", "l", "0", "2"), Is.EqualTo(Resp.BulkArray(expectedHead)));
        });
    }

    [Test]
    public void LInsert_AfterLastElement_AppendsAtTail()
    {
        Client.Execute("RPUSH", "l", "a", "b");
        Client.Execute("LINSERT", "l", "AFTER", "b", "X");
        Assert.That(Client.Execute("LRANGE", "l", "0", "-1"), Is.EqualTo(Resp.BulkArray("a", "b", "X")));
    }

    [Test]
    public void LInsert_PivotTwice_UsesFirstFromHead()
    {
        Client.Execute("RPUSH", "l", "p", "a", "p");
        Client.Execute("LINSERT", "l", "AFTER", "p", "X");
        Assert.That(Client.Execute("LRANGE", "l", "0", "-1"), Is.EqualTo(Resp.BulkArray("p", "X", "a", "p")));
    }

    [Test]
    public void LInsert_PivotMissing_RepliesMinusOneAndLeavesList()
    {
        Client.Execute("RPUSH", "l", "a");
        long before = Dirty;
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("LINSERT", "l", "BEFORE", "z", "X"), Is.EqualTo(":-1\r\n"));
            Assert.That(Client.Execute("LLEN", "l"), Is.EqualTo(":1\r\n"));
            Assert.That(Dirty, Is.EqualTo(before));
        });
    }

    [Test]
    public void LInsert_MissingKey_RepliesZeroAndCreatesNothing()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("LINSERT", "l", "BEFORE", "a", "X"), Is.EqualTo(":0\r\n"));
            Assert.That(KeyCount, Is.Zero);
        });
    }

    [Test]
    public void LInsert_BadPosition_RepliesSyntaxError()
    {
        Client.Execute("RPUSH", "l", "a");
        Assert.That(Client.Execute("LINSERT", "l", "MIDDLE", "a", "X"), Is.EqualTo(SyntaxErrorReply));
    }

    [Test]
    public void LInsert_BadPositionOnMissingKey_RepliesSyntaxError() =>
        Assert.That(Client.Execute("LINSERT", "l", "MIDDLE", "a", "X"), Is.EqualTo(SyntaxErrorReply));

    [Test]
    public void LInsert_BinaryPivotAndElement_ComparesAndStoresBytes()
    {
        Client.Execute("RPUSH", "l", "a\0", "a\0b");
        Client.Execute("LINSERT", "l", "BEFORE", "a\0b", "\r\n");
        Assert.That(Client.Execute("LRANGE", "l", "0", "-1"), Is.EqualTo(Resp.BulkArray("a\0", "\r\n", "a\0b")));
    }

    [Test]
    public void LInsert_Success_AddsOneToDirty()
    {
        Client.Execute("RPUSH", "l", "a");
        long before = Dirty;
        Client.Execute("LINSERT", "l", "BEFORE", "a", "b");
        Assert.That(Dirty - before, Is.EqualTo(1));
    }

    // ---- LREM ----

    [TestCase("2", ":2\r\n", "b", "c", "a", "b", "a")] // from the head
    [TestCase("-2", ":2\r\n", "a", "b", "a", "c", "b")] // from the tail
    [TestCase("0", ":4\r\n", "b", "c", "b")] // every match
    [TestCase("10", ":4\r\n", "b", "c", "b")] // more than there are
    [TestCase("-9223372036854775808", ":4\r\n", "b", "c", "b")] // LONG_MIN negates to itself: no limit
    public void LRem_Count_RemovesMatchesAndRepliesHowMany(string count, string reply, params string[] remaining)
    {
        Client.Execute("RPUSH", "l", "a", "b", "a", "c", "a", "b", "a");
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("LREM", "l", count, "a"), Is.EqualTo(reply));
            Assert.That(Client.Execute("LRANGE", "l", "0", "-1"), Is.EqualTo(Resp.BulkArray(remaining)));
        });
    }

    [Test]
    public void LRem_NoMatch_RepliesZero()
    {
        Client.Execute("RPUSH", "l", "a");
        Assert.That(Client.Execute("LREM", "l", "0", "z"), Is.EqualTo(":0\r\n"));
    }

    [Test]
    public void LRem_EveryElement_DeletesKey()
    {
        Client.Execute("RPUSH", "l", "a", "a");
        Client.Execute("LREM", "l", "0", "a");
        Assert.That(KeyCount, Is.Zero);
    }

    [Test]
    public void LRem_MissingKey_RepliesZero() => Assert.That(Client.Execute("LREM", "l", "1", "a"), Is.EqualTo(":0\r\n"));

    [Test]
    public void LRem_NonIntegerCount_RepliesNotInteger()
    {
        Client.Execute("RPUSH", "l", "a");
        Assert.That(Client.Execute("LREM", "l", "all", "a"), Is.EqualTo(NotIntegerReply));
    }

    [Test]
    public void LRem_BinaryElement_MatchesExactBytes()
    {
        Client.Execute("RPUSH", "l", "a\0b", "a\0c", "a");
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("LREM", "l", "0", "a\0b"), Is.EqualTo(":1\r\n"));
            Assert.That(Client.Execute("LRANGE", "l", "0", "-1"), Is.EqualTo(Resp.BulkArray("a\0c", "a")));
        });
    }

    [Test]
    public void LRem_TwoRemoved_AddsTwoToDirty()
    {
        Client.Execute("RPUSH", "l", "a", "b", "a");
        long before = Dirty;
        Client.Execute("LREM", "l", "0", "a");
        Assert.That(Dirty - before, Is.EqualTo(2));
    }

    // ---- LTRIM ----

    [TestCase("1", "-2", "b", "c", "d")]
    [TestCase("0", "0", "a")]
    [TestCase("-2", "-1", "d", "e")]
    [TestCase("-100", "100", "a", "b", "c", "d", "e")]
    [TestCase("-9223372036854775808", "9223372036854775807", "a", "b", "c", "d", "e")]
    [TestCase("3", "100", "d", "e")]
    public void LTrim_Range_KeepsOnlyTheRange(string start, string stop, params string[] expected)
    {
        Client.Execute("RPUSH", "l", "a", "b", "c", "d", "e");
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("LTRIM", "l", start, stop), Is.EqualTo("+OK\r\n"));
            Assert.That(Client.Execute("LRANGE", "l", "0", "-1"), Is.EqualTo(Resp.BulkArray(expected)));
        });
    }

    [TestCase("5", "10")] // start past the end
    [TestCase("2", "1")] // start after stop
    [TestCase("0", "-6")] // stop before the head
    public void LTrim_EmptyRange_DeletesKey(string start, string stop)
    {
        Client.Execute("RPUSH", "l", "a", "b", "c", "d", "e");
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("LTRIM", "l", start, stop), Is.EqualTo("+OK\r\n"));
            Assert.That(KeyCount, Is.Zero);
        });
    }

    [Test]
    public void LTrim_MissingKey_RepliesOk() => Assert.That(Client.Execute("LTRIM", "l", "0", "1"), Is.EqualTo("+OK\r\n"));

    [Test]
    public void LTrim_ThreeRemoved_AddsThreeToDirty()
    {
        Client.Execute("RPUSH", "l", "a", "b", "c", "d", "e");
        long before = Dirty;
        Client.Execute("LTRIM", "l", "1", "2");
        Assert.That(Dirty - before, Is.EqualTo(3));
    }

    [Test]
    public void LTrim_WholeList_AddsNothingToDirty()
    {
        Client.Execute("RPUSH", "l", "a", "b");
        long before = Dirty;
        Client.Execute("LTRIM", "l", "0", "-1");
        Assert.That(Dirty, Is.EqualTo(before));
    }
}
