using System.Buffers.Binary;

namespace Reactor.MiniRedis.Storage.Rdb;

/// <summary>
/// Walks the elements of a ziplist, the compact encoding Redis used before 7.0 for small lists, hashes and
/// sorted sets (redis/redis src/ziplist.c), as RDB files and DUMP payloads from older servers carry them. Every
/// entry is checked as ziplistValidateIntegrity does with deep validation: bounds, encodings, each entry's record
/// of the previous entry's length, the tail offset and the element count.
/// </summary>
public ref struct ZiplistReader : IPackedReader
{
    private const int HeaderSize = 10; // zlbytes, zltail, zllen
    private const byte End = 0xFF;
    private const byte BigPrevlen = 254;

    private readonly ReadOnlySpan<byte> _ziplist;
    private readonly int _declaredCount;
    private readonly uint _tail;
    private int _position;
    private int _previousLength;
    private int _lastEntry;
    private int _read;

    /// <summary>Checks the header of <paramref name="ziplist"/>; throws when it is invalid.</summary>
    public ZiplistReader(ReadOnlySpan<byte> ziplist)
    {
        if (ziplist.Length < HeaderSize + 1 || BinaryPrimitives.ReadUInt32LittleEndian(ziplist) != (uint)ziplist.Length ||
            ziplist[^1] != End)
        {
            throw Corrupt();
        }
        _ziplist = ziplist;
        _tail = BinaryPrimitives.ReadUInt32LittleEndian(ziplist[4..]);
        _declaredCount = BinaryPrimitives.ReadUInt16LittleEndian(ziplist[8..]);
        _position = HeaderSize;
        _lastEntry = HeaderSize;
    }

    /// <summary>True when the current element is an integer (<see cref="Integer"/>), else it is <see cref="String"/>.</summary>
    public bool IsInteger { get; private set; }

    /// <summary>The current element's value when <see cref="IsInteger"/>.</summary>
    public long Integer { get; private set; }

    /// <summary>The current element's bytes when it is a string (a view into the ziplist).</summary>
    public ReadOnlySpan<byte> String { get; private set; }

    /// <summary>Steps to the next element; false at the end marker, after checking the tail offset and count.</summary>
    public bool MoveNext()
    {
        if (_ziplist[_position] == End)
        {
            bool tailOk = _read == 0 ? _tail == HeaderSize : _tail == _lastEntry;
            if (_position != _ziplist.Length - 1 || !tailOk || (_declaredCount != ushort.MaxValue && _declaredCount != _read))
            {
                throw Corrupt();
            }
            return false;
        }
        int start = _position;
        ReadOnlySpan<byte> entry = _ziplist[start..^1]; // the end marker is never part of an entry
        int prevlenSize = entry[0] < BigPrevlen ? 1 : 5;
        Need(entry, prevlenSize + 1);
        long previous = prevlenSize == 1 ? entry[0] : BinaryPrimitives.ReadUInt32LittleEndian(entry[1..]);
        if (entry[0] == End || previous != _previousLength)
        {
            throw Corrupt();
        }
        int length = prevlenSize + DecodeEntry(entry, prevlenSize);
        _previousLength = length;
        _lastEntry = start;
        _position = start + length;
        _read++;
        return true;
    }

    // Decodes the encoding and data after the prevlen field; returns their size.
    private int DecodeEntry(ReadOnlySpan<byte> entry, int at)
    {
        byte encoding = entry[at];
        IsInteger = true;
        String = default;
        switch (encoding >> 6)
        {
            case 0:
                return DecodeString(entry, at, 1, encoding & 0x3F);
            case 1:
                Need(entry, at + 2);
                return DecodeString(entry, at, 2, ((encoding & 0x3F) << 8) | entry[at + 1]);
            case 2:
                Need(entry, at + 5);
                uint length = BinaryPrimitives.ReadUInt32BigEndian(entry[(at + 1)..]);
                if (encoding != 0x80 || length > int.MaxValue)
                {
                    throw Corrupt();
                }
                return DecodeString(entry, at, 5, (int)length);
        }
        switch (encoding)
        {
            case 0xC0:
                Need(entry, at + 3);
                Integer = BinaryPrimitives.ReadInt16LittleEndian(entry[(at + 1)..]);
                return 3;
            case 0xD0:
                Need(entry, at + 5);
                Integer = BinaryPrimitives.ReadInt32LittleEndian(entry[(at + 1)..]);
                return 5;
            case 0xE0:
                Need(entry, at + 9);
                Integer = BinaryPrimitives.ReadInt64LittleEndian(entry[(at + 1)..]);
                return 9;
            case 0xF0:
                Need(entry, at + 4);
                Integer = (entry[at + 1] | entry[at + 2] << 8 | entry[at + 3] << 16) << 8 >> 8;
                return 4;
            case 0xFE:
                Need(entry, at + 2);
                Integer = (sbyte)entry[at + 1];
                return 2;
            case >= 0xF1 and <= 0xFD:
                Integer = (encoding & 0x0F) - 1; // immediate 0 to 12
                return 1;
            default:
                throw Corrupt();
        }
    }

    private int DecodeString(ReadOnlySpan<byte> entry, int at, int headerSize, int length)
    {
        Need(entry, (long)at + headerSize + length);
        IsInteger = false;
        String = entry.Slice(at + headerSize, length);
        return headerSize + length;
    }

    private static void Need(ReadOnlySpan<byte> entry, long size)
    {
        if (size > entry.Length)
        {
            throw Corrupt();
        }
    }

    private static RdbFormatException Corrupt() => new("Ziplist integrity check failed.");
}
