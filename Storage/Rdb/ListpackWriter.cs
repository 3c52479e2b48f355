using System.Buffers.Binary;

namespace Reactor.MiniRedis.Storage.Rdb;

/// <summary>
/// Builds a listpack, the compact encoding Redis 7.0 keeps small hashes, sorted sets and list nodes in
/// (redis/redis src/listpack.c), byte for byte as lpAppend builds it: a 6-byte header (total bytes, element
/// count), each element with the smallest encoding that holds it and its reverse-encoded length, then 0xFF.
/// RDB files and DUMP payloads carry these bytes as they are. One writer is reused for many listpacks.
/// </summary>
public sealed class ListpackWriter
{
    /// <summary>LP_HDR_SIZE: total bytes (4) and element count (2).</summary>
    public const int HeaderSize = 6;

    /// <summary>LP_HDR_NUMELE_UNKNOWN: the count field when there are 65535 elements or more.</summary>
    public const int UnknownCount = ushort.MaxValue;

    private const byte Eof = 0xFF;

    private byte[] _buffer = new byte[256];
    private int _length = HeaderSize;
    private int _count;

    /// <summary>Elements appended since the last <see cref="Reset"/>.</summary>
    public int Count => _count;

    /// <summary>lpBytes: the size the listpack has now, terminator included.</summary>
    public int Bytes => _length + 1;

    /// <summary>Starts a new, empty listpack (lpNew).</summary>
    public void Reset()
    {
        _length = HeaderSize;
        _count = 0;
    }

    /// <summary>
    /// lpAppend: adds <paramref name="element"/>, as an integer when it is one by string2ll's rules (lpEncodeGetType),
    /// otherwise as a string.
    /// </summary>
    public void Append(ReadOnlySpan<byte> element)
    {
        if (NumericText.TryParseInt64(element, out long integer))
        {
            AppendInteger(integer);
            return;
        }
        int encodedLength = StringHeaderSize(element.Length) + element.Length;
        Span<byte> entry = Reserve(encodedLength + BacklenSize(encodedLength));
        int length = element.Length;
        if (length < 64)
        {
            entry[0] = (byte)(0x80 | length);
        }
        else if (length < 4096)
        {
            entry[0] = (byte)(0xE0 | (length >> 8));
            entry[1] = (byte)length;
        }
        else
        {
            entry[0] = 0xF0;
            BinaryPrimitives.WriteInt32LittleEndian(entry[1..], length);
        }
        element.CopyTo(entry[StringHeaderSize(length)..]);
        WriteBacklen(entry[encodedLength..], encodedLength);
    }

    /// <summary>lpAppendInteger: adds <paramref name="value"/> in the smallest integer encoding.</summary>
    public void AppendInteger(long value)
    {
        int encodedLength = IntegerSize(value);
        Span<byte> entry = Reserve(encodedLength + BacklenSize(encodedLength));
        switch (encodedLength)
        {
            case 1:
                entry[0] = (byte)value;
                break;
            case 2:
                long v13 = value < 0 ? (1 << 13) + value : value;
                entry[0] = (byte)(0xC0 | (v13 >> 8));
                entry[1] = (byte)v13;
                break;
            case 3:
                entry[0] = 0xF1;
                BinaryPrimitives.WriteInt16LittleEndian(entry[1..], (short)value);
                break;
            case 4:
                entry[0] = 0xF2;
                entry[1] = (byte)value;
                entry[2] = (byte)(value >> 8);
                entry[3] = (byte)(value >> 16);
                break;
            case 5:
                entry[0] = 0xF3;
                BinaryPrimitives.WriteInt32LittleEndian(entry[1..], (int)value);
                break;
            default:
                entry[0] = 0xF4;
                BinaryPrimitives.WriteInt64LittleEndian(entry[1..], value);
                break;
        }
        WriteBacklen(entry[encodedLength..], encodedLength);
    }

    /// <summary>
    /// Completes the header and terminator and returns the listpack's bytes, valid until the next change to this
    /// writer.
    /// </summary>
    public ReadOnlySpan<byte> Finish()
    {
        EnsureCapacity(_length + 1);
        _buffer[_length] = Eof;
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer, (uint)(_length + 1));
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer.AsSpan(4), (ushort)Math.Min(_count, UnknownCount));
        return _buffer.AsSpan(0, _length + 1);
    }

    /// <summary>
    /// The bytes <paramref name="element"/> takes inside a listpack (encoding, data and back length), as lpAppend
    /// would store it; lets a caller plan node boundaries before building anything.
    /// </summary>
    public static int EntrySize(ReadOnlySpan<byte> element)
    {
        int encodedLength = NumericText.TryParseInt64(element, out long integer)
            ? IntegerSize(integer)
            : StringHeaderSize(element.Length) + element.Length;
        return encodedLength + BacklenSize(encodedLength);
    }

    /// <summary>lpEncodeBacklen's size: 1 to 5 bytes for an element of <paramref name="length"/> encoded bytes.</summary>
    public static int BacklenSize(long length) => length switch
    {
        <= 127 => 1,
        < 16383 => 2,
        < 2097151 => 3,
        < 268435455 => 4,
        _ => 5,
    };

    // lpEncodeGetType's integer branch: the encoded size of each integer width.
    private static int IntegerSize(long value) => value switch
    {
        >= 0 and <= 127 => 1,
        >= -4096 and <= 4095 => 2,
        >= short.MinValue and <= short.MaxValue => 3,
        >= -8388608 and <= 8388607 => 4,
        >= int.MinValue and <= int.MaxValue => 5,
        _ => 9,
    };

    private static int StringHeaderSize(int length) => length < 64 ? 1 : length < 4096 ? 2 : 5;

    // lpEncodeBacklen: the entry's length, most significant 7-bit group first, every byte but the first flagged
    // with 128, so it can be read backwards from the end of the entry.
    private static void WriteBacklen(Span<byte> destination, int length)
    {
        int size = BacklenSize(length);
        for (int i = size - 1; i >= 0; i--)
        {
            destination[i] = (byte)((length & 127) | (i == 0 ? 0 : 128));
            length >>= 7;
        }
    }

    private Span<byte> Reserve(int size)
    {
        EnsureCapacity(_length + size + 1);
        Span<byte> entry = _buffer.AsSpan(_length, size);
        _length += size;
        _count++;
        return entry;
    }

    private void EnsureCapacity(int size)
    {
        if (size > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(size, (int)Math.Min(Array.MaxLength, 2L * _buffer.Length)));
        }
    }
}
