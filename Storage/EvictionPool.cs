using System.Diagnostics.CodeAnalysis;

namespace Reactor.MiniRedis.Storage;

/// <summary>
/// performEvictions' choice of the next key to evict (redis/redis src/evict.c): Redis's sampled approximation of
/// LRU, LFU and TTL order. Each round samples <c>maxmemory-samples</c> keys of every database into a pool of the
/// <see cref="Size"/> best candidates seen so far (evictionPoolPopulate), then evicts the best one still present.
/// The pool lives on between rounds, so good candidates found earlier keep competing with new samples, which is
/// what makes a handful of samples approach true LRU. The random policies pick a random key of the next database
/// in turn. One per server; loop thread only.
/// </summary>
/// <remarks>
/// The pool holds copies of the sampled keys (the keyspace hands out a short key as a fresh array, a long one as
/// the array it stores, which never changes), as Redis copies the sds; a key deleted since it was pooled is a
/// "ghost", found missing and skipped when it comes up.
/// </remarks>
public sealed class EvictionPool
{
    /// <summary>EVPOOL_SIZE: candidates kept in the pool.</summary>
    public const int Size = 16;

    private readonly Entry[] _pool = new Entry[Size];
    private KeyValuePair<byte[], StoredValue>[] _keySamples = [];
    private KeyValuePair<byte[], long>[] _volatileSamples = [];
    private uint _nextDb; // next_db: where the random policies look first

    /// <summary>
    /// The key performEvictions removes next under <paramref name="policy"/> (its bestkey and bestdbid), sampling
    /// <paramref name="samples"/> keys per database for the pool policies. False when there is nothing to evict:
    /// no keys (no volatile keys under a volatile policy), or <see cref="EvictionPolicy.NoEviction"/>.
    /// </summary>
    public bool TrySelect(Keyspace keyspace, EvictionPolicy policy, int samples,
        [NotNullWhen(true)] out Database? db, [NotNullWhen(true)] out byte[]? key)
    {
        switch (policy)
        {
            case EvictionPolicy.NoEviction:
                (db, key) = (null, null);
                return false;
            case EvictionPolicy.AllKeysRandom or EvictionPolicy.VolatileRandom:
                return TrySelectRandom(keyspace, policy == EvictionPolicy.VolatileRandom, out db, out key);
        }
        bool allKeys = IsAllKeys(policy);
        while (true)
        {
            // Sample every database first: the choice is global, not per database.
            long totalKeys = 0;
            for (int i = 0; i < keyspace.Count; i++)
            {
                Database candidate = keyspace[i];
                int keys = allKeys ? candidate.Count : candidate.ExpiresCount;
                if (keys != 0)
                {
                    Populate(i, candidate, policy, samples);
                    totalKeys += keys;
                }
            }
            if (totalKeys == 0)
            {
                (db, key) = (null, null);
                return false;
            }
            // From the best candidate down: the first one still present is the pick; ghosts are dropped.
            for (int k = Size - 1; k >= 0; k--)
            {
                Entry entry = _pool[k];
                if (entry.Key is null)
                {
                    continue;
                }
                _pool[k] = default;
                Database owner = keyspace[entry.DbId];
                if (allKeys ? owner.IsStored(entry.Key) : owner.GetExpireTime(entry.Key) != -1)
                {
                    (db, key) = (owner, entry.Key);
                    return true;
                }
            }
        }
    }

    /// <summary>The pooled candidates from best to worst, for tests and diagnostics.</summary>
    public IEnumerable<(int DbId, byte[] Key, ulong Idle)> Candidates
    {
        get
        {
            for (int k = Size - 1; k >= 0; k--)
            {
                if (_pool[k].Key is { } key)
                {
                    yield return (_pool[k].DbId, key, _pool[k].Idle);
                }
            }
        }
    }

    /// <summary>True for the allkeys-* policies (MAXMEMORY_FLAG_ALLKEYS): every key is a candidate, not only volatile ones.</summary>
    public static bool IsAllKeys(EvictionPolicy policy) =>
        policy is EvictionPolicy.AllKeysLru or EvictionPolicy.AllKeysLfu or EvictionPolicy.AllKeysRandom;

    /*
     * evictionPoolPopulate: samples keys of one database (of its expires table under the volatile policies) and
     * inserts each into the pool by its score, where higher means a better candidate: the idle time under LRU,
     * 255 minus the decayed access counter under LFU, and ULLONG_MAX minus the expire time under volatile-ttl.
     * The pool is kept sorted from worst (index 0) to best. A sample worse than every pooled candidate of a full
     * pool is dropped; otherwise it is inserted in order, shifting the better ones right when there is room on the
     * right, or else shifting the worse ones left and dropping the worst.
     */
    private void Populate(int dbid, Database db, EvictionPolicy policy, int samples)
    {
        bool allKeys = IsAllKeys(policy);
        if (_keySamples.Length < samples)
        {
            _keySamples = new KeyValuePair<byte[], StoredValue>[samples];
            _volatileSamples = new KeyValuePair<byte[], long>[samples];
        }
        int count = allKeys ? db.SampleKeys(_keySamples.AsSpan(0, samples)) : db.SampleVolatileKeys(_volatileSamples.AsSpan(0, samples));
        for (int j = 0; j < count; j++)
        {
            byte[] key = allKeys ? _keySamples[j].Key : _volatileSamples[j].Key;
            // Sampled from the expires table, the value is looked up in the main table (the expire time is enough for TTL).
            uint lru = allKeys ? _keySamples[j].Value.Lru : policy == EvictionPolicy.VolatileTtl ? 0 : db.FindStoredLru(key) ?? 0;
            ulong idle = policy switch
            {
                EvictionPolicy.AllKeysLru or EvictionPolicy.VolatileLru => (ulong)db.IdleMilliseconds(lru),
                EvictionPolicy.AllKeysLfu or EvictionPolicy.VolatileLfu => (ulong)(255 - db.LfuFrequency(lru)),
                _ => ulong.MaxValue - unchecked((ulong)_volatileSamples[j].Value), // the sooner the expire the better
            };
            Insert(dbid, key, idle);
        }
        // The samples must not keep evicted keys and values alive until the next round.
        if (allKeys)
        {
            _keySamples.AsSpan(0, count).Clear();
        }
        else
        {
            _volatileSamples.AsSpan(0, count).Clear();
        }
    }

    // The insertion step of evictionPoolPopulate (see above).
    private void Insert(int dbid, byte[] key, ulong idle)
    {
        int k = 0;
        while (k < Size && _pool[k].Key is not null && _pool[k].Idle < idle)
        {
            k++;
        }
        if (k == 0 && _pool[Size - 1].Key is not null)
        {
            return; // worse than every candidate of a full pool
        }
        if (k == Size || _pool[k].Key is not null)
        {
            if (_pool[Size - 1].Key is null)
            {
                Array.Copy(_pool, k, _pool, k + 1, Size - k - 1); // room on the right: shift the better ones right
            }
            else
            {
                k--;
                Array.Copy(_pool, 1, _pool, 0, k); // full: shift the worse ones left, dropping the worst
            }
        }
        _pool[k] = new Entry(idle, key, dbid);
    }

    // The random policies: a random key (dictGetRandomKey) of the first database in turn that has candidates.
    private bool TrySelectRandom(Keyspace keyspace, bool volatileOnly, [NotNullWhen(true)] out Database? db, [NotNullWhen(true)] out byte[]? key)
    {
        for (int i = 0; i < keyspace.Count; i++)
        {
            Database candidate = keyspace[(int)(++_nextDb % (uint)keyspace.Count)];
            if (candidate.RandomStoredKey(volatileOnly) is { } found)
            {
                (db, key) = (candidate, found);
                return true;
            }
        }
        (db, key) = (null, null);
        return false;
    }

    /// <summary>One pooled candidate (evictionPoolEntry): its score, its key and its database.</summary>
    private readonly record struct Entry(ulong Idle, byte[]? Key, int DbId);
}
