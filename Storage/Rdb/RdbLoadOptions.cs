namespace Reactor.MiniRedis.Storage.Rdb;

/// <summary>How rdbLoadRio treats a file: the clock that expires keys, the checksum switch, and where to report metadata.</summary>
public sealed record RdbLoadOptions
{
    /// <summary>The Unix time in milliseconds keys are expired against: a key whose expire time is earlier is skipped.</summary>
    public long NowMilliseconds { get; init; }

    /// <summary>rdbchecksum: verify the trailing CRC-64 (a stored 0 means the writer did not compute one).</summary>
    public bool VerifyChecksum { get; init; } = true;

    /// <summary>Receives each aux field (name, value) as it is read, for the loader's log lines.</summary>
    public Action<string, string>? AuxField { get; init; }

    /// <summary>Receives warnings worth logging (skipped empty keys, a file saved without a checksum).</summary>
    public Action<string>? Warning { get; init; }
}
