using System.Runtime.CompilerServices;
using Reactor.MiniRedis.Storage.Rdb;

namespace Reactor.MiniRedis.Storage;

/// <summary>
/// One numbered database: the main dictionary of keys to values and, beside it, the expires dictionary of keys to
/// absolute Unix times in milliseconds, as in redisDb (redis/redis src/server.h). Both are <see cref="KeyTable{TValue}"/>s
/// (incremental rehashing, SCAN cursors, random sampling); keys are found straight from request bytes, a short key
/// is stored in each table's entry, and the expires table shares the main table's arrays of long keys. A short
/// string value is stored in the main table's entry too (<see cref="StoredValue"/>).
/// </summary>
/// <remarks>
/// Expired keys are never visible: every lookup first runs <see cref="ExpireIfNeeded"/> (Redis's lazy expiry,
/// src/db.c), and the active expiry cycle (<see cref="ActiveExpiry"/>) reclaims the ones nobody touches. Owned by
/// the event-loop thread; no locks.
/// </remarks>
public sealed class Database
{
    // Not readonly: SWAPDB exchanges them between two databases (SwapWith).
    private KeyTable<StoredValue> _dict = new();
    private KeyTable<long> _expires = new();
    private readonly CommandClock _clock;
    private readonly AccessPolicy _access;
    private readonly LazyFree _lazyFree;
    private long _storedBytes; // the long keys' arrays and the values as last counted (RedisObject.AccountedWords)

    /// <summary>Creates database number <paramref name="id"/>, reading time from <paramref name="time"/>.</summary>
    public Database(int id, TimeProvider time, EncodingLimits? encodingLimits = null, AccessPolicy? access = null, LazyFree? lazyFree = null)
        : this(id, new CommandClock(time), encodingLimits, access, lazyFree)
    {
    }

    /// <summary>Creates database number <paramref name="id"/>, reading time from <paramref name="clock"/>, which the server fixes for each command.</summary>
    public Database(int id, CommandClock clock, EncodingLimits? encodingLimits = null, AccessPolicy? access = null, LazyFree? lazyFree = null)
    {
        _access = access ?? new AccessPolicy();
        _lazyFree = lazyFree ?? new LazyFree();
        Id = id;
        EncodingLimits = encodingLimits ?? new EncodingLimits();
        _clock = clock;
    }

    /// <summary>
    /// The background save (or AOF rewrite) running, or null (almost always): while set, every change to a key is
    /// preceded by <see cref="CaptureBeforeChange"/>, so the save gets the key as it was at its start, and a string
    /// it shares with its writer is copied before it can change.
    /// </summary>
    internal IncrementalSnapshot? Snapshot { get; set; }

    /// <summary>The server's encoding thresholds, handed to collections created in this database.</summary>
    public EncodingLimits EncodingLimits { get; }

    /// <summary>The database number (SELECT index).</summary>
    public int Id { get; }

    /// <summary>Keys stored, including expired ones not yet reclaimed (DBSIZE, like Redis).</summary>
    public int Count => _dict.Count;

    /// <summary>Keys with a time to live.</summary>
    public int ExpiresCount => _expires.Count;

    /// <summary>
    /// The bytes this database holds by the model of <see cref="MemoryAccounting"/> (its share of INFO used_memory):
    /// every long key's array (a short key lives in its table entry) and every value as last counted, plus
    /// <see cref="TableOverheadBytes"/>. O(1). A value changed in place is counted again by <see cref="UpdateMemory"/>,
    /// which the engine calls where Redis calls signalModifiedKey; a value is counted when stored and subtracted, as
    /// counted, when removed.
    /// </summary>
    public long MemoryBytes => _storedBytes + TableOverheadBytes;

    /// <summary>
    /// The keyspace tables' own bytes: an entry per key and per time to live, and both tables' bucket arrays (what
    /// Redis's MEMORY STATS counts as overhead.hashtable.main and .expires).
    /// </summary>
    public long TableOverheadBytes =>
        MemoryUsage.TableOverhead<StoredValue>(_dict.Count, _dict.Slots) + MemoryUsage.TableOverhead<long>(_expires.Count, _expires.Slots);

    /// <summary>
    /// Counts <paramref name="key"/>'s value again after it changed in place (APPEND, LPUSH, HSET...): the
    /// difference between its <see cref="RedisObject.EstimatedBytes"/> now and what was counted goes into
    /// <see cref="MemoryBytes"/>. A missing key changes nothing (its removal was already subtracted). Expiry is not
    /// checked and the access clock is left alone.
    /// </summary>
    public void UpdateMemory(ReadOnlySpan<byte> key)
    {
        ref StoredValue slot = ref _dict.GetValueRefOrNullRef(key);
        if (!Unsafe.IsNullRef(ref slot) && slot.Object is { } value) // a bare string was counted when stored
        {
            Recount(value);
        }
    }

    /// <summary>Keys removed because their time to live had passed (INFO expired_keys).</summary>
    public long ExpiredKeys { get; private set; }

    /// <summary>
    /// The current Unix time in milliseconds, as the keyspace sees it: fixed for the whole of a running command
    /// (see <see cref="CommandClock"/>), so a key cannot expire between two lookups of one command.
    /// </summary>
    public long NowMilliseconds => _clock.NowMilliseconds;

    /// <summary>
    /// The clock now, even inside a command (mstime): what Redis 7.0 adds a relative time to live to (EXPIRE, SET EX,
    /// GETEX, RESTORE), measures TTL and PTTL against, and checks an expire time being set against. Only deciding
    /// whether a stored key has expired uses the command's fixed time (<see cref="NowMilliseconds"/>).
    /// </summary>
    public long LiveMilliseconds => _clock.LiveMilliseconds;

    /// <summary>LRU_CLOCK_MAX: the access clock wraps at 24 bits, as robj.lru does.</summary>
    public const uint LruClockMax = (1 << 24) - 1;

    /// <summary>LRU_CLOCK_RESOLUTION: the access clock counts seconds.</summary>
    public const long LruClockResolution = 1000;

    /// <summary>getLRUClock (redis/redis src/evict.c): the current access-clock reading, Unix seconds modulo 2^24.</summary>
    public uint LruClock => (uint)(NowMilliseconds / LruClockResolution & LruClockMax);

    /// <summary>LFU_INIT_VAL: a new value's access counter under LFU, so fresh keys are not evicted at once.</summary>
    public const uint LfuInitialValue = 5;

    /// <summary>LFUGetTimeInMinutes (redis/redis src/evict.c): Unix minutes modulo 2^16, the LFU decrement time.</summary>
    private uint LfuMinutes => (uint)(NowMilliseconds / 60_000 & 65535);

    /// <summary>Called with the key just before an expired key is removed, so the engine can propagate or notify.</summary>
    public KeyEventHandler? KeyExpired { get; set; }

    /// <summary>
    /// Called with the key right after a new key is added (dbAdd's signalKeyAsReady hook in redis/redis src/db.c):
    /// by <see cref="Set"/> and <see cref="GetValueRefOrAddDefault"/> when the key was absent, and by
    /// <see cref="Add"/>, so every path that creates a key (pushes, stores, RENAME, MOVE, COPY, RESTORE) reports it;
    /// overwriting an existing key does not, as dbOverwrite does not. The engine both serves blocked clients
    /// (signalKeyAsReady) and fires the "new" keyspace event from it.
    /// </summary>
    public KeyEventHandler? KeyAdded { get; set; }

    /// <summary>
    /// Finds the value of <paramref name="key"/>, or null when it is missing or expired. A found value's access
    /// clock is updated, as lookupKey does for every lookup that counts as an access.
    /// </summary>
    public RedisObject? Lookup(ReadOnlySpan<byte> key) => Lookup(key, touch: true);

    /// <summary>
    /// lookupKey (redis/redis src/db.c): finds the value of <paramref name="key"/>, or null when it is missing or
    /// expired. When <paramref name="touch"/> the value's access clock is set to now; false is LOOKUP_NOTOUCH, for
    /// lookups that only inspect the value (OBJECT, EXISTS-like probes) and must not make it look recently used.
    /// </summary>
    /// <remarks>A bare string (<see cref="StoredValue"/>) is materialised: the key holds a <see cref="RedisString"/> from now on.</remarks>
    public RedisObject? Lookup(ReadOnlySpan<byte> key, bool touch)
    {
        ref StoredValue slot = ref LookupStored(key, touch);
        if (Unsafe.IsNullRef(ref slot))
        {
            return null;
        }
        return slot.Object ?? Materialize(ref slot);
    }

    /// <summary>
    /// Whether looking keys up ahead of time can pay: the tables are too big to stay in the CPU's caches, so a
    /// lookup waits for memory. Below that, the extra hashing would only cost.
    /// </summary>
    public bool WorthPrefetching => _dict.Count >= PrefetchMinKeys;

    // About 5 MB of entries and buckets (76 bytes a key): more than a core's L2 and a good part of a shared L3.
    private const int PrefetchMinKeys = 65_536;

    /// <summary>
    /// Starts loading the buckets <paramref name="key"/> falls in, in the keyspace and, when any key has a TTL,
    /// in the expires table (a lookup checks both), and returns the key's hash for <see cref="PrefetchEntries"/>.
    /// </summary>
    public uint PrefetchBuckets(ReadOnlySpan<byte> key)
    {
        uint hash = KeyTable<StoredValue>.HashOf(key);
        _dict.PrefetchBucket(hash);
        if (_expires.Count != 0)
        {
            _expires.PrefetchBucket(hash);
        }
        return hash;
    }

    /// <summary>Starts loading the first entry in each bucket <see cref="PrefetchBuckets"/> loaded for <paramref name="hash"/>.</summary>
    public void PrefetchEntries(uint hash)
    {
        _dict.PrefetchEntry(hash);
        if (_expires.Count != 0)
        {
            _expires.PrefetchEntry(hash);
        }
    }

    /// <summary>
    /// Starts loading the value object (or a long string's array) of the key <see cref="PrefetchEntries"/> loaded
    /// for <paramref name="hash"/>, redis's PREFETCH_VALUE step: a guess that the key is first in its bucket.
    /// </summary>
    public void PrefetchValue(uint hash)
    {
        ref StoredValue value = ref _dict.FirstValueInBucket(hash);
        if (!Unsafe.IsNullRef(ref value))
        {
            CacheLine.Prefetch(value.HeapAddress);
        }
    }

    /// <summary>
    /// lookupKey for the paths that handle a bare string themselves (GET, SET, MGET, EXISTS...): like
    /// <see cref="Lookup(ReadOnlySpan{byte}, bool)"/>, but returns the key's slot as stored, or a null reference
    /// (<see cref="Unsafe.IsNullRef{T}(ref readonly T)"/>) when the key is missing or expired. The reference is valid
    /// until the next key is added or removed. Write through it only with <see cref="StoredValue.Lru"/>; a caller
    /// that changes the value uses <see cref="SetString"/>, or <see cref="Lookup(ReadOnlySpan{byte}, bool)"/>.
    /// </summary>
    public ref StoredValue LookupStored(ReadOnlySpan<byte> key, bool touch = true)
    {
        if (_expires.Count != 0 && ExpireIfNeeded(key))
        {
            return ref Unsafe.NullRef<StoredValue>();
        }
        CaptureBeforeChange(key); // the caller may mutate the value in place
        ref StoredValue slot = ref _dict.GetValueRefOrNullRef(key);
        if (touch && !Unsafe.IsNullRef(ref slot))
        {
            slot.Lru = _access.Lfu ? UpdatedLfu(slot.Lru) : LruClock;
        }
        return ref slot;
    }

    /// <summary>Turns the bare string in <paramref name="slot"/> into the <see cref="RedisString"/> it stands for, stored and counted in its place.</summary>
    private RedisObject Materialize(ref StoredValue slot)
    {
        _storedBytes -= slot.BareHeapBytes; // its array, if any, is the object's now
        RedisObject value = slot.Materialize();
        CountValue(value);
        return value;
    }

    /// <summary>
    /// LFUDecrAndReturn (redis/redis src/evict.c): the value's LFU access counter after the decay due since its
    /// last decrement time (one step per lfu-decay-time minutes), without storing it. OBJECT FREQ replies this.
    /// </summary>
    public long LfuFrequency(RedisObject value) => LfuFrequency(value.Lru);

    /// <summary>LFUDecrAndReturn for a value whose robj.lru field reads <paramref name="lru"/>.</summary>
    public long LfuFrequency(uint lru)
    {
        uint decrementTime = lru >> 8;
        long counter = lru & 255;
        uint now = LfuMinutes;
        long elapsed = now >= decrementTime ? now - decrementTime : 65535 - decrementTime + now; // LFUTimeElapsed
        long periods = _access.LfuDecayTime != 0 ? elapsed / _access.LfuDecayTime : 0;
        return periods > counter ? 0 : counter - periods;
    }

    /// <summary>
    /// updateLFU: decays the counter of <paramref name="lru"/>, then LFULogIncr increments it with probability 1 /
    /// ((counter - LFU_INIT_VAL) * lfu-log-factor + 1), saturating at 255; returns it with the current minute.
    /// </summary>
    private uint UpdatedLfu(uint lru)
    {
        long counter = LfuFrequency(lru);
        if (counter < 255)
        {
            double baseValue = Math.Max(0, counter - (long)LfuInitialValue);
            if (Random.Shared.NextDouble() < 1.0 / (baseValue * _access.LfuLogFactor + 1))
            {
                counter++;
            }
        }
        return LfuMinutes << 8 | (uint)counter;
    }

    /// <summary>createObject's clock for a new value: now under LRU, LFU_INIT_VAL at the current minute under LFU.</summary>
    private uint NewClock() => _access.Lfu ? LfuMinutes << 8 | LfuInitialValue : LruClock;

    /// <summary>
    /// estimateObjectIdleTime (redis/redis src/object.c): milliseconds since <paramref name="value"/> was last
    /// accessed, at the access clock's one-second resolution, allowing for one wrap of the 24-bit clock.
    /// </summary>
    public long IdleMilliseconds(RedisObject value) => IdleMilliseconds(value.Lru);

    /// <summary>estimateObjectIdleTime for a value whose access clock reads <paramref name="lru"/>.</summary>
    public long IdleMilliseconds(uint lru)
    {
        uint clock = LruClock;
        return clock >= lru
            ? (clock - lru) * LruClockResolution
            : (clock + (LruClockMax - lru)) * LruClockResolution;
    }

    /// <summary>
    /// objectSetLRUOrLFU (redis/redis src/object.c), for values restored from an RDB file or a DUMP payload: under an
    /// LFU policy sets the counter to <paramref name="lfuFrequency"/> (0 to 255) when it is given (not -1); otherwise
    /// sets the access clock <paramref name="lruIdleSeconds"/> in the past when that is given. Returns whether it
    /// changed anything.
    /// </summary>
    public bool SetAccessInfo(RedisObject value, long lfuFrequency, long lruIdleSeconds)
    {
        if (!TryAccessClock(lfuFrequency, lruIdleSeconds, out uint lru))
        {
            return false;
        }
        value.Lru = lru;
        return true;
    }

    /// <summary>
    /// objectSetLRUOrLFU for the value stored under <paramref name="key"/> (a bare string just loaded by
    /// <see cref="AddString"/>), as <see cref="SetAccessInfo(RedisObject, long, long)"/> does for an object.
    /// </summary>
    public bool SetAccessInfo(ReadOnlySpan<byte> key, long lfuFrequency, long lruIdleSeconds)
    {
        ref StoredValue slot = ref _dict.GetValueRefOrNullRef(key);
        if (Unsafe.IsNullRef(ref slot) || !TryAccessClock(lfuFrequency, lruIdleSeconds, out uint lru))
        {
            return false;
        }
        slot.Lru = lru;
        return true;
    }

    // objectSetLRUOrLFU's clock: the LFU counter at the current minute, or the LRU clock the idle time ago; false
    // when the policy's figure was not given.
    private bool TryAccessClock(long lfuFrequency, long lruIdleSeconds, out uint lru)
    {
        lru = 0;
        if (_access.Lfu)
        {
            if (lfuFrequency < 0)
            {
                return false;
            }
            lru = LfuMinutes << 8 | (uint)Math.Min(lfuFrequency, 255);
            return true;
        }
        if (lruIdleSeconds < 0)
        {
            return false;
        }
        long clock = LruClock - lruIdleSeconds; // the clock counts seconds (LRU_CLOCK_RESOLUTION 1000 ms)
        if (clock < 0)
        {
            clock += LruClockMax; // the wrapping clock: estimateObjectIdleTime unwraps it
        }
        lru = (uint)(clock & LruClockMax);
        return true;
    }

    /// <summary>
    /// Every stored key with its value as stored (a bare string is not materialised), expired ones not yet
    /// reclaimed included: the walk of rdbSaveDb over db->dict. Adding or removing keys during the walk throws.
    /// </summary>
    public KeyTable<StoredValue>.Enumerator GetEnumerator() => _dict.GetEnumerator();

    /// <summary>Finds the value of <paramref name="key"/> and checks that it is a <typeparamref name="T"/>.</summary>
    /// <remarks>A bare string is materialised only when a string is asked for.</remarks>
    public LookupStatus Lookup<T>(ReadOnlySpan<byte> key, out T? value) where T : RedisObject
    {
        ref StoredValue slot = ref LookupStored(key);
        return TypeChecked(ref slot, out value);
    }

    /// <summary>
    /// checkType for a slot <see cref="LookupStored"/> returned: NotFound for a null reference, WrongType when it
    /// holds another type than <typeparamref name="T"/>, else Found with the value (a bare string is materialised
    /// only when a string is asked for).
    /// </summary>
    public LookupStatus TypeChecked<T>(ref StoredValue slot, out T? value) where T : RedisObject
    {
        if (Unsafe.IsNullRef(ref slot))
        {
            value = null;
            return LookupStatus.NotFound;
        }
        if (slot.IsBareString && typeof(T) != typeof(RedisString) && typeof(T) != typeof(RedisObject))
        {
            value = null;
            return LookupStatus.WrongType;
        }
        value = (slot.Object ?? Materialize(ref slot)) as T;
        return value is null ? LookupStatus.WrongType : LookupStatus.Found;
    }

    /// <summary>True when <paramref name="key"/> exists and has not expired. Not an access: the clock is left alone.</summary>
    public bool Exists(ReadOnlySpan<byte> key) => Exists(key, touch: false);

    /// <summary>
    /// lookupKey answering only whether <paramref name="key"/> exists (and has not expired), stamping its access
    /// clock when <paramref name="touch"/> (lookupKeyWrite before PERSIST, EXPIRE...). A bare string stays bare.
    /// </summary>
    public bool Exists(ReadOnlySpan<byte> key, bool touch) => !Unsafe.IsNullRef(ref LookupStored(key, touch));

    /// <summary>
    /// setKey: stores <paramref name="value"/> under <paramref name="key"/>, replacing any value. The time to live
    /// is removed unless <paramref name="keepTtl"/>. The key's bytes are copied only if the key is new. A replaced
    /// value goes to the lazyfree thread under lazyfree-lazy-server-del, as dbOverwrite does.
    /// </summary>
    public void Set(ReadOnlySpan<byte> key, RedisObject value, bool keepTtl = false)
    {
        value.Lru = NewClock(); // createObject stamps a new value's clock
        CaptureBeforeChange(key);
        ref StoredValue slot = ref _dict.GetValueRefOrAddDefault(key, out bool exists);
        RedisObject? old = slot.Object; // null for a bare string, which has nothing to free
        Uncount(in slot);
        if (!exists)
        {
            _storedBytes += MemoryAccounting.Key(key.Length);
        }
        slot.SetObject(value);
        CountValue(value);
        if (!exists)
        {
            KeyAdded?.Invoke(this, key);
            return;
        }
        if (_lazyFree.LazyServerDel && old is not null && !ReferenceEquals(old, value))
        {
            _lazyFree.FreeObject(old, EncodingLimits);
        }
        if (!keepTtl && _expires.Count != 0)
        {
            _expires.Remove(key);
        }
    }

    /// <summary>
    /// setKey for a string given as bytes (SET, MSET, GETSET...): stores <paramref name="value"/> under
    /// <paramref name="key"/>, in the key's entry when it fits (<see cref="StoredValue"/>), replacing any value, and
    /// removes the time to live unless <paramref name="keepTtl"/>. Nothing is allocated when the key exists and the
    /// value fits, or is as long as the string it replaces. The caller has looked the key up for writing
    /// (lookupKeyWrite: an expired key is gone), so an existing key keeps the access clock that lookup left, as
    /// dbOverwrite keeps an LFU counter; a new key is stamped now. The new value is counted in
    /// <see cref="MemoryBytes"/> here, so the write's <see cref="UpdateMemory"/> would change nothing.
    /// </summary>
    public void SetString(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, bool keepTtl = false)
    {
        CaptureBeforeChange(key);
        ref StoredValue slot = ref _dict.GetValueRefOrAddDefault(key, out bool exists);
        if (!exists)
        {
            _storedBytes += MemoryAccounting.Key(key.Length);
            StoreString(ref slot, value, NewClock());
            KeyAdded?.Invoke(this, key);
            return;
        }
        RedisObject? old = slot.Object;
        if (old is RedisString current && !StoredValue.FitsInline(value.Length))
        {
            current.SetBytes(value); // in place: an array of the same length is reused
            Recount(current);
        }
        else
        {
            uint lru = slot.Lru;
            Uncount(in slot);
            StoreString(ref slot, value, lru);
            if (_lazyFree.LazyServerDel && old is not null and not RedisString)
            {
                _lazyFree.FreeObject(old, EncodingLimits);
            }
        }
        if (!keepTtl && _expires.Count != 0)
        {
            _expires.Remove(key);
        }
    }

    // Fills a slot with a bare string (in the entry, or in an array it reuses when the length is the same) and counts it.
    private void StoreString(ref StoredValue slot, ReadOnlySpan<byte> value, uint lru)
    {
        slot.SetString(value, lru);
        _storedBytes += slot.BareHeapBytes;
    }

    /// <summary>
    /// Returns a reference to the value slot of <paramref name="key"/>, adding an empty slot when the key is new
    /// (<paramref name="exists"/> false). Used by writes that update a value in place. The caller must fill a new
    /// slot before anything else touches the database, and must have expired the key first (see <see cref="Lookup"/>).
    /// </summary>
    /// <remarks>The new value is counted in <see cref="MemoryBytes"/> by the next <see cref="UpdateMemory"/> of the key.</remarks>
    public ref RedisObject? GetValueRefOrAddDefault(ReadOnlySpan<byte> key, out bool exists)
    {
        CaptureBeforeChange(key);
        ref StoredValue slot = ref _dict.GetValueRefOrAddDefault(key, out exists);
        if (!exists)
        {
            _storedBytes += MemoryAccounting.Key(key.Length);
            KeyAdded?.Invoke(this, key);
        }
        else if (slot.IsBareString)
        {
            Materialize(ref slot);
        }
        return ref slot.ObjectRef;
    }

    /// <summary>
    /// dbAdd for a string read as bytes (an RDB file's string value): stores <paramref name="value"/> under
    /// <paramref name="key"/> as a bare string (<see cref="StoredValue"/>), taking the array over when it is longer
    /// than the entry holds, only if the key is absent (or expired). Returns whether it was added. So a keyspace
    /// loaded at start-up costs what the same SETs would have.
    /// </summary>
    public bool AddString(ReadOnlySpan<byte> key, byte[] value)
    {
        if (_expires.Count != 0)
        {
            ExpireIfNeeded(key);
        }
        ref StoredValue slot = ref _dict.GetValueRefOrAddDefault(key, out bool exists);
        if (exists)
        {
            return false;
        }
        _storedBytes += MemoryAccounting.Key(key.Length);
        slot.SetOwnedString(value, NewClock());
        _storedBytes += slot.BareHeapBytes;
        KeyAdded?.Invoke(this, key);
        return true;
    }

    /// <summary>dbAdd: stores <paramref name="value"/> only if <paramref name="key"/> is absent (or expired). Returns whether it was added.</summary>
    public bool Add(ReadOnlySpan<byte> key, RedisObject value)
    {
        if (_expires.Count != 0)
        {
            ExpireIfNeeded(key);
        }
        value.Lru = NewClock();
        if (!_dict.TryAdd(key, new StoredValue(value)))
        {
            return false;
        }
        _storedBytes += MemoryAccounting.Key(key.Length);
        CountValue(value);
        KeyAdded?.Invoke(this, key);
        return true;
    }

    /// <summary>
    /// dbDelete: removes <paramref name="key"/> and its time to live, freeing the value in the background under
    /// lazyfree-lazy-server-del. Returns false when it did not exist (or had expired).
    /// </summary>
    public bool Delete(ReadOnlySpan<byte> key) => Delete(key, _lazyFree.LazyServerDel);

    /// <summary>
    /// dbSyncDelete, or dbAsyncDelete when <paramref name="lazy"/> (UNLINK, DEL under lazyfree-lazy-user-del): a
    /// big value is then handed to the lazyfree thread (see <see cref="LazyFree.FreeObject"/>). Returns false when
    /// the key did not exist (or had expired).
    /// </summary>
    public bool Delete(ReadOnlySpan<byte> key, bool lazy)
    {
        if (!Unlink(key, out StoredValue removed))
        {
            return false;
        }
        FreeRemoved(in removed, lazy);
        return true;
    }

    // dbGenericDelete's unlink of a live key: the key and its time to live leave both tables (an expired key is
    // reclaimed as expired instead, and reported missing), handing back the value as stored.
    private bool Unlink(ReadOnlySpan<byte> key, out StoredValue removed)
    {
        CaptureBeforeChange(key);
        if (_expires.Count != 0)
        {
            if (ExpireIfNeeded(key))
            {
                removed = default;
                return false;
            }
            _expires.Remove(key);
        }
        return RemoveStored(key, out removed);
    }

    /// <summary>
    /// dbSyncDelete, or dbAsyncDelete when <paramref name="lazy"/> (lazyfree-lazy-eviction), as eviction uses them:
    /// removes <paramref name="key"/> and its time to live whether or not the key has expired (an expired key that
    /// was not reclaimed yet is evicted like any other). Returns false when absent.
    /// </summary>
    public bool DeleteStored(ReadOnlySpan<byte> key, bool lazy = false)
    {
        CaptureBeforeChange(key); // an evicted key still belongs in a save that started before
        if (_expires.Count != 0)
        {
            _expires.Remove(key);
        }
        if (!RemoveStored(key, out StoredValue removed))
        {
            return false;
        }
        FreeRemoved(in removed, lazy);
        return true;
    }

    /// <summary>
    /// Removes <paramref name="key"/>, handing back the removed value (a bare string as a new
    /// <see cref="RedisString"/>); false when absent or expired.
    /// </summary>
    public bool Remove(ReadOnlySpan<byte> key, out RedisObject? value)
    {
        bool removed = Unlink(key, out StoredValue stored);
        value = removed ? stored.Materialize() : null; // the slot is gone: a bare string's array goes to the object
        return removed;
    }

    /// <summary>
    /// RENAME's move (renameGenericCommand in redis/redis src/db.c): gives <paramref name="destination"/> the value
    /// and the time to live of <paramref name="source"/>, replacing whatever the destination held (its own time to
    /// live goes with it), and removes the source. The value object moves; nothing is copied but the new key's
    /// bytes. Returns false, changing nothing, when the source is missing or expired; renaming a key onto itself
    /// changes nothing and returns true. Like Redis (dbDelete, then dbAdd), an existing destination is deleted and
    /// the key added anew, so <see cref="KeyAdded"/> hears of it.
    /// </summary>
    public bool Rename(ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination)
    {
        if (Unsafe.IsNullRef(ref LookupStored(source)))
        {
            return false;
        }
        if (source.SequenceEqual(destination))
        {
            return true;
        }
        long when = GetExpireTime(source);
        Remove(source, out RedisObject? value);
        Delete(destination); // also reclaims an expired destination first, as lookupKeyWrite does
        Set(destination, value!);
        if (when != -1)
        {
            SetExpireTime(destination, when);
        }
        return true;
    }

    /// <summary>The absolute expire time of <paramref name="key"/> in Unix milliseconds, or -1 when it has none.</summary>
    public long GetExpireTime(ReadOnlySpan<byte> key) =>
        _expires.Count != 0 && _expires.TryGetValue(key, out long when) ? when : -1;

    /// <summary>
    /// setExpire: gives the existing <paramref name="key"/> an absolute expire time. Returns false when the key
    /// does not exist. A time in the past is stored as is; the caller deletes the key instead when Redis would.
    /// </summary>
    public bool SetExpireTime(ReadOnlySpan<byte> key, long unixTimeMilliseconds)
    {
        if (!_dict.TryGetValue(key, out byte[]? longKey, out StoredValue _))
        {
            return false;
        }
        CaptureBeforeChange(key);
        // The expires table shares the main table's array of a long key, as Redis shares the sds; a short key is
        // copied into its entry.
        _expires.GetValueRefOrAddShared(key, longKey, out _) = unixTimeMilliseconds;
        return true;
    }

    /// <summary>Removes the time to live of <paramref name="key"/>. Returns false when it had none.</summary>
    public bool RemoveExpire(ReadOnlySpan<byte> key)
    {
        CaptureBeforeChange(key);
        return _expires.Count != 0 && _expires.Remove(key);
    }

    /// <summary>
    /// expireIfNeeded: deletes <paramref name="key"/> when its time to live has passed. Returns true when the key
    /// is (now) expired: gone, or, while <see cref="ExpiryPaused"/> says so, kept but reported missing.
    /// </summary>
    public bool ExpireIfNeeded(ReadOnlySpan<byte> key)
    {
        if (!_expires.TryGetValue(key, out long when) || !IsExpired(when, NowMilliseconds))
        {
            return false;
        }
        if (ExpiryPaused?.Invoke() == true)
        {
            return true;
        }
        DeleteExpiredKey(key);
        return true;
    }

    /// <summary>
    /// checkClientPauseTimeoutAndReturnIfPaused, as expireIfNeeded asks it: while this returns true (a CLIENT PAUSE
    /// is in force) the dataset stays static, so an expired key is reported missing but not deleted.
    /// </summary>
    public Func<bool>? ExpiryPaused { get; set; }

    /// <summary>keyIsExpired: true when <paramref name="key"/> has a time to live that has passed (it may still be stored).</summary>
    public bool IsKeyExpired(ReadOnlySpan<byte> key) =>
        _expires.Count != 0 && _expires.TryGetValue(key, out long when) && IsExpired(when, NowMilliseconds);

    /// <summary>dictFind on the main table: true when <paramref name="key"/> is stored, expired or not. Nothing is expired.</summary>
    public bool IsStored(ReadOnlySpan<byte> key) => _dict.ContainsKey(key);

    /// <summary>Removes every key (FLUSHDB).</summary>
    public void Clear()
    {
        Snapshot?.CaptureRemaining(this);
        _dict.Clear();
        _expires.Clear();
        ExpiresCursor = 0;
        _storedBytes = 0;
    }

    /// <summary>
    /// FLUSHDB: removes every key, at once or, when <paramref name="lazy"/> (emptyDbAsync), by swapping in empty
    /// tables and handing the old ones to the lazyfree thread. Either way the loop does O(1) work.
    /// </summary>
    public void Clear(bool lazy)
    {
        Snapshot?.CaptureRemaining(this); // a running background save takes what it still needs before the tables go
        if (!lazy || _dict.Count == 0 || !_lazyFree.FreeTables(_dict, _expires))
        {
            Clear();
            return;
        }
        _dict = new KeyTable<StoredValue>();
        _expires = new KeyTable<long>();
        ExpiresCursor = 0;
        _storedBytes = 0;
    }

    /// <summary>
    /// SWAPDB's exchange (dbSwapDatabases in redis/redis src/db.c): this database and <paramref name="other"/> trade
    /// their keys, their times to live and their active-expiry cursors. Each keeps its number, its callbacks and its
    /// expired-keys count (Redis counts expirations server-wide, not per database).
    /// </summary>
    /// <remarks>
    /// The contents move rather than the <see cref="Database"/> objects because clients hold a reference to the
    /// database they selected: swapping the tables under those references is how every client that selected
    /// either number sees the swapped data at once, as Redis's clients, which point at the redisDb slot, do.
    /// </remarks>
    public void SwapWith(Database other)
    {
        Snapshot?.CaptureRemaining(this);
        other.Snapshot?.CaptureRemaining(other);
        (_dict, other._dict) = (other._dict, _dict);
        (_expires, other._expires) = (other._expires, _expires);
        (ExpiresCursor, other.ExpiresCursor) = (other.ExpiresCursor, ExpiresCursor);
        (_storedBytes, other._storedBytes) = (other._storedBytes, _storedBytes);
    }

    /// <summary>
    /// A random live key, or null when the database is empty. Expired keys met on the way are reclaimed, as
    /// Redis's dbRandomKey does.
    /// </summary>
    public byte[]? RandomKey()
    {
        // O(1) expected per attempt (dictGetFairRandomKey). If every key is expired, each attempt removes one.
        // While expiry is paused nothing is removed, so when every key is volatile (all may be expired) a key is
        // returned after 100 tries anyway, as dbRandomKey does on replicas (Redis 7.0 loops forever there).
        int tries = 100;
        bool allVolatile = _expires.Count != 0 && _expires.Count == _dict.Count;
        while (_dict.TryGetRandomEntry(out byte[] key, out _))
        {
            if (_expires.Count == 0 || !ExpireIfNeeded(key))
            {
                return key;
            }
            if (allVolatile && ExpiryPaused?.Invoke() == true && --tries == 0)
            {
                return key;
            }
        }
        return null;
    }

    /// <summary>Every live key matching the glob <paramref name="pattern"/> (KEYS). Expired keys are skipped.</summary>
    public List<byte[]> Keys(ReadOnlySpan<byte> pattern)
    {
        bool all = pattern.Length == 1 && pattern[0] == (byte)'*';
        long now = NowMilliseconds;
        var result = new List<byte[]>();
        foreach (KeyTable<StoredValue>.Item entry in _dict)
        {
            ReadOnlySpan<byte> key = entry.Key;
            if (_expires.Count != 0 && _expires.TryGetValue(key, out long when) && IsExpired(when, now))
            {
                continue;
            }
            if (all || GlobMatcher.IsMatch(pattern, key))
            {
                result.Add(key.ToArray());
            }
        }
        return result;
    }

    /// <summary>The sum of the remaining times to live of volatile keys, for INFO's avg_ttl.</summary>
    public long AverageTtl()
    {
        if (_expires.Count == 0)
        {
            return 0;
        }
        long now = NowMilliseconds, total = 0;
        foreach (KeyTable<long>.Item entry in _expires)
        {
            total += Math.Max(0, entry.Value - now);
        }
        return total / _expires.Count;
    }

    /// <summary>
    /// db->expires_cursor: where the active expiry cycle resumes sampling the expires table (a SCAN cursor, so keys
    /// are neither skipped nor revisited early while the table is resized between cycles).
    /// </summary>
    public ulong ExpiresCursor { get; set; }

    /// <summary>Buckets of the main table (dictSlots(db->dict)), for MEMORY STATS.</summary>
    public long Slots => _dict.Slots;

    /// <summary>Buckets of the expires table (dictSlots(db->expires)): the active expiry cycle skips sparse tables.</summary>
    public long ExpiresSlots => _expires.Slots;

    /// <summary>
    /// One step of SCAN over the keyspace (dictScan on db->dict): appends the keys of the bucket(s) at
    /// <paramref name="cursor"/> to <paramref name="keys"/> (copies) and returns the next cursor, 0 when the iteration
    /// is done. Expired keys are included; the caller filters them (scanGenericCommand does, after matching).
    /// </summary>
    public ulong Scan(ulong cursor, List<byte[]> keys) =>
        _dict.Scan(cursor, static (list, key, ref _) => list.Add(key.ToArray()), keys);

    /// <summary>
    /// One step of the active expiry cycle's sampling (dictScan on db->expires, as activeExpireCycle does since
    /// Redis 7.2): counts the keys with a time to live in the bucket(s) at <paramref name="cursor"/> into
    /// <paramref name="sample"/>, adds copies of those already expired at its time, and returns the next cursor, 0
    /// after a full pass.
    /// </summary>
    public ulong SampleExpires(ulong cursor, ExpireSample sample) =>
        _expires.Scan(cursor, static (sample, key, ref when) =>
        {
            sample.Sampled++;
            if (sample.Now > when)
            {
                sample.Expired.Add(new(key.ToArray(), when));
            }
        }, sample);

    /// <summary>
    /// activeExpireCycleTryExpire: deletes <paramref name="key"/> (a key just sampled by <see cref="SampleExpires"/>,
    /// with expire time <paramref name="when"/>) if it has expired at <paramref name="now"/>, counting it like lazy
    /// expiry does. Returns true when it was deleted.
    /// </summary>
    public bool TryExpire(ReadOnlySpan<byte> key, long when, long now)
    {
        if (!IsExpired(when, now))
        {
            return false;
        }
        DeleteExpiredKey(key);
        return true;
    }

    /// <summary>
    /// incrementallyRehash (databasesCron in redis/redis src/server.c): spends up to <paramref name="milliseconds"/>
    /// moving buckets of the main table if it is rehashing, else of the expires table. Returns true when there was
    /// rehashing to do, so the cron can stop at this database for now.
    /// </summary>
    public bool RehashStep(int milliseconds)
    {
        if (_dict.IsRehashing)
        {
            _dict.RehashMilliseconds(milliseconds);
            return true;
        }
        if (_expires.IsRehashing)
        {
            _expires.RehashMilliseconds(milliseconds);
            return true;
        }
        return false;
    }

    /// <summary>
    /// keyIsExpired's comparison, <c>now &gt; when</c>: a key lives through its expire millisecond itself. Nothing
    /// expires while <see cref="Loading"/>.
    /// </summary>
    private bool IsExpired(long when, long now) => now > when && !Loading;

    /// <summary>
    /// server.loading as keyIsExpired and checkAlreadyExpired read it: while an append-only file is replayed, keys
    /// never expire and an expire time already past is stored rather than deleting the key, so the commands replay
    /// exactly as they first ran (the deletions that followed are in the file too).
    /// </summary>
    public bool Loading { get; set; }

    /// <summary>
    /// checkAlreadyExpired: true when an expire time being set (EXPIRE, GETEX EXAT, RESTORE ABSTTL) is already
    /// past, so the command deletes the key instead; never while <see cref="Loading"/>.
    /// </summary>
    public bool IsAlreadyExpired(long unixTimeMilliseconds) => unixTimeMilliseconds <= LiveMilliseconds && !Loading;

    /// <summary>
    /// The background save's hook: captures <paramref name="key"/> for the running <see cref="Snapshot"/> (if it
    /// exists and was not captured yet) before its value, expire time or presence changes, or replaces a string
    /// the save still shares with its writer by a copy. Every change, move or removal of a key calls it first; it
    /// does nothing unless a save is attached to this database.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void CaptureBeforeChange(ReadOnlySpan<byte> key)
    {
        if (Snapshot is not null)
        {
            CaptureKeyForSnapshot(key);
        }
    }

    /// <summary>The part of <see cref="CaptureBeforeChange"/> that runs only while a save is attached.</summary>
    private void CaptureKeyForSnapshot(ReadOnlySpan<byte> key)
    {
        ref StoredValue slot = ref _dict.GetValueRefOrNullRef(key);
        if (!Unsafe.IsNullRef(ref slot) && Snapshot!.CaptureKey(this, key, ref slot) is { } copy)
        {
            // Copy-on-write: the save keeps the string it shares with its writer, the key gets a private copy,
            // which the caller then finds (and may change) in its place.
            slot.SetObject(copy);
        }
    }

    /// <summary>dictScan over the main table with the values: the background save's walk (see <see cref="IncrementalSnapshot"/>).</summary>
    internal ulong ScanValues<TState>(ulong cursor, KeyTable<StoredValue>.ScanCallback<TState> callback, TState state) =>
        _dict.Scan(cursor, callback, state);

    /// <summary>
    /// deleteExpiredKeyAndPropagate: reports the key to <see cref="KeyExpired"/>, removes it from both tables (the
    /// value to the lazyfree thread under lazyfree-lazy-expire) and counts it for INFO expired_keys. Lazy and active expiry both end here, so each expiration counts once.
    /// </summary>
    private void DeleteExpiredKey(ReadOnlySpan<byte> key)
    {
        CaptureBeforeChange(key);
        KeyExpired?.Invoke(this, key);
        _expires.Remove(key);
        RemoveStored(key, out StoredValue removed);
        FreeRemoved(in removed, _lazyFree.LazyExpire);
        ExpiredKeys++;
    }

    // Sampling and lookups for eviction (performEvictions and evictionPoolPopulate in redis/redis src/evict.c).

    /// <summary>
    /// dictGetSomeKeys on the main table: up to <paramref name="destination"/>'s length of keys with their values as
    /// stored, expired or not.
    /// </summary>
    public int SampleKeys(Span<KeyValuePair<byte[], StoredValue>> destination) => _dict.GetSomeEntries(destination);

    /// <summary>dictGetSomeKeys on the expires table: up to <paramref name="destination"/>'s length of keys with their expire times.</summary>
    public int SampleVolatileKeys(Span<KeyValuePair<byte[], long>> destination) => _expires.GetSomeEntries(destination);

    /// <summary>
    /// dictFind on the main table: the stored value of <paramref name="key"/>, expired or not, without touching its
    /// access clock (a bare string is materialised).
    /// </summary>
    public RedisObject? FindStored(ReadOnlySpan<byte> key)
    {
        ref StoredValue slot = ref _dict.GetValueRefOrNullRef(key);
        return Unsafe.IsNullRef(ref slot) ? null : slot.Object ?? Materialize(ref slot);
    }

    /// <summary>dictFind on the main table: the access clock (robj.lru) of <paramref name="key"/>, expired or not; null when absent.</summary>
    public uint? FindStoredLru(ReadOnlySpan<byte> key)
    {
        ref StoredValue slot = ref _dict.GetValueRefOrNullRef(key);
        return Unsafe.IsNullRef(ref slot) ? null : slot.Lru;
    }

    /// <summary>dictGetRandomKey on the main table, or on the expires table when <paramref name="volatileOnly"/>: a stored key, or null when there is none.</summary>
    public byte[]? RandomStoredKey(bool volatileOnly)
    {
        if (volatileOnly)
        {
            return _expires.TryGetRandomEntryFast(out byte[] key, out _) ? key : null;
        }
        return _dict.TryGetRandomEntryFast(out byte[] stored, out _) ? stored : null;
    }

    // Every removal from the main table goes through here, so what was counted for the key and its value goes;
    // hands back the value as stored.
    private bool RemoveStored(ReadOnlySpan<byte> key, out StoredValue removed)
    {
        if (!_dict.Remove(key, out removed))
        {
            return false;
        }
        _storedBytes -= MemoryAccounting.Key(key.Length);
        Uncount(in removed);
        return true;
    }

    // dbGenericDelete's freeing of a removed value: handed to the lazyfree thread when lazy (which frees a big value
    // in the background), else simply dropped. A bare string has no object to hand over.
    private void FreeRemoved(in StoredValue removed, bool lazy)
    {
        if (lazy && removed.Object is { } value)
        {
            _lazyFree.FreeObject(value, EncodingLimits);
        }
    }

    // Subtracts what was counted for the value in a slot that is about to be removed or overwritten: the object as
    // counted, or a bare string's array (an inline one lives in the entry, counted with the table).
    private void Uncount(in StoredValue slot)
    {
        if (slot.Object is { } value)
        {
            UncountValue(value);
        }
        else
        {
            _storedBytes -= slot.BareHeapBytes;
        }
    }

    // Counts a value changed in place again: the difference from what was counted goes into MemoryBytes.
    private void Recount(RedisObject value)
    {
        uint words = Words(value.EstimatedBytes);
        _storedBytes += ((long)words - value.AccountedWords) * 8;
        value.AccountedWords = words;
    }

    // Adds a value just stored to MemoryBytes, remembering what was counted.
    private void CountValue(RedisObject value)
    {
        uint words = Words(value.EstimatedBytes);
        value.AccountedWords = words;
        _storedBytes += words * 8L;
    }

    // Subtracts what was counted for a value leaving the table; a value stored again is counted afresh.
    private void UncountValue(RedisObject value)
    {
        _storedBytes -= value.AccountedWords * 8L;
        value.AccountedWords = 0;
    }

    private static uint Words(long bytes) => (uint)Math.Min(uint.MaxValue, (bytes + 7) / 8);
}
