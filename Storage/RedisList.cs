namespace Reactor.MiniRedis.Storage;

/// <summary>
/// A list value: a deque of binary-safe elements, the quicklist of redis/redis src/quicklist.c in role. Pushing and
/// popping at either end is O(1) amortized, reading or replacing any index (LINDEX, LSET, LRANGE from the middle) is
/// O(1), and inserting or removing in the middle moves the shorter side, as a memmove inside a listpack would.
/// </summary>
/// <remarks>
/// <para><b>Elements live in slots, not objects.</b> Every element has a 24-byte slot in a <see cref="ListChunk"/>:
/// a length byte and up to 23 bytes inline, so an element of up to 23 bytes (redis-benchmark's 3-byte ones, ids,
/// numbers) is bytes inside one of the list's arrays, as a listpack entry is bytes inside a quicklist node. A
/// longer element keeps its own array, referenced from the chunk's table of long elements. Before this, each
/// element was a byte[] of its own (32 bytes for 3 bytes of data, plus an 8-byte reference): redis-benchmark's
/// default suite left ~400,000 of them for the collector to promote and scan, and a gen2 collection followed. A
/// slot costs 24 bytes whatever the element's length up to 23 (a 3-byte element took 40, a 16-byte one 48), and a
/// chunk of short elements holds no reference at all, so the collector never scans it.</para>
/// <para><b>Small lists</b> (up to <see cref="SegmentLength"/> elements) are one ring of slots (one chunk) whose
/// capacity is a power of two. It doubles when full and halves when three quarters empty, so a list that grew and
/// drained does not keep its peak memory.</para>
/// <para><b>Big lists</b> are segmented, like std::deque or a quicklist of fixed-size nodes: the elements live in
/// segments of <see cref="SegmentLength"/> slots (4,096 × 24 bytes = 96 KB), reached through a directory of segments
/// that is itself a ring (see <see cref="Segments"/>), so element <c>i</c> is at position <c>head + i</c>, in segment
/// <c>position / SegmentLength</c> at slot <c>position % SegmentLength</c>. A push at an end that has filled its
/// segment adds one there, a pop that empties one releases it, and elements never move between segments (the ring of
/// a small list that fills up becomes the first segment; only its wrapped part moves to a second). The directory
/// doubles when every slot holds a segment and halves when three quarters are free; one emptied segment is kept for
/// the next one needed, so pushes and pops back and forth across a segment boundary do not allocate each time. A
/// list that drains to a quarter of a segment becomes one ring again.</para>
/// <para><b>Segments are large objects, on purpose.</b> A segment's 96 KB of slots is over the large object heap's
/// 85,000-byte threshold, as KeyTable's and DenseDictionary's chunks are, so no young collection ever copies one: a
/// segment stays where it was allocated until a full collection frees it (or the idle trim compacts the large object
/// heap). With 48 KB segments, a list growing by a million elements (redis-benchmark <c>-P 16 -n 1000000</c>'s LPUSH
/// tests, 24 MB of slots) was promoted and compacted by gen1 collections pausing the server for up to 20 ms. Nothing
/// else a list allocates is that big: a ring (the last doubling, to one segment, is a large object too, and becomes
/// the first segment), a segment's table of long elements (32 KB) and the directory's pages (at most 8192 segments,
/// 64 KB). A single power-of-two array would instead be reallocated on the large object heap at every doubling.</para>
/// <para>Pushing copies the request bytes once, into the slot or (long) into a new array; popping returns a
/// <see cref="ListElement"/>: a short element's bytes copied into the value, a long one's array handed back without
/// copying. A caller that drops a popped long element can hand its array back with <see cref="Recycle"/>, and the
/// next push of an element of the same length reuses it: the list keeps one spare, as a listpack keeps the room a
/// pop freed, so LPUSH/LPOP churn of any length up to 1 KB allocates nothing.</para>
/// </remarks>
public sealed class RedisList : RedisObject, IRedisCollection<RedisList>
{
    /// <summary>Element slots per segment of a big list (96 KB of slots), and the largest ring of a small one.</summary>
    internal const int SegmentLength = 1 << SegmentShift;

    private const int SegmentShift = 12; // 96 KB segments: see "Segments are large objects" above
    private const int SegmentMask = SegmentLength - 1;

    private const int MinCapacity = 4;

    /// <summary>A segmented list that drains to this many elements becomes one ring again.</summary>
    private const int RingAgainCount = SegmentLength / 4;

    /// <summary>The longest element array kept as the spare; longer ones are left to the GC.</summary>
    private const int MaxSpareLength = 1024;

    /// <summary>The object: the base fields, the storage, the spare, the head, the count and the two byte counts.</summary>
    private static readonly long s_objectBytes = MemoryAccounting.Object(BaseFieldBytes + 2 * MemoryAccounting.Reference + 4 + 4 + 8 + 8);

    // A small list's ring (one ListChunk, a power of two up to SegmentLength slots) or a big list's Segments. One
    // field for either, so a small list pays for no directory.
    private object _storage = new ListChunk(MinCapacity);
    private int _head;          // the head's slot in the ring, or its position in the segments' ring of positions
    private int _count;
    private long _elementBytes; // the long elements' arrays, by MemoryAccounting.ByteArray
    private long _longsBytes;   // the chunks' tables of long elements (ListChunk.LongsBytes each)
    private byte[]? _spare;     // a popped long element's array nobody else holds, reused by the next push of its length

    /// <inheritdoc />
    /// <remarks>Redis 7.0 keeps every list as a quicklist, so no threshold changes how a list reports itself.</remarks>
    public static RedisList Create(EncodingLimits limits) => new();

    /// <inheritdoc />
    public override ObjectType Type => ObjectType.List;

    /// <summary>
    /// Redis 7.0 reports every list as <c>quicklist</c> (the small-list <c>listpack</c> encoding arrived in 7.2).
    /// </summary>
    public override string Encoding => "quicklist";

    /// <summary>Elements in the list (LLEN).</summary>
    public int Count => _count;

    /// <inheritdoc />
    /// <remarks>The object, its storage (see <see cref="StorageBytes"/>), every long element's array and the spare.</remarks>
    public override long EstimatedBytes => s_objectBytes + StorageBytes + _elementBytes +
        (_spare is null ? 0 : MemoryAccounting.ByteArray(_spare.Length));

    /// <summary>
    /// The chunks that hold the elements' slots, for used_memory and MEMORY USAGE: a small list's ring at its
    /// capacity, or a big list's segments (those in use and the one kept for reuse) and their directory, plus the
    /// chunks' tables of long elements. Short elements are all here; long ones add their arrays.
    /// </summary>
    internal long StorageBytes => _longsBytes + (_storage is ListChunk ring ? ListChunk.Bytes(ring.Length) : ((Segments)_storage).Bytes);

    /// <summary>The bytes of the biggest array the list holds (slots, table, directory page or page table), for tests.</summary>
    internal long LargestArrayBytes => _storage is ListChunk ring
        ? MemoryAccounting.ByteArray(ring.Length * ListChunk.SlotBytes)
        : ((Segments)_storage).LargestArrayBytes;

    /// <summary>The slots of a small list's ring, or of a segment, for tests.</summary>
    internal int Capacity => _storage is ListChunk ring ? ring.Length : SegmentLength;

    /// <summary>Whether the list is segmented (a big list) rather than one ring, for tests.</summary>
    internal bool IsSegmented => _storage is Segments;

    /// <summary>A deep copy, head to tail, for COPY and BGSAVE's capture (listTypeDup in redis/redis src/t_list.c).</summary>
    /// <remarks>A ring is copied at its capacity; segments keep their positions (the segment kept for reuse is not copied).</remarks>
    public override RedisList Clone()
    {
        var copy = new RedisList { _count = _count, _head = _head, _elementBytes = _elementBytes, _longsBytes = _longsBytes };
        copy._storage = _storage is ListChunk ring
            ? ring.DeepCopy()
            : ((Segments)_storage).DeepCopy(FirstSegment((Segments)_storage));
        return copy;
    }

    /// <summary>
    /// The element at <paramref name="index"/> (0 is the head); the index must be in range. The span reads the
    /// list's own storage: it is valid until the list next changes. Setting copies the bytes in (LSET).
    /// </summary>
    public ReadOnlySpan<byte> this[int index]
    {
        get
        {
            CheckIndex(index);
            return Locate(index, out int slot).Get(slot);
        }
        set
        {
            CheckIndex(index);
            ListChunk chunk = Locate(index, out int slot);
            Discard(chunk, slot);
            Store(chunk, slot, value);
        }
    }

    /// <summary>
    /// listTypePush: adds a copy of <paramref name="element"/> at <paramref name="where"/>: into its slot when short,
    /// else into the spare array when it has the same length (see <see cref="Recycle"/>), or into a new one.
    /// </summary>
    public void Push(ReadOnlySpan<byte> element, ListEnd where)
    {
        ListChunk chunk = Reserve(where, out int slot);
        Store(chunk, slot, element);
    }

    /// <summary>
    /// Adds a popped element at <paramref name="where"/> (LMOVE, BLMOVE): a short one's bytes go into the slot, a
    /// long one's array is handed over without a copy.
    /// </summary>
    public void Push(in ListElement element, ListEnd where)
    {
        if (element.Array is { } array)
        {
            PushOwned(array, where);
        }
        else
        {
            Push(element.Span, where);
        }
    }

    /// <summary>
    /// Adds <paramref name="element"/> at <paramref name="where"/>, taking ownership of the array when the element
    /// is long (RDB loading and SORT STORE build their elements as arrays); a short one is copied into its slot.
    /// </summary>
    public void PushOwned(byte[] element, ListEnd where)
    {
        ListChunk chunk = Reserve(where, out int slot);
        if (element.Length <= ListChunk.InlineCapacity)
        {
            chunk.SetInline(slot, element);
        }
        else
        {
            StoreLong(chunk, slot, element);
        }
    }

    /// <summary>
    /// Takes back the array of a long element just returned by <see cref="Pop"/> once the caller is done with it
    /// (its bytes were copied into a reply) and no one else holds it, so the next <see cref="Push(ReadOnlySpan{byte}, ListEnd)"/>
    /// of the same length can reuse it. Only one spare is kept, and only a small one (a pop of a big element frees
    /// its memory); a short element has no array and leaves the spare alone. Never pass an element that was handed
    /// on (LMOVE pushes the popped element into another list).
    /// </summary>
    public void Recycle(in ListElement element)
    {
        if (element.Array is { Length: <= MaxSpareLength } array)
        {
            _spare = array;
        }
    }

    /// <summary>
    /// listTypePop: removes and returns the element at <paramref name="where"/>. The list must not be empty; the
    /// caller deletes the key once it is (Redis never keeps an empty list).
    /// </summary>
    public ListElement Pop(ListEnd where)
    {
        if (_count == 0)
        {
            throw new InvalidOperationException("Pop from an empty list.");
        }
        ListChunk chunk = Locate(where == ListEnd.Head ? 0 : _count - 1, out int slot);
        ListElement element;
        if (chunk.LongAt(slot) is { } array)
        {
            chunk.Clear(slot);
            _elementBytes -= MemoryAccounting.ByteArray(array.Length);
            element = new ListElement(array);
        }
        else
        {
            element = new ListElement(chunk.Get(slot));
        }
        int oldHead = _head, oldCount = _count;
        if (where == ListEnd.Head)
        {
            AdvanceHead(1);
        }
        _count--;
        Removed(oldHead, oldCount);
        return element;
    }

    /// <summary>
    /// Inserts <paramref name="element"/> so it ends up at <paramref name="index"/> (0 ≤ index ≤ Count), moving the
    /// shorter side of the list by one (LINSERT).
    /// </summary>
    public void Insert(int index, ReadOnlySpan<byte> element)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(index, _count);
        if (index < _count / 2)
        {
            ReserveHead();
            MoveRange(1, 0, index);
        }
        else
        {
            ReserveTail();
            MoveRange(index, index + 1, _count - 1 - index);
        }
        // The slot's old content was copied away: its bytes are overwritten and a long reference is replaced or cleared.
        ListChunk chunk = Locate(index, out int slot);
        chunk.Clear(slot);
        Store(chunk, slot, element);
    }

    /// <summary>Removes the element at <paramref name="index"/>, moving the shorter side of the list by one.</summary>
    public void RemoveAt(int index)
    {
        CheckIndex(index);
        int oldHead = _head, oldCount = _count;
        ListChunk chunk = Locate(index, out int slot);
        Discard(chunk, slot);
        if (index < _count / 2)
        {
            MoveRange(0, 1, index);
            ClearSlot(0);
            AdvanceHead(1);
        }
        else
        {
            MoveRange(index + 1, index, _count - 1 - index);
            ClearSlot(_count - 1);
        }
        _count--;
        Removed(oldHead, oldCount);
    }

    /// <summary>
    /// The index of the first element equal to <paramref name="element"/> counting from the head, or -1 (the pivot
    /// search of LINSERT, which always seeks from head to tail).
    /// </summary>
    public int IndexOf(ReadOnlySpan<byte> element) => Find(element, 0, ListEnd.Tail);

    /// <summary>
    /// LREM's removal: deletes elements equal to <paramref name="element"/>, scanning from <paramref name="from"/>
    /// (the head for a positive LREM count, the tail for a negative one), and stops after <paramref name="limit"/>
    /// matches (limit ≥ 0; 0 removes every match). Returns how many were removed.
    /// </summary>
    /// <remarks>
    /// One pass, O(n): elements before the first match stay put, the survivors after it slide over the holes
    /// towards the end the scan started from, and the freed slots at the other end are cleared. A single removal
    /// moves the shorter side instead (LREM 1 near either end touches few slots).
    /// </remarks>
    public int RemoveMatches(ReadOnlySpan<byte> element, long limit, ListEnd from)
    {
        bool fromHead = from == ListEnd.Head;
        int first = fromHead ? Find(element, 0, ListEnd.Tail) : Find(element, _count - 1, ListEnd.Head);
        if (first < 0)
        {
            return 0;
        }
        if (limit == 1)
        {
            RemoveAt(first);
            return 1;
        }
        int oldHead = _head, oldCount = _count;
        int removed = fromHead ? CompactTowardsHead(first, element, limit) : CompactTowardsTail(first, element, limit);
        if (element.Length > ListChunk.InlineCapacity)
        {
            _elementBytes -= removed * MemoryAccounting.ByteArray(element.Length); // every removed element equals element
        }
        Removed(oldHead, oldCount);
        return removed;
    }

    /// <summary>
    /// LTRIM's removal (quicklistDelRange at both ends): drops <paramref name="fromHead"/> elements at the head and
    /// <paramref name="fromTail"/> at the tail, in O(removed). Their sum must not exceed <see cref="Count"/>.
    /// </summary>
    public void Trim(int fromHead, int fromTail)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fromHead);
        ArgumentOutOfRangeException.ThrowIfNegative(fromTail);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fromHead + (long)fromTail, _count);
        int oldHead = _head, oldCount = _count;
        DiscardRange(0, fromHead);
        AdvanceHead(fromHead);
        _count -= fromHead;
        DiscardRange(_count - fromTail, fromTail);
        _count -= fromTail;
        Removed(oldHead, oldCount);
    }

    /// <summary>
    /// listTypeInitIterator: walks from <paramref name="index"/> towards <paramref name="towards"/> (the tail walks
    /// head to tail, the head walks back). The list must not change while the iterator is in use.
    /// </summary>
    /// <remarks>An empty list yields nothing whatever the index; otherwise the index must be in range.</remarks>
    public ListIterator Iterate(int index, ListEnd towards)
    {
        if (_count == 0)
        {
            return new ListIterator(this, 0, 0, towards);
        }
        CheckIndex(index);
        return new ListIterator(this, index, towards == ListEnd.Tail ? _count - index : index + 1, towards);
    }

    /// <summary>
    /// The heap bytes element <paramref name="index"/> holds beyond its slot (counted in <see cref="StorageBytes"/>):
    /// a long element's array, 0 for a short one. MEMORY USAGE samples this.
    /// </summary>
    internal long ElementHeapBytes(int index)
    {
        CheckIndex(index);
        return Locate(index, out int slot).LongAt(slot) is { } array ? MemoryAccounting.ByteArray(array.Length) : 0;
    }

    /// <summary>
    /// For <see cref="ListIterator"/>: the chunk holding element <paramref name="index"/> (the ring, or its segment)
    /// and the element's <paramref name="slot"/> in it. Neighbouring elements are in neighbouring slots of the same
    /// chunk up to its ends.
    /// </summary>
    internal ListChunk Locate(int index, out int slot)
    {
        if (_storage is ListChunk ring)
        {
            slot = (_head + index) & (ring.Length - 1);
            return ring;
        }
        uint position = (uint)_head + (uint)index;
        slot = (int)position & SegmentMask;
        return ((Segments)_storage).SegmentAt(position);
    }

    /*
     * Moves the count elements starting at index source so they start at index destination (the ranges may
     * overlap), in runs that each stay inside one chunk (a ring up to its physical end, or one segment), copied
     * slot bytes and long references alike (ListChunk.CopyRun); LINSERT and a removal in the middle shift one side
     * of the list this way. Copying runs front to back when moving towards the head and back to front when moving
     * towards the tail never reads a slot already overwritten.
     */
    private void MoveRange(int source, int destination, int count)
    {
        if (destination < source)
        {
            for (int done = 0; done < count;)
            {
                ListChunk from = Locate(source + done, out int fromSlot);
                ListChunk to = Locate(destination + done, out int toSlot);
                int run = Math.Min(count - done, Math.Min(from.Length - fromSlot, to.Length - toSlot));
                _longsBytes += ListChunk.CopyRun(from, fromSlot, to, toSlot, run);
                done += run;
            }
        }
        else
        {
            for (int done = 0; done < count;)
            {
                ListChunk from = Locate(source + count - 1 - done, out int fromLast);
                ListChunk to = Locate(destination + count - 1 - done, out int toLast);
                int run = Math.Min(count - done, Math.Min(fromLast, toLast) + 1);
                _longsBytes += ListChunk.CopyRun(from, fromLast - run + 1, to, toLast - run + 1, run);
                done += run;
            }
        }
    }

    // Makes room for one more element at `where` and returns its chunk and slot (empty: no long reference). The
    // common case, a ring with room, is inline.
    private ListChunk Reserve(ListEnd where, out int slot)
    {
        if (_storage is ListChunk ring && _count < ring.Length)
        {
            int mask = ring.Length - 1;
            if (where == ListEnd.Head)
            {
                _head = (_head - 1) & mask;
                slot = _head;
            }
            else
            {
                slot = (_head + _count) & mask;
            }
            _count++;
            return ring;
        }
        if (where == ListEnd.Head)
        {
            ReserveHead();
            return Locate(0, out slot);
        }
        ReserveTail();
        return Locate(_count - 1, out slot);
    }

    // Copies `element` into an empty (or just discarded) slot: inline when short, else into the spare array when
    // it has the same length, or a new one.
    private void Store(ListChunk chunk, int slot, ReadOnlySpan<byte> element)
    {
        if (element.Length <= ListChunk.InlineCapacity)
        {
            chunk.SetInline(slot, element);
            return;
        }
        byte[]? copy = _spare;
        if (copy is not null && copy.Length == element.Length)
        {
            _spare = null;
            element.CopyTo(copy);
        }
        else
        {
            copy = element.ToArray();
        }
        StoreLong(chunk, slot, copy);
    }

    private void StoreLong(ListChunk chunk, int slot, byte[] element)
    {
        _longsBytes += chunk.SetLong(slot, element);
        _elementBytes += MemoryAccounting.ByteArray(element.Length);
    }

    // Drops the element in a slot that is about to be overwritten or vacated: a long one's array leaves the count.
    private void Discard(ListChunk chunk, int slot)
    {
        if (chunk.LongAt(slot) is { } array)
        {
            _elementBytes -= MemoryAccounting.ByteArray(array.Length);
            chunk.Clear(slot);
        }
    }

    // Discards the `count` elements from index `first` on, a run per chunk; a chunk that never held a long element
    // has nothing to drop.
    private void DiscardRange(int first, int count)
    {
        for (int done = 0; done < count;)
        {
            ListChunk chunk = Locate(first + done, out int slot);
            int run = Math.Min(count - done, chunk.Length - slot);
            if (chunk.Longs is not null)
            {
                for (int i = slot; i < slot + run; i++)
                {
                    Discard(chunk, i);
                }
            }
            done += run;
        }
    }

    private void ClearSlot(int index) => Locate(index, out int slot).Clear(slot);

    private void CheckIndex(int index)
    {
        if ((uint)index >= (uint)_count)
        {
            throw new ArgumentOutOfRangeException(nameof(index));
        }
    }

    // Moves the head towards the tail by `count` slots (the elements there are already cleared and uncounted).
    private void AdvanceHead(int count)
    {
        int positionMask = _storage is ListChunk ring ? ring.Length - 1 : ((Segments)_storage).PositionMask;
        _head = (_head + count) & positionMask;
    }

    // The directory slot of the segment holding element `index`, for a list whose head is at `head`.
    private static int SegmentOf(Segments segments, int head, int index) =>
        (int)(((uint)head + (uint)index) >> SegmentShift) & segments.Mask;

    private int FirstSegment(Segments segments) => SegmentOf(segments, _head, 0);

    // The index of the first element equal to `element`, walking from `start` towards `towards`; -1 when none.
    private int Find(ReadOnlySpan<byte> element, int start, ListEnd towards)
    {
        ListIterator iterator = Iterate(start, towards);
        while (iterator.MoveNext())
        {
            if (iterator.Current.SequenceEqual(element))
            {
                return iterator.Index;
            }
        }
        return -1;
    }

    // Removes matches from index `first` on (itself a match), sliding survivors towards the head, then clears the
    // freed slots at the tail.
    private int CompactTowardsHead(int first, ReadOnlySpan<byte> element, long limit)
    {
        int removed = 0;
        int write = first;
        int read = first;
        for (; read < _count && (limit == 0 || removed < limit); read++)
        {
            if (this[read].SequenceEqual(element))
            {
                removed++;
                continue;
            }
            MoveRange(read, write++, 1);
        }
        // Past the limit nothing is compared any more (Redis stops there too): the rest slides down in runs.
        int rest = _count - read;
        MoveRange(read, write, rest);
        write += rest;
        for (int i = write; i < _count; i++)
        {
            ClearSlot(i);
        }
        _count = write;
        return removed;
    }

    // Mirror image of CompactTowardsHead: scans from `first` back to the head, sliding survivors towards the tail,
    // then clears the freed slots at the head and moves the head past them.
    private int CompactTowardsTail(int first, ReadOnlySpan<byte> element, long limit)
    {
        int removed = 0;
        int write = first;
        int read = first;
        for (; read >= 0 && (limit == 0 || removed < limit); read--)
        {
            if (this[read].SequenceEqual(element))
            {
                removed++;
                continue;
            }
            MoveRange(read, write--, 1);
        }
        // Past the limit the rest (indexes 0 to read) slides up in runs, uncompared.
        MoveRange(0, write - read, read + 1);
        for (int i = 0; i < removed; i++)
        {
            ClearSlot(i);
        }
        AdvanceHead(removed);
        _count -= removed;
        return removed;
    }

    // Makes room for one more element at the head: the head moves back one slot (empty) and the count grows.
    // A full ring doubles (or, at SegmentLength, becomes segments); a head that leaves its segment gets a new one,
    // and a directory with no free slot for it doubles first.
    private void ReserveHead()
    {
        if (_storage is ListChunk ring)
        {
            if (_count == ring.Length)
            {
                GrowRing(ring);
                ReserveHead();
                return;
            }
            _head = (_head - 1) & (ring.Length - 1);
        }
        else
        {
            var segments = (Segments)_storage;
            int head = (_head - 1) & segments.PositionMask;
            if ((head & SegmentMask) == SegmentMask)
            {
                if (head >> SegmentShift == SegmentOf(segments, _head, _count - 1))
                {
                    segments = ResizeDirectory(segments, segments.Length * 2);
                    head = (_head - 1) & segments.PositionMask;
                }
                segments.Add(head >> SegmentShift);
            }
            _head = head;
        }
        _count++;
    }

    // Makes room for one more element at the tail: the count grows and the slot after the old tail is empty. Grows
    // like ReserveHead.
    private void ReserveTail()
    {
        if (_storage is ListChunk ring)
        {
            if (_count == ring.Length)
            {
                GrowRing(ring);
                ReserveTail();
                return;
            }
        }
        else
        {
            var segments = (Segments)_storage;
            if ((((uint)_head + (uint)_count) & SegmentMask) == 0)
            {
                int segment = SegmentOf(segments, _head, _count);
                if (segment == FirstSegment(segments))
                {
                    segments = ResizeDirectory(segments, segments.Length * 2);
                    segment = SegmentOf(segments, _head, _count);
                }
                segments.Add(segment);
            }
        }
        _count++;
    }

    // A full ring doubles, up to SegmentLength; a full ring of SegmentLength becomes the first segment of a
    // two-slot directory. Its elements keep their positions (head + i) except the wrapped part before the head,
    // which belongs in the second segment and moves there.
    private void GrowRing(ListChunk ring)
    {
        if (ring.Length < SegmentLength)
        {
            ResizeRing(ring, ring.Length * 2);
            return;
        }
        var segments = new Segments(Segments.MinLength);
        segments.Attach(0, ring);
        if (_head > 0)
        {
            segments.Add(1);
            _longsBytes += ListChunk.CopyRun(ring, 0, segments.SegmentAt(SegmentLength), 0, _head);
            ring.Clear(0, _head);
        }
        _storage = segments;
    }

    // Called after elements were removed from either end or both (their slots cleared, the head and count updated)
    // with the head and count before. An emptied list drops its ring's table of long elements, so a list that
    // drained costs what a new one does.
    private void Removed(int oldHead, int oldCount)
    {
        if (_storage is ListChunk ring)
        {
            ShrinkRingIfSparse(ring);
            if (_count == 0)
            {
                _longsBytes -= ((ListChunk)_storage).DropLongs();
            }
        }
        else
        {
            ReleaseEmptySegments((Segments)_storage, oldHead, oldCount);
        }
    }

    // Halving at a quarter full (not half) leaves room to push again before the next doubling, so alternating
    // pushes and pops at a boundary never resize every time: both directions stay O(1) amortized. A bulk removal
    // (LTRIM, LREM) may halve several times; the new capacity is found first so the elements move once.
    private void ShrinkRingIfSparse(ListChunk ring)
    {
        if (ring.Length > MinCapacity && _count <= ring.Length / 4)
        {
            ResizeRing(ring, RingCapacity(ring.Length));
        }
    }

    // The capacity a ring of `capacity` slots shrinks to for the current count.
    private int RingCapacity(int capacity)
    {
        while (capacity > MinCapacity && _count <= capacity / 4)
        {
            capacity /= 2;
        }
        return capacity;
    }

    // After removals from a segmented list: segments left empty at either end (between the old and the new head's,
    // and between the old and the new tail's) are released, and the directory halves while three quarters of it are
    // empty slots. A list that drained to RingAgainCount becomes one ring again instead.
    private void ReleaseEmptySegments(Segments segments, int oldHead, int oldCount)
    {
        if (_count <= RingAgainCount)
        {
            ToRing(segments);
            return;
        }
        for (int s = SegmentOf(segments, oldHead, 0), first = FirstSegment(segments); s != first; s = (s + 1) & segments.Mask)
        {
            _longsBytes -= segments.Release(s);
        }
        for (int s = SegmentOf(segments, oldHead, oldCount - 1), last = SegmentOf(segments, _head, _count - 1); s != last; s = (s - 1) & segments.Mask)
        {
            _longsBytes -= segments.Release(s);
        }
        int length = segments.Length;
        while (length > Segments.MinLength && segments.InUse <= length / 4)
        {
            length /= 2;
        }
        if (length != segments.Length)
        {
            ResizeDirectory(segments, length);
        }
    }

    // Copies the elements in order to the start of a new ring of the given power-of-two capacity; the old ring's
    // table of long elements (if any) is replaced by the new one's.
    private void ResizeRing(ListChunk ring, int capacity)
    {
        var items = new ListChunk(capacity);
        int firstPart = Math.Min(_count, ring.Length - _head);
        _longsBytes += ListChunk.CopyRun(ring, _head, items, 0, firstPart);
        _longsBytes += ListChunk.CopyRun(ring, 0, items, firstPart, _count - firstPart);
        _longsBytes -= ring.DropLongs();
        _storage = items;
        _head = 0;
    }

    // Back to one ring, sized as a ring that shrank to this count would be: a run of whole-segment copies. Every
    // segment (and its table) is dropped, so the only table left is the ring's.
    private void ToRing(Segments segments)
    {
        var items = new ListChunk(RingCapacity(SegmentLength));
        uint position = (uint)_head;
        for (int copied = 0; copied < _count;)
        {
            int slot = (int)position & SegmentMask;
            int run = Math.Min(SegmentLength - slot, _count - copied);
            ListChunk.CopyRun(segments.SegmentAt(position), slot, items, copied, run);
            copied += run;
            position += (uint)run;
        }
        _longsBytes = items.Longs is null ? 0 : ListChunk.LongsBytes(items.Length);
        _storage = items;
        _head = 0;
    }

    // A directory of `length` slots holding the segments in use in order from its first slot; the head keeps its
    // offset in the first segment.
    private Segments ResizeDirectory(Segments segments, int length)
    {
        Segments resized = segments.Resized(length, FirstSegment(segments));
        _storage = resized;
        _head &= SegmentMask;
        return resized;
    }

    /// <summary>
    /// A big list's storage: segments (chunks) of <see cref="SegmentLength"/> element slots in a directory of
    /// <see cref="Length"/> segment slots (a power of two) used as a ring. A list's elements take the positions
    /// <c>head</c> to <c>head + count - 1</c>, modulo <see cref="Length"/> × <see cref="SegmentLength"/>, so the
    /// segments in use are consecutive directory slots from the head's; the other slots are empty. The directory
    /// is split into pages of at most 8192 slots (64 KB), so it stays under the large object heap threshold: a list
    /// of 32M elements has one page.
    /// </summary>
    private sealed class Segments
    {
        /// <summary>The smallest directory: the head's segment and one more.</summary>
        internal const int MinLength = 2;

        private const int PageShift = 13;
        private const int PageMask = (1 << PageShift) - 1;

        /// <summary>The largest directory: positions are ints, so Length × SegmentLength ≤ 2^31.</summary>
        private const int MaxLength = 1 << (31 - SegmentShift);

        /// <summary>The object: the page table, the kept segment, the mask and the segments in use.</summary>
        private static readonly long s_objectBytes = MemoryAccounting.Object(2 * MemoryAccounting.Reference + 4 + 4);

        private readonly ListChunk?[][] _pages;
        private ListChunk? _kept; // an emptied segment, with no table of long elements, for the next one needed

        internal Segments(int length)
        {
            if (length > MaxLength)
            {
                throw new InvalidOperationException("The list is too long.");
            }
            Mask = length - 1;
            int pageLength = Math.Min(length, PageMask + 1);
            _pages = new ListChunk?[length / pageLength][];
            for (int i = 0; i < _pages.Length; i++)
            {
                _pages[i] = new ListChunk?[pageLength];
            }
        }

        /// <summary>Directory slots, a power of two.</summary>
        internal int Length => Mask + 1;

        /// <summary><see cref="Length"/> - 1: a directory slot number modulo the length.</summary>
        internal int Mask { get; }

        /// <summary>A position modulo the positions the directory covers (Length × SegmentLength).</summary>
        internal int PositionMask => (int)(((long)Length << SegmentShift) - 1);

        /// <summary>Segments holding elements.</summary>
        internal int InUse { get; private set; }

        /// <summary>
        /// Segments (in use and kept, without their tables of long elements, which the list counts), the
        /// directory's pages, its page table and this object.
        /// </summary>
        internal long Bytes => s_objectBytes + MemoryAccounting.ReferenceArray(_pages.Length) +
            _pages.Length * MemoryAccounting.ReferenceArray(_pages[0].Length) +
            (InUse + (_kept is null ? 0 : 1)) * ListChunk.Bytes(SegmentLength);

        /// <summary>The bytes of the biggest array: a segment's slots, a page or the page table.</summary>
        internal long LargestArrayBytes => Math.Max(MemoryAccounting.ByteArray(SegmentLength * ListChunk.SlotBytes),
            MemoryAccounting.ReferenceArray(Math.Max(_pages.Length, _pages[0].Length)));

        /// <summary>The segment holding <paramref name="position"/> (a position may exceed PositionMask: it wraps).</summary>
        internal ListChunk SegmentAt(uint position) => Slot((int)(position >> SegmentShift) & Mask)!;

        /// <summary>Puts a new segment (the kept one, or a fresh one) in the empty directory slot <paramref name="slot"/>.</summary>
        internal void Add(int slot) => Attach(slot, _kept ?? new ListChunk(SegmentLength));

        /// <summary>Puts <paramref name="segment"/> in the empty directory slot <paramref name="slot"/>.</summary>
        internal void Attach(int slot, ListChunk segment)
        {
            if (ReferenceEquals(segment, _kept))
            {
                _kept = null;
            }
            Slot(slot) = segment;
            InUse++;
        }

        /// <summary>
        /// Empties directory slot <paramref name="slot"/>, whose segment holds no element any more; keeps the
        /// segment if none is kept. Returns the bytes of the segment's table of long elements, dropped.
        /// </summary>
        internal long Release(int slot)
        {
            ref ListChunk? segment = ref Slot(slot);
            long freed = segment!.DropLongs();
            _kept ??= segment;
            segment = null;
            InUse--;
            return freed;
        }

        /// <summary>
        /// A directory of <paramref name="length"/> slots with the <see cref="InUse"/> segments from slot
        /// <paramref name="first"/> on in its first slots, in order; the kept segment goes along.
        /// </summary>
        internal Segments Resized(int length, int first)
        {
            var resized = new Segments(length) { _kept = _kept, InUse = InUse };
            for (int i = 0; i < InUse; i++)
            {
                resized.Slot(i) = Slot((first + i) & Mask);
            }
            return resized;
        }

        /// <summary>A copy with the same segments in use in the same slots, holding copies of their elements.</summary>
        internal Segments DeepCopy(int first)
        {
            var copy = new Segments(Length) { InUse = InUse };
            for (int i = 0; i < InUse; i++)
            {
                int slot = (first + i) & Mask;
                copy.Slot(slot) = Slot(slot)!.DeepCopy();
            }
            return copy;
        }

        private ref ListChunk? Slot(int slot) => ref _pages[slot >> PageShift][slot & PageMask];
    }
}
