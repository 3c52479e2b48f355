using Reactor.MiniRedis.Storage.Rdb;

namespace Reactor.MiniRedis.Engine.Persistence;

/// <summary>
/// One BGSAVE in flight: the role of Redis's fork child in rdbSaveBackground (redis/redis src/rdb.c). The loop
/// captures the point-in-time snapshot a slice at a time while the writer thread writes the captured copies to a
/// temporary file and renames it over the RDB file (see <see cref="SnapshotChild"/>).
/// </summary>
internal sealed class BackgroundSave : SnapshotChild
{
    private readonly RdbSaveOptions _options;

    public BackgroundSave(IncrementalSnapshot snapshot, RdbSaveOptions options, string temporaryPath, string finalPath, Action completed,
        ManualResetEventSlim? gate = null)
        : base(snapshot, temporaryPath, "mini-redis-bgsave", completed, gate)
    {
        _options = options;
        FinalPath = finalPath;
    }

    /// <summary>The RDB file the temp file ("temp-pid.rdb" in Redis) replaces on success.</summary>
    public string FinalPath { get; }

    protected override string StoppedError => "Background saving stopped";

    protected override string? WriteFile() => RdbPersistence.WriteFile(Snapshot.Snapshot, _options, TemporaryPath, FinalPath, Progress);

    protected override string CrashError(Exception e) => $"Write error saving DB on disk: {e}";
}
