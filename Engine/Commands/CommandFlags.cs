namespace Reactor.MiniRedis.Engine.Commands;

/// <summary>The CMD_* flags of redis/redis src/server.h, reported by COMMAND under the same names.</summary>
[Flags]
public enum CommandFlags
{
    None = 0,
    Write = 1 << 0,
    ReadOnly = 1 << 1,
    DenyOom = 1 << 2,
    Admin = 1 << 3,
    PubSub = 1 << 4,
    NoScript = 1 << 5,
    Blocking = 1 << 6,
    Loading = 1 << 7,
    Stale = 1 << 8,
    SkipMonitor = 1 << 9,
    SkipSlowlog = 1 << 10,
    Fast = 1 << 11,
    NoAuth = 1 << 12,
    MayReplicate = 1 << 13,
    NoMandatoryKeys = 1 << 14,
    NoMulti = 1 << 15,
    MovableKeys = 1 << 16,
    AllowBusy = 1 << 17,
    Random = 1 << 18,
    Sentinel = 1 << 19,
    NoAsyncLoading = 1 << 20,

    /// <summary>
    /// CMD_PROTECTED: refused unless its enable-* setting allows it (DEBUG: enable-debug-command). COMMAND INFO
    /// does not show it, as in Redis ("Hidden on purpose").
    /// </summary>
    Protected = 1 << 21,
}
