using Reactor.MiniRedis.Engine.Tests.Support;

namespace Reactor.MiniRedis.Engine.Tests.Persistence;

/// <summary>
/// A disk that refuses the AOF's writes (the incremental file is /dev/full, so every write fails with ENOSPC):
/// with appendfsync everysec the commands stay in the buffer and writes are refused with MISCONF until a write
/// succeeds again, as writeCommandsDeniedByDiskError does.
/// </summary>
public sealed class AofWriteErrorTests
{
    private AofHarness _aof = null!;

    [SetUp]
    public void Start()
    {
        _aof = new AofHarness();
        _aof.Harness.Dispose();
        string incr = Path.Combine(_aof.AofDirectory, "appendonly.aof.1.incr.aof");
        File.Delete(incr);
        File.CreateSymbolicLink(incr, "/dev/full");
        Assert.That(_aof.Restart(), Is.True, _aof.LogText);
    }

    [TearDown]
    public void Stop() => _aof.Dispose();

    [Test]
    public void Write_DiskFull_RefusesFurtherWritesWithMisconf()
    {
        TestClient client = _aof.Connect();
        Assert.That(client.Execute("SET", "a", "1"), Is.EqualTo("+OK\r\n"));
        _aof.Server.Aof.BeforeSleep();
        Assert.Multiple(() =>
        {
            Assert.That(client.Execute("SET", "b", "2"), Is.EqualTo("-MISCONF Errors writing to the AOF file: No space left on device\r\n"));
            Assert.That(client.Execute("GET", "a"), Is.EqualTo("$1\r\n1\r\n"), "reads still work");
            Assert.That(client.Execute("INFO", "persistence"), Does.Contain("aof_last_write_status:err\r\n"));
            Assert.That(_aof.LogText, Does.Contain("Error writing to the AOF file: No space left on device"));
            Assert.That(_aof.Server.Aof.BufferLength, Is.GreaterThan(0), "the commands wait in the buffer for the next try");
        });
    }
}
