namespace Reactor.MiniRedis.Engine.Persistence;

/// <summary>appendfsync (AOF_FSYNC_* in redis/redis src/server.h): when the AOF reaches the disk.</summary>
public enum AofFsyncPolicy
{
    /// <summary>"no": written every loop iteration, flushed to disk when the OS decides.</summary>
    No,

    /// <summary>"always": written and fsynced before the replies of the commands it holds are sent.</summary>
    Always,

    /// <summary>"everysec": written every loop iteration, fsynced about once a second by a background thread.</summary>
    EverySec,
}
