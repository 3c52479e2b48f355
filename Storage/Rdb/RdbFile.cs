using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Reactor.MiniRedis.Storage.Rdb;

/// <summary>
/// Whole RDB files (redis/redis src/rdb.c): <see cref="Save"/> is rdbSaveRio and <see cref="Load"/> is
/// rdbLoadRio. A file is "REDIS0010", aux fields, per non-empty database a SELECTDB and a RESIZEDB followed by its
/// keys (each with its expire time and access information when it has them), the EOF opcode, and the CRC-64 of
/// everything before it, little-endian.
/// </summary>
public static class RdbFile
{
    private static ReadOnlySpan<byte> Signature => "REDIS"u8;

    /// <summary>
    /// rdbSaveRio: writes <paramref name="snapshot"/> to <paramref name="stream"/>. <paramref name="progress"/>
    /// counts the keys written and can stop the save, which then throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public static void Save(Stream stream, RdbSnapshot snapshot, RdbSaveOptions options, RdbSaveProgress? progress = null)
    {
        using var writer = new RdbWriter(stream, leaveOpen: true)
        {
            Compression = options.Compression,
            ListMaxListpackSize = options.ListMaxListpackSize,
        };
        writer.WriteRaw(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"REDIS{RdbWriter.Version:D4}")));
        WriteAuxFields(writer, options);
        foreach (RdbDatabaseSnapshot db in snapshot.Databases)
        {
            writer.WriteType(RdbType.SelectDb);
            writer.WriteLength((ulong)db.Id);
            writer.WriteType(RdbType.ResizeDb);
            writer.WriteLength((ulong)db.Count);
            writer.WriteLength((ulong)db.ExpiresCount);
            foreach (RdbEntry entry in db.ReadEntries())
            {
                if (progress is not null)
                {
                    ThrowIfCancelled(progress);
                    progress.KeyWritten();
                }
                WriteKeyValuePair(writer, db.AccessKind, entry);
            }
        }
        if (progress is not null)
        {
            ThrowIfCancelled(progress); // a streamed database also ends early when its capture is abandoned
        }
        writer.WriteType(RdbType.Eof);
        Span<byte> checksum = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(checksum, options.Checksum ? writer.Checksum : 0);
        writer.WriteRaw(checksum);
        writer.Flush();
    }

    /// <summary>
    /// rdbLoadRio: reads an RDB file of version 1 to 10 from <paramref name="stream"/> into
    /// <paramref name="keyspace"/>, whose databases should be empty. Keys already expired are skipped, and empty
    /// values are skipped with a warning, as Redis does. Throws <see cref="RdbFormatException"/> when the file is
    /// truncated, corrupt, has a wrong checksum, names a database beyond the keyspace, repeats a key, or holds data
    /// this server cannot represent; the keyspace may then hold part of the file, so the caller loads into a
    /// scratch keyspace and keeps it only on success.
    /// </summary>
    public static RdbLoadResult Load(Stream stream, Keyspace keyspace, RdbLoadOptions options)
    {
        using var reader = new RdbReader(stream, leaveOpen: true);
        int version = ReadHeader(reader);
        Database db = keyspace[0];
        long expireTime = -1, lfuFrequency = -1, lruIdle = -1;
        long loaded = 0, expired = 0, emptySkipped = 0;
        while (true)
        {
            var type = (RdbType)reader.ReadByte();
            switch (type)
            {
                case RdbType.ExpireTime:
                    expireTime = reader.ReadInt32() * 1000L;
                    continue;
                case RdbType.ExpireTimeMs:
                    expireTime = reader.ReadMillisecondTime();
                    continue;
                case RdbType.Freq:
                    lfuFrequency = reader.ReadByte();
                    continue;
                case RdbType.Idle:
                    lruIdle = (long)Math.Min(reader.ReadLength(), long.MaxValue);
                    continue;
                case RdbType.Eof:
                    break;
                case RdbType.SelectDb:
                    ulong id = reader.ReadLength();
                    if (id >= (ulong)keyspace.Count)
                    {
                        throw reader.Corrupt(string.Create(CultureInfo.InvariantCulture,
                            $"FATAL: Data file was created with a Redis server configured to handle more than {keyspace.Count} databases. Exiting"));
                    }
                    db = keyspace[(int)id];
                    continue;
                case RdbType.ResizeDb:
                    reader.ReadLength();
                    reader.ReadLength();
                    continue;
                case RdbType.Aux:
                    string name = Encoding.UTF8.GetString(reader.ReadString());
                    string value = Encoding.UTF8.GetString(reader.ReadString());
                    options.AuxField?.Invoke(name, value);
                    continue;
                case RdbType.ModuleAux:
                    throw reader.Corrupt("The RDB file contains AUX module data I can't load: modules are not supported by this server");
                case RdbType.Function or RdbType.Function2:
                    throw reader.Corrupt("Failed loading library, functions are not supported by this server");
                default:
                    byte[] key = reader.ReadString();
                    // A string is stored bare, as SET stores it (StoredValue); other values as objects.
                    byte[]? loadedString = type == RdbType.String ? reader.ReadString() : null;
                    RedisObject? loadedValue = loadedString is null ? reader.ReadObject(type, keyspace.EncodingLimits) : null;
                    if (loadedString is null && loadedValue is null)
                    {
                        if (emptySkipped++ < 10)
                        {
                            options.Warning?.Invoke($"rdbLoadObject skipping empty key: {Encoding.UTF8.GetString(key)}");
                        }
                    }
                    else if (expireTime != -1 && expireTime < options.NowMilliseconds)
                    {
                        expired++;
                    }
                    else
                    {
                        if (loadedString is not null ? !db.AddString(key, loadedString) : !db.Add(key, loadedValue!))
                        {
                            throw reader.Corrupt(string.Create(CultureInfo.InvariantCulture,
                                $"RDB has duplicated key '{Encoding.UTF8.GetString(key)}' in DB {db.Id}"));
                        }
                        loaded++;
                        if (expireTime != -1)
                        {
                            db.SetExpireTime(key, expireTime);
                        }
                        if (loadedValue is null)
                        {
                            db.SetAccessInfo(key, lfuFrequency, lruIdle);
                        }
                        else
                        {
                            db.SetAccessInfo(loadedValue, lfuFrequency, lruIdle);
                        }
                    }
                    expireTime = lfuFrequency = lruIdle = -1;
                    continue;
            }
            break;
        }
        if (version >= 5)
        {
            VerifyChecksum(reader, options);
        }
        return new RdbLoadResult(version, loaded, expired, emptySkipped, reader.Position);
    }

    // rdbSaveInfoAuxFields: redis-ver, redis-bits, ctime, used-mem, aof-base (no replication fields: this server is
    // never part of a replication chain).
    private static void WriteAuxFields(RdbWriter writer, RdbSaveOptions options)
    {
        writer.WriteAuxField("redis-ver"u8, Encoding.ASCII.GetBytes(options.RedisVersion));
        writer.WriteAuxField("redis-bits"u8, "64"u8);
        writer.WriteAuxField("ctime"u8, NumericText.Int64ToBytes(options.CreationTime));
        writer.WriteAuxField("used-mem"u8, NumericText.Int64ToBytes(options.UsedMemory));
        writer.WriteAuxField("aof-base"u8, options.AofBase ? "1"u8 : "0"u8);
    }

    // rdbSaveKeyValuePair: expire time, access information, type, key, value.
    private static void WriteKeyValuePair(RdbWriter writer, RdbAccessInfo accessKind, in RdbEntry entry)
    {
        if (entry.ExpireTime != -1)
        {
            writer.WriteType(RdbType.ExpireTimeMs);
            writer.WriteMillisecondTime(entry.ExpireTime);
        }
        WriteAccess(writer, accessKind, entry.Access);
        if (entry.Value is null)
        {
            // A bare string (StoredValue): rdbSaveStringObject of the string it stands for, which for an
            // int-encodable value is the same integer encoding WriteString tries (rdbTryIntegerEncoding).
            writer.WriteType(RdbType.String);
            writer.WriteString(entry.Key.Span);
            writer.WriteString(entry.BareString.Span);
            return;
        }
        writer.WriteObjectType(entry.Value);
        writer.WriteString(entry.Key.Span);
        writer.WriteObject(entry.Value);
    }

    // RDB_OPCODE_IDLE with the idle seconds, or RDB_OPCODE_FREQ with the LFU counter, when the policy keeps them.
    private static void WriteAccess(RdbWriter writer, RdbAccessInfo accessKind, long access)
    {
        if (access < 0)
        {
            return;
        }
        if (accessKind == RdbAccessInfo.IdleTime)
        {
            writer.WriteType(RdbType.Idle);
            writer.WriteLength((ulong)access);
        }
        else
        {
            writer.WriteType(RdbType.Freq);
            writer.WriteByte((byte)access);
        }
    }

    private static void ThrowIfCancelled(RdbSaveProgress progress)
    {
        if (progress.IsCancelled)
        {
            throw new OperationCanceledException("The save was cancelled.");
        }
    }

    // The signature and the four-digit version (atoi, as Redis reads it); versions above 10 are refused.
    private static int ReadHeader(RdbReader reader)
    {
        Span<byte> header = stackalloc byte[9];
        reader.ReadExactly(header);
        if (!header[..5].SequenceEqual(Signature))
        {
            throw reader.Corrupt("Wrong signature trying to load DB from file");
        }
        int version = 0;
        foreach (byte digit in header[5..])
        {
            if (digit is < (byte)'0' or > (byte)'9')
            {
                break;
            }
            version = version * 10 + (digit - '0');
        }
        if (version < 1 || version > RdbWriter.Version)
        {
            throw reader.Corrupt(string.Create(CultureInfo.InvariantCulture, $"Can't handle RDB format version {version}"));
        }
        return version;
    }

    // The trailing CRC-64: 0 means the writer had rdbchecksum off; anything else must match what was read.
    private static void VerifyChecksum(RdbReader reader, RdbLoadOptions options)
    {
        ulong expected = reader.Checksum;
        Span<byte> stored = stackalloc byte[8];
        reader.ReadExactly(stored);
        ulong actual = BinaryPrimitives.ReadUInt64LittleEndian(stored);
        if (!options.VerifyChecksum)
        {
            return;
        }
        if (actual == 0)
        {
            options.Warning?.Invoke("RDB file was saved with checksum disabled: no check performed.");
        }
        else if (actual != expected)
        {
            throw reader.Corrupt(string.Create(CultureInfo.InvariantCulture,
                $"Wrong RDB checksum expected: ({expected:x}) but got ({actual:x}). Aborting now."));
        }
    }
}
