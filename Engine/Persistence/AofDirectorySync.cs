using System.Runtime.InteropServices;

namespace Reactor.MiniRedis.Engine.Persistence;

/// <summary>
/// fsyncFileDir (redis/redis src/util.c): after files are created or renamed in the AOF directory, the directory
/// itself is fsynced so the new names survive a crash. .NET has no handle for a directory, so this opens it with
/// open(2) and fsyncs it through libc; elsewhere than Linux and macOS it does nothing.
/// </summary>
internal static partial class AofDirectorySync
{
    /// <summary>Fsyncs <paramref name="directory"/>; returns null, or the reason it failed.</summary>
    public static string? Sync(string directory)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return null;
        }
        int fd = open(directory, 0); // O_RDONLY
        if (fd == -1)
        {
            return Marshal.GetLastPInvokeErrorMessage();
        }
        try
        {
            return fsync(fd) == -1 ? Marshal.GetLastPInvokeErrorMessage() : null;
        }
        finally
        {
            _ = close(fd);
        }
    }

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fsync(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int close(int fd);
}
