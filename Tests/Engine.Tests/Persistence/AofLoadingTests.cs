using Reactor.MiniRedis.Engine.Tests.Support;

namespace Reactor.MiniRedis.Engine.Tests.Persistence;

/// <summary>
/// Starting with <c>appendonly yes</c>: the files created on a first start, the dataset replayed on the next, and
/// every way a damaged AOF is handled (a torn tail truncated or refused as aof-load-truncated says, anything else
/// refused with Redis's message), never a silent partial load.
/// </summary>
public sealed class AofLoadingTests
{
    private AofHarness _aof = null!;

    [TearDown]
    public void Stop() => _aof.Dispose();

    private string IncrPath => Path.Combine(_aof.AofDirectory, "appendonly.aof.1.incr.aof");

    [Test]
    public void FirstStart_EmptyDirectory_CreatesRdbBaseIncrAndManifest()
    {
        _aof = new AofHarness();
        Assert.Multiple(() =>
        {
            Assert.That(_aof.ManifestText(), Is.EqualTo("file appendonly.aof.1.base.rdb seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n"));
            Assert.That(File.ReadAllBytes(Path.Combine(_aof.AofDirectory, "appendonly.aof.1.base.rdb"))[..9], Is.EqualTo("REDIS0010"u8.ToArray()));
            Assert.That(new FileInfo(IncrPath).Length, Is.Zero);
            Assert.That(_aof.LogText, Does.Contain("Creating AOF base file appendonly.aof.1.base.rdb on server start"));
            Assert.That(_aof.LogText, Does.Contain("Creating AOF incr file appendonly.aof.1.incr.aof on server start"));
        });
    }

    [Test]
    public void FirstStart_PreambleNo_CreatesEmptyCommandBase()
    {
        _aof = new AofHarness(config => config.AofUseRdbPreamble = false);
        Assert.Multiple(() =>
        {
            Assert.That(_aof.ManifestText(), Does.StartWith("file appendonly.aof.1.base.aof seq 1 type b\n"));
            Assert.That(new FileInfo(Path.Combine(_aof.AofDirectory, "appendonly.aof.1.base.aof")).Length, Is.Zero);
        });
    }

    [Test]
    public void Restart_AfterWrites_LoadsTheSameData()
    {
        _aof = new AofHarness();
        TestClient client = _aof.Connect();
        client.Execute("SET", "s", "v", "EX", "100");
        client.Execute("RPUSH", "l", "a", "b");
        client.Execute("SADD", "set", "x");
        client.Execute("HSET", "h", "f", "1");
        client.Execute("ZADD", "z", "1.5", "m");
        client.Execute("SELECT", "2");
        client.Execute("INCRBYFLOAT", "n", "0.1");
        Assert.That(_aof.Restart(), Is.True, _aof.LogText);
        client = _aof.Connect();
        Assert.Multiple(() =>
        {
            Assert.That(client.Execute("GET", "s"), Is.EqualTo("$1\r\nv\r\n"));
            Assert.That(client.Execute("PEXPIRETIME", "s"), Is.EqualTo(":1700000100000\r\n"));
            Assert.That(client.Execute("LRANGE", "l", "0", "-1"), Is.EqualTo(Resp.BulkArray("a", "b")));
            Assert.That(client.Execute("SMEMBERS", "set"), Is.EqualTo(Resp.BulkArray("x")));
            Assert.That(client.Execute("HGET", "h", "f"), Is.EqualTo("$1\r\n1\r\n"));
            Assert.That(client.Execute("ZSCORE", "z", "m"), Is.EqualTo("$3\r\n1.5\r\n"));
            Assert.That(client.Execute("SELECT", "2") + client.Execute("GET", "n"), Is.EqualTo("+OK\r\n$3\r\n0.1\r\n"));
            Assert.That(_aof.LogText, Does.Contain("DB loaded from incr file appendonly.aof.1.incr.aof"));
            Assert.That(_aof.LogText, Does.Contain("Opening AOF incr file appendonly.aof.1.incr.aof on server start"));
        });
    }

    [Test]
    public void Restart_KeyExpiredSinceItsCommands_ReplaysThemWithoutExpiringInBetween()
    {
        // SET with a TTL, then APPEND before it expired: replayed after the TTL passed, APPEND must still find the
        // key (no expiry while loading), so the key is the expired "vx", not a fresh "x" without TTL.
        _aof = new AofHarness();
        TestClient client = _aof.Connect();
        client.Execute("SET", "k", "v", "PX", "100");
        _aof.Harness.Time.Advance(TimeSpan.FromMilliseconds(50));
        client.Execute("APPEND", "k", "x");
        _aof.Harness.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.That(_aof.Restart(), Is.True, _aof.LogText);
        Assert.That(_aof.Connect().Execute("GET", "k"), Is.EqualTo("$-1\r\n"));
    }

    [Test]
    public void Restart_FileWithATransaction_ReplaysItWithoutAppendingToTheFile()
    {
        _aof = new AofHarness();
        TestClient client = _aof.Connect();
        client.Execute("MULTI");
        client.Execute("SET", "a", "1");
        client.Execute("INCR", "b");
        client.Execute("EXEC");
        _aof.Flush();
        long length = new FileInfo(IncrPath).Length;
        Assert.That(_aof.Restart(), Is.True, _aof.LogText);
        Assert.Multiple(() =>
        {
            Assert.That(_aof.Connect().Execute("MGET", "a", "b"), Is.EqualTo(Resp.BulkArray("1", "1")));
            Assert.That(_aof.IncrCommands(), Has.Count.EqualTo(5), "the replayed EXEC fed nothing back into the AOF");
            Assert.That(new FileInfo(IncrPath).Length, Is.EqualTo(length));
        });
    }

    [Test]
    public void Load_TornTailWithLoadTruncatedYes_TruncatesAfterTheLastCompleteCommand()
    {
        _aof = new AofHarness();
        TestClient client = _aof.Connect();
        client.Execute("SET", "a", "1");
        client.Execute("SET", "b", "2");
        _aof.Flush();
        long complete = new FileInfo(IncrPath).Length;
        long valid = complete - "*3\r\n$3\r\nSET\r\n$1\r\nb\r\n$1\r\n2\r\n".Length;
        _aof.Harness.Dispose();
        Truncate(IncrPath, complete - 3);

        Assert.That(_aof.Restart(), Is.True, _aof.LogText);
        client = _aof.Connect();
        Assert.Multiple(() =>
        {
            Assert.That(client.Execute("GET", "a"), Is.EqualTo("$1\r\n1\r\n"));
            Assert.That(client.Execute("GET", "b"), Is.EqualTo("$-1\r\n"));
            Assert.That(new FileInfo(IncrPath).Length, Is.EqualTo(valid));
            Assert.That(_aof.LogText, Does.Contain("!!! Warning: short read while loading the AOF file appendonly.aof.1.incr.aof!!!"));
            Assert.That(_aof.LogText, Does.Contain($"!!! Truncating the AOF appendonly.aof.1.incr.aof at offset {valid} !!!"));
            Assert.That(_aof.LogText, Does.Contain("AOF appendonly.aof.1.incr.aof loaded anyway because aof-load-truncated is enabled"));
        });
    }

    [Test]
    public void Load_TornTailWithLoadTruncatedNo_RefusesToStart()
    {
        _aof = new AofHarness(config => config.AofLoadTruncated = false);
        _aof.Connect().Execute("SET", "a", "1");
        _aof.Flush();
        long length = new FileInfo(IncrPath).Length;
        _aof.Harness.Dispose();
        Truncate(IncrPath, length - 1);

        Assert.Multiple(() =>
        {
            Assert.That(_aof.Restart(), Is.False);
            Assert.That(_aof.LogText, Does.Contain("Unexpected end of file reading the append only file appendonly.aof.1.incr.aof. You can: 1) Make a backup of your AOF file, then use ./redis-check-aof --fix <filename.manifest>. 2) Alternatively you can set the 'aof-load-truncated' configuration option to yes and restart the server."));
            Assert.That(new FileInfo(IncrPath).Length, Is.EqualTo(length - 1));
        });
    }

    [Test]
    public void Load_GarbageBetweenCommands_RefusesToStartWithBadFormat()
    {
        _aof = new AofHarness();
        _aof.Connect().Execute("SET", "a", "1");
        _aof.Harness.Dispose();
        File.AppendAllText(IncrPath, "garbage\r\n*1\r\n$4\r\nPING\r\n");
        Assert.Multiple(() =>
        {
            Assert.That(_aof.Restart(), Is.False);
            Assert.That(_aof.LogText, Does.Contain("Bad file format reading the append only file appendonly.aof.1.incr.aof: make a backup of your AOF file, then use ./redis-check-aof --fix <filename.manifest>"));
        });
    }

    [Test]
    public void Load_UnknownCommand_RefusesToStart()
    {
        _aof = new AofHarness();
        _aof.Harness.Dispose();
        File.AppendAllText(IncrPath, "*2\r\n$6\r\nNOSUCH\r\n$1\r\nx\r\n");
        Assert.Multiple(() =>
        {
            Assert.That(_aof.Restart(), Is.False);
            Assert.That(_aof.LogText, Does.Contain("Unknown command 'NOSUCH' reading the append only file appendonly.aof.1.incr.aof"));
        });
    }

    [Test]
    public void Load_MultiWithoutExecAtTheEnd_RevertsTheTransaction()
    {
        _aof = new AofHarness();
        _aof.Connect().Execute("SET", "a", "1");
        _aof.Flush();
        long before = new FileInfo(IncrPath).Length;
        _aof.Harness.Dispose();
        File.AppendAllText(IncrPath, "*1\r\n$5\r\nMULTI\r\n*3\r\n$3\r\nSET\r\n$1\r\nb\r\n$1\r\n2\r\n");

        Assert.That(_aof.Restart(), Is.True, _aof.LogText);
        Assert.Multiple(() =>
        {
            Assert.That(_aof.Connect().Execute("GET", "b"), Is.EqualTo("$-1\r\n"));
            Assert.That(_aof.LogText, Does.Contain("Revert incomplete MULTI/EXEC transaction in AOF file appendonly.aof.1.incr.aof"));
            Assert.That(new FileInfo(IncrPath).Length, Is.EqualTo(before));
        });
    }

    [Test]
    public void Load_AnnotationLines_AreSkipped()
    {
        _aof = new AofHarness();
        _aof.Harness.Dispose();
        File.AppendAllText(IncrPath, "#TS:1700000000\r\n*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\n1\r\n");
        Assert.That(_aof.Restart(), Is.True, _aof.LogText);
        Assert.That(_aof.Connect().Execute("GET", "a"), Is.EqualTo("$1\r\n1\r\n"));
    }

    [Test]
    public void Load_TruncatedFileThatIsNotTheLast_RefusesToStart()
    {
        _aof = new AofHarness();
        _aof.Harness.Dispose();
        File.WriteAllText(IncrPath, "*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r");
        File.WriteAllText(Path.Combine(_aof.AofDirectory, "appendonly.aof.2.incr.aof"), "*3\r\n$3\r\nSET\r\n$1\r\nb\r\n$1\r\n2\r\n");
        File.AppendAllText(Path.Combine(_aof.AofDirectory, "appendonly.aof.manifest"), "file appendonly.aof.2.incr.aof seq 2 type i\n");
        Assert.Multiple(() =>
        {
            Assert.That(_aof.Restart(), Is.False);
            Assert.That(_aof.LogText, Does.Contain("Fatal error: the truncated file is not the last file"));
        });
    }

    [Test]
    public void Load_FileNamedInTheManifestMissing_RefusesToStart()
    {
        _aof = new AofHarness();
        _aof.Harness.Dispose();
        File.Delete(IncrPath);
        Assert.Multiple(() =>
        {
            Assert.That(_aof.Restart(), Is.False);
            Assert.That(_aof.LogText, Does.Contain("Unable to obtain the AOF file appendonly.aof.1.incr.aof length."));
        });
    }

    [Test]
    public void Load_CorruptRdbBase_RefusesToStart()
    {
        _aof = new AofHarness();
        _aof.Harness.Dispose();
        string basePath = Path.Combine(_aof.AofDirectory, "appendonly.aof.1.base.rdb");
        byte[] file = File.ReadAllBytes(basePath);
        File.WriteAllBytes(basePath, file[..^4]);
        Assert.Multiple(() =>
        {
            Assert.That(_aof.Restart(), Is.False);
            Assert.That(_aof.LogText, Does.Contain("Error reading the RDB base file appendonly.aof.1.base.rdb, AOF loading aborted"));
        });
    }

    [Test]
    public void Load_BadManifest_RefusesToStartEvenWithAppendOnlyNo()
    {
        _aof = new AofHarness(appendOnly: false, load: false);
        Directory.CreateDirectory(_aof.AofDirectory);
        File.WriteAllText(Path.Combine(_aof.AofDirectory, "appendonly.aof.manifest"), "file a seq 1 type z\n");
        Assert.Multiple(() =>
        {
            Assert.That(_aof.Server.Aof.LoadDataFromDisk(), Is.False);
            Assert.That(_aof.LogText, Does.Contain("*** FATAL AOF MANIFEST FILE ERROR ***"));
            Assert.That(_aof.LogText, Does.Contain("Reading the manifest file, at line 1"));
            Assert.That(_aof.LogText, Does.Contain(">>> 'file a seq 1 type z'"));
            Assert.That(_aof.LogText, Does.Contain("Unknown AOF file type"));
        });
    }

    [Test]
    public void Load_AppendOnlyYes_IgnoresTheRdbFile()
    {
        _aof = new AofHarness(load: false);
        _aof.Connect().Execute("SET", "fromrdb", "1");
        Assert.That(_aof.Connect().Execute("SAVE"), Is.EqualTo("+OK\r\n"));
        _aof.Server.Keyspace.FlushAll();
        Assert.That(_aof.Server.Aof.LoadDataFromDisk(), Is.True, _aof.LogText);
        Assert.That(_aof.Connect().Execute("EXISTS", "fromrdb"), Is.EqualTo(":0\r\n"));
    }

    [Test]
    public void Load_OldStyleSingleFile_IsMovedIntoTheDirectoryAsBase()
    {
        _aof = new AofHarness(load: false);
        File.WriteAllText(Path.Combine(_aof.Directory, "appendonly.aof"), "*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*3\r\n$3\r\nSET\r\n$3\r\nold\r\n$1\r\n1\r\n");
        Assert.That(_aof.Server.Aof.LoadDataFromDisk(), Is.True, _aof.LogText);
        Assert.Multiple(() =>
        {
            Assert.That(_aof.Connect().Execute("GET", "old"), Is.EqualTo("$1\r\n1\r\n"));
            Assert.That(File.Exists(Path.Combine(_aof.AofDirectory, "appendonly.aof")), Is.True);
            Assert.That(_aof.ManifestText(), Is.EqualTo("file appendonly.aof seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n"));
            Assert.That(_aof.LogText, Does.Contain("Successfully migrated an old-style AOF into the AOF directory appendonlydir."));
        });
    }

    [Test]
    public void Load_OldStyleRdbPreambleWithCommandTail_LoadsBoth()
    {
        _aof = new AofHarness(appendOnly: false, load: false);
        TestClient client = _aof.Connect();
        client.Execute("SET", "a", "1");
        Assert.That(client.Execute("SAVE"), Is.EqualTo("+OK\r\n"));
        string rdb = Path.Combine(_aof.Directory, "dump.rdb");
        File.WriteAllBytes(Path.Combine(_aof.Directory, "appendonly.aof"), [.. File.ReadAllBytes(rdb), .. "*3\r\n$3\r\nSET\r\n$1\r\nb\r\n$1\r\n2\r\n"u8]);
        File.Delete(rdb);
        _aof.Server.Keyspace.FlushAll();
        _aof.Server.Config.AppendOnly = true;

        Assert.That(_aof.Server.Aof.LoadDataFromDisk(), Is.True, _aof.LogText);
        Assert.Multiple(() =>
        {
            Assert.That(client.Execute("MGET", "a", "b"), Is.EqualTo(Resp.BulkArray("1", "2")));
            Assert.That(_aof.LogText, Does.Contain("Reading RDB preamble from AOF file..."));
            Assert.That(_aof.LogText, Does.Contain("Reading the remaining AOF tail..."));
        });
    }

    private static void Truncate(string path, long length)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Write);
        file.SetLength(length);
    }
}
