using System.Buffers.Binary;

namespace Reactor.MiniRedis.Storage.Rdb;

/// <summary>
/// Walks the elements of a listpack read from an RDB stream, checking every byte as it goes: lpValidateIntegrity
/// with deep validation (redis/redis src/listpack.c). Data from a file or a RESTORE payload is untrusted, so no
/// element is handed out before its encoding, length and back length have been checked against the buffer.
/// </summary>
public ref struct ListpackReader : IPackedReader
{
    private readonly ReadOnlySpan<byte> _listpack;
    private readonly int _declaredCount;
    private int _position;
    private int _read;

    /// <summary>Checks the header (size, terminator) of <paramref name="listpack"/>; throws when it is invalid.</summary>
    public ListpackReader(ReadOnlySpan<byte> listpack)
    {
        if (listpack.Length < ListpackWriter.HeaderSize + 1 ||
            BinaryPrimitives.ReadUInt32LittleEndian(listpack) != (uint)listpack.Length ||
            listpack[^1] != 0xFF)
        {
            throw Corrupt();
        }
        _listpack = listpack;
        _declaredCount = BinaryPrimitives.ReadUInt16LittleEndian(listpack[4..]);
        _position = ListpackWriter.HeaderSize;
    }

    /// <summary>True when the current element is stored as an integer (<see cref="Integer"/>), else it is <see cref="String"/>.</summary>
    public bool IsInteger { get; private set; }

    /// <summary>The current element's value when <see cref="IsInteger"/>.</summary>
    public long Integer { get; private set; }

    /// <summary>The current element's bytes when it is a string (a view into the listpack).</summary>
    public ReadOnlySpan<byte> String { get; private set; }

    /// <summary>
    /// Steps to the next element; false at the terminator, after checking that it is the last byte and that the
    /// header's count (unless unknown) matches what was read.
    /// </summary>
    public bool MoveNext()
    {
        if (_listpack[_position] == 0xFF)
        {
            if (_position != _listpack.Length - 1 || (_declaredCount != ListpackWriter.UnknownCount && _declaredCount != _read))
            {
                throw Corrupt();
            }
            return false;
        }
        int encodedLength = DecodeEntry(_listpack[_position..]);
        int backlenSize = ListpackWriter.BacklenSize(encodedLength);
        // The entry and its back length must end before the terminator.
        if ((long)_position + encodedLength + backlenSize > _listpack.Length - 1 ||
            DecodeBacklen(_listpack.Slice(_position + encodedLength, backlenSize)) != encodedLength)
        {
            throw Corrupt();
        }
        _position += encodedLength + backlenSize;
        _read++;
        return true;
    }

    /// <summary>Reads every element and returns how many there are (validating the whole listpack).</summary>
    public static int CountAndValidate(ReadOnlySpan<byte> listpack)
    {
        var reader = new ListpackReader(listpack);
        int count = 0;
        while (reader.MoveNext())
        {
            count++;
        }
        return count;
    }

    // Decodes the element at the start of `entry` into the properties; returns its encoded length (encoding byte,
    // length bytes and data), throwing when the encoding is invalid or runs past the buffer.
    private int DecodeEntry(ReadOnlySpan<byte> entry)
    {
        byte first = entry[0];
        IsInteger = true;
        String = default;
        if ((first & 0x80) == 0)
        {
            Integer = first & 0x7F; // 7-bit unsigned
            return 1;
        }
        if ((first & 0xC0) == 0x80)
        {
            return DecodeString(entry, 1, first & 0x3F); // 6-bit length string
        }
        if ((first & 0xE0) == 0xC0)
        {
            Need(entry, 2);
            int v13 = ((first & 0x1F) << 8) | entry[1];
            Integer = v13 >= 1 << 12 ? v13 - (1 << 13) : v13; // 13-bit signed
            return 2;
        }
        if ((first & 0xF0) == 0xE0)
        {
            Need(entry, 2);
            return DecodeString(entry, 2, ((first & 0x0F) << 8) | entry[1]); // 12-bit length string
        }
        switch (first)
        {
            case 0xF0:
                Need(entry, 5);
                uint length = BinaryPrimitives.ReadUInt32LittleEndian(entry[1..]);
                if (length > int.MaxValue)
                {
                    throw Corrupt();
                }
                return DecodeString(entry, 5, (int)length); // 32-bit length string
            case 0xF1:
                Need(entry, 3);
                Integer = BinaryPrimitives.ReadInt16LittleEndian(entry[1..]);
                return 3;
            case 0xF2:
                Need(entry, 4);
                Integer = (entry[1] | entry[2] << 8 | entry[3] << 16) << 8 >> 8; // 24-bit signed
                return 4;
            case 0xF3:
                Need(entry, 5);
                Integer = BinaryPrimitives.ReadInt32LittleEndian(entry[1..]);
                return 5;
            case 0xF4:
                Need(entry, 9);
                Integer = BinaryPrimitives.ReadInt64LittleEndian(entry[1..]);
                return 9;
            default:
                throw Corrupt();
        }
    }

    private int DecodeString(ReadOnlySpan<byte> entry, int headerSize, int length)
    {
        Need(entry, (long)headerSize + length);
        IsInteger = false;
        String = entry.Slice(headerSize, length);
        return headerSize + length;
    }

    // lpDecodeBacklen over the back length bytes in stored order.
    private static long DecodeBacklen(ReadOnlySpan<byte> backlen)
    {
        long value = 0;
        int shift = 0;
        for (int i = backlen.Length - 1; i >= 0; i--)
        {
            value |= (long)(backlen[i] & 127) << shift;
            if ((backlen[i] & 128) == 0)
            {
                return i == 0 ? value : -1;
            }
            shift += 7;
        }
        return -1;
    }

    private static void Need(ReadOnlySpan<byte> entry, long size)
    {
        if (size > entry.Length - 1) // the terminator is never part of an entry
        {
            throw Corrupt();
        }
    }

    private static RdbFormatException Corrupt() => new("Listpack integrity check failed.");
}
