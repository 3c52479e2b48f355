namespace Reactor.MiniRedis.Engine.Persistence;

/// <summary>The outcome of loading AOF files (AOF_OK, AOF_NOT_EXIST, ... in redis/redis src/server.h).</summary>
public enum AofLoadStatus
{
    /// <summary>Loaded completely.</summary>
    Ok,

    /// <summary>There is nothing to load (no manifest, or it names no file).</summary>
    NotExist,

    /// <summary>The files exist but are all empty.</summary>
    Empty,

    /// <summary>A file could not be opened.</summary>
    OpenError,

    /// <summary>A file is corrupt, truncated where that is not allowed, or names an unknown command: the server must not start.</summary>
    Failed,

    /// <summary>The last file ended in the middle of a command and was truncated after its last complete one (aof-load-truncated yes).</summary>
    Truncated,
}
