namespace Reactor.MiniRedis.Storage;

/// <summary>
/// One piece of freeing work for the lazyfree thread: a value unlinked from the keyspace (lazyfreeFreeObject in
/// redis/redis src/lazyfree.c) or the two tables of a flushed database (lazyfreeFreeDatabase). Whatever it holds is
/// no longer reachable from any database, so the thread can tear it down without locks.
/// </summary>
public sealed class LazyFreeJob
{
    private readonly LazyFree _owner;
    private readonly RedisObject? _value;
    private readonly KeyTable<StoredValue>? _dict;
    private readonly KeyTable<long>? _expires;

    internal LazyFreeJob(LazyFree owner, RedisObject value)
    {
        _owner = owner;
        _value = value;
        Objects = 1;
    }

    internal LazyFreeJob(LazyFree owner, KeyTable<StoredValue> dict, KeyTable<long> expires)
    {
        _owner = owner;
        _dict = dict;
        _expires = expires;
        Objects = dict.Count;
    }

    /// <summary>What the job counts in lazyfree_pending_objects and lazyfreed_objects: 1 for a value, the keys of a database.</summary>
    public long Objects { get; }

    /// <summary>
    /// Tears the value or the tables down (see <see cref="LazyFree"/> for what that does under a garbage collector)
    /// and moves the job's objects from pending to freed. Runs on the lazyfree thread, once.
    /// </summary>
    public void Run()
    {
        try
        {
            if (_value is not null)
            {
                LazyFree.Release(_value);
            }
            else
            {
                _dict!.Release(static value =>
                {
                    if (value.Object is { } released) // a bare string has nothing to release
                    {
                        LazyFree.Release(released);
                    }
                });
                _expires!.Release(null);
            }
        }
        finally
        {
            _owner.Completed(Objects);
        }
    }
}
