using Reactor.MiniRedis.Engine.Tests.Support;

namespace Reactor.MiniRedis.Engine.Tests;

public sealed class HashCommandsTests : CommandTestBase
{
    [Test]
    public void HSet_NewFields_RepliesNumberCreated() =>
        Assert.That(Client.Execute("HSET", "h", "a", "1", "b", "2"), Is.EqualTo(":2\r\n"));

    [Test]
    public void HSet_ExistingAndNewField_CountsOnlyTheNewOne()
    {
        Client.Execute("HSET", "h", "a", "1", "b", "2");
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("HSET", "h", "a", "3", "c", "4"), Is.EqualTo(":1\r\n"));
            Assert.That(Client.Execute("HGET", "h", "a"), Is.EqualTo("$1\r\n3\r\n"));
        });
    }

    [Test]
    public void HSet_SameFieldTwiceInOneCall_KeepsLastValue()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("HSET", "h", "a", "1", "a", "22"), Is.EqualTo(":1\r\n"));
            Assert.That(Client.Execute("HGET", "h", "a"), Is.EqualTo("$2\r\n22\r\n"));
        });
    }

    [Test]
    public void HSet_FieldWithoutValue_RepliesWrongArity() =>
        Assert.That(Client.Execute("HSET", "h", "a", "1", "b"), Is.EqualTo("-ERR wrong number of arguments for 'hset' command\r\n"));

    [Test]
    public void HSet_OnlyField_RepliesWrongArity() =>
        Assert.That(Client.Execute("HSET", "h", "a"), Is.EqualTo("-ERR wrong number of arguments for 'hset' command\r\n"));

    [Test]
    public void HSet_FieldWithoutValueOnWrongType_RepliesWrongArityFirst()
    {
        Client.Execute("SET", "k", "x");
        Assert.That(Client.Execute("HSET", "k", "a", "1", "b"), Is.EqualTo("-ERR wrong number of arguments for 'hset' command\r\n"));
    }

    [Test]
    public void HSet_KeyHoldsString_RepliesWrongType()
    {
        Client.Execute("SET", "k", "x");
        Assert.That(Client.Execute("HSET", "k", "a", "1"), Is.EqualTo(WrongTypeReply));
    }

    [Test]
    public void HSet_TwoPairs_AddsTwoToDirty()
    {
        long before = Dirty;
        Client.Execute("HSET", "h", "a", "1", "b", "2");
        Assert.That(Dirty - before, Is.EqualTo(2));
    }

    [Test]
    public void HSet_BinaryFieldAndValue_RoundTrip()
    {
        Client.Execute("HSET", "h", "f\0\r\n", "v\0\r\n");
        Assert.That(Client.Execute("HGET", "h", "f\0\r\n"), Is.EqualTo("$4\r\nv\0\r\n\r\n"));
    }

    [Test]
    public void HGet_MissingField_RepliesNullBulk()
    {
        Client.Execute("HSET", "h", "a", "1");
        Assert.That(Client.Execute("HGET", "h", "zz"), Is.EqualTo("$-1\r\n"));
    }

    [Test]
    public void HGet_MissingKey_RepliesNullBulk() => Assert.That(Client.Execute("HGET", "h", "a"), Is.EqualTo("$-1\r\n"));

    [Test]
    public void HGet_KeyHoldsList_RepliesWrongType()
    {
        Client.Execute("RPUSH", "l", "a");
        Assert.That(Client.Execute("HGET", "l", "a"), Is.EqualTo(WrongTypeReply));
    }

    [Test]
    public void HGet_LongValueAfterConversion_RepliesValue()
    {
        string value = new('v', 100);
        Client.Execute("HSET", "h", "a", "1", "b", value);
        Assert.That(Client.Execute("HGET", "h", "b"), Is.EqualTo($"$100\r\n{value}\r\n"));
    }
}
