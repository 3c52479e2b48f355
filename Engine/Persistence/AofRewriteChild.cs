using Reactor.MiniRedis.Storage.Rdb;

namespace Reactor.MiniRedis.Engine.Persistence;

/// <summary>
/// One BGREWRITEAOF in flight: the role of Redis's fork child in rewriteAppendOnlyFileBackground (redis/redis
/// src/aof.c). The loop captures the point-in-time snapshot a slice at a time, exactly as for BGSAVE (see
/// <see cref="SnapshotChild"/>), while the writer thread writes the new base from the captured copies to
/// <c>temp-rewriteaof-&lt;pid&gt;.aof</c> in <c>dir</c> and renames it to <c>temp-rewriteaof-bg-&lt;pid&gt;.aof</c>. What
/// the loop changes meanwhile goes to the incremental file opened when the rewrite started, so no rewrite buffer
/// is needed (the design of Redis 7.0's multi-part AOF).
/// </summary>
internal sealed class AofRewriteChild : SnapshotChild
{
    private readonly RdbSaveOptions? _rdbOptions;
    private readonly bool _incrementalFsync;

    /// <summary>
    /// Prepares the writer of <paramref name="snapshot"/>: an RDB base with <paramref name="rdbOptions"/>, or the
    /// command form when it is null.
    /// </summary>
    public AofRewriteChild(IncrementalSnapshot snapshot, RdbSaveOptions? rdbOptions, bool incrementalFsync,
        string temporaryPath, string resultPath, Action completed, ManualResetEventSlim? gate = null)
        : base(snapshot, temporaryPath, "mini-redis-aof-rewrite", completed, gate)
    {
        _rdbOptions = rdbOptions;
        _incrementalFsync = incrementalFsync;
        ResultPath = resultPath;
    }

    /// <summary>The finished base, waiting for the loop to move it into the AOF directory (temp-rewriteaof-bg-pid.aof).</summary>
    public string ResultPath { get; }

    protected override string StoppedError => "Background AOF rewrite stopped";

    protected override string? WriteFile() =>
        AofBaseWriter.Write(Snapshot.Snapshot, _rdbOptions, TemporaryPath, ResultPath, Progress, _incrementalFsync);

    protected override string CrashError(Exception e) => $"Write error writing append only file on disk: {e}";
}
