using Reactor.MiniRedis.Engine.Persistence;
using Reactor.MiniRedis.Engine.Tests.Support;

namespace Reactor.MiniRedis.Engine.Tests.Persistence;

/// <summary>
/// When the AOF reaches the file and the disk (flushAppendOnlyFile): everysec's once-a-second background fsync and
/// its postponed writes while an fsync is slow, and always's rule that no reply leaves before its write is in the
/// file. The background fsync thread is held with a gate where a test needs an fsync "in progress".
/// </summary>
public sealed class AofFsyncTests
{
    private AofHarness _aof = null!;
    private ManualResetEventSlim _gate = null!;

    [SetUp]
    public void Start()
    {
        _aof = new AofHarness();
        _gate = new ManualResetEventSlim();
        _aof.Server.Aof.FsyncWorker.Gate = _gate;
    }

    [TearDown]
    public void Stop()
    {
        _gate.Set();
        _aof.Dispose();
        _gate.Dispose();
    }

    private AofPersistence Aof => _aof.Server.Aof;

    private long IncrLength => new FileInfo(Path.Combine(_aof.AofDirectory, "appendonly.aof.1.incr.aof")).Length;

    [Test]
    public void EverySec_WithinTheSameSecond_WritesWithoutFsync()
    {
        _aof.Connect().Execute("SET", "a", "1");
        Aof.BeforeSleep();
        Assert.Multiple(() =>
        {
            Assert.That(IncrLength, Is.GreaterThan(0));
            Assert.That(Aof.PendingFsyncs, Is.Zero);
        });
    }

    [Test]
    public void EverySec_ASecondLater_FsyncsInTheBackground()
    {
        _aof.Harness.Time.Advance(TimeSpan.FromSeconds(1));
        _aof.Connect().Execute("SET", "a", "1");
        Aof.BeforeSleep();
        Assert.That(Aof.PendingFsyncs, Is.EqualTo(1));
    }

    [Test]
    public void EverySec_NothingNewASecondLater_StillFsyncsWhatWasWritten()
    {
        _aof.Connect().Execute("SET", "a", "1");
        Aof.BeforeSleep();
        _aof.Harness.Time.Advance(TimeSpan.FromSeconds(1));
        Aof.BeforeSleep();
        Assert.That(Aof.PendingFsyncs, Is.EqualTo(1));
    }

    [Test]
    public void EverySec_FsyncStillRunning_PostponesTheWriteForUpToTwoSeconds()
    {
        TestClient client = _aof.Connect();
        _aof.Harness.Time.Advance(TimeSpan.FromSeconds(1));
        client.Execute("SET", "a", "1");
        Aof.BeforeSleep(); // written, and an fsync starts (and hangs)
        long written = IncrLength;
        client.Execute("SET", "b", "2");
        Aof.BeforeSleep();
        _aof.Harness.Time.Advance(TimeSpan.FromSeconds(1));
        Aof.BeforeSleep();
        Assert.Multiple(() =>
        {
            Assert.That(IncrLength, Is.EqualTo(written), "postponed");
            Assert.That(Aof.BufferLength, Is.GreaterThan(0));
        });
        _aof.Harness.Time.Advance(TimeSpan.FromSeconds(1));
        Aof.BeforeSleep();
        Assert.Multiple(() =>
        {
            Assert.That(IncrLength, Is.GreaterThan(written), "written after two seconds anyway");
            Assert.That(Aof.DelayedFsyncs, Is.EqualTo(1));
            Assert.That(_aof.LogText, Does.Contain("Asynchronous AOF fsync is taking too long (disk is busy?)."));
        });
    }

    [Test]
    public void Always_ReplyOfAnUnwrittenCommand_WaitsForBeforeSleep()
    {
        _aof.Connect().Execute("CONFIG", "SET", "appendfsync", "always");
        TestClient client = _aof.Connect();
        client.Transport.Enqueue(Resp.Command("SET", "a", "1"));
        client.Connection.OnReadable();
        client.Connection.OnWritable(); // a write event in the same iteration (the AE_BARRIER case)
        Assert.That(client.Transport.TakeSent(), Is.Empty, "nothing is sent before the AOF is written");
        Aof.BeforeSleep();
        client.Connection.OnWritable();
        Assert.Multiple(() =>
        {
            Assert.That(Resp.Text(client.Transport.TakeSent()), Is.EqualTo("+OK\r\n"));
            Assert.That(AofHarness.ReadCommands(Path.Combine(_aof.AofDirectory, "appendonly.aof.1.incr.aof")), Is.EqualTo(new[] { "SELECT 0", "SET a 1" }));
        });
    }

    [Test]
    public void Shutdown_WritesWhatIsBuffered()
    {
        TestClient client = _aof.Connect();
        client.Execute("SET", "a", "1");
        client.Execute("SHUTDOWN");
        Assert.Multiple(() =>
        {
            Assert.That(AofHarness.ReadCommands(Path.Combine(_aof.AofDirectory, "appendonly.aof.1.incr.aof")), Is.EqualTo(new[] { "SELECT 0", "SET a 1" }));
            Assert.That(_aof.LogText, Does.Contain("Calling fsync() on the AOF file."));
        });
    }
}
