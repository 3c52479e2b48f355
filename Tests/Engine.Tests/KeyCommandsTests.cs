using System.Text;
using Reactor.MiniRedis.Engine.Tests.Support;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Engine.Tests;

/// <summary>The generic key commands against Redis 7.0.15's exact replies (checked against a real redis-server 7.0.15).</summary>
public sealed class KeyCommandsTests : CommandTestBase
{
    private const string Ok = "+OK\r\n";
    private const string One = ":1\r\n";
    private const string Zero = ":0\r\n";
    private const string NoSuchKey = "-ERR no such key\r\n";


    private Database Db => Harness.Server.Keyspace[0];

    private void Store(string key, ObjectType type) => Db.Set(Encoding.Latin1.GetBytes(key), new StubValue(type));

    /// <summary>A value of any type, so generic commands can be tested without the other families' commands.</summary>
    internal sealed class StubValue(ObjectType type) : RedisObject
    {
        public override ObjectType Type { get; } = type;

        public override string Encoding => "listpack";

        public override RedisObject Clone() => new StubValue(Type);
    }

    // ---- DEL / UNLINK / EXISTS / TOUCH / TYPE ----

    [Test]
    public void Del_RepeatedAndMissingKeys_CountsEachDeletionOnce()
    {
        Run("MSET", "a", "1", "b", "2", "c", "3");
        Assert.That(Run("DEL", "a", "a", "b", "nokey"), Is.EqualTo(":2\r\n"));
        Assert.That(Run("EXISTS", "a", "b", "c"), Is.EqualTo(One));
    }

    [Test]
    public void Del_KeyWithTtl_RemovesTtlToo()
    {
        Run("SET", "a", "1", "EX", "100");
        Run("DEL", "a");
        Assert.That(Db.ExpiresCount, Is.Zero);
    }

    [Test]
    public void Unlink_DeletesLikeDel()
    {
        Run("MSET", "a", "1", "b", "2");
        Store("l", ObjectType.List);
        Assert.That(Run("UNLINK", "a", "l", "nokey"), Is.EqualTo(":2\r\n"));
        Assert.That(Run("EXISTS", "a", "b", "l"), Is.EqualTo(One));
    }

    [Test]
    public void Exists_RepeatedKey_CountsEachTime()
    {
        Run("SET", "c", "3");
        Assert.That(Run("EXISTS", "c", "c", "c", "nokey"), Is.EqualTo(":3\r\n"));
    }

    [Test]
    public void Exists_CountsKeyspaceHitsAndMisses()
    {
        Run("SET", "c", "3");
        Run("EXISTS", "c", "nokey");
        Assert.That((Harness.Server.Stats.KeyspaceHits, Harness.Server.Stats.KeyspaceMisses), Is.EqualTo((1L, 1L)));
    }

    [Test]
    public void Touch_CountsExistingKeys()
    {
        Run("MSET", "a", "1", "b", "2");
        Store("l", ObjectType.List);
        Assert.That(Run("TOUCH", "a", "b", "l", "nokey", "l"), Is.EqualTo(":4\r\n"));
    }

    [TestCase(ObjectType.List, "+list\r\n")]
    [TestCase(ObjectType.Set, "+set\r\n")]
    [TestCase(ObjectType.SortedSet, "+zset\r\n")]
    [TestCase(ObjectType.Hash, "+hash\r\n")]
    public void Type_OtherTypes_RepliesRedisName(ObjectType type, string expected)
    {
        Store("k", type);
        Assert.That(Run("TYPE", "k"), Is.EqualTo(expected));
    }

    [Test]
    public void Type_String_RepliesString()
    {
        Run("SET", "k", "v");
        Assert.That(Run("TYPE", "k"), Is.EqualTo("+string\r\n"));
    }

    [Test]
    public void Type_MissingKey_RepliesNone() => Assert.That(Run("TYPE", "k"), Is.EqualTo("+none\r\n"));

    // ---- RENAME / RENAMENX ----

    [Test]
    public void Rename_MissingKey_RepliesNoSuchKey() => Assert.That(Run("RENAME", "nokey", "x"), Is.EqualTo(NoSuchKey));

    [Test]
    public void Rename_MissingKeyOntoItself_RepliesNoSuchKey() =>
        Assert.That(Run("RENAME", "nokey", "nokey"), Is.EqualTo(NoSuchKey));

    [Test]
    public void RenameNx_MissingKey_RepliesNoSuchKey() => Assert.That(Run("RENAMENX", "nokey", "s"), Is.EqualTo(NoSuchKey));

    [Test]
    public void Rename_OntoItself_RepliesOkAndKeepsKey()
    {
        Run("SET", "s", "v", "EX", "100");
        Assert.That(Run("RENAME", "s", "s"), Is.EqualTo(Ok));
        Assert.That(Run("GET", "s") + Run("TTL", "s"), Is.EqualTo("$1\r\nv\r\n:100\r\n"));
    }

    [Test]
    public void RenameNx_OntoItself_RepliesZero()
    {
        Run("SET", "s", "v");
        Assert.That(Run("RENAMENX", "s", "s"), Is.EqualTo(Zero));
    }

    [Test]
    public void Rename_ExistingKey_MovesValue()
    {
        Run("SET", "s", "v");
        Assert.That(Run("RENAME", "s", "s2"), Is.EqualTo(Ok));
        Assert.That(Run("GET", "s2") + Run("EXISTS", "s"), Is.EqualTo("$1\r\nv\r\n:0\r\n"));
    }

    [Test]
    public void Rename_KeyWithTtl_KeepsTtl()
    {
        Run("SET", "e", "v", "EX", "100");
        Run("RENAME", "e", "e2");
        Assert.That(Run("TTL", "e2"), Is.EqualTo(":100\r\n"));
    }

    [Test]
    public void Rename_OverKeyWithTtl_DropsDestinationTtl()
    {
        Run("SET", "s", "v");
        Run("SET", "d", "old", "EX", "50");
        Assert.That(Run("RENAME", "s", "d"), Is.EqualTo(Ok));
        Assert.That(Run("GET", "d") + Run("TTL", "d"), Is.EqualTo("$1\r\nv\r\n:-1\r\n"));
    }

    [Test]
    public void Rename_OverOtherType_ReplacesIt()
    {
        Store("l", ObjectType.List);
        Run("SET", "s", "v");
        Run("RENAME", "l", "s");
        Assert.That(Run("TYPE", "s"), Is.EqualTo("+list\r\n"));
    }

    [Test]
    public void RenameNx_DestinationExists_RepliesZeroAndChangesNothing()
    {
        Run("SET", "s", "v");
        Store("l", ObjectType.List);
        Assert.That(Run("RENAMENX", "s", "l"), Is.EqualTo(Zero));
        Assert.That(Run("TYPE", "s") + Run("TYPE", "l"), Is.EqualTo("+string\r\n+list\r\n"));
    }

    [Test]
    public void RenameNx_NewDestination_RepliesOneAndMoves()
    {
        Run("SET", "s", "v", "PX", "5000");
        Assert.That(Run("RENAMENX", "s", "t"), Is.EqualTo(One));
        Assert.That(Run("PTTL", "t") + Run("EXISTS", "s"), Is.EqualTo(":5000\r\n:0\r\n"));
    }

    // ---- KEYS / RANDOMKEY ----

    [TestCase("*", new[] { "h", "hello", "l", "z" })]
    [TestCase("h*", new[] { "h", "hello" })]
    [TestCase("[hz]", new[] { "h", "z" })]
    [TestCase("h?llo", new[] { "hello" })]
    [TestCase("nomatch", new string[0])]
    public void Keys_Pattern_RepliesMatchingKeys(string pattern, string[] expected)
    {
        Run("MSET", "h", "1", "hello", "2", "z", "3");
        Store("l", ObjectType.List);
        string[] keys = ParseBulkArray(Run("KEYS", pattern));
        Assert.That(keys, Is.EquivalentTo(expected));
    }

    [Test]
    public void Keys_EmptyDatabase_RepliesEmptyArray() => Assert.That(Run("KEYS", "*"), Is.EqualTo("*0\r\n"));

    [Test]
    public void RandomKey_EmptyDatabase_RepliesNil() => Assert.That(Run("RANDOMKEY"), Is.EqualTo("$-1\r\n"));

    [Test]
    public void RandomKey_OneKey_RepliesIt()
    {
        Run("SET", "only", "v");
        Assert.That(Run("RANDOMKEY"), Is.EqualTo("$4\r\nonly\r\n"));
    }

    [Test]
    public void RandomKey_SeveralKeys_RepliesOneOfThem()
    {
        Run("MSET", "a", "1", "b", "2", "c", "3");
        Assert.That(Run("RANDOMKEY"), Is.AnyOf("$1\r\na\r\n", "$1\r\nb\r\n", "$1\r\nc\r\n"));
    }

    // ---- EXPIRE family ----

    // Each row: the command, its time argument, and what PEXPIRETIME then reports (now is 1700000000000).
    [TestCase("EXPIRE", "100", ":1700000100000\r\n")]
    [TestCase("PEXPIRE", "1234", ":1700000001234\r\n")]
    [TestCase("EXPIREAT", "1800000000", ":1800000000000\r\n")]
    [TestCase("PEXPIREAT", "1800000000123", ":1800000000123\r\n")]
    public void Expire_ExistingKey_SetsExpireTime(string command, string time, string expireTime)
    {
        Run("SET", "k", "v");
        Assert.That(Run(command, "k", time), Is.EqualTo(One));
        Assert.That(Run("PEXPIRETIME", "k"), Is.EqualTo(expireTime));
    }

    [Test]
    public void Expire_MissingKey_RepliesZero() => Assert.That(Run("EXPIRE", "nokey", "100"), Is.EqualTo(Zero));

    [TestCase("EXPIRE", "0")]
    [TestCase("EXPIRE", "-5")]
    [TestCase("PEXPIRE", "-9223372036854775808")]
    [TestCase("EXPIRE", "-9223372036854775")]
    [TestCase("EXPIREAT", "100")]
    [TestCase("PEXPIREAT", "1")]
    public void Expire_TimeNotInFuture_DeletesKeyAndRepliesOne(string command, string time)
    {
        Run("SET", "k", "v");
        Assert.That(Run(command, "k", time), Is.EqualTo(One));
        Assert.That(Run("EXISTS", "k"), Is.EqualTo(Zero));
    }

    [Test]
    public void PExpireAt_LargestTime_IsAccepted()
    {
        Run("SET", "k", "v");
        Assert.That(Run("PEXPIREAT", "k", "9223372036854775807"), Is.EqualTo(One));
        Assert.That(Run("PEXPIRETIME", "k") + Run("EXPIRETIME", "k"), Is.EqualTo(":9223372036854775807\r\n:9223372036854776\r\n"));
    }

    [TestCase("EXPIRE", "9223372036854776")]
    [TestCase("EXPIRE", "-9223372036854776")]
    [TestCase("EXPIRE", "9223372036854775")] // fits once multiplied, but not once now is added
    [TestCase("PEXPIRE", "9223372036854775807")]
    [TestCase("EXPIREAT", "9223372036854775807")]
    public void Expire_Overflow_RepliesInvalidExpireTimeNamingCommand(string command, string time)
    {
        Run("SET", "k", "v");
        Assert.That(Run(command, "k", time), Is.EqualTo($"-ERR invalid expire time in '{command.ToLowerInvariant()}' command\r\n"));
    }

    [Test]
    public void Expire_OverflowOnMissingKey_StillRepliesError() =>
        Assert.That(Run("PEXPIRE", "nokey", "9223372036854775807"), Is.EqualTo("-ERR invalid expire time in 'pexpire' command\r\n"));

    [Test]
    public void Expire_NotInteger_RepliesNotInteger() =>
        Assert.That(Run("EXPIRE", "k", "abc"), Is.EqualTo("-ERR value is not an integer or out of range\r\n"));

    // Each row: the key's current TTL in seconds (null: none), the new TTL, the option, the reply and the TTL after.
    [TestCase(null, "100", "NX", One, ":100\r\n")]
    [TestCase("50", "100", "NX", Zero, ":50\r\n")]
    [TestCase(null, "100", "XX", Zero, ":-1\r\n")]
    [TestCase("50", "100", "XX", One, ":100\r\n")]
    [TestCase("50", "100", "GT", One, ":100\r\n")]
    [TestCase("50", "50", "GT", Zero, ":50\r\n")]
    [TestCase("100", "50", "GT", Zero, ":100\r\n")]
    [TestCase(null, "100", "GT", Zero, ":-1\r\n")] // no TTL counts as infinite
    [TestCase("100", "50", "LT", One, ":50\r\n")]
    [TestCase("50", "50", "LT", Zero, ":50\r\n")]
    [TestCase("50", "100", "LT", Zero, ":50\r\n")]
    [TestCase(null, "100", "LT", One, ":100\r\n")]
    [TestCase("50", "100", "nx", Zero, ":50\r\n")]
    public void Expire_Condition_MatchesRedis(string? current, string ttl, string option, string reply, string ttlAfter)
    {
        Run("SET", "k", "v");
        if (current is not null)
        {
            Run("EXPIRE", "k", current);
        }
        Assert.That(Run("EXPIRE", "k", ttl, option), Is.EqualTo(reply));
        Assert.That(Run("TTL", "k"), Is.EqualTo(ttlAfter));
    }

    [Test]
    public void Expire_XxAndGt_BothMustHold()
    {
        Run("SET", "k", "v", "EX", "50");
        Assert.That(Run("EXPIRE", "k", "100", "XX", "GT") + Run("EXPIRE", "k", "200", "XX", "LT"), Is.EqualTo(One + Zero));
    }

    [Test]
    public void Expire_RepeatedOption_IsAccepted()
    {
        Run("SET", "k", "v", "EX", "50");
        Assert.That(Run("EXPIRE", "k", "100", "NX", "NX"), Is.EqualTo(Zero));
    }

    [Test]
    public void Expire_LtWithPastTimeOnKeyWithTtl_Deletes()
    {
        Run("SET", "k", "v", "EX", "100");
        Assert.That(Run("EXPIRE", "k", "-1", "LT"), Is.EqualTo(One));
        Assert.That(Run("EXISTS", "k"), Is.EqualTo(Zero));
    }

    [Test]
    public void Expire_GtWithPastTime_RepliesZeroAndKeeps()
    {
        Run("SET", "k", "v", "EX", "100");
        Assert.That(Run("EXPIRE", "k", "-1", "GT"), Is.EqualTo(Zero));
        Assert.That(Run("EXISTS", "k"), Is.EqualTo(One));
    }

    [TestCase("NX", "XX")]
    [TestCase("NX", "GT")]
    [TestCase("LT", "NX")]
    [TestCase("XX", "NX")]
    public void Expire_NxWithAnother_RepliesError(string first, string second) =>
        Assert.That(Run("EXPIRE", "k", "100", first, second),
            Is.EqualTo("-ERR NX and XX, GT or LT options at the same time are not compatible\r\n"));

    [Test]
    public void Expire_GtAndLt_RepliesError() =>
        Assert.That(Run("PEXPIREAT", "k", "100", "GT", "LT"),
            Is.EqualTo("-ERR GT and LT options at the same time are not compatible\r\n"));

    [TestCase("FOO", "-ERR Unsupported option FOO\r\n")]
    [TestCase("a b", "-ERR Unsupported option a b\r\n")]
    [TestCase("", "-ERR Unsupported option \r\n")]
    [TestCase("N\0X", "-ERR Unsupported option N\r\n")] // printed as a C string
    [TestCase("Z\r\nX", "-ERR Unsupported option Z  X\r\n")]
    public void Expire_UnknownOption_RepliesUnsupportedOption(string option, string expected) =>
        Assert.That(Run("EXPIRE", "k", "10", option), Is.EqualTo(expected));

    [Test]
    public void Expire_UnknownOptionAndBadNumber_OptionErrorWins() =>
        Assert.That(Run("EXPIRE", "k", "abc", "FOO"), Is.EqualTo("-ERR Unsupported option FOO\r\n"));

    // ---- TTL family / PERSIST ----

    [TestCase("TTL")]
    [TestCase("PTTL")]
    [TestCase("EXPIRETIME")]
    [TestCase("PEXPIRETIME")]
    public void Ttl_MissingKey_RepliesMinusTwo(string command) => Assert.That(Run(command, "k"), Is.EqualTo(":-2\r\n"));

    [TestCase("TTL")]
    [TestCase("PTTL")]
    [TestCase("EXPIRETIME")]
    [TestCase("PEXPIRETIME")]
    public void Ttl_KeyWithoutTtl_RepliesMinusOne(string command)
    {
        Store("k", ObjectType.Hash);
        Assert.That(Run(command, "k"), Is.EqualTo(":-1\r\n"));
    }

    [TestCase("1499", ":1\r\n")]
    [TestCase("1500", ":2\r\n")]
    [TestCase("499", ":0\r\n")]
    public void Ttl_RoundsToNearestSecond(string milliseconds, string expected)
    {
        Run("SET", "k", "v", "PX", milliseconds);
        Assert.That(Run("TTL", "k"), Is.EqualTo(expected));
    }

    [TestCase("1900000000499", ":1900000000\r\n")]
    [TestCase("1900000000500", ":1900000001\r\n")]
    public void ExpireTime_RoundsToNearestSecond(string unixMilliseconds, string expected)
    {
        Run("SET", "k", "v", "PXAT", unixMilliseconds);
        Assert.That(Run("EXPIRETIME", "k"), Is.EqualTo(expected));
    }

    [Test]
    public void Persist_KeyWithTtl_RemovesItAndRepliesOne()
    {
        Run("SET", "k", "v", "EX", "100");
        Assert.That(Run("PERSIST", "k"), Is.EqualTo(One));
        Assert.That(Run("TTL", "k"), Is.EqualTo(":-1\r\n"));
    }

    [Test]
    public void Persist_KeyWithoutTtl_RepliesZero()
    {
        Run("SET", "k", "v");
        Assert.That(Run("PERSIST", "k"), Is.EqualTo(Zero));
    }

    [Test]
    public void Persist_MissingKey_RepliesZero() => Assert.That(Run("PERSIST", "k"), Is.EqualTo(Zero));

    // ---- arity ----

    [TestCase("DEL")]
    [TestCase("UNLINK")]
    [TestCase("EXISTS")]
    [TestCase("TOUCH")]
    [TestCase("TYPE", "a", "b")]
    [TestCase("RENAME", "a")]
    [TestCase("RENAMENX", "a", "b", "c")]
    [TestCase("KEYS")]
    [TestCase("RANDOMKEY", "x")]
    [TestCase("EXPIRE", "k")]
    [TestCase("PEXPIRE", "k")]
    [TestCase("EXPIREAT", "k")]
    [TestCase("PEXPIREAT", "k")]
    [TestCase("TTL")]
    [TestCase("PTTL", "a", "b")]
    [TestCase("EXPIRETIME")]
    [TestCase("PEXPIRETIME")]
    [TestCase("PERSIST")]
    public void KeyCommand_WrongArity_RepliesArityError(string command, params string[] args) =>
        Assert.That(Run([command, .. args]),
            Is.EqualTo($"-ERR wrong number of arguments for '{command.ToLowerInvariant()}' command\r\n"));

    /// <summary>The elements of a RESP array of bulk strings.</summary>
    private static string[] ParseBulkArray(string reply)
    {
        string[] lines = reply.Split("\r\n");
        int count = int.Parse(lines[0][1..]);
        return Enumerable.Range(0, count).Select(i => lines[2 + 2 * i]).ToArray();
    }
}
