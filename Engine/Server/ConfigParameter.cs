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

    /// <summary>Applies a value at startup (config file or command line): immutable parameters are allowed here.</summary>
    public string? Apply(string value) => (Init ?? Set)!(value);
}
