namespace Reactor.MiniRedis.Storage;

/// <summary>
/// Walks a <see cref="RedisList"/> from one index towards one end without allocating: listTypeIterator in
/// redis/redis src/t_list.c. Made by <see cref="RedisList.Iterate"/>; usable with <c>foreach</c>. It reads the
/// list's arrays directly (the ring, or one segment at a time, asking the list for the next at a segment's end), so
/// the list must not change while it is in use.
/// </summary>
public ref struct ListIterator
{
    private readonly RedisList _list;
    private readonly int _step;
    private byte[]?[] _array;  // the ring or segment holding Current
    private int _offset;       // Current's slot in _array
    private int _remaining;
    private int _index;

    internal ListIterator(RedisList list, int start, int count, ListEnd towards)
    {
        _list = list;
        _step = towards == ListEnd.Tail ? 1 : -1;
        _remaining = count;
        _index = start - _step;
        _array = count == 0 ? [] : list.Locate(start, out _offset);
        _offset -= _step;
    }

    /// <summary>The element the iterator is on.</summary>
    public readonly byte[] Current => _array[_offset]!;

    /// <summary>The position of <see cref="Current"/> counted from the head (what LINDEX takes).</summary>
    public readonly int Index => _index;

    /// <summary>Steps to the next element; false once the end of the walk is reached.</summary>
    public bool MoveNext()
    {
        if (_remaining == 0)
        {
            return false;
        }
        _remaining--;
        _index += _step;
        _offset += _step;
        if ((uint)_offset >= (uint)_array.Length)
        {
            // Past an end of the ring (it wraps) or of a segment (the next one is elsewhere).
            _array = _list.Locate(_index, out _offset);
        }
        return true;
    }

    /// <summary>Lets <c>foreach</c> use the iterator itself.</summary>
    public readonly ListIterator GetEnumerator() => this;
}
