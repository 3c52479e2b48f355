using Reactor.MiniRedis.Engine.Tests.Support;

namespace Reactor.MiniRedis.Engine.Tests;

/// <summary>
/// MEMORY against Redis 7.0.15's replies where they are the same by construction (help, errors, reply shapes), and
/// the estimate's model (Storage/MemoryUsage.cs) where the numbers are ours.
/// </summary>
public sealed class MemoryCommandTests : CommandTestBase
{
    private const string NullReply = "$-1\r\n";

    private long Usage(params string[] args) => long.Parse(Run(["MEMORY", "USAGE", .. args]).Trim(':', '\r', '\n'));

    [Test]
    public void Help_RepliesRedisText() =>
        Assert.That(Run("MEMORY", "HELP"), Is.EqualTo(
            "*14\r\n+MEMORY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+DOCTOR\r\n+    Return memory problems reports.\r\n" +
            "+MALLOC-STATS\r\n+    Return internal statistics report from the memory allocator.\r\n+PURGE\r\n" +
            "+    Attempt to purge dirty pages for reclamation by the allocator.\r\n+STATS\r\n" +
            "+    Return information about the memory usage of the server.\r\n+USAGE <key> [SAMPLES <count>]\r\n" +
            "+    Return memory in bytes used by <key> and its value. Nested values are\r\n" +
            "+    sampled up to <count> times (default: 5, 0 means sample all).\r\n+HELP\r\n+    Prints this help.\r\n"));

    [Test]
    public void Usage_MissingKey_RepliesNull() => Assert.That(Run("MEMORY", "USAGE", "nokey"), Is.EqualTo(NullReply));

    [TestCase("SAMPLES", "-1")]
    [TestCase("SAMPLES")]
    [TestCase("FOO")]
    [TestCase("SAMPLES", "5", "FOO")]
    public void Usage_BadOption_RepliesSyntaxError(params string[] options)
    {
        Run("SET", "k", "v");
        Assert.That(Run(["MEMORY", "USAGE", "k", .. options]), Is.EqualTo(SyntaxErrorReply));
    }

    [Test]
    public void Usage_SamplesNotAnInteger_RepliesIntegerError() =>
        Assert.That(Run("MEMORY", "USAGE", "k", "SAMPLES", "x"), Is.EqualTo("-ERR value is not an integer or out of range\r\n"));

    [Test]
    public void Usage_MissingKeyWithBadOption_RepliesSyntaxErrorFirst() =>
        Assert.That(Run("MEMORY", "USAGE", "nokey", "SAMPLES", "-1"), Is.EqualTo(SyntaxErrorReply));

    // The model: the key's 72-byte keyspace entry, which holds a key of up to 23 bytes and a string value of up to
    // 16; a longer key or string adds its byte[] (24 + length, padded to 8); a string some other command than the
    // string fast paths has used is an object of 56 bytes (with its byte[] when longer than 16).
    [Test]
    public void Usage_ShortString_IsTheEntryOnly()
    {
        Run("SET", "int", "12345");
        Assert.That(Usage("int"), Is.EqualTo(72));
    }

    [Test]
    public void Usage_ShortStringMadeAnObject_AddsTheObject()
    {
        Run("SET", "int", "12345");
        Run("GETEX", "int"); // a command without a bare-string path materialises it
        Assert.That(Usage("int"), Is.EqualTo(56 + 72));
    }

    [Test]
    public void Usage_LongString_AddsItsArray()
    {
        Run("SET", "raw", new string('x', 100));
        Assert.That(Usage("raw"), Is.EqualTo((24 + 100 + 4) + 72));
    }

    [Test]
    public void Usage_LongStringMadeAnObject_AddsTheObjectAndItsArray()
    {
        Run("SET", "raw", new string('x', 100));
        Run("APPEND", "raw", "y");
        Assert.That(Usage("raw"), Is.EqualTo(56 + (24 + 202 + 6) + 72)); // APPEND leaves room to grow (sdsMakeRoomFor)
    }

    [Test]
    public void Usage_KeyLongerThanTheEntryHolds_AddsItsArray()
    {
        string key = new('k', 24);
        Run("SET", key, "12345");
        Assert.That(Usage(key), Is.EqualTo(72 + (24 + 24)));
    }

    [Test]
    public void Usage_DoesNotTouchTheAccessClock()
    {
        Run("SET", "k", "v");
        Harness.Time.Advance(TimeSpan.FromSeconds(20));
        Usage("k");
        Assert.That(Run("OBJECT", "IDLETIME", "k"), Is.EqualTo(":20\r\n"));
    }

    [Test]
    public void Usage_BiggerCollection_IsBigger()
    {
        Run(["SADD", "small", .. Enumerable.Range(0, 10).Select(i => "m" + i)]);
        Run(["SADD", "big", .. Enumerable.Range(0, 1000).Select(i => "m" + i)]);
        Assert.That(Usage("big"), Is.GreaterThan(Usage("small") * 50));
    }

    // Five tiny fields first, then big ones: the default sample sees only the tiny ones, SAMPLES 0 sees them all.
    [Test]
    public void Usage_SamplesZero_MeasuresEveryElement()
    {
        Run(["HSET", "h", .. Enumerable.Range(0, 5).SelectMany(i => new[] { "f" + i, "v" })]);
        Run(["HSET", "h", .. Enumerable.Range(5, 995).SelectMany(i => new[] { "f" + i, new string('v', 200) })]);
        Assert.That(Usage("h", "SAMPLES", "0"), Is.GreaterThan(Usage("h") + 100_000));
    }

    [Test]
    public void Usage_CompactEncoding_IsExactWhateverTheSamples()
    {
        Run(["HSET", "h", .. Enumerable.Range(0, 5).SelectMany(i => new[] { "f" + i, "v" })]);
        Run(["HSET", "h", .. Enumerable.Range(5, 50).SelectMany(i => new[] { "f" + i, new string('v', 60) })]);
        Assert.That((Run("OBJECT", "ENCODING", "h"), Usage("h")), Is.EqualTo(("$8\r\nlistpack\r\n", Usage("h", "SAMPLES", "0"))));
    }

    [Test]
    public void Usage_SortedSetSkiplist_CountsNodes()
    {
        Run(["ZADD", "z", .. Enumerable.Range(0, 1000).SelectMany(i => new[] { i.ToString(), "m" + i })]);
        Run(["SADD", "s", .. Enumerable.Range(0, 1000).Select(i => "m" + i)]);
        Assert.That(Usage("z"), Is.GreaterThan(Usage("s")));
    }

    [Test]
    public void Stats_EmptyKeyspace_HasRedisFieldsAndNoDatabase()
    {
        string reply = Run("MEMORY", "STATS");
        Assert.Multiple(() =>
        {
            Assert.That(reply, Does.StartWith("*54\r\n$14\r\npeak.allocated\r\n:"));
            Assert.That(reply, Does.Not.Contain("db.0"));
            Assert.That(reply, Does.Contain("$10\r\nkeys.count\r\n:0\r\n"));
            Assert.That(reply, Does.Contain("$19\r\nfragmentation.bytes\r\n:"));
        });
    }

    [Test]
    public void Stats_DatabaseWithKeys_ReportsItsTableOverhead()
    {
        Run("SET", "a", "1");
        Run("SET", "b", "2");
        Run("EXPIRE", "a", "100");
        string reply = Run("MEMORY", "STATS");
        Assert.Multiple(() =>
        {
            Assert.That(reply, Does.StartWith("*56\r\n"));
            // Two 72-byte entries and four buckets of 4 bytes; one 48-byte expires entry in four buckets.
            Assert.That(reply, Does.Contain("$4\r\ndb.0\r\n*6\r\n$23\r\noverhead.hashtable.main\r\n:160\r\n$26\r\noverhead.hashtable.expires\r\n:64\r\n$31\r\noverhead.hashtable.slot-to-keys\r\n:0\r\n"));
            Assert.That(reply, Does.Contain("$10\r\nkeys.count\r\n:2\r\n"));
        });
    }

    [Test]
    public void Doctor_RepliesAReportForSam() => Assert.That(Run("MEMORY", "DOCTOR"), Does.Match(@"^\$\d+\r\n(Hi Sam|Sam), "));

    [Test]
    public void MallocStats_RepliesTheCollectorsReport() =>
        Assert.That(Run("MEMORY", "MALLOC-STATS"), Does.Contain("___ Begin .NET garbage collector statistics ___\n"));

    [Test]
    public void Purge_RepliesOk() => Assert.That(Run("MEMORY", "PURGE"), Is.EqualTo("+OK\r\n"));

    [Test]
    public void UnknownSubcommand_RepliesRedisError() =>
        Assert.That(Run("MEMORY", "foo"), Is.EqualTo("-ERR unknown subcommand 'foo'. Try MEMORY HELP.\r\n"));
}
