using System.Buffers.Binary;

namespace Reactor.MiniRedis.Storage.Rdb;

/// <summary>
/// Reads the RDB serialization format (redis/redis src/rdb.c) from a stream: types, lengths, strings in every
/// encoding (plain, 8/16/32-bit integers, LZF), times and doubles, and whole values (<see cref="ReadObject"/>).
/// Every read is bounds-checked: the input is a file or a RESTORE payload and is never trusted. A truncated input
/// throws <see cref="RdbFormatException"/> with <see cref="RdbFormatException.ShortRead"/>, a malformed one throws it
/// with Redis's description. The CRC-64 of the bytes consumed is kept for the file's trailing checksum.
/// </summary>
public sealed partial class RdbReader : IDisposable
{
    private const int DefaultBufferSize = 64 * 1024;

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly byte[] _buffer;
    private int _start;
    private int _end;
    private int _checksummed;
    private long _consumedBefore; // bytes of the stream consumed before _buffer[0]
    private ulong _crc;

    /// <summary>
    /// Reads from <paramref name="stream"/> through a buffer of <paramref name="bufferSize"/> bytes; disposing the
    /// reader closes the stream unless <paramref name="leaveOpen"/>.
    /// </summary>
    public RdbReader(Stream stream, bool leaveOpen = false, int bufferSize = DefaultBufferSize)
    {
        _stream = stream;
        _leaveOpen = leaveOpen;
        _buffer = new byte[bufferSize];
    }

    /// <summary>Bytes consumed so far (loading_loaded_bytes).</summary>
    public long Position => _consumedBefore + _start;

    /// <summary>The CRC-64 of every byte consumed so far.</summary>
    public ulong Checksum
    {
        get
        {
            FoldChecksum();
            return _crc;
        }
    }

    /// <summary>rdbLoadType: one byte.</summary>
    public byte ReadByte()
    {
        if (_start == _end)
        {
            Fill(1);
        }
        return _buffer[_start++];
    }

    /// <summary>rioRead: exactly <paramref name="destination"/>.Length bytes.</summary>
    public void ReadExactly(Span<byte> destination)
    {
        while (!destination.IsEmpty)
        {
            if (_start == _end)
            {
                Fill(1);
            }
            int chunk = Math.Min(destination.Length, _end - _start);
            _buffer.AsSpan(_start, chunk).CopyTo(destination);
            _start += chunk;
            destination = destination[chunk..];
        }
    }

    /// <summary>
    /// rdbLoadLenByRef: a length, or with <paramref name="encoded"/> set, the code of a special string encoding
    /// (0 to 2 integers, 3 LZF) from a byte whose top two bits are 11.
    /// </summary>
    public ulong ReadLength(out bool encoded)
    {
        encoded = false;
        byte first = ReadByte();
        switch (first >> 6)
        {
            case 3:
                encoded = true;
                return (ulong)(first & 0x3F);
            case 0:
                return (ulong)(first & 0x3F);
            case 1:
                return (ulong)((first & 0x3F) << 8 | ReadByte());
        }
        Span<byte> bytes = stackalloc byte[8];
        if (first == 0x80)
        {
            ReadExactly(bytes[..4]);
            return BinaryPrimitives.ReadUInt32BigEndian(bytes);
        }
        if (first == 0x81)
        {
            ReadExactly(bytes);
            return BinaryPrimitives.ReadUInt64BigEndian(bytes);
        }
        throw Corrupt($"Unknown length encoding {first >> 6} in rdbLoadLen()");
    }

    /// <summary>rdbLoadLen for a plain length; a special string encoding here is corrupt.</summary>
    public ulong ReadLength()
    {
        ulong length = ReadLength(out bool encoded);
        if (encoded)
        {
            throw Corrupt($"Unexpected string encoding {length} where a length was expected");
        }
        return length;
    }

    /// <summary>rdbGenericLoadStringObject with RDB_LOAD_PLAIN: a string's bytes in any of its encodings.</summary>
    public byte[] ReadString()
    {
        ulong length = ReadLength(out bool encoded);
        if (encoded)
        {
            return length switch
            {
                0 => NumericText.Int64ToBytes((sbyte)ReadByte()),
                1 => NumericText.Int64ToBytes(ReadInt16()),
                2 => NumericText.Int64ToBytes(ReadInt32()),
                3 => ReadLzfString(),
                _ => throw Corrupt($"Unknown RDB string encoding type {length}"),
            };
        }
        byte[] value = Allocate(length);
        ReadExactly(value);
        return value;
    }

    /// <summary>rdbLoadMillisecondTime: 8 bytes, little-endian.</summary>
    public long ReadMillisecondTime()
    {
        Span<byte> bytes = stackalloc byte[8];
        ReadExactly(bytes);
        return BinaryPrimitives.ReadInt64LittleEndian(bytes);
    }

    /// <summary>rdbLoadTime: the 4-byte seconds of the old EXPIRETIME opcode.</summary>
    public int ReadInt32()
    {
        Span<byte> bytes = stackalloc byte[4];
        ReadExactly(bytes);
        return BinaryPrimitives.ReadInt32LittleEndian(bytes);
    }

    /// <summary>rdbLoadBinaryDoubleValue: 8 bytes of IEEE 754, little-endian.</summary>
    public double ReadBinaryDouble()
    {
        Span<byte> bytes = stackalloc byte[8];
        ReadExactly(bytes);
        return BinaryPrimitives.ReadDoubleLittleEndian(bytes);
    }

    /// <summary>
    /// rdbLoadDoubleValue (sorted sets before RDB 8): a length byte, 253 NaN, 254 +inf, 255 -inf, else that many
    /// bytes of text parsed as strtod's %lg would.
    /// </summary>
    public double ReadStringDouble()
    {
        byte length = ReadByte();
        switch (length)
        {
            case 255:
                return double.NegativeInfinity;
            case 254:
                return double.PositiveInfinity;
            case 253:
                return double.NaN;
        }
        Span<byte> text = stackalloc byte[length];
        ReadExactly(text);
        if (!NumericText.TryParseStrtod(text, out double value))
        {
            throw Corrupt("Invalid double value");
        }
        return value;
    }

    /// <summary>A corruption error at the current offset, for callers that validate what they read.</summary>
    public RdbFormatException Corrupt(string message) => new(message) { Offset = Position };

    /// <summary>Closes the stream unless the reader was told to leave it open.</summary>
    public void Dispose()
    {
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    private short ReadInt16()
    {
        Span<byte> bytes = stackalloc byte[2];
        ReadExactly(bytes);
        return BinaryPrimitives.ReadInt16LittleEndian(bytes);
    }

    // rdbLoadLzfStringObject: compressed length, original length, data; the result must be exactly the original
    // length ("Invalid LZF compressed string" otherwise).
    private byte[] ReadLzfString()
    {
        ulong compressedLength = ReadLength();
        ulong length = ReadLength();
        byte[] compressed = Allocate(compressedLength);
        // LZF expands at most ~100 times (a 2-byte reference stands for up to 264 bytes); more is corrupt.
        if (length > compressedLength * 132 + 32)
        {
            throw Corrupt("Invalid LZF compressed string");
        }
        byte[] value = Allocate(length, fromInput: false);
        ReadExactly(compressed);
        if (Lzf.Decompress(compressed, value) != value.Length)
        {
            throw Corrupt("Invalid LZF compressed string");
        }
        return value;
    }

    // An array for a length read from the input. When the bytes are to be read from the input (fromInput), a length
    // the input cannot hold is refused before allocating, so a corrupt length fails as a short read instead of
    // allocating gigabytes.
    private byte[] Allocate(ulong length, bool fromInput = true)
    {
        long remaining = fromInput && _stream.CanSeek ? _stream.Length - _stream.Position + (_end - _start) : long.MaxValue;
        if (length > (ulong)Array.MaxLength)
        {
            throw Corrupt($"String of {length} bytes is too long");
        }
        if ((long)length > remaining)
        {
            throw ShortRead();
        }
        return length == 0 ? [] : new byte[length];
    }

    // Makes at least `needed` unread bytes available, keeping the checksum of what was consumed.
    private void Fill(int needed)
    {
        FoldChecksum();
        int unread = _end - _start;
        if (unread > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, unread);
        }
        _consumedBefore += _start;
        _start = 0;
        _end = unread;
        _checksummed = 0;
        while (_end < needed)
        {
            int read = _stream.Read(_buffer, _end, _buffer.Length - _end);
            if (read == 0)
            {
                throw ShortRead();
            }
            _end += read;
        }
    }

    private void FoldChecksum()
    {
        _crc = Crc64.Update(_crc, _buffer.AsSpan(_checksummed, _start - _checksummed));
        _checksummed = _start;
    }

    private RdbFormatException ShortRead() => new("Unexpected EOF reading RDB file", shortRead: true) { Offset = Position };
}
