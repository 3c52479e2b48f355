using System.Buffers.Binary;

namespace Reactor.MiniRedis.Storage.Rdb;

/// <summary>
/// The payload of DUMP and RESTORE (createDumpPayload and verifyDumpPayload in redis/redis src/cluster.c): the
/// value's RDB type and serialization, then the RDB version as 2 little-endian bytes, then the CRC-64 of all of
/// that as 8 little-endian bytes.
/// </summary>
public static class DumpPayload
{
    private const int FooterSize = 10;

    // DUMP and RESTORE handle one value at a time: a small I/O buffer instead of a file-sized one.
    private const int BufferSize = 1024;

    /// <summary>createDumpPayload: serializes <paramref name="value"/> as Redis 7.0 would.</summary>
    public static byte[] Create(RedisObject value, bool compression = true, long listMaxListpackSize = EncodingLimits.DefaultListMaxListpackSize)
    {
        var stream = new MemoryStream();
        using (var writer = new RdbWriter(stream, leaveOpen: true, BufferSize) { Compression = compression, ListMaxListpackSize = listMaxListpackSize })
        {
            writer.WriteObjectType(value);
            writer.WriteObject(value);
            Span<byte> footer = stackalloc byte[FooterSize];
            BinaryPrimitives.WriteUInt16LittleEndian(footer, RdbWriter.Version);
            writer.WriteRaw(footer[..2]);
            BinaryPrimitives.WriteUInt64LittleEndian(footer[2..], writer.Checksum);
            writer.WriteRaw(footer[2..]);
        }
        return stream.ToArray();
    }

    /// <summary>
    /// verifyDumpPayload: true when <paramref name="payload"/> has a footer, an RDB version this server reads (at
    /// most 10) and a matching CRC-64. <paramref name="skipChecksum"/> (server.skip_checksum_validation) accepts any
    /// CRC-64.
    /// </summary>
    public static bool Verify(ReadOnlySpan<byte> payload, bool skipChecksum = false)
    {
        if (payload.Length < FooterSize)
        {
            return false;
        }
        ReadOnlySpan<byte> footer = payload[^FooterSize..];
        if (BinaryPrimitives.ReadUInt16LittleEndian(footer) > RdbWriter.Version)
        {
            return false;
        }
        return skipChecksum || Crc64.Update(0, payload[..^8]) == BinaryPrimitives.ReadUInt64LittleEndian(footer[2..]);
    }

    /// <summary>
    /// The value in a payload that passed <see cref="Verify"/>: its type byte, then rdbLoadObject. Returns null for
    /// an empty value; throws <see cref="RdbFormatException"/> when the type is not a value type or the data is
    /// malformed (RESTORE's "Bad data format").
    /// </summary>
    public static RedisObject? Load(byte[] payload, EncodingLimits limits)
    {
        // Read from the whole payload, as Redis does (rioInitWithBuffer on the argument): the footer is not cut off.
        using var reader = new RdbReader(new MemoryStream(payload, writable: false), bufferSize: BufferSize);
        byte type = reader.ReadByte();
        if (!RdbReader.IsObjectType(type))
        {
            throw reader.Corrupt($"Unknown RDB object type {type}");
        }
        return reader.ReadObject((RdbType)type, limits);
    }
}
