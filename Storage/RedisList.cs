namespace Reactor.MiniRedis.Storage;

/// <summary>
/// A list value: a deque of binary-safe elements, the quicklist of redis/redis src/quicklist.c in role. It is a
/// ring buffer of element arrays whose capacity is a power of two, so pushing and popping at either end is O(1)
/// amortized and reading any index (LRANGE from the middle, LINDEX) is O(1). Inserting or removing in the middle
/// moves the shorter side, as a memmove inside a listpack would.
/// </summary>
/// <remarks>
/// The buffer doubles when full and halves when three quarters empty, so a list that grew and drained does not keep
/// its peak memory. Elements are stored as given: pushing copies the request bytes once and popping hands back the
/// stored array without copying. A caller that drops a popped element can hand its array back with
/// <see cref="Recycle"/>, and the next push of an element of the same length reuses it: the list keeps one spare,
/// as a listpack keeps the room a pop freed, so LPUSH/LPOP churn allocates nothing.
/// </remarks>
public sealed class RedisList : RedisObject, IRedisCollection<RedisList>
{
    private const int MinCapacity = 4;

    /// <summary>The longest element array kept as the spare; longer ones are left to the GC.</summary>
    private const int MaxSpareLength = 1024;

    /// <summary>The object: the base fields, the ring buffer, the spare, the head, the count and the element bytes.</summary>
    private static readonly long s_objectBytes = MemoryAccounting.Object(BaseFieldBytes + 2 * MemoryAccounting.Reference + 4 + 4 + 8);

    private byte[]?[] _items = new byte[MinCapacity][];
    private int _head;
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

    /// <summary>Slots of the ring buffer (a power of two), for MEMORY USAGE.</summary>
    internal int Capacity => _items.Length;

    /// <summary>Elements in the list (LLEN).</summary>
    public int Count => _count;

    /// <inheritdoc />
    /// <remarks>The object, the ring buffer at its capacity, every element's array and the spare.</remarks>
    public override long EstimatedBytes => s_objectBytes + MemoryAccounting.ReferenceArray(_items.Length) + _elementBytes +
        (_spare is null ? 0 : MemoryAccounting.ByteArray(_spare.Length));

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
        if (_count == _items.Length)
        {
            Resize(_items.Length * 2);
        }
        if (where == ListEnd.Head)
        {
            _head = (_head - 1) & Mask;
            _items[_head] = element;
        }
        else
        {
            Slot(_count) = element;
        }
        _count++;
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
        if (where == ListEnd.Head)
        {
            element = _items[_head]!;
            _items[_head] = null;
            _head = (_head + 1) & Mask;
        }
        else
        {
            ref byte[]? last = ref Slot(_count - 1);
            element = last!;
            last = null;
        }
        _count--;
        _elementBytes -= MemoryAccounting.ByteArray(element.Length);
        ShrinkIfSparse();
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
        if (_count == _items.Length)
        {
            Resize(_items.Length * 2);
        }
        if (index < _count / 2)
        {
            _head = (_head - 1) & Mask;
            for (int i = 0; i < index; i++)
            {
                Slot(i) = Slot(i + 1);
            }
        }
        else
        {
            for (int i = _count; i > index; i--)
            {
                Slot(i) = Slot(i - 1);
            }
        }
        Slot(index) = element;
        _count++;
        _elementBytes += MemoryAccounting.ByteArray(element.Length);
    }

    /// <summary>Removes the element at <paramref name="index"/>, moving the shorter side of the list by one.</summary>
    public void RemoveAt(int index)
    {
        CheckIndex(index);
        _elementBytes -= MemoryAccounting.ByteArray(Slot(index)!.Length);
        if (index < _count / 2)
        {
            for (int i = index; i > 0; i--)
            {
                Slot(i) = Slot(i - 1);
            }
            _items[_head] = null;
            _head = (_head + 1) & Mask;
        }
        else
        {
            for (int i = index; i < _count - 1; i++)
            {
                Slot(i) = Slot(i + 1);
            }
            Slot(_count - 1) = null;
        }
        _count--;
        ShrinkIfSparse();
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
        int removed = fromHead ? CompactTowardsHead(first, element, limit) : CompactTowardsTail(first, element, limit);
        _elementBytes -= removed * MemoryAccounting.ByteArray(element.Length); // every removed element equals element
        ShrinkIfSparse();
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
        for (int i = 0; i < fromHead; i++)
        {
            _elementBytes -= MemoryAccounting.ByteArray(Slot(i)!.Length);
            Slot(i) = null;
        }
        _head = (_head + fromHead) & Mask;
        _count -= fromHead;
        for (int i = _count - fromTail; i < _count; i++)
        {
            _elementBytes -= MemoryAccounting.ByteArray(Slot(i)!.Length);
            Slot(i) = null;
        }
        _count -= fromTail;
        ShrinkIfSparse();
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
            return new ListIterator(_items, _head, 0, 0, towards);
        }
        CheckIndex(index);
        return new ListIterator(_items, _head, index, towards == ListEnd.Tail ? _count - index : index + 1, towards);
    }

    private int Mask => _items.Length - 1;

    private ref byte[]? Slot(int index) => ref _items[(_head + index) & Mask];

    private void CheckIndex(int index)
    {
        if ((uint)index >= (uint)_count)
        {
            throw new ArgumentOutOfRangeException(nameof(index));
        }
    }

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
        for (int read = first; read < _count; read++)
        {
            byte[] candidate = Slot(read)!;
            if ((limit == 0 || removed < limit) && candidate.AsSpan().SequenceEqual(element))
            {
                removed++;
                continue;
            }
            Slot(write++) = candidate;
        }
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
        for (int read = first; read >= 0; read--)
        {
            byte[] candidate = Slot(read)!;
            if ((limit == 0 || removed < limit) && candidate.AsSpan().SequenceEqual(element))
            {
                removed++;
                continue;
            }
            Slot(write--) = candidate;
        }
        for (int i = 0; i < removed; i++)
        {
            Slot(i) = null;
        }
        _head = (_head + removed) & Mask;
        _count -= removed;
        return removed;
    }

    // Halving at a quarter full (not half) leaves room to push again before the next doubling, so alternating
    // pushes and pops at a boundary never resize every time: both directions stay O(1) amortized. A bulk removal
    // (LTRIM, LREM) may halve several times; the new capacity is found first so the elements move once.
    private void ShrinkIfSparse()
    {
        int capacity = _items.Length;
        while (capacity > MinCapacity && _count <= capacity / 4)
        {
            capacity /= 2;
        }
        if (capacity != _items.Length)
        {
            Resize(capacity);
        }
    }

    // Copies the elements in order to the start of a new buffer of the given power-of-two capacity.
    private void Resize(int capacity)
    {
        var items = new byte[]?[capacity];
        int firstPart = Math.Min(_count, _items.Length - _head);
        Array.Copy(_items, _head, items, 0, firstPart);
        Array.Copy(_items, 0, items, firstPart, _count - firstPart);
        _items = items;
        _head = 0;
    }

    /// <summary>A deep copy, head to tail, for COPY and BGSAVE's capture (listTypeDup in redis/redis src/t_list.c).</summary>
    public override RedisList Clone()
    {
        var copy = new RedisList();
        foreach (byte[] element in Iterate(0, ListEnd.Tail))
        {
            copy.Push(element, ListEnd.Tail);
        }
        return copy;
    }
}
