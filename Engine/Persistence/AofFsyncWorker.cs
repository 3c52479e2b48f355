using Microsoft.Win32.SafeHandles;

namespace Reactor.MiniRedis.Engine.Persistence;

/// <summary>
/// The background I/O thread of the AOF (the BIO_AOF_FSYNC and BIO_CLOSE_AOF jobs of redis/redis src/bio.c): with
/// <c>appendfsync everysec</c> the loop hands it fsyncs so that a slow disk never stalls the clients, and it closes
/// replaced incremental files after a last fsync. Jobs run in order on one thread, started at the first job.
/// </summary>
/// <remarks>
/// <see cref="Pending"/> is what the loop's postponed-fsync rules read (aofFsyncInProgress); the outcome of the last
/// fsync is kept for the loop (aof_bio_fsync_status), which refuses writes while it is an error.
/// </remarks>
internal sealed class AofFsyncWorker : IDisposable
{
    private readonly Queue<(SafeFileHandle Handle, bool Close)> _jobs = new();
    private readonly object _lock = new();
    private Thread? _thread;
    private int _pending;
    private bool _stopping;
    private volatile string? _error;

    /// <summary>Jobs submitted and not yet finished (bioPendingJobsOfType(BIO_AOF_FSYNC), INFO aof_pending_bio_fsync).</summary>
    public int Pending => Volatile.Read(ref _pending);

    /// <summary>The reason the last fsync failed, or null when it succeeded (aof_bio_fsync_status, aof_bio_fsync_errno).</summary>
    public string? Error => _error;

    /// <summary>When set, each job waits for it first (tests hold an fsync "in progress").</summary>
    public ManualResetEventSlim? Gate { get; set; }

    /// <summary>aof_background_fsync: fsyncs <paramref name="handle"/> on the worker thread.</summary>
    public void Fsync(SafeFileHandle handle) => Submit(handle, close: false);

    /// <summary>aof_background_fsync_and_close: fsyncs then closes <paramref name="handle"/> (an incremental file just replaced).</summary>
    public void FsyncAndClose(SafeFileHandle handle) => Submit(handle, close: true);

    /// <summary>Clears a recorded fsync error (startAppendOnly ignores the old error of a file it no longer uses).</summary>
    public void ClearError() => _error = null;

    /// <summary>bioDrainWorker: waits until every submitted job has finished.</summary>
    public void Drain()
    {
        lock (_lock)
        {
            while (_pending > 0)
            {
                Monitor.Wait(_lock);
            }
        }
    }

    /// <summary>Finishes the queued jobs and stops the thread.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            _stopping = true;
            Monitor.PulseAll(_lock);
        }
        _thread?.Join();
    }

    private void Submit(SafeFileHandle handle, bool close)
    {
        lock (_lock)
        {
            _jobs.Enqueue((handle, close));
            _pending++;
            if (_thread is null)
            {
                _thread = new Thread(Run) { IsBackground = true, Name = "mini-redis-aof-fsync" };
                _thread.Start();
            }
            Monitor.PulseAll(_lock);
        }
    }

    private void Run()
    {
        while (true)
        {
            (SafeFileHandle Handle, bool Close) job;
            lock (_lock)
            {
                while (_jobs.Count == 0 && !_stopping)
                {
                    Monitor.Wait(_lock);
                }
                if (_jobs.Count == 0)
                {
                    return;
                }
                job = _jobs.Dequeue();
            }
            Gate?.Wait();
            try
            {
                RandomAccess.FlushToDisk(job.Handle);
                _error = null;
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or UnauthorizedAccessException)
            {
                // A handle the loop has closed meanwhile (EBADF) is not a failed fsync, as in bio.c.
                if (e is not ObjectDisposedException)
                {
                    _error = AofPersistence.Describe(e);
                }
            }
            if (job.Close)
            {
                job.Handle.Dispose();
            }
            lock (_lock)
            {
                _pending--;
                Monitor.PulseAll(_lock);
            }
        }
    }
}
