using Reactor.MiniRedis.Storage.Rdb;

namespace Reactor.MiniRedis.Engine.Persistence;

/// <summary>
/// One BGREWRITEAOF in flight: the role of Redis's fork child in rewriteAppendOnlyFileBackground (redis/redis
/// src/aof.c). A thread of its own writes a new base file from a point-in-time <see cref="RdbSnapshot"/> whose values
/// were deep-copied on the loop thread, to <c>temp-rewriteaof-bg-&lt;pid&gt;.aof</c> in <c>dir</c>, and reports back.
/// It never touches the live keyspace, so the loop keeps serving (and changing the data) while it writes; what the
/// loop changes meanwhile goes to the incremental file opened when the rewrite started, so no rewrite buffer is
/// needed (the design of Redis 7.0's multi-part AOF).
/// </summary>
internal sealed class AofRewriteChild
{
    private readonly Thread _thread;
    private readonly RdbSnapshot _snapshot;
    private readonly RdbSaveOptions? _rdbOptions;
    private readonly bool _incrementalFsync;
    private readonly Action _completed;
    private readonly ManualResetEventSlim? _gate;
    private volatile bool _isCompleted;

    /// <summary>
    /// Prepares the writer of <paramref name="snapshot"/>: an RDB base with <paramref name="rdbOptions"/>, or the
    /// command form when it is null. <paramref name="completed"/> runs on the writer thread when it is done.
    /// </summary>
    public AofRewriteChild(RdbSnapshot snapshot, RdbSaveOptions? rdbOptions, bool incrementalFsync,
        string temporaryPath, string resultPath, Action completed, ManualResetEventSlim? gate = null)
    {
        _gate = gate;
        _snapshot = snapshot;
        _rdbOptions = rdbOptions;
        _incrementalFsync = incrementalFsync;
        _completed = completed;
        TemporaryPath = temporaryPath;
        ResultPath = resultPath;
        _thread = new Thread(Run) { IsBackground = true, Name = "mini-redis-aof-rewrite" };
    }

    /// <summary>The switch that stops the rewrite (killAppendOnlyChild).</summary>
    public RdbSaveProgress Progress { get; } = new();

    /// <summary>The file written before the rename (rewriteAppendOnlyFile's own temp file).</summary>
    public string TemporaryPath { get; }

    /// <summary>The finished base, waiting for the loop to move it into the AOF directory (temp-rewriteaof-bg-pid.aof).</summary>
    public string ResultPath { get; }

    /// <summary>Null on success, else the reason (read once <see cref="IsCompleted"/>).</summary>
    public string? Error { get; private set; }

    /// <summary>True when the rewrite was stopped by <see cref="Kill"/> (a signal in Redis: not an error).</summary>
    public bool Killed { get; private set; }

    /// <summary>True once the writer thread is done (what waitpid reports).</summary>
    public bool IsCompleted => _isCompleted;

    /// <summary>Starts the writer thread.</summary>
    public void Start() => _thread.Start();

    /// <summary>killAppendOnlyChild: stops the writer at its next key and waits for it.</summary>
    public void Kill()
    {
        Progress.Cancel();
        _thread.Join();
    }

    /// <summary>Waits for the writer thread (tests, shutdown).</summary>
    public bool Wait(TimeSpan timeout) => _thread.Join(timeout);

    private void Run()
    {
        try
        {
            _gate?.Wait(); // tests hold the rewrite here to look at the server while it runs
            Error = AofBaseWriter.Write(_snapshot, _rdbOptions, TemporaryPath, ResultPath, Progress, _incrementalFsync);
        }
        catch (OperationCanceledException)
        {
            Killed = true;
            Error = "Background AOF rewrite stopped";
        }
        catch (Exception e)
        {
            // A bug in the writer: reported like a child that exited with an error, never crashing the process.
            AofBaseWriter.TryDelete(TemporaryPath);
            Error = $"Write error writing append only file on disk: {e}";
        }
        _isCompleted = true;
        _completed();
    }
}
