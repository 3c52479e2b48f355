namespace Reactor.MiniRedis.Engine.Commands;

/// <summary>
/// What redis/redis src/commands/*.json says about a command beyond its table row: the documentation COMMAND DOCS
/// reports (and redis-cli turns into its help and hints), the explicit ACL categories and the command tips that
/// COMMAND INFO reports. Kept per command in <see cref="CommandDocs"/>.
/// </summary>
/// <param name="Summary">One line saying what the command does.</param>
/// <param name="Since">The Redis version that added the command.</param>
/// <param name="Complexity">The time complexity, as Redis documents it.</param>
public sealed record CommandDoc(string Summary, string Since, string Complexity)
{
    /// <summary><c>deprecated</c> and/or <c>syscmd</c>.</summary>
    public string[] DocFlags { get; init; } = [];

    /// <summary>The Redis version that deprecated the command.</summary>
    public string? DeprecatedSince { get; init; }

    /// <summary>What to use instead of a deprecated command.</summary>
    public string? ReplacedBy { get; init; }

    /// <summary>Behaviour changes by version.</summary>
    public (string Version, string Description)[] History { get; init; } = [];

    /// <summary>
    /// The categories the json lists explicitly (<c>@keyspace</c>, <c>@dangerous</c>, ...). Null means the usual
    /// one for the command's group (<c>@string</c> for string commands, none for server commands). The categories
    /// implied by the flags (<c>@write</c>, <c>@fast</c>, ...) are added by COMMAND INFO.
    /// </summary>
    public string[]? AclCategories { get; init; }

    /// <summary>Command tips for clients and proxies (<c>nondeterministic_output</c>, <c>request_policy:all_shards</c>).</summary>
    public string[] Tips { get; init; } = [];

    /// <summary>The arguments after the command name (after the subcommand name for a subcommand).</summary>
    public CommandArgument[] Arguments { get; init; } = [];
}
