namespace Reactor.MiniRedis.Engine.Commands;

/// <summary>
/// One documented argument of a command: <c>struct redisCommandArg</c> in redis/redis src/server.h, as COMMAND DOCS
/// reports it and as redis-cli renders it into its hints. <see cref="Type"/> is one of Redis's argument types
/// (<c>key</c>, <c>string</c>, <c>integer</c>, <c>double</c>, <c>pattern</c>, <c>unix-time</c>, <c>pure-token</c>,
/// <c>oneof</c>, <c>block</c>); only <c>oneof</c> and <c>block</c> have <see cref="Arguments"/>.
/// </summary>
public sealed record CommandArgument(string Name, string Type, CommandArgument[] Arguments)
{
    /// <summary>The key spec this key argument belongs to; -1 for other arguments.</summary>
    public int KeySpecIndex { get; init; } = -1;

    /// <summary>The literal word that introduces the argument (<c>EX</c>), or the word itself for a pure token.</summary>
    public string? Token { get; init; }

    /// <summary>A short description (few arguments have one).</summary>
    public string? Summary { get; init; }

    /// <summary>The Redis version that added the argument.</summary>
    public string? Since { get; init; }

    /// <summary>The Redis version that deprecated the argument.</summary>
    public string? DeprecatedSince { get; init; }

    /// <summary>Optional, multiple, multiple token.</summary>
    public CommandArgumentFlags Flags { get; init; }

    /// <summary>True for the two argument types that hold nested arguments.</summary>
    public bool HasArguments => Type is "oneof" or "block";
}
