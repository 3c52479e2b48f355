namespace Reactor.MiniRedis.Storage;

/// <summary>
/// Walks a <see cref="RedisList"/> from one index towards one end without allocating: listTypeIterator in
/// redis/redis src/t_list.c. Made by <see cref="RedisList.Iterate"/>; usable with <c>foreach</c>. It reads the ring
/// buffer directly, so the list must not change while it is in use.
/// </summary>
public ref struct ListIterator
{
    private readonly byte[]?[] _items;
    private readonly int _head;
    private readonly int _step;
    private int _remaining;
    private int _index;

    internal ListIterator(byte[]?[] items, int head, int start, int count, ListEnd towards)
    {
        _items = items;
        _head = head;
        _step = towards == ListEnd.Tail ? 1 : -1;
        _remaining = count;
        _index = start - _step;
    }

    /// <summary>The element the iterator is on.</summary>
    public readonly byte[] Current => _items[(_head + _index) & (_items.Length - 1)]!;

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
        return true;
    }

    /// <summary>Lets <c>foreach</c> use the iterator itself.</summary>
    public readonly ListIterator GetEnumerator() => this;
}
