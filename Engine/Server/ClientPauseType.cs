namespace Reactor.MiniRedis.Engine.Server;

/// <summary>pause_type of redis/redis src/server.h, ordered from least to most restrictive.</summary>
public enum ClientPauseType
{
    /// <summary>CLIENT_PAUSE_OFF: no pause.</summary>
    Off,

    /// <summary>CLIENT_PAUSE_WRITE: commands that may write are held back; reads go on.</summary>
    Write,

    /// <summary>CLIENT_PAUSE_ALL: every command is held back.</summary>
    All,
}
