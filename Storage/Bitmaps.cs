using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Reactor.MiniRedis.Storage;

/// <summary>
/// The bit algorithms behind the bitmap commands (redis/redis src/bitops.c), over the bytes of a string value. Bit 0
/// is the most significant bit of the first byte, so a bitmap reads left to right like the string's bytes; a bitmap
/// is zero-padded on the right, so reads past the end see zeros.
/// </summary>
public static class Bitmaps
{
    /// <summary>
    /// redisPopcount: the number of set bits in <paramref name="bytes"/>. Counts eight bytes at a time with the popcnt
    /// instruction into four independent sums, so the CPU can overlap them, as Redis's unrolled loop does.
    /// </summary>
    public static long PopCount(ReadOnlySpan<byte> bytes)
    {
        ReadOnlySpan<ulong> words = MemoryMarshal.Cast<byte, ulong>(bytes);
        long c0 = 0, c1 = 0, c2 = 0, c3 = 0;
        int i = 0;
        for (; i + 4 <= words.Length; i += 4)
        {
            c0 += BitOperations.PopCount(words[i]);
            c1 += BitOperations.PopCount(words[i + 1]);
            c2 += BitOperations.PopCount(words[i + 2]);
            c3 += BitOperations.PopCount(words[i + 3]);
        }
        for (; i < words.Length; i++)
        {
            c0 += BitOperations.PopCount(words[i]);
        }
        for (int j = words.Length * sizeof(ulong); j < bytes.Length; j++)
        {
            c1 += BitOperations.PopCount(bytes[j]);
        }
        return c0 + c1 + c2 + c3;
    }

    /// <summary>
    /// BITCOUNT's count over the bit range <paramref name="startBit"/> to <paramref name="endBit"/>, both included
    /// (0 ≤ start ≤ end &lt; 8 × length). Counts whole bytes, then takes off the bits of the first and last byte that
    /// lie outside the range, as bitcountCommand does with its edge masks.
    /// </summary>
    public static long PopCount(ReadOnlySpan<byte> bytes, long startBit, long endBit)
    {
        int first = (int)(startBit >> 3), last = (int)(endBit >> 3);
        long count = PopCount(bytes[first..(last + 1)]);
        count -= BitOperations.PopCount((uint)(bytes[first] & ~(0xFF >> (int)(startBit & 7)) & 0xFF));
        count -= BitOperations.PopCount((uint)(bytes[last] & ((1 << (7 - (int)(endBit & 7))) - 1)));
        return count;
    }

    /// <summary>
    /// redisBitpos over a bit range: the position of the first bit equal to <paramref name="bit"/> between
    /// <paramref name="startBit"/> and <paramref name="endBit"/> (both included, 0 ≤ start ≤ end &lt; 8 × length),
    /// or -1 when there is none. Whole bytes that cannot hold a match (all zeros when looking for a one, all ones when
    /// looking for a zero) are skipped with a vectorised search. The caller applies BITPOS's rules for a range with
    /// no match.
    /// </summary>
    public static long BitPos(ReadOnlySpan<byte> bytes, long startBit, long endBit, bool bit)
    {
        int first = (int)(startBit >> 3), last = (int)(endBit >> 3);
        int firstMask = 0xFF >> (int)(startBit & 7);
        int lastMask = (0xFF << (7 - (int)(endBit & 7))) & 0xFF;
        if (first == last)
        {
            return MatchInByte(bytes[first], firstMask & lastMask, first, bit);
        }
        long position = MatchInByte(bytes[first], firstMask, first, bit);
        if (position >= 0)
        {
            return position;
        }
        ReadOnlySpan<byte> middle = bytes[(first + 1)..last];
        int found = middle.IndexOfAnyExcept(bit ? (byte)0x00 : (byte)0xFF);
        if (found >= 0)
        {
            return MatchInByte(middle[found], 0xFF, first + 1 + found, bit);
        }
        return MatchInByte(bytes[last], lastMask, last, bit);
    }

    /// <summary>GETBIT: the bit at <paramref name="offset"/>; bits past the end are zero.</summary>
    public static bool GetBit(ReadOnlySpan<byte> bytes, long offset)
    {
        long index = offset >> 3;
        return index < bytes.Length && (bytes[(int)index] & (0x80 >> (int)(offset & 7))) != 0;
    }

    /// <summary>SETBIT: sets or clears the bit at <paramref name="offset"/> (inside the span) and returns its old value.</summary>
    public static bool SetBit(Span<byte> bytes, long offset, bool on)
    {
        ref byte target = ref bytes[(int)(offset >> 3)];
        int mask = 0x80 >> (int)(offset & 7);
        bool previous = (target & mask) != 0;
        target = (byte)(on ? target | mask : target & ~mask);
        return previous;
    }

    /// <summary>
    /// getUnsignedBitfield / getSignedBitfield: the <paramref name="type"/> integer whose most significant bit is at
    /// <paramref name="offset"/>. Bits past the end read as zero (BITFIELD GET's zero-padded copy); a signed value
    /// has its top bit propagated.
    /// </summary>
    public static long GetField(ReadOnlySpan<byte> bytes, long offset, BitfieldType type)
    {
        ulong raw = GetUnsigned(bytes, offset, type.Bits);
        if (type.Signed && type.Bits < 64 && (raw & (1UL << (type.Bits - 1))) != 0)
        {
            raw |= ulong.MaxValue << type.Bits;
        }
        return (long)raw;
    }

    /// <summary>
    /// BITFIELD SET: stores <paramref name="value"/> in the field at <paramref name="offset"/> (which must lie inside
    /// the span), handling a value that does not fit by <paramref name="overflow"/>. Returns false, changing nothing,
    /// when FAIL refused it; otherwise <paramref name="previous"/> is the field's old value.
    /// </summary>
    public static bool TrySetField(Span<byte> bytes, long offset, BitfieldType type, long value, BitfieldOverflow overflow, out long previous)
    {
        previous = GetField(bytes, offset, type);
        bool overflowed = type.Signed
            ? CheckSignedOverflow(value, 0, type.Bits, overflow, out long limit) != 0
            : CheckUnsignedOverflow((ulong)value, 0, type.Bits, overflow, out limit) != 0;
        if (overflowed && overflow == BitfieldOverflow.Fail)
        {
            return false;
        }
        SetUnsigned(bytes, offset, type.Bits, (ulong)(overflowed ? limit : value));
        return true;
    }

    /// <summary>
    /// BITFIELD INCRBY: adds <paramref name="increment"/> to the field at <paramref name="offset"/> (which must lie
    /// inside the span), handling overflow by <paramref name="overflow"/>. Returns false, changing nothing, when FAIL
    /// refused it; otherwise <paramref name="result"/> is the field's new value.
    /// </summary>
    public static bool TryIncrementField(Span<byte> bytes, long offset, BitfieldType type, long increment, BitfieldOverflow overflow, out long result)
    {
        long current = GetField(bytes, offset, type);
        bool overflowed = type.Signed
            ? CheckSignedOverflow(current, increment, type.Bits, overflow, out long limit) != 0
            : CheckUnsignedOverflow((ulong)current, increment, type.Bits, overflow, out limit) != 0;
        if (overflowed && overflow == BitfieldOverflow.Fail)
        {
            result = 0;
            return false;
        }
        result = overflowed ? limit : unchecked(current + increment);
        SetUnsigned(bytes, offset, type.Bits, (ulong)result);
        return true;
    }

    /// <summary>
    /// BITOP's first source: copies <paramref name="source"/> into <paramref name="result"/> (zero-filled and at least
    /// as long), or its complement for NOT.
    /// </summary>
    public static void Begin(BitOperation operation, Span<byte> result, ReadOnlySpan<byte> source)
    {
        if (operation == BitOperation.Not)
        {
            Fold<NotOperator>(result, source);
        }
        else
        {
            source.CopyTo(result);
        }
    }

    /// <summary>
    /// BITOP's later sources: combines <paramref name="source"/> into <paramref name="result"/> with AND, OR or XOR,
    /// a source shorter than the result counting as zero-padded (so AND clears the rest), with vector instructions.
    /// </summary>
    public static void Combine(BitOperation operation, Span<byte> result, ReadOnlySpan<byte> source)
    {
        switch (operation)
        {
            case BitOperation.And:
                Fold<AndOperator>(result, source);
                result[source.Length..].Clear();
                break;
            case BitOperation.Or:
                Fold<OrOperator>(result, source);
                break;
            case BitOperation.Xor:
                Fold<XorOperator>(result, source);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(operation), "BITOP NOT takes a single source.");
        }
    }

    // The first position in byte 'index' (restricted to the bits in 'mask') holding 'bit', or -1.
    private static long MatchInByte(byte value, int mask, int index, bool bit)
    {
        int candidates = (bit ? value : ~value) & mask & 0xFF;
        return candidates == 0 ? -1 : index * 8L + BitOperations.LeadingZeroCount((uint)candidates) - 24;
    }

    // The 'bits'-wide unsigned integer at 'offset': a big-endian window of up to 16 bytes (zero-padded past the end)
    // shifted so the field's first bit is the window's top bit.
    private static ulong GetUnsigned(ReadOnlySpan<byte> bytes, long offset, int bits)
    {
        Span<byte> window = stackalloc byte[16];
        window.Clear();
        long index = offset >> 3;
        if (index < bytes.Length)
        {
            ReadOnlySpan<byte> available = bytes[(int)index..];
            available[..Math.Min(available.Length, 9)].CopyTo(window);
        }
        UInt128 value = BinaryPrimitives.ReadUInt128BigEndian(window) << (int)(offset & 7);
        return (ulong)(value >> 64) >> (64 - bits);
    }

    // setUnsignedBitfield: writes the low 'bits' bits of 'value' at 'offset', touching only the bytes the field covers.
    private static void SetUnsigned(Span<byte> bytes, long offset, int bits, ulong value)
    {
        int index = (int)(offset >> 3), shift = (int)(offset & 7);
        int touched = (shift + bits + 7) >> 3;
        Span<byte> window = stackalloc byte[16];
        window.Clear();
        bytes.Slice(index, touched).CopyTo(window);
        int position = 128 - shift - bits;
        UInt128 fieldMask = (UInt128.One << bits) - 1;
        UInt128 current = BinaryPrimitives.ReadUInt128BigEndian(window);
        current = (current & ~(fieldMask << position)) | (((UInt128)value & fieldMask) << position);
        BinaryPrimitives.WriteUInt128BigEndian(window, current);
        window[..touched].CopyTo(bytes[index..]);
    }

    /// <summary>
    /// checkUnsignedBitfieldOverflow, line for line: 0 when <paramref name="value"/> + <paramref name="increment"/>
    /// fits an unsigned field of <paramref name="bits"/>, 1 on overflow, -1 on underflow; then
    /// <paramref name="limit"/> is the wrapped or saturated value (unused for FAIL).
    /// </summary>
    private static int CheckUnsignedOverflow(ulong value, long increment, int bits, BitfieldOverflow overflow, out long limit)
    {
        ulong max = (1UL << bits) - 1; // bits ≤ 63
        long maxIncrement = unchecked((long)(max - value));
        long minIncrement = unchecked(-(long)value);
        int result;
        if (value > max || (increment > 0 && increment > maxIncrement))
        {
            result = 1;
        }
        else if (increment < 0 && increment < minIncrement)
        {
            result = -1;
        }
        else
        {
            limit = 0;
            return 0;
        }
        limit = overflow == BitfieldOverflow.Wrap
            ? (long)(unchecked(value + (ulong)increment) & max)
            : result > 0 ? (long)max : 0;
        return result;
    }

    /// <summary>
    /// checkSignedBitfieldOverflow, line for line (including its 64-bit special cases): 0 when
    /// <paramref name="value"/> + <paramref name="increment"/> fits a signed field of <paramref name="bits"/>, 1 on
    /// overflow, -1 on underflow; then <paramref name="limit"/> is the wrapped or saturated value.
    /// </summary>
    private static int CheckSignedOverflow(long value, long increment, int bits, BitfieldOverflow overflow, out long limit)
    {
        long max = bits == 64 ? long.MaxValue : (1L << (bits - 1)) - 1;
        long min = -max - 1;
        long maxIncrement = unchecked((long)((ulong)max - (ulong)value));
        long minIncrement = unchecked(min - value);
        int result;
        if (value > max || (bits != 64 && increment > maxIncrement) || (value >= 0 && increment > 0 && increment > maxIncrement))
        {
            result = 1;
        }
        else if (value < min || (bits != 64 && increment < minIncrement) || (value < 0 && increment < 0 && increment < minIncrement))
        {
            result = -1;
        }
        else
        {
            limit = 0;
            return 0;
        }
        if (overflow != BitfieldOverflow.Wrap)
        {
            limit = result > 0 ? max : min;
            return result;
        }
        ulong sum = unchecked((ulong)value + (ulong)increment);
        if (bits < 64)
        {
            // Propagate the field's sign bit to the higher bits, or clear them.
            ulong mask = ulong.MaxValue << bits;
            sum = (sum & (1UL << (bits - 1))) != 0 ? sum | mask : sum & ~mask;
        }
        limit = (long)sum;
        return result;
    }

    // Applies a bytewise operator over the common length, a vector at a time, then byte by byte.
    private static void Fold<TOperator>(Span<byte> result, ReadOnlySpan<byte> source) where TOperator : IBitwiseOperator
    {
        Span<byte> target = result[..source.Length];
        Span<Vector<byte>> targetVectors = MemoryMarshal.Cast<byte, Vector<byte>>(target);
        ReadOnlySpan<Vector<byte>> sourceVectors = MemoryMarshal.Cast<byte, Vector<byte>>(source);
        for (int i = 0; i < targetVectors.Length; i++)
        {
            targetVectors[i] = TOperator.Apply(targetVectors[i], sourceVectors[i]);
        }
        for (int i = targetVectors.Length * Vector<byte>.Count; i < target.Length; i++)
        {
            target[i] = TOperator.Apply(target[i], source[i]);
        }
    }

    private interface IBitwiseOperator
    {
        static abstract Vector<byte> Apply(Vector<byte> left, Vector<byte> right);

        static abstract byte Apply(byte left, byte right);
    }

    private readonly struct AndOperator : IBitwiseOperator
    {
        public static Vector<byte> Apply(Vector<byte> left, Vector<byte> right) => left & right;

        public static byte Apply(byte left, byte right) => (byte)(left & right);
    }

    private readonly struct OrOperator : IBitwiseOperator
    {
        public static Vector<byte> Apply(Vector<byte> left, Vector<byte> right) => left | right;

        public static byte Apply(byte left, byte right) => (byte)(left | right);
    }

    private readonly struct XorOperator : IBitwiseOperator
    {
        public static Vector<byte> Apply(Vector<byte> left, Vector<byte> right) => left ^ right;

        public static byte Apply(byte left, byte right) => (byte)(left ^ right);
    }

    // NOT ignores the (zeroed) result and writes the source's complement.
    private readonly struct NotOperator : IBitwiseOperator
    {
        public static Vector<byte> Apply(Vector<byte> left, Vector<byte> right) => ~right;

        public static byte Apply(byte left, byte right) => (byte)~right;
    }
}
