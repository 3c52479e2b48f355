using System.Globalization;
using Reactor.MiniRedis.Integration.Tests.Support;

namespace Reactor.MiniRedis.Integration.Tests;

/// <summary>
/// DUMP payloads moving between this server and a real redis-server 7.0: every type and encoding dumped there
/// restores here with the same contents and encoding, and the reverse; where the encoding fixes the bytes, both
/// servers dump byte-identical payloads.
/// </summary>
[Category("RedisServer")]
public sealed class DumpInteropTests
{
    private string _dir = null!;

    [SetUp]
    public void CreateDirectory() => _dir = Directory.CreateTempSubdirectory("mini-redis-dump-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void RealServerDump_RestoresHereWithSameContents() => AssertCopyKeepsContents(fromRealServer: true);

    [Test]
    public void OurDump_RestoresOnRealServerWithSameContents() => AssertCopyKeepsContents(fromRealServer: false);

    [Test]
    public void Dump_DeterministicEncodings_AreByteIdentical()
    {
        using RealRedisServer real = RealRedisServer.Start(_dir);
        using InProcessServer ours = InProcessServer.Start(_dir, "unused.rdb");
        using RawClient theirs = real.Connect();
        using RawClient mine = ours.Connect();
        Dataset.Fill(theirs);
        Dataset.Fill(mine);
        Assert.Multiple(() =>
        {
            foreach (string key in Dataset.DeterministicKeys)
            {
                Assert.That(Hex(mine.Execute("DUMP", key)), Is.EqualTo(Hex(theirs.Execute("DUMP", key))), key);
            }
        });
    }

    // Fills one server with the dataset, copies every key to the other with DUMP and RESTORE, and compares them.
    private void AssertCopyKeepsContents(bool fromRealServer)
    {
        using RealRedisServer real = RealRedisServer.Start(_dir);
        using InProcessServer ours = InProcessServer.Start(_dir, "unused.rdb");
        using RawClient realClient = real.Connect();
        using RawClient ourClient = ours.Connect();
        RawClient from = fromRealServer ? realClient : ourClient;
        RawClient to = fromRealServer ? ourClient : realClient;
        Dataset.Fill(from);
        CopyAll(from, to);
        Assert.That(Dataset.Describe(to), Is.EqualTo(Dataset.Describe(from)));
    }

    // DUMP every key of every dataset database from one server and RESTORE it, with its absolute expire time,
    // into the other.
    private static void CopyAll(RawClient from, RawClient to)
    {
        foreach (int db in Dataset.Databases)
        {
            string index = db.ToString(CultureInfo.InvariantCulture);
            from.Execute("SELECT", index);
            to.Execute("SELECT", index);
            foreach (string key in Dataset.Bulks(from.Execute("KEYS", "*")))
            {
                string payload = Dataset.BulkPayload(from.Execute("DUMP", key));
                string expireAt = from.Execute("PEXPIRETIME", key).Trim()[1..];
                string ttl = expireAt == "-1" ? "0" : expireAt;
                Assert.That(to.Execute("RESTORE", key, ttl, payload, "ABSTTL"), Is.EqualTo("+OK\r\n"), key);
            }
        }
        from.Execute("SELECT", "0");
        to.Execute("SELECT", "0");
    }

    private static string Hex(string reply) => Convert.ToHexStringLower(System.Text.Encoding.Latin1.GetBytes(reply));
}
