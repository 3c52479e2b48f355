using System.Runtime.CompilerServices;

namespace Reactor.MiniRedis.Storage;

/// <summary>
/// One array of list element slots: a small <see cref="RedisList"/>'s ring, or one segment of a big one. A slot is
/// an <see cref="InlineSlot"/> of <see cref="SlotBytes"/> bytes inside one <c>byte[]</c>: a length byte, then up to
/// <see cref="InlineCapacity"/> element bytes, so a short element (redis-benchmark's 3-byte ones, 16-byte ids, small integers) is stored in the
/// chunk itself and is no object of its own, as an entry packed in a listpack node is no allocation of its own in
/// Redis. A longer element keeps its own array, referenced from a table of the chunk's <see cref="Longs"/>, which
/// exists only once the chunk has held one; its slot's length byte is <see cref="LongMarker"/>.
/// </summary>
/// <remarks>
/// The slot array holds no references, so the garbage collector never scans it; a list of short elements is a few
/// big arrays of plain bytes for it however long the list is. Slots are copied as bytes (and, where either side has
/// a table, their table entries alongside), so moving elements never touches their bytes one by one.
/// </remarks>
internal sealed class ListChunk
{
    /// <summary>The bytes of one slot: the length byte and the inline bytes.</summary>
    internal const int SlotBytes = InlineSlot.Bytes;

    /// <summary>The longest element stored inline; a longer one keeps its own array.</summary>
    internal const int InlineCapacity = InlineSlot.Capacity;

    /// <summary>The length byte of a slot whose element is in <see cref="Longs"/>.</summary>
    private const byte LongMarker = InlineSlot.LongMarker;

    /// <summary>The object: the slot array, the table of long elements and the length.</summary>
    private static readonly long s_objectBytes = MemoryAccounting.Object(2 * MemoryAccounting.Reference + 4);

    private readonly byte[] _slots;

    internal ListChunk(int length)
    {
        _slots = new byte[length * SlotBytes];
        Length = length;
    }

    private ListChunk(byte[] slots, byte[]?[]? longs)
    {
        _slots = slots;
        Longs = longs;
        Length = slots.Length / SlotBytes;
    }

    /// <summary>Slots in the chunk.</summary>
    internal int Length { get; }

    /// <summary>The arrays of the long elements, by slot (null for inline slots), or null while the chunk has held none.</summary>
    internal byte[]?[]? Longs { get; private set; }

    /// <summary>The chunk object and its slot array; the table of long elements is counted by the list (see <see cref="LongsBytes"/>).</summary>
    internal static long Bytes(int length) => s_objectBytes + MemoryAccounting.ByteArray(length * SlotBytes);

    /// <summary>The table of long elements of a chunk of <paramref name="length"/> slots.</summary>
    internal static long LongsBytes(int length) => MemoryAccounting.ReferenceArray(length);

    /// <summary>The element in <paramref name="slot"/>: a view of the inline bytes, or the long element's array.</summary>
    /// <remarks>Inlined into LRANGE's loop: the short case straight-line, the long one a call.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal ReadOnlySpan<byte> Get(int slot)
    {
        return InlineSlot.TryRead(new ReadOnlySpan<byte>(_slots, slot * SlotBytes, SlotBytes), out ReadOnlySpan<byte> element)
            ? element
            : LongElement(slot);
    }

    /// <summary>The array of the element in <paramref name="slot"/> when it is long, else null.</summary>
    internal byte[]? LongAt(int slot) => _slots[slot * SlotBytes] == LongMarker ? Longs![slot] : null;

    /// <summary>Stores <paramref name="element"/> (at most <see cref="InlineCapacity"/> bytes) inline in <paramref name="slot"/>.</summary>
    /// <remarks>The slot must hold no long element (cleared, or its array already taken).</remarks>
    internal void SetInline(int slot, ReadOnlySpan<byte> element)
    {
        InlineSlot.Write(_slots.AsSpan(slot * SlotBytes, SlotBytes), element);
    }

    /// <summary>
    /// Stores <paramref name="element"/> (longer than <see cref="InlineCapacity"/>) in <paramref name="slot"/> by
    /// reference. Returns the bytes of the table of long elements when this store created it, else 0.
    /// </summary>
    internal long SetLong(int slot, byte[] element)
    {
        long created = EnsureLongs();
        _slots[slot * SlotBytes] = LongMarker;
        Longs![slot] = element;
        return created;
    }

    /// <summary>Drops the reference to a long element in <paramref name="slot"/>, if any (inline bytes need no clearing).</summary>
    internal void Clear(int slot)
    {
        if (Longs is not null)
        {
            Longs[slot] = null;
        }
    }

    /// <summary>Clears <paramref name="count"/> slots from <paramref name="slot"/> on, as <see cref="Clear"/>.</summary>
    internal void Clear(int slot, int count)
    {
        if (Longs is not null)
        {
            Array.Clear(Longs, slot, count);
        }
    }

    /// <summary>
    /// Drops the table of long elements of a chunk that holds no long element any more (a released segment, an
    /// emptied or replaced ring), so a kept or dropped chunk never carries one. Returns the bytes freed.
    /// </summary>
    internal long DropLongs()
    {
        if (Longs is null)
        {
            return 0;
        }
        Longs = null;
        return LongsBytes(Length);
    }

    /*
     * Copies `count` slots from `from` at `fromSlot` to `to` at `toSlot` (the same chunk with overlapping ranges
     * too: Array.Copy moves like memmove). The long elements' references go along; a destination without a table
     * gets one only when a long element is among them, so a ring resized after its long elements left has none.
     * Returns the bytes of a table created for the destination, else 0.
     */
    internal static long CopyRun(ListChunk from, int fromSlot, ListChunk to, int toSlot, int count)
    {
        Array.Copy(from._slots, fromSlot * SlotBytes, to._slots, toSlot * SlotBytes, count * SlotBytes);
        long created = 0;
        if (from.Longs is not null && (to.Longs is not null || HasLong(from.Longs, fromSlot, count)))
        {
            created = to.EnsureLongs();
            Array.Copy(from.Longs, fromSlot, to.Longs!, toSlot, count);
        }
        else
        {
            to.Clear(toSlot, count);
        }
        return created;
    }

    private static bool HasLong(byte[]?[] longs, int slot, int count)
    {
        foreach (byte[]? element in longs.AsSpan(slot, count))
        {
            if (element is not null)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>A copy holding copies of the long elements' arrays (COPY, BGSAVE's capture).</summary>
    internal ListChunk DeepCopy()
    {
        byte[]?[]? longs = null;
        if (Longs is not null)
        {
            longs = new byte[]?[Longs.Length];
            for (int i = 0; i < longs.Length; i++)
            {
                longs[i] = (byte[]?)Longs[i]?.Clone();
            }
        }
        return new ListChunk((byte[])_slots.Clone(), longs);
    }

    private ReadOnlySpan<byte> LongElement(int slot) => Longs![slot];

    private long EnsureLongs()
    {
        if (Longs is not null)
        {
            return 0;
        }
        Longs = new byte[]?[Length];
        return LongsBytes(Length);
    }
}
