using System.Security.Cryptography;
using System.Text;
using Reactor.MiniRedis.Engine.Tests.Support;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Engine.Tests;

/// <summary>
/// The string family against Redis 7.0.15's exact replies. Every expected value here was checked against a real
/// redis-server 7.0.15 on x86-64 Linux.
/// </summary>
public sealed class StringCommandsTests : CommandTestBase
{
    private const string WrongType = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";
    private const string NotInteger = "-ERR value is not an integer or out of range\r\n";
    private const string NotFloat = "-ERR value is not a valid float\r\n";
    private const string Syntax = "-ERR syntax error\r\n";
    private const string Ok = "+OK\r\n";
    private const string Nil = "$-1\r\n";


    private Database Db => Harness.Server.Keyspace[0];

    /// <summary>Stores a value of another type (a list) under <paramref name="key"/>, for WRONGTYPE paths.</summary>
    private void StoreList(string key) => Db.Set(Encoding.Latin1.GetBytes(key), new KeyCommandsTests.StubValue(ObjectType.List));

    private static string Bulk(string value) => $"${Encoding.Latin1.GetByteCount(value)}\r\n{value}\r\n";

    // ---- GET / SET ----

    // SET, MSET and INCR count the value they store themselves (Database.SetString) and tell signalModifiedKey so,
    // which then skips its own recount: counting the key again afterwards must change nothing. The steps go through
    // every way SetString stores: a new key, an inline and an array string, the same length again, a string object
    // (APPEND materialises one) overwritten in place, a counter bare and as an object, a collection replaced.
    [TestCase("SET k abc")]
    [TestCase("SET k abc", "SET k 0123456789012345678901234567890123456789")]
    [TestCase("SET k 0123456789012345678901234567890123456789", "SET k abcdefghijabcdefghijabcdefghijabcdefghij")]
    [TestCase("SET k 0123456789012345678901234567890123456789", "APPEND k x", "SET k 01234567890123456789012345678901234567890")]
    [TestCase("SET k abc", "APPEND k x", "SET k y")]
    [TestCase("INCR k", "INCRBY k 100000", "DECR k")]
    [TestCase("SET k 10", "APPEND k 0", "INCR k")]
    [TestCase("SET k 1", "APPEND k 234567890123456789", "INCR k")]
    [TestCase("RPUSH k a b c", "SET k 0123456789012345678901234567890123456789")]
    [TestCase("MSET k a j 0123456789012345678901234567890123456789", "MSET j b k c")]
    public void SetAndIncr_CountTheirOwnMemory_RecountingChangesNothing(params string[] commands)
    {
        foreach (string command in commands)
        {
            Run(command.Split(' '));
        }
        long counted = Db.MemoryBytes;
        Db.UpdateMemory("k"u8);
        Db.UpdateMemory("j"u8);
        Assert.That(Db.MemoryBytes, Is.EqualTo(counted));
    }

    [Test]
    public void Get_MissingKey_RepliesNil() => Assert.That(Run("GET", "k"), Is.EqualTo(Nil));

    [Test]
    public void Get_KeyHoldsList_RepliesWrongType()
    {
        StoreList("l");
        Assert.That(Run("GET", "l"), Is.EqualTo(WrongType));
    }

    [Test]
    public void Set_ThenGet_RepliesValue()
    {
        Assert.That(Run("SET", "k", "hello"), Is.EqualTo(Ok));
        Assert.That(Run("GET", "k"), Is.EqualTo(Bulk("hello")));
    }

    [Test]
    public void Set_BinaryValue_IsStoredExactly()
    {
        Run("SET", "k", "a\0\r\nb");
        Assert.That(Run("GET", "k"), Is.EqualTo("$5\r\na\0\r\nb\r\n"));
    }

    [Test]
    public void Set_IntegerValue_IsIntEncodedAndReadBack()
    {
        Run("SET", "k", "-9223372036854775808");
        Assert.Multiple(() =>
        {
            Assert.That(((RedisString)Db.Lookup("k"u8)!).IsInteger, Is.True);
            Assert.That(Run("GET", "k"), Is.EqualTo(Bulk("-9223372036854775808")));
        });
    }

    [Test]
    public void Set_OverKeyHoldingList_ReplacesIt()
    {
        StoreList("k");
        Run("SET", "k", "v");
        Assert.That(Run("GET", "k"), Is.EqualTo(Bulk("v")));
    }

    [TestCase("PX", "100", "EX", "20", TestName = "Set_PxThenEx_SyntaxError")]
    [TestCase("EX", "10", "PX", "20", TestName = "Set_ExThenPx_SyntaxError")]
    [TestCase("NX", "XX", TestName = "Set_NxThenXx_SyntaxError")]
    [TestCase("XX", "NX", TestName = "Set_XxThenNx_SyntaxError")]
    [TestCase("KEEPTTL", "EX", "10", TestName = "Set_KeepTtlThenEx_SyntaxError")]
    [TestCase("EX", "10", "KEEPTTL", TestName = "Set_ExThenKeepTtl_SyntaxError")]
    [TestCase("EXAT", "10", "PXAT", "20", TestName = "Set_ExAtThenPxAt_SyntaxError")]
    [TestCase("EX", TestName = "Set_ExWithoutValue_SyntaxError")]
    [TestCase("PERSIST", TestName = "Set_Persist_SyntaxError")]
    [TestCase("FOO", TestName = "Set_UnknownOption_SyntaxError")]
    public void Set_BadOptions_SyntaxError(params string[] options) =>
        Assert.That(Run(["SET", "k", "v", .. options]), Is.EqualTo(Syntax));

    [Test]
    public void Set_SameExpireUnitTwice_LastValueWins()
    {
        Assert.That(Run("SET", "k", "v", "EX", "10", "ex", "20"), Is.EqualTo(Ok));
        Assert.That(Run("TTL", "k"), Is.EqualTo(":20\r\n"));
    }

    [TestCase("NX", "NX")]
    [TestCase("KEEPTTL", "KEEPTTL")]
    [TestCase("xx", "XX")]
    public void Set_RepeatedFlag_IsAccepted(string first, string second)
    {
        Run("SET", "k", "old");
        Assert.That(Run("SET", "k", "v", first, second), Is.EqualTo(first == "NX" ? Nil : Ok));
    }

    [Test]
    public void Set_GetTwice_RepliesOldValueOnce()
    {
        Run("SET", "k", "old");
        Assert.That(Run("SET", "k", "new", "GET", "GET"), Is.EqualTo(Bulk("old")));
    }

    [TestCase("EX", "abc", NotInteger)]
    [TestCase("EX", "0", "-ERR invalid expire time in 'set' command\r\n")]
    [TestCase("EX", "-1", "-ERR invalid expire time in 'set' command\r\n")]
    [TestCase("PX", "0", "-ERR invalid expire time in 'set' command\r\n")]
    [TestCase("EX", "9223372036854775", "-ERR invalid expire time in 'set' command\r\n")]
    [TestCase("EX", "9223372036854776", "-ERR invalid expire time in 'set' command\r\n")]
    [TestCase("PX", "9223372036854775807", "-ERR invalid expire time in 'set' command\r\n")]
    [TestCase("PXAT", "-5", "-ERR invalid expire time in 'set' command\r\n")]
    public void Set_BadExpireTime_RepliesError(string unit, string time, string expected)
    {
        Assert.That(Run("SET", "k", "v", unit, time), Is.EqualTo(expected));
        Assert.That(Run("EXISTS", "k"), Is.EqualTo(":0\r\n"));
    }

    [Test]
    public void Set_ExAtLargestSeconds_IsAccepted()
    {
        Assert.That(Run("SET", "k", "v", "EXAT", "9223372036854775"), Is.EqualTo(Ok));
        Assert.That(Run("PEXPIRETIME", "k"), Is.EqualTo(":9223372036854775000\r\n"));
    }

    [Test]
    public void Set_PxAtInThePast_KeyIsGone()
    {
        Assert.That(Run("SET", "k", "v", "PXAT", "1"), Is.EqualTo(Ok));
        Assert.That(Run("GET", "k"), Is.EqualTo(Nil));
    }

    [Test]
    public void Set_Ex_SetsTimeToLive()
    {
        Run("SET", "k", "v", "EX", "100");
        Assert.That(Run("PTTL", "k"), Is.EqualTo(":100000\r\n"));
    }

    [Test]
    public void Set_Px_SetsTimeToLive()
    {
        Run("SET", "k", "v", "PX", "1500");
        Assert.That(Run("PTTL", "k"), Is.EqualTo(":1500\r\n"));
    }

    [Test]
    public void Set_ExAt_SetsAbsoluteTime()
    {
        Run("SET", "k", "v", "EXAT", "1800000000");
        Assert.That(Run("EXPIRETIME", "k"), Is.EqualTo(":1800000000\r\n"));
    }

    [Test]
    public void Set_OverKeyWithTtl_RemovesTtl()
    {
        Run("SET", "k", "v", "EX", "100");
        Run("SET", "k", "w");
        Assert.That(Run("TTL", "k"), Is.EqualTo(":-1\r\n"));
    }

    [Test]
    public void Set_KeepTtl_KeepsTtl()
    {
        Run("SET", "k", "v", "EX", "100");
        Run("SET", "k", "w", "KEEPTTL");
        Assert.That(Run("TTL", "k"), Is.EqualTo(":100\r\n"));
    }

    [Test]
    public void Set_NxOnExistingKey_RepliesNilAndKeepsValue()
    {
        Run("SET", "k", "old");
        Assert.That(Run("SET", "k", "new", "NX"), Is.EqualTo(Nil));
        Assert.That(Run("GET", "k"), Is.EqualTo(Bulk("old")));
    }

    [Test]
    public void Set_XxOnMissingKey_RepliesNilAndDoesNotCreate()
    {
        Assert.That(Run("SET", "k", "v", "XX"), Is.EqualTo(Nil));
        Assert.That(Run("EXISTS", "k"), Is.EqualTo(":0\r\n"));
    }

    [Test]
    public void Set_NxGetOnMissingKey_RepliesNilAndSets()
    {
        Assert.That(Run("SET", "k", "v", "NX", "GET"), Is.EqualTo(Nil));
        Assert.That(Run("GET", "k"), Is.EqualTo(Bulk("v")));
    }

    [Test]
    public void Set_NxGetOnExistingKey_RepliesOldValueAndKeepsIt()
    {
        Run("SET", "k", "old");
        Assert.That(Run("SET", "k", "new", "NX", "GET"), Is.EqualTo(Bulk("old")));
        Assert.That(Run("GET", "k"), Is.EqualTo(Bulk("old")));
    }

    [Test]
    public void Set_XxGetOnExistingKey_RepliesOldValueAndSets()
    {
        Run("SET", "k", "old");
        Assert.That(Run("SET", "k", "new", "XX", "GET"), Is.EqualTo(Bulk("old")));
        Assert.That(Run("GET", "k"), Is.EqualTo(Bulk("new")));
    }

    [Test]
    public void Set_GetOnList_RepliesWrongTypeAndKeepsList()
    {
        StoreList("l");
        Assert.That(Run("SET", "l", "v", "GET"), Is.EqualTo(WrongType));
        Assert.That(Run("TYPE", "l"), Is.EqualTo("+list\r\n"));
    }

    [Test]
    public void Set_SameLengthOverwriteOfALongString_UpdatesSameObject()
    {
        Run("SET", "k", new string('a', 40));
        RedisObject before = Db.Lookup("k"u8)!;
        Run("SET", "k", new string('b', 40));
        Assert.That(Db.Lookup("k"u8), Is.SameAs(before));
    }

    // The string fast paths and the key commands that only ask whether a key exists, or its type, leave a short string
    // in its entry: no object is made for it (StoredValue).
    [Test]
    public void ShortString_ReadByFastPathsAndKeyCommands_StaysInTheEntry()
    {
        Run("SET", "k", "v");
        Run("MSET", "k", "v", "j", "12");
        string[][] commands =
        [
            ["GET", "k"], ["MGET", "k", "j"], ["EXISTS", "k"], ["TOUCH", "k"], ["TYPE", "k"], ["TTL", "k"],
            ["EXPIRE", "k", "100"], ["PTTL", "k"], ["PERSIST", "k"], ["SCAN", "0", "TYPE", "string"],
            ["MEMORY", "USAGE", "k"], ["SET", "k", "w", "GET"], ["GETSET", "k", "v"], ["SETNX", "k", "x"],
            ["LPUSH", "k", "x"], ["HGET", "k", "f"], ["INCR", "j"], ["OBJECT", "ENCODING", "k"],
            ["OBJECT", "IDLETIME", "k"], ["OBJECT", "REFCOUNT", "j"], ["OBJECT", "FREQ", "k"], ["STRLEN", "k"],
            ["GETRANGE", "k", "0", "-1"], ["SUBSTR", "j", "-1", "-1"],
        ];
        foreach (string[] command in commands)
        {
            Run(command);
        }
        Assert.Multiple(() =>
        {
            Assert.That(Db.LookupStored("k"u8).IsBareString, Is.True);
            Assert.That(Db.LookupStored("j"u8).IsBareString, Is.True);
            Assert.That(Run("GET", "k"), Is.EqualTo(Bulk("v")));
        });
    }

    // INCR and friends keep a counter bare (StoredValue): the new digits go into the entry, the TTL stays, and the
    // value still reads as the int-encoded string Redis would hold.
    [Test]
    public void Incr_BareCounter_StaysBareAndIntEncoded()
    {
        Run("SET", "n", "41");
        Run("EXPIRE", "n", "100");
        Run("INCR", "missing");
        Assert.Multiple(() =>
        {
            Assert.That(Run("INCR", "n"), Is.EqualTo(":42\r\n"));
            Assert.That(Run("DECRBY", "n", "50"), Is.EqualTo(":-8\r\n"));
            Assert.That(Db.LookupStored("n"u8).IsBareString, Is.True);
            Assert.That(Db.LookupStored("missing"u8).IsBareString, Is.True);
            Assert.That(Run("TTL", "n"), Is.EqualTo(":100\r\n"));
            Assert.That(Run("GET", "n"), Is.EqualTo(Bulk("-8")));
            Assert.That(Run("OBJECT", "ENCODING", "n"), Is.EqualTo(Bulk("int")));
        });
    }

    [TestCase("007")]
    [TestCase(" 1")]
    [TestCase("1.0")]
    [TestCase("")]
    [TestCase("99999999999999999999")]
    public void Incr_BareStringNotAnInteger_RepliesNotIntegerAndKeepsIt(string value)
    {
        Run("SET", "k", value);
        Assert.Multiple(() =>
        {
            Assert.That(Run("INCR", "k"), Is.EqualTo("-ERR value is not an integer or out of range\r\n"));
            Assert.That(Run("GET", "k"), Is.EqualTo(Bulk(value)));
        });
    }

    [Test]
    public void IncrBy_BareCounterOverflow_RepliesOverflowAndKeepsIt()
    {
        Run("SET", "k", "9223372036854775807");
        Assert.Multiple(() =>
        {
            Assert.That(Run("INCR", "k"), Is.EqualTo("-ERR increment or decrement would overflow\r\n"));
            Assert.That(Run("DECRBY", "k", "9223372036854775807"), Is.EqualTo(":0\r\n"));
            Assert.That(Run("DECR", "k"), Is.EqualTo(":-1\r\n"));
        });
    }

    [Test]
    public void Set_ShortValueOverAnObject_GoesBackIntoTheEntry()
    {
        Run("SET", "k", "aaaa");
        Db.Lookup("k"u8); // materialised by a lookup for an object
        Assert.That(Db.LookupStored("k"u8).IsBareString, Is.False);
        Run("SET", "k", "bbbb");
        Assert.Multiple(() =>
        {
            Assert.That(Db.LookupStored("k"u8).IsBareString, Is.True);
            Assert.That(Run("GET", "k"), Is.EqualTo(Bulk("bbbb")));
        });
    }

    // ---- SETNX / SETEX / PSETEX ----

    [Test]
    public void SetNx_MissingKey_RepliesOneAndSets()
    {
        Assert.That(Run("SETNX", "k", "v"), Is.EqualTo(":1\r\n"));
        Assert.That(Run("GET", "k"), Is.EqualTo(Bulk("v")));
    }

    [Test]
    public void SetNx_ExistingKey_RepliesZero()
    {
        Run("SET", "k", "old");
        Assert.That(Run("SETNX", "k", "v"), Is.EqualTo(":0\r\n"));
    }

    [Test]
    public void SetEx_SetsValueAndTtl()
    {
        Assert.That(Run("SETEX", "k", "100", "v"), Is.EqualTo(Ok));
        Assert.That(Run("GET", "k") + Run("TTL", "k"), Is.EqualTo(Bulk("v") + ":100\r\n"));
    }

    [Test]
    public void PSetEx_SetsValueAndTtl()
    {
        Assert.That(Run("PSETEX", "k", "100000", "v"), Is.EqualTo(Ok));
        Assert.That(Run("PTTL", "k"), Is.EqualTo(":100000\r\n"));
    }

    [TestCase("SETEX", "0", "-ERR invalid expire time in 'setex' command\r\n")]
    [TestCase("SETEX", "-5", "-ERR invalid expire time in 'setex' command\r\n")]
    [TestCase("SETEX", "9223372036854776", "-ERR invalid expire time in 'setex' command\r\n")]
    [TestCase("SETEX", "abc", NotInteger)]
    [TestCase("PSETEX", "0", "-ERR invalid expire time in 'psetex' command\r\n")]
    [TestCase("PSETEX", "9223372036854775807", "-ERR invalid expire time in 'psetex' command\r\n")]
    public void SetEx_BadTime_RepliesErrorNamingCommand(string command, string time, string expected) =>
        Assert.That(Run(command, "k", time, "v"), Is.EqualTo(expected));

    // ---- GETSET / GETDEL ----

    [Test]
    public void GetSet_ExistingKey_RepliesOldValueAndSets()
    {
        Run("SET", "k", "old");
        Assert.That(Run("GETSET", "k", "new"), Is.EqualTo(Bulk("old")));
        Assert.That(Run("GET", "k"), Is.EqualTo(Bulk("new")));
    }

    [Test]
    public void GetSet_MissingKey_RepliesNilAndSets()
    {
        Assert.That(Run("GETSET", "k", "v"), Is.EqualTo(Nil));
        Assert.That(Run("GET", "k"), Is.EqualTo(Bulk("v")));
    }

    [Test]
    public void GetSet_KeyWithTtl_RemovesTtl()
    {
        Run("SET", "k", "v", "EX", "100");
        Run("GETSET", "k", "w");
        Assert.That(Run("TTL", "k"), Is.EqualTo(":-1\r\n"));
    }

    [Test]
    public void GetSet_List_RepliesWrongType()
    {
        StoreList("l");
        Assert.That(Run("GETSET", "l", "v"), Is.EqualTo(WrongType));
    }

    [Test]
    public void GetDel_ExistingKey_RepliesValueAndDeletes()
    {
        Run("SET", "k", "v");
        Assert.That(Run("GETDEL", "k"), Is.EqualTo(Bulk("v")));
        Assert.That(Run("GETDEL", "k"), Is.EqualTo(Nil));
    }

    [Test]
    public void GetDel_List_RepliesWrongTypeAndKeepsIt()
    {
        StoreList("l");
        Assert.That(Run("GETDEL", "l"), Is.EqualTo(WrongType));
        Assert.That(Run("EXISTS", "l"), Is.EqualTo(":1\r\n"));
    }

    // ---- GETEX ----

    [Test]
    public void GetEx_NoOptions_RepliesValueAndKeepsTtl()
    {
        Run("SET", "k", "v", "EX", "100");
        Assert.That(Run("GETEX", "k"), Is.EqualTo(Bulk("v")));
        Assert.That(Run("TTL", "k"), Is.EqualTo(":100\r\n"));
    }

    [Test]
    public void GetEx_Persist_RemovesTtl()
    {
        Run("SET", "k", "v", "EX", "100");
        Assert.That(Run("GETEX", "k", "PERSIST"), Is.EqualTo(Bulk("v")));
        Assert.That(Run("TTL", "k"), Is.EqualTo(":-1\r\n"));
    }

    [Test]
    public void GetEx_Ex_SetsTtl()
    {
        Run("SET", "k", "v");
        Assert.That(Run("GETEX", "k", "EX", "10", "EX", "20"), Is.EqualTo(Bulk("v")));
        Assert.That(Run("TTL", "k"), Is.EqualTo(":20\r\n"));
    }

    [Test]
    public void GetEx_PxAtLargest_IsAccepted()
    {
        Run("SET", "k", "v");
        Assert.That(Run("GETEX", "k", "PXAT", "9223372036854775807"), Is.EqualTo(Bulk("v")));
        Assert.That(Run("PEXPIRETIME", "k"), Is.EqualTo(":9223372036854775807\r\n"));
    }

    [Test]
    public void GetEx_ExAtInThePast_RepliesValueThenDeletes()
    {
        Run("SET", "k", "v");
        Assert.That(Run("GETEX", "k", "EXAT", "1"), Is.EqualTo(Bulk("v")));
        Assert.That(Run("EXISTS", "k"), Is.EqualTo(":0\r\n"));
    }

    [TestCase("EX", "0", "-ERR invalid expire time in 'getex' command\r\n")]
    [TestCase("EX", "-1", "-ERR invalid expire time in 'getex' command\r\n")]
    [TestCase("PX", "9223372036854775807", "-ERR invalid expire time in 'getex' command\r\n")]
    [TestCase("EX", "x", NotInteger)]
    public void GetEx_BadTime_RepliesError(string unit, string time, string expected)
    {
        Run("SET", "k", "v");
        Assert.That(Run("GETEX", "k", unit, time), Is.EqualTo(expected));
    }

    [Test]
    public void GetEx_BadTimeOnMissingKey_RepliesNil() =>
        Assert.That(Run("GETEX", "nokey", "EX", "-1"), Is.EqualTo(Nil));

    [Test]
    public void GetEx_BadTimeOnList_RepliesWrongType()
    {
        StoreList("l");
        Assert.That(Run("GETEX", "l", "EX", "-1"), Is.EqualTo(WrongType));
    }

    [TestCase("PERSIST", "EX", "10")]
    [TestCase("EX", "10", "PERSIST")]
    [TestCase("EX", "10", "PX", "10")]
    [TestCase("NX")]
    [TestCase("XX")]
    [TestCase("KEEPTTL")]
    [TestCase("GET")]
    [TestCase("EX")]
    [TestCase("FOO")]
    public void GetEx_BadOptions_SyntaxError(params string[] options)
    {
        Run("SET", "k", "v");
        Assert.That(Run(["GETEX", "k", .. options]), Is.EqualTo(Syntax));
    }

    // ---- MGET / MSET / MSETNX ----

    [Test]
    public void MGet_MixedKeys_RepliesNilForMissingAndOtherTypes()
    {
        Run("MSET", "a", "1", "b", "two");
        StoreList("l");
        Assert.That(Run("MGET", "a", "nokey", "l", "b"), Is.EqualTo("*4\r\n$1\r\n1\r\n$-1\r\n$-1\r\n$3\r\ntwo\r\n"));
    }

    [Test]
    public void MSet_OddArguments_RepliesArityError() =>
        Assert.That(Run("MSET", "a", "1", "b"), Is.EqualTo("-ERR wrong number of arguments for 'mset' command\r\n"));

    [Test]
    public void MSetNx_OddArguments_RepliesArityError() =>
        Assert.That(Run("MSETNX", "a", "1", "b"), Is.EqualTo("-ERR wrong number of arguments for 'msetnx' command\r\n"));

    [Test]
    public void MSet_KeyWithTtl_RemovesTtl()
    {
        Run("SET", "a", "v", "EX", "100");
        Assert.That(Run("MSET", "a", "1"), Is.EqualTo(Ok));
        Assert.That(Run("TTL", "a"), Is.EqualTo(":-1\r\n"));
    }

    [Test]
    public void MSetNx_OneKeyExists_RepliesZeroAndSetsNothing()
    {
        Run("SET", "a", "1");
        Assert.That(Run("MSETNX", "c", "3", "a", "2"), Is.EqualTo(":0\r\n"));
        Assert.That(Run("MGET", "a", "c"), Is.EqualTo("*2\r\n$1\r\n1\r\n$-1\r\n"));
    }

    [Test]
    public void MSetNx_RepeatedNewKey_RepliesOneAndLastValueWins()
    {
        Assert.That(Run("MSETNX", "c", "3", "c", "4"), Is.EqualTo(":1\r\n"));
        Assert.That(Run("GET", "c"), Is.EqualTo(Bulk("4")));
    }

    // ---- INCR family ----

    [Test]
    public void Incr_MissingKey_StartsFromZero() => Assert.That(Run("INCR", "k"), Is.EqualTo(":1\r\n"));

    [Test]
    public void Decr_MissingKey_StartsFromZero() => Assert.That(Run("DECR", "k"), Is.EqualTo(":-1\r\n"));

    [Test]
    public void IncrBy_ExistingValue_Adds()
    {
        Run("SET", "k", "10");
        Assert.That(Run("INCRBY", "k", "-15"), Is.EqualTo(":-5\r\n"));
    }

    [Test]
    public void DecrBy_ExistingValue_Subtracts()
    {
        Run("SET", "k", "1");
        Assert.That(Run("DECRBY", "k", "9223372036854775807"), Is.EqualTo(":-9223372036854775806\r\n"));
    }

    [Test]
    public void Incr_ExistingInteger_UpdatesSameObjectInPlace()
    {
        Run("SET", "k", "41");
        RedisObject before = Db.Lookup("k"u8)!;
        Run("INCR", "k");
        Assert.Multiple(() =>
        {
            Assert.That(Db.Lookup("k"u8), Is.SameAs(before));
            Assert.That(((RedisString)before).IsInteger, Is.True);
            Assert.That(Run("GET", "k"), Is.EqualTo(Bulk("42")));
        });
    }

    [Test]
    public void Incr_ValueAppendedToDigits_ParsesAndReencodesAsInteger()
    {
        Run("SET", "k", "12");
        Run("APPEND", "k", "3");
        Assert.Multiple(() =>
        {
            Assert.That(Run("INCR", "k"), Is.EqualTo(":124\r\n"));
            Assert.That(((RedisString)Db.Lookup("k"u8)!).IsInteger, Is.True);
        });
    }

    [Test]
    public void Incr_KeyWithTtl_KeepsTtl()
    {
        Run("SET", "k", "5", "EX", "100");
        Run("INCR", "k");
        Assert.That(Run("TTL", "k"), Is.EqualTo(":100\r\n"));
    }

    [Test]
    public void Incr_List_RepliesWrongType()
    {
        StoreList("l");
        Assert.That(Run("INCR", "l"), Is.EqualTo(WrongType));
    }

    [TestCase("foo")]
    [TestCase(" 1")]
    [TestCase("01")]
    [TestCase("")]
    [TestCase("1.5")]
    [TestCase("9223372036854775808")]
    public void Incr_ValueNotInteger_RepliesNotInteger(string value)
    {
        Run("SET", "k", value);
        Assert.That(Run("INCR", "k"), Is.EqualTo(NotInteger));
    }

    [Test]
    public void IncrBy_IncrementNotInteger_RepliesNotIntegerBeforeTypeCheck()
    {
        StoreList("l");
        Assert.That(Run("INCRBY", "l", "abc"), Is.EqualTo(NotInteger));
    }

    [Test]
    public void Incr_AtMaximum_RepliesOverflow()
    {
        Run("SET", "k", "9223372036854775807");
        Assert.That(Run("INCR", "k"), Is.EqualTo("-ERR increment or decrement would overflow\r\n"));
    }

    [Test]
    public void Decr_AtMinimum_RepliesOverflow()
    {
        Run("SET", "k", "-9223372036854775808");
        Assert.That(Run("DECR", "k"), Is.EqualTo("-ERR increment or decrement would overflow\r\n"));
    }

    [Test]
    public void IncrBy_MinimumOnNegative_RepliesOverflow()
    {
        Run("SET", "k", "-1");
        Assert.That(Run("INCRBY", "k", "-9223372036854775808"), Is.EqualTo("-ERR increment or decrement would overflow\r\n"));
    }

    [Test]
    public void DecrBy_Minimum_RepliesDecrementOverflow()
    {
        Run("SET", "k", "1");
        Assert.That(Run("DECRBY", "k", "-9223372036854775808"), Is.EqualTo("-ERR decrement would overflow\r\n"));
    }

    // ---- INCRBYFLOAT ----

    // Each row: the stored value (null: missing key), the increment, and what Redis 7.0.15 replies.
    [TestCase("10.5", "0.1", "10.6")]
    [TestCase("0.1", "0.2", "0.3")]
    [TestCase("5.0e3", "2.0e2", "5200")]
    [TestCase("100.5", "0.1", "100.6")]
    [TestCase("3.0", "1.5", "4.5")]
    [TestCase("1e3", "1e3", "2000")]
    [TestCase("1.5", "-1.5", "0")]
    [TestCase(null, "1.5", "1.5")]
    [TestCase(null, "-0.1", "-0.1")]
    [TestCase(null, "3.0", "3")]
    [TestCase(null, "-0", "0")] // "-0" is written as "0"
    [TestCase(null, "+.5", "0.5")]
    [TestCase(null, "1.", "1")]
    [TestCase(null, "00012", "12")]
    [TestCase(null, "1E+2", "100")]
    [TestCase(null, "0e-9999999", "0")]
    // The 64-bit significand shows in the 17 printed decimals once the integer part grows.
    [TestCase("10000000000", "0.1", "10000000000.09999999962747097")]
    [TestCase("1234.5678", "1111.1111", "2345.67890000000000006")]
    [TestCase("123456789.123456789", "987654321.987654321", "1111111111.11111110995989293")]
    [TestCase("9223372036854775807", "1", "9223372036854775808")]
    [TestCase("18446744073709551615", "1", "18446744073709551616")]
    [TestCase("18446744073709551617", "0", "18446744073709551616")]
    // Rounding to 17 decimals: to nearest, ties (exact binary halves) to even.
    [TestCase(null, "5e-18", "0")]
    [TestCase(null, "-5e-18", "0")]
    [TestCase("0", "1e-18", "0")]
    [TestCase("0.00000000000000001", "0", "0.00000000000000001")]
    [TestCase("0.000000000000000015", "0", "0.00000000000000002")]
    [TestCase("0.000000000000000025", "0", "0.00000000000000002")]
    [TestCase("-0.000000000000000004", "0", "0")]
    [TestCase(null, "3.814697265625e-6", "0.00000381469726562")]
    [TestCase(null, "1.1920928955078125e-7", "0.00000011920928955")]
    // Hexadecimal floats, as strtold reads them.
    [TestCase("3", "0x10", "19")]
    [TestCase("1000", "0x1p-3", "1000.125")]
    [TestCase(null, "0x1.8p1", "3")]
    [TestCase(null, "0X1P-1", "0.5")]
    [TestCase(null, "0x1.", "1")]
    // Tiny values: subnormals are accepted, values that round to zero are not (see the error cases).
    [TestCase("19", "1.5e-20", "19")]
    [TestCase("3", "1e-4950", "3")]
    [TestCase(null, "1e-4950", "0")]
    [TestCase(null, "-1e-4950", "0")]
    [TestCase(null, "0x1p-16445", "0")]
    // Large values: every integer digit is printed.
    [TestCase("5200", "1e300", "1000000000000000000008997324079559193870523944273290747938260082321265646596180935755849152083750497190350372508614274835903592556184672983913096260520748646287327135641843653294084255107606016789726652932370030551382947620994540294772781889620606179267611627097410650567187386105690089424915104006144")]
    [TestCase("1e308", "1e308", "199999999999999999993371759311691291321120199694831134415594095989843469737676123744200253843777078640893494450108026446304269499187921167194841628860392837535918200039206381557326219209014213335878306791577877829121087126122536729803237260434173178506889763247582601711514636284849020905456510092687857156096")]
    public void IncrByFloat_MatchesRedisDigits(string? initial, string increment, string expected)
    {
        if (initial is not null)
        {
            Run("SET", "k", initial);
        }
        Assert.That(Run("INCRBYFLOAT", "k", increment), Is.EqualTo(Bulk(expected)));
    }

    // The largest magnitudes print thousands of digits; the expected replies are compared by length and SHA-256.
    [TestCase("1e4932", 4933, "754d16acb807875eba75298c60f224d7a029b9d04efbadf36cacaaa9b88f0745")]
    [TestCase("0x1p16383", 4932, "f472c41010f0b23fc115cd238c0de02dcbab892c2fc438bd8d826bcc4d739591")]
    [TestCase("1.18973149535723176502e+4932", 4933, "39319dad6400899a3385cef1c62991c21106f7f12a7dea6f3849a857ad9131a6")]
    [TestCase("-1.18973149535723176502e+4932", 4934, "26eeb64b4577cf1c37be4067ae26668bf7f7541985ed82f97f88c374d904903a")]
    public void IncrByFloat_HugeValue_MatchesRedisDigits(string increment, int length, string sha256)
    {
        string reply = Run("INCRBYFLOAT", "k", increment);
        string digits = reply[(reply.IndexOf('\n') + 1)..^2];
        Assert.Multiple(() =>
        {
            Assert.That(digits, Has.Length.EqualTo(length));
            Assert.That(Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(digits))), Is.EqualTo(sha256));
        });
    }

    [TestCase(" 1")]
    [TestCase("1 ")]
    [TestCase("abc")]
    [TestCase("1e5000")]
    [TestCase("1e-5000")]
    [TestCase("1e-4951")] // below half the smallest subnormal: rounds to zero, strtold's ERANGE
    [TestCase("0x1p-16446")]
    [TestCase("0x.8p-16445")]
    [TestCase("0x1p16384")]
    [TestCase("1.18973149535723176508e+4932")]
    [TestCase("nan")]
    [TestCase("-nan")]
    [TestCase("nan(123)")]
    [TestCase(".")]
    [TestCase(".e5")]
    [TestCase("1e")]
    [TestCase("0x")]
    [TestCase("0x.")]
    [TestCase("0x1p")]
    [TestCase("1\0")]
    public void IncrByFloat_BadIncrement_RepliesNotFloat(string increment) =>
        Assert.That(Run("INCRBYFLOAT", "k", increment), Is.EqualTo(NotFloat));

    [Test]
    public void IncrByFloat_TooLongIncrement_RepliesNotFloat() =>
        Assert.That(Run("INCRBYFLOAT", "k", "1" + new string('0', 5119)), Is.EqualTo(NotFloat));

    [TestCase("foo")]
    [TestCase("\0")]
    [TestCase("2\0abc")]
    [TestCase("")]
    public void IncrByFloat_StoredValueNotFloat_RepliesNotFloat(string value)
    {
        Run("SET", "k", value);
        Assert.That(Run("INCRBYFLOAT", "k", "1"), Is.EqualTo(NotFloat));
    }

    [TestCase("inf")]
    [TestCase("+inF")]
    [TestCase("-INFINITY")]
    public void IncrByFloat_InfiniteIncrement_RepliesNaNOrInfinity(string increment) =>
        Assert.That(Run("INCRBYFLOAT", "k", increment), Is.EqualTo("-ERR increment would produce NaN or Infinity\r\n"));

    [Test]
    public void IncrByFloat_SumOverflows_RepliesNaNOrInfinity()
    {
        Run("SET", "k", "1.18973149535723176502e+4932");
        Assert.That(Run("INCRBYFLOAT", "k", "1.18973149535723176502e+4932"),
            Is.EqualTo("-ERR increment would produce NaN or Infinity\r\n"));
    }

    [Test]
    public void IncrByFloat_List_RepliesWrongType()
    {
        StoreList("l");
        Assert.That(Run("INCRBYFLOAT", "l", "abc"), Is.EqualTo(WrongType));
    }

    [Test]
    public void IncrByFloat_KeyWithTtl_KeepsTtl()
    {
        Run("SET", "k", "5", "EX", "100");
        Run("INCRBYFLOAT", "k", "1.5");
        Assert.That(Run("TTL", "k"), Is.EqualTo(":100\r\n"));
    }

    [Test]
    public void IncrByFloat_IntegralResult_IsStoredAsText()
    {
        Run("INCRBYFLOAT", "k", "5");
        Assert.That(Db.Lookup("k"u8)!.Encoding, Is.EqualTo("embstr"));
    }

    // ---- APPEND / STRLEN ----

    [Test]
    public void Append_MissingKey_CreatesAndRepliesLength()
    {
        Assert.That(Run("APPEND", "k", "hello"), Is.EqualTo(":5\r\n"));
        Assert.That(Run("GET", "k"), Is.EqualTo(Bulk("hello")));
    }

    [Test]
    public void Append_ExistingString_AppendsInPlace()
    {
        Run("SET", "k", "hello");
        Assert.That(Run("APPEND", "k", " world"), Is.EqualTo(":11\r\n"));
        Assert.That(Run("GET", "k"), Is.EqualTo(Bulk("hello world")));
    }

    [Test]
    public void Append_IntEncodedValue_AppendsToDigits()
    {
        Run("SET", "k", "123");
        Assert.That(Run("APPEND", "k", "4"), Is.EqualTo(":4\r\n"));
        Assert.That(Db.Lookup("k"u8)!.Encoding, Is.EqualTo("raw"));
    }

    [Test]
    public void Append_IntEncodedValueOfTwentyDigits_AppendsToAllDigits()
    {
        Run("SET", "k", "-9223372036854775808");
        Assert.That(Run("APPEND", "k", "x"), Is.EqualTo(":21\r\n"));
        Assert.That(Run("GET", "k"), Is.EqualTo("$21\r\n-9223372036854775808x\r\n"));
    }

    [Test]
    public void Append_ManySmallPieces_KeepsEveryByte()
    {
        var expected = new StringBuilder();
        for (int i = 0; i < 300; i++)
        {
            string piece = (i % 10).ToString();
            Run("APPEND", "k", piece);
            expected.Append(piece);
        }
        Assert.That(Run("GET", "k"), Is.EqualTo(Bulk(expected.ToString())));
    }

    [Test]
    public void Append_KeyWithTtl_KeepsTtl()
    {
        Run("SET", "k", "v", "EX", "100");
        Run("APPEND", "k", "x");
        Assert.That(Run("TTL", "k"), Is.EqualTo(":100\r\n"));
    }

    [Test]
    public void Append_List_RepliesWrongType()
    {
        StoreList("l");
        Assert.That(Run("APPEND", "l", "x"), Is.EqualTo(WrongType));
    }

    [Test]
    public void Append_PastProtoMaxBulkLen_RepliesStringTooLong()
    {
        Harness.Server.Config.Limits.MaxBulkLength = 8;
        Run("SET", "k", "12345");
        Assert.Multiple(() =>
        {
            Assert.That(Run("APPEND", "k", "678"), Is.EqualTo(":8\r\n"));
            Assert.That(Run("APPEND", "k", "9"), Is.EqualTo("-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n"));
        });
    }

    [Test]
    public void StrLen_String_RepliesLength()
    {
        Run("SET", "k", "hello");
        Assert.That(Run("STRLEN", "k"), Is.EqualTo(":5\r\n"));
    }

    [Test]
    public void StrLen_IntEncoded_RepliesDigitCount()
    {
        Run("SET", "k", "-1234");
        Assert.That(Run("STRLEN", "k"), Is.EqualTo(":5\r\n"));
    }

    [Test]
    public void StrLen_MissingKey_RepliesZero() => Assert.That(Run("STRLEN", "k"), Is.EqualTo(":0\r\n"));

    [Test]
    public void StrLen_List_RepliesWrongType()
    {
        StoreList("l");
        Assert.That(Run("STRLEN", "l"), Is.EqualTo(WrongType));
    }

    // ---- GETRANGE / SUBSTR ----

    [TestCase("0", "4", "hello")]
    [TestCase("-5", "-1", "world")]
    [TestCase("-1", "-5", "")]
    [TestCase("5", "3", "")]
    [TestCase("0", "-100", "h")]
    [TestCase("-100", "-100", "h")]
    [TestCase("0", "1000", "hello world")]
    [TestCase("100", "200", "")]
    [TestCase("-1", "-1", "d")]
    [TestCase("9223372036854775807", "-9223372036854775808", "")]
    public void GetRange_Indexes_MatchRedis(string start, string end, string expected)
    {
        Run("SET", "k", "hello world");
        Assert.That(Run("GETRANGE", "k", start, end), Is.EqualTo(Bulk(expected)));
    }

    [Test]
    public void GetRange_IntEncoded_SlicesDigits()
    {
        Run("SET", "k", "123");
        Assert.That(Run("GETRANGE", "k", "1", "2"), Is.EqualTo(Bulk("23")));
    }

    [Test]
    public void GetRange_EmptyString_RepliesEmptyBulk()
    {
        Run("SET", "k", "");
        Assert.That(Run("GETRANGE", "k", "0", "-1"), Is.EqualTo("$0\r\n\r\n"));
    }

    [Test]
    public void GetRange_MissingKey_RepliesEmptyBulk() =>
        Assert.That(Run("GETRANGE", "k", "0", "1"), Is.EqualTo("$0\r\n\r\n"));

    [Test]
    public void GetRange_BadIndexOnMissingKey_RepliesNotInteger() =>
        Assert.That(Run("GETRANGE", "k", "a", "1"), Is.EqualTo(NotInteger));

    [Test]
    public void GetRange_List_RepliesWrongType()
    {
        StoreList("l");
        Assert.That(Run("GETRANGE", "l", "0", "1"), Is.EqualTo(WrongType));
    }

    [Test]
    public void SubStr_IsGetRange()
    {
        Run("SET", "k", "hello world");
        Assert.That(Run("SUBSTR", "k", "0", "3"), Is.EqualTo(Bulk("hell")));
    }

    // ---- SETRANGE ----

    [Test]
    public void SetRange_InsideString_Overwrites()
    {
        Run("SET", "k", "hello world");
        Assert.That(Run("SETRANGE", "k", "6", "WORLD"), Is.EqualTo(":11\r\n"));
        Assert.That(Run("GET", "k"), Is.EqualTo(Bulk("hello WORLD")));
    }

    [Test]
    public void SetRange_MissingKey_ZeroPads()
    {
        Assert.That(Run("SETRANGE", "k", "3", "ab"), Is.EqualTo(":5\r\n"));
        Assert.That(Run("GET", "k"), Is.EqualTo("$5\r\n\0\0\0ab\r\n"));
    }

    [Test]
    public void SetRange_PastEnd_ZeroPadsAndGrows()
    {
        Run("SET", "k", "ab");
        Assert.That(Run("SETRANGE", "k", "4", "c"), Is.EqualTo(":5\r\n"));
        Assert.That(Run("GET", "k"), Is.EqualTo("$5\r\nab\0\0c\r\n"));
    }

    [Test]
    public void SetRange_IntEncoded_EditsDigits()
    {
        Run("SET", "k", "1234");
        Assert.That(Run("SETRANGE", "k", "0", "9"), Is.EqualTo(":4\r\n"));
        Assert.That(Run("GET", "k"), Is.EqualTo(Bulk("9234")));
    }

    [Test]
    public void SetRange_EmptyValueOnMissingKey_RepliesZeroAndDoesNotCreate()
    {
        Assert.That(Run("SETRANGE", "k", "3", ""), Is.EqualTo(":0\r\n"));
        Assert.That(Run("EXISTS", "k"), Is.EqualTo(":0\r\n"));
    }

    [Test]
    public void SetRange_EmptyValueOnExisting_RepliesLength()
    {
        Run("SET", "k", "hello");
        Assert.That(Run("SETRANGE", "k", "100", ""), Is.EqualTo(":5\r\n"));
    }

    [Test]
    public void SetRange_NegativeOffset_RepliesOutOfRange() =>
        Assert.That(Run("SETRANGE", "k", "-1", "x"), Is.EqualTo("-ERR offset is out of range\r\n"));

    [Test]
    public void SetRange_NegativeOffsetOnList_RepliesOutOfRangeFirst()
    {
        StoreList("l");
        Assert.That(Run("SETRANGE", "l", "-1", "x"), Is.EqualTo("-ERR offset is out of range\r\n"));
    }

    [Test]
    public void SetRange_OffsetNotInteger_RepliesNotInteger() =>
        Assert.That(Run("SETRANGE", "k", "abc", "x"), Is.EqualTo(NotInteger));

    [Test]
    public void SetRange_List_RepliesWrongType()
    {
        StoreList("l");
        Assert.That(Run("SETRANGE", "l", "0", "x"), Is.EqualTo(WrongType));
    }

    [Test]
    public void SetRange_AtProtoMaxBulkLen_IsAllowed()
    {
        Harness.Server.Config.Limits.MaxBulkLength = 1024;
        Assert.That(Run("SETRANGE", "k", "1023", "x"), Is.EqualTo(":1024\r\n"));
    }

    [TestCase("1024", "x")]
    [TestCase("9223372036854775807", "x")]
    public void SetRange_PastProtoMaxBulkLen_RepliesStringTooLong(string offset, string value)
    {
        Harness.Server.Config.Limits.MaxBulkLength = 1024;
        Assert.That(Run("SETRANGE", "k", offset, value),
            Is.EqualTo("-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n"));
    }

    [Test]
    public void SetRange_KeyWithTtl_KeepsTtl()
    {
        Run("SET", "k", "v", "EX", "100");
        Run("SETRANGE", "k", "0", "x");
        Assert.That(Run("TTL", "k"), Is.EqualTo(":100\r\n"));
    }

    // ---- arity and hot-path allocations ----

    [TestCase("GET")]
    [TestCase("SET", "k")]
    [TestCase("SETNX", "k")]
    [TestCase("SETEX", "k", "1")]
    [TestCase("PSETEX", "k", "1")]
    [TestCase("GETSET", "k")]
    [TestCase("GETDEL")]
    [TestCase("GETEX")]
    [TestCase("MGET")]
    [TestCase("MSET", "k")]
    [TestCase("MSETNX", "k")]
    [TestCase("INCR")]
    [TestCase("DECR", "a", "b")]
    [TestCase("INCRBY", "k")]
    [TestCase("DECRBY", "k")]
    [TestCase("INCRBYFLOAT", "k")]
    [TestCase("APPEND", "k")]
    [TestCase("STRLEN")]
    [TestCase("GETRANGE", "k", "0")]
    [TestCase("SUBSTR", "k", "0")]
    [TestCase("SETRANGE", "k", "0")]
    public void StringCommand_WrongArity_RepliesArityError(string command, params string[] args) =>
        Assert.That(Run([command, .. args]),
            Is.EqualTo($"-ERR wrong number of arguments for '{command.ToLowerInvariant()}' command\r\n"));

    [TestCase("GET", "k")]
    [TestCase("SET", "k", "abcd")]
    [TestCase("INCR", "n")]
    [TestCase("MGET", "k", "n", "missing")]
    public void HotCommand_SteadyState_DoesNotAllocate(params string[] args)
    {
        Run("SET", "k", "abcd");
        Run("SET", "n", "100000");
        AssertNoAllocation(Resp.Command(args));
    }

    // A value over 16 bytes is a bare array in the entry: overwriting it with one as long reuses the array.
    [TestCase("GET", "k")]
    [TestCase("SET", "k", "0123456789abcdefghijklmnopqrstuvwxyz")]
    [TestCase("MSET", "k", "zyxwvutsrqponmlkjihgfedcba9876543210")]
    public void HotCommand_LongValueSteadyState_DoesNotAllocate(params string[] args)
    {
        Run("SET", "k", "abcdefghijklmnopqrstuvwxyz0123456789");
        AssertNoAllocation(Resp.Command(args));
    }
}
