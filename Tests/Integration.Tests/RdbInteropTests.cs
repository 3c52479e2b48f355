using Reactor.MiniRedis.Integration.Tests.Support;

namespace Reactor.MiniRedis.Integration.Tests;

/// <summary>
/// RDB files moving between this server and a real redis-server 7.0, both ways: a file we SAVE (or BGSAVE) passes
/// redis-check-rdb and a real server loads it with identical contents (types, encodings, expire times, values, in
/// every database); a file the real server saves loads here identically.
/// </summary>
[Category("RedisServer")]
public sealed class RdbInteropTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    private string _dir = null!;

    [SetUp]
    public void CreateDirectory() => _dir = Directory.CreateTempSubdirectory("mini-redis-interop-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void OurSave_RedisCheckRdbAndRealServer_AcceptItWithSameContents() => AssertRealServerLoadsOurFile(background: false);

    [Test]
    public void OurBgSave_RedisCheckRdbAndRealServer_AcceptItWithSameContents() => AssertRealServerLoadsOurFile(background: true);

    [Test]
    public void RealServerSave_LoadsHereWithSameContents()
    {
        string theirs;
        using (RealRedisServer real = RealRedisServer.Start(_dir, "theirs.rdb"))
        using (RawClient client = real.Connect())
        {
            Dataset.Fill(client);
            Assert.That(client.Execute("SAVE"), Is.EqualTo("+OK\r\n"));
            theirs = Dataset.Describe(client);
        }

        using InProcessServer server = InProcessServer.Start(_dir, "theirs.rdb", load: true);
        using RawClient ourClient = server.Connect();
        Assert.Multiple(() =>
        {
            Assert.That(Dataset.Describe(ourClient), Is.EqualTo(theirs));
            Assert.That(server.Log, Has.Some.Contains("Loading RDB produced by version 7.0"));
        });
    }

    // Fills our server, saves (SAVE or BGSAVE), checks the file with redis-check-rdb, starts a real server on it and
    // compares the two servers' contents.
    private void AssertRealServerLoadsOurFile(bool background)
    {
        string ours;
        using (InProcessServer server = InProcessServer.Start(_dir, "ours.rdb"))
        using (RawClient client = server.Connect())
        {
            Dataset.Fill(client);
            if (background)
            {
                Assert.That(client.Execute("BGSAVE"), Is.EqualTo("+Background saving started\r\n"));
                WaitForBackgroundSave(client);
            }
            else
            {
                Assert.That(client.Execute("SAVE"), Is.EqualTo("+OK\r\n"));
            }
            ours = Dataset.Describe(client);
        }

        AssertRedisCheckRdbAccepts(Path.Combine(_dir, "ours.rdb"));
        using RealRedisServer real = RealRedisServer.Start(_dir, "ours.rdb");
        using RawClient realClient = real.Connect();
        Assert.That(Dataset.Describe(realClient), Is.EqualTo(ours));
    }

    private static void AssertRedisCheckRdbAccepts(string path)
    {
        ToolResult check = ExternalTool.Run(ExternalTool.Require("redis-check-rdb"), [path], s_timeout);
        Assert.That((check.ExitCode, check.Text), Is.EqualTo((0, check.Text)));
        Assert.That(check.Text, Does.Contain("RDB looks OK!"));
    }

    // Polls INFO until the background save is reaped, with a deadline.
    private static void WaitForBackgroundSave(RawClient client)
    {
        DateTime deadline = DateTime.UtcNow + s_timeout;
        while (client.Execute("INFO", "persistence").Contains("rdb_bgsave_in_progress:1", StringComparison.Ordinal))
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "the background save finished in time");
            Thread.Sleep(10); // polling for the save to finish, not waiting for time to pass
        }
        Assert.That(client.Execute("INFO", "persistence"), Does.Contain("rdb_last_bgsave_status:ok"));
    }
}
