using System.Runtime.CompilerServices;

namespace Reactor.MiniRedis.Storage;

/// <summary>
/// The 24-byte slot in which a short byte string is kept where it is used instead of in an array of its own: a list
/// element in its chunk (<see cref="ListChunk"/>), a key in its table entry (<see cref="KeyTable{TValue}"/>). The
/// first byte is the length, 0 to <see cref="Capacity"/>, then the bytes. A longer string keeps its own array, held
/// beside the slot by its owner, and the slot's length byte says so (<see cref="LongMarker"/>). So a short string is
/// no object for the garbage collector, and reading it is a length check and a slice.
/// </summary>
internal static class InlineSlot
{
    /// <summary>The bytes of one slot: the length byte and the inline bytes.</summary>
    public const int Bytes = 24;

    /// <summary>The longest string stored inline.</summary>
    public const int Capacity = Bytes - 1;

    /// <summary>The length byte of a slot whose string is in an array of its own.</summary>
    public const byte LongMarker = 0xFF;

    /// <summary>
    /// The string in <paramref name="slot"/> when it is stored inline; false when the length byte is a marker
    /// (<see cref="LongMarker"/> or one of the owner's own) and the owner holds the string elsewhere.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryRead(ReadOnlySpan<byte> slot, out ReadOnlySpan<byte> value)
    {
        int length = slot[0];
        if (length <= Capacity)
        {
            value = slot.Slice(1, length);
            return true;
        }
        value = default;
        return false;
    }

    /// <summary>The string a slot and its owner's array hold between them: the inline bytes, or <paramref name="longString"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ReadOnlySpan<byte> Read(ReadOnlySpan<byte> slot, byte[]? longString) =>
        TryRead(slot, out ReadOnlySpan<byte> value) ? value : longString;

    /// <summary>
    /// Stores <paramref name="value"/> in <paramref name="slot"/> when short, returning null (the owner then holds no
    /// array); else marks the slot <see cref="LongMarker"/> and returns the array the owner must hold:
    /// <paramref name="owned"/> (an array holding the same bytes, given away by the caller) or a copy.
    /// </summary>
    public static byte[]? Store(Span<byte> slot, ReadOnlySpan<byte> value, byte[]? owned)
    {
        if (value.Length <= Capacity)
        {
            Write(slot, value);
            return null;
        }
        slot[0] = LongMarker;
        return owned ?? value.ToArray();
    }

    /// <summary>Stores <paramref name="value"/> (at most <see cref="Capacity"/> bytes) inline in <paramref name="slot"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Write(Span<byte> slot, ReadOnlySpan<byte> value)
    {
        slot[0] = (byte)value.Length;
        value.CopyTo(slot[1..Bytes]);
    }
}
