namespace Reactor.MiniRedis.Engine.Security;

/// <summary>The USER_FLAG_* bits of redis/redis src/server.h.</summary>
[Flags]
public enum AclUserFlags
{
    None = 0,

    /// <summary><c>on</c>: the user can authenticate.</summary>
    Enabled = 1 << 0,

    /// <summary><c>off</c>: the user cannot authenticate (connections already authenticated keep working).</summary>
    Disabled = 1 << 1,

    /// <summary><c>nopass</c>: any password authenticates the user.</summary>
    NoPass = 1 << 2,

    /// <summary><c>sanitize-payload</c>: RESTORE payloads are checked deeply.</summary>
    SanitizePayload = 1 << 3,

    /// <summary><c>skip-sanitize-payload</c>: RESTORE payloads are trusted.</summary>
    SkipSanitizePayload = 1 << 4,
}
