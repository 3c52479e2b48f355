using Reactor.MiniRedis.Engine.Persistence;
using Reactor.MiniRedis.Engine.Tests.Support;

namespace Reactor.MiniRedis.Engine.Tests.Persistence;

/// <summary>
/// BGREWRITEAOF, automatic rewrites and turning the AOF on and off at runtime: the files and manifest each step
/// leaves, the replies, and that nothing written during a rewrite is lost.
/// </summary>
public sealed class AofRewriteTests
{
    private AofHarness _aof = null!;

    [TearDown]
    public void Stop()
    {
        _aof.Server.Aof.RewriteGate?.Set();
        _aof.Dispose();
    }

    [Test]
    public void BgRewriteAof_NewBaseAndIncr_ReplaceTheOldFiles()
    {
        _aof = new AofHarness();
        TestClient client = _aof.Connect();
        client.Execute("SET", "a", "1");
        Assert.That(client.Execute("BGREWRITEAOF"), Is.EqualTo("+Background append only file rewriting started\r\n"));
        _aof.FinishRewrite();
        Assert.Multiple(() =>
        {
            Assert.That(_aof.ManifestText(), Is.EqualTo("file appendonly.aof.2.base.rdb seq 2 type b\nfile appendonly.aof.2.incr.aof seq 2 type i\n"));
            Assert.That(Directory.GetFiles(_aof.AofDirectory).Select(Path.GetFileName).Order(),
                Is.EqualTo(new[] { "appendonly.aof.2.base.rdb", "appendonly.aof.2.incr.aof", "appendonly.aof.manifest" }));
            Assert.That(Directory.GetFiles(_aof.Directory), Is.Empty, "no temporary file is left in dir");
            Assert.That(_aof.LogText, Does.Contain("Background AOF rewrite finished successfully"));
            Assert.That(_aof.Server.Aof.CurrentSize, Is.EqualTo(new FileInfo(Path.Combine(_aof.AofDirectory, "appendonly.aof.2.base.rdb")).Length));
        });
    }

    [Test]
    public void BgRewriteAof_PreambleNo_WritesTheDatasetAsCommands()
    {
        _aof = new AofHarness(config => config.AofUseRdbPreamble = false);
        TestClient client = _aof.Connect();
        client.Execute("SET", "s", "v", "PXAT", "1800000000000");
        client.Execute("RPUSH", "l", "a", "b");
        client.Execute("ZADD", "z", "0.1", "m");
        client.Execute("SELECT", "3");
        client.Execute("HSET", "h", "f", "v");
        client.Execute("BGREWRITEAOF");
        _aof.FinishRewrite();
        List<string> commands = AofHarness.ReadCommands(Path.Combine(_aof.AofDirectory, "appendonly.aof.2.base.aof"));
        Assert.That(commands, Is.EquivalentTo(new[]
        {
            "SELECT 0", "SET s v", "PEXPIREAT s 1800000000000", "RPUSH l a b", "ZADD z 0.10000000000000001 m", "SELECT 3", "HMSET h f v",
        }));
    }

    [Test]
    public void BgRewriteAof_LargeList_IsWrittenIn64ElementCommands()
    {
        _aof = new AofHarness(config => config.AofUseRdbPreamble = false);
        TestClient client = _aof.Connect();
        client.Execute(["RPUSH", "l", .. Enumerable.Range(0, 130).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        client.Execute("BGREWRITEAOF");
        _aof.FinishRewrite();
        List<string> commands = AofHarness.ReadCommands(Path.Combine(_aof.AofDirectory, "appendonly.aof.2.base.aof"));
        Assert.That(commands.Select(c => c.Split(' ').Length), Is.EqualTo(new[] { 2, 66, 66, 4 }));
    }

    [Test]
    public void BgRewriteAof_WritesWhileItRuns_GoToTheNewIncrAndSurviveARestart()
    {
        _aof = new AofHarness();
        _aof.Server.Aof.RewriteGate = new ManualResetEventSlim();
        TestClient client = _aof.Connect();
        client.Execute("SET", "before", "1");
        client.Execute("BGREWRITEAOF");
        client.Execute("SET", "during", "2");
        _aof.Server.Aof.RewriteGate.Set();
        _aof.FinishRewrite();
        client.Execute("SET", "after", "3");
        Assert.That(_aof.IncrCommands(), Is.EqualTo(new[] { "SELECT 0", "SET during 2", "SET after 3" }));
        Assert.That(_aof.Restart(), Is.True, _aof.LogText);
        client = _aof.Connect();
        Assert.That(client.Execute("MGET", "before", "during", "after"), Is.EqualTo(Resp.BulkArray("1", "2", "3")));
    }

    [TestCase(true)]
    [TestCase(false)]
    public void BgRewriteAof_CommandsBetweenCaptureSteps_BaseIsPointInTimeAndIncrHasTheRest(bool rdbPreamble)
    {
        _aof = new AofHarness(config => config.AofUseRdbPreamble = rdbPreamble);
        TestClient client = _aof.Connect();
        var keys = new List<string>();
        for (int i = 0; i < 30; i++)
        {
            client.Execute("SET", $"s{i}", $"{i}");
            client.Execute("RPUSH", $"l{i}", "a", "b");
            client.Execute("HSET", $"h{i}", "f", "1");
            client.Execute("SADD", $"z{i}", "m");
            keys.AddRange([$"s{i}", $"l{i}", $"h{i}", $"z{i}"]);
        }
        client.Execute("EXPIRE", "s1", "1000");
        client.Execute("PEXPIRE", "s11", "1500");
        client.Execute("SELECT", "5");
        client.Execute("SET", "in5", "v");
        client.Execute("SELECT", "0");
        Dictionary<string, string> atStart = State(client, keys);
        client.Execute("BGREWRITEAOF");
        AofRewriteChild child = _aof.Server.Aof.Child!;
        string[][] commands =
        [
            ["APPEND", "s0", "x"], ["INCR", "s2"], ["SETRANGE", "s3", "0", "zz"], ["RPUSH", "l0", "c"], ["LPOP", "l1"],
            ["HINCRBY", "h0", "f", "5"], ["HDEL", "h1", "f"], ["SADD", "z0", "n"], ["SPOP", "z1"], ["DEL", "s4", "l4"],
            ["EXPIRE", "s5", "1"], ["PERSIST", "s1"], ["RENAME", "s6", "s7"], ["RENAME", "l6", "new"], ["SET", "s8", "v"],
            ["GETDEL", "s9"], ["LMOVE", "l7", "l8", "LEFT", "LEFT"], ["SMOVE", "z7", "z8", "m"], ["COPY", "h7", "h8", "REPLACE"],
            ["MOVE", "s10", "3"], ["SWAPDB", "5", "6"], ["SET", "added", "v"], ["SET", "s29", "last"], ["DEL", "h29"],
        ];
        foreach (string[] command in commands)
        {
            child.CaptureStep(maxKeys: 1, TimeSpan.FromSeconds(1));
            client.Execute(command);
        }
        _aof.Harness.Time.Advance(TimeSpan.FromSeconds(2)); // s5 and s11 expire: GET deletes them (a DEL for the AOF)
        Assert.That(client.Execute("GET", "s5") + client.Execute("GET", "s11"), Is.EqualTo("$-1\r\n$-1\r\n"));
        _aof.FinishRewrite();
        client.Execute("SET", "after", "v");
        List<string> allKeys = [.. keys, "new", "added", "after"];
        Dictionary<string, string> atEnd = State(client, allKeys);

        Assert.That(_aof.Restart(), Is.True, _aof.LogText);
        client = _aof.Connect();
        Assert.Multiple(() =>
        {
            Assert.That(State(client, allKeys), Is.EqualTo(atEnd), "the base and the incr file rebuild the dataset");
            Assert.That(client.Execute("SELECT", "6") + client.Execute("GET", "in5"), Is.EqualTo("+OK\r\n$1\r\nv\r\n"));
        });

        string incr = Path.Combine(_aof.AofDirectory, _aof.Server.Aof.Manifest.Incr[^1].FileName);
        Assert.That(_aof.Restart(whileStopped: () => File.WriteAllBytes(incr, [])), Is.True, _aof.LogText);
        client = _aof.Connect();
        Assert.Multiple(() =>
        {
            atStart["s11"] = "$-1\r\n:-2\r\n"; // its time to live has passed since
            Assert.That(State(client, keys), Is.EqualTo(atStart), "the base alone is the keyspace when the rewrite started");
            Assert.That(client.Execute("DBSIZE"), Is.EqualTo($":{keys.Count - 1}\r\n"), "s11 expired since; nothing added is there");
            Assert.That(client.Execute("SELECT", "5") + client.Execute("GET", "in5"), Is.EqualTo("+OK\r\n$1\r\nv\r\n"));
        });
    }

    [Test]
    public void BgRewriteAof_FlushAllDuringTheCapture_BaseKeepsTheStartAndRestartIsEmptyButNewKeys()
    {
        _aof = new AofHarness();
        TestClient client = _aof.Connect();
        for (int i = 0; i < 50; i++)
        {
            client.Execute("SET", $"k{i}", $"{i}");
        }
        client.Execute("BGREWRITEAOF");
        _aof.Server.Aof.Child!.CaptureStep(maxKeys: 1, TimeSpan.FromSeconds(1));
        Assert.That(client.Execute("FLUSHALL"), Is.EqualTo("+OK\r\n"));
        client.Execute("SET", "new", "v");
        _aof.FinishRewrite();
        string incr = Path.Combine(_aof.AofDirectory, _aof.Server.Aof.Manifest.Incr[^1].FileName);
        Assert.That(_aof.Restart(), Is.True, _aof.LogText);
        Assert.That(_aof.Connect().Execute("KEYS", "*"), Is.EqualTo(Resp.BulkArray("new")));
        Assert.That(_aof.Restart(whileStopped: () => File.WriteAllBytes(incr, [])), Is.True, _aof.LogText);
        Assert.That(_aof.Connect().Execute("DBSIZE"), Is.EqualTo(":50\r\n"));
    }

    [Test]
    public void BgRewriteAof_Start_CopiesNothingYet()
    {
        _aof = new AofHarness();
        TestClient client = _aof.Connect();
        for (int i = 0; i < 10; i++)
        {
            client.Execute("SET", $"k{i}", "v");
        }
        client.Execute("BGREWRITEAOF");
        AofRewriteChild child = _aof.Server.Aof.Child!;
        Assert.Multiple(() =>
        {
            Assert.That(child.Snapshot.KeysCaptured, Is.Zero, "starting a rewrite is O(databases): the loop captures the keys later");
            Assert.That(child.TotalKeys, Is.EqualTo(10));
        });
        client.Execute("SET", "k3", "changed");
        Assert.That(child.Snapshot.KeysCaptured, Is.EqualTo(1), "a key about to change is captured first");
        _aof.FinishRewrite();
    }

    // Each key's DUMP and absolute expire time, per key name (database 0).
    private static Dictionary<string, string> State(TestClient client, IEnumerable<string> keys) =>
        keys.ToDictionary(k => k, k => client.Execute("DUMP", k) + client.Execute("PEXPIRETIME", k));

    [Test]
    public void BgRewriteAof_WhileOneRuns_RepliesAlreadyInProgress()
    {
        _aof = new AofHarness();
        _aof.Server.Aof.RewriteGate = new ManualResetEventSlim();
        TestClient client = _aof.Connect();
        client.Execute("BGREWRITEAOF");
        Assert.Multiple(() =>
        {
            Assert.That(client.Execute("BGREWRITEAOF"), Is.EqualTo("-ERR Background append only file rewriting already in progress\r\n"));
            Assert.That(client.Execute("INFO", "persistence"), Does.Contain("aof_rewrite_in_progress:1\r\n"));
        });
    }

    [Test]
    public void BgRewriteAof_DuringBgSave_IsScheduledAndStartedByTheCron()
    {
        _aof = new AofHarness();
        _aof.Server.Aof.RewriteGate = new ManualResetEventSlim();
        TestClient client = _aof.Connect();
        client.Execute("BGSAVE");
        Assert.That(client.Execute("BGREWRITEAOF"), Is.EqualTo("+Background append only file rewriting scheduled\r\n"));
        Assert.That(_aof.Server.Persistence.Child!.Wait(TimeSpan.FromSeconds(30)), Is.True);
        _aof.Server.Persistence.CheckBackgroundSaveDone();
        Assert.That(client.Execute("INFO", "persistence"), Does.Contain("aof_rewrite_scheduled:1\r\n"));
        _aof.Server.Aof.Cron();
        Assert.That(_aof.Server.Aof.RewriteInProgress, Is.True);
    }

    [Test]
    public void BgRewriteAof_WithAofOff_LeavesOnlyABase()
    {
        _aof = new AofHarness(appendOnly: false);
        TestClient client = _aof.Connect();
        client.Execute("SET", "a", "1");
        Assert.That(client.Execute("BGREWRITEAOF"), Is.EqualTo("+Background append only file rewriting started\r\n"));
        _aof.FinishRewrite();
        Assert.That(_aof.ManifestText(), Is.EqualTo("file appendonly.aof.1.base.rdb seq 1 type b\n"));
    }

    [Test]
    public void AutoRewrite_GrowthPastPercentage_StartsARewrite()
    {
        _aof = new AofHarness(config => config.AutoAofRewriteMinSize = 10);
        _aof.Connect().Execute("SET", "key", "a value long enough");
        _aof.Flush();
        _aof.Server.Aof.Cron();
        Assert.Multiple(() =>
        {
            Assert.That(_aof.Server.Aof.RewriteInProgress, Is.True);
            Assert.That(_aof.LogText, Does.Contain("Starting automatic rewriting of AOF on"));
        });
    }

    [Test]
    public void AutoRewrite_PercentageZero_NeverRewrites()
    {
        _aof = new AofHarness(config => (config.AutoAofRewriteMinSize, config.AutoAofRewritePercentage) = (10, 0));
        _aof.Connect().Execute("SET", "key", "a value long enough");
        _aof.Flush();
        _aof.Server.Aof.Cron();
        Assert.That(_aof.Server.Aof.RewriteInProgress, Is.False);
    }

    [Test]
    public void ConfigSetAppendOnlyYes_AtRuntime_WaitsForTheRewriteThenIsOn()
    {
        _aof = new AofHarness(appendOnly: false);
        _aof.Server.Aof.RewriteGate = new ManualResetEventSlim();
        TestClient client = _aof.Connect();
        client.Execute("SET", "before", "1");
        Assert.That(client.Execute("CONFIG", "SET", "appendonly", "yes"), Is.EqualTo("+OK\r\n"));
        Assert.That(_aof.Server.Aof.State, Is.EqualTo(AofState.WaitRewrite));
        client.Execute("SET", "during", "2");
        _aof.Server.Aof.RewriteGate.Set();
        _aof.FinishRewrite();
        Assert.Multiple(() =>
        {
            Assert.That(_aof.Server.Aof.State, Is.EqualTo(AofState.On));
            Assert.That(_aof.ManifestText(), Is.EqualTo("file appendonly.aof.1.base.rdb seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n"));
            Assert.That(_aof.IncrCommands(), Is.EqualTo(new[] { "SELECT 0", "SET during 2" }));
        });
        Assert.That(_aof.Restart(appendOnly: true), Is.True, _aof.LogText);
        Assert.That(_aof.Connect().Execute("MGET", "before", "during"), Is.EqualTo(Resp.BulkArray("1", "2")));
    }

    [Test]
    public void ConfigSetAppendOnlyNo_StopsWritingTheAof()
    {
        _aof = new AofHarness();
        TestClient client = _aof.Connect();
        client.Execute("SET", "a", "1");
        Assert.That(client.Execute("CONFIG", "SET", "appendonly", "no"), Is.EqualTo("+OK\r\n"));
        client.Execute("SET", "b", "2");
        Assert.Multiple(() =>
        {
            Assert.That(_aof.Server.Aof.State, Is.EqualTo(AofState.Off));
            Assert.That(AofHarness.ReadCommands(Path.Combine(_aof.AofDirectory, "appendonly.aof.1.incr.aof")), Is.EqualTo(new[] { "SELECT 0", "SET a 1" }));
        });
    }

    [Test]
    public void ConfigSetAppendOnly_OffThenOnAgain_StartsFromANewBase()
    {
        _aof = new AofHarness();
        TestClient client = _aof.Connect();
        client.Execute("SET", "a", "1");
        client.Execute("CONFIG", "SET", "appendonly", "no");
        client.Execute("SET", "b", "2");
        client.Execute("CONFIG", "SET", "appendonly", "yes");
        _aof.FinishRewrite();
        Assert.Multiple(() =>
        {
            Assert.That(_aof.ManifestText(), Is.EqualTo("file appendonly.aof.2.base.rdb seq 2 type b\nfile appendonly.aof.2.incr.aof seq 2 type i\n"));
            Assert.That(Directory.GetFiles(_aof.AofDirectory).Select(Path.GetFileName).Order(),
                Is.EqualTo(new[] { "appendonly.aof.2.base.rdb", "appendonly.aof.2.incr.aof", "appendonly.aof.manifest" }));
        });
        Assert.That(_aof.Restart(), Is.True, _aof.LogText);
        Assert.That(_aof.Connect().Execute("MGET", "a", "b"), Is.EqualTo(Resp.BulkArray("1", "2")));
    }

    [Test]
    public void Shutdown_WhileWaitingForTheFirstRewrite_FailsUnlessForced()
    {
        _aof = new AofHarness(appendOnly: false);
        _aof.Server.Aof.RewriteGate = new ManualResetEventSlim();
        TestClient client = _aof.Connect();
        client.Execute("CONFIG", "SET", "appendonly", "yes");
        Assert.Multiple(() =>
        {
            Assert.That(client.Execute("SHUTDOWN", "NOSAVE"), Is.EqualTo("-ERR Errors trying to SHUTDOWN. Check logs.\r\n"));
            Assert.That(_aof.LogText, Does.Contain("Writing initial AOF, can't exit."));
        });
    }

    [Test]
    public void Info_Persistence_ReportsTheAofFields()
    {
        _aof = new AofHarness();
        TestClient client = _aof.Connect();
        client.Execute("SET", "a", "1");
        string info = client.Execute("INFO", "persistence");
        Assert.Multiple(() =>
        {
            Assert.That(info, Does.Contain("aof_enabled:1\r\naof_rewrite_in_progress:0\r\naof_rewrite_scheduled:0\r\naof_last_rewrite_time_sec:-1\r\naof_current_rewrite_time_sec:-1\r\naof_last_bgrewrite_status:ok\r\naof_rewrites:0\r\naof_rewrites_consecutive_failures:0\r\naof_last_write_status:ok\r\naof_last_cow_size:0\r\nmodule_fork_in_progress:0\r\nmodule_fork_last_cow_size:0\r\naof_current_size:0\r\naof_base_size:0\r\naof_pending_rewrite:0\r\naof_buffer_length:"));
            Assert.That(info, Does.Contain("aof_pending_bio_fsync:0\r\naof_delayed_fsync:0\r\n"));
        });
    }
}
