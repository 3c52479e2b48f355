namespace Reactor.MiniRedis.Engine.Security;

/// <summary>The SELECTOR_FLAG_* bits of redis/redis src/acl.c.</summary>
[Flags]
internal enum AclSelectorFlags
{
    None = 0,

    /// <summary>The user's root selector: the rules written outside parentheses.</summary>
    Root = 1 << 0,

    /// <summary><c>allkeys</c> / <c>~*</c>.</summary>
    AllKeys = 1 << 1,

    /// <summary><c>allcommands</c> / <c>+@all</c>, until any command is taken away.</summary>
    AllCommands = 1 << 2,

    /// <summary><c>allchannels</c> / <c>&amp;*</c>.</summary>
    AllChannels = 1 << 3,

    /// <summary>Everything: such a selector never needs checking.</summary>
    AllPermissions = AllKeys | AllCommands | AllChannels,
}
