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

    [Test]
    public void Set_SameLengthValue_OverwritesStoredArrayInPlace()
    {
        var hash = new RedisHash(new EncodingLimits());
        hash.Set("f"u8, "aaa"u8);
        hash.TryGetValue("f"u8, out byte[] before);
        hash.Set("f"u8, "bbb"u8);
        hash.TryGetValue("f"u8, out byte[] after);
        Assert.That(after, Is.SameAs(before));
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
