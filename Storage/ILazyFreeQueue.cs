namespace Reactor.MiniRedis.Storage;

/// <summary>
/// Where <see cref="LazyFree"/> sends the values and tables it detached from the keyspace: bioCreateLazyFreeJob in
/// redis/redis src/bio.c. The engine's implementation runs each job's <see cref="LazyFreeJob.Run"/> on a background
/// thread; <see cref="Enqueue"/> is called on the event-loop thread and must not block it.
/// </summary>
public interface ILazyFreeQueue
{
    /// <summary>Queues <paramref name="job"/> to run later on another thread.</summary>
    void Enqueue(LazyFreeJob job);
}
