using Reactor.MiniRedis.Storage.Rdb;

namespace Reactor.MiniRedis.Storage;

/// <summary>
/// lazyfree (redis/redis src/lazyfree.c) on the keyspace's side: the <c>lazyfree-lazy-*</c> settings, the free
/// effort that decides which values are worth a background job (lazyfreeGetFreeEffort, LAZYFREE_THRESHOLD), the
/// hand-over of detached values and flushed tables to the freeing thread, and the counters INFO reports.
/// </summary>
/// <remarks>
/// <para><b>What "freeing" means under a garbage collector.</b> In Redis, freeing a value walks it and calls
/// free() on every allocation, so deleting a set of a million members costs the thread that does it a million
/// frees: that is why UNLINK and FLUSHALL ASYNC exist. Under the .NET collector, dropping the last reference to a
/// value is O(1), and the collector never walks the dead graph either: marking only visits live objects. So the
/// part of freeing that Redis moves off its loop does not exist here, and our synchronous DEL and FLUSHALL are
/// already O(1) on the loop thread.</para>
/// <para><b>What the freeing thread still does</b> is the part of freeing that is work: giving memory back for
/// reuse. The big arrays of our structures come from <see cref="System.Buffers.ArrayPool{T}.Shared"/> (the keyspace
/// table's entry chunks, big collections' entry and bucket arrays); the thread walks a detached table or value,
/// clears those arrays and returns them to the pool, where the loop's next big allocation finds them instead of
/// allocating and zeroing fresh memory (and growing the large object heap, whose budget triggers full
/// collections). Clearing also drops every reference the dead arrays hold, so a dead old-generation table cannot
/// keep younger objects alive through the card table until the next full collection. That walk is O(n), millions
/// of entries for a big flush, which is exactly the work the loop must not do; a synchronous delete skips it and
/// leaves the arrays to the collector.</para>
/// <para><b>Safety.</b> Only objects no longer reachable from any database are handed over, and only after the
/// command (or expiry cycle) that detached them has finished, so no handler still holds them
/// (<see cref="SubmitPending"/>). The thread touches nothing else; the counters are updated with interlocked
/// operations. Everything else here runs on the event-loop thread.</para>
/// <para><b>Effort</b> is counted in Redis's units, so the same data goes to the background (and shows in
/// lazyfreed_objects) as in Redis: a hashtable set or hash and a skiplist sorted set count their elements, a list
/// counts the quicklist nodes Redis would have (estimated from list-max-listpack-size and the listpack size of a
/// sample of elements, so a list near the threshold may go either way), anything else (strings, intsets, listpacks) is one allocation.</para>
/// </remarks>
public sealed class LazyFree
{
    /// <summary>LAZYFREE_THRESHOLD: values whose free effort is above this go to the freeing thread.</summary>
    public const int Threshold = 64;

    private readonly List<LazyFreeJob> _batch = [];
    private long _pending;
    private long _freed;

    /// <summary>lazyfree-lazy-eviction: evicted keys' values are freed in the background.</summary>
    public bool LazyEviction { get; set; }

    /// <summary>lazyfree-lazy-expire: expired keys' values are freed in the background.</summary>
    public bool LazyExpire { get; set; }

    /// <summary>lazyfree-lazy-server-del: values the server deletes as a side effect (overwrites, RENAME's destination) are freed in the background.</summary>
    public bool LazyServerDel { get; set; }

    /// <summary>lazyfree-lazy-user-del: DEL behaves like UNLINK.</summary>
    public bool LazyUserDel { get; set; }

    /// <summary>lazyfree-lazy-user-flush: FLUSHALL and FLUSHDB without SYNC or ASYNC flush asynchronously.</summary>
    public bool LazyUserFlush { get; set; }

    /// <summary>The freeing thread's queue; null (no thread) frees everything on the spot by dropping it.</summary>
    public ILazyFreeQueue? Queue { get; set; }

    /// <summary>lazyfree_pending_objects: objects handed over and not yet freed.</summary>
    public long PendingObjects => Interlocked.Read(ref _pending);

    /// <summary>lazyfreed_objects: objects freed by the freeing thread since the start or CONFIG RESETSTAT.</summary>
    public long FreedObjects => Interlocked.Read(ref _freed);

    /// <summary>lazyfreeResetStats (CONFIG RESETSTAT).</summary>
    public void ResetStats() => Interlocked.Exchange(ref _freed, 0);

    /// <summary>
    /// lazyfreeGetFreeEffort: how much work freeing <paramref name="value"/> is, in Redis's units (see the remarks);
    /// <paramref name="limits"/> gives the list node size.
    /// </summary>
    public static long FreeEffort(RedisObject value, EncodingLimits limits) => value switch
    {
        RedisList list => QuicklistNodes(list, limits.ListMaxListpackSize),
        RedisSet set when set.Members is not null => set.Count,
        RedisHash hash when hash.Encoding == "hashtable" => hash.Count,
        RedisSortedSet zset when zset.Encoding == "skiplist" => zset.Count,
        _ => 1,
    };

    /// <summary>
    /// freeObjAsync: <paramref name="value"/> has just been unlinked from the keyspace. When its free effort is
    /// above <see cref="Threshold"/> and there is a freeing thread, it is counted as pending and queued for that
    /// thread (after the current command, see <see cref="SubmitPending"/>); otherwise it is simply dropped.
    /// Returns true when it was handed over.
    /// </summary>
    public bool FreeObject(RedisObject value, EncodingLimits limits)
    {
        if (Queue is null || FreeEffort(value, limits) <= Threshold)
        {
            return false;
        }
        Interlocked.Increment(ref _pending);
        _batch.Add(new LazyFreeJob(this, value));
        return true;
    }

    /// <summary>
    /// emptyDbAsync: a database's two tables, already replaced by empty ones, go to the freeing thread; their keys
    /// count as pending objects. Returns false (the caller then just drops them) when there is no freeing thread.
    /// </summary>
    public bool FreeTables(KeyTable<StoredValue> dict, KeyTable<long> expires)
    {
        if (Queue is null)
        {
            return false;
        }
        Interlocked.Add(ref _pending, dict.Count);
        _batch.Add(new LazyFreeJob(this, dict, expires));
        return true;
    }

    /// <summary>
    /// Hands the jobs collected since the last call to the freeing thread. The server calls it after every command
    /// and after its expiry cycles: a handler may still read a value it overwrote or deleted until it returns.
    /// </summary>
    public void SubmitPending()
    {
        if (_batch.Count == 0)
        {
            return;
        }
        foreach (LazyFreeJob job in _batch)
        {
            Queue!.Enqueue(job);
        }
        _batch.Clear();
    }

    /// <summary>
    /// The freeing thread's teardown of one value nothing references any more: its pooled arrays are cleared and
    /// returned (a hashtable set's, a hash's, a sorted set's member index). Values without pooled arrays have
    /// nothing to give back; dropping them is all there is to do.
    /// </summary>
    internal static void Release(RedisObject value)
    {
        switch (value)
        {
            case RedisSet set:
                set.Members?.Clear();
                break;
            case RedisHash hash:
                hash.Fields.Clear();
                break;
            case RedisSortedSet zset:
                zset.Dict.Clear();
                break;
        }
    }

    /// <summary>Called by a job on the freeing thread once its objects are freed.</summary>
    internal void Completed(long objects)
    {
        Interlocked.Add(ref _pending, -objects);
        Interlocked.Add(ref _freed, objects);
    }

    // ql->len: the quicklist nodes Redis would split this list into. A positive fill is entries per node; a negative
    // one a node size of 4 KB << (-fill - 1) (-2: 8 KB, less the listpack's 7 bytes of header and end), filled with
    // entries whose size is estimated from up to 16 elements spread over the list.
    private static long QuicklistNodes(RedisList list, long fill)
    {
        int count = list.Count;
        if (count == 0)
        {
            return 0;
        }
        if (fill > 0)
        {
            return (count + fill - 1) / fill;
        }
        long nodeBytes = (4096L << (int)Math.Min(4, -fill - 1)) - 7;
        int samples = Math.Min(16, count);
        long sampled = 0;
        for (int i = 0; i < samples; i++)
        {
            sampled += ListpackWriter.EntrySize(list[(int)((long)i * count / samples)]);
        }
        double bytes = (double)sampled / samples * count;
        return Math.Max(1, (long)Math.Ceiling(bytes / nodeBytes));
    }
}
