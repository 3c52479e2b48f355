using System.Buffers;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Reactor.MiniRedis.Storage;

/// <summary>
/// The dictionary behind hashes, sets and sorted sets: binary-safe keys (found straight from request spans) with
/// their values, in a hash table whose entries are also kept dense, so entry <c>i</c> can be read by position. The
/// positions give what Redis's dict gets from its buckets (dictGetRandomKey for SPOP, SRANDMEMBER, HRANDFIELD) in
/// O(1) and cheap ordered iteration for HGETALL and SMEMBERS; the buckets give SSCAN, HSCAN and ZSCAN the cursor
/// guarantee of dictScan. Owned by the event-loop thread; no locks.
/// </summary>
/// <remarks>
/// <para><b>Layout.</b> Entry structs (key, value, hash, next link) whose first <see cref="Count"/> slots are in use,
/// and bucket heads for the same power-of-two number of slots (the capacity), so the load factor never goes above 1
/// (Redis's dict_force_resize_ratio aside). A link is an entry's position plus one, 0 meaning "none"; a bucket's chain
/// is threaded through the entries' next links, and an entry's bucket is <c>hash &amp; (capacity - 1)</c>. The
/// capacity doubles when full and, as Redis's dict, shrinks to the smallest power of two holding the entries when under
/// 10% full; a resize relinks every entry by its stored hash (the key bytes are not hashed again). The key bytes are
/// copied once, when the key is added.</para>
/// <para><b>Short keys inline</b> (as <see cref="KeyTable{TValue}"/> keeps the keyspace's keys). A key of up to
/// <see cref="InlineKeyCapacity"/> bytes (redis-benchmark's <c>element:000000123456</c>, most real members and
/// fields) is stored in its entry's key area, an <see cref="InlineSlot"/>; a longer key keeps its own array,
/// referenced from the entry. Profiling SADD and HSET into 632K-member collections showed three dependent cache
/// misses per lookup (the bucket head, the entry, then the key's array for the byte comparison), the last one
/// about a sixth of the command's time and most of the cost of a hit; with the key in the entry, a hit compares
/// the bytes it has just loaded with the hash. A short key is also no object of its own: 24 more bytes of entry
/// instead of a 32- to 48-byte array, and no array to allocate per added member, nor for the collector to copy
/// and promote. Keys are handed out as spans of the entry (<see cref="KeySpanAt"/>) where the consumer only reads
/// them; <see cref="KeyAt"/> and <see cref="Scan{TState}"/> give a short key as a fresh array (rare paths, and
/// the ones that keep the key).</para>
/// <para><b>No big allocations, and chunks the collector never copies</b> (as the keyspace's
/// <see cref="KeyTable{TValue}"/>). Up to <see cref="ChunkSize"/> slots the entries are one array and the buckets
/// another, exactly as small as before (a small dictionary costs nothing extra). Above it the dictionary is
/// <i>paged</i>: entries live in chunks of <see cref="ChunkSize"/> slots (96 KB for the 48-byte entries of sets and
/// sorted sets, 144 KB for hashes', whose values are inline too: see <see cref="SlotString"/>) and buckets in pages of
/// up to <see cref="PageSize"/> links (128 KB), with a small directory of each. Position <c>i</c> is chunk
/// <c>i / ChunkSize</c>, slot <c>i % ChunkSize</c>: still O(1). A chunk is allocated when its first entry is added.
/// So growing never copies an entry once paged (a doubling allocates the directories and fresh bucket pages and
/// re-threads the chains into them), and no single array grows past a chunk or a page: only the directories grow,
/// and they stay small (8M entries need a 32 KB chunk directory).</para>
/// <para>Chunks and pages are over the large object heap's 85,000-byte threshold on purpose, as KeyTable's are. A
/// large object is allocated straight into the old generation and never copied. Under the threshold, a set, hash
/// and sorted set each growing to 632K members (redis-benchmark's SADD, HSET, ZADD at <c>-r 1000000</c>) took six
/// gen1 collections to promote their chunks, pausing the loop for 2 to 2.7 ms each (about 30 MB promoted), and for
/// 12 to 15 ms when one compacted them. As large objects they count against the large object budget instead, which
/// ends in background gen2 collections pausing the loop for about a millisecond (BENCHMARKS.md, "Issue 6, session
/// 11").</para>
/// <para><b>Removing.</b> <see cref="Remove"/> either moves the last entry into the hole (O(1), order changes, like
/// a hashtable) or shifts the tail down (O(n), order kept, like deleting from a listpack); the owner picks per call.
/// Either way every entry stays in the bucket its hash names: only positions change.</para>
/// <para><b>SCAN.</b> Because an entry's bucket depends only on its hash and the capacity, the reverse-binary
/// cursor of <see cref="Scan{TState}"/> returns every entry present for the whole iteration at least once, however
/// the dictionary grows, shrinks or reorders positions between calls (see ScanCursor.cs). Walking positions instead
/// would not: removing an entry before the cursor moves the last entry, which may not have been visited yet, behind
/// it.</para>
/// <para><b>Incremental rehash once big</b> (dictRehash and _dictRehashStep in redis/redis src/dict.c). A dictionary of
/// up to <see cref="MaxRelinkAtOnce"/> entries resizes at once, in a millisecond or two. A bigger one that doubles or
/// halves only allocates the new bucket pages; its entries stay where they are and move from the old buckets to the new
/// ones a few buckets at a time, one step with every add and remove (<see cref="RehashStep"/>). Relinking a big
/// dictionary at once had stalled the loop for 4.9 ms at 512K entries, 13.2 ms at 1M, 50.6 ms at 2M and 95.6 ms at 4M
/// (in-process, the longest single add); now the longest add at 4M, the one allocating 32 MB of new pages, takes under
/// 2 ms (BENCHMARKS.md, "Issue 6, session 11"). While rehashing, an entry whose old bucket is at or past the rehash
/// index is in the old table, every other entry in the new one, so every lookup and link fix-up reaches an entry's
/// chain through <see cref="Head"/> alone; adds follow the same rule. The step sizes make sure a rehash is over before
/// the next resize is due (see <see cref="GrowStepBuckets"/>); a resize that still finds one under way finishes it
/// first. SCAN walks both tables as dictScan does.</para>
/// <para><b>Pooled arrays.</b> Entry and bucket arrays of <see cref="PoolThreshold"/> slots or more (full chunks, and
/// the flat arrays from 1024 slots; not bucket pages, see <see cref="Resize"/>) are rented from
/// <see cref="ArrayPool{T}.Shared"/> and handed back when a resize drops them or when <see cref="Clear"/> tears the
/// dictionary down (the lazyfree thread does that for big values, see <see cref="LazyFree"/>), so building and dropping
/// big collections reuses memory. A dictionary dropped without <see cref="Clear"/> simply leaves its arrays to the
/// garbage collector.</para>
/// </remarks>
public sealed class DenseDictionary<TValue>
{
    /// <summary>Arrays at least this long come from, and go back to, the shared array pool.</summary>
    internal const int PoolThreshold = 1024;

    /// <summary>
    /// Entries per chunk once paged (2^11): 2048 entries of 48 bytes are 96 KB, of a hash's 72 bytes 144 KB, both
    /// large objects (see the remarks).
    /// </summary>
    internal const int ChunkSize = 1 << ChunkShift;

    /// <summary>The longest key kept inside its entry (an <see cref="InlineSlot"/>); longer keys have an array of their own.</summary>
    public const int InlineKeyCapacity = InlineSlot.Capacity;

    /// <summary>Bucket links per page once paged (2^15 ints, 128 KB, a large object too).</summary>
    internal const int PageSize = 1 << PageShift;

    private const int ChunkShift = 11;
    private const int ChunkMask = ChunkSize - 1;
    private const int PageShift = 15;
    private const int PageMask = PageSize - 1;
    private const int MinCapacity = 4;

    /// <summary>HASHTABLE_MIN_FILL: below this percentage of used slots the dictionary shrinks.</summary>
    private const int MinFillPercent = 10;

    // Up to this many entries a paged resize still relinks them at once: the add that doubled a dictionary growing
    // in-process took 0.9 to 1.9 ms at 131,072 entries (1.9 ms at 262,144, 4.9 at 524,288, 13.2 at 1M, 95.6 at 4M),
    // and relinking at once costs less in all than moving bucket by bucket, whose every move is a random access:
    // with every paged resize incremental, a benchmark that grows and drains a 180K-member sorted set each round
    // took 10% more CPU (BENCHMARKS.md, "Issue 6, session 11").
    private const int MaxRelinkAtOnce = 1 << 17;

    // Old buckets a rehash step moves with every add or remove, and how many it prefetches at a time (see
    // RehashStep). Growing, the old table has as many buckets as adds remain before the next doubling, so 8 a step
    // finish in an eighth of them. Shrinking happens as the count falls under 10% of the slots, to an eighth of them
    // (the smallest power of two above a tenth), which leaves the new table 80% full: the old one has 8 times its
    // buckets, and the next growth is a fifth of its size in adds away, so 64 a step finish in 5/8 of those.
    private const int GrowStepBuckets = 8;
    private const int ShrinkStepBuckets = 64;
    private const int RehashWindow = 16;

    /// <summary>The object: the entry array, the bucket storage and the count.</summary>
    private static readonly long s_objectBytes = MemoryAccounting.Object(2 * MemoryAccounting.Reference + 4);

    /// <summary>A <see cref="Paged"/> directory object: three references (chunks, pages, old pages) and four ints.</summary>
    private static readonly long s_pagedBytes = MemoryAccounting.Object(3 * MemoryAccounting.Reference + 16);

    private static readonly int s_entrySize = Unsafe.SizeOf<Entry>();

    // Flat (capacity ≤ ChunkSize): every entry slot, and _buckets is the int[] of bucket heads. Paged: chunk 0 (the
    // first ChunkSize positions read without the directory), and _buckets is the Paged directories. One object
    // field for either keeps a small dictionary the size it was (a third field would add 8 bytes to every one).
    private Entry[] _entries = [];
    private object _buckets = Array.Empty<int>();
    private int _count;

    /// <summary>Entries stored.</summary>
    public int Count => _count;

    /// <summary>Slots allocated: entry slots and bucket heads alike (0 or a power of two).</summary>
    internal int Capacity => _buckets is Paged paged ? paged.Capacity : _entries.Length;

    /// <summary>True while a paged dictionary's entries move from its old bucket table to its new one.</summary>
    internal bool IsRehashing => _buckets is Paged { OldPages: not null };

    /// <summary>The largest array this dictionary holds, in bytes (tests check that no array outgrows a chunk or a page).</summary>
    internal long LargestArrayBytes
    {
        get
        {
            if (_buckets is Paged paged)
            {
                return Math.Max(
                    Math.Max(MemoryAccounting.Array(ChunkSize, s_entrySize), MemoryAccounting.Array(paged.Pages[0].Length, sizeof(int))),
                    MemoryAccounting.ReferenceArray(Math.Max(paged.Chunks.Length, paged.Pages.Length)));
            }
            int capacity = _entries.Length;
            return capacity == 0 ? 0 : Math.Max(MemoryAccounting.Array(capacity, s_entrySize), MemoryAccounting.Array(capacity, sizeof(int)));
        }
    }

    /// <summary>
    /// The key at position <paramref name="position"/> (0 ≤ position &lt; Count) as an array: a long key's own array,
    /// or a fresh copy of a short key's bytes (see <see cref="InlineKeyCapacity"/>). For reading, prefer
    /// <see cref="KeySpanAt"/>, which never allocates.
    /// </summary>
    public byte[] KeyAt(int position)
    {
        CheckPosition(position);
        return At(position).Key.SharedArray();
    }

    /// <summary>
    /// The bytes of the key at position <paramref name="position"/> (0 ≤ position &lt; Count), without copying: a
    /// view of the entry for a short key, valid until the next add or remove.
    /// </summary>
    public ReadOnlySpan<byte> KeySpanAt(int position)
    {
        CheckPosition(position);
        return At(position).Key.Span;
    }

    /// <summary>The value at position <paramref name="position"/> (0 ≤ position &lt; Count).</summary>
    public TValue ValueAt(int position)
    {
        CheckPosition(position);
        return At(position).Value;
    }

    /// <summary>
    /// The value at position <paramref name="position"/> (0 ≤ position &lt; Count) by reference, for values read in
    /// place (a struct holding its bytes, like a hash's value, a <see cref="SlotString"/>); valid until the next add or remove.
    /// </summary>
    public ref readonly TValue ValueRefAt(int position)
    {
        CheckPosition(position);
        return ref At(position).Value;
    }

    /// <summary>The position of <paramref name="key"/>, or -1 when it is absent.</summary>
    public int IndexOf(ReadOnlySpan<byte> key) => _count == 0 ? -1 : Find(key, Hash(key));

    /// <summary>True when <paramref name="key"/> is present.</summary>
    public bool ContainsKey(ReadOnlySpan<byte> key) => IndexOf(key) >= 0;

    /// <summary>Finds the value of <paramref name="key"/>.</summary>
    public bool TryGetValue(ReadOnlySpan<byte> key, out TValue value)
    {
        int position = IndexOf(key);
        if (position < 0)
        {
            value = default!;
            return false;
        }
        value = At(position).Value;
        return true;
    }

    /// <summary>
    /// Returns a reference to the value slot of <paramref name="key"/>, adding the key (a copy of its bytes, inline
    /// when short, with a default value) when it is new. The reference is valid until the next add or remove.
    /// </summary>
    public ref TValue GetValueRefOrAddDefault(ReadOnlySpan<byte> key, out bool exists)
    {
        uint hash = Hash(key);
        int position = _count == 0 ? -1 : Find(key, hash);
        exists = position >= 0;
        if (!exists)
        {
            position = Append(key, null, hash, default!);
        }
        return ref At(position).Value;
    }

    /// <summary>
    /// Adds <paramref name="key"/>, taking ownership of the array (kept as the key when it is longer than
    /// <see cref="InlineKeyCapacity"/>, else copied into the entry), when absent. Returns whether it was added.
    /// </summary>
    public bool TryAddOwned(byte[] key, TValue value)
    {
        uint hash = Hash(key);
        if (_count != 0 && Find(key, hash) >= 0)
        {
            return false;
        }
        Append(key, key, hash, value);
        return true;
    }

    /// <summary>
    /// Removes <paramref name="key"/>. With <paramref name="keepOrder"/> the entries after it shift down (O(n));
    /// otherwise the last entry takes its place (O(1)). Returns false when it was absent.
    /// </summary>
    public bool Remove(ReadOnlySpan<byte> key, bool keepOrder) => Remove(key, keepOrder, out _);

    /// <summary>Removes <paramref name="key"/> as <see cref="Remove(ReadOnlySpan{byte}, bool)"/> does, handing back its value.</summary>
    public bool Remove(ReadOnlySpan<byte> key, bool keepOrder, out TValue value)
    {
        int position = IndexOf(key);
        if (position < 0)
        {
            value = default!;
            return false;
        }
        value = At(position).Value;
        RemoveAt(position, keepOrder);
        return true;
    }

    /// <summary>Removes the entry at <paramref name="position"/>; see <see cref="Remove(ReadOnlySpan{byte}, bool)"/> for <paramref name="keepOrder"/>.</summary>
    public void RemoveAt(int position, bool keepOrder)
    {
        CheckPosition(position);
        LinkTo(position) = At(position).Next; // unlink it from its bucket's chain
        int last = _count - 1;
        if (keepOrder)
        {
            // Every entry after it moves down one position, so every link to those entries drops by one.
            ShiftDown(position, last);
            DecrementLinksAbove(position + 1, last);
        }
        else if (position != last)
        {
            LinkTo(last) = position + 1;
            At(position) = At(last);
        }
        At(last) = default;
        _count--;
        StepRehash();
        if (_buckets is Paged paged)
        {
            ReleaseSpareChunk(paged);
        }
        int capacity = Capacity;
        if (capacity > MinCapacity && (long)_count * 100 < (long)capacity * MinFillPercent)
        {
            // htNeedsResize and dictResize: under 10% full, shrink to the smallest power of two holding the
            // entries, so a drained collection does not keep its peak buckets (its empty chunks went already).
            // Shrinking late, once, moves fewer entries than halving at each quarter: draining a 632K-member
            // sorted set moves 104K of them, all at once, instead of 262K incrementally and then the rest.
            int target = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(_count, MinCapacity));
            Resize(_buckets is Paged ? Math.Max(target, ChunkSize) : target); // paged: back to flat at ChunkSize
        }
    }

    /*
     * Hands back the last allocated chunk once the entries have receded a whole chunk below it: chunks past the one
     * that takes the next add and one spare are empty, and keeping them until the buckets shrink (at 10% full) would
     * hold up to nine tenths of a drained collection's peak. One spare chunk keeps adds and removes at a chunk
     * boundary from renting and returning a chunk each time.
     */
    private void ReleaseSpareChunk(Paged paged)
    {
        int last = paged.AllocatedChunks - 1;
        if (last > (_count >> ChunkShift) + 1)
        {
            ReturnEntries(paged.Chunks[last], clear: false); // past the count: only empty slots
            paged.Chunks[last] = null!;
            paged.AllocatedChunks = last;
        }
    }

    /// <summary>
    /// The bytes of the dictionary itself, without the keys' and values' own arrays (which the owner counts): this
    /// object and its entry and bucket arrays at their capacity, plus, once paged, the directories and their object.
    /// See <see cref="MemoryAccounting"/>; MEMORY USAGE counts the same.
    /// </summary>
    internal long StructureBytes
    {
        get
        {
            if (_buckets is Paged paged)
            {
                return s_objectBytes + s_pagedBytes
                    + MemoryAccounting.ReferenceArray(paged.Chunks.Length) + paged.AllocatedChunks * MemoryAccounting.Array(ChunkSize, s_entrySize)
                    + PagesBytes(paged.Pages) + (paged.OldPages is { } oldPages ? PagesBytes(oldPages) : 0);
            }
            int capacity = _entries.Length;
            return s_objectBytes + (capacity == 0 ? 0 : MemoryAccounting.Array(capacity, s_entrySize) + MemoryAccounting.Array(capacity, sizeof(int)));
        }
    }

    /// <summary>
    /// Removes every entry and hands pooled arrays back to the pool (clearing entry arrays first, so they keep
    /// nothing alive). O(n) for a big dictionary: the lazyfree thread calls it on values nothing else can reach.
    /// </summary>
    public void Clear()
    {
        Entry[] entries = _entries;
        object buckets = _buckets;
        _entries = [];
        _buckets = Array.Empty<int>();
        _count = 0;
        if (buckets is Paged paged)
        {
            for (int c = 0; c < paged.AllocatedChunks; c++)
            {
                ReturnEntries(paged.Chunks[c], clear: true);
            }
        }
        else
        {
            ReturnEntries(entries, clear: true);
        }
        ReturnBuckets(buckets);
    }

    /// <summary>
    /// dictScan: calls <paramref name="callback"/> with <paramref name="state"/> for every entry in the bucket at
    /// <paramref name="cursor"/> and returns the next cursor, 0 when the iteration is complete. Start with cursor 0.
    /// Every entry present from the first call to the last is reported at least once, whatever is added or removed
    /// between calls; entries may be reported more than once if the dictionary shrinks between calls. The callback
    /// must not add or remove entries. A short key is passed as a fresh array (SCAN replies keep what they collect).
    /// </summary>
    public ulong Scan<TState>(ulong cursor, Action<TState, byte[], TValue> callback, TState state)
    {
        if (_count == 0)
        {
            return 0;
        }
        ulong v = cursor;
        if (_buckets is not Paged { OldPages: { } oldPages } paged)
        {
            ulong mask = (ulong)Capacity - 1;
            EmitBucket(Head((uint)(v & mask)), callback, state);
            return ScanCursor.Next(v, mask);
        }
        // Rehashing: the smaller table's bucket, then every bucket of the larger table it expands to (dictScan). An
        // old bucket below the rehash index is empty, its entries being in the new table already.
        (int[][] small, int smallSize, int[][] large, int largeSize) = paged.OldCapacity < paged.Capacity
            ? (oldPages, paged.OldCapacity, paged.Pages, paged.Capacity)
            : (paged.Pages, paged.Capacity, oldPages, paged.OldCapacity);
        ulong smallMask = (ulong)smallSize - 1, largeMask = (ulong)largeSize - 1;
        EmitBucket(Slot(small, (int)(v & smallMask)), callback, state);
        do
        {
            EmitBucket(Slot(large, (int)(v & largeMask)), callback, state);
            v = ScanCursor.Next(v, largeMask);
        }
        while ((v & (smallMask ^ largeMask)) != 0);
        return v;
    }

    /// <summary>Calls <paramref name="callback"/> for every entry of the chain starting at <paramref name="link"/>.</summary>
    private void EmitBucket<TState>(int link, Action<TState, byte[], TValue> callback, TState state)
    {
        while (link != 0)
        {
            ref Entry entry = ref At(link - 1);
            link = entry.Next;
            callback(state, entry.Key.SharedArray(), entry.Value);
        }
    }

    /// <summary>The position of the entry for <paramref name="key"/> with hash <paramref name="hash"/>, or -1. The dictionary must not be empty.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Find(ReadOnlySpan<byte> key, uint hash)
    {
        int link = Head(hash);
        while (link != 0)
        {
            ref Entry entry = ref At(link - 1);
            if (entry.Hash == hash && key.SequenceEqual(entry.Key.Span))
            {
                return link - 1;
            }
            link = entry.Next;
        }
        return -1;
    }

    /// <summary>
    /// Stores a new entry at the end (growing first when full) and links it into its bucket: <paramref name="key"/>
    /// inline when short, else <paramref name="longKey"/> (an array holding the same bytes) or a copy. Returns its position.
    /// </summary>
    private int Append(ReadOnlySpan<byte> key, byte[]? longKey, uint hash, TValue value)
    {
        if (_count == Capacity)
        {
            Resize(Math.Max(MinCapacity, _count * 2));
        }
        int position = _count;
        if ((position & ChunkMask) == 0 && position >= ChunkSize)
        {
            // The first entry of a chunk (paged only): chunks are allocated on first write, so a doubling does
            // not allocate its new entry slots all at once. A chunk kept by a shrink is reused as it is.
            Paged paged = Unsafe.As<Paged>(_buckets);
            int chunk = position >> ChunkShift;
            Debug.Assert(chunk <= paged.AllocatedChunks, "chunks are allocated in order");
            if (chunk == paged.AllocatedChunks)
            {
                paged.Chunks[chunk] = RentEntries(ChunkSize);
                paged.AllocatedChunks++;
            }
        }
        _count++; // after the chunk exists, so a failed allocation leaves no slot counted without storage
        StepRehash();
        ref int head = ref Head(hash);
        ref Entry entry = ref At(position);
        entry.Key = SlotString.Create(key, longKey);
        entry.Value = value;
        entry.Hash = hash;
        entry.Next = head;
        head = position + 1;
        return position;
    }

    /// <summary>The entry slot at <paramref name="position"/> (below the capacity): chunk 0 or the flat array directly, else through the chunk directory.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref Entry At(int position)
    {
        Entry[] first = _entries;
        if ((uint)position < (uint)first.Length)
        {
            return ref first[position];
        }
        // Only paged dictionaries have positions past _entries; Unsafe.As does not check, so say it here.
        Debug.Assert(_buckets is Paged, "a position past the flat array of an unpaged dictionary");
        // Every chunk holds at least ChunkSize slots, so the masked slot needs no bounds check; and the check would
        // read the chunk's length from its header, a cache line of its own: with a thousand chunks in a 632K-field
        // hash that was one more dependent miss per lookup (a fifth of HSET's samples in perf). The explicit null
        // test is for the same reason: without it the JIT checks by touching the header (cmp [chunk], reg).
        Entry[] chunk = Unsafe.As<Paged>(_buckets).Chunks[position >> ChunkShift];
        if (chunk is null)
        {
            ThrowMissingChunk();
        }
        Debug.Assert(chunk.Length >= ChunkSize);
        return ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(chunk), position & ChunkMask);
    }

    /// <summary>The head link of the bucket <paramref name="hash"/> names. The capacity must not be 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref int Head(uint hash)
    {
        // The exact type test is one method-table compare (`is Paged` would look the generic type up first).
        object buckets = _buckets;
        if (buckets.GetType() == typeof(int[]))
        {
            int[] flat = Unsafe.As<int[]>(buckets);
            return ref flat[(int)(hash & (uint)(flat.Length - 1))];
        }
        Paged paged = Unsafe.As<Paged>(buckets);
        if (paged.OldPages is { } oldPages)
        {
            int oldBucket = (int)(hash & (uint)(paged.OldCapacity - 1));
            if (oldBucket >= paged.RehashIndex)
            {
                return ref Slot(oldPages, oldBucket); // not moved yet
            }
        }
        return ref Slot(paged.Pages, (int)(hash & (uint)(paged.Capacity - 1)));
    }

    /// <summary>The head link of <paramref name="bucket"/> in a paged bucket table.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref int Slot(int[][] pages, int bucket)
    {
        // A page holds min(size, PageSize) links, so the bucket is inside it: no bounds check (see At).
        int[] page = pages[bucket >> PageShift];
        if (page is null)
        {
            ThrowMissingChunk();
        }
        Debug.Assert((bucket & PageMask) < page.Length);
        return ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(page), bucket & PageMask);
    }

    /// <summary>
    /// _dictRehashStep as dictAdd and dictDelete take it: while a rehash is under way, one step of it, the size a
    /// growth or a shrink needs (<see cref="GrowStepBuckets"/>).
    /// </summary>
    private void StepRehash()
    {
        if (_buckets is Paged { OldPages: not null } paged)
        {
            RehashStep(paged, paged.Capacity > paged.OldCapacity ? GrowStepBuckets : ShrinkStepBuckets);
        }
    }

    /*
     * _dictRehashStep: moves the next `buckets` buckets of the old table (a paged dictionary's before its last
     * resize), empty or not, into the new one, relinking their entries by stored hash; nothing is copied. `buckets` =
     * the old size finishes the rehash; then its pages are the collector's.
     *
     * Each bucket's first entry sits at a random position, a cache miss. Moving one bucket per add, each miss stalled
     * its add, and growing a set to 4M members took 40% longer than relinking all at once, whose independent
     * iterations overlap their misses. So a step moves a window of buckets in two passes: the first only prefetches
     * each bucket's first entry, the second moves them, finding most of those entries loaded.
     */
    private void RehashStep(Paged paged, int buckets)
    {
        int[][] oldPages = paged.OldPages!;
        int oldSize = paged.OldCapacity;
        uint newMask = (uint)paged.Capacity - 1;
        int index = paged.RehashIndex;
        int end = (int)Math.Min((long)index + buckets, oldSize);
        while (index < end)
        {
            int windowEnd = Math.Min(index + RehashWindow, end);
            for (int b = index; b < windowEnd; b++)
            {
                if (Slot(oldPages, b) is int first and not 0)
                {
                    CacheLine.PrefetchStruct(in At(first - 1));
                }
            }
            for (; index < windowEnd; index++)
            {
                ref int oldHead = ref Slot(oldPages, index);
                int link = oldHead;
                oldHead = 0;
                while (link != 0)
                {
                    ref Entry entry = ref At(link - 1);
                    int next = entry.Next;
                    ref int head = ref Slot(paged.Pages, (int)(entry.Hash & newMask));
                    entry.Next = head;
                    head = link;
                    link = next;
                }
            }
        }
        paged.RehashIndex = index;
        if (index == oldSize)
        {
            paged.OldPages = null; // its pages are the collector's now
        }
    }

    /// <summary>The link (a bucket head or an entry's next link) that points at <paramref name="position"/>.</summary>
    private ref int LinkTo(int position)
    {
        int target = position + 1;
        ref int link = ref Head(At(position).Hash);
        while (link != target)
        {
            link = ref At(link - 1).Next;
        }
        return ref link;
    }

    /// <summary>Moves entries <paramref name="position"/> + 1 .. <paramref name="last"/> down one position, chunk by chunk.</summary>
    private void ShiftDown(int position, int last)
    {
        if (_buckets is not Paged)
        {
            Array.Copy(_entries, position + 1, _entries, position, last - position);
            return;
        }
        for (int i = position; i < last; i++)
        {
            At(i) = At(i + 1);
        }
    }

    /// <summary>After <see cref="ShiftDown"/>: every bucket head and next link pointing above <paramref name="moved"/> drops by one.</summary>
    private void DecrementLinksAbove(int moved, int count)
    {
        if (_buckets is Paged paged)
        {
            foreach (int[] page in paged.Pages)
            {
                DecrementAbove(page, moved);
            }
            foreach (int[] page in paged.OldPages ?? [])
            {
                DecrementAbove(page, moved);
            }
        }
        else
        {
            DecrementAbove(Unsafe.As<int[]>(_buckets), moved);
        }
        for (int i = 0; i < count; i++)
        {
            ref Entry entry = ref At(i);
            if (entry.Next > moved)
            {
                entry.Next--;
            }
        }

        static void DecrementAbove(Span<int> links, int moved)
        {
            foreach (ref int link in links)
            {
                if (link > moved)
                {
                    link--;
                }
            }
        }
    }

    /*
     * Gives the dictionary capacity slots and fresh buckets. Flat to flat copies the entries, as before. Growing to
     * paged keeps the existing chunks (the full flat array of ChunkSize slots becomes chunk 0) and adds chunks;
     * shrinking keeps the leading chunks, which hold every entry (the count is under a tenth of the old capacity,
     * and the new one holds it), and returns the rest, already empty; back to flat, chunk 0 becomes the flat array. So once paged no
     * entry is ever copied, and no array is larger than a chunk. Paged to paged with more than MaxRelinkAtOnce
     * entries, they move to the new buckets incrementally (RehashStep); otherwise they are relinked here, by stored
     * hash.
     */
    private void Resize(int capacity)
    {
        object oldBuckets = _buckets;
        Paged? old = oldBuckets as Paged;
        if (old is { OldPages: not null })
        {
            // Still moving entries from the resize before: finish that first (rare: see the remarks).
            RehashStep(old, old.OldCapacity);
        }
        if (capacity <= ChunkSize)
        {
            if (old is null)
            {
                Entry[] entries = RentEntries(capacity);
                Array.Copy(_entries, entries, _count);
                ReturnEntries(_entries, clear: true);
                _entries = entries;
            }
            else
            {
                Debug.Assert(capacity == ChunkSize && _count <= ChunkSize);
                for (int c = 1; c < old.AllocatedChunks; c++)
                {
                    ReturnEntries(old.Chunks[c], clear: false);
                }
                // _entries is chunk 0 already.
            }
            _buckets = RentBuckets(capacity);
        }
        else
        {
            Entry[][] oldChunks = old?.Chunks ?? [_entries];
            int allocated = old?.AllocatedChunks ?? 1;
            Debug.Assert(oldChunks[0].Length == ChunkSize);
            var chunks = new Entry[capacity >> ChunkShift][]; // chunks past the kept ones come with their first entry
            int kept = Math.Min(chunks.Length, allocated);
            Array.Copy(oldChunks, chunks, kept);
            for (int c = kept; c < allocated; c++)
            {
                ReturnEntries(oldChunks[c], clear: false); // beyond the count: only empty slots
            }
            int pageLength = Math.Min(capacity, PageSize);
            var pages = new int[capacity / pageLength][];
            for (int p = 0; p < pages.Length; p++)
            {
                // A fresh page, not a pooled one: the collector hands it out zeroed, where a rented page had to be
                // cleared again (the shared pool's other users return int arrays dirty). With pooled pages the
                // doubling at 1M entries took 6.3 ms, at 2M 17.2 ms, at 4M 18.9 ms; with fresh ones 1.6 to 2.9 ms.
                pages[p] = new int[pageLength];
            }
            _buckets = new Paged(chunks, pages, capacity) { AllocatedChunks = kept };
            _entries = chunks[0];
            if (old is not null && _count > MaxRelinkAtOnce)
            {
                // Paged to paged, and big: the entries move to the new buckets incrementally (see the remarks).
                var paged = Unsafe.As<Paged>(_buckets);
                paged.OldPages = old.Pages;
                paged.OldCapacity = old.Capacity;
                return;
            }
        }
        Relink();
        ReturnBuckets(oldBuckets);
    }

    /// <summary>Threads every entry into the (empty) buckets its stored hash names, chunk by chunk.</summary>
    private void Relink()
    {
        for (int start = 0; start < _count; start += ChunkSize)
        {
            Entry[] chunk = _buckets is Paged paged ? paged.Chunks[start >> ChunkShift] : _entries;
            int end = Math.Min(chunk.Length, _count - start);
            for (int i = 0; i < end; i++)
            {
                ref Entry entry = ref chunk[i];
                ref int head = ref Head(entry.Hash);
                entry.Next = head;
                head = start + i + 1;
            }
        }
    }

    /// <summary>An entry array of <paramref name="length"/> slots, from the pool when long enough (pooled entry arrays always come back cleared).</summary>
    private static Entry[] RentEntries(int length) =>
        length >= PoolThreshold ? ArrayPool<Entry>.Shared.Rent(length) : new Entry[length];

    /// <summary>A zeroed bucket array of <paramref name="length"/> links, from the pool when long enough.</summary>
    private static int[] RentBuckets(int length)
    {
        if (length < PoolThreshold)
        {
            return new int[length];
        }
        int[] buckets = ArrayPool<int>.Shared.Rent(length);
        Array.Clear(buckets); // other users of the shared pool return int arrays without clearing them
        return buckets;
    }

    /// <summary>Hands a pooled entry array back, cleared unless the caller knows it holds only empty slots.</summary>
    private static void ReturnEntries(Entry[] entries, bool clear)
    {
        if (entries.Length >= PoolThreshold)
        {
            ArrayPool<Entry>.Shared.Return(entries, clearArray: clear);
        }
    }

    /// <summary>Hands a pooled flat bucket array back; smaller ones, and pages (never pooled), are left to the garbage collector.</summary>
    private static void ReturnBuckets(object buckets)
    {
        if (buckets is int[] flat && flat.Length >= PoolThreshold)
        {
            ArrayPool<int>.Shared.Return(flat);
        }
    }

    /// <summary>The bytes of a paged bucket table: its directory and its pages.</summary>
    private static long PagesBytes(int[][] pages) =>
        MemoryAccounting.ReferenceArray(pages.Length) + pages.Length * MemoryAccounting.Array(pages[0].Length, sizeof(int));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Hash(ReadOnlySpan<byte> key) => (uint)KeyComparer.Instance.GetHashCode(key);

    [DoesNotReturn]
    private static void ThrowMissingChunk() => throw new InvalidOperationException("A position or bucket past the allocated chunks or pages.");

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void CheckPosition(int position)
    {
        if ((uint)position >= (uint)_count)
        {
            throw new ArgumentOutOfRangeException(nameof(position));
        }
    }

    /// <summary>
    /// One slot: the key (inline when short, else its array), its value, its hash and the link to the next entry of
    /// its bucket. Unused slots are zeroed (an inline empty key, never linked).
    /// </summary>
    private struct Entry
    {
        public SlotString Key;
        public TValue Value;
        public uint Hash;
        public int Next;
    }

    /// <summary>
    /// A paged dictionary's directories: the entry chunks (chunk 0 is also _entries; the first AllocatedChunks are
    /// allocated, the rest null until their first entry is added) and the bucket pages; while rehashing, also the
    /// pages of the table before the last resize and how far its buckets have moved.
    /// </summary>
    private sealed class Paged(Entry[][] chunks, int[][] pages, int capacity)
    {
        public readonly Entry[][] Chunks = chunks;
        public readonly int[][] Pages = pages;
        public readonly int Capacity = capacity;
        public int AllocatedChunks;
        public int[][]? OldPages;  // the table being emptied, null when not rehashing
        public int OldCapacity;    // its size
        public int RehashIndex;    // rehashidx: its buckets below this are empty, their entries in Pages
    }
}
