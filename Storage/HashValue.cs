using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Reactor.MiniRedis.Storage;

/// <summary>
/// A hash field's value as the hash's dictionary entry holds it (<see cref="RedisHash"/>): up to
/// <see cref="InlineSlot.Capacity"/> bytes inside the entry, in an <see cref="InlineSlot"/>, else an array of its
/// own. With the field inline too (<see cref="DenseDictionary{TValue}"/>), HSET of a short field and value stores no
/// object at all, and an HSET or HGET hit reads the value from the entry it has just compared the field in, instead
/// of one more dependent cache miss on the value's array (a quarter of HSET's samples in a 632K-field hash).
/// </summary>
internal struct HashValue
{
    private byte[]? _long;      // the value when longer than InlineSlot.Capacity, else null
    private InlineBytes _inline; // [0]: the value's length or InlineSlot.LongMarker; then a short value's bytes

    /// <summary>A value that takes ownership of <paramref name="value"/> when it is long (RDB loading), else copies it inline.</summary>
    public static HashValue FromOwned(byte[] value)
    {
        HashValue stored = default;
        stored.Set(value, value);
        return stored;
    }

    /// <summary>The value's bytes: a view of the inline area, or the long value's array.</summary>
    [UnscopedRef]
    public readonly ReadOnlySpan<byte> Span
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => InlineSlot.TryRead(_inline, out ReadOnlySpan<byte> value) ? value : _long;
    }

    /// <summary>The heap bytes the value takes beyond the entry: its array, if it has one (see <see cref="MemoryAccounting"/>).</summary>
    public readonly long HeapBytes => _long is null ? 0 : MemoryAccounting.ByteArray(_long.Length);

    /// <summary>The value as an array of its own: a copy of its bytes (an array handed out must not see later overwrites).</summary>
    public readonly byte[] ToArray() => Span.ToArray();

    /// <summary>
    /// Stores <paramref name="value"/>: inline when short; else over the long value's array when the length is the
    /// same (so overwriting a field allocates nothing), else in <paramref name="owned"/> (an array holding the same
    /// bytes, given away by the caller) or a new copy.
    /// </summary>
    public void Set(ReadOnlySpan<byte> value, byte[]? owned = null)
    {
        if (value.Length <= InlineSlot.Capacity)
        {
            _long = null;
            InlineSlot.Write(_inline, value);
            return;
        }
        if (_long is not null && _long.Length == value.Length && owned is null)
        {
            value.CopyTo(_long);
        }
        else
        {
            _long = owned ?? value.ToArray();
        }
        _inline[0] = InlineSlot.LongMarker;
    }

    /// <summary>The value's <see cref="InlineSlot"/>: a length byte and up to <see cref="InlineSlot.Capacity"/> bytes.</summary>
    [InlineArray(InlineSlot.Bytes)]
    private struct InlineBytes
    {
        private byte _byte0;
    }
}
