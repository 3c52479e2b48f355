using System.Collections.Concurrent;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Engine.Server;

/// <summary>
/// The lazyfree background thread: the BIO_LAZY_FREE worker of redis/redis src/bio.c. It runs the jobs the keyspace
/// hands over (<see cref="LazyFree"/>: detached big values and flushed databases' tables) one after another, off
/// the event loop. It never sees anything still reachable from a database, so it shares no data with the loop
/// beyond the job queue and the interlocked counters. The thread starts with the first job, so a server that never
/// frees lazily never has one.
/// </summary>
internal sealed class LazyFreeWorker : ILazyFreeQueue, IDisposable
{
    private readonly BlockingCollection<LazyFreeJob> _jobs = [];
    private readonly ServerLog _log;
    private readonly Lock _startLock = new();
    private Thread? _thread;
    private bool _disposed;

    public LazyFreeWorker(ServerLog log) => _log = log;

    /// <summary>Queues <paramref name="job"/>; called on the loop thread, never blocks.</summary>
    public void Enqueue(LazyFreeJob job)
    {
        if (_thread is null)
        {
            StartThread();
        }
        _jobs.Add(job);
    }

    /// <summary>Lets the queued jobs finish, then stops the thread (the server calls it as it shuts down).</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _jobs.CompleteAdding();
        _thread?.Join();
        _jobs.Dispose();
    }

    private void StartThread()
    {
        lock (_startLock)
        {
            if (_thread is not null)
            {
                return;
            }
            _thread = new Thread(Run) { IsBackground = true, Name = "mini-redis-lazyfree" };
            _thread.Start();
        }
    }

    // bioProcessBackgroundJobs for BIO_LAZY_FREE. A job that throws is a bug: it is logged with its stack (the job
    // still moves its objects out of pending), and the thread goes on with the next one rather than taking the
    // server down over memory that the garbage collector will reclaim anyway.
    private void Run()
    {
        foreach (LazyFreeJob job in _jobs.GetConsumingEnumerable())
        {
            try
            {
                job.Run();
            }
            catch (Exception e)
            {
                _log.Warning($"Lazyfree job failed: {e}");
            }
        }
    }
}
