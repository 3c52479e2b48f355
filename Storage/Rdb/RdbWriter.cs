using System.Buffers.Binary;

namespace Reactor.MiniRedis.Storage.Rdb;

/// <summary>
/// Writes the RDB serialization format (redis/redis src/rdb.c, RDB version 10, what Redis 7.0 writes) to a
/// stream: lengths, strings (integer-encoded or LZF-compressed as rdbSaveRawString chooses), times, doubles and
/// whole values (<see cref="WriteObjectType"/>, <see cref="WriteObject"/>). Output is buffered, and the CRC-64
/// of everything written is kept as it goes, for the checksum that ends a file or a DUMP payload.
/// </summary>
/// <remarks>Not thread-safe; one writer per save or DUMP. Reusable scratch buffers keep writing allocation-light.</remarks>
public sealed partial class RdbWriter : IDisposable
{
    /// <summary>RDB_VERSION: the format version Redis 7.0 writes and the highest it reads.</summary>
    public const int Version = 10;

    private const int DefaultBufferSize = 64 * 1024;

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly byte[] _buffer;
    private readonly ListpackWriter _listpack = new();
    private byte[] _compressed = new byte[256];
    private int _length;
    private int _checksummed;
    private long _flushed;
    private ulong _crc;

    /// <summary>
    /// Writes to <paramref name="stream"/> through a buffer of <paramref name="bufferSize"/> bytes; disposing the
    /// writer flushes, and closes the stream unless <paramref name="leaveOpen"/>.
    /// </summary>
    public RdbWriter(Stream stream, bool leaveOpen = false, int bufferSize = DefaultBufferSize)
    {
        _stream = stream;
        _leaveOpen = leaveOpen;
        _buffer = new byte[bufferSize];
    }

    /// <summary>rdbcompression: strings longer than 20 bytes are LZF-compressed when that saves at least 4 bytes.</summary>
    public bool Compression { get; init; } = true;

    /// <summary>
    /// list-max-listpack-size: the fill of the quicklist nodes a list is written as (see
    /// <see cref="WriteObject"/>), so node boundaries fall where Redis's would for a list pushed at the tail.
    /// </summary>
    public long ListMaxListpackSize { get; init; } = EncodingLimits.DefaultListMaxListpackSize;

    /// <summary>Bytes written so far (processed_bytes).</summary>
    public long Position => _flushed + _length;

    /// <summary>The CRC-64 of every byte written so far.</summary>
    public ulong Checksum
    {
        get
        {
            _crc = Crc64.Update(_crc, _buffer.AsSpan(_checksummed, _length - _checksummed));
            _checksummed = _length;
            return _crc;
        }
    }

    /// <summary>Writes one byte (a type or opcode).</summary>
    public void WriteByte(byte value)
    {
        if (_length == _buffer.Length)
        {
            FlushBuffer();
        }
        _buffer[_length++] = value;
    }

    /// <summary>rdbSaveType.</summary>
    public void WriteType(RdbType type) => WriteByte((byte)type);

    /// <summary>rdbWriteRaw: writes <paramref name="bytes"/> as they are.</summary>
    public void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            if (_length == _buffer.Length)
            {
                FlushBuffer();
            }
            int chunk = Math.Min(bytes.Length, _buffer.Length - _length);
            bytes[..chunk].CopyTo(_buffer.AsSpan(_length));
            _length += chunk;
            bytes = bytes[chunk..];
        }
    }

    /// <summary>
    /// rdbSaveLen: 6 bits in one byte (00), 14 bits in two (01, big-endian), or 0x80 and 4 big-endian bytes, or
    /// 0x81 and 8 big-endian bytes.
    /// </summary>
    public void WriteLength(ulong length)
    {
        Span<byte> bytes = stackalloc byte[9];
        if (length < 1 << 6)
        {
            WriteByte((byte)length);
            return;
        }
        if (length < 1 << 14)
        {
            bytes[0] = (byte)(0x40 | (length >> 8));
            bytes[1] = (byte)length;
            WriteRaw(bytes[..2]);
            return;
        }
        if (length <= uint.MaxValue)
        {
            bytes[0] = 0x80;
            BinaryPrimitives.WriteUInt32BigEndian(bytes[1..], (uint)length);
            WriteRaw(bytes[..5]);
            return;
        }
        bytes[0] = 0x81;
        BinaryPrimitives.WriteUInt64BigEndian(bytes[1..], length);
        WriteRaw(bytes);
    }

    /// <summary>
    /// rdbSaveRawString: a string of up to 11 bytes that is an integer fitting 32 bits is written as one
    /// (rdbTryIntegerEncoding); with compression on, one longer than 20 bytes is LZF-compressed when that saves at
    /// least 4 bytes; otherwise its length and bytes.
    /// </summary>
    public void WriteString(ReadOnlySpan<byte> value)
    {
        if (value.Length <= 11 && NumericText.TryParseInt64(value, out long integer) && TryWriteEncodedInteger(integer))
        {
            return;
        }
        if (Compression && value.Length > 20 && TryWriteCompressed(value))
        {
            return;
        }
        WriteLength((ulong)value.Length);
        WriteRaw(value);
    }

    /// <summary>
    /// rdbSaveLongLongAsStringObject: an integer-encoded string value, as an 8, 16 or 32-bit encoded integer when
    /// it fits, else as its decimal digits.
    /// </summary>
    public void WriteInt64AsString(long value)
    {
        if (TryWriteEncodedInteger(value))
        {
            return;
        }
        Span<byte> digits = stackalloc byte[20];
        int length = NumericText.FormatInt64(value, digits);
        WriteLength((ulong)length);
        WriteRaw(digits[..length]);
    }

    /// <summary>rdbSaveMillisecondTime: 8 bytes, little-endian.</summary>
    public void WriteMillisecondTime(long unixMilliseconds)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, unixMilliseconds);
        WriteRaw(bytes);
    }

    /// <summary>rdbSaveBinaryDoubleValue: the IEEE 754 bits, little-endian.</summary>
    public void WriteBinaryDouble(double value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteDoubleLittleEndian(bytes, value);
        WriteRaw(bytes);
    }

    /// <summary>rdbSaveAuxField: the AUX opcode, then name and value as strings.</summary>
    public void WriteAuxField(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        WriteType(RdbType.Aux);
        WriteString(name);
        WriteString(value);
    }

    /// <summary>Writes the buffered bytes to the stream.</summary>
    public void Flush()
    {
        FlushBuffer();
        _stream.Flush();
    }

    /// <summary>Flushes, and closes the stream unless the writer was told to leave it open.</summary>
    public void Dispose()
    {
        FlushBuffer();
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    // rdbEncodeInteger: 0xC0 + 1 byte, 0xC1 + 2 bytes or 0xC2 + 4 bytes (little-endian); false beyond 32 bits.
    private bool TryWriteEncodedInteger(long value)
    {
        Span<byte> bytes = stackalloc byte[5];
        int length;
        if (value is >= sbyte.MinValue and <= sbyte.MaxValue)
        {
            bytes[0] = 0xC0;
            bytes[1] = (byte)value;
            length = 2;
        }
        else if (value is >= short.MinValue and <= short.MaxValue)
        {
            bytes[0] = 0xC1;
            BinaryPrimitives.WriteInt16LittleEndian(bytes[1..], (short)value);
            length = 3;
        }
        else if (value is >= int.MinValue and <= int.MaxValue)
        {
            bytes[0] = 0xC2;
            BinaryPrimitives.WriteInt32LittleEndian(bytes[1..], (int)value);
            length = 5;
        }
        else
        {
            return false;
        }
        WriteRaw(bytes[..length]);
        return true;
    }

    // rdbSaveLzfStringObject: compresses into a buffer four bytes shorter than the input; false when it did not
    // fit (not worth it), else writes rdbSaveLzfBlob: 0xC3, compressed length, original length, data.
    private bool TryWriteCompressed(ReadOnlySpan<byte> value)
    {
        int limit = value.Length - 4;
        if (_compressed.Length < limit)
        {
            _compressed = new byte[Math.Max(limit, Math.Min(Array.MaxLength, 2L * _compressed.Length))];
        }
        int compressed = Lzf.Compress(value, _compressed.AsSpan(0, limit));
        if (compressed == 0)
        {
            return false;
        }
        WriteByte(0xC3);
        WriteLength((ulong)compressed);
        WriteLength((ulong)value.Length);
        WriteRaw(_compressed.AsSpan(0, compressed));
        return true;
    }

    private void FlushBuffer()
    {
        _crc = Crc64.Update(_crc, _buffer.AsSpan(_checksummed, _length - _checksummed));
        _stream.Write(_buffer, 0, _length);
        _flushed += _length;
        _length = 0;
        _checksummed = 0;
    }
}
