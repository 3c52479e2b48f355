using Reactor.MiniRedis.Storage.Rdb;

namespace Reactor.MiniRedis.Engine.Persistence;

/// <summary>
/// One BGSAVE in flight: the role of Redis's fork child (rdbSaveBackground in redis/redis src/rdb.c). A thread of
/// its own writes a point-in-time <see cref="RdbSnapshot"/> of deep-copied values to a temporary file and renames
/// it over the RDB file. It never touches the live keyspace: everything it reads was copied on the loop thread
/// before it started, so the loop keeps serving (and changing the data) while it writes.
/// </summary>
internal sealed class BackgroundSave
{
    private readonly Thread _thread;
    private readonly RdbSnapshot _snapshot;
    private readonly RdbSaveOptions _options;
    private readonly Action _onCompleted;
    private volatile bool _isCompleted;

    public BackgroundSave(RdbSnapshot snapshot, RdbSaveOptions options, string temporaryPath, string finalPath, Action completed)
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
    public long TotalKeys => _snapshot.TotalKeys;

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

    /// <summary>Stops the writer at its next key and waits for the thread; the temp file is removed.</summary>
    public void Kill()
    {
        Progress.Cancel();
        _thread.Join();
    }

    /// <summary>Waits for the writer thread to finish (tests, and SHUTDOWN after a kill).</summary>
    public bool Wait(TimeSpan timeout) => _thread.Join(timeout);

    private void Run()
    {
        try
        {
            Error = RdbPersistence.WriteFile(_snapshot, _options, TemporaryPath, FinalPath, Progress);
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
