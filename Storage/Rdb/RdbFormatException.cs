namespace Reactor.MiniRedis.Storage.Rdb;

/// <summary>
/// An RDB stream or DUMP payload that cannot be read: truncated (<see cref="ShortRead"/>, rdbReportReadError in
/// redis/redis src/rdb.c) or corrupt (rdbReportCorruptRDB). Nothing half-read is ever kept.
/// </summary>
public sealed class RdbFormatException : Exception
{
    /// <summary>A corruption with Redis's description of it.</summary>
    public RdbFormatException(string message)
        : base(message)
    {
    }

    /// <summary>A corruption or, when <paramref name="shortRead"/>, an unexpected end of data.</summary>
    public RdbFormatException(string message, bool shortRead)
        : base(message) => ShortRead = shortRead;

    /// <summary>True when the data ended early rather than being malformed.</summary>
    public bool ShortRead { get; }

    /// <summary>Byte offset in the stream where the problem was found (server.loading_loaded_bytes in Redis's report).</summary>
    public long Offset { get; init; }
}
