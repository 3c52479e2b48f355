using Reactor.MiniRedis.Storage.Rdb;

namespace Reactor.MiniRedis.Engine.Persistence;

/// <summary>
/// One BGSAVE in flight: the role of Redis's fork child (rdbSaveBackground in redis/redis src/rdb.c). The loop
/// captures a point-in-time <see cref="IncrementalSnapshot"/> a slice at a time (<see cref="CaptureStep"/>) while
/// a thread of its own writes the captured copies to a temporary file and renames it over the RDB file. The
/// thread never touches the live keyspace: everything it reads was copied on the loop thread, so the loop keeps
/// serving (and changing the data) while it writes.
/// </summary>
internal sealed class BackgroundSave
{
    private readonly Thread _thread;
    private readonly IncrementalSnapshot _snapshot;
    private readonly RdbSaveOptions _options;
    private readonly Action _onCompleted;
    private volatile bool _isCompleted;

    public BackgroundSave(IncrementalSnapshot snapshot, RdbSaveOptions options, string temporaryPath, string finalPath, Action completed)
    {
        _snapshot = snapshot;
        _options = options;
        _onCompleted = completed;
        TemporaryPath = temporaryPath;
        FinalPath = finalPath;
        _thread = new Thread(Run) { IsBackground = true, Name = "mini-redis-bgsave" };
    }

    /// <summary>Keys written so far, and the switch that stops the save (killRDBChild).</summary>
    public RdbSaveProgress Progress { get; } = new();

    /// <summary>Keys the snapshot holds (current_save_keys_total).</summary>
    public long TotalKeys => _snapshot.Snapshot.TotalKeys;

    /// <summary>The loop's side of the save: what is captured so far.</summary>
    public IncrementalSnapshot Snapshot => _snapshot;

    /// <summary>
    /// One slice of the capture, on the loop thread (see <see cref="IncrementalSnapshot.Step"/>). Returns the delay
    /// in milliseconds before the next slice: 0 to go on at the next loop iteration, 1 while the writer is behind,
    /// -1 once everything is captured.
    /// </summary>
    public long CaptureStep(int maxKeys, TimeSpan budget)
    {
        if (_snapshot.IsComplete)
        {
            return -1;
        }
        if (_snapshot.IsWriterBehind)
        {
            return 1;
        }
        return _snapshot.Step(maxKeys, budget) ? -1 : 0;
    }

    /// <summary>The temp file written before the rename ("temp-pid.rdb" in Redis).</summary>
    public string TemporaryPath { get; }

    /// <summary>The RDB file the temp file replaces on success.</summary>
    public string FinalPath { get; }

    /// <summary>Set once the thread has finished (read after <see cref="IsCompleted"/>): null on success.</summary>
    public string? Error { get; private set; }

    /// <summary>True once the writer thread is done, successfully or not (what waitpid reports).</summary>
    public bool IsCompleted => _isCompleted;

    /// <summary>Starts the writer thread.</summary>
    public void Start() => _thread.Start();

    /// <summary>
    /// Stops the capture and the writer at its next key (loop thread) and waits for the thread; the temp file is
    /// removed.
    /// </summary>
    public void Kill()
    {
        Progress.Cancel();
        _snapshot.Abort();
        _thread.Join();
    }

    /// <summary>Waits for the writer thread to finish (tests, and SHUTDOWN after a kill).</summary>
    public bool Wait(TimeSpan timeout) => _thread.Join(timeout);

    private void Run()
    {
        try
        {
            Error = RdbPersistence.WriteFile(_snapshot.Snapshot, _options, TemporaryPath, FinalPath, Progress);
        }
        catch (OperationCanceledException)
        {
            Error = "Background saving stopped";
        }
        catch (Exception e)
        {
            // A bug in the writer: reported like a failed child (logged by the loop) rather than crashing the
            // process from this thread.
            RdbPersistence.TryDelete(TemporaryPath);
            Error = $"Write error saving DB on disk: {e}";
        }
        _isCompleted = true;
        _onCompleted();
    }
}
