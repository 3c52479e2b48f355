namespace Reactor.MiniRedis.Engine.PubSub;

/// <summary>
/// The classes of keyspace events (the NOTIFY_* flags of redis/redis src/server.h), selected by the characters of
/// <c>notify-keyspace-events</c>: K and E pick the channels, the others the event classes.
/// </summary>
[Flags]
public enum NotifyFlags
{
    None = 0,
    /// <summary>K: <c>__keyspace@db__:key</c> channels.</summary>
    Keyspace = 1 << 0,
    /// <summary>E: <c>__keyevent@db__:event</c> channels.</summary>
    Keyevent = 1 << 1,
    /// <summary>g: generic commands (DEL, EXPIRE, RENAME, ...).</summary>
    Generic = 1 << 2,
    /// <summary>$: string commands.</summary>
    String = 1 << 3,
    /// <summary>l: list commands.</summary>
    List = 1 << 4,
    /// <summary>s: set commands.</summary>
    Set = 1 << 5,
    /// <summary>h: hash commands.</summary>
    Hash = 1 << 6,
    /// <summary>z: sorted set commands.</summary>
    Zset = 1 << 7,
    /// <summary>x: a key expired.</summary>
    Expired = 1 << 8,
    /// <summary>e: a key was evicted for maxmemory.</summary>
    Evicted = 1 << 9,
    /// <summary>t: stream commands.</summary>
    Stream = 1 << 10,
    /// <summary>m: a key was looked up and missed (not part of A).</summary>
    KeyMiss = 1 << 11,
    /// <summary>d: module key types.</summary>
    Module = 1 << 12,
    /// <summary>n: a key was created (not part of A).</summary>
    New = 1 << 13,
    /// <summary>A: every class but m and n.</summary>
    All = Generic | String | List | Set | Hash | Zset | Expired | Evicted | Stream | Module,
}
