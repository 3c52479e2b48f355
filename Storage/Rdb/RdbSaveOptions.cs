namespace Reactor.MiniRedis.Storage.Rdb;

/// <summary>What an RDB file records besides the data: the aux fields of rdbSaveInfoAuxFields and the format switches.</summary>
public sealed record RdbSaveOptions
{
    /// <summary>The redis-ver aux field: the Redis version the file claims to come from.</summary>
    public required string RedisVersion { get; init; }

    /// <summary>The ctime aux field: the Unix time of the save, in seconds.</summary>
    public long CreationTime { get; init; }

    /// <summary>The used-mem aux field: memory in use when the save started, in bytes.</summary>
    public long UsedMemory { get; init; }

    /// <summary>The aof-base aux field: 1 for the base of an append-only file, 0 for a plain snapshot.</summary>
    public bool AofBase { get; init; }

    /// <summary>rdbcompression.</summary>
    public bool Compression { get; init; } = true;

    /// <summary>rdbchecksum: when false the trailing checksum is written as 0, which loaders skip.</summary>
    public bool Checksum { get; init; } = true;

    /// <summary>list-max-listpack-size, for the node boundaries of lists (see <see cref="RdbWriter.ListMaxListpackSize"/>).</summary>
    public long ListMaxListpackSize { get; init; } = EncodingLimits.DefaultListMaxListpackSize;
}
