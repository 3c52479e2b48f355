using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Reactor.MiniRedis.Storage;

/// <summary>
/// The dictionary behind hashes and sets: binary-safe keys (found straight from request spans through
/// <see cref="KeyComparer"/>'s alternate lookup) with their values kept in dense arrays, so entry <c>i</c> can be
/// read by position. That gives what Redis's dict gets from its buckets (dictGetRandomKey for SPOP, SRANDMEMBER,
/// HRANDFIELD) in O(1), and cheap ordered iteration for HGETALL, SMEMBERS and SCAN.
/// </summary>
/// <remarks>
/// An index dictionary maps each key to its position. <see cref="Remove"/> either moves the last entry into the
/// hole (O(1), order changes, like a hashtable) or shifts the tail down (O(n), order kept, like deleting from a
/// listpack); the owner picks per call. Keys and values are stored as given: the key bytes are copied once, when the
/// key is added.
/// </remarks>
public sealed class DenseDictionary<TValue>
{
    private const int MinCapacity = 4;

    /// <summary>The object: the index, its alternate lookup, the key and value arrays and the count.</summary>
    private static readonly long s_objectBytes = MemoryAccounting.Object(4 * MemoryAccounting.Reference + 4);

    private readonly Dictionary<byte[], int> _index = new(KeyComparer.Instance);
    private readonly Dictionary<byte[], int>.AlternateLookup<ReadOnlySpan<byte>> _lookup;
    private byte[][] _keys = [];
    private TValue[] _values = [];
    private int _count;

    /// <summary>Creates an empty dictionary.</summary>
    public DenseDictionary() => _lookup = _index.GetAlternateLookup<ReadOnlySpan<byte>>();

    /// <summary>Entries stored.</summary>
    public int Count => _count;

    /// <summary>The key at position <paramref name="position"/> (0 ≤ position &lt; Count).</summary>
    public byte[] KeyAt(int position)
    {
        CheckPosition(position);
        return _keys[position];
    }

    /// <summary>The value at position <paramref name="position"/> (0 ≤ position &lt; Count).</summary>
    public TValue ValueAt(int position)
    {
        CheckPosition(position);
        return _values[position];
    }

    /// <summary>The position of <paramref name="key"/>, or -1 when it is absent.</summary>
    public int IndexOf(ReadOnlySpan<byte> key) => _lookup.TryGetValue(key, out int position) ? position : -1;

    /// <summary>True when <paramref name="key"/> is present.</summary>
    public bool ContainsKey(ReadOnlySpan<byte> key) => _lookup.ContainsKey(key);

    /// <summary>Finds the value of <paramref name="key"/>.</summary>
    public bool TryGetValue(ReadOnlySpan<byte> key, out TValue value)
    {
        if (_lookup.TryGetValue(key, out int position))
        {
            value = _values[position];
            return true;
        }
        value = default!;
        return false;
    }

    /// <summary>
    /// Returns a reference to the value slot of <paramref name="key"/>, adding the key (with a default value) when it
    /// is new. The reference is valid until the next add or remove.
    /// </summary>
    public ref TValue GetValueRefOrAddDefault(ReadOnlySpan<byte> key, out bool exists)
    {
        if (_lookup.TryGetValue(key, out int position))
        {
            exists = true;
            return ref _values[position];
        }
        exists = false;
        // Append first: it may replace _values, which must be read after it.
        position = Append(key.ToArray());
        return ref _values[position];
    }

    /// <summary>Adds <paramref name="key"/>, taking ownership of the array, when absent. Returns whether it was added.</summary>
    public bool TryAddOwned(byte[] key, TValue value)
    {
        ref int slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_index, key, out bool exists);
        if (exists)
        {
            return false;
        }
        slot = _count;
        EnsureCapacity();
        _keys[_count] = key;
        _values[_count] = value;
        _count++;
        return true;
    }

    /// <summary>
    /// Removes <paramref name="key"/>. With <paramref name="keepOrder"/> the entries after it shift down (O(n));
    /// otherwise the last entry takes its place (O(1)). Returns false when it was absent.
    /// </summary>
    public bool Remove(ReadOnlySpan<byte> key, bool keepOrder)
    {
        if (!_lookup.TryGetValue(key, out int position))
        {
            return false;
        }
        RemoveAt(position, keepOrder);
        return true;
    }

    /// <summary>Removes the entry at <paramref name="position"/>; see <see cref="Remove"/> for <paramref name="keepOrder"/>.</summary>
    public void RemoveAt(int position, bool keepOrder)
    {
        CheckPosition(position);
        _index.Remove(_keys[position]);
        int last = _count - 1;
        if (keepOrder)
        {
            for (int i = position; i < last; i++)
            {
                MoveEntry(i + 1, i);
            }
        }
        else if (position != last)
        {
            MoveEntry(last, position);
        }
        _keys[last] = null!;
        _values[last] = default!;
        _count--;
        ShrinkIfSparse();
    }

    /// <summary>
    /// The bytes of the dictionary itself, without the keys' and values' own arrays (which the owner counts): this
    /// object, the index dictionary at its capacity (24-byte entries and an <c>int</c> bucket each) and the dense key
    /// and value arrays at theirs. See <see cref="MemoryAccounting"/>.
    /// </summary>
    internal long StructureBytes =>
        s_objectBytes + MemoryAccounting.Dictionary(_index.EnsureCapacity(0), 24)
        + (_keys.Length == 0 ? 0 : MemoryAccounting.ReferenceArray(_keys.Length) + MemoryAccounting.Array(_values.Length, Unsafe.SizeOf<TValue>()));

    /// <summary>Removes every entry.</summary>
    public void Clear()
    {
        _index.Clear();
        _index.TrimExcess();
        _keys = [];
        _values = [];
        _count = 0;
    }

    private int Append(byte[] key)
    {
        EnsureCapacity();
        _index.Add(key, _count);
        _keys[_count] = key;
        return _count++;
    }

    // Moves entry 'from' into position 'to' and points its index entry at the new position.
    private void MoveEntry(int from, int to)
    {
        byte[] key = _keys[from];
        _keys[to] = key;
        _values[to] = _values[from];
        CollectionsMarshal.GetValueRefOrNullRef(_index, key) = to;
    }

    private void EnsureCapacity()
    {
        if (_count == _keys.Length)
        {
            Resize(Math.Max(MinCapacity, _keys.Length * 2));
        }
    }

    // Halves the arrays (and compacts the index) once three quarters are unused, so a drained set or hash does not
    // keep its peak memory; the quarter threshold keeps add/remove at a boundary from resizing every time.
    private void ShrinkIfSparse()
    {
        if (_keys.Length > MinCapacity && _count <= _keys.Length / 4)
        {
            Resize(_keys.Length / 2);
            _index.TrimExcess();
        }
    }

    private void Resize(int capacity)
    {
        Array.Resize(ref _keys, capacity);
        Array.Resize(ref _values, capacity);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void CheckPosition(int position)
    {
        if ((uint)position >= (uint)_count)
        {
            throw new ArgumentOutOfRangeException(nameof(position));
        }
    }
}
