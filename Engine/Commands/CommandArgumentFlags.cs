namespace Reactor.MiniRedis.Engine.Commands;

/// <summary>The CMD_ARG_* flags of a documented argument (redis/redis src/server.h), reported by COMMAND DOCS.</summary>
[Flags]
public enum CommandArgumentFlags
{
    None = 0,

    /// <summary>The argument may be left out (<c>[x]</c>).</summary>
    Optional = 1 << 0,

    /// <summary>The argument may repeat (<c>x [x ...]</c>).</summary>
    Multiple = 1 << 1,

    /// <summary>The token repeats with each value (<c>GET pattern [GET pattern ...]</c>).</summary>
    MultipleToken = 1 << 2,
}
