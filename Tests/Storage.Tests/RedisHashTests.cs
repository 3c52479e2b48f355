using System.Text;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Storage.Tests;

public sealed class RedisHashTests
{
    [Test]
    public void Set_NewField_ReturnsTrue() => Assert.That(new RedisHash(new EncodingLimits()).Set("f"u8, "v"u8), Is.True);

    [Test]
    public void Set_ExistingField_ReturnsFalseAndReplacesValue()
    {
        var hash = new RedisHash(new EncodingLimits());
        hash.Set("f"u8, "v1"u8);
        Assert.Multiple(() =>
        {
            Assert.That(hash.Set("f"u8, "value2"u8), Is.False);
            Assert.That(Value(hash, "f"), Is.EqualTo("value2"));
            Assert.That(hash.Count, Is.EqualTo(1));
        });
    }

    // A short value is stored in the entry and a long one of the same length over its array: neither allocates.
    [TestCase(3)]
    [TestCase(40)]
    public void Set_SameLengthValue_DoesNotAllocate(int length)
    {
        var hash = new RedisHash(new EncodingLimits());
        byte[] first = new byte[length];
        byte[] second = Enumerable.Repeat((byte)'b', length).ToArray();
        hash.Set("f"u8, first);
        hash.Set("f"u8, second); // warm up
        hash.Set("f"u8, first);
        long before = GC.GetAllocatedBytesForCurrentThread();
        hash.Set("f"u8, second);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Multiple(() =>
        {
            Assert.That(allocated, Is.Zero);
            Assert.That(hash.TryReadValue("f"u8, out ReadOnlySpan<byte> value) ? value.ToArray() : null, Is.EqualTo(second));
        });
    }

    // Values around the entry's inline capacity (23 bytes), replacing one another both ways.
    [Test]
    public void Set_ValuesCrossingTheInlineCapacity_ReadBackEach()
    {
        var hash = new RedisHash(new EncodingLimits());
        foreach (int length in new[] { 23, 24, 0, 70, 70, 5, 24, 23 })
        {
            string value = new('v', length);
            hash.Set("f"u8, Encoding.ASCII.GetBytes(value));
            Assert.That((Value(hash, "f"), Encoding.ASCII.GetString(hash.ValueSpanAt(0))), Is.EqualTo((value, value)), $"length {length}");
        }
    }

    [Test]
    public void ValueAt_ReturnsACopyLaterWritesDoNotChange()
    {
        var hash = new RedisHash(new EncodingLimits());
        hash.Set("f"u8, new byte[40]);
        byte[] handedOut = hash.ValueAt(0);
        hash.Set("f"u8, Enumerable.Repeat((byte)'x', 40).ToArray());
        Assert.That(handedOut, Is.EqualTo(new byte[40]));
    }

    [Test]
    public void Clone_LongValueOverwrittenInTheCopy_LeavesTheOriginal()
    {
        var hash = new RedisHash(new EncodingLimits());
        hash.Set("f"u8, Enumerable.Repeat((byte)'a', 40).ToArray());
        RedisHash copy = hash.Clone();
        copy.Set("f"u8, Enumerable.Repeat((byte)'b', 40).ToArray());
        Assert.That(Value(hash, "f"), Is.EqualTo(new string('a', 40)));
    }

    // A hash's entries hold the value too (72 bytes), so its largest array is a chunk of them, however many fields.
    [Test]
    public void Fields_BigHash_NoArrayOutgrowsAChunk()
    {
        var hash = new RedisHash(new EncodingLimits());
        for (int i = 0; i < 50_000; i++)
        {
            hash.Set(Encoding.ASCII.GetBytes($"element:{i:D12}"), "xxx"u8);
        }
        Assert.That(hash.Fields.LargestArrayBytes, Is.EqualTo(24 + DenseDictionary<SlotString>.ChunkSize * 72));
    }

    [Test]
    public void TryAddLoaded_ShortAndLongValues_ReadBack()
    {
        var hash = new RedisHash(new EncodingLimits());
        hash.TryAddLoaded("short"u8.ToArray(), "v"u8.ToArray());
        hash.TryAddLoaded("long"u8.ToArray(), Encoding.ASCII.GetBytes(new string('w', 64)));
        Assert.That((Value(hash, "short"), Value(hash, "long")), Is.EqualTo(("v", new string('w', 64))));
    }

    [Test]
    public void TryGetValue_MissingField_ReturnsFalse() =>
        Assert.That(new RedisHash(new EncodingLimits()).TryGetValue("f"u8, out _), Is.False);

    [Test]
    public void Encoding_Small_IsListpack()
    {
        var hash = new RedisHash(new EncodingLimits());
        hash.Set("f"u8, new byte[EncodingLimits.DefaultHashMaxListpackValue]);
        Assert.That(hash.Encoding, Is.EqualTo("listpack"));
    }

    [Test]
    public void Encoding_ValueLongerThan64Bytes_IsHashtable()
    {
        var hash = new RedisHash(new EncodingLimits());
        hash.Set("f"u8, new byte[EncodingLimits.DefaultHashMaxListpackValue + 1]);
        Assert.That(hash.Encoding, Is.EqualTo("hashtable"));
    }

    [Test]
    public void Encoding_FieldLongerThan64Bytes_IsHashtable()
    {
        var hash = new RedisHash(new EncodingLimits());
        hash.Set(new byte[EncodingLimits.DefaultHashMaxListpackValue + 1], "v"u8);
        Assert.That(hash.Encoding, Is.EqualTo("hashtable"));
    }

    [Test]
    public void Encoding_MoreThan128Fields_IsHashtable()
    {
        var hash = Filled(EncodingLimits.DefaultHashMaxListpackEntries);
        Assert.That(hash.Encoding, Is.EqualTo("listpack"));
        hash.Set("one-more"u8, "v"u8);
        Assert.That(hash.Encoding, Is.EqualTo("hashtable"));
    }

    [Test]
    public void Encoding_AfterShrinkingBack_StaysHashtable()
    {
        var hash = Filled(EncodingLimits.DefaultHashMaxListpackEntries + 1);
        for (int i = 0; i < 100; i++)
        {
            hash.Delete(Encoding.ASCII.GetBytes($"f{i}"));
        }
        Assert.That(hash.Encoding, Is.EqualTo("hashtable"));
    }

    [Test]
    public void Delete_WhileListpack_KeepsInsertionOrder()
    {
        var hash = Filled(5);
        hash.Delete("f1"u8);
        Assert.That(Fields(hash), Is.EqualTo(new[] { "f0", "f2", "f3", "f4" }));
    }

    [Test]
    public void Delete_MissingField_ReturnsFalse() => Assert.That(Filled(2).Delete("nope"u8), Is.False);

    [Test]
    public void Delete_ThenLookup_FindsRemainingFields()
    {
        var hash = Filled(300);
        for (int i = 0; i < 300; i += 3)
        {
            Assert.That(hash.Delete(Encoding.ASCII.GetBytes($"f{i}")), Is.True);
        }
        Assert.Multiple(() =>
        {
            Assert.That(hash.Count, Is.EqualTo(200));
            Assert.That(Value(hash, "f1"), Is.EqualTo("v1"));
            Assert.That(Value(hash, "f299"), Is.EqualTo("v299"));
            Assert.That(hash.ContainsField("f3"u8), Is.False);
        });
    }

    [Test]
    public void FieldAtAndValueAt_ReadByPosition()
    {
        var hash = Filled(3);
        Assert.That((Encoding.ASCII.GetString(hash.FieldAt(2)), Encoding.ASCII.GetString(hash.ValueAt(2))), Is.EqualTo(("f2", "v2")));
    }

    private static RedisHash Filled(int count)
    {
        var hash = new RedisHash(new EncodingLimits());
        for (int i = 0; i < count; i++)
        {
            hash.Set(Encoding.ASCII.GetBytes($"f{i}"), Encoding.ASCII.GetBytes($"v{i}"));
        }
        return hash;
    }

    private static string? Value(RedisHash hash, string field) =>
        hash.TryGetValue(Encoding.ASCII.GetBytes(field), out byte[] value) ? Encoding.ASCII.GetString(value) : null;

    private static List<string> Fields(RedisHash hash)
    {
        var fields = new List<string>();
        for (int i = 0; i < hash.Count; i++)
        {
            fields.Add(Encoding.ASCII.GetString(hash.FieldAt(i)));
        }
        return fields;
    }
}
