using System.Buffers.Binary;
using System.Text;
using Reactor.MiniRedis.Storage.Rdb;

namespace Reactor.MiniRedis.Storage.Tests.Rdb;

/// <summary>
/// DUMP payloads: the bytes redis-server 7.0.15 gives for the same values (captured from a real server), the
/// footer checks, and RESTORE of every encoding Redis writes or still reads.
/// </summary>
public sealed class DumpPayloadTests
{
    private static readonly EncodingLimits s_limits = new();

    [Test]
    public void Create_EmbstrString_IsRedisPayload() =>
        Assert.That(Hex(RedisString.FromBytes("hello"u8)), Is.EqualTo("000568656c6c6f0a006372df766534200a"));

    [Test]
    public void Create_IntString_IsRedisPayload() =>
        Assert.That(Hex(RedisString.FromBytes("12345"u8)), Is.EqualTo("00c139300a009d94ea2793fc08b9"));

    [Test]
    public void Create_CompressibleString_IsRedisPayload() =>
        Assert.That(Hex(RedisString.FromBytes(Encoding.ASCII.GetBytes(new string('a', 100)))),
            Is.EqualTo("00c3094064016161e057000161610a00e8a3b507b06df271"));

    [Test]
    public void Create_ListPushedAtTail_IsRedisPayload()
    {
        var list = new RedisList();
        foreach (string element in new[] { "a", "b", "c", "1", "2", "300" })
        {
            list.Push(Encoding.ASCII.GetBytes(element), ListEnd.Tail);
        }
        Assert.That(Hex(list), Is.EqualTo("1201021717000000060081610281620281630201010201c12c02ff0a00565035a576f978fe"));
    }

    [Test]
    public void Create_Intset_IsRedisPayload() =>
        Assert.That(Hex(Set("1", "2", "3")), Is.EqualTo("0b0e02000000030000000100020003000a00a5025ce26d6e4d1b"));

    [Test]
    public void Create_HashtableSetOfOne_IsRedisPayload() =>
        Assert.That(Hex(Set("a")), Is.EqualTo("020101610a006296e97e44d21a6d"));

    [Test]
    public void Create_ListpackHash_IsRedisPayload()
    {
        var hash = new RedisHash(s_limits);
        hash.Set("f"u8, "v"u8);
        hash.Set("f2"u8, "22"u8);
        Assert.That(Hex(hash), Is.EqualTo("1013130000000400816602817602826632031601ff0a0009c1c069ddf7fce4"));
    }

    [Test]
    public void Create_ListpackSortedSetWithNegativeZero_IsRedisPayload()
    {
        var zset = new RedisSortedSet(s_limits);
        zset.Add(1, "a"u8, SortedSetAddFlags.None, out _);
        zset.Add(2.5, "b"u8, SortedSetAddFlags.None, out _);
        zset.Add(-0.0, "c"u8, SortedSetAddFlags.None, out _);
        Assert.That(Hex(zset), Is.EqualTo("11191900000006008163020001816102010181620283322e3504ff0a00646e5d164eaf5877"));
    }

    [Test]
    public void Verify_OwnPayload_IsTrue() => Assert.That(DumpPayload.Verify(DumpPayload.Create(RedisString.FromBytes("x"u8))), Is.True);

    [Test]
    public void Verify_FlippedByte_IsFalse()
    {
        byte[] payload = DumpPayload.Create(RedisString.FromBytes("hello"u8));
        payload[2] ^= 1;
        Assert.That(DumpPayload.Verify(payload), Is.False);
    }

    [Test]
    public void Verify_NewerRdbVersion_IsFalse() => Assert.That(DumpPayload.Verify(Payload(11, 0x00, 0x01, 0x61)), Is.False);

    [Test]
    public void Verify_ShorterThanFooter_IsFalse() => Assert.That(DumpPayload.Verify(new byte[9]), Is.False);

    [Test]
    public void Load_String_IsEmbstr()
    {
        var value = (RedisString)DumpPayload.Load(DumpPayload.Create(RedisString.FromBytes("hello"u8)), s_limits)!;
        Assert.That((value.Encoding, Encoding.ASCII.GetString(value.ToArray())), Is.EqualTo(("embstr", "hello")));
    }

    [Test]
    public void Load_IntegerString_IsIntEncoded() =>
        Assert.That(DumpPayload.Load(DumpPayload.Create(RedisString.FromInt64(-123456789012)), s_limits)!.Encoding, Is.EqualTo("int"));

    [Test]
    public void Load_LongString_IsRawWithSameBytes()
    {
        byte[] bytes = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("abc", 1000)));
        var value = (RedisString)DumpPayload.Load(DumpPayload.Create(RedisString.FromBytes(bytes)), s_limits)!;
        Assert.That((value.Encoding, value.ToArray()), Is.EqualTo(("raw", bytes)));
    }

    [Test]
    public void Load_LongListOfManyNodes_KeepsOrder()
    {
        var list = new RedisList();
        for (int i = 0; i < 5000; i++)
        {
            list.Push(Encoding.ASCII.GetBytes($"element-{i}"), ListEnd.Tail);
        }
        var loaded = (RedisList)DumpPayload.Load(DumpPayload.Create(list), s_limits)!;
        Assert.That(Elements(loaded), Is.EqualTo(Elements(list)));
    }

    [Test]
    public void Load_Intset_StaysIntset()
    {
        var loaded = (RedisSet)DumpPayload.Load(DumpPayload.Create(Set("5", "-70000", "3")), s_limits)!;
        Assert.That((loaded.Encoding, loaded.Count, loaded.Contains("-70000"u8)), Is.EqualTo(("intset", 3, true)));
    }

    [Test]
    public void Load_IntsetOverLimit_BecomesHashtable()
    {
        var limits = new EncodingLimits { SetMaxIntsetEntries = 2 };
        Assert.That(DumpPayload.Load(DumpPayload.Create(Set("1", "2", "3")), limits)!.Encoding, Is.EqualTo("hashtable"));
    }

    [Test]
    public void Load_HashtableSet_KeepsMembers()
    {
        var loaded = (RedisSet)DumpPayload.Load(DumpPayload.Create(Set("a", "b", "7")), s_limits)!;
        Assert.That((loaded.Encoding, loaded.Contains("a"u8), loaded.Contains("7"u8)), Is.EqualTo(("hashtable", true, true)));
    }

    [Test]
    public void Load_SkiplistSortedSet_KeepsScoresAndEncoding()
    {
        var zset = RedisSortedSet.CreateForElements(s_limits, 300, 1);
        for (int i = 0; i < 300; i++)
        {
            zset.AddNew(i * 0.5 - 20, Encoding.ASCII.GetBytes($"m{i}"));
        }
        var loaded = (RedisSortedSet)DumpPayload.Load(DumpPayload.Create(zset), s_limits)!;
        loaded.TryGetScore("m7"u8, out double score);
        Assert.That((loaded.Encoding, loaded.Count, score), Is.EqualTo(("skiplist", 300, -16.5)));
    }

    [Test]
    public void Load_SmallSkiplistSortedSet_BecomesListpack()
    {
        var zset = RedisSortedSet.CreateForElements(s_limits, 1000, 1);
        zset.AddNew(1.5, "a"u8.ToArray());
        Assert.That(DumpPayload.Load(DumpPayload.Create(zset), s_limits)!.Encoding, Is.EqualTo("listpack"));
    }

    [Test]
    public void Load_ListpackSortedSet_KeepsFractionalAndInfiniteScores()
    {
        var zset = new RedisSortedSet(s_limits);
        zset.Add(0.1, "a"u8, SortedSetAddFlags.None, out _);
        zset.Add(double.NegativeInfinity, "b"u8, SortedSetAddFlags.None, out _);
        zset.Add(1e300, "c"u8, SortedSetAddFlags.None, out _);
        var loaded = (RedisSortedSet)DumpPayload.Load(DumpPayload.Create(zset), s_limits)!;
        loaded.TryGetScore("a"u8, out double a);
        loaded.TryGetScore("b"u8, out double b);
        loaded.TryGetScore("c"u8, out double c);
        Assert.That((loaded.Encoding, a, b, c), Is.EqualTo(("listpack", 0.1, double.NegativeInfinity, 1e300)));
    }

    [Test]
    public void Load_HashtableHash_KeepsPairs()
    {
        var hash = new RedisHash(s_limits);
        hash.Set("f"u8, Encoding.ASCII.GetBytes(new string('v', 100)));
        var loaded = (RedisHash)DumpPayload.Load(DumpPayload.Create(hash), s_limits)!;
        loaded.TryGetValue("f"u8, out byte[] value);
        Assert.That((loaded.Encoding, value.Length), Is.EqualTo(("hashtable", 100)));
    }

    [Test]
    public void Load_ListpackHashWithLongValue_StaysListpack()
    {
        // RDB_TYPE_HASH_LISTPACK converts only on the entry count, as Redis 7.0's loader does.
        var hash = new RedisHash(s_limits);
        hash.Set("f"u8, "v"u8);
        byte[] payload = DumpPayload.Create(hash);
        var limits = new EncodingLimits { HashMaxListpackValue = 0 };
        Assert.That(DumpPayload.Load(payload, limits)!.Encoding, Is.EqualTo("listpack"));
    }

    [Test]
    public void Load_ZiplistList_ReadsEveryEncoding()
    {
        byte[] ziplist = Ziplist("a", "12", "-5", "300", "70000", "5000000000", new string('s', 70));
        var list = (RedisList)DumpPayload.Load(Payload(10, [(byte)RdbType.ListZiplist, .. Str(ziplist)]), s_limits)!;
        Assert.That(Elements(list), Is.EqualTo(new[] { "a", "12", "-5", "300", "70000", "5000000000", new string('s', 70) }));
    }

    [Test]
    public void Load_QuicklistOfZiplists_ConcatenatesNodes()
    {
        byte[] body = [(byte)RdbType.ListQuicklist, 2, .. Str(Ziplist("a", "b")), .. Str(Ziplist("c"))];
        Assert.That(Elements((RedisList)DumpPayload.Load(Payload(10, body), s_limits)!), Is.EqualTo(new[] { "a", "b", "c" }));
    }

    [Test]
    public void Load_QuicklistPlainNode_IsOneElement()
    {
        byte[] body = [(byte)RdbType.ListQuicklist2, 1, RdbWriter.PlainContainer, .. Str("big"u8.ToArray())];
        Assert.That(Elements((RedisList)DumpPayload.Load(Payload(10, body), s_limits)!), Is.EqualTo(new[] { "big" }));
    }

    [Test]
    public void Load_QuicklistBadContainer_Throws()
    {
        byte[] body = [(byte)RdbType.ListQuicklist2, 1, 3, .. Str("x"u8.ToArray())];
        Assert.That(() => DumpPayload.Load(Payload(10, body), s_limits), Throws.TypeOf<RdbFormatException>());
    }

    [Test]
    public void Load_ZiplistHash_IsListpackHash()
    {
        byte[] body = [(byte)RdbType.HashZiplist, .. Str(Ziplist("f", "1", "g", "two"))];
        var hash = (RedisHash)DumpPayload.Load(Payload(10, body), s_limits)!;
        hash.TryGetValue("g"u8, out byte[] value);
        Assert.That((hash.Encoding, hash.Count, Encoding.ASCII.GetString(value)), Is.EqualTo(("listpack", 2, "two")));
    }

    [Test]
    public void Load_ZiplistHashWithDuplicateField_Throws()
    {
        byte[] body = [(byte)RdbType.HashZiplist, .. Str(Ziplist("f", "1", "f", "2"))];
        Assert.That(() => DumpPayload.Load(Payload(10, body), s_limits), Throws.TypeOf<RdbFormatException>());
    }

    [Test]
    public void Load_ZiplistSortedSet_ParsesTextAndIntegerScores()
    {
        byte[] body = [(byte)RdbType.SortedSetZiplist, .. Str(Ziplist("a", "1", "b", "2.5"))];
        var zset = (RedisSortedSet)DumpPayload.Load(Payload(10, body), s_limits)!;
        zset.TryGetScore("b"u8, out double score);
        Assert.That((zset.Encoding, zset.Count, score), Is.EqualTo(("listpack", 2, 2.5)));
    }

    [Test]
    public void Load_Zipmap_IsHash()
    {
        // zmlen 2; "f" -> "v" (1 free byte); "gg" -> "" ; end.
        byte[] zipmap = [2, 1, (byte)'f', 1, 1, (byte)'v', 0, 2, (byte)'g', (byte)'g', 0, 0, 0xFF];
        var hash = (RedisHash)DumpPayload.Load(Payload(10, [(byte)RdbType.HashZipmap, .. Str(zipmap)]), s_limits)!;
        hash.TryGetValue("f"u8, out byte[] f);
        hash.TryGetValue("gg"u8, out byte[] g);
        Assert.That((hash.Count, Encoding.ASCII.GetString(f), g.Length), Is.EqualTo((2, "v", 0)));
    }

    [Test]
    public void Load_PlainListSetAndHashTypes_AreRead()
    {
        var list = (RedisList)DumpPayload.Load(Payload(10, (byte)RdbType.List, 2, 1, (byte)'a', 0xC0, 7), s_limits)!;
        var set = (RedisSet)DumpPayload.Load(Payload(10, (byte)RdbType.Set, 2, 1, (byte)'1', 1, (byte)'2'), s_limits)!;
        var hash = (RedisHash)DumpPayload.Load(Payload(10, (byte)RdbType.Hash, 1, 1, (byte)'f', 1, (byte)'v'), s_limits)!;
        Assert.That((Elements(list), set.Encoding, hash.Count), Is.EqualTo((new List<string> { "a", "7" }, "intset", 1)));
    }

    [Test]
    public void Load_OldSortedSetWithTextScores_ReadsSpecialValues()
    {
        byte[] body = [(byte)RdbType.SortedSet, 2, 1, (byte)'a', 3, (byte)'1', (byte)'.', (byte)'5', 1, (byte)'b', 254];
        var zset = (RedisSortedSet)DumpPayload.Load(Payload(9, body), s_limits)!;
        zset.TryGetScore("a"u8, out double a);
        zset.TryGetScore("b"u8, out double b);
        Assert.That((a, b), Is.EqualTo((1.5, double.PositiveInfinity)));
    }

    [Test]
    public void Load_SortedSetWithNaN_Throws()
    {
        byte[] body = [(byte)RdbType.SortedSet, 1, 1, (byte)'a', 253];
        Assert.That(() => DumpPayload.Load(Payload(9, body), s_limits), Throws.TypeOf<RdbFormatException>());
    }

    [Test]
    public void Load_EmptyList_IsNull() => Assert.That(DumpPayload.Load(Payload(10, (byte)RdbType.List, 0), s_limits), Is.Null);

    [Test]
    public void Load_DuplicateSetMember_Throws() =>
        Assert.That(() => DumpPayload.Load(Payload(10, (byte)RdbType.Set, 2, 1, (byte)'a', 1, (byte)'a'), s_limits),
            Throws.TypeOf<RdbFormatException>());

    [Test]
    public void Load_Truncated_ThrowsShortRead() =>
        Assert.That(() => DumpPayload.Load([0, 0x40], s_limits), Throws.TypeOf<RdbFormatException>());

    [Test]
    public void Load_StreamType_Throws() =>
        Assert.That(() => DumpPayload.Load(Payload(10, (byte)RdbType.StreamListpacks2, 0), s_limits), Throws.TypeOf<RdbFormatException>());

    [Test]
    public void Load_NotAnObjectType_Throws() =>
        Assert.That(() => DumpPayload.Load(Payload(10, 8, 0), s_limits), Throws.TypeOf<RdbFormatException>());

    private static string Hex(RedisObject value) => Convert.ToHexStringLower(DumpPayload.Create(value));

    private static RedisSet Set(params string[] members)
    {
        var set = new RedisSet(s_limits);
        foreach (string member in members)
        {
            set.Add(Encoding.ASCII.GetBytes(member));
        }
        return set;
    }

    private static List<string> Elements(RedisList list)
    {
        var elements = new List<string>();
        foreach (ReadOnlySpan<byte> element in list.Iterate(0, ListEnd.Tail))
        {
            elements.Add(Encoding.ASCII.GetString(element));
        }
        return elements;
    }

    // A payload: the body, the RDB version and the CRC-64.
    internal static byte[] Payload(int version, params byte[] body)
    {
        byte[] payload = [.. body, (byte)version, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        BinaryPrimitives.WriteUInt64LittleEndian(payload.AsSpan(payload.Length - 8), Crc64.Update(0, payload.AsSpan(0, payload.Length - 8)));
        return payload;
    }

    // An RDB string of up to 16383 bytes: its length and bytes.
    internal static byte[] Str(byte[] value) =>
        value.Length < 64 ? [(byte)value.Length, .. value] : [(byte)(0x40 | value.Length >> 8), (byte)value.Length, .. value];

    // A ziplist as Redis 6 wrote them: integers in the smallest encoding, strings with 1 or 2 length bytes.
    internal static byte[] Ziplist(params string[] elements)
    {
        var body = new List<byte>();
        int previous = 0, tail = 10;
        foreach (string element in elements)
        {
            var entry = new List<byte> { (byte)previous };
            if (NumericText.TryParseInt64(Encoding.ASCII.GetBytes(element), out long v))
            {
                if (v is >= 0 and <= 12)
                {
                    entry.Add((byte)(0xF1 + v));
                }
                else if (v is >= sbyte.MinValue and <= sbyte.MaxValue)
                {
                    entry.AddRange([0xFE, (byte)v]);
                }
                else if (v is >= short.MinValue and <= short.MaxValue)
                {
                    entry.AddRange([0xC0, (byte)v, (byte)(v >> 8)]);
                }
                else if (v is >= -8388608 and <= 8388607)
                {
                    entry.AddRange([0xF0, (byte)v, (byte)(v >> 8), (byte)(v >> 16)]);
                }
                else if (v is >= int.MinValue and <= int.MaxValue)
                {
                    entry.Add(0xD0);
                    entry.AddRange(BitConverter.GetBytes((int)v));
                }
                else
                {
                    entry.Add(0xE0);
                    entry.AddRange(BitConverter.GetBytes(v));
                }
            }
            else
            {
                byte[] text = Encoding.ASCII.GetBytes(element);
                if (text.Length < 64)
                {
                    entry.Add((byte)text.Length);
                }
                else
                {
                    entry.AddRange([(byte)(0x40 | text.Length >> 8), (byte)text.Length]);
                }
                entry.AddRange(text);
            }
            tail = 10 + body.Count;
            body.AddRange(entry);
            previous = entry.Count;
        }
        byte[] ziplist = new byte[10 + body.Count + 1];
        BinaryPrimitives.WriteUInt32LittleEndian(ziplist, (uint)ziplist.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(ziplist.AsSpan(4), (uint)tail);
        BinaryPrimitives.WriteUInt16LittleEndian(ziplist.AsSpan(8), (ushort)elements.Length);
        body.CopyTo(ziplist, 10);
        ziplist[^1] = 0xFF;
        return ziplist;
    }
}
