using Reactor.MiniRedis.Engine.Persistence;
using Reactor.MiniRedis.Engine.Tests.Support;

namespace Reactor.MiniRedis.Engine.Tests.Persistence;

/// <summary>
/// One child at a time, as in Redis 7.0 (hasActiveChildProcess): BGSAVE and BGREWRITEAOF while the other runs,
/// BGSAVE SCHEDULE, the scheduled work the cron starts once the child is over, and the INFO persistence fields
/// meanwhile. Replies are redis-server 7.0.15's, byte for byte.
/// </summary>
public sealed class ChildExclusionTests
{
    private AofHarness _aof = null!;
    private TestClient _client = null!;

    [SetUp]
    public void Start()
    {
        _aof = new AofHarness(config => config.SetSave(""));
        _aof.Server.StartCron();
        // Both children wait for their gate before writing, so they run until the test finishes them.
        _aof.Server.Aof.RewriteGate = new ManualResetEventSlim();
        _aof.Server.Persistence.BackgroundSaveGate = new ManualResetEventSlim();
        _client = _aof.Connect();
        _client.Execute("SET", "k", "v");
    }

    [TearDown]
    public void Stop()
    {
        _aof.Server.Aof.RewriteGate?.Set();
        _aof.Server.Persistence.BackgroundSaveGate?.Set();
        _aof.Dispose();
    }

    [Test]
    public void BgSave_WhileAofRewriteRuns_RepliesAnotherChildIsActive()
    {
        _client.Execute("BGREWRITEAOF");
        Assert.Multiple(() =>
        {
            Assert.That(_client.Execute("BGSAVE"), Is.EqualTo(
                "-ERR Another child process is active (AOF?): can't BGSAVE right now. Use BGSAVE SCHEDULE in order to schedule a BGSAVE whenever possible.\r\n"));
            Assert.That(Info("rdb_bgsave_in_progress"), Is.EqualTo("0"));
            Assert.That(Info("aof_rewrite_in_progress"), Is.EqualTo("1"));
            Assert.That(_aof.Server.Persistence.BackgroundSaveScheduled, Is.False);
        });
        FinishRewrite();
    }

    [Test]
    public void BgSaveSchedule_WhileAofRewriteRuns_RepliesScheduled()
    {
        _client.Execute("BGREWRITEAOF");
        Assert.Multiple(() =>
        {
            Assert.That(_client.Execute("BGSAVE", "SCHEDULE"), Is.EqualTo("+Background saving scheduled\r\n"));
            Assert.That(_client.Execute("BGSAVE", "SCHEDULE"), Is.EqualTo("+Background saving scheduled\r\n"));
            Assert.That(_aof.Server.Persistence.BackgroundSaveScheduled, Is.True);
        });
        FinishRewrite();
    }

    [Test]
    public void BgSaveSchedule_AofRewriteStillRunning_CronDoesNotStartIt()
    {
        _client.Execute("BGREWRITEAOF");
        _client.Execute("BGSAVE", "SCHEDULE");
        RunCron();
        Assert.Multiple(() =>
        {
            Assert.That(Info("rdb_bgsave_in_progress"), Is.EqualTo("0"));
            Assert.That(_aof.Server.Persistence.BackgroundSaveScheduled, Is.True);
        });
        FinishRewrite();
    }

    [Test]
    public void BgSaveSchedule_AofRewriteOver_CronStartsTheSave()
    {
        _client.Execute("BGREWRITEAOF");
        _client.Execute("BGSAVE", "SCHEDULE");
        FinishRewrite();
        RunCron();
        Assert.Multiple(() =>
        {
            Assert.That(Info("rdb_bgsave_in_progress"), Is.EqualTo("1"));
            Assert.That(Info("aof_rewrite_in_progress"), Is.EqualTo("0"));
            Assert.That(_aof.Server.Persistence.BackgroundSaveScheduled, Is.False);
        });
        FinishBackgroundSave();
        Assert.That(File.Exists(Path.Combine(_aof.Directory, "dump.rdb")), Is.True);
    }

    [Test]
    public void BgSaveSchedule_WhileBgSaveRuns_RepliesAlreadyInProgress()
    {
        _client.Execute("BGSAVE");
        Assert.Multiple(() =>
        {
            Assert.That(_client.Execute("BGSAVE", "SCHEDULE"), Is.EqualTo("-ERR Background save already in progress\r\n"));
            Assert.That(_aof.Server.Persistence.BackgroundSaveScheduled, Is.False);
        });
        FinishBackgroundSave();
    }

    [Test]
    public void BgRewriteAof_WhileBgSaveRuns_IsScheduledWithInfoFields()
    {
        _client.Execute("BGSAVE");
        Assert.Multiple(() =>
        {
            Assert.That(_client.Execute("BGREWRITEAOF"), Is.EqualTo("+Background append only file rewriting scheduled\r\n"));
            Assert.That(_client.Execute("BGREWRITEAOF"), Is.EqualTo("+Background append only file rewriting scheduled\r\n"));
            Assert.That(Info("rdb_bgsave_in_progress"), Is.EqualTo("1"));
            Assert.That(Info("aof_rewrite_in_progress"), Is.EqualTo("0"));
            Assert.That(Info("aof_rewrite_scheduled"), Is.EqualTo("1"));
        });
        FinishBackgroundSave();
    }

    [Test]
    public void BgRewriteAof_ScheduledDuringBgSave_CronStartsItWhenTheSaveIsOver()
    {
        _client.Execute("BGSAVE");
        _client.Execute("BGREWRITEAOF");
        RunCron();
        Assert.That(Info("aof_rewrite_in_progress"), Is.EqualTo("0"), "not while the save runs");
        FinishBackgroundSave();
        RunCron();
        Assert.Multiple(() =>
        {
            Assert.That(Info("aof_rewrite_in_progress"), Is.EqualTo("1"));
            Assert.That(Info("aof_rewrite_scheduled"), Is.EqualTo("0"));
            Assert.That(Info("rdb_bgsave_in_progress"), Is.EqualTo("0"));
        });
        FinishRewrite();
    }

    [Test]
    public void BgRewriteAof_WhileRewriting_RepliesAlreadyInProgress()
    {
        _client.Execute("BGREWRITEAOF");
        Assert.That(_client.Execute("BGREWRITEAOF"), Is.EqualTo("-ERR Background append only file rewriting already in progress\r\n"));
        FinishRewrite();
    }

    [Test]
    public void BgSave_InsideExec_IsScheduled()
    {
        _client.Execute("MULTI");
        _client.Execute("BGSAVE");
        Assert.Multiple(() =>
        {
            Assert.That(_client.Execute("EXEC"), Is.EqualTo("*1\r\n+Background saving scheduled\r\n"));
            Assert.That(Info("rdb_bgsave_in_progress"), Is.EqualTo("0"));
        });
        RunCron();
        Assert.That(Info("rdb_bgsave_in_progress"), Is.EqualTo("1"));
        FinishBackgroundSave();
    }

    [Test]
    public void Save_WhileAofRewriteRuns_Saves()
    {
        _client.Execute("BGREWRITEAOF");
        Assert.That(_client.Execute("SAVE"), Is.EqualTo("+OK\r\n"));
        FinishRewrite();
    }

    [Test]
    public void SavePoint_WhileAofRewriteRuns_WaitsForTheRewrite()
    {
        _client.Execute("CONFIG", "SET", "save", "1 1");
        _client.Execute("BGREWRITEAOF");
        _client.Execute("SET", "k", "changed");
        RunCron();
        Assert.That(Info("rdb_bgsave_in_progress"), Is.EqualTo("0"));
        FinishRewrite();
        RunCron();
        Assert.That(Info("rdb_bgsave_in_progress"), Is.EqualTo("1"));
        FinishBackgroundSave();
    }

    // Advances the clock past a cron period (and a save point's second) and runs the loop's due timers.
    private void RunCron()
    {
        _aof.Harness.Time.Advance(TimeSpan.FromSeconds(2));
        _aof.Server.Loop.ProcessEvents();
    }

    private void FinishRewrite()
    {
        _aof.Server.Aof.RewriteGate?.Set();
        _aof.FinishRewrite();
    }

    private void FinishBackgroundSave()
    {
        BackgroundSave? child = _aof.Server.Persistence.Child;
        Assert.That(child, Is.Not.Null, "a background save is running");
        child!.Snapshot.CaptureAll();
        _aof.Server.Persistence.BackgroundSaveGate?.Set();
        Assert.That(child.Wait(TimeSpan.FromSeconds(30)), Is.True, "the background save finished");
        _aof.Server.Persistence.CheckBackgroundSaveDone();
    }

    private string Info(string field)
    {
        foreach (string line in _client.Execute("INFO", "persistence").Split("\r\n"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                return line[(field.Length + 1)..];
            }
        }
        return "(missing)";
    }
}
