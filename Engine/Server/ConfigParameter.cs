namespace Reactor.MiniRedis.Engine.Server;

/// <summary>
/// One CONFIG parameter: its redis.conf name, how to read it and how to change it. <paramref name="Set"/> returns
/// null on success or the reason the value was refused (the text after "CONFIG SET failed ... - ").
/// A null setter marks an immutable parameter (settable only at startup through <paramref name="Init"/>).
/// </summary>
public sealed record ConfigParameter(string Name, Func<string> Get, Func<string, string?>? Set, Func<string, string?>? Init = null)
{
    /// <summary>Alternative names accepted by CONFIG GET/SET and in redis.conf (e.g. <c>slaveof</c>).</summary>
    public string[] Aliases { get; init; } = [];

    /// <summary>
    /// A PROTECTED_CONFIG of Redis (<c>dir</c>, <c>dbfilename</c>): settable at startup, refused by CONFIG SET
    /// because <c>enable-protected-configs</c> is <c>no</c>.
    /// </summary>
    public bool Protected { get; init; }

    /// <summary>How CONFIG REWRITE writes this parameter (<see cref="ConfigRewriter"/>).</summary>
    public ConfigRewriteKind RewriteKind { get; init; } = ConfigRewriteKind.Plain;

    /// <summary>
    /// The value <see cref="Get"/> returns on a fresh <see cref="ServerConfig"/>: CONFIG REWRITE appends a parameter
    /// the config file does not mention only when its value differs from this one.
    /// </summary>
    public string Default { get; internal set; } = "";

    /// <summary>Applies a value at startup (config file or command line): immutable parameters are allowed here.</summary>
    public string? Apply(string value) => (Init ?? Set)!(value);
}
