using System.Buffers;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Reactor.MiniRedis.Storage;

/// <summary>
/// The keyspace's hash table: Redis's dict (redis/redis src/dict.c) for binary-safe keys, with the three promises a
/// plain <see cref="Dictionary{TKey, TValue}"/> cannot keep. Growing never stalls the loop (rehashing is
/// incremental); SCAN's cursor returns every key present for the whole iteration at least once, even while the table
/// grows or shrinks; and a random key is found in O(1) expected time. Keys are binary-safe byte strings hashed by
/// <see cref="KeyComparer"/> and looked up straight from request spans; a key's bytes are copied only when it is
/// added, into the entry itself when short. Owned by the event-loop thread; no locks.
/// </summary>
/// <remarks>
/// <para><b>Layout.</b> No object per entry: entries are structs (a long key's array, the value, the hash, the next
/// link and a 24-byte key area: 48 bytes with an 8-byte value, as in the expires table, and 72 with the keyspace's
/// <see cref="StoredValue"/>) in a pool of fixed-size chunks, and a table is an array of bucket heads
/// (<c>int</c>s). A link is an entry's pool index plus one, so 0 means
/// "none" and zeroed memory is all empty buckets. Each bucket is a chain threaded through the entries' next links, as
/// in Dictionary's internals, and removed entries go on a free list threaded the same way. The pool grows one chunk at
/// a time and never moves existing entries, so growth copies nothing (the first chunk doubles up to full size, copying
/// at most one chunk); a reference returned by <see cref="GetValueRefOrAddDefault"/> stays valid until the next add.
/// Full-size chunks are rented from the shared array pool, to which the lazyfree thread returns a flushed
/// database's chunks (<see cref="Release"/>).</para>
/// <para><b>Short keys inline.</b> A key of up to <see cref="InlineCapacity"/> bytes (redis-benchmark's
/// <c>key:000000123456</c>, most real keys) is stored in the entry's key area, an <see cref="InlineSlot"/>: a length
/// byte, then the bytes, as <see cref="ListChunk"/> stores short list elements. A longer key keeps its own array, referenced from the entry,
/// and its length byte is <see cref="LongMarker"/>; a free slot's is <see cref="FreeMarker"/>. So a short key is no
/// object of its own: 24 bytes of entry instead of a 40-byte array, and one object fewer for the garbage collector to
/// copy, promote and mark (with a short string value held in the entry too, a key is no object at all). Lookups
/// compare the request's span with the entry's bytes once the hash matches. APIs that hand a key out give a span
/// of the entry where the consumer only reads it (<see cref="Scan"/>, the enumerator) and a fresh array where it
/// keeps it (random keys, samples: rare paths).</para>
/// <para><b>Large-object chunks and pages.</b> Pool chunks are 2,048 entries and bucket pages 32K buckets (128 KB),
/// both over the large object heap's 85,000-byte threshold on purpose: a large object is allocated straight into
/// the old generation and never copied, so the entries (with a short key and, in the keyspace, a short string value
/// inside them: see <see cref="StoredValue"/>) and the bucket heads are not promoted through the young generations by
/// compacting collections. With chunks and pages under the threshold, growing to 5 million keys stalled the loop
/// for 17-33 ms in each gen1 collection (which copies what it promotes, about 0.7 ms per MB), 8.7 ms with the
/// pages alone (BENCHMARKS.md, "Issue 6, session 8"). Bucket arrays are still split into pages, each allocated on
/// its first write (a missing page reads as empty buckets; a table smaller than a page gets a page of its own
/// size), and pages of the old table are dropped as the rehash passes them. So growing to 8M buckets is not one 32
/// MB large-object allocation, which the garbage collector was seen to answer with a blocking full collection (85-140
/// ms with 4M keys), but allocations of 128 KB spread over the inserts that touch them, as the pages of Redis's
/// calloc'd table are.</para>
/// <para><b>Two tables, incremental rehash</b> (dictExpand, dictRehash, _dictRehashStep). Table sizes are powers of two
/// and an entry's bucket is <c>hash &amp; (size - 1)</c>. The table grows to the next power of two above the count when
/// the count reaches the size (load factor 1, _dictExpandIfNeeded) and shrinks to the smallest power of two holding
/// the count when under 10% of it is used (htNeedsResize + dictResize in redis/redis src/server.c). Resizing only
/// allocates the new table's page directory and sets the rehash index; every later add, remove and lookup then moves one bucket
/// (visiting at most ten empty ones) from table 0 to table 1, and <see cref="RehashMilliseconds"/> lets the server cron
/// move more in idle time. Moving a bucket only relinks its entries by their stored hash; nothing is copied. While
/// rehashing, lookups search both tables, adds go to table 1, and buckets of table 0 below the rehash index are empty.
/// When table 0 is empty, table 1 takes its place.</para>
/// <para>The pool keeps its high-water mark (like Dictionary) until the table empties or is cleared, where Redis
/// frees entries one by one; the bucket arrays do shrink, which is what keeps sampling and SCAN cheap.</para>
/// </remarks>
public sealed class KeyTable<TValue>
{
    /// <summary>DICT_HT_INITIAL_SIZE: the smallest table.</summary>
    private const int InitialSize = 4;

    /// <summary>HASHTABLE_MIN_FILL: below this percentage of used buckets the table shrinks.</summary>
    private const int MinFillPercent = 10;

    /// <summary>The largest table: bucket arrays are indexed by int.</summary>
    private const int MaxSize = 1 << 30;

    /// <summary>GETFAIR_NUM_ENTRIES: how many entries <see cref="TryGetRandomEntry"/> samples to pick one fairly.</summary>
    private const int FairSampleSize = 15;

    /// <summary>The longest key stored in the entry itself; a longer one keeps its own array.</summary>
    internal const int InlineCapacity = InlineSlot.Capacity;

    /// <summary>The length byte of an entry whose key is in its own array.</summary>
    private const byte LongMarker = InlineSlot.LongMarker;

    /// <summary>The length byte of a free pool slot.</summary>
    private const byte FreeMarker = 0xFE;

    // Pool chunks of 2^11 entries: 147 KB for the keyspace's 72-byte entries (a long key's reference, the stored
    // value, the hash, the next link and the 24-byte inline key) and 96 KB for the expires table's 48-byte ones, both
    // over the large object heap threshold (85,000 bytes; see the remarks); the chunk directory stays small.
    private const int ChunkShift = 11;
    private const int ChunkSize = 1 << ChunkShift;
    private const int ChunkMask = ChunkSize - 1;

    // Bucket pages of 2^15 links (128 KB, a large object: see the remarks).
    private const int PageShift = 15;
    private const int PageSize = 1 << PageShift;
    private const int PageMask = PageSize - 1;

    private Entry[][] _chunks = [];
    private int _poolCount;       // pool slots handed out so far (free or live)
    private int _freeList;        // link of the first free slot, 0 when none
    private int _count;

    private Buckets _table0 = new(0); // size 0 until the first add, then a power of two
    private Buckets _table1 = new(0); // the rehash target; size 0 unless rehashing
    private int _rehashIndex = -1; // rehashidx: next bucket of table 0 to move, -1 when not rehashing
    private int _used0;           // entries in table 0 (all of them when not rehashing)
    private int _pauseRehash;     // dictPauseRehashing: > 0 while a scan runs its callback
    private int _version;         // bumped by adds and removes, so an enumeration can tell it was interrupted

    /// <summary>Entries stored.</summary>
    public int Count => _count;

    /// <summary>Buckets in both tables (dictSlots): how sparse the table is, for sampling decisions.</summary>
    public long Slots => (long)_table0.Size + _table1.Size;

    /// <summary>
    /// Bytes of one entry slot (long key and value references, hash, next link, inline key), for MEMORY USAGE and
    /// MEMORY STATS.
    /// </summary>
    internal static int EntrySize => Unsafe.SizeOf<Entry>();

    /// <summary>True while entries are being moved from the old table to the new one.</summary>
    public bool IsRehashing => _rehashIndex >= 0;

    /// <summary>Finds the value of <paramref name="key"/>. Moves one bucket if a rehash is under way (dictFind).</summary>
    public bool TryGetValue(ReadOnlySpan<byte> key, out TValue value)
    {
        int link = FindLink(key);
        if (link == 0)
        {
            value = default!;
            return false;
        }
        value = At(link - 1).Value;
        return true;
    }

    /// <summary>
    /// Finds the value of <paramref name="key"/> and the array the table stores it in when it is long (null when it
    /// is stored inline), so that another table can share that array (<see cref="GetValueRefOrAddShared"/>).
    /// </summary>
    public bool TryGetValue(ReadOnlySpan<byte> key, out byte[]? longKey, out TValue value)
    {
        int link = FindLink(key);
        if (link == 0)
        {
            longKey = null;
            value = default!;
            return false;
        }
        ref Entry entry = ref At(link - 1);
        longKey = entry.LongKey;
        value = entry.Value;
        return true;
    }

    /// <summary>
    /// The value slot of <paramref name="key"/>, or a null reference when it is absent (test with
    /// <see cref="Unsafe.IsNullRef{T}(ref readonly T)"/>): CollectionsMarshal.GetValueRefOrNullRef for this table. The
    /// reference is valid until the next add or remove. Moves one bucket if a rehash is under way.
    /// </summary>
    public ref TValue GetValueRefOrNullRef(ReadOnlySpan<byte> key)
    {
        int link = FindLink(key);
        if (link == 0)
        {
            return ref Unsafe.NullRef<TValue>();
        }
        return ref At(link - 1).Value;
    }

    /// <summary>True when <paramref name="key"/> is present.</summary>
    public bool ContainsKey(ReadOnlySpan<byte> key) => FindLink(key) != 0;

    /// <summary>
    /// Returns a reference to the value slot of <paramref name="key"/>, adding the key (a copy of its bytes) with a
    /// default value when it is new. The reference is valid until the next add; rehashing does not move entries.
    /// </summary>
    public ref TValue? GetValueRefOrAddDefault(ReadOnlySpan<byte> key, out bool exists) =>
        ref FindOrAdd(key, null, out exists);

    /// <summary>
    /// Like <see cref="GetValueRefOrAddDefault"/>, but a new entry for a long key takes <paramref name="longKey"/>
    /// (an array holding the same bytes as <paramref name="key"/>, or null) instead of a copy, so two tables can
    /// share one key array (the expires table shares the main table's long keys, as Redis shares the sds; short
    /// keys are copied inline either way). The caller must not change the array afterwards.
    /// </summary>
    public ref TValue? GetValueRefOrAddShared(ReadOnlySpan<byte> key, byte[]? longKey, out bool exists) =>
        ref FindOrAdd(key, longKey, out exists);

    /// <summary>Adds <paramref name="key"/> (a copy of its bytes) with <paramref name="value"/> when absent. Returns whether it was added.</summary>
    public bool TryAdd(ReadOnlySpan<byte> key, TValue value)
    {
        ref TValue? slot = ref FindOrAdd(key, null, out bool exists);
        if (exists)
        {
            return false;
        }
        slot = value;
        return true;
    }

    /// <summary>Removes <paramref name="key"/>. Returns false when it was absent.</summary>
    public bool Remove(ReadOnlySpan<byte> key) => Remove(key, out _);

    /// <summary>
    /// Removes <paramref name="key"/>, handing back the value (dictUnlink). Returns false when it was absent. May
    /// start shrinking the table.
    /// </summary>
    public bool Remove(ReadOnlySpan<byte> key, out TValue value)
    {
        if (_count != 0)
        {
            RehashStep();
            uint hash = Hash(key);
            for (int t = 0; t < 2; t++)
            {
                Buckets table = t == 0 ? _table0 : _table1;
                int bucket = (int)(hash & table.Mask);
                int[]? page = table.PageOf(bucket);
                if (page is null)
                {
                    if (!IsRehashing)
                    {
                        break;
                    }
                    continue;
                }
                ref int link = ref page[bucket & PageMask];
                while (link != 0)
                {
                    int index = link - 1;
                    ref Entry entry = ref At(index);
                    if (entry.Hash == hash && key.SequenceEqual(entry.Key))
                    {
                        value = entry.Value;
                        link = entry.Next;
                        FreeEntry(index);
                        if (t == 0)
                        {
                            _used0--;
                        }
                        _count--;
                        _version++;
                        AfterRemove();
                        return true;
                    }
                    link = ref entry.Next;
                }
                if (!IsRehashing)
                {
                    break;
                }
            }
        }
        value = default!;
        return false;
    }

    /// <summary>Removes every entry and frees the tables and the pool (dictEmpty).</summary>
    public void Clear()
    {
        _chunks = [];
        _poolCount = 0;
        _freeList = 0;
        _count = 0;
        _table0 = new Buckets(0);
        _table1 = new Buckets(0);
        _rehashIndex = -1;
        _used0 = 0;
        _version++;
    }

    /// <summary>
    /// Tears down a table nothing else references any more (a flushed database's, on the lazyfree thread): hands
    /// every value to <paramref name="onValue"/>, then clears every entry chunk (dropping the references it holds)
    /// and returns the full-size ones to the shared pool that <see cref="GrowPool"/> rents from. O(entries). The
    /// table is empty afterwards.
    /// </summary>
    internal void Release(Action<TValue>? onValue)
    {
        Entry[][] chunks = _chunks;
        int poolCount = _poolCount;
        Clear();
        for (int c = 0; c < chunks.Length && c << ChunkShift < poolCount; c++)
        {
            Entry[]? chunk = chunks[c];
            if (chunk is null)
            {
                continue;
            }
            int used = Math.Min(chunk.Length, poolCount - (c << ChunkShift));
            if (onValue is not null)
            {
                for (int i = 0; i < used; i++)
                {
                    if (chunk[i].IsLive)
                    {
                        onValue(chunk[i].Value);
                    }
                }
            }
            Array.Clear(chunk, 0, used);
            if (chunk.Length == ChunkSize)
            {
                ArrayPool<Entry>.Shared.Return(chunk);
            }
        }
    }

    /// <summary>
    /// dictGetFairRandomKey: a random entry (its key a fresh array), or false when the table is empty. Samples up to
    /// 15 entries from a random spot (dictGetSomeKeys) and picks one of them, which is fairer than one random bucket
    /// when chains differ in length; falls back to <see cref="TryGetRandomEntryFast"/> when the sample comes back empty. O(1) expected
    /// while the table is at least 10% full, which the shrink rule keeps it.
    /// </summary>
    public bool TryGetRandomEntry(out byte[] key, out TValue value)
    {
        Span<int> sample = stackalloc int[FairSampleSize];
        int found = SampleIndices(sample);
        if (found == 0)
        {
            return TryGetRandomEntryFast(out key, out value);
        }
        ref Entry entry = ref At(sample[Random.Shared.Next(found)]);
        key = entry.KeyArray();
        value = entry.Value;
        return true;
    }

    /// <summary>
    /// dictGetRandomKey: a random entry (its key a fresh array), or false when the table is empty. Picks random
    /// buckets until one is not empty (while rehashing, only among buckets that can hold entries: table 0 from the rehash index on, and all of
    /// table 1), then a random entry of its chain. Entries in short chains are a little more likely.
    /// </summary>
    public bool TryGetRandomEntryFast(out byte[] key, out TValue value)
    {
        if (_count == 0)
        {
            key = [];
            value = default!;
            return false;
        }
        RehashStep();
        int head;
        if (IsRehashing)
        {
            int size0 = _table0.Size;
            int slots = size0 + _table1.Size;
            do
            {
                // Buckets of table 0 below the rehash index are empty.
                int h = _rehashIndex + Random.Shared.Next(slots - _rehashIndex);
                head = h >= size0 ? _table1.Head(h - size0) : _table0.Head(h);
            }
            while (head == 0);
        }
        else
        {
            int mask = (int)_table0.Mask;
            do
            {
                head = _table0.Head(Random.Shared.Next() & mask);
            }
            while (head == 0);
        }

        // A random entry of the chain: count it, then walk to a random position.
        int length = 0;
        for (int link = head; link != 0; link = At(link - 1).Next)
        {
            length++;
        }
        int chosen = head;
        for (int skip = Random.Shared.Next(length); skip > 0; skip--)
        {
            chosen = At(chosen - 1).Next;
        }
        ref Entry entry = ref At(chosen - 1);
        key = entry.KeyArray();
        value = entry.Value;
        return true;
    }

    /// <summary>
    /// dictGetSomeKeys: fills <paramref name="destination"/> with up to its length of distinct entries taken from
    /// consecutive buckets at a random spot, for eviction and expiry sampling. Not uniform, and it may return fewer
    /// than asked (even none) when the table is sparse; it does at most ten bucket visits per entry asked for. The
    /// keys are fresh arrays (short keys) or the stored arrays (long keys).
    /// </summary>
    public int GetSomeEntries(Span<KeyValuePair<byte[], TValue>> destination)
    {
        Span<int> indices = destination.Length <= 64 ? stackalloc int[destination.Length] : new int[destination.Length];
        int found = SampleIndices(indices);
        for (int i = 0; i < found; i++)
        {
            ref Entry entry = ref At(indices[i]);
            destination[i] = new KeyValuePair<byte[], TValue>(entry.KeyArray(), entry.Value);
        }
        return found;
    }

    /*
     * SCAN (dictScan): the reverse-binary cursor and why it returns every key present for the whole iteration
     * although the table may be resized between calls are explained in ScanCursor.cs.
     *
     * While rehashing, both tables hold entries. Each call visits the cursor's bucket in the smaller table and then
     * every bucket of the larger table that it expands to (the cursor's low bits fixed, the extra high bits counting up
     * in reverse binary), so the two tables are always covered in matching sets, whichever direction the rehash goes.
     *
     * Rehashing is paused while the callback runs (dictPauseRehashing): a lookup made by the callback would otherwise
     * move the bucket being walked. The callback must not add or remove entries. It gets a view of the key in the
     * entry, valid only during the call: a consumer that keeps the key copies it.
     */

    /// <summary>The callback of <see cref="Scan"/>: one entry, its key a view valid only during the call.</summary>
    /// <remarks>The value is the entry's own slot, so a callback may update it in place (the background save marks
    /// what it captured); it must not keep the reference.</remarks>
    public delegate void ScanCallback<TState>(TState state, ReadOnlySpan<byte> key, ref TValue value);

    /// <summary>
    /// dictScan: calls <paramref name="callback"/> with <paramref name="state"/> for every entry in the bucket(s) at
    /// <paramref name="cursor"/> and returns the next cursor, 0 when the iteration is complete. Start with cursor 0.
    /// Every entry present from the first call to the last is reported at least once; entries may be reported more
    /// than once if the table shrinks between calls. The callback may look entries up but must not add or remove any.
    /// </summary>
    public ulong Scan<TState>(ulong cursor, ScanCallback<TState> callback, TState state)
    {
        if (_count == 0)
        {
            return 0;
        }
        _pauseRehash++;
        try
        {
            ulong v = cursor;
            if (!IsRehashing)
            {
                ulong mask = _table0.Mask;
                EmitBucket(_table0.Head((int)(v & mask)), callback, state);
                v = ScanCursor.Next(v, mask);
            }
            else
            {
                Buckets small = _table0, large = _table1;
                if (small.Size > large.Size)
                {
                    (small, large) = (large, small);
                }
                ulong smallMask = small.Mask, largeMask = large.Mask;
                EmitBucket(small.Head((int)(v & smallMask)), callback, state);
                // The buckets of the larger table that are the expansion of the smaller table's bucket.
                do
                {
                    EmitBucket(large.Head((int)(v & largeMask)), callback, state);
                    v = ScanCursor.Next(v, largeMask);
                }
                while ((v & (smallMask ^ largeMask)) != 0);
            }
            return v;
        }
        finally
        {
            _pauseRehash--;
        }
    }

    /// <summary>
    /// dictRehash: moves up to <paramref name="buckets"/> non-empty buckets from the old table to the new one, visiting
    /// at most ten times as many empty ones. Returns true while there is more to move. Does nothing while a scan
    /// callback runs.
    /// </summary>
    public bool Rehash(int buckets)
    {
        if (!IsRehashing || _pauseRehash > 0)
        {
            return false;
        }
        int emptyVisits = buckets * 10;
        Buckets table0 = _table0, table1 = _table1;
        uint mask1 = table1.Mask;
        while (buckets-- > 0 && _used0 != 0)
        {
            // The rehash index cannot run off the end: table 0 still holds _used0 entries.
            int link;
            while ((link = table0.Head(_rehashIndex)) == 0)
            {
                AdvanceRehashIndex(table0);
                if (--emptyVisits == 0)
                {
                    return true;
                }
            }
            // Relink every entry of this bucket into its bucket of the new table.
            table0.HeadRef(_rehashIndex) = 0;
            while (link != 0)
            {
                ref Entry entry = ref At(link - 1);
                int next = entry.Next;
                ref int head = ref table1.HeadRef((int)(entry.Hash & mask1));
                entry.Next = head;
                head = link;
                _used0--;
                link = next;
            }
            AdvanceRehashIndex(table0);
        }
        if (_used0 != 0)
        {
            return true;
        }
        // Everything moved: the new table becomes table 0.
        _table0 = table1;
        _table1 = new Buckets(0);
        _rehashIndex = -1;
        _used0 = _count;
        ShrinkIfSparse(); // removes made while rehashing may have left it sparse
        return false;
    }

    /// <summary>
    /// dictRehashMilliseconds: rehashes 100 buckets at a time until done or until <paramref name="milliseconds"/>
    /// have passed; the server cron calls it so that an idle server finishes a rehash without waiting for traffic.
    /// Returns the number of bucket moves attempted (a multiple of 100), 0 when there was nothing to do.
    /// </summary>
    public int RehashMilliseconds(int milliseconds)
    {
        if (_pauseRehash > 0)
        {
            return 0;
        }
        long start = Stopwatch.GetTimestamp();
        int rehashes = 0;
        while (Rehash(100))
        {
            rehashes += 100;
            if (Stopwatch.GetElapsedTime(start).TotalMilliseconds > milliseconds)
            {
                break;
            }
        }
        return rehashes;
    }

    /// <summary>Enumerates every entry in pool order (not bucket order). Adding or removing during the enumeration throws.</summary>
    public Enumerator GetEnumerator() => new(this);

    /// <summary>
    /// An enumerator over the entries; lookups (and the rehash steps they make) do not disturb it. The current key
    /// is a view of the entry's bytes (no copy), valid until the next add or remove.
    /// </summary>
    public struct Enumerator
    {
        private readonly KeyTable<TValue> _table;
        private readonly int _version;
        private int _index;

        internal Enumerator(KeyTable<TValue> table)
        {
            _table = table;
            _version = table._version;
            _index = -1;
        }

        /// <summary>The current key (a view of the stored bytes) and value.</summary>
        public readonly Item Current
        {
            get
            {
                ref Entry entry = ref _table.At(_index);
                return new Item(entry.Key, ref entry.Value);
            }
        }

        /// <summary>Moves to the next live entry of the pool.</summary>
        public bool MoveNext()
        {
            if (_version != _table._version)
            {
                throw new InvalidOperationException("The table was modified during the enumeration.");
            }
            while (++_index < _table._poolCount)
            {
                if (_table.At(_index).IsLive)
                {
                    return true;
                }
            }
            return false;
        }
    }

    /// <summary>An entry as the enumerator shows it: a view of its key's bytes, and its value slot.</summary>
    public readonly ref struct Item
    {
        private readonly ref TValue _value;

        internal Item(ReadOnlySpan<byte> key, ref TValue value)
        {
            Key = key;
            _value = ref value;
        }

        /// <summary>The key's bytes, as stored: valid until the next add or remove.</summary>
        public ReadOnlySpan<byte> Key { get; }

        /// <summary>The value, the entry's own slot: valid until the next add or remove.</summary>
        public ref TValue Value => ref _value;
    }

    /// <summary>
    /// Finds <paramref name="key"/> and returns its value slot, or adds it (dictAddRaw): a short key is copied into
    /// the entry; a long one is <paramref name="longKey"/> when given, else a copy of the span. Grows the table first
    /// when it is full.
    /// </summary>
    private ref TValue? FindOrAdd(ReadOnlySpan<byte> key, byte[]? longKey, out bool exists)
    {
        uint hash = Hash(key);
        int link = _count == 0 ? 0 : FindLink(key, hash);
        if (link != 0)
        {
            exists = true;
            return ref At(link - 1).Value!;
        }
        exists = false;
        ExpandIfNeeded();
        int index = AllocateEntry();
        ref Entry entry = ref At(index);
        entry.SetKey(key, longKey);
        entry.Hash = hash;
        entry.Value = default!;
        // While rehashing, new entries go to the new table so the old one only ever empties.
        Buckets table = IsRehashing ? _table1 : _table0;
        ref int head = ref table.HeadRef((int)(hash & table.Mask));
        entry.Next = head;
        head = index + 1;
        if (!IsRehashing)
        {
            _used0++;
        }
        _count++;
        _version++;
        return ref entry.Value!;
    }

    /// <summary>The link of <paramref name="key"/>, or 0. Makes one rehash step first, as dictFind does.</summary>
    private int FindLink(ReadOnlySpan<byte> key)
    {
        if (_count == 0)
        {
            return 0;
        }
        return FindLink(key, Hash(key));
    }

    private int FindLink(ReadOnlySpan<byte> key, uint hash)
    {
        RehashStep();
        int found = FindInChain(_table0.Head((int)(hash & _table0.Mask)), key, hash);
        if (found == 0 && IsRehashing)
        {
            found = FindInChain(_table1.Head((int)(hash & _table1.Mask)), key, hash);
        }
        return found;
    }

    /// <summary>
    /// The first half of a lookup made ahead of time, for a batch of keys (memory_prefetch.c's PREFETCH_BUCKET step):
    /// starts loading the bucket <paramref name="hash"/> falls in, in both tables while rehashing, and returns at
    /// once. Read nothing from the bucket before the whole batch has been prefetched, so that the misses overlap.
    /// </summary>
    public void PrefetchBucket(uint hash)
    {
        PrefetchBucket(_table0, hash);
        if (IsRehashing)
        {
            PrefetchBucket(_table1, hash);
        }
    }

    /// <summary>
    /// The second half (its PREFETCH_ENTRY step): reads the bucket, loaded by <see cref="PrefetchBucket"/> meanwhile,
    /// and starts loading the first entry of its chain, whose key the lookup compares.
    /// </summary>
    public void PrefetchEntry(uint hash)
    {
        PrefetchEntry(_table0, hash);
        if (IsRehashing)
        {
            PrefetchEntry(_table1, hash);
        }
    }

    /// <summary>
    /// The value in the first entry of the bucket <paramref name="hash"/> falls in (table 1's while rehashing, if
    /// there is one), or a null reference: for the third step of a prefetch, which guesses that the key is the first
    /// in its chain (as it mostly is at load factor 1) and does not compare keys.
    /// </summary>
    public ref TValue FirstValueInBucket(uint hash)
    {
        int link = IsRehashing ? FirstLink(_table1, hash) : 0;
        if (link == 0)
        {
            link = FirstLink(_table0, hash);
        }
        return ref link == 0 ? ref Unsafe.NullRef<TValue>() : ref At(link - 1).Value;
    }

    /// <summary>The hash a lookup of <paramref name="key"/> uses, for <see cref="PrefetchBucket"/> and <see cref="PrefetchEntry"/>.</summary>
    public static uint HashOf(ReadOnlySpan<byte> key) => Hash(key);

    private static void PrefetchBucket(Buckets table, uint hash)
    {
        int bucket = (int)(hash & table.Mask);
        if (table.Size != 0 && table.PageOf(bucket) is { } page)
        {
            CacheLine.Prefetch(in page[bucket & PageMask]);
        }
    }

    private void PrefetchEntry(Buckets table, uint hash)
    {
        if (FirstLink(table, hash) is var link and not 0)
        {
            CacheLine.PrefetchStruct(in At(link - 1));
        }
    }

    // The head link of the bucket hash falls in, 0 when the bucket (or the table) is empty.
    private static int FirstLink(Buckets table, uint hash) => table.Size == 0 ? 0 : table.Head((int)(hash & table.Mask));

    /// <summary>The link of the entry for <paramref name="key"/> in the chain starting at <paramref name="link"/>, or 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int FindInChain(int link, ReadOnlySpan<byte> key, uint hash)
    {
        while (link != 0)
        {
            ref Entry entry = ref At(link - 1);
            if (entry.Hash == hash && key.SequenceEqual(entry.Key))
            {
                return link;
            }
            link = entry.Next;
        }
        return 0;
    }

    /// <summary>
    /// Moves the rehash index past a bucket of table 0 that is now empty for good, dropping each page of table 0 once
    /// the index has left it, so a shrinking or growing table gives memory back while it rehashes.
    /// </summary>
    private void AdvanceRehashIndex(Buckets table0)
    {
        _rehashIndex++;
        if ((_rehashIndex & PageMask) == 0)
        {
            table0.DropPage((_rehashIndex - 1) >> PageShift);
        }
    }

    /// <summary>_dictRehashStep: one bucket, done by every add, remove and lookup while a rehash is under way.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void RehashStep()
    {
        if (_rehashIndex >= 0)
        {
            Rehash(1);
        }
    }

    /// <summary>_dictExpandIfNeeded: creates the first table, or grows when the count has reached the size (load factor 1).</summary>
    private void ExpandIfNeeded()
    {
        if (IsRehashing)
        {
            return;
        }
        if (_table0.Size == 0)
        {
            _table0 = new Buckets(InitialSize);
        }
        else if (_used0 >= _table0.Size && _table0.Size < MaxSize)
        {
            StartResize(_used0 + 1);
        }
    }

    /// <summary>
    /// After a remove: an empty table gives its pool back (every slot is free, so nothing links into it); otherwise
    /// the table shrinks if it became sparse.
    /// </summary>
    private void AfterRemove()
    {
        if (_count == 0)
        {
            _chunks = [];
            _poolCount = 0;
            _freeList = 0;
        }
        ShrinkIfSparse();
    }

    /// <summary>htNeedsResize + dictResize: shrinks to the smallest power of two holding the count when under 10% is used.</summary>
    private void ShrinkIfSparse()
    {
        if (!IsRehashing && _table0.Size > InitialSize && (long)_count * 100 / _table0.Size < MinFillPercent)
        {
            StartResize(Math.Max(_count, InitialSize));
        }
    }

    /// <summary>
    /// dictExpand: allocates a table of the smallest power of two ≥ <paramref name="minimum"/> and starts moving
    /// entries into it. Only the allocation happens now; the moving is spread over later operations.
    /// </summary>
    private void StartResize(int minimum)
    {
        int size = (int)Math.Min(MaxSize, BitOperations.RoundUpToPowerOf2((uint)minimum));
        if (size == _table0.Size)
        {
            return;
        }
        _table1 = new Buckets(size);
        _rehashIndex = 0;
    }

    /// <summary>Emits every entry of the chain starting at <paramref name="link"/>.</summary>
    private void EmitBucket<TState>(int link, ScanCallback<TState> callback, TState state)
    {
        while (link != 0)
        {
            ref Entry entry = ref At(link - 1);
            int next = entry.Next;
            callback(state, entry.Key, ref entry.Value);
            link = next;
        }
    }

    /// <summary>
    /// The sampling walk of dictGetSomeKeys: pool indices of up to <paramref name="destination"/>'s length of
    /// entries, from consecutive buckets of both tables starting at a random spot, jumping elsewhere after a run of
    /// empty buckets. Makes rehash steps proportional to the count first.
    /// </summary>
    private int SampleIndices(Span<int> destination)
    {
        int count = Math.Min(destination.Length, _count);
        if (count == 0)
        {
            return 0;
        }
        for (int j = 0; j < count && IsRehashing; j++)
        {
            RehashStep();
        }
        int tables = IsRehashing ? 2 : 1;
        int maxSizeMask = (int)_table0.Mask;
        if (tables == 2)
        {
            maxSizeMask = Math.Max(maxSizeMask, (int)_table1.Mask);
        }
        int i = Random.Shared.Next() & maxSizeMask;
        int emptyLength = 0, stored = 0;
        for (long maxSteps = (long)count * 10; stored < count && maxSteps > 0; maxSteps--)
        {
            for (int t = 0; t < tables; t++)
            {
                // Buckets of table 0 below the rehash index are empty: skip them, and if the index is also past the
                // end of table 1 (shrinking), jump to the rehash index where entries are.
                if (tables == 2 && t == 0 && i < _rehashIndex)
                {
                    if (i >= _table1.Size)
                    {
                        i = _rehashIndex;
                    }
                    else
                    {
                        continue;
                    }
                }
                Buckets table = t == 0 ? _table0 : _table1;
                if (i >= table.Size)
                {
                    continue;
                }
                int link = table.Head(i);
                if (link == 0)
                {
                    // A run of empty buckets as long as the count (at least 5): try elsewhere.
                    emptyLength++;
                    if (emptyLength >= 5 && emptyLength > count)
                    {
                        i = Random.Shared.Next() & maxSizeMask;
                        emptyLength = 0;
                    }
                    continue;
                }
                emptyLength = 0;
                while (link != 0)
                {
                    destination[stored++] = link - 1;
                    if (stored == count)
                    {
                        return stored;
                    }
                    link = At(link - 1).Next;
                }
            }
            i = (i + 1) & maxSizeMask;
        }
        return stored;
    }

    /// <summary>Takes a slot from the free list, or the next never-used slot of the pool (adding a chunk when needed).</summary>
    private int AllocateEntry()
    {
        if (_freeList != 0)
        {
            int free = _freeList - 1;
            _freeList = At(free).Next;
            return free;
        }
        int index = _poolCount;
        int chunk = index >> ChunkShift;
        if (chunk >= _chunks.Length || _chunks[chunk] is null || (index & ChunkMask) >= _chunks[chunk].Length)
        {
            GrowPool(chunk);
        }
        _poolCount++;
        return index;
    }

    /// <summary>
    /// Makes room for the next slot, in chunk <paramref name="chunk"/>: the first chunk doubles (4, 8, ... up to a full
    /// chunk) so small tables stay small; later chunks are allocated full size and never copied.
    /// </summary>
    private void GrowPool(int chunk)
    {
        if (chunk >= _chunks.Length)
        {
            Array.Resize(ref _chunks, Math.Max(1, _chunks.Length * 2));
        }
        Entry[]? current = _chunks[chunk];
        if (current is null)
        {
            // Full-size chunks come from the shared pool, where the lazyfree thread returns a flushed table's chunks
            // (see Release); only this type's chunks are in that pool, always returned cleared.
            _chunks[chunk] = chunk == 0 ? new Entry[InitialSize] : ArrayPool<Entry>.Shared.Rent(ChunkSize);
        }
        else
        {
            Array.Resize(ref _chunks[chunk], Math.Min(ChunkSize, current.Length * 2));
        }
    }

    /// <summary>Clears a removed entry (so the garbage collector can take its key and value) and puts it on the free list.</summary>
    private void FreeEntry(int index)
    {
        ref Entry entry = ref At(index);
        entry.LongKey = null;
        entry.Inline[0] = FreeMarker;
        entry.Value = default!;
        entry.Next = _freeList;
        _freeList = index + 1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref Entry At(int index) => ref _chunks[index >> ChunkShift][index & ChunkMask];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Hash(ReadOnlySpan<byte> key) => (uint)KeyComparer.Instance.GetHashCode(key);

    /// <summary>
    /// One table's bucket heads, in pages of <see cref="PageSize"/> links allocated on first write (a missing page is
    /// all empty buckets). A table smaller than a page is one page of its own size.
    /// </summary>
    private readonly struct Buckets
    {
        private readonly int[]?[] _pages;

        public Buckets(int size)
        {
            Size = size;
            _pages = size == 0 ? [] : new int[]?[(size + PageMask) >> PageShift];
        }

        /// <summary>Buckets in the table: 0 or a power of two.</summary>
        public int Size { get; }

        /// <summary>Size - 1: a hash's bucket is hash &amp; Mask.</summary>
        public uint Mask => (uint)Size - 1;

        /// <summary>The head link of <paramref name="bucket"/>, 0 when empty.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int Head(int bucket)
        {
            int[]? page = _pages[bucket >> PageShift];
            return page is null ? 0 : page[bucket & PageMask];
        }

        /// <summary>The head link slot of <paramref name="bucket"/>, allocating its page if needed.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public ref int HeadRef(int bucket)
        {
            ref int[]? page = ref _pages[bucket >> PageShift];
            page ??= new int[Math.Min(Size, PageSize)];
            return ref page[bucket & PageMask];
        }

        /// <summary>The page holding <paramref name="bucket"/>, or null when none of its buckets was ever written.</summary>
        public int[]? PageOf(int bucket) => _pages[bucket >> PageShift];

        /// <summary>Frees page <paramref name="page"/>; only for pages whose buckets are all empty for good.</summary>
        public void DropPage(int page) => _pages[page] = null;
    }

    /// <summary>
    /// One pool slot: a live entry or a free one (length byte <see cref="FreeMarker"/>, Next links the free list).
    /// A slot past the pool's count is zeroed, never read.
    /// </summary>
    private struct Entry
    {
        public byte[]? LongKey;  // the key when longer than InlineCapacity, else null
        public TValue Value;
        public uint Hash;
        public int Next;
        public InlineSlotBytes Inline; // [0]: the key's length, LongMarker or FreeMarker; then a short key's bytes

        public readonly bool IsLive => Inline[0] != FreeMarker;

        /// <summary>The key's bytes: a view of the inline area, or the long key's array.</summary>
        [UnscopedRef]
        public readonly ReadOnlySpan<byte> Key
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => InlineSlot.Read(Inline, LongKey);
        }

        /// <summary>The key as an array of its own: the long key's array, or a copy of the inline bytes.</summary>
        public readonly byte[] KeyArray() => LongKey ?? Key.ToArray();

        /// <summary>Stores <paramref name="key"/>: inline when short, else <paramref name="longKey"/> or a copy.</summary>
        public void SetKey(ReadOnlySpan<byte> key, byte[]? longKey) => LongKey = InlineSlot.Store(Inline, key, longKey);
    }
}
