namespace Reactor.MiniRedis.Engine.Persistence;

/// <summary>The <c>type</c> of a file in the AOF manifest (AOF_FILE_TYPE_* in redis/redis src/server.h), written as its letter.</summary>
public enum AofFileType : byte
{
    /// <summary>'b': the base, a snapshot of the dataset (RDB or commands) the incremental files apply to.</summary>
    Base = (byte)'b',

    /// <summary>'h': a file a rewrite has made obsolete, waiting to be deleted.</summary>
    History = (byte)'h',

    /// <summary>'i': an incremental file of commands, applied in sequence order after the base.</summary>
    Incr = (byte)'i',
}
