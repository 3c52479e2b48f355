using System.Buffers;
using System.Runtime.CompilerServices;

namespace Reactor.MiniRedis.Storage;

/// <summary>
/// The dictionary behind hashes, sets and sorted sets: binary-safe keys (found straight from request spans) with
/// their values, in a hash table whose entries are also kept dense, so entry <c>i</c> can be read by position. The
/// positions give what Redis's dict gets from its buckets (dictGetRandomKey for SPOP, SRANDMEMBER, HRANDFIELD) in
/// O(1) and cheap ordered iteration for HGETALL and SMEMBERS; the buckets give SSCAN, HSCAN and ZSCAN the cursor
/// guarantee of dictScan. Owned by the event-loop thread; no locks.
/// </summary>
/// <remarks>
/// <para><b>Layout.</b> One array of entry structs (key, value, hash, next link) whose first <see cref="Count"/>
/// slots are in use, and one array of bucket heads of the same power-of-two length, so the load factor never goes
/// above 1 (Redis's dict_force_resize_ratio aside). A link is an entry's position plus one, 0 meaning "none"; a
/// bucket's chain is threaded through the entries' next links, and an entry's bucket is <c>hash &amp; (length -
/// 1)</c>. Both arrays double when full and halve when three quarters empty; a resize relinks every entry by its
/// stored hash (the key bytes are not hashed again). The key bytes are copied once, when the key is added.</para>
/// <para><b>Removing.</b> <see cref="Remove"/> either moves the last entry into the hole (O(1), order changes, like
/// a hashtable) or shifts the tail down (O(n), order kept, like deleting from a listpack); the owner picks per call.
/// Either way every entry stays in the bucket its hash names: only positions change.</para>
/// <para><b>SCAN.</b> Because an entry's bucket depends only on its hash and the table size, the reverse-binary
/// cursor of <see cref="Scan{TState}"/> returns every entry present for the whole iteration at least once, however
/// the dictionary grows, shrinks or reorders positions between calls (see ScanCursor.cs). Walking positions instead
/// would not: removing an entry before the cursor moves the last entry, which may not have been visited yet, behind
/// it. There is no incremental rehash, unlike the keyspace's <see cref="KeyTable{TValue}"/>: a resize relinks every
/// entry at once, as the .NET dictionary this replaced did, which keeps positional access a plain array read.</para>
/// <para><b>Pooled arrays.</b> Arrays of <see cref="PoolThreshold"/> slots or more are rented from
/// <see cref="ArrayPool{T}.Shared"/> and handed back when a resize replaces them or when <see cref="Clear"/> tears
/// the dictionary down (the lazyfree thread does that for big values, see <see cref="LazyFree"/>), so building and
/// dropping big collections reuses memory instead of making the loop allocate and zero fresh large-object-heap
/// arrays. A dictionary dropped without <see cref="Clear"/> simply leaves its arrays to the garbage collector.</para>
/// </remarks>
public sealed class DenseDictionary<TValue>
{
    /// <summary>Arrays at least this long come from, and go back to, the shared array pool.</summary>
    internal const int PoolThreshold = 1024;

    private const int MinCapacity = 4;

    /// <summary>The object: the entry and bucket arrays and the count.</summary>
    private static readonly long s_objectBytes = MemoryAccounting.Object(2 * MemoryAccounting.Reference + 4);

    private Entry[] _entries = [];
    private int[] _buckets = [];
    private int _count;

    /// <summary>Entries stored.</summary>
    public int Count => _count;

    /// <summary>Slots allocated: the length of the entry and bucket arrays (0 or a power of two), for MEMORY USAGE.</summary>
    internal int Capacity => _entries.Length;

    /// <summary>Bytes of one entry slot plus its bucket head, for MEMORY USAGE.</summary>
    internal static int SlotSize => Unsafe.SizeOf<Entry>() + sizeof(int);

    /// <summary>The key at position <paramref name="position"/> (0 ≤ position &lt; Count).</summary>
    public byte[] KeyAt(int position)
    {
        CheckPosition(position);
        return _entries[position].Key;
    }

    /// <summary>The value at position <paramref name="position"/> (0 ≤ position &lt; Count).</summary>
    public TValue ValueAt(int position)
    {
        CheckPosition(position);
        return _entries[position].Value;
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
        value = _entries[position].Value;
        return true;
    }

    /// <summary>
    /// Returns a reference to the value slot of <paramref name="key"/>, adding the key (a copy of its bytes, with a
    /// default value) when it is new. The reference is valid until the next add or remove.
    /// </summary>
    public ref TValue GetValueRefOrAddDefault(ReadOnlySpan<byte> key, out bool exists)
    {
        uint hash = Hash(key);
        int position = _count == 0 ? -1 : Find(key, hash);
        exists = position >= 0;
        if (!exists)
        {
            position = Append(key.ToArray(), hash, default!);
        }
        return ref _entries[position].Value;
    }

    /// <summary>Adds <paramref name="key"/>, taking ownership of the array, when absent. Returns whether it was added.</summary>
    public bool TryAddOwned(byte[] key, TValue value)
    {
        uint hash = Hash(key);
        if (_count != 0 && Find(key, hash) >= 0)
        {
            return false;
        }
        Append(key, hash, value);
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
        value = _entries[position].Value;
        RemoveAt(position, keepOrder);
        return true;
    }

    /// <summary>Removes the entry at <paramref name="position"/>; see <see cref="Remove(ReadOnlySpan{byte}, bool)"/> for <paramref name="keepOrder"/>.</summary>
    public void RemoveAt(int position, bool keepOrder)
    {
        CheckPosition(position);
        LinkTo(position) = _entries[position].Next; // unlink it from its bucket's chain
        int last = _count - 1;
        if (keepOrder)
        {
            // Every entry after it moves down one position, so every link to those entries drops by one.
            Array.Copy(_entries, position + 1, _entries, position, last - position);
            int moved = position + 1;
            for (int b = 0; b < _buckets.Length; b++)
            {
                if (_buckets[b] > moved)
                {
                    _buckets[b]--;
                }
            }
            for (int i = 0; i < last; i++)
            {
                if (_entries[i].Next > moved)
                {
                    _entries[i].Next--;
                }
            }
        }
        else if (position != last)
        {
            LinkTo(last) = position + 1;
            _entries[position] = _entries[last];
        }
        _entries[last] = default;
        _count--;
        if (_entries.Length > MinCapacity && _count <= _entries.Length / 4)
        {
            // Halve once three quarters are unused, so a drained collection does not keep its peak memory; the
            // quarter threshold keeps add/remove at a boundary from resizing every time.
            Resize(_entries.Length / 2);
        }
    }

    /// <summary>
    /// The bytes of the dictionary itself, without the keys' and values' own arrays (which the owner counts): this
    /// object and its entry and bucket arrays at their capacity. See <see cref="MemoryAccounting"/>.
    /// </summary>
    internal long StructureBytes =>
        s_objectBytes + (Capacity == 0 ? 0 : MemoryAccounting.Array(Capacity, Unsafe.SizeOf<Entry>()) + MemoryAccounting.Array(Capacity, sizeof(int)));

    /// <summary>
    /// Removes every entry and hands pooled arrays back to the pool (clearing them first, so they keep nothing
    /// alive). O(n) for a big dictionary: the lazyfree thread calls it on values nothing else can reach.
    /// </summary>
    public void Clear()
    {
        Entry[] entries = _entries;
        int[] buckets = _buckets;
        _entries = [];
        _buckets = [];
        _count = 0;
        ReturnArrays(entries, buckets);
    }

    /// <summary>
    /// dictScan: calls <paramref name="callback"/> with <paramref name="state"/> for every entry in the bucket at
    /// <paramref name="cursor"/> and returns the next cursor, 0 when the iteration is complete. Start with cursor 0.
    /// Every entry present from the first call to the last is reported at least once, whatever is added or removed
    /// between calls; entries may be reported more than once if the dictionary shrinks between calls. The callback
    /// must not add or remove entries.
    /// </summary>
    public ulong Scan<TState>(ulong cursor, Action<TState, byte[], TValue> callback, TState state)
    {
        if (_count == 0)
        {
            return 0;
        }
        ulong mask = (ulong)_buckets.Length - 1;
        for (int link = _buckets[(int)(cursor & mask)]; link != 0;)
        {
            ref Entry entry = ref _entries[link - 1];
            link = entry.Next;
            callback(state, entry.Key, entry.Value);
        }
        return ScanCursor.Next(cursor, mask);
    }

    /// <summary>The position of the entry for <paramref name="key"/> with hash <paramref name="hash"/>, or -1. The dictionary must not be empty.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Find(ReadOnlySpan<byte> key, uint hash)
    {
        Entry[] entries = _entries;
        int link = _buckets[(int)(hash & (uint)(_buckets.Length - 1))];
        while (link != 0)
        {
            ref Entry entry = ref entries[link - 1];
            if (entry.Hash == hash && key.SequenceEqual(entry.Key))
            {
                return link - 1;
            }
            link = entry.Next;
        }
        return -1;
    }

    /// <summary>Stores a new entry at the end (growing first when full) and links it into its bucket. Returns its position.</summary>
    private int Append(byte[] key, uint hash, TValue value)
    {
        if (_count == _entries.Length)
        {
            Resize(Math.Max(MinCapacity, _entries.Length * 2));
        }
        int position = _count++;
        ref int head = ref _buckets[(int)(hash & (uint)(_buckets.Length - 1))];
        _entries[position] = new Entry { Key = key, Value = value, Hash = hash, Next = head };
        head = position + 1;
        return position;
    }

    /// <summary>The link (a bucket head or an entry's next link) that points at <paramref name="position"/>.</summary>
    private ref int LinkTo(int position)
    {
        int target = position + 1;
        ref int link = ref _buckets[(int)(_entries[position].Hash & (uint)(_buckets.Length - 1))];
        while (link != target)
        {
            link = ref _entries[link - 1].Next;
        }
        return ref link;
    }

    /// <summary>Moves the entries into arrays of <paramref name="capacity"/> slots and relinks them by their stored hashes.</summary>
    private void Resize(int capacity)
    {
        Entry[] oldEntries = _entries;
        int[] oldBuckets = _buckets;
        Entry[] entries = capacity >= PoolThreshold ? ArrayPool<Entry>.Shared.Rent(capacity) : new Entry[capacity];
        int[] buckets;
        if (capacity >= PoolThreshold)
        {
            buckets = ArrayPool<int>.Shared.Rent(capacity);
            Array.Clear(buckets); // other users of the shared pool return int arrays without clearing them
        }
        else
        {
            buckets = new int[capacity];
        }
        uint mask = (uint)capacity - 1;
        for (int i = 0; i < _count; i++)
        {
            ref Entry entry = ref entries[i];
            entry = oldEntries[i];
            ref int head = ref buckets[(int)(entry.Hash & mask)];
            entry.Next = head;
            head = i + 1;
        }
        _entries = entries;
        _buckets = buckets;
        ReturnArrays(oldEntries, oldBuckets);
    }

    /// <summary>Hands arrays that came from the pool back to it, cleared; smaller ones are left to the garbage collector.</summary>
    private static void ReturnArrays(Entry[] entries, int[] buckets)
    {
        if (entries.Length >= PoolThreshold)
        {
            ArrayPool<Entry>.Shared.Return(entries, clearArray: true);
            ArrayPool<int>.Shared.Return(buckets);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Hash(ReadOnlySpan<byte> key) => (uint)KeyComparer.Instance.GetHashCode(key);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void CheckPosition(int position)
    {
        if ((uint)position >= (uint)_count)
        {
            throw new ArgumentOutOfRangeException(nameof(position));
        }
    }

    /// <summary>One slot: the key (null in unused slots), its value, its hash and the link to the next entry of its bucket.</summary>
    private struct Entry
    {
        public byte[] Key;
        public TValue Value;
        public uint Hash;
        public int Next;
    }
}
