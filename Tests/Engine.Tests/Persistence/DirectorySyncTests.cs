using Reactor.MiniRedis.Engine.Persistence;

namespace Reactor.MiniRedis.Engine.Tests.Persistence;

/// <summary>
/// fsyncFileDir: the directory of a renamed file (the RDB file, the AOF manifest, the ACL file) is fsynced through
/// libc, and a failure comes back as the reason Redis would log.
/// </summary>
public sealed class DirectorySyncTests
{
    [Test]
    public void Sync_ExistingDirectory_Succeeds() =>
        Assert.That(DirectorySync.Sync(Path.GetTempPath()), Is.Null);

    [Test]
    public void SyncDirectoryOf_BareFileName_SyncsTheWorkingDirectory() =>
        Assert.That(DirectorySync.SyncDirectoryOf("dump.rdb"), Is.Null);

    [Test]
    public void Sync_MissingDirectory_ReturnsTheReason()
    {
        string? error = DirectorySync.Sync(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N")));
        // Only Linux and macOS fsync a directory (elsewhere it is a no-op, as fsyncFileDir is where it cannot).
        Assert.That(error, OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() ? Does.Contain("No such file or directory") : Is.Null);
    }
}
