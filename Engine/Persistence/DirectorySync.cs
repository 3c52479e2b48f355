using System.Runtime.InteropServices;

namespace Reactor.MiniRedis.Engine.Persistence;

/// <summary>
/// fsyncFileDir (redis/redis src/util.c): after a file is created or renamed (the RDB file, the AOF manifest, the ACL
/// file), the directory itself is fsynced so the new name survives a crash, not only the file's bytes. .NET has no
/// handle for a directory, so this opens it with open(2) and fsyncs it through libc; elsewhere than Linux and macOS
/// it does nothing. As in Redis, a file system that cannot fsync a directory (EINVAL, EBADF) is not an error.
/// </summary>
internal static partial class DirectorySync
{
    /// <summary>
    /// fsyncFileDir's own form: fsyncs the directory that holds <paramref name="filePath"/> (a bare file name is in
    /// the working directory); returns null, or the reason it failed.
    /// </summary>
    public static string? SyncDirectoryOf(string filePath)
    {
        string fullPath = Path.GetFullPath(filePath);
        return Sync(Path.GetDirectoryName(fullPath) ?? fullPath); // null only for a root, which is its own directory
    }

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
            if (fsync(fd) == 0)
            {
                return null;
            }
            int errno = Marshal.GetLastPInvokeError();
            return errno is EBADF or EINVAL ? null : Marshal.GetPInvokeErrorMessage(errno);
        }
        finally
        {
            _ = close(fd);
        }
    }

    private const int EBADF = 9;
    private const int EINVAL = 22;

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fsync(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int close(int fd);
}
