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
    public void LPush_KeyHoldsString_RepliesWrongType()
    {
        Client.Execute("SET", "s", "x");
        Assert.That(Client.Execute("LPUSH", "s", "a"), Is.EqualTo(WrongTypeReply));
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
    public void LPop_InvalidCountOnWrongType_RepliesCountErrorFirst()
    {
        Client.Execute("SET", "s", "x");
        Assert.That(Client.Execute("LPOP", "s", "-1"), Is.EqualTo(MustBePositiveReply));
    }

    [Test]
    public void LPop_KeyHoldsString_RepliesWrongType()
    {
        Client.Execute("SET", "s", "x");
        Assert.That(Client.Execute("LPOP", "s"), Is.EqualTo(WrongTypeReply));
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
    public void LRange_NonIntegerIndexOnWrongType_RepliesNotInteger()
    {
        Client.Execute("SET", "s", "x");
        Assert.That(Client.Execute("LRANGE", "s", "x", "1"), Is.EqualTo("-ERR value is not an integer or out of range\r\n"));
    }

    [Test]
    public void LRange_KeyHoldsString_RepliesWrongType()
    {
        Client.Execute("SET", "s", "x");
        Assert.That(Client.Execute("LRANGE", "s", "0", "1"), Is.EqualTo(WrongTypeReply));
    }

    [Test]
    public void LLen_MissingKey_RepliesZero() => Assert.That(Client.Execute("LLEN", "l"), Is.EqualTo(":0\r\n"));

    [Test]
    public void LLen_List_RepliesLength()
    {
        Client.Execute("RPUSH", "l", "a", "b");
        Assert.That(Client.Execute("LLEN", "l"), Is.EqualTo(":2\r\n"));
    }

    [Test]
    public void LLen_KeyHoldsString_RepliesWrongType()
    {
        Client.Execute("SET", "s", "x");
        Assert.That(Client.Execute("LLEN", "s"), Is.EqualTo(WrongTypeReply));
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
}
