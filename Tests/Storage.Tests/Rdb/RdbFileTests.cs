using System.Buffers.Binary;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Reactor.MiniRedis.Storage.Rdb;

namespace Reactor.MiniRedis.Storage.Tests.Rdb;

/// <summary>Whole RDB files: rdbSaveRio's layout and rdbLoadRio's handling of every opcode and failure.</summary>
public sealed class RdbFileTests
{
    private const long Now = 1_700_000_000_000;

    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeMilliseconds(Now));

    [Test]
    public void Save_EmptyKeyspace_IsHeaderAuxEofAndChecksum()
    {
        byte[] file = Save(new Keyspace(16, _time));
        Assert.Multiple(() =>
        {
            Assert.That(Encoding.ASCII.GetString(file, 0, 9), Is.EqualTo("REDIS0010"));
            Assert.That(file[9], Is.EqualTo((byte)RdbType.Aux));
            Assert.That(file[^9], Is.EqualTo((byte)RdbType.Eof));
            Assert.That(BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(file.Length - 8)), Is.EqualTo(Crc64.Update(0, file.AsSpan(0, file.Length - 8))));
        });
    }

    [Test]
    public void Save_ChecksumOff_WritesZeroThatLoadsWithWarning()
    {
        byte[] file = Save(new Keyspace(1, _time), new RdbSaveOptions { RedisVersion = "7.0.15", Checksum = false });
        var warnings = new List<string>();
        Load(file, new Keyspace(1, _time), warnings.Add);
        Assert.Multiple(() =>
        {
            Assert.That(BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(file.Length - 8)), Is.Zero);
            Assert.That(warnings, Is.EqualTo(new[] { "RDB file was saved with checksum disabled: no check performed." }));
        });
    }

    [Test]
    public void SaveThenLoad_DatabasesAndExpireTimes_AreKept()
    {
        var keyspace = new Keyspace(16, _time);
        keyspace[0].Set("a"u8, RedisString.FromBytes("1"u8));
        keyspace[5].Set("b"u8, RedisString.FromBytes("two"u8));
        keyspace[5].SetExpireTime("b"u8, Now + 5000);
        var loaded = new Keyspace(16, _time);
        byte[] file = Save(keyspace);
        RdbLoadResult result = Load(file, loaded);
        Assert.Multiple(() =>
        {
            Assert.That(result, Is.EqualTo(new RdbLoadResult(10, 2, 0, 0, BytesRead: file.Length)));
            Assert.That(loaded[0].Exists("a"u8), Is.True);
            Assert.That(loaded[5].GetExpireTime("b"u8), Is.EqualTo(Now + 5000));
        });
    }

    // A bare string (StoredValue) is saved exactly as the RedisString it stands for: integer encodings, binary
    // bytes, the empty string, a long string's array, with and without a time to live.
    [Test]
    public void Save_StringsHeldInTheEntry_WriteTheBytesOfStringObjects()
    {
        byte[][] values =
        [
            [], "v"u8.ToArray(), "0"u8.ToArray(), "-1"u8.ToArray(), "12345"u8.ToArray(), "-2147483648"u8.ToArray(),
            "4294967296"u8.ToArray(), "007"u8.ToArray(), "1.5"u8.ToArray(), "0123456789abcdef"u8.ToArray(), [0, 0xFF, 13, 10],
            "12345678901234567"u8.ToArray(), Encoding.ASCII.GetBytes(new string('z', 100)), // arrays: LZF-compressed, shared
        ];
        var inline = new Keyspace(1, _time);
        var objects = new Keyspace(1, _time);
        for (int i = 0; i < values.Length; i++)
        {
            byte[] key = Encoding.ASCII.GetBytes($"k{i}");
            inline[0].SetString(key, values[i]);
            objects[0].Set(key, RedisString.FromBytes(values[i]));
            if (i % 2 == 0)
            {
                inline[0].SetExpireTime(key, Now + 1_000_000 + i);
                objects[0].SetExpireTime(key, Now + 1_000_000 + i);
            }
        }
        var options = new RdbSaveOptions { RedisVersion = "7.0.15", CreationTime = 1, UsedMemory = 2 };
        byte[] file = Save(inline, options);
        var loaded = new Keyspace(1, _time);
        Load(file, loaded);
        Assert.Multiple(() =>
        {
            Assert.That(inline[0].LookupStored("k1"u8).IsBareString, Is.True);
            Assert.That(file, Is.EqualTo(Save(objects, options)));
            Assert.That(((RedisString)loaded[0].Lookup("k10"u8)!).ToArray(), Is.EqualTo(values[10]));
        });
    }

    // Loading stores strings as SET does: bare (StoredValue), in the entry up to 16 bytes, else the array read.
    [Test]
    public void Load_Strings_AreStoredBare()
    {
        var keyspace = new Keyspace(1, _time);
        keyspace[0].Set("short"u8, RedisString.FromBytes("12345"u8));
        keyspace[0].Set("long"u8, RedisString.FromBytes(Encoding.ASCII.GetBytes(new string('x', 100))));
        var loaded = new Keyspace(1, _time);
        Load(Save(keyspace), loaded);
        Assert.Multiple(() =>
        {
            Assert.That(loaded[0].LookupStored("short"u8).IsBareString, Is.True);
            Assert.That(loaded[0].LookupStored("long"u8).StringBytes.Length, Is.EqualTo(100));
            Assert.That(loaded[0].MemoryBytes - loaded[0].TableOverheadBytes, Is.EqualTo(MemoryAccounting.ByteArray(100)));
            Assert.That(loaded[0].Lookup("short"u8)!.Encoding, Is.EqualTo("int")); // materialises it
        });
    }

    [Test]
    public void Load_KeyExpiredBeforeLoading_IsSkippedAndCounted()
    {
        var keyspace = new Keyspace(1, _time);
        keyspace[0].Set("old"u8, RedisString.FromBytes("v"u8));
        keyspace[0].SetExpireTime("old"u8, Now - 1);
        var loaded = new Keyspace(1, _time);
        Assert.That((Load(Save(keyspace), loaded).KeysExpired, loaded[0].Count), Is.EqualTo((1, 0)));
    }

    [Test]
    public void Load_AuxFields_AreReported()
    {
        var aux = new Dictionary<string, string>();
        byte[] file = Save(new Keyspace(1, _time), new RdbSaveOptions { RedisVersion = "7.0.15", CreationTime = 123, UsedMemory = 456 });
        RdbFile.Load(new MemoryStream(file), new Keyspace(1, _time), new RdbLoadOptions { AuxField = (k, v) => aux[k] = v });
        Assert.That(aux, Is.EqualTo(new Dictionary<string, string>
        {
            ["redis-ver"] = "7.0.15",
            ["redis-bits"] = "64",
            ["ctime"] = "123",
            ["used-mem"] = "456",
            ["aof-base"] = "0",
        }));
    }

    [Test]
    public void Load_Version9WithSecondsExpireAndIdle_IsRead()
    {
        // REDIS0009, EXPIRETIME (seconds), IDLE 30, string "k" = "v", EOF, checksum.
        byte[] body = [.. "REDIS0009"u8, (byte)RdbType.ExpireTime, .. Int32(1_800_000_000), (byte)RdbType.Idle, 30,
            (byte)RdbType.String, 1, (byte)'k', 1, (byte)'v', (byte)RdbType.Eof];
        var loaded = new Keyspace(1, _time);
        RdbLoadResult result = Load(WithChecksum(body), loaded);
        Assert.Multiple(() =>
        {
            Assert.That(result.Version, Is.EqualTo(9));
            Assert.That(loaded[0].GetExpireTime("k"u8), Is.EqualTo(1_800_000_000_000L));
            Assert.That(loaded[0].IdleMilliseconds(loaded[0].Lookup("k"u8, touch: false)!), Is.EqualTo(30_000));
        });
    }

    [Test]
    public void Load_Version4_HasNoChecksum()
    {
        byte[] body = [.. "REDIS0004"u8, (byte)RdbType.String, 1, (byte)'k', 1, (byte)'v', (byte)RdbType.Eof];
        Assert.That(Load(body, new Keyspace(1, _time)).KeysLoaded, Is.EqualTo(1));
    }

    [Test]
    public void Load_EmptyValue_IsSkippedWithWarning()
    {
        byte[] body = [.. "REDIS0010"u8, (byte)RdbType.List, 1, (byte)'k', 0, (byte)RdbType.Eof];
        var warnings = new List<string>();
        RdbLoadResult result = Load(WithChecksum(body), new Keyspace(1, _time), warnings.Add);
        Assert.Multiple(() =>
        {
            Assert.That(result.EmptyKeysSkipped, Is.EqualTo(1));
            Assert.That(warnings, Is.EqualTo(new[] { "rdbLoadObject skipping empty key: k" }));
        });
    }

    [TestCase("REDIS0011", "Can't handle RDB format version 11")]
    [TestCase("REDIS0000", "Can't handle RDB format version 0")]
    [TestCase("RODIS0010", "Wrong signature trying to load DB from file")]
    public void Load_BadHeader_Throws(string header, string message) =>
        Assert.That(() => Load([.. Encoding.ASCII.GetBytes(header), (byte)RdbType.Eof], new Keyspace(1, _time)),
            Throws.TypeOf<RdbFormatException>().With.Message.EqualTo(message));

    [Test]
    public void Load_DuplicateKey_Throws()
    {
        byte[] body = [.. "REDIS0010"u8, 0, 1, (byte)'k', 1, (byte)'v', 0, 1, (byte)'k', 1, (byte)'w', (byte)RdbType.Eof];
        Assert.That(() => Load(WithChecksum(body), new Keyspace(1, _time)),
            Throws.TypeOf<RdbFormatException>().With.Message.EqualTo("RDB has duplicated key 'k' in DB 0"));
    }

    [Test]
    public void Load_SelectDbBeyondKeyspace_Throws()
    {
        byte[] body = [.. "REDIS0010"u8, (byte)RdbType.SelectDb, 4, (byte)RdbType.Eof];
        Assert.That(() => Load(WithChecksum(body), new Keyspace(4, _time)),
            Throws.TypeOf<RdbFormatException>().With.Message.Contains("more than 4 databases"));
    }

    [Test]
    public void Load_ModuleAux_Throws()
    {
        byte[] body = [.. "REDIS0010"u8, (byte)RdbType.ModuleAux, 0, 2, 0, (byte)RdbType.Eof];
        Assert.That(() => Load(WithChecksum(body), new Keyspace(1, _time)), Throws.TypeOf<RdbFormatException>());
    }

    [Test]
    public void Load_TruncatedAnywhere_ThrowsShortRead()
    {
        var keyspace = new Keyspace(1, _time);
        keyspace[0].Set("key"u8, RedisString.FromBytes("value"u8));
        byte[] file = Save(keyspace);
        Assert.Multiple(() =>
        {
            for (int length = 0; length < file.Length; length++)
            {
                int cut = length;
                Assert.That(() => Load(file[..cut], new Keyspace(1, _time)),
                    Throws.TypeOf<RdbFormatException>().With.Property(nameof(RdbFormatException.ShortRead)).True, $"cut at {cut}");
            }
        });
    }

    [Test]
    public void Save_LruAccessInfo_WritesIdleOpcode()
    {
        var keyspace = new Keyspace(1, _time);
        keyspace[0].Set("k"u8, RedisString.FromBytes("v"u8));
        _time.Advance(TimeSpan.FromSeconds(42));
        var stream = new MemoryStream();
        RdbFile.Save(stream, RdbSnapshot.Capture(keyspace, RdbAccessInfo.IdleTime, copyValues: false), new RdbSaveOptions { RedisVersion = "7.0.15" });
        byte[] file = stream.ToArray();
        int idle = Array.IndexOf(file, (byte)RdbType.Idle);
        Assert.That(file[idle + 1], Is.EqualTo(42));
    }

    [Test]
    public void SaveThenLoad_KeysAcrossTheInlineLimit_KeepTheirBytesAndTimes()
    {
        int[] lengths = [0, 1, 23, 24, 100, 5000];
        var keyspace = new Keyspace(1, _time);
        foreach (int length in lengths)
        {
            byte[] key = [.. Enumerable.Range(0, length).Select(i => (byte)(0xFF - i))];
            keyspace[0].Set(key, RedisString.FromInt64(length));
            keyspace[0].SetExpireTime(key, Now + 1000 + length);
        }
        var loaded = new Keyspace(1, _time);
        Load(Save(keyspace), loaded);
        var contents = new List<(int, long, long)>();
        foreach (KeyTable<StoredValue>.Item entry in loaded[0])
        {
            bool bytesMatch = entry.Key.SequenceEqual(Enumerable.Range(0, entry.Key.Length).Select(i => (byte)(0xFF - i)).ToArray());
            contents.Add((bytesMatch ? entry.Key.Length : -1, (entry.Value.Object as RedisString ?? entry.Value.ToObject()).TryGetInt64(out long n) ? n : -1, loaded[0].GetExpireTime(entry.Key)));
        }
        Assert.That(contents, Is.EquivalentTo(lengths.Select(l => (l, (long)l, Now + 1000 + l))));
    }

    private byte[] Save(Keyspace keyspace, RdbSaveOptions? options = null)
    {
        var stream = new MemoryStream();
        RdbFile.Save(stream, RdbSnapshot.Capture(keyspace, RdbAccessInfo.None, copyValues: false), options ?? new RdbSaveOptions { RedisVersion = "7.0.15" });
        return stream.ToArray();
    }

    private static RdbLoadResult Load(byte[] file, Keyspace keyspace, Action<string>? warning = null) =>
        RdbFile.Load(new MemoryStream(file), keyspace, new RdbLoadOptions { NowMilliseconds = Now, Warning = warning });

    private static byte[] WithChecksum(byte[] body)
    {
        byte[] file = [.. body, 0, 0, 0, 0, 0, 0, 0, 0];
        BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(body.Length), Crc64.Update(0, body));
        return file;
    }

    private static byte[] Int32(int value)
    {
        byte[] bytes = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
        return bytes;
    }
}
