using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Reactor.MiniRedis.Storage;

/// <summary>
/// A byte string kept where it is used: up to <see cref="InlineSlot.Capacity"/> bytes inside the struct, in an
/// <see cref="InlineSlot"/>, else in an array of its own. A <see cref="DenseDictionary{TValue}"/> entry holds its
/// key so, and a <see cref="RedisHash"/> entry its value too: HSET of a short field and value then stores no object
/// at all, and a lookup compares the key and reads the value in the entry it has just loaded for the hash, instead
/// of following one more reference to another cache line per string (the dependent misses that dominated SADD and
/// HSET into 632K-member collections).
/// </summary>
internal struct SlotString
{
    private byte[]? _long;           // the string when longer than InlineSlot.Capacity, else null
    private InlineSlotBytes _inline; // [0]: the string's length or InlineSlot.LongMarker; then a short string's bytes

    /// <summary>
    /// A new string of <paramref name="value"/>'s bytes: inline when short, else <paramref name="owned"/> (an array
    /// holding the same bytes, given away by the caller: RDB loading, a set member shared with another set) or a copy.
    /// </summary>
    public static SlotString Create(ReadOnlySpan<byte> value, byte[]? owned = null)
    {
        SlotString created = default;
        created._long = InlineSlot.Store(created._inline, value, owned);
        return created;
    }

    /// <summary>The string's bytes: a view of the inline area, or the long string's array.</summary>
    [UnscopedRef]
    public readonly ReadOnlySpan<byte> Span
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => InlineSlot.Read(_inline, _long);
    }

    /// <summary>The heap bytes the string takes beyond its slot: its array, if it has one (see <see cref="MemoryAccounting"/>).</summary>
    public readonly long HeapBytes => _long is null ? 0 : MemoryAccounting.ByteArray(_long.Length);

    /// <summary>A copy of the bytes (for a string that may later be overwritten in place, see <see cref="Set"/>).</summary>
    public readonly byte[] ToArray() => Span.ToArray();

    /// <summary>The long string's own array, or a copy of a short one's bytes (for a string never written in place).</summary>
    public readonly byte[] SharedArray() => _long ?? Span.ToArray();

    /// <summary>
    /// Replaces the string with a copy of <paramref name="value"/>: inline when short; else over the long string's
    /// array when the length is the same (so overwriting a hash field allocates nothing), else in a new array.
    /// </summary>
    public void Set(ReadOnlySpan<byte> value)
    {
        if (value.Length > InlineSlot.Capacity && _long?.Length == value.Length)
        {
            value.CopyTo(_long); // the slot is already marked long
            return;
        }
        _long = InlineSlot.Store(_inline, value, owned: null);
    }
}
