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
    [Test]
    public void HSet_LongValue_ConvertsToHashtable()
    {
        Client.Execute("HSET", "h", "a", "1");
        Client.Execute("HSET", "h", "b", new string('v', 65));
        Assert.That(CollectionReply.EncodingOf(Harness, "h"), Is.EqualTo("hashtable"));
    }

    [Test]
    public void HSet_MoreFieldsThanListpackLimit_ConvertsToHashtable()
    {
        Client.Execute("CONFIG", "SET", "hash-max-listpack-entries", "2");
        Client.Execute("HSET", "h", "a", "1", "b", "2");
        Assert.That(CollectionReply.EncodingOf(Harness, "h"), Is.EqualTo("listpack"));
        Client.Execute("HSET", "h", "c", "3");
        Assert.That(CollectionReply.EncodingOf(Harness, "h"), Is.EqualTo("hashtable"));
    }

    [Test]
    public void HSetNx_NewField_SetsItAndRepliesOne()
    {
        Client.Execute("HSET", "h", "a", "1");
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("HSETNX", "h", "b", "2"), Is.EqualTo(":1\r\n"));
            Assert.That(Client.Execute("HGET", "h", "b"), Is.EqualTo("$1\r\n2\r\n"));
        });
    }

    [Test]
    public void HSetNx_ExistingField_RepliesZeroAndKeepsValue()
    {
        Client.Execute("HSET", "h", "a", "1");
        long before = Dirty;
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("HSETNX", "h", "a", "2"), Is.EqualTo(":0\r\n"));
            Assert.That(Client.Execute("HGET", "h", "a"), Is.EqualTo("$1\r\n1\r\n"));
            Assert.That(Dirty, Is.EqualTo(before));
        });
    }

    [Test]
    public void HSetNx_ExistingFieldWithLongValue_StaysListpack()
    {
        Client.Execute("HSET", "h", "a", "1");
        Client.Execute("HSETNX", "h", "a", new string('v', 100));
        Assert.That(CollectionReply.EncodingOf(Harness, "h"), Is.EqualTo("listpack"));
    }

    [Test]
    public void HSetNx_MissingKey_CreatesHash()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("HSETNX", "h", "a", "1"), Is.EqualTo(":1\r\n"));
            Assert.That(Client.Execute("HGETALL", "h"), Is.EqualTo(Resp.BulkArray("a", "1")));
        });
    }

    [Test]
    public void HSetNx_KeyHoldsString_RepliesWrongType()
    {
        Client.Execute("SET", "k", "x");
        Assert.That(Client.Execute("HSETNX", "k", "a", "1"), Is.EqualTo(WrongTypeReply));
    }

    [Test]
    public void HSetNx_NoValue_RepliesWrongArity() =>
        Assert.That(Client.Execute("HSETNX", "h", "a"), Is.EqualTo("-ERR wrong number of arguments for 'hsetnx' command\r\n"));

    [Test]
    public void HMSet_Pairs_RepliesOk()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("HMSET", "h", "a", "1", "b", "2"), Is.EqualTo("+OK\r\n"));
            Assert.That(Client.Execute("HGETALL", "h"), Is.EqualTo(Resp.BulkArray("a", "1", "b", "2")));
        });
    }

    [Test]
    public void HMSet_FieldWithoutValue_RepliesWrongArity() =>
        Assert.That(Client.Execute("HMSET", "h", "a", "1", "b"), Is.EqualTo("-ERR wrong number of arguments for 'hmset' command\r\n"));

    [Test]
    public void HMSet_KeyHoldsString_RepliesWrongType()
    {
        Client.Execute("SET", "k", "x");
        Assert.That(Client.Execute("HMSET", "k", "a", "1"), Is.EqualTo(WrongTypeReply));
    }

    [Test]
    public void HMSet_TwoPairs_AddsTwoToDirty()
    {
        long before = Dirty;
        Client.Execute("HMSET", "h", "a", "1", "a", "2");
        Assert.That(Dirty - before, Is.EqualTo(2));
    }

    [Test]
    public void HMGet_Fields_RepliesValuesAndNils()
    {
        Client.Execute("HSET", "h", "a", "1", "c", "3");
        Assert.That(Client.Execute("HMGET", "h", "a", "zz", "c"), Is.EqualTo("*3\r\n$1\r\n1\r\n$-1\r\n$1\r\n3\r\n"));
    }

    [Test]
    public void HMGet_MissingKey_RepliesNils() =>
        Assert.That(Client.Execute("HMGET", "h", "a", "b"), Is.EqualTo("*2\r\n$-1\r\n$-1\r\n"));

    [Test]
    public void HMGet_KeyHoldsString_RepliesWrongType()
    {
        Client.Execute("SET", "k", "x");
        Assert.That(Client.Execute("HMGET", "k", "a"), Is.EqualTo(WrongTypeReply));
    }

    [Test]
    public void HMGet_NoField_RepliesWrongArity() =>
        Assert.That(Client.Execute("HMGET", "h"), Is.EqualTo("-ERR wrong number of arguments for 'hmget' command\r\n"));

    [Test]
    public void HDel_Fields_RepliesNumberDeleted()
    {
        Client.Execute("HSET", "h", "a", "1", "b", "2", "c", "3");
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("HDEL", "h", "a", "zz", "a", "c"), Is.EqualTo(":2\r\n"));
            Assert.That(Client.Execute("HGETALL", "h"), Is.EqualTo(Resp.BulkArray("b", "2")));
        });
    }

    [Test]
    public void HDel_LastFields_DeletesKey()
    {
        Client.Execute("HSET", "h", "a", "1", "b", "2");
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("HDEL", "h", "a", "b", "c"), Is.EqualTo(":2\r\n"));
            Assert.That(KeyCount, Is.Zero);
        });
    }

    [Test]
    public void HDel_DeletedFields_AddToDirty()
    {
        Client.Execute("HSET", "h", "a", "1", "b", "2", "c", "3");
        long before = Dirty;
        Client.Execute("HDEL", "h", "a", "zz", "b");
        Assert.That(Dirty - before, Is.EqualTo(2));
    }

    [Test]
    public void HDel_ListpackMiddleField_KeepsInsertionOrder()
    {
        Client.Execute("HSET", "h", "a", "1", "b", "2", "c", "3", "d", "4");
        Client.Execute("HDEL", "h", "b");
        Client.Execute("HSET", "h", "b", "5");
        Assert.That(Client.Execute("HKEYS", "h"), Is.EqualTo(Resp.BulkArray("a", "c", "d", "b")));
    }

    [Test]
    public void HDel_MissingKey_RepliesZero() => Assert.That(Client.Execute("HDEL", "h", "a"), Is.EqualTo(":0\r\n"));

    [Test]
    public void HDel_KeyHoldsString_RepliesWrongType()
    {
        Client.Execute("SET", "k", "x");
        Assert.That(Client.Execute("HDEL", "k", "a"), Is.EqualTo(WrongTypeReply));
    }

    [Test]
    public void HDel_NoField_RepliesWrongArity() =>
        Assert.That(Client.Execute("HDEL", "h"), Is.EqualTo("-ERR wrong number of arguments for 'hdel' command\r\n"));

    [TestCase("a", ":1\r\n")]
    [TestCase("zz", ":0\r\n")]
    public void HExists_Field_RepliesPresence(string field, string expected)
    {
        Client.Execute("HSET", "h", "a", "1");
        Assert.That(Client.Execute("HEXISTS", "h", field), Is.EqualTo(expected));
    }

    [Test]
    public void HExists_MissingKey_RepliesZero() => Assert.That(Client.Execute("HEXISTS", "h", "a"), Is.EqualTo(":0\r\n"));

    [Test]
    public void HExists_KeyHoldsString_RepliesWrongType()
    {
        Client.Execute("SET", "k", "x");
        Assert.That(Client.Execute("HEXISTS", "k", "a"), Is.EqualTo(WrongTypeReply));
    }

    [Test]
    public void HLen_Hash_RepliesFieldCount()
    {
        Client.Execute("HSET", "h", "a", "1", "b", "2");
        Assert.That(Client.Execute("HLEN", "h"), Is.EqualTo(":2\r\n"));
    }

    [Test]
    public void HLen_MissingKey_RepliesZero() => Assert.That(Client.Execute("HLEN", "h"), Is.EqualTo(":0\r\n"));

    [Test]
    public void HLen_KeyHoldsString_RepliesWrongType()
    {
        Client.Execute("SET", "k", "x");
        Assert.That(Client.Execute("HLEN", "k"), Is.EqualTo(WrongTypeReply));
    }

    [TestCase("b", ":5\r\n")]
    [TestCase("n", ":3\r\n")]
    [TestCase("zz", ":0\r\n")]
    public void HStrLen_Field_RepliesValueLength(string field, string expected)
    {
        Client.Execute("HSET", "h", "b", "hello", "n", "-12");
        Assert.That(Client.Execute("HSTRLEN", "h", field), Is.EqualTo(expected));
    }

    [Test]
    public void HStrLen_MissingKey_RepliesZero() => Assert.That(Client.Execute("HSTRLEN", "h", "a"), Is.EqualTo(":0\r\n"));

    [Test]
    public void HStrLen_KeyHoldsString_RepliesWrongType()
    {
        Client.Execute("SET", "k", "x");
        Assert.That(Client.Execute("HSTRLEN", "k", "a"), Is.EqualTo(WrongTypeReply));
    }

    [Test]
    public void HKeys_Listpack_RepliesFieldsInInsertionOrder()
    {
        Client.Execute("HSET", "h", "b", "1", "a", "2", "c", "3");
        Assert.That(Client.Execute("HKEYS", "h"), Is.EqualTo(Resp.BulkArray("b", "a", "c")));
    }

    [Test]
    public void HVals_Listpack_RepliesValuesInInsertionOrder()
    {
        Client.Execute("HSET", "h", "b", "1", "a", "2", "c", "3");
        Assert.That(Client.Execute("HVALS", "h"), Is.EqualTo(Resp.BulkArray("1", "2", "3")));
    }

    [Test]
    public void HGetAll_Listpack_RepliesPairsInInsertionOrder()
    {
        Client.Execute("HSET", "h", "b", "1", "a", "2");
        Client.Execute("HSET", "h", "b", "3");
        Assert.That(Client.Execute("HGETALL", "h"), Is.EqualTo(Resp.BulkArray("b", "3", "a", "2")));
    }

    [Test]
    public void HGetAll_Hashtable_RepliesEveryPair()
    {
        string value = new('v', 100);
        Client.Execute("HSET", "h", "a", "1", "b", value, "c", "3");
        List<string?> items = CollectionReply.Items(Client.Execute("HGETALL", "h"));
        var pairs = items.Chunk(2).ToDictionary(pair => pair[0]!, pair => pair[1]);
        Assert.That(pairs, Is.EquivalentTo(new Dictionary<string, string?> { ["a"] = "1", ["b"] = value, ["c"] = "3" }));
    }

    [TestCase("HKEYS")]
    [TestCase("HVALS")]
    [TestCase("HGETALL")]
    public void GetAll_MissingKey_RepliesEmptyArray(string command) =>
        Assert.That(Client.Execute(command, "h"), Is.EqualTo("*0\r\n"));

    [TestCase("HKEYS")]
    [TestCase("HVALS")]
    [TestCase("HGETALL")]
    public void GetAll_KeyHoldsString_RepliesWrongType(string command)
    {
        Client.Execute("SET", "k", "x");
        Assert.That(Client.Execute(command, "k"), Is.EqualTo(WrongTypeReply));
    }

    [Test]
    public void HIncrBy_ExistingInteger_RepliesSum()
    {
        Client.Execute("HSET", "h", "n", "9");
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("HINCRBY", "h", "n", "5"), Is.EqualTo(":14\r\n"));
            Assert.That(Client.Execute("HGET", "h", "n"), Is.EqualTo("$2\r\n14\r\n"));
        });
    }

    [Test]
    public void HIncrBy_MissingKey_CreatesHashWithIncrement()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("HINCRBY", "h", "n", "-3"), Is.EqualTo(":-3\r\n"));
            Assert.That(Client.Execute("HGETALL", "h"), Is.EqualTo(Resp.BulkArray("n", "-3")));
        });
    }

    [Test]
    public void HIncrBy_Increment_AddsOneToDirty()
    {
        long before = Dirty;
        Client.Execute("HINCRBY", "h", "n", "1");
        Assert.That(Dirty - before, Is.EqualTo(1));
    }

    [TestCase("hello")]
    [TestCase(" 1")]
    [TestCase("01")]
    [TestCase("9223372036854775808")]
    [TestCase("1.5")]
    public void HIncrBy_ValueNotInteger_RepliesHashValueError(string value)
    {
        Client.Execute("HSET", "h", "v", value);
        Assert.That(Client.Execute("HINCRBY", "h", "v", "1"), Is.EqualTo("-ERR hash value is not an integer\r\n"));
    }

    [TestCase("x")]
    [TestCase("+1")]
    [TestCase("")]
    public void HIncrBy_IncrementNotInteger_RepliesNotInteger(string increment) =>
        Assert.That(Client.Execute("HINCRBY", "h", "n", increment), Is.EqualTo("-ERR value is not an integer or out of range\r\n"));

    [Test]
    public void HIncrBy_IncrementNotIntegerOnWrongType_RepliesIncrementErrorFirst()
    {
        Client.Execute("SET", "k", "x");
        Assert.That(Client.Execute("HINCRBY", "k", "n", "x"), Is.EqualTo("-ERR value is not an integer or out of range\r\n"));
    }

    [Test]
    public void HIncrBy_KeyHoldsString_RepliesWrongType()
    {
        Client.Execute("SET", "k", "x");
        Assert.That(Client.Execute("HINCRBY", "k", "n", "1"), Is.EqualTo(WrongTypeReply));
    }

    [TestCase("1", "9223372036854775807")]
    [TestCase("-1", "-9223372036854775808")]
    [TestCase("9223372036854775807", "1")]
    public void HIncrBy_Overflow_RepliesOverflowAndKeepsValue(string value, string increment)
    {
        Client.Execute("HSET", "h", "n", value);
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("HINCRBY", "h", "n", increment), Is.EqualTo("-ERR increment or decrement would overflow\r\n"));
            Assert.That(Client.Execute("HGET", "h", "n"), Is.EqualTo($"${value.Length}\r\n{value}\r\n"));
        });
    }

    [Test]
    public void HIncrBy_ReachesMinimum_RepliesIt() =>
        Assert.That(Client.Execute("HINCRBY", "h", "n", "-9223372036854775808"), Is.EqualTo(":-9223372036854775808\r\n"));

    [Test]
    public void HIncrBy_LongNewField_ConvertsToHashtable()
    {
        Client.Execute("HSET", "h", "a", "1");
        Client.Execute("HINCRBY", "h", new string('f', 65), "1");
        Assert.That(CollectionReply.EncodingOf(Harness, "h"), Is.EqualTo("hashtable"));
    }

    [TestCase("10.5", "0.1", "10.6")]
    [TestCase("1", "0.5", "1.5")]
    [TestCase("0x10", "1", "17")] // string2ld reads C99 hexadecimal
    [TestCase("1.0e1", "0", "10")]
    [TestCase("5", "-5", "0")]
    public void HIncrByFloat_ExistingValue_RepliesHumanSum(string value, string increment, string expected)
    {
        Client.Execute("HSET", "h", "f", value);
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("HINCRBYFLOAT", "h", "f", increment), Is.EqualTo($"${expected.Length}\r\n{expected}\r\n"));
            Assert.That(Client.Execute("HGET", "h", "f"), Is.EqualTo($"${expected.Length}\r\n{expected}\r\n"));
        });
    }

    [Test]
    public void HIncrByFloat_MissingKey_CreatesHash() =>
        Assert.That(Client.Execute("HINCRBYFLOAT", "h", "f", "3.0e3"), Is.EqualTo("$4\r\n3000\r\n"));

    [Test]
    public void HIncrByFloat_LongDoubleRange_KeepsExtendedPrecision()
    {
        Client.Execute("HINCRBYFLOAT", "h", "f", "1e308");
        string reply = Client.Execute("HINCRBYFLOAT", "h", "f", "1e308");
        Assert.That(reply, Does.StartWith("$309\r\n199999999999999999993371759311691291321120199694831134415594095989843469737676"));
    }

    [TestCase("inf")]
    [TestCase("-inf")]
    [TestCase("infinity")]
    public void HIncrByFloat_InfiniteIncrement_RepliesNaNOrInfinityAndCreatesNothing(string increment)
    {
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("HINCRBYFLOAT", "h", "f", increment), Is.EqualTo("-ERR value is NaN or Infinity\r\n"));
            Assert.That(KeyCount, Is.Zero);
        });
    }

    [TestCase("x")]
    [TestCase("nan")]
    [TestCase(" 1")]
    [TestCase("1 ")]
    [TestCase("")]
    [TestCase("1e4933")]
    public void HIncrByFloat_IncrementNotFloat_RepliesNotFloat(string increment) =>
        Assert.That(Client.Execute("HINCRBYFLOAT", "h", "f", increment), Is.EqualTo("-ERR value is not a valid float\r\n"));

    [TestCase("hello")]
    [TestCase(" 1.5")]
    public void HIncrByFloat_ValueNotFloat_RepliesHashValueError(string value)
    {
        Client.Execute("HSET", "h", "f", value);
        Assert.That(Client.Execute("HINCRBYFLOAT", "h", "f", "1"), Is.EqualTo("-ERR hash value is not a float\r\n"));
    }

    [Test]
    public void HIncrByFloat_SumOverflows_RepliesWouldProduceInfinityAndKeepsValue()
    {
        Client.Execute("HINCRBYFLOAT", "h", "f", "1.18e4932");
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("HINCRBYFLOAT", "h", "f", "1.18e4932"), Is.EqualTo("-ERR increment would produce NaN or Infinity\r\n"));
            Assert.That(Client.Execute("HSTRLEN", "h", "f"), Is.EqualTo(":4933\r\n"));
        });
    }

    [Test]
    public void HIncrByFloat_KeyHoldsString_RepliesWrongType()
    {
        Client.Execute("SET", "k", "x");
        Assert.That(Client.Execute("HINCRBYFLOAT", "k", "f", "1"), Is.EqualTo(WrongTypeReply));
    }

    [Test]
    public void HIncrByFloat_BadIncrementOnWrongType_RepliesIncrementErrorFirst()
    {
        Client.Execute("SET", "k", "x");
        Assert.That(Client.Execute("HINCRBYFLOAT", "k", "f", "x"), Is.EqualTo("-ERR value is not a valid float\r\n"));
    }

    [Test]
    public void HIncrByFloat_LongResult_ConvertsToHashtable()
    {
        Client.Execute("HINCRBYFLOAT", "h", "f", "1e100");
        Assert.That(CollectionReply.EncodingOf(Harness, "h"), Is.EqualTo("hashtable"));
    }

    [Test]
    public void HRandField_MissingKey_RepliesNullBulk() => Assert.That(Client.Execute("HRANDFIELD", "h"), Is.EqualTo("$-1\r\n"));

    [Test]
    public void HRandField_OneField_RepliesIt()
    {
        Client.Execute("HSET", "h", "a", "1");
        Assert.That(Client.Execute("HRANDFIELD", "h"), Is.EqualTo("$1\r\na\r\n"));
    }

    [Test]
    public void HRandField_KeyHoldsString_RepliesWrongType()
    {
        Client.Execute("SET", "k", "x");
        Assert.That(Client.Execute("HRANDFIELD", "k"), Is.EqualTo(WrongTypeReply));
    }

    [TestCase("3")]
    [TestCase("-3")]
    [TestCase("0")]
    public void HRandField_MissingKeyWithCount_RepliesEmptyArray(string count) =>
        Assert.That(Client.Execute("HRANDFIELD", "h", count, "WITHVALUES"), Is.EqualTo("*0\r\n"));

    [Test]
    public void HRandField_CountZero_RepliesEmptyArray()
    {
        Client.Execute("HSET", "h", "a", "1");
        Assert.That(Client.Execute("HRANDFIELD", "h", "0"), Is.EqualTo("*0\r\n"));
    }

    [Test]
    public void HRandField_CountCoversHash_RepliesWholeHashInOrder()
    {
        Client.Execute("HSET", "h", "b", "1", "a", "2");
        Assert.That(Client.Execute("HRANDFIELD", "h", "5", "WITHVALUES"), Is.EqualTo(Resp.BulkArray("b", "1", "a", "2")));
    }

    [Test]
    public void HRandField_NegativeCountWithValues_RepliesExactlyThatManyPairs()
    {
        Client.Execute("HSET", "h", "a", "1");
        Assert.That(Client.Execute("HRANDFIELD", "h", "-3", "withvalues"), Is.EqualTo(Resp.BulkArray("a", "1", "a", "1", "a", "1")));
    }

    [Test]
    public void HRandField_NegativeCount_RepliesExactlyThatManyFields()
    {
        Client.Execute("HSET", "h", "a", "1", "b", "2");
        List<string?> fields = CollectionReply.Items(Client.Execute("HRANDFIELD", "h", "-10"));
        Assert.Multiple(() =>
        {
            Assert.That(fields, Has.Count.EqualTo(10));
            Assert.That(fields, Has.All.AnyOf("a", "b"));
        });
    }

    [TestCase(1)]
    [TestCase(5)] // few: random picks
    [TestCase(40)] // close to the size: one selecting pass
    [TestCase(99)]
    public void HRandField_PositiveCountWithValues_RepliesDistinctMatchingPairs(int count)
    {
        Client.Execute(["HSET", "h", .. Enumerable.Range(0, 100).SelectMany(i => new[] { $"f{i}", $"v{i}" })]);
        List<string?> items = CollectionReply.Items(Client.Execute("HRANDFIELD", "h", count.ToString(), "WITHVALUES"));
        string[][] pairs = items.Select(item => item!).Chunk(2).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(pairs, Has.Length.EqualTo(count));
            Assert.That(pairs.Select(pair => pair[0]).Distinct().Count(), Is.EqualTo(count));
            Assert.That(pairs, Has.All.Matches<string[]>(pair => pair![1] == "v" + pair[0][1..]));
        });
    }

    [Test]
    public void HRandField_MinimumInt64Count_RepliesRangeError() =>
        Assert.That(Client.Execute("HRANDFIELD", "h", "-9223372036854775808"),
            Is.EqualTo("-ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807\r\n"));

    [TestCase("-4611686018427387905")]
    [TestCase("4611686018427387904")]
    public void HRandField_HugeCountWithValues_RepliesOutOfRange(string count)
    {
        Client.Execute("SET", "k", "x");
        Assert.That(Client.Execute("HRANDFIELD", "k", count, "WITHVALUES"), Is.EqualTo("-ERR value is out of range\r\n"));
    }

    [TestCase("x")]
    [TestCase("1.5")]
    public void HRandField_CountNotInteger_RepliesNotInteger(string count) =>
        Assert.That(Client.Execute("HRANDFIELD", "h", count, "foo"), Is.EqualTo("-ERR value is not an integer or out of range\r\n"));

    [TestCase("1", "foo")]
    [TestCase("1", "WITHVALUES", "x")]
    public void HRandField_UnknownOption_RepliesSyntaxError(params string[] args) =>
        Assert.That(Client.Execute(["HRANDFIELD", "h", .. args]), Is.EqualTo(SyntaxErrorReply));

    [Test]
    public void HRandField_CountOnWrongType_RepliesWrongType()
    {
        Client.Execute("SET", "k", "x");
        Assert.That(Client.Execute("HRANDFIELD", "k", "1"), Is.EqualTo(WrongTypeReply));
    }
}
