using Reactor.MiniRedis.Engine.Reactor;
using Reactor.MiniRedis.Storage.Rdb;

namespace Reactor.MiniRedis.Engine.Persistence;

/// <summary>
/// What BGSAVE and BGREWRITEAOF share in place of Redis's fork child (redisFork in redis/redis src/server.c): a
/// point-in-time <see cref="IncrementalSnapshot"/> that the loop captures a slice per iteration
/// (<see cref="CaptureStep"/>, driven by a timer <see cref="Start"/> creates), and a thread of its own that writes
/// the captured copies to a file (<see cref="WriteFile"/>). The thread never reads the live keyspace: everything it
/// reads was copied on the loop thread, so the loop keeps serving (and changing the data) while it writes.
/// </summary>
/// <remarks>
/// Only one child exists at a time (hasActiveChildProcess: BGSAVE and BGREWRITEAOF exclude each other, as in
/// Redis), which is also what lets a database hold a single <see cref="IncrementalSnapshot"/> hook.
/// </remarks>
internal abstract class SnapshotChild
{
    /// <summary>Keys the capture visits per loop iteration at most.</summary>
    internal const int CaptureSliceKeys = 1024;

    /// <summary>Time the capture may take per loop iteration: the bound on the pause a child adds to a command.</summary>
    internal static readonly TimeSpan CaptureSliceBudget = TimeSpan.FromMicroseconds(250);

    private readonly Thread _thread;
    private readonly Action _completed;
    private readonly ManualResetEventSlim? _gate;
    private volatile bool _isCompleted;

    /// <summary>
    /// A child writing <paramref name="snapshot"/> to <paramref name="temporaryPath"/>; <paramref name="completed"/>
    /// runs on the writer thread when it is done (it posts the reaping to the loop). <paramref name="gate"/>, when
    /// given, holds the writer before it writes (tests look at the server while a child runs).
    /// </summary>
    protected SnapshotChild(IncrementalSnapshot snapshot, string temporaryPath, string threadName, Action completed, ManualResetEventSlim? gate)
    {
        _gate = gate;
        Snapshot = snapshot;
        TemporaryPath = temporaryPath;
        _completed = completed;
        _thread = new Thread(Run) { IsBackground = true, Name = threadName };
    }

    /// <summary>The loop's side of the child: what is captured so far.</summary>
    public IncrementalSnapshot Snapshot { get; }

    /// <summary>Keys written so far, and the switch that stops the child (killRDBChild, killAppendOnlyChild).</summary>
    public RdbSaveProgress Progress { get; } = new();

    /// <summary>Keys the snapshot holds (current_save_keys_total).</summary>
    public long TotalKeys => Snapshot.Snapshot.TotalKeys;

    /// <summary>The file the writer writes before the rename.</summary>
    public string TemporaryPath { get; }

    /// <summary>Null on success, else the line logged for the failure (read once <see cref="IsCompleted"/>).</summary>
    public string? Error { get; private set; }

    /// <summary>True when the child was stopped by <see cref="Kill"/> (a signal in Redis: not an error).</summary>
    public bool Killed { get; private set; }

    /// <summary>True once the writer thread is done, successfully or not (what waitpid reports).</summary>
    public bool IsCompleted => _isCompleted;

    /// <summary>
    /// Starts the writer thread and the loop timer that captures the snapshot a slice per iteration; the timer
    /// ends itself once the capture is complete or abandoned.
    /// </summary>
    public void Start(EventLoop loop)
    {
        _thread.Start();
        loop.CreateTimeEvent(0, () => CaptureStep(CaptureSliceKeys, CaptureSliceBudget));
    }

    /// <summary>
    /// One slice of the capture, on the loop thread (see <see cref="IncrementalSnapshot.Step"/>). Returns the delay
    /// in milliseconds before the next slice: 0 to go on at the next loop iteration, 1 while the writer is behind,
    /// -1 once everything is captured (or the child was killed).
    /// </summary>
    public long CaptureStep(int maxKeys, TimeSpan budget)
    {
        if (Snapshot.IsComplete)
        {
            return -1;
        }
        if (Snapshot.IsWriterBehind)
        {
            return 1;
        }
        return Snapshot.Step(maxKeys, budget) ? -1 : 0;
    }

    /// <summary>
    /// Stops the capture and the writer at its next key (loop thread) and waits for the thread; the writer removes
    /// its temp file.
    /// </summary>
    public void Kill()
    {
        Progress.Cancel();
        Snapshot.Abort();
        _gate?.Set(); // a test's held child is killed as promptly as a running one
        _thread.Join();
    }

    /// <summary>Waits for the writer thread to finish (tests, and shutdown).</summary>
    public bool Wait(TimeSpan timeout) => _thread.Join(timeout);

    /// <summary>
    /// The child's work, on the writer thread: writes the snapshot and renames the result into place. Returns null
    /// on success, else the line Redis logs; a cancelled write throws <see cref="OperationCanceledException"/>.
    /// </summary>
    protected abstract string? WriteFile();

    /// <summary>The error recorded when the child was killed.</summary>
    protected abstract string StoppedError { get; }

    /// <summary>The error recorded for an unexpected exception (a bug in the writer).</summary>
    protected abstract string CrashError(Exception e);

    private void Run()
    {
        try
        {
            _gate?.Wait();
            Error = WriteFile();
        }
        catch (OperationCanceledException)
        {
            Killed = true;
            Error = StoppedError;
        }
        catch (Exception e)
        {
            // A bug in the writer: reported like a child that exited with an error (logged by the loop) rather
            // than crashing the process from this thread.
            RdbPersistence.TryDelete(TemporaryPath);
            Error = CrashError(e);
        }
        _isCompleted = true;
        _completed();
    }
}
