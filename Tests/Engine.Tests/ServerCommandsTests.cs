using Reactor.MiniRedis.Engine.Tests.Support;

namespace Reactor.MiniRedis.Engine.Tests;

/// <summary>DBSIZE, FLUSHDB, FLUSHALL, TIME, LASTSAVE and SHUTDOWN.</summary>
public sealed class ServerCommandsTests : CommandTestBase
{
    private List<string> _log = null!;

    // Runs after CommandTestBase.StartServer.
    [SetUp]
    public void CaptureLog()
    {
        _log = [];
        Harness.Server.Log.Sink = _log.Add;
    }

    [Test]
    public void DbSize_Empty_RepliesZero() => Assert.That(Client.Execute("DBSIZE"), Is.EqualTo(":0\r\n"));

    [Test]
    public void DbSize_CountsSelectedDatabaseOnly()
    {
        Client.Execute("SET", "a", "1");
        Client.Execute("SET", "b", "1");
        Client.Execute("SELECT", "1");
        Client.Execute("SET", "c", "1");
        Assert.That(Client.Execute("DBSIZE"), Is.EqualTo(":1\r\n"));
    }

    [Test]
    public void FlushDb_RemovesSelectedDatabaseOnly()
    {
        Client.Execute("SET", "a", "1");
        Client.Execute("SELECT", "1");
        Client.Execute("SET", "b", "1");
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("FLUSHDB"), Is.EqualTo("+OK\r\n"));
            Assert.That(Client.Execute("DBSIZE"), Is.EqualTo(":0\r\n"));
            Assert.That(Harness.Server.Keyspace[0].Count, Is.EqualTo(1));
        });
    }

    [Test]
    public void FlushDb_CountsRemovedKeysAsChanges()
    {
        Client.Execute("SET", "a", "1");
        Client.Execute("SET", "b", "1");
        long before = Harness.Server.Dirty;
        Client.Execute("FLUSHDB");
        Assert.That(Harness.Server.Dirty - before, Is.EqualTo(2));
    }

    [TestCase("ASYNC")]
    [TestCase("sync")]
    public void FlushAll_WithOption_RemovesEveryDatabase(string option)
    {
        Client.Execute("SET", "a", "1");
        Client.Execute("SELECT", "5");
        Client.Execute("SET", "b", "1");
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("FLUSHALL", option), Is.EqualTo("+OK\r\n"));
            Assert.That(Harness.Server.Keyspace.TotalKeys(), Is.Zero);
        });
    }

    [Test]
    public void FlushAll_CountsRemovedKeysPlusOne()
    {
        Client.Execute("SET", "a", "1");
        long before = Harness.Server.Dirty;
        Client.Execute("FLUSHALL");
        Assert.That(Harness.Server.Dirty - before, Is.EqualTo(2));
    }

    [TestCase("FLUSHDB", "LAZY")]
    [TestCase("FLUSHALL", "ASYNC", "x")]
    public void Flush_BadOption_RepliesSyntaxError(params string[] request) =>
        Assert.That(Client.Execute(request), Is.EqualTo("-ERR syntax error\r\n"));

    [Test]
    public void Time_RepliesSecondsAndMicroseconds()
    {
        Harness.Time.Advance(TimeSpan.FromMicroseconds(1_500_250));
        Assert.That(Client.Execute("TIME"), Is.EqualTo("*2\r\n$10\r\n1700000001\r\n$6\r\n500250\r\n"));
    }

    [Test]
    public void LastSave_NothingSaved_RepliesStartTime() =>
        Assert.That(Client.Execute("LASTSAVE"), Is.EqualTo(":1700000000\r\n"));

    [TestCase]
    [TestCase("NOSAVE")]
    [TestCase("nosave", "now", "force")]
    public void Shutdown_Succeeds_RepliesNothingAndStopsTheServer(params string[] options)
    {
        string reply = Client.Execute(["SHUTDOWN", .. options]);
        Assert.Multiple(() =>
        {
            Assert.That(reply, Is.Empty);
            Assert.That(Harness.Server.ShuttingDown, Is.True);
            Assert.That(Harness.Server.Loop.StopRequested, Is.True);
            Assert.That(_log, Has.Some.Contains("User requested shutdown..."));
        });
    }

    [Test]
    public void Shutdown_PipelinedCommandsAfterIt_AreNotRun()
    {
        byte[] batch = [.. Resp.Command("SHUTDOWN"), .. Resp.Command("SET", "k", "v")];
        Assert.Multiple(() =>
        {
            Assert.That(Client.SendRaw(batch), Is.Empty);
            Assert.That(Harness.Server.Keyspace[0].Count, Is.Zero);
        });
    }

    [Test]
    public void Shutdown_SaveFails_RepliesErrorAndKeepsRunning()
    {
        UseVanishedDirectory();
        string reply = Client.Execute("SHUTDOWN", "SAVE");
        Assert.Multiple(() =>
        {
            Assert.That(reply, Is.EqualTo("-ERR Errors trying to SHUTDOWN. Check logs.\r\n"));
            Assert.That(Harness.Server.ShuttingDown, Is.False);
            Assert.That(_log, Has.Some.Contains("Error trying to save the DB, can't exit."));
        });
    }

    [Test]
    public void Shutdown_SaveFailsWithForce_ShutsDownAnyway()
    {
        UseVanishedDirectory();
        Assert.That(Client.Execute("SHUTDOWN", "SAVE", "FORCE"), Is.Empty);
        Assert.That(Harness.Server.ShuttingDown, Is.True);
    }

    [Test]
    public void Shutdown_Abort_RepliesNoShutdownInProgress() =>
        Assert.That(Client.Execute("SHUTDOWN", "ABORT"), Is.EqualTo("-ERR No shutdown in progress.\r\n"));

    [TestCase("FOO")]
    [TestCase("SAVE", "NOSAVE")]
    [TestCase("ABORT", "NOW")]
    public void Shutdown_BadOptions_RepliesSyntaxError(params string[] options)
    {
        Assert.That(Client.Execute(["SHUTDOWN", .. options]), Is.EqualTo("-ERR syntax error\r\n"));
        Assert.That(Harness.Server.ShuttingDown, Is.False);
    }

    // Points `dir` at a directory that is then removed, so any save fails to create its temp file.
    private void UseVanishedDirectory()
    {
        string directory = Directory.CreateTempSubdirectory("mini-redis-gone-").FullName;
        Harness.Server.Config.SetDir(directory);
        Directory.Delete(directory);
    }
}
