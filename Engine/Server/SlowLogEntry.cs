namespace Reactor.MiniRedis.Engine.Server;

/// <summary>
/// One slow log entry (slowlogEntry in redis/redis src/slowlog.h): the command as the client sent it (trimmed and
/// redacted), when it ran and how long it took, and who sent it.
/// </summary>
public sealed class SlowLogEntry
{
    /// <summary>The entry's unique id (server.slowlog_entry_id: counts from 0, never reset).</summary>
    public required long Id { get; init; }

    /// <summary>When the command ran, in unix seconds.</summary>
    public required long Time { get; init; }

    /// <summary>How long the command ran, in microseconds.</summary>
    public required long Duration { get; init; }

    /// <summary>The arguments, the command name first: at most 32, each at most 128 bytes plus a note of what was cut.</summary>
    public required byte[][] Arguments { get; init; }

    /// <summary>The client's address, "ip:port" (getClientPeerId).</summary>
    public required string PeerId { get; init; }

    /// <summary>The client's name (CLIENT SETNAME), empty when it has none.</summary>
    public required string ClientName { get; init; }
}
