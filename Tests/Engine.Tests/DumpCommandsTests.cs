using System.Buffers.Binary;
using System.Text;
using Reactor.MiniRedis.Engine.Tests.Support;
using Reactor.MiniRedis.Storage.Rdb;

namespace Reactor.MiniRedis.Engine.Tests;

/// <summary>DUMP and RESTORE through the dispatcher: payload bytes, options, and restoreCommand's error order.</summary>
public sealed class DumpCommandsTests : CommandTestBase
{
    // DUMP of the string "hello" on redis-server 7.0.15.
    private static readonly string s_helloPayload = Latin1("000568656c6c6f0a006372df766534200a");

    [Test]
    public void Dump_MissingKey_RepliesNull() => Assert.That(Run("DUMP", "nosuch"), Is.EqualTo("$-1\r\n"));

    [Test]
    public void Dump_String_RepliesRedisPayload()
    {
        Run("SET", "k", "hello");
        Assert.That(Run("DUMP", "k"), Is.EqualTo($"$17\r\n{s_helloPayload}\r\n"));
    }

    [Test]
    public void Dump_WrongTypeDoesNotMatter_ListIsSerialized()
    {
        Run("RPUSH", "l", "a", "b");
        Assert.That(Run("DUMP", "l"), Does.StartWith("$"));
    }

    [Test]
    public void Restore_RedisPayload_StoresValue()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Run("RESTORE", "k", "0", s_helloPayload), Is.EqualTo("+OK\r\n"));
            Assert.That(Run("GET", "k"), Is.EqualTo("$5\r\nhello\r\n"));
            Assert.That(Run("TTL", "k"), Is.EqualTo(":-1\r\n"));
            Assert.That(Dirty, Is.EqualTo(1));
        });
    }

    [Test]
    public void Restore_DumpOfEachType_GivesSameContents()
    {
        Run("RPUSH", "l", "a", "1", "b");
        Run("SADD", "s", "x", "y");
        Run("HSET", "h", "f", "v");
        Run("ZADD", "z", "1.5", "m");
        foreach (string key in new[] { "l", "s", "h", "z" })
        {
            Run("RESTORE", key + "2", "0", Payload(key));
        }
        Assert.Multiple(() =>
        {
            Assert.That(Run("LRANGE", "l2", "0", "-1"), Is.EqualTo(Resp.BulkArray("a", "1", "b")));
            Assert.That(Run("SISMEMBER", "s2", "y"), Is.EqualTo(":1\r\n"));
            Assert.That(Run("HGET", "h2", "f"), Is.EqualTo("$1\r\nv\r\n"));
            Assert.That(Run("ZSCORE", "z2", "m"), Is.EqualTo("$3\r\n1.5\r\n"));
        });
    }

    [Test]
    public void Restore_ExistingKey_RepliesBusyKey()
    {
        Run("SET", "k", "old");
        Assert.That(Run("RESTORE", "k", "0", s_helloPayload), Is.EqualTo("-BUSYKEY Target key name already exists.\r\n"));
    }

    [Test]
    public void Restore_ExistingKeyAndBadTtl_RepliesBusyKeyFirst()
    {
        Run("SET", "k", "old");
        Assert.That(Run("RESTORE", "k", "abc", "x"), Is.EqualTo("-BUSYKEY Target key name already exists.\r\n"));
    }

    [Test]
    public void Restore_Replace_OverwritesValueAndTtl()
    {
        Run("SET", "k", "old", "EX", "100");
        Assert.Multiple(() =>
        {
            Assert.That(Run("RESTORE", "k", "0", s_helloPayload, "REPLACE"), Is.EqualTo("+OK\r\n"));
            Assert.That(Run("GET", "k"), Is.EqualTo("$5\r\nhello\r\n"));
            Assert.That(Run("TTL", "k"), Is.EqualTo(":-1\r\n"));
        });
    }

    [Test]
    public void Restore_Ttl_IsRelativeMilliseconds()
    {
        Run("RESTORE", "k", "5000", s_helloPayload);
        Assert.That(Run("PTTL", "k"), Is.EqualTo(":5000\r\n"));
    }

    [Test]
    public void Restore_AbsTtl_IsUnixMilliseconds()
    {
        long when = Harness.Time.GetUtcNow().ToUnixTimeMilliseconds() + 7000;
        Run("RESTORE", "k", when.ToString(System.Globalization.CultureInfo.InvariantCulture), s_helloPayload, "ABSTTL");
        Assert.That(Run("PTTL", "k"), Is.EqualTo(":7000\r\n"));
    }

    [Test]
    public void Restore_AbsTtlInPast_StoresNothingButRepliesOk()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Run("RESTORE", "k", "1000", s_helloPayload, "ABSTTL"), Is.EqualTo("+OK\r\n"));
            Assert.That(Run("EXISTS", "k"), Is.EqualTo(":0\r\n"));
            Assert.That(Dirty, Is.Zero);
        });
    }

    [Test]
    public void Restore_ReplaceWithAbsTtlInPast_DeletesOldKey()
    {
        Run("SET", "k", "old");
        Assert.Multiple(() =>
        {
            Assert.That(Run("RESTORE", "k", "1000", s_helloPayload, "ABSTTL", "REPLACE"), Is.EqualTo("+OK\r\n"));
            Assert.That(Run("EXISTS", "k"), Is.EqualTo(":0\r\n"));
            Assert.That(Dirty, Is.EqualTo(2));
        });
    }

    [Test]
    public void Restore_NegativeTtl_RepliesInvalidTtl() =>
        Assert.That(Run("RESTORE", "k", "-1", s_helloPayload), Is.EqualTo("-ERR Invalid TTL value, must be >= 0\r\n"));

    [Test]
    public void Restore_NonIntegerTtl_RepliesNotAnInteger() =>
        Assert.That(Run("RESTORE", "k", "1.5", s_helloPayload), Is.EqualTo("-ERR value is not an integer or out of range\r\n"));

    [Test]
    public void Restore_FlippedPayloadByte_RepliesChecksumError()
    {
        char[] payload = s_helloPayload.ToCharArray();
        payload[3] = 'X';
        Assert.That(Run("RESTORE", "k", "0", new string(payload)), Is.EqualTo("-ERR DUMP payload version or checksum are wrong\r\n"));
    }

    [Test]
    public void Restore_TooShortPayload_RepliesChecksumError() =>
        Assert.That(Run("RESTORE", "k", "0", "x"), Is.EqualTo("-ERR DUMP payload version or checksum are wrong\r\n"));

    [Test]
    public void Restore_ValidChecksumButBadType_RepliesBadDataFormat() =>
        // Type 8 (no such type), RDB version 10, and the right CRC-64.
        Assert.That(Run("RESTORE", "k", "0", WithFooter([8, 0])), Is.EqualTo("-ERR Bad data format\r\n"));

    [Test]
    public void Restore_EmptyList_RepliesBadDataFormat() =>
        Assert.That(Run("RESTORE", "k", "0", WithFooter([1, 0])), Is.EqualTo("-ERR Bad data format\r\n"));

    [Test]
    public void Restore_IdleTime_SetsObjectIdleTime()
    {
        Run("RESTORE", "k", "0", s_helloPayload, "IDLETIME", "1000");
        Assert.That(Run("OBJECT", "IDLETIME", "k"), Is.EqualTo(":1000\r\n"));
    }

    [Test]
    public void Restore_FreqUnderLfu_SetsObjectFreq()
    {
        Run("CONFIG", "SET", "maxmemory-policy", "allkeys-lfu");
        Run("RESTORE", "k", "0", s_helloPayload, "FREQ", "100");
        Assert.That(Run("OBJECT", "FREQ", "k"), Is.EqualTo(":100\r\n"));
    }

    [TestCase("IDLETIME", "-1", "-ERR Invalid IDLETIME value, must be >= 0\r\n")]
    [TestCase("FREQ", "256", "-ERR Invalid FREQ value, must be >= 0 and <= 255\r\n")]
    [TestCase("FREQ", "x", "-ERR value is not an integer or out of range\r\n")]
    public void Restore_BadOptionValue_RepliesError(string option, string value, string expected) =>
        Assert.That(Run("RESTORE", "k", "0", s_helloPayload, option, value), Is.EqualTo(expected));

    [TestCase("IDLETIME", "1", "FREQ", "1")]
    [TestCase("FREQ", "1", "IDLETIME", "1")]
    [TestCase("IDLETIME")]
    [TestCase("NOPE")]
    public void Restore_BadOptions_RepliesSyntaxError(params string[] options) =>
        Assert.That(Run(["RESTORE", "k", "0", s_helloPayload, .. options]), Is.EqualTo(SyntaxErrorReply));

    [Test]
    public void Restore_SyntaxErrorAndExistingKey_RepliesSyntaxErrorFirst()
    {
        Run("SET", "k", "old");
        Assert.That(Run("RESTORE", "k", "0", s_helloPayload, "NOPE"), Is.EqualTo(SyntaxErrorReply));
    }

    // The payload bytes of DUMP key, as a Latin-1 argument.
    private string Payload(string key)
    {
        string reply = Run("DUMP", key);
        int start = reply.IndexOf("\r\n", StringComparison.Ordinal) + 2;
        return reply[start..^2];
    }

    // A payload around `body`: RDB version 10 and the CRC-64, as a Latin-1 argument.
    private static string WithFooter(byte[] body)
    {
        byte[] payload = [.. body, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        BinaryPrimitives.WriteUInt64LittleEndian(payload.AsSpan(payload.Length - 8), Crc64.Update(0, payload.AsSpan(0, payload.Length - 8)));
        return Encoding.Latin1.GetString(payload);
    }

    private static string Latin1(string hex) => Encoding.Latin1.GetString(Convert.FromHexString(hex));
}
