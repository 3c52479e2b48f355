using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Reactor.MiniRedis.Storage.Tests;

/// <summary>
/// String values and their OBJECT ENCODING, against createStringObject and tryObjectEncoding in redis/redis
/// src/object.c. Encodings marked "verified" were checked with SET/APPEND/OBJECT ENCODING on a real redis-server 7.0.15.
/// </summary>
public sealed class RedisStringTests
{
    [TestCase("0", 0L)]
    [TestCase("123", 123L)]
    [TestCase("-9223372036854775808", long.MinValue)]
    [TestCase("9223372036854775807", long.MaxValue)]
    public void FromBytes_CanonicalInteger_IsIntEncoded(string text, long expected)
    {
        RedisString value = RedisString.FromBytes(Bytes(text));
        Assert.Multiple(() =>
        {
            Assert.That(value.IsInteger, Is.True);
            Assert.That(value.Integer, Is.EqualTo(expected));
            Assert.That(value.Encoding, Is.EqualTo("int"));
            Assert.That(value.Length, Is.EqualTo(text.Length));
        });
    }

    [TestCase("")]                       // (verified)
    [TestCase("-0")]                     // not canonical, so not int-encoded (verified)
    [TestCase("01")]                     // (verified)
    [TestCase("+1")]                     // (verified)
    [TestCase("9223372036854775808")]    // out of range (verified)
    [TestCase("1.5")]
    [TestCase("hello")]
    public void FromBytes_ShortNonInteger_IsEmbstr(string text)
    {
        RedisString value = RedisString.FromBytes(Bytes(text));
        Assert.Multiple(() =>
        {
            Assert.That(value.IsInteger, Is.False);
            Assert.That(value.Encoding, Is.EqualTo("embstr"));
        });
    }

    [TestCase(44, "embstr")]   // OBJ_ENCODING_EMBSTR_SIZE_LIMIT (verified)
    [TestCase(45, "raw")]      // (verified)
    public void FromBytes_AtTheEmbstrLimit_ReportsEncoding(int length, string expected) =>
        Assert.That(RedisString.FromBytes(Bytes(new string('a', length))).Encoding, Is.EqualTo(expected));

    [Test]
    public void FromInt64_IsIntEncoded()
    {
        RedisString value = RedisString.FromInt64(-42);
        Assert.Multiple(() =>
        {
            Assert.That(value.Encoding, Is.EqualTo("int"));
            Assert.That(value.Length, Is.EqualTo(3));
        });
    }

    [Test]
    public void FromOwnedBytes_CanonicalInteger_IsNotIntEncoded()
    {
        RedisString value = RedisString.FromOwnedBytes(Bytes("12"));
        Assert.Multiple(() =>
        {
            Assert.That(value.IsInteger, Is.False);
            Assert.That(value.Encoding, Is.EqualTo("embstr"));
        });
    }

    [Test]
    public void FromOwnedBytes_LongValue_KeepsTheArray()
    {
        byte[] owned = Bytes(new string('a', RedisString.InlineCapacity + 1));
        RedisString value = RedisString.FromOwnedBytes(owned);
        Assert.That(SameMemory(value.GetBytes(default), owned), Is.True);
    }

    [Test]
    public void FromOwnedBytes_ShortValue_IsCopiedInsideTheObject()
    {
        byte[] owned = Bytes("abc");
        RedisString value = RedisString.FromOwnedBytes(owned);
        owned[0] = (byte)'x';
        Assert.That(value.GetBytes(default).ToArray(), Is.EqualTo(Bytes("abc")));
    }

    [TestCase(0)]
    [TestCase(16)]
    [TestCase(RedisString.InlineCapacity)]
    public void FromBytes_UpToTheInlineCapacity_HasNoArray(int length) =>
        Assert.That(RedisString.FromBytes(new byte[length]).EstimatedBytes, Is.EqualTo(RedisString.FromInt64(1).EstimatedBytes));

    [Test]
    public void FromBytes_ShortValue_IsOne56ByteObject()
    {
        // The layout the model counts: 16 of header, 12 of base fields, the int, the reference, 16 of buffer.
        RedisString.FromBytes("0123456789abcdef"u8); // warm up the path
        long before = GC.GetAllocatedBytesForCurrentThread();
        RedisString value = RedisString.FromBytes("0123456789abcdef"u8);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        GC.KeepAlive(value);
        Assert.Multiple(() =>
        {
            Assert.That(allocated, Is.EqualTo(56));
            Assert.That(value.EstimatedBytes, Is.EqualTo(56));
        });
    }

    [Test]
    public void FromBytes_PastTheInlineCapacity_AddsAnArray() =>
        Assert.That(
            RedisString.FromBytes(new byte[RedisString.InlineCapacity + 1]).EstimatedBytes,
            Is.EqualTo(RedisString.FromInt64(1).EstimatedBytes + MemoryAccounting.ByteArray(RedisString.InlineCapacity + 1)));

    [Test]
    public void SetOwnedBytes_ShortValue_IsRaw()
    {
        // APPEND and SETRANGE leave a modified, raw string even when it is short (verified).
        RedisString value = RedisString.FromBytes(Bytes("ab"));
        value.SetOwnedBytes(Bytes("abc"));
        Assert.That(value.Encoding, Is.EqualTo("raw"));
    }

    [Test]
    public void SetBytes_AfterSetOwnedBytes_IsEmbstrAgain()
    {
        RedisString value = RedisString.FromBytes(Bytes("ab"));
        value.SetOwnedBytes(Bytes("abc"));
        value.SetBytes(Bytes("xyz"));
        Assert.That(value.Encoding, Is.EqualTo("embstr"));
    }

    [Test]
    public void SetBytes_SameLength_ReusesTheArray()
    {
        RedisString value = RedisString.FromBytes(Bytes("hello"));
        ReadOnlySpan<byte> before = value.GetBytes(default);
        value.SetBytes(Bytes("world"));
        ReadOnlySpan<byte> after = value.GetBytes(default);
        bool reused = SameMemory(before, after);
        byte[] content = after.ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(reused, Is.True);
            Assert.That(content, Is.EqualTo(Bytes("world")));
        });
    }

    [Test]
    public void SetBytes_DifferentLongLength_ReplacesTheArray()
    {
        RedisString value = RedisString.FromBytes(Bytes(new string('a', 30)));
        ReadOnlySpan<byte> before = value.GetBytes(default);
        value.SetBytes(Bytes(new string('b', 31)));
        bool reused = SameMemory(before, value.GetBytes(default));
        Assert.Multiple(() =>
        {
            Assert.That(reused, Is.False);
            Assert.That(value.GetBytes(default).ToArray(), Is.EqualTo(Bytes(new string('b', 31))));
        });
    }

    [Test]
    public void SetBytes_ShortValueOverLongOne_DropsTheArray()
    {
        RedisString value = RedisString.FromBytes(Bytes(new string('a', 100)));
        value.SetBytes(Bytes("hi"));
        Assert.Multiple(() =>
        {
            Assert.That(value.GetBytes(default).ToArray(), Is.EqualTo(Bytes("hi")));
            Assert.That(value.EstimatedBytes, Is.EqualTo(RedisString.FromInt64(1).EstimatedBytes));
        });
    }

    [Test]
    public void SetBytes_CanonicalInteger_BecomesIntEncoded()
    {
        RedisString value = RedisString.FromBytes(Bytes("hello"));
        value.SetBytes(Bytes("77"));
        Assert.Multiple(() =>
        {
            Assert.That(value.Encoding, Is.EqualTo("int"));
            Assert.That(value.Integer, Is.EqualTo(77));
        });
    }

    [Test]
    public void SetBytes_OnIntEncodedValue_StoresBytes()
    {
        RedisString value = RedisString.FromInt64(5);
        value.SetBytes(Bytes("five"));
        Assert.That(value.GetBytes(default).ToArray(), Is.EqualTo(Bytes("five")));
    }

    [Test]
    public void SetInt64_OnByteValue_BecomesIntEncoded()
    {
        RedisString value = RedisString.FromBytes(Bytes(new string('a', 100)));
        value.SetInt64(124);
        Assert.Multiple(() =>
        {
            Assert.That(value.Encoding, Is.EqualTo("int"));
            Assert.That(value.Length, Is.EqualTo(3));
        });
    }

    [Test]
    public void GetBytes_IntEncoded_FormatsIntoScratch()
    {
        RedisString value = RedisString.FromInt64(long.MinValue);
        Span<byte> scratch = stackalloc byte[20];
        ReadOnlySpan<byte> bytes = value.GetBytes(scratch);
        bool inScratch = SameMemory(bytes, scratch);
        byte[] content = bytes.ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(content, Is.EqualTo(Bytes("-9223372036854775808")));
            Assert.That(inScratch, Is.True);
        });
    }

    [TestCase("123", true, 123L)]      // an int-encoded value
    [TestCase("abc", false, 0L)]
    public void TryGetInt64_ReadsIntegerValues(string text, bool expected, long expectedValue)
    {
        RedisString value = RedisString.FromBytes(Bytes(text));
        Assert.Multiple(() =>
        {
            Assert.That(value.TryGetInt64(out long parsed), Is.EqualTo(expected));
            Assert.That(parsed, Is.EqualTo(expectedValue));
        });
    }

    [Test]
    public void TryGetInt64_OwnedDigits_ParsesThem()
    {
        RedisString value = RedisString.FromOwnedBytes(Bytes("-17"));
        Assert.Multiple(() =>
        {
            Assert.That(value.TryGetInt64(out long parsed), Is.True);
            Assert.That(parsed, Is.EqualTo(-17));
        });
    }

    [Test]
    public void ToArray_ByteValue_IsACopy()
    {
        RedisString value = RedisString.FromBytes(Bytes("abc"));
        byte[] copy = value.ToArray();
        copy[0] = (byte)'x';
        Assert.That(value.GetBytes(default).ToArray(), Is.EqualTo(Bytes("abc")));
    }

    [Test]
    public void ToArray_IntEncoded_GivesTheDigits() =>
        Assert.That(RedisString.FromInt64(-5).ToArray(), Is.EqualTo(Bytes("-5")));

    [Test]
    public void Clone_IsIndependentOfTheOriginal()
    {
        RedisString original = RedisString.FromBytes(Bytes("hello"));
        RedisString clone = original.Clone();
        clone.SetBytes(Bytes("world")); // same length: written into the clone's own array
        Assert.That(original.GetBytes(default).ToArray(), Is.EqualTo(Bytes("hello")));
    }

    [Test]
    public void Clone_LongValue_IsIndependentOfTheOriginal()
    {
        RedisString original = RedisString.FromBytes(Bytes(new string('a', 50)));
        RedisString clone = original.Clone();
        clone.SetRange(0, "b"u8);
        Assert.That(original.GetBytes(default).ToArray(), Is.EqualTo(Bytes(new string('a', 50))));
    }

    [Test]
    public void Clone_IntEncoded_KeepsTheInteger()
    {
        RedisString clone = RedisString.FromInt64(long.MinValue).Clone();
        Assert.That((clone.Encoding, clone.Integer), Is.EqualTo(("int", long.MinValue)));
    }

    [Test]
    public void Clone_KeepsTheEncoding()
    {
        RedisString original = RedisString.FromBytes(Bytes("ab"));
        original.SetOwnedBytes(Bytes("abc"));
        Assert.That(original.Clone().Encoding, Is.EqualTo("raw"));
    }

    [Test]
    public void Type_IsString()
    {
        RedisString value = RedisString.FromBytes(Bytes("x"));
        Assert.Multiple(() =>
        {
            Assert.That(value.Type, Is.EqualTo(ObjectType.String));
            Assert.That(value.TypeName, Is.EqualTo("string"));
        });
    }

    private static byte[] Bytes(string text) => Encoding.Latin1.GetBytes(text);

    private static bool SameMemory(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) =>
        Unsafe.AreSame(ref MemoryMarshal.GetReference(a), ref MemoryMarshal.GetReference(b));
}
