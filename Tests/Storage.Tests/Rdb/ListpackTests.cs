using System.Text;
using Reactor.MiniRedis.Storage.Rdb;

namespace Reactor.MiniRedis.Storage.Tests.Rdb;

public sealed class ListpackTests
{
    [Test]
    public void Finish_HashFields_GivesRedisBytes()
    {
        // HSET h f v f2 22 on redis-server 7.0: the listpack inside its DUMP payload.
        var writer = new ListpackWriter();
        foreach (string element in new[] { "f", "v", "f2", "22" })
        {
            writer.Append(Encoding.ASCII.GetBytes(element));
        }
        Assert.That(Convert.ToHexStringLower(writer.Finish()), Is.EqualTo("130000000400816602817602826632031601ff"));
    }

    // Each integer width and each string length class, with the size Redis gives it.
    [TestCase(0L, 2)]
    [TestCase(127L, 2)]
    [TestCase(128L, 3)]
    [TestCase(-4096L, 3)]
    [TestCase(4096L, 4)]
    [TestCase(-32768L, 4)]
    [TestCase(40000L, 5)]
    [TestCase(-8388608L, 5)]
    [TestCase(8388608L, 6)]
    [TestCase(int.MinValue, 6)]
    [TestCase(long.MaxValue, 10)]
    [TestCase(long.MinValue, 10)]
    public void AppendInteger_EachWidth_ReadsBackWithRedisSize(long value, int entrySize)
    {
        var writer = new ListpackWriter();
        writer.AppendInteger(value);
        Assert.Multiple(() =>
        {
            Assert.That(Elements(writer.Finish()), Is.EqualTo(new[] { $"int:{value}" }));
            Assert.That(writer.Bytes - ListpackWriter.HeaderSize - 1, Is.EqualTo(entrySize));
        });
    }

    [TestCase(0)]
    [TestCase(63)]
    [TestCase(64)]
    [TestCase(4095)]
    [TestCase(4096)]
    [TestCase(20000)]
    public void Append_StringOfLength_ReadsBack(int length)
    {
        string value = new('x', length);
        var writer = new ListpackWriter();
        writer.Append(Encoding.ASCII.GetBytes(value));
        writer.Append("after"u8);
        Assert.That(Elements(writer.Finish()), Is.EqualTo(new[] { $"str:{value}", "str:after" }));
    }

    [Test]
    public void Append_IntegerText_IsStoredAsInteger()
    {
        var writer = new ListpackWriter();
        writer.Append("-12"u8);
        var reader = new ListpackReader(writer.Finish());
        reader.MoveNext();
        Assert.That((reader.IsInteger, reader.Integer), Is.EqualTo((true, -12L)));
    }

    [TestCase("-0")]
    [TestCase("01")]
    [TestCase("+1")]
    [TestCase("9223372036854775808")]
    public void Append_NotCanonicalInteger_IsStoredAsString(string text)
    {
        var writer = new ListpackWriter();
        writer.Append(Encoding.ASCII.GetBytes(text));
        var reader = new ListpackReader(writer.Finish());
        reader.MoveNext();
        Assert.That(reader.IsInteger, Is.False);
    }

    [Test]
    public void Reader_WrongTotalBytes_Throws()
    {
        byte[] listpack = [0x08, 0, 0, 0, 0, 0, 0xFF];
        Assert.That(() => ListpackReader.CountAndValidate(listpack), Throws.TypeOf<RdbFormatException>());
    }

    [Test]
    public void Reader_WrongCount_Throws()
    {
        var writer = new ListpackWriter();
        writer.Append("a"u8);
        byte[] listpack = writer.Finish().ToArray();
        listpack[4] = 2;
        Assert.That(() => ListpackReader.CountAndValidate(listpack), Throws.TypeOf<RdbFormatException>());
    }

    [Test]
    public void Reader_StringRunningPastEnd_Throws()
    {
        byte[] listpack = [0x0A, 0, 0, 0, 1, 0, 0x85, 0x61, 0x02, 0xFF];
        Assert.That(() => ListpackReader.CountAndValidate(listpack), Throws.TypeOf<RdbFormatException>());
    }

    [Test]
    public void Reader_BadBacklen_Throws()
    {
        byte[] listpack = [0x0A, 0, 0, 0, 1, 0, 0x81, 0x61, 0x05, 0xFF];
        Assert.That(() => ListpackReader.CountAndValidate(listpack), Throws.TypeOf<RdbFormatException>());
    }

    // The elements as "int:N" or "str:text", read through the validating reader.
    internal static List<string> Elements(ReadOnlySpan<byte> listpack)
    {
        var elements = new List<string>();
        var reader = new ListpackReader(listpack);
        while (reader.MoveNext())
        {
            elements.Add(reader.IsInteger ? $"int:{reader.Integer}" : $"str:{Encoding.ASCII.GetString(reader.String)}");
        }
        return elements;
    }
}
