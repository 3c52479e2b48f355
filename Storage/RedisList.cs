namespace Reactor.MiniRedis.Storage;

/// <summary>
/// A list value: a deque of binary-safe elements, the quicklist of redis/redis src/quicklist.c in role. Pushing and
/// popping at either end is O(1) amortized, reading or replacing any index (LINDEX, LSET, LRANGE from the middle) is
/// O(1), and inserting or removing in the middle moves the shorter side, as a memmove inside a listpack would.
/// </summary>
/// <remarks>
/// <para><b>Small lists</b> (up to <see cref="SegmentLength"/> elements) are one ring buffer of element references
/// whose capacity is a power of two. It doubles when full and halves when three quarters empty, so a list that grew
/// and drained does not keep its peak memory.</para>
/// <para><b>Big lists</b> are segmented, like std::deque or a quicklist of fixed-size nodes: the elements live in
/// segments of <see cref="SegmentLength"/> references (32 KB), reached through a directory of segments that is itself
/// a ring (see <see cref="Segments"/>), so element <c>i</c> is at position <c>head + i</c>, in segment
/// <c>position / SegmentLength</c> at offset <c>position % SegmentLength</c>. A push at an end that has filled its
/// segment adds one there, a pop that empties one releases it, and elements never move between segments (the ring of
/// a small list that fills up becomes the first segment; only its wrapped part moves to a second). The directory
/// doubles when every slot holds a segment and halves when three quarters are free; one emptied segment is kept for
/// the next one needed, so pushes and pops back and forth across a segment boundary do not allocate each time. A
/// list that drains to a quarter of a segment becomes one ring again.</para>
/// <para><b>No big allocations.</b> Segments, directory pages (at most 8192 segments, 64 KB) and rings are all under
/// the large object heap's 85,000-byte threshold, whatever the list's length. A single power-of-two array would pass
/// it at 16K elements and then be reallocated on the large object heap at every doubling, which only a gen2
/// collection reclaims (redis-benchmark's LPUSH test caused one); segments are small allocations spread over the
/// pushes that need them, as KeyTable's entry chunks are.</para>
/// <para>Elements are stored as given: pushing copies the request bytes once and popping hands back the stored array
/// without copying. A caller that drops a popped element can hand its array back with <see cref="Recycle"/>, and the
/// next push of an element of the same length reuses it: the list keeps one spare, as a listpack keeps the room a
/// pop freed, so LPUSH/LPOP churn allocates nothing.</para>
/// </remarks>
public sealed class RedisList : RedisObject, IRedisCollection<RedisList>
{
    /// <summary>Element references per segment of a big list (32 KB arrays), and the largest ring of a small one.</summary>
    internal const int SegmentLength = 1 << SegmentShift;

    private const int SegmentShift = 12;
    private const int SegmentMask = SegmentLength - 1;

    private const int MinCapacity = 4;

    /// <summary>A segmented list that drains to this many elements becomes one ring again.</summary>
    private const int RingAgainCount = SegmentLength / 4;

    /// <summary>The longest element array kept as the spare; longer ones are left to the GC.</summary>
    private const int MaxSpareLength = 1024;

    /// <summary>The object: the base fields, the storage, the spare, the head, the count and the element bytes.</summary>
    private static readonly long s_objectBytes = MemoryAccounting.Object(BaseFieldBytes + 2 * MemoryAccounting.Reference + 4 + 4 + 8);

    // A small list's ring (byte[]?[], a power of two up to SegmentLength slots) or a big list's Segments. One field
    // for either, so a small list costs what it did before lists had segments.
    private object _storage = new byte[MinCapacity][];
    private int _head;          // the head's slot in the ring, or its position in the segments' ring of positions
    private int _count;
    private long _elementBytes; // the elements' arrays, by MemoryAccounting.ByteArray
    private byte[]? _spare;     // a popped element's array nobody else holds, reused by the next push of its length

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
    /// <remarks>The object, its storage (see <see cref="StorageBytes"/>), every element's array and the spare.</remarks>
    public override long EstimatedBytes => s_objectBytes + StorageBytes + _elementBytes +
        (_spare is null ? 0 : MemoryAccounting.ByteArray(_spare.Length));

    /// <summary>
    /// The arrays that hold the element references, for used_memory and MEMORY USAGE: a small list's ring at its
    /// capacity, or a big list's segments (those in use and the one kept for reuse) and their directory.
    /// </summary>
    internal long StorageBytes => _storage is byte[]?[] ring ? MemoryAccounting.ReferenceArray(ring.Length) : ((Segments)_storage).Bytes;

    /// <summary>The longest array the list holds (ring, segment, directory page or page table), for tests.</summary>
    internal int LongestArray => _storage is byte[]?[] ring ? ring.Length : ((Segments)_storage).LongestArray;

    /// <summary>Whether the list is segmented (a big list) rather than one ring, for tests.</summary>
    internal bool IsSegmented => _storage is Segments;

    /// <summary>A deep copy, head to tail, for COPY and BGSAVE's capture (listTypeDup in redis/redis src/t_list.c).</summary>
    /// <remarks>A ring is copied at its capacity; segments keep their positions (the segment kept for reuse is not copied).</remarks>
    public override RedisList Clone()
    {
        var copy = new RedisList { _count = _count, _elementBytes = _elementBytes };
        if (_storage is byte[]?[] ring)
        {
            var items = new byte[ring.Length][];
            for (int i = 0; i < _count; i++)
            {
                items[i] = (byte[])Slot(i)!.Clone();
            }
            copy._storage = items;
        }
        else
        {
            copy._storage = ((Segments)_storage).DeepCopy(FirstSegment((Segments)_storage));
            copy._head = _head;
        }
        return copy;
    }

    /// <summary>The element at <paramref name="index"/> (0 is the head); the index must be in range.</summary>
    public byte[] this[int index]
    {
        get
        {
            CheckIndex(index);
            return Slot(index)!;
        }
        set
        {
            CheckIndex(index);
            ref byte[]? slot = ref Slot(index);
            _elementBytes += MemoryAccounting.ByteArray(value.Length) - MemoryAccounting.ByteArray(slot!.Length);
            slot = value;
        }
    }

    /// <summary>
    /// listTypePush: adds a copy of <paramref name="element"/> at <paramref name="where"/>. The copy goes into the
    /// spare array when it has the same length (see <see cref="Recycle"/>), otherwise into a new one.
    /// </summary>
    public void Push(ReadOnlySpan<byte> element, ListEnd where)
    {
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
        PushOwned(copy, where);
    }

    /// <summary>
    /// Takes back the array of an element just returned by <see cref="Pop"/> once the caller is done with it (its
    /// bytes were copied into a reply) and no one else holds it, so the next <see cref="Push"/> of the same length
    /// can reuse it. Only one spare is kept, and only a small one (a pop of a big element frees its memory).
    /// Never pass an array that was handed on (LMOVE pushes the popped array into another list).
    /// </summary>
    public void Recycle(byte[] element)
    {
        if (element.Length <= MaxSpareLength)
        {
            _spare = element;
        }
    }

    /// <summary>Adds <paramref name="element"/> at <paramref name="where"/>, taking ownership of the array (LMOVE hands elements over).</summary>
    public void PushOwned(byte[] element, ListEnd where)
    {
        if (_storage is byte[]?[] ring && _count < ring.Length)
        {
            // The common case, a ring with room, inline.
            int mask = ring.Length - 1;
            if (where == ListEnd.Head)
            {
                _head = (_head - 1) & mask;
                ring[_head] = element;
            }
            else
            {
                ring[(_head + _count) & mask] = element;
            }
            _count++;
        }
        else if (where == ListEnd.Head)
        {
            ReserveHead();
            Slot(0) = element;
        }
        else
        {
            ReserveTail();
            Slot(_count - 1) = element;
        }
        _elementBytes += MemoryAccounting.ByteArray(element.Length);
    }

    /// <summary>
    /// listTypePop: removes and returns the element at <paramref name="where"/>. The list must not be empty; the
    /// caller deletes the key once it is (Redis never keeps an empty list).
    /// </summary>
    public byte[] Pop(ListEnd where)
    {
        if (_count == 0)
        {
            throw new InvalidOperationException("Pop from an empty list.");
        }
        byte[] element;
        if (_storage is byte[]?[] ring)
        {
            int mask = ring.Length - 1;
            int slot = where == ListEnd.Head ? _head : (_head + _count - 1) & mask;
            element = ring[slot]!;
            ring[slot] = null;
            if (where == ListEnd.Head)
            {
                _head = (_head + 1) & mask;
            }
            _count--;
            ShrinkRingIfSparse(ring);
        }
        else
        {
            var segments = (Segments)_storage;
            int oldHead = _head, oldCount = _count;
            ref byte[]? slot = ref Slot(where == ListEnd.Head ? 0 : _count - 1);
            element = slot!;
            slot = null;
            if (where == ListEnd.Head)
            {
                _head = (_head + 1) & segments.PositionMask;
            }
            _count--;
            ReleaseEmptySegments(segments, oldHead, oldCount);
        }
        _elementBytes -= MemoryAccounting.ByteArray(element.Length);
        return element;
    }

    /// <summary>
    /// Inserts <paramref name="element"/> so it ends up at <paramref name="index"/> (0 ≤ index ≤ Count), moving the
    /// shorter side of the list by one (LINSERT).
    /// </summary>
    public void Insert(int index, byte[] element)
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
        Slot(index) = element;
        _elementBytes += MemoryAccounting.ByteArray(element.Length);
    }

    /// <summary>Removes the element at <paramref name="index"/>, moving the shorter side of the list by one.</summary>
    public void RemoveAt(int index)
    {
        CheckIndex(index);
        int oldHead = _head, oldCount = _count;
        _elementBytes -= MemoryAccounting.ByteArray(Slot(index)!.Length);
        if (index < _count / 2)
        {
            MoveRange(0, 1, index);
            Slot(0) = null;
            AdvanceHead(1);
        }
        else
        {
            MoveRange(index + 1, index, _count - 1 - index);
            Slot(_count - 1) = null;
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
        _elementBytes -= removed * MemoryAccounting.ByteArray(element.Length); // every removed element equals element
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
        for (int i = 0; i < fromHead; i++)
        {
            _elementBytes -= MemoryAccounting.ByteArray(Slot(i)!.Length);
            Slot(i) = null;
        }
        AdvanceHead(fromHead);
        _count -= fromHead;
        for (int i = _count - fromTail; i < _count; i++)
        {
            _elementBytes -= MemoryAccounting.ByteArray(Slot(i)!.Length);
            Slot(i) = null;
        }
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
    /// For <see cref="ListIterator"/>: the array holding element <paramref name="index"/> (the ring, or its segment)
    /// and the element's <paramref name="offset"/> in it. Neighbouring elements are at neighbouring offsets of the
    /// same array up to its ends.
    /// </summary>
    internal byte[]?[] Locate(int index, out int offset)
    {
        if (_storage is byte[]?[] ring)
        {
            offset = (_head + index) & (ring.Length - 1);
            return ring;
        }
        uint position = (uint)_head + (uint)index;
        offset = (int)position & SegmentMask;
        return ((Segments)_storage).SegmentAt(position);
    }

    /*
     * Moves the count elements starting at index source so they start at index destination (the ranges may
     * overlap), in runs that each stay inside one array (a ring up to its physical end, or one segment), copied
     * with Array.Copy; LINSERT and a removal in the middle shift one side of the list this way. Copying runs
     * front to back when moving towards the head and back to front when moving towards the tail never reads a
     * slot already overwritten.
     */
    private void MoveRange(int source, int destination, int count)
    {
        if (destination < source)
        {
            for (int done = 0; done < count;)
            {
                byte[]?[] from = Locate(source + done, out int fromOffset);
                byte[]?[] to = Locate(destination + done, out int toOffset);
                int run = Math.Min(count - done, Math.Min(from.Length - fromOffset, to.Length - toOffset));
                Array.Copy(from, fromOffset, to, toOffset, run);
                done += run;
            }
        }
        else
        {
            for (int done = 0; done < count;)
            {
                byte[]?[] from = Locate(source + count - 1 - done, out int fromLast);
                byte[]?[] to = Locate(destination + count - 1 - done, out int toLast);
                int run = Math.Min(count - done, Math.Min(fromLast, toLast) + 1);
                Array.Copy(from, fromLast - run + 1, to, toLast - run + 1, run);
                done += run;
            }
        }
    }

    private ref byte[]? Slot(int index)
    {
        if (_storage is byte[]?[] ring)
        {
            return ref ring[(_head + index) & (ring.Length - 1)];
        }
        uint position = (uint)_head + (uint)index;
        return ref ((Segments)_storage).SegmentAt(position)[(int)position & SegmentMask];
    }

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
        int positionMask = _storage is byte[]?[] ring ? ring.Length - 1 : ((Segments)_storage).PositionMask;
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
            if (iterator.Current.AsSpan().SequenceEqual(element))
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
            byte[] candidate = Slot(read)!;
            if (candidate.AsSpan().SequenceEqual(element))
            {
                removed++;
                continue;
            }
            Slot(write++) = candidate;
        }
        // Past the limit nothing is compared any more (Redis stops there too): the rest slides down in runs.
        int rest = _count - read;
        MoveRange(read, write, rest);
        write += rest;
        for (int i = write; i < _count; i++)
        {
            Slot(i) = null;
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
            byte[] candidate = Slot(read)!;
            if (candidate.AsSpan().SequenceEqual(element))
            {
                removed++;
                continue;
            }
            Slot(write--) = candidate;
        }
        // Past the limit the rest (indexes 0 to read) slides up in runs, uncompared.
        MoveRange(0, write - read, read + 1);
        for (int i = 0; i < removed; i++)
        {
            Slot(i) = null;
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
        if (_storage is byte[]?[] ring)
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
        if (_storage is byte[]?[] ring)
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
    private void GrowRing(byte[]?[] ring)
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
            Array.Copy(ring, 0, segments.SegmentAt(SegmentLength), 0, _head);
            Array.Clear(ring, 0, _head);
        }
        _storage = segments;
    }

    // Called after elements were removed from either end or both (their slots cleared, the head and count updated)
    // with the head and count before.
    private void Removed(int oldHead, int oldCount)
    {
        if (_storage is byte[]?[] ring)
        {
            ShrinkRingIfSparse(ring);
        }
        else
        {
            ReleaseEmptySegments((Segments)_storage, oldHead, oldCount);
        }
    }

    // Halving at a quarter full (not half) leaves room to push again before the next doubling, so alternating
    // pushes and pops at a boundary never resize every time: both directions stay O(1) amortized. A bulk removal
    // (LTRIM, LREM) may halve several times; the new capacity is found first so the elements move once.
    private void ShrinkRingIfSparse(byte[]?[] ring)
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
            segments.Release(s);
        }
        for (int s = SegmentOf(segments, oldHead, oldCount - 1), last = SegmentOf(segments, _head, _count - 1); s != last; s = (s - 1) & segments.Mask)
        {
            segments.Release(s);
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

    // Copies the elements in order to the start of a new ring of the given power-of-two capacity.
    private void ResizeRing(byte[]?[] ring, int capacity)
    {
        var items = new byte[]?[capacity];
        int firstPart = Math.Min(_count, ring.Length - _head);
        Array.Copy(ring, _head, items, 0, firstPart);
        Array.Copy(ring, 0, items, firstPart, _count - firstPart);
        _storage = items;
        _head = 0;
    }

    // Back to one ring, sized as a ring that shrank to this count would be: a run of whole-segment copies.
    private void ToRing(Segments segments)
    {
        var items = new byte[]?[RingCapacity(SegmentLength)];
        uint position = (uint)_head;
        for (int copied = 0; copied < _count;)
        {
            int offset = (int)position & SegmentMask;
            int run = Math.Min(SegmentLength - offset, _count - copied);
            Array.Copy(segments.SegmentAt(position), offset, items, copied, run);
            copied += run;
            position += (uint)run;
        }
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
    /// A big list's storage: segments of <see cref="SegmentLength"/> element slots in a directory of
    /// <see cref="Length"/> segment slots (a power of two) used as a ring. A list's elements take the positions
    /// <c>head</c> to <c>head + count - 1</c>, modulo <see cref="Length"/> × <see cref="SegmentLength"/>, so the
    /// segments in use are consecutive directory slots from the head's; the other slots are empty. The directory
    /// is split into pages of at most 8192 slots (64 KB), so it too stays under the large object heap threshold: a
    /// list of 33M elements has one page.
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

        private readonly byte[]?[]?[][] _pages;
        private byte[]?[]? _kept; // an emptied segment, cleared, for the next one needed

        internal Segments(int length)
        {
            if (length > MaxLength)
            {
                throw new InvalidOperationException("The list is too long.");
            }
            Mask = length - 1;
            int pageLength = Math.Min(length, PageMask + 1);
            _pages = new byte[]?[]?[length / pageLength][];
            for (int i = 0; i < _pages.Length; i++)
            {
                _pages[i] = new byte[]?[]?[pageLength];
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

        /// <summary>Segments (in use and kept), the directory's pages, its page table and this object.</summary>
        internal long Bytes => s_objectBytes + MemoryAccounting.ReferenceArray(_pages.Length) +
            _pages.Length * MemoryAccounting.ReferenceArray(_pages[0].Length) +
            (InUse + (_kept is null ? 0 : 1)) * MemoryAccounting.ReferenceArray(SegmentLength);

        /// <summary>The longest of the arrays: a segment, a page or the page table.</summary>
        internal int LongestArray => Math.Max(SegmentLength, Math.Max(_pages.Length, _pages[0].Length));

        /// <summary>The segment holding <paramref name="position"/> (a position may exceed PositionMask: it wraps).</summary>
        internal byte[]?[] SegmentAt(uint position) => Slot((int)(position >> SegmentShift) & Mask)!;

        /// <summary>Puts a new segment (the kept one, or a fresh one) in the empty directory slot <paramref name="slot"/>.</summary>
        internal void Add(int slot) => Attach(slot, _kept ?? new byte[SegmentLength][]);

        /// <summary>Puts <paramref name="segment"/> in the empty directory slot <paramref name="slot"/>.</summary>
        internal void Attach(int slot, byte[]?[] segment)
        {
            if (ReferenceEquals(segment, _kept))
            {
                _kept = null;
            }
            Slot(slot) = segment;
            InUse++;
        }

        /// <summary>Empties directory slot <paramref name="slot"/>, whose segment holds no element any more; keeps the segment if none is kept.</summary>
        internal void Release(int slot)
        {
            ref byte[]?[]? segment = ref Slot(slot);
            _kept ??= segment;
            segment = null;
            InUse--;
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

        /// <summary>A copy with the same segments in use in the same slots, holding copies of their elements' arrays.</summary>
        internal Segments DeepCopy(int first)
        {
            var copy = new Segments(Length) { InUse = InUse };
            for (int i = 0; i < InUse; i++)
            {
                int slot = (first + i) & Mask;
                byte[]?[] source = Slot(slot)!;
                var segment = new byte[]?[SegmentLength];
                for (int j = 0; j < segment.Length; j++)
                {
                    segment[j] = (byte[]?)source[j]?.Clone();
                }
                copy.Slot(slot) = segment;
            }
            return copy;
        }

        private ref byte[]?[]? Slot(int slot) => ref _pages[slot >> PageShift][slot & PageMask];
    }
}
