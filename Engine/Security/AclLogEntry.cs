namespace Reactor.MiniRedis.Engine.Security;

/// <summary>
/// One ACL LOG entry (<c>ACLLogEntry</c> in redis/redis src/acl.c): what was denied, to whom, and the client's
/// CLIENT LIST line at the time. Similar denials within a minute update one entry and bump its count.
/// </summary>
public sealed class AclLogEntry(AclDenial reason, string context, byte[] deniedObject, string username)
{
    /// <summary>How many times this happened recently.</summary>
    public long Count { get; internal set; } = 1;

    public AclDenial Reason { get; } = reason;

    /// <summary><c>toplevel</c>, <c>multi</c>, <c>lua</c> or <c>module</c>.</summary>
    public string Context { get; } = context;

    /// <summary>The command, key, channel or (for AUTH) the command name as sent.</summary>
    public byte[] Object { get; } = deniedObject;

    /// <summary>The user the client was authenticated as, or the user AUTH tried.</summary>
    public string Username { get; } = username;

    /// <summary>Unix time of the last occurrence, in milliseconds.</summary>
    public long TimeMilliseconds { get; internal set; }

    /// <summary>The client's CLIENT LIST line at the last occurrence.</summary>
    public string ClientInfo { get; internal set; } = "";

    /// <summary>The reason as ACL LOG names it.</summary>
    public string ReasonName => Reason switch
    {
        AclDenial.Command => "command",
        AclDenial.Key => "key",
        AclDenial.Channel => "channel",
        AclDenial.Auth => "auth",
        _ => "unknown",
    };
}
