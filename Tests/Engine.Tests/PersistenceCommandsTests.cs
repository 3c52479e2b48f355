using Reactor.MiniRedis.Engine.Server;
using Reactor.MiniRedis.Engine.Tests.Support;

namespace Reactor.MiniRedis.Engine.Tests;

/// <summary>
/// SAVE, BGSAVE, LASTSAVE, the save schedule run by serverCron, MISCONF, FLUSHALL and SHUTDOWN saving, SIGTERM
/// saving, and loading the file at startup: each test gets a server writing into its own temp directory.
/// </summary>
public sealed class PersistenceCommandsTests
{
    private static readonly TimeSpan s_saveTimeout = TimeSpan.FromSeconds(30);

    private string _dir = null!;
    private ServerHarness _harness = null!;
    private TestClient _client = null!;
    private List<string> _log = null!;

    private string RdbPath => Path.Combine(_dir, "dump.rdb");

    [SetUp]
    public void CreateServer()
    {
        _dir = Directory.CreateTempSubdirectory("mini-redis-rdb-").FullName;
        _log = [];
        Start(save: "");
    }

    [TearDown]
    public void DeleteDirectory()
    {
        _harness.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Test]
    public void Save_Dataset_WritesFileTheNextServerLoads()
    {
        Run("SET", "s", "v");
        Run("SET", "n", "42", "EX", "100");
        Run("RPUSH", "l", "a", "b");
        Run("SELECT", "3");
        Run("HSET", "h", "f", "v");
        Assert.That(Run("SAVE"), Is.EqualTo("+OK\r\n"));

        Restart();
        Assert.Multiple(() =>
        {
            Assert.That(_harness.Server.Persistence.LoadDataFromDisk(), Is.True);
            Assert.That(Run("GET", "s"), Is.EqualTo("$1\r\nv\r\n"));
            Assert.That(Run("TTL", "n"), Is.EqualTo(":100\r\n"));
            Assert.That(Run("OBJECT", "ENCODING", "n"), Is.EqualTo("$3\r\nint\r\n"));
            Assert.That(Run("LRANGE", "l", "0", "-1"), Is.EqualTo(Resp.BulkArray("a", "b")));
            Assert.That(Run("SELECT", "3") + Run("HGET", "h", "f"), Is.EqualTo("+OK\r\n$1\r\nv\r\n"));
            Assert.That(_log, Has.Some.Contains("Done loading RDB, keys loaded: 4, keys expired: 0."));
            Assert.That(Info("rdb_last_load_keys_loaded"), Is.EqualTo("4"));
        });
    }

    [Test]
    public void Save_ResetsChangeCountAndMovesLastSave()
    {
        Run("SET", "k", "v");
        _harness.Time.Advance(TimeSpan.FromSeconds(10));
        Run("SAVE");
        long now = _harness.Time.GetUtcNow().ToUnixTimeSeconds();
        Assert.Multiple(() =>
        {
            Assert.That(Info("rdb_changes_since_last_save"), Is.EqualTo("0"));
            Assert.That(Run("LASTSAVE"), Is.EqualTo($":{now}\r\n"));
            Assert.That(_log, Has.Some.Contains("DB saved on disk"));
            Assert.That(Directory.GetFiles(_dir), Is.EqualTo(new[] { RdbPath }), "the temp file was renamed");
        });
    }

    [Test]
    public void Save_DirectoryGone_RepliesErrAndLogsWhy()
    {
        Directory.Delete(_dir);
        Assert.Multiple(() =>
        {
            Assert.That(Run("SAVE"), Is.EqualTo("-ERR\r\n"));
            Assert.That(_log, Has.Some.Contains("Failed opening the temp RDB file"));
        });
        Directory.CreateDirectory(_dir);
    }

    [Test]
    public void BgSave_RepliesStartedAndWritesFile()
    {
        Run("SET", "k", "v");
        Assert.That(Run("BGSAVE"), Is.EqualTo("+Background saving started\r\n"));
        FinishBackgroundSave();
        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(RdbPath), Is.True);
            Assert.That(_log, Has.Some.Contains("Background saving terminated with success"));
            Assert.That(Info("rdb_last_bgsave_status"), Is.EqualTo("ok"));
            Assert.That(Info("rdb_changes_since_last_save"), Is.EqualTo("0"));
            Assert.That(Info("rdb_saves"), Is.EqualTo("1"));
            Assert.That(Info("rdb_bgsave_in_progress"), Is.EqualTo("0"));
        });
    }

    [Test]
    public void BgSave_ChangesDuringSave_StayCounted()
    {
        Run("SET", "k", "v");
        Run("BGSAVE");
        Run("SET", "k2", "v");
        Run("SET", "k3", "v");
        FinishBackgroundSave();
        Assert.That(Info("rdb_changes_since_last_save"), Is.EqualTo("2"));
    }

    [Test]
    public void BgSave_ValuesChangedRightAfter_FileHoldsPointInTime()
    {
        Run("SET", "s", "before");
        Run("APPEND", "s", "!");
        Run("RPUSH", "l", "a");
        Run("HSET", "h", "f", "1");
        Run("SET", "gone", "v");
        Run("BGSAVE");
        Run("APPEND", "s", "after");
        Run("RPUSH", "l", "b");
        Run("HINCRBY", "h", "f", "10");
        Run("DEL", "gone");
        Run("SET", "new", "v");
        FinishBackgroundSave();

        Restart();
        _harness.Server.Persistence.LoadDataFromDisk();
        Assert.Multiple(() =>
        {
            Assert.That(Run("GET", "s"), Is.EqualTo("$7\r\nbefore!\r\n"));
            Assert.That(Run("LRANGE", "l", "0", "-1"), Is.EqualTo(Resp.BulkArray("a")));
            Assert.That(Run("HGET", "h", "f"), Is.EqualTo("$1\r\n1\r\n"));
            Assert.That(Run("EXISTS", "gone", "new"), Is.EqualTo(":1\r\n"));
        });
    }

    [Test]
    public void BgSave_CommandsBetweenCaptureSteps_FileHoldsPointInTime()
    {
        var keys = new List<string>();
        for (int i = 0; i < 30; i++)
        {
            Run("SET", $"s{i}", $"{i}");
            Run("RPUSH", $"l{i}", "a", "b");
            Run("HSET", $"h{i}", "f", "1");
            Run("SADD", $"z{i}", "m");
            keys.AddRange([$"s{i}", $"l{i}", $"h{i}", $"z{i}"]);
        }
        Run("EXPIRE", "s1", "1000");
        Run("SELECT", "5");
        Run("SET", "in5", "v");
        Run("SELECT", "0");
        Dictionary<string, string> before = keys.ToDictionary(k => k, k => Run("DUMP", k) + Run("PTTL", k));
        Run("BGSAVE");
        Engine.Persistence.BackgroundSave child = _harness.Server.Persistence.Child!;
        string[][] commands =
        [
            ["APPEND", "s0", "x"], ["INCR", "s2"], ["SETRANGE", "s3", "0", "zz"], ["RPUSH", "l0", "c"], ["LPOP", "l1"],
            ["HINCRBY", "h0", "f", "5"], ["HDEL", "h1", "f"], ["SADD", "z0", "n"], ["SPOP", "z1"], ["DEL", "s4", "l4"],
            ["EXPIRE", "s5", "1"], ["PERSIST", "s1"], ["RENAME", "s6", "s7"], ["RENAME", "l6", "new"], ["SET", "s8", "v"],
            ["GETDEL", "s9"], ["LMOVE", "l7", "l8", "LEFT", "LEFT"], ["SMOVE", "z7", "z8", "m"], ["COPY", "h7", "h8", "REPLACE"],
            ["MOVE", "s10", "3"], ["SWAPDB", "5", "6"], ["SET", "added", "v"], ["FLUSHDB"],
        ];
        foreach (string[] command in commands)
        {
            child.CaptureStep(maxKeys: 1, TimeSpan.FromSeconds(1));
            Run(command);
        }
        FinishBackgroundSave();

        Restart();
        _harness.Server.Persistence.LoadDataFromDisk();
        Assert.Multiple(() =>
        {
            foreach (string key in keys)
            {
                Assert.That(Run("DUMP", key) + Run("PTTL", key), Is.EqualTo(before[key]), key);
            }
            Assert.That(Run("DBSIZE"), Is.EqualTo($":{keys.Count}\r\n"));
            Assert.That(Run("SELECT", "5") + Run("GET", "in5"), Is.EqualTo("+OK\r\n$1\r\nv\r\n"));
        });
    }

    [Test]
    public void BgSave_WhileOneRuns_RepliesInProgress()
    {
        Run("BGSAVE");
        // The loop has not reaped the first save (nothing runs the loop here), so it is still in progress.
        Assert.Multiple(() =>
        {
            Assert.That(Run("BGSAVE"), Is.EqualTo("-ERR Background save already in progress\r\n"));
            Assert.That(Run("SAVE"), Is.EqualTo("-ERR Background save already in progress\r\n"));
            Assert.That(Info("rdb_bgsave_in_progress"), Is.EqualTo("1"));
        });
        FinishBackgroundSave();
    }

    [Test]
    public void BgSave_Schedule_StartsAtOnce()
    {
        Assert.That(Run("BGSAVE", "SCHEDULE"), Is.EqualTo("+Background saving started\r\n"));
        FinishBackgroundSave();
    }

    [TestCase("NOW")]
    [TestCase("SCHEDULE", "SCHEDULE")]
    public void BgSave_BadArguments_RepliesSyntaxError(params string[] arguments) =>
        Assert.That(Run(["BGSAVE", .. arguments]), Is.EqualTo("-ERR syntax error\r\n"));

    [Test]
    public void BgSave_DirectoryGone_SetsErrorStatus()
    {
        Directory.Delete(_dir);
        Run("BGSAVE");
        FinishBackgroundSave();
        Directory.CreateDirectory(_dir);
        Assert.Multiple(() =>
        {
            Assert.That(Info("rdb_last_bgsave_status"), Is.EqualTo("err"));
            Assert.That(_log, Has.Some.Contains("Background saving error"));
        });
    }

    [Test]
    public void Cron_SavePointReached_StartsBackgroundSave()
    {
        Start(save: "60 2");
        _harness.Server.StartCron();
        Run("SET", "a", "1");
        Run("SET", "b", "2");
        RunCron(TimeSpan.FromSeconds(61));
        Assert.Multiple(() =>
        {
            Assert.That(_log, Has.Some.Contains("2 changes in 60 seconds. Saving..."));
            Assert.That(_harness.Server.Persistence.BackgroundSaveInProgress, Is.True);
        });
        FinishBackgroundSave();
    }

    [Test]
    public void Cron_TooFewChanges_DoesNotSave()
    {
        Start(save: "60 2");
        _harness.Server.StartCron();
        Run("SET", "a", "1");
        RunCron(TimeSpan.FromSeconds(61));
        Assert.That(_harness.Server.Persistence.BackgroundSaveInProgress, Is.False);
    }

    [Test]
    public void Cron_BackgroundSaveFailed_WritesAndPingGetMisconf()
    {
        Start(save: "3600 1");
        FailBackgroundSave();
        Assert.Multiple(() =>
        {
            Assert.That(Run("SET", "k", "v"), Does.StartWith("-MISCONF Redis is configured to save RDB snapshots"));
            Assert.That(Run("PING"), Does.StartWith("-MISCONF"));
            Assert.That(Run("GET", "k"), Is.EqualTo("$-1\r\n"));
        });
    }

    [Test]
    public void Cron_BackgroundSaveFailedWithStopWritesOff_WritesAreAccepted()
    {
        Start(save: "3600 1");
        Run("CONFIG", "SET", "stop-writes-on-bgsave-error", "no");
        FailBackgroundSave();
        Assert.That(Run("SET", "k", "v"), Is.EqualTo("+OK\r\n"));
    }

    [Test]
    public void Cron_AfterFailure_RetriesOnlyAfterFiveSeconds()
    {
        Start(save: "1 1");
        _harness.Server.StartCron();
        Run("SET", "k", "v");
        FailBackgroundSave();
        RunCron(TimeSpan.FromSeconds(3));
        bool retriedEarly = _harness.Server.Persistence.BackgroundSaveInProgress;
        RunCron(TimeSpan.FromSeconds(3));
        Assert.That((retriedEarly, _harness.Server.Persistence.BackgroundSaveInProgress), Is.EqualTo((false, true)));
        FinishBackgroundSave();
    }

    [Test]
    public void FlushAll_WithSavePoints_SavesEmptyDataset()
    {
        Start(save: "3600 1");
        Run("SET", "k", "v");
        Run("SAVE");
        Run("FLUSHALL");
        Restart();
        _harness.Server.Persistence.LoadDataFromDisk();
        Assert.Multiple(() =>
        {
            Assert.That(Run("DBSIZE"), Is.EqualTo(":0\r\n"));
            Assert.That(_log, Has.Some.Contains("keys loaded: 0"));
        });
    }

    [Test]
    public void FlushAll_WithSavePoints_LeavesNoChangeAndNoSaveCounted()
    {
        Start(save: "3600 1");
        Run("SET", "k", "v");
        Run("FLUSHALL");
        Assert.That((Info("rdb_changes_since_last_save"), Info("rdb_saves")), Is.EqualTo(("0", "0")));
    }

    [Test]
    public void Save_IsCountedInRdbSaves()
    {
        Run("SAVE");
        Assert.That(Info("rdb_saves"), Is.EqualTo("1"));
    }

    [Test]
    public void Shutdown_WithSavePoints_SavesBeforeStopping()
    {
        Start(save: "3600 1");
        Run("SET", "k", "v");
        Assert.Multiple(() =>
        {
            Assert.That(Run("SHUTDOWN"), Is.Empty);
            Assert.That(File.Exists(RdbPath), Is.True);
            Assert.That(_log, Has.Some.Contains("Saving the final RDB snapshot before exiting."));
        });
    }

    [Test]
    public void Shutdown_NoSave_WritesNothing()
    {
        Start(save: "3600 1");
        Run("SET", "k", "v");
        Run("SHUTDOWN", "NOSAVE");
        Assert.That(File.Exists(RdbPath), Is.False);
    }

    [Test]
    public void Shutdown_WithoutSavePoints_WritesNothing()
    {
        Run("SET", "k", "v");
        Run("SHUTDOWN");
        Assert.That(File.Exists(RdbPath), Is.False);
    }

    [Test]
    public void Shutdown_DuringBackgroundSave_StopsItAndSaves()
    {
        Run("SET", "k", "v");
        Run("BGSAVE");
        Run("SHUTDOWN", "SAVE");
        Assert.Multiple(() =>
        {
            Assert.That(_log, Has.Some.Contains("There is a child saving an .rdb. Killing it!"));
            Assert.That(_harness.Server.ShuttingDown, Is.True);
            Assert.That(Directory.GetFiles(_dir), Is.EqualTo(new[] { RdbPath }));
        });
    }

    [Test]
    public void ScheduleShutdown_WithSavePoints_SavesThenStops()
    {
        Start(save: "3600 1");
        Run("SET", "k", "v");
        _harness.Server.ScheduleShutdown();
        _harness.Server.Loop.ProcessEvents();
        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(RdbPath), Is.True);
            Assert.That(_harness.Server.ShuttingDown, Is.True);
        });
    }

    [Test]
    public void ScheduleShutdown_SaveFails_KeepsRunning()
    {
        Start(save: "3600 1");
        Directory.Delete(_dir);
        _harness.Server.ScheduleShutdown();
        _harness.Server.Loop.ProcessEvents();
        Directory.CreateDirectory(_dir);
        Assert.Multiple(() =>
        {
            Assert.That(_harness.Server.ShuttingDown, Is.False);
            Assert.That(_log, Has.Some.Contains("Errors trying to shut down the server. Check the logs for more information."));
        });
    }

    [Test]
    public void Load_NoFile_SucceedsEmpty()
    {
        Assert.Multiple(() =>
        {
            Assert.That(_harness.Server.Persistence.LoadDataFromDisk(), Is.True);
            Assert.That(_log, Is.Empty);
        });
    }

    [Test]
    public void Load_ExpiredKeys_AreSkippedAndCounted()
    {
        Run("SET", "short", "v", "EX", "10");
        Run("SET", "long", "v", "EX", "1000");
        Run("SAVE");
        Restart();
        _harness.Time.Advance(TimeSpan.FromSeconds(100));
        _harness.Server.Persistence.LoadDataFromDisk();
        Assert.Multiple(() =>
        {
            Assert.That(Run("DBSIZE"), Is.EqualTo(":1\r\n"));
            Assert.That(Info("rdb_last_load_keys_expired"), Is.EqualTo("1"));
        });
    }

    [Test]
    public void Load_LogsAuxFields()
    {
        Run("SAVE");
        Restart();
        _harness.Server.Persistence.LoadDataFromDisk();
        Assert.Multiple(() =>
        {
            Assert.That(_log, Has.Some.Contains("Loading RDB produced by version 7.0.15"));
            Assert.That(_log, Has.Some.Contains("RDB age 0 seconds"));
            Assert.That(_log, Has.Some.Contains("RDB memory usage when created"));
        });
    }

    [TestCase(1)]
    [TestCase(20)]
    [TestCase(60)]
    public void Load_TruncatedFile_FailsAndLoadsNothing(int cut)
    {
        Run("SET", "a", "1");
        Run("RPUSH", "b", "x", "y", "z");
        Run("SAVE");
        byte[] file = File.ReadAllBytes(RdbPath);
        File.WriteAllBytes(RdbPath, file[..^Math.Min(cut, file.Length - 1)]);
        Restart();
        Assert.Multiple(() =>
        {
            Assert.That(_harness.Server.Persistence.LoadDataFromDisk(), Is.False);
            Assert.That(_harness.Server.Keyspace.TotalKeys(), Is.Zero);
            Assert.That(_log, Has.Some.Contains("Terminating server after rdb file reading failure."));
        });
    }

    [Test]
    public void Load_FlippedByte_FailsOnChecksum()
    {
        Run("SET", "key", "value");
        Run("SAVE");
        byte[] file = File.ReadAllBytes(RdbPath);
        file[^12] ^= 0x01; // inside the value, before EOF and checksum
        File.WriteAllBytes(RdbPath, file);
        Restart();
        Assert.Multiple(() =>
        {
            Assert.That(_harness.Server.Persistence.LoadDataFromDisk(), Is.False);
            Assert.That(_log, Has.Some.Contains("Wrong RDB checksum"));
            Assert.That(_harness.Server.Keyspace.TotalKeys(), Is.Zero);
        });
    }

    [Test]
    public void Load_NotAnRdbFile_FailsWithSignatureError()
    {
        File.WriteAllText(RdbPath, "hello world, not a database");
        Restart();
        Assert.Multiple(() =>
        {
            Assert.That(_harness.Server.Persistence.LoadDataFromDisk(), Is.False);
            Assert.That(_log, Has.Some.Contains("Wrong signature trying to load DB from file"));
        });
    }

    [Test]
    public void Load_MoreDatabasesThanConfigured_Fails()
    {
        Run("SELECT", "15");
        Run("SET", "k", "v");
        Run("SAVE");
        Restart(databases: 4);
        Assert.Multiple(() =>
        {
            Assert.That(_harness.Server.Persistence.LoadDataFromDisk(), Is.False);
            Assert.That(_log, Has.Some.Contains("configured to handle more than 4 databases"));
        });
    }

    [Test]
    public void Load_LruPolicy_RestoresIdleTime()
    {
        Run("CONFIG", "SET", "maxmemory-policy", "allkeys-lru");
        Run("SET", "k", "v");
        _harness.Time.Advance(TimeSpan.FromSeconds(500));
        Run("SAVE");
        Restart();
        Run("CONFIG", "SET", "maxmemory-policy", "allkeys-lru");
        _harness.Server.Persistence.LoadDataFromDisk();
        Assert.That(Run("OBJECT", "IDLETIME", "k"), Is.EqualTo(":500\r\n"));
    }

    [Test]
    public void ConfigLoader_SaveLines_AccumulateAfterReplacingDefault()
    {
        var config = new ServerConfig();
        ConfigLoader.Apply(config, "save 900 1\nsave 300 10\n");
        Assert.That(config.Save, Is.EqualTo("900 1 300 10"));
    }

    [Test]
    public void ConfigLoader_SaveEmpty_TurnsSnapshotsOff()
    {
        var config = new ServerConfig();
        ConfigLoader.Load(config, ["--save", ""]);
        Assert.That(config.SavePoints, Is.Empty);
    }

    [Test]
    public void ServerConfig_Default_IsRedisSchedule() => Assert.That(new ServerConfig().Save, Is.EqualTo("3600 1 300 100 60 10000"));

    [Test]
    public void ConfigLoader_DbFilenameWithPath_IsRefused() =>
        Assert.That(() => ConfigLoader.Load(new ServerConfig(), ["--dbfilename", "a/b.rdb"]),
            Throws.TypeOf<ConfigException>().With.Message.Contains("dbfilename can't be a path, just a filename"));

    [Test]
    public void ConfigLoader_MissingDir_IsRefused() =>
        Assert.That(() => ConfigLoader.Load(new ServerConfig(), ["--dir", Path.Combine(_dir, "nope")]),
            Throws.TypeOf<ConfigException>().With.Message.Contains("No such file or directory"));

    private string Run(params string[] args) => _client.Execute(args);

    private string Info(string field)
    {
        string text = Run("INFO", "all");
        int start = text.IndexOf("\r\n" + field + ":", StringComparison.Ordinal) + field.Length + 3;
        return text[start..text.IndexOf("\r\n", start, StringComparison.Ordinal)];
    }

    // A fresh server on the same directory, clock and log, as a restart would give.
    private void Restart(int databases = 16)
    {
        DateTimeOffset now = _harness.Time.GetUtcNow();
        _harness.Dispose();
        Start(save: "", databases: databases);
        _harness.Time.SetUtcNow(now);
    }

    private void Start(string save, int databases = 16)
    {
        _harness?.Dispose();
        _harness = new ServerHarness(config =>
        {
            config.SetDir(_dir);
            config.SetSave(save);
            config.Databases = databases;
        });
        _harness.Server.Log.Sink = _log.Add;
        _client = _harness.Connect();
    }

    // Waits for the writer thread, then reaps it as the cron would.
    private void FinishBackgroundSave()
    {
        Engine.Persistence.BackgroundSave? child = _harness.Server.Persistence.Child;
        Assert.That(child, Is.Not.Null, "a background save is running");
        child!.Snapshot.CaptureAll(); // the loop's timer would capture it a slice per iteration
        Assert.That(child!.Wait(s_saveTimeout), Is.True, "the background save finished");
        _harness.Server.Persistence.CheckBackgroundSaveDone();
    }

    private void FailBackgroundSave()
    {
        Directory.Delete(_dir);
        Run("BGSAVE");
        FinishBackgroundSave();
        Directory.CreateDirectory(_dir);
    }

    private void RunCron(TimeSpan advance)
    {
        _harness.Time.Advance(advance);
        _harness.Server.Loop.ProcessEvents();
    }
}
