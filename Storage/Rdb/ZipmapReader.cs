using System.Buffers.Binary;

namespace Reactor.MiniRedis.Storage.Rdb;

/// <summary>
/// Walks the field/value pairs of a zipmap, the small-hash encoding of Redis 2.4 and older (redis/redis
/// src/zipmap.c), which RDB files of that era contain: a count byte, then per pair a length, the field, a length,
/// a free-space byte, the value and its unused bytes, and 0xFF. Checked as zipmapValidateIntegrity does.
/// </summary>
public ref struct ZipmapReader
{
    private const byte BigLength = 254;
    private const byte End = 0xFF;

    private readonly ReadOnlySpan<byte> _zipmap;
    private readonly int _declaredCount;
    private int _position;
    private int _read;

    /// <summary>Starts reading <paramref name="zipmap"/>; throws when even the count byte is missing.</summary>
    public ZipmapReader(ReadOnlySpan<byte> zipmap)
    {
        if (zipmap.Length < 2 || zipmap[^1] != End)
        {
            throw Corrupt();
        }
        _zipmap = zipmap;
        _declaredCount = zipmap[0];
        _position = 1;
    }

    /// <summary>The current pair's field.</summary>
    public ReadOnlySpan<byte> Field { get; private set; }

    /// <summary>The current pair's value.</summary>
    public ReadOnlySpan<byte> Value { get; private set; }

    /// <summary>Steps to the next pair; false at the end marker, after checking the count (when below 254).</summary>
    public bool MoveNext()
    {
        if (_zipmap[_position] == End)
        {
            if (_position != _zipmap.Length - 1 || (_declaredCount < BigLength && _declaredCount != _read))
            {
                throw Corrupt();
            }
            return false;
        }
        Field = ReadBlob(freeByte: false);
        Value = ReadBlob(freeByte: true);
        _read++;
        return true;
    }

    // A length (1 byte, or 254 and 4 little-endian bytes), for values a free-space byte, the bytes, and for values
    // the free space after them.
    private ReadOnlySpan<byte> ReadBlob(bool freeByte)
    {
        int end = _zipmap.Length - 1;
        if (_position >= end)
        {
            throw Corrupt();
        }
        long length = _zipmap[_position];
        if (length == End)
        {
            throw Corrupt();
        }
        int headerSize = 1;
        if (length == BigLength)
        {
            if (_position + 5 > end)
            {
                throw Corrupt();
            }
            length = BinaryPrimitives.ReadUInt32LittleEndian(_zipmap[(_position + 1)..]);
            headerSize = 5;
        }
        long at = _position + headerSize;
        int free = 0;
        if (freeByte)
        {
            if (at >= end)
            {
                throw Corrupt();
            }
            free = _zipmap[(int)at];
            at++;
        }
        if (at + length + free > end)
        {
            throw Corrupt();
        }
        _position = (int)(at + length + free);
        return _zipmap.Slice((int)at, (int)length);
    }

    private static RdbFormatException Corrupt() => new("Zipmap integrity check failed.");
}
