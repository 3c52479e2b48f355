namespace Reactor.MiniRedis.Engine.Security;

/// <summary>
/// The outcome of an ACL check (ACL_OK and ACL_DENIED_* in redis/redis src/server.h). The values are Redis's:
/// when no selector allows a command, the highest reason is the one reported.
/// </summary>
public enum AclDenial
{
    /// <summary>Allowed.</summary>
    None = 0,

    /// <summary>The user may not run the command.</summary>
    Command = 1,

    /// <summary>The user may not touch one of the keys.</summary>
    Key = 2,

    /// <summary>A failed AUTH or HELLO AUTH (logged, never returned by a permission check).</summary>
    Auth = 3,

    /// <summary>The user may not use one of the Pub/Sub channels.</summary>
    Channel = 4,
}
