using System.Buffers.Binary;

namespace Reactor.MiniRedis.Storage.Rdb;

/// <summary>
/// The CRC-64 that Redis puts at the end of RDB files and DUMP payloads (redis/redis src/crc64.c): the Jones
/// polynomial 0xad93d23594c935a9, reflected input and output, initial value 0, no final xor. crc64(0, "123456789")
/// is 0xe9c6d914c4b8d9ca.
/// </summary>
/// <remarks>
/// Computed eight bytes at a time with eight lookup tables ("slicing-by-8", what crcspeed.c does for Redis), so an
/// RDB file of hundreds of megabytes is checksummed at memory speed rather than one table lookup per byte.
/// </remarks>
public static class Crc64
{
    /// <summary>The Jones polynomial bit-reversed, as a reflected CRC consumes it.</summary>
    private const ulong ReflectedPolynomial = 0x95ac9329ac4bc9b5UL;

    private static readonly ulong[][] s_tables = BuildTables();

    /// <summary>Continues the checksum <paramref name="crc"/> (0 to start) over <paramref name="data"/>.</summary>
    public static ulong Update(ulong crc, ReadOnlySpan<byte> data)
    {
        ulong[] t0 = s_tables[0], t1 = s_tables[1], t2 = s_tables[2], t3 = s_tables[3];
        ulong[] t4 = s_tables[4], t5 = s_tables[5], t6 = s_tables[6], t7 = s_tables[7];
        while (data.Length >= 8)
        {
            crc ^= BinaryPrimitives.ReadUInt64LittleEndian(data);
            crc = t7[crc & 0xff] ^ t6[(crc >> 8) & 0xff] ^ t5[(crc >> 16) & 0xff] ^ t4[(crc >> 24) & 0xff] ^
                  t3[(crc >> 32) & 0xff] ^ t2[(crc >> 40) & 0xff] ^ t1[(crc >> 48) & 0xff] ^ t0[crc >> 56];
            data = data[8..];
        }
        foreach (byte b in data)
        {
            crc = t0[(crc ^ b) & 0xff] ^ (crc >> 8);
        }
        return crc;
    }

    // Table 0 is the classic byte-at-a-time table; table k advances a byte's contribution by k more zero bytes.
    private static ulong[][] BuildTables()
    {
        var tables = new ulong[8][];
        for (int k = 0; k < 8; k++)
        {
            tables[k] = new ulong[256];
        }
        for (int n = 0; n < 256; n++)
        {
            ulong crc = (ulong)n;
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ ReflectedPolynomial : crc >> 1;
            }
            tables[0][n] = crc;
        }
        for (int n = 0; n < 256; n++)
        {
            ulong crc = tables[0][n];
            for (int k = 1; k < 8; k++)
            {
                crc = tables[0][crc & 0xff] ^ (crc >> 8);
                tables[k][n] = crc;
            }
        }
        return tables;
    }
}
