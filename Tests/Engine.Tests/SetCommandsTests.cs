using Reactor.MiniRedis.Engine.Tests.Support;

namespace Reactor.MiniRedis.Engine.Tests;

public sealed class SetCommandsTests : CommandTestBase
{
    [Test]
    public void SAdd_NewMembersWithRepeat_RepliesNumberAdded() =>
        Assert.That(Client.Execute("SADD", "s", "1", "2", "3", "2"), Is.EqualTo(":3\r\n"));

    [Test]
    public void SAdd_ExistingMembers_RepliesOnlyNewOnes()
    {
        Client.Execute("SADD", "s", "a", "b");
        Assert.That(Client.Execute("SADD", "s", "b", "c"), Is.EqualTo(":1\r\n"));
    }

    [Test]
    public void SAdd_NothingNew_AddsNothingToDirty()
    {
        Client.Execute("SADD", "s", "a");
        long before = Dirty;
        Client.Execute("SADD", "s", "a");
        Assert.That(Dirty, Is.EqualTo(before));
    }

    [Test]
    public void SAdd_KeyHoldsString_RepliesWrongType()
    {
        Client.Execute("SET", "k", "x");
        Assert.That(Client.Execute("SADD", "k", "a"), Is.EqualTo(WrongTypeReply));
    }

    [Test]
    public void SAdd_NoMember_RepliesWrongArity() =>
        Assert.That(Client.Execute("SADD", "s"), Is.EqualTo("-ERR wrong number of arguments for 'sadd' command\r\n"));

    [Test]
    public void SCard_Set_RepliesCount()
    {
        Client.Execute("SADD", "s", "1", "a", "2");
        Assert.That(Client.Execute("SCARD", "s"), Is.EqualTo(":3\r\n"));
    }

    [Test]
    public void SCard_MissingKey_RepliesZero() => Assert.That(Client.Execute("SCARD", "s"), Is.EqualTo(":0\r\n"));

    [Test]
    public void SCard_KeyHoldsList_RepliesWrongType()
    {
        Client.Execute("RPUSH", "l", "a");
        Assert.That(Client.Execute("SCARD", "l"), Is.EqualTo(WrongTypeReply));
    }

    [Test]
    public void SPop_MissingKey_RepliesNullBulk() => Assert.That(Client.Execute("SPOP", "s"), Is.EqualTo("$-1\r\n"));

    [Test]
    public void SPop_MissingKeyWithCount_RepliesEmptyArray() => Assert.That(Client.Execute("SPOP", "s", "3"), Is.EqualTo("*0\r\n"));

    [Test]
    public void SPop_OneMember_RepliesItAndDeletesKey()
    {
        Client.Execute("SADD", "s", "a");
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("SPOP", "s"), Is.EqualTo("$1\r\na\r\n"));
            Assert.That(KeyCount, Is.Zero);
        });
    }

    [Test]
    public void SPop_IntsetMember_RepliesDecimalBulk()
    {
        Client.Execute("SADD", "s", "-42");
        Assert.That(Client.Execute("SPOP", "s"), Is.EqualTo("$3\r\n-42\r\n"));
    }

    [Test]
    public void SPop_CountZero_RepliesEmptyArrayAndKeepsSet()
    {
        Client.Execute("SADD", "s", "a");
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("SPOP", "s", "0"), Is.EqualTo("*0\r\n"));
            Assert.That(Client.Execute("SCARD", "s"), Is.EqualTo(":1\r\n"));
        });
    }

    [Test]
    public void SPop_CountCoversIntset_RepliesAscendingAndDeletesKey()
    {
        Client.Execute("SADD", "s", "3", "1", "2");
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("SPOP", "s", "5"), Is.EqualTo(Resp.BulkArray("1", "2", "3")));
            Assert.That(KeyCount, Is.Zero);
        });
    }

    [Test]
    public void SPop_CountSmallerThanSet_RemovesThatManyDistinctMembers()
    {
        Client.Execute("SADD", "s", "a", "b", "c", "d");
        string reply = Client.Execute("SPOP", "s", "3");
        Assert.Multiple(() =>
        {
            Assert.That(reply, Does.StartWith("*3\r\n"));
            Assert.That(reply.Split("\r\n").Where(line => line.Length == 1).Distinct().Count(), Is.EqualTo(3));
            Assert.That(Client.Execute("SCARD", "s"), Is.EqualTo(":1\r\n"));
        });
    }

    [TestCase("-1")]
    [TestCase("x")]
    public void SPop_InvalidCount_RepliesMustBePositive(string count)
    {
        Client.Execute("SADD", "s", "a");
        Assert.That(Client.Execute("SPOP", "s", count), Is.EqualTo(MustBePositiveReply));
    }

    [Test]
    public void SPop_InvalidCountOnWrongType_RepliesCountErrorFirst()
    {
        Client.Execute("SET", "k", "x");
        Assert.That(Client.Execute("SPOP", "k", "-1"), Is.EqualTo(MustBePositiveReply));
    }

    [Test]
    public void SPop_TwoCounts_RepliesSyntaxError() =>
        Assert.That(Client.Execute("SPOP", "s", "1", "2"), Is.EqualTo(SyntaxErrorReply));

    [Test]
    public void SPop_KeyHoldsString_RepliesWrongType()
    {
        Client.Execute("SET", "k", "x");
        Assert.That(Client.Execute("SPOP", "k"), Is.EqualTo(WrongTypeReply));
    }

    [Test]
    public void SPop_CountOnWrongType_RepliesWrongType()
    {
        Client.Execute("SET", "k", "x");
        Assert.That(Client.Execute("SPOP", "k", "0"), Is.EqualTo(WrongTypeReply));
    }
}
