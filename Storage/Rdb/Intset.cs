using System.Buffers.Binary;

namespace Reactor.MiniRedis.Storage.Rdb;

/// <summary>
/// The intset blob (redis/redis src/intset.c) that RDB files and DUMP payloads carry for small all-integer sets:
/// the element width (2, 4 or 8 bytes) and the count as 32-bit little-endian numbers, then the integers in
/// ascending order, little-endian, all of that width.
/// </summary>
public static class Intset
{
    private const int HeaderSize = 8;

    /// <summary>
    /// _intsetValueEncoding: the width Redis would use for a set whose smallest and largest members are
    /// <paramref name="min"/> and <paramref name="max"/>.
    /// </summary>
    public static int EncodingFor(long min, long max) =>
        min < int.MinValue || max > int.MaxValue ? 8 : min < short.MinValue || max > short.MaxValue ? 4 : 2;

    /// <summary>The blob's size for <paramref name="count"/> members of width <paramref name="encoding"/>.</summary>
    public static int BlobLength(int count, int encoding) => HeaderSize + count * encoding;

    /// <summary>Writes the header and <paramref name="values"/> (ascending) into <paramref name="destination"/>.</summary>
    public static void Write(ReadOnlySpan<long> values, int encoding, Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, (uint)encoding);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], (uint)values.Length);
        Span<byte> body = destination[HeaderSize..];
        for (int i = 0; i < values.Length; i++)
        {
            switch (encoding)
            {
                case 2:
                    BinaryPrimitives.WriteInt16LittleEndian(body[(i * 2)..], (short)values[i]);
                    break;
                case 4:
                    BinaryPrimitives.WriteInt32LittleEndian(body[(i * 4)..], (int)values[i]);
                    break;
                default:
                    BinaryPrimitives.WriteInt64LittleEndian(body[(i * 8)..], values[i]);
                    break;
            }
        }
    }

    /// <summary>
    /// intsetValidateIntegrity with deep validation, then the members: the width must be 2, 4 or 8, the size must
    /// match the count, and the members must be strictly ascending (no duplicates). Throws when any check fails.
    /// </summary>
    public static long[] Read(ReadOnlySpan<byte> blob)
    {
        if (blob.Length < HeaderSize)
        {
            throw Corrupt();
        }
        uint encoding = BinaryPrimitives.ReadUInt32LittleEndian(blob);
        uint count = BinaryPrimitives.ReadUInt32LittleEndian(blob[4..]);
        if (encoding is not (2 or 4 or 8) || HeaderSize + (long)count * encoding != blob.Length)
        {
            throw Corrupt();
        }
        var values = new long[count];
        ReadOnlySpan<byte> body = blob[HeaderSize..];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = encoding switch
            {
                2 => BinaryPrimitives.ReadInt16LittleEndian(body[(i * 2)..]),
                4 => BinaryPrimitives.ReadInt32LittleEndian(body[(i * 4)..]),
                _ => BinaryPrimitives.ReadInt64LittleEndian(body[(i * 8)..]),
            };
            if (i > 0 && values[i] <= values[i - 1])
            {
                throw Corrupt();
            }
        }
        return values;
    }

    private static RdbFormatException Corrupt() => new("Intset integrity check failed.");
}
