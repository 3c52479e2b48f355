namespace Reactor.MiniRedis.Engine.Security;

/// <summary>
/// Why an ACL rule was refused: the errno values ACLSetUser sets in redis/redis src/acl.c, each with the message
/// ACLSetUserStringError gives for it (see <c>ErrorText.AclRule</c>).
/// </summary>
public enum AclRuleError
{
    /// <summary>Applied.</summary>
    None,

    /// <summary>EINVAL: an unknown rule, or a pattern with spaces.</summary>
    Syntax,

    /// <summary>ENOENT: an unknown command or category.</summary>
    UnknownCommandOrCategory,

    /// <summary>EEXIST: a key pattern after <c>allkeys</c>.</summary>
    KeyPatternAfterAllKeys,

    /// <summary>EISDIR: a channel pattern after <c>allchannels</c>.</summary>
    ChannelPatternAfterAllChannels,

    /// <summary>ENODEV: removing a password the user does not have.</summary>
    NoSuchPassword,

    /// <summary>EBADMSG: a <c>#hash</c> or <c>!hash</c> that is not 64 lower-case hex digits.</summary>
    BadPasswordHash,

    /// <summary>ECHILD: <c>+command|subcommand|arg</c>.</summary>
    FirstArgOfSubcommand,
}
