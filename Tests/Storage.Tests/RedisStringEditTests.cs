using System.Text;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Storage.Tests;

public sealed class RedisStringEditTests
{
    private static string Text(RedisString value)
    {
        Span<byte> scratch = stackalloc byte[20];
        return Encoding.Latin1.GetString(value.GetBytes(scratch));
    }

    [TestCase("123", "int")]
    [TestCase("hello", "embstr")]
    [TestCase("01", "embstr")]
    public void FromBytes_ReportsRedisEncoding(string value, string encoding) =>
        Assert.That(RedisString.FromBytes(Encoding.ASCII.GetBytes(value)).Encoding, Is.EqualTo(encoding));

    [Test]
    public void Append_IntEncoded_BecomesRawDigits()
    {
        RedisString value = RedisString.FromInt64(-12);
        Assert.Multiple(() =>
        {
            Assert.That(value.Append("3"u8), Is.EqualTo(4));
            Assert.That(Text(value), Is.EqualTo("-123"));
            Assert.That(value.Encoding, Is.EqualTo("raw"));
        });
    }

    [Test]
    public void Append_Repeatedly_GrowsAndKeepsLength()
    {
        RedisString value = RedisString.FromBytes("a"u8);
        for (int i = 0; i < 100; i++)
        {
            value.Append("bc"u8);
        }
        Assert.Multiple(() =>
        {
            Assert.That(value.Length, Is.EqualTo(201));
            Assert.That(value.ToArray(), Has.Length.EqualTo(201));
            Assert.That(Text(value), Is.EqualTo("a" + string.Concat(Enumerable.Repeat("bc", 100))));
        });
    }

    [Test]
    public void Append_ThenTryGetInt64_ReadsOnlyTheValue()
    {
        RedisString value = RedisString.FromBytes("1"u8);
        value.Append("2"u8);
        Assert.That(value.TryGetInt64(out long integer) ? integer : -1, Is.EqualTo(12));
    }

    [Test]
    public void SetRange_PastEnd_ZeroFillsTheGap()
    {
        RedisString value = RedisString.FromBytes("ab"u8);
        Assert.That(value.SetRange(4, "c"u8), Is.EqualTo(5));
        Assert.That(Text(value), Is.EqualTo("ab\0\0c"));
    }

    [Test]
    public void SetRange_AfterAppendGrowth_ZeroFillsReusedCapacity()
    {
        RedisString value = RedisString.FromBytes("abcdef"u8);
        value.Append("g"u8);
        value.SetBytes("xy"u8);
        value.Append("z"u8);
        value.SetRange(5, "!"u8);
        Assert.That(Text(value), Is.EqualTo("xyz\0\0!"));
    }

    [Test]
    public void SetRange_ShortValue_ZeroFillsWhatAnEarlierValueLeftInsideTheObject()
    {
        RedisString value = RedisString.FromBytes("abcdefghij"u8);
        value.SetBytes("xy"u8);
        value.SetRange(5, "!"u8);
        Assert.That(Text(value), Is.EqualTo("xy\0\0\0!"));
    }

    [Test]
    public void SetRange_IntEncoded_ZeroFillsPastTheDigits()
    {
        RedisString value = RedisString.FromInt64(long.MinValue);
        value.SetBytes("7x"u8);
        value.SetRange(3, "y"u8);
        Assert.That(Text(value), Is.EqualTo("7x\0y"));
    }

    [Test]
    public void Append_PastTheInlineCapacity_MovesToAGrownArray()
    {
        RedisString value = RedisString.FromBytes(new byte[RedisString.InlineCapacity]);
        long inline = value.EstimatedBytes;
        value.Append("b"u8);
        Assert.Multiple(() =>
        {
            Assert.That(value.Length, Is.EqualTo(RedisString.InlineCapacity + 1));
            Assert.That(value.GetBytes(default)[^1], Is.EqualTo((byte)'b'));
            Assert.That(value.EstimatedBytes, Is.EqualTo(inline + MemoryAccounting.ByteArray(2 * (RedisString.InlineCapacity + 1))));
            Assert.That(value.Encoding, Is.EqualTo("raw"));
        });
    }

    [Test]
    public void Append_WithinTheInlineCapacity_StaysInsideTheObject()
    {
        RedisString value = RedisString.FromBytes("abc"u8);
        long inline = value.EstimatedBytes;
        value.Append("def"u8);
        Assert.That((Text(value), value.EstimatedBytes, value.Encoding), Is.EqualTo(("abcdef", inline, "raw")));
    }

    [Test]
    public void SetRange_Inside_OverwritesWithoutGrowing()
    {
        RedisString value = RedisString.FromBytes("hello"u8);
        Assert.That(value.SetRange(1, "EL"u8), Is.EqualTo(5));
        Assert.That(Text(value), Is.EqualTo("hELlo"));
    }

    [Test]
    public void FromZeroes_IsRawZeroBytes()
    {
        RedisString value = RedisString.FromZeroes(3);
        Assert.That((Text(value), value.Encoding), Is.EqualTo(("\0\0\0", "raw")));
    }

    [Test]
    public void Clone_AfterAppend_CopiesOnlyTheValue()
    {
        RedisString value = RedisString.FromBytes("ab"u8);
        value.Append("c"u8);
        RedisString copy = value.Clone();
        value.SetRange(0, "X"u8);
        Assert.That((Text(copy), copy.Length), Is.EqualTo(("abc", 3)));
    }
}
