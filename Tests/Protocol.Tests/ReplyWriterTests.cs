using System.Text;

namespace Reactor.MiniRedis.Protocol.Tests;

/// <summary>Exact RESP2 bytes for every writer method (the addReply* family of redis/redis src/networking.c).</summary>
public sealed class ReplyWriterTests
{
    private ReplyBuffer _buffer = null!;
    private ReplyWriter _writer = null!;

    [SetUp]
    public void SetUp()
    {
        _buffer = new ReplyBuffer();
        _writer = new ReplyWriter(_buffer);
    }

    [TearDown]
    public void TearDown() => _buffer.Clear();

    [Test]
    public void WriteOk_WritesPlusOk()
    {
        _writer.WriteOk();
        Assert.That(Written(), Is.EqualTo("+OK\r\n"));
    }

    [TestCase("PONG", "+PONG\r\n")]
    [TestCase("", "+\r\n")]                    // an empty simple string is valid RESP
    public void WriteSimpleString_WritesPlusText(string text, string expected)
    {
        _writer.WriteSimpleString(Encoding.ASCII.GetBytes(text));
        Assert.That(Written(), Is.EqualTo(expected));
    }

    [TestCase("ERR syntax error", "-ERR syntax error\r\n")]
    [TestCase("ERR a\r\nb", "-ERR a  b\r\n")]               // CR and LF become spaces, as addReplyErrorLength does
    [TestCase("ERR \n\n\r", "-ERR    \r\n")]                // every one of them
    public void WriteError_Span_WritesMinusTextWithoutLineBreaks(string text, string expected)
    {
        _writer.WriteError(Encoding.ASCII.GetBytes(text));
        Assert.That(Written(), Is.EqualTo(expected));
    }

    [TestCase("ERR unknown command 'x'", "-ERR unknown command 'x'\r\n")]
    [TestCase("ERR a\rb\nc", "-ERR a b c\r\n")]
    public void WriteError_String_WritesMinusTextWithoutLineBreaks(string text, string expected)
    {
        _writer.WriteError(text);
        Assert.That(Written(), Is.EqualTo(expected));
    }

    [Test]
    public void WriteError_LongString_WritesItWhole()
    {
        string text = "ERR " + new string('x', 1000) + "\n";
        _writer.WriteError(text);
        Assert.That(Written(), Is.EqualTo("-ERR " + new string('x', 1000) + " \r\n"));
    }

    [TestCase(0L, ":0\r\n")]
    [TestCase(1L, ":1\r\n")]
    [TestCase(-1L, ":-1\r\n")]
    [TestCase(long.MaxValue, ":9223372036854775807\r\n")]
    [TestCase(long.MinValue, ":-9223372036854775808\r\n")]   // the one value whose negation overflows
    public void WriteInteger_WritesColonNumber(long value, string expected)
    {
        _writer.WriteInteger(value);
        Assert.That(Written(), Is.EqualTo(expected));
    }

    [TestCase("hello", "$5\r\nhello\r\n")]
    [TestCase("", "$0\r\n\r\n")]                             // the empty string is not nil
    [TestCase("a\r\n\0b", "$5\r\na\r\n\0b\r\n")]             // binary-safe
    public void WriteBulk_Small_WritesLengthAndPayload(string payload, string expected)
    {
        _writer.WriteBulk(Encoding.Latin1.GetBytes(payload));
        Assert.That(Written(), Is.EqualTo(expected));
    }

    [TestCase(512)]           // the largest value copied through one GetSpan
    [TestCase(513)]           // the smallest value appended with Write
    [TestCase(16 * 1024)]     // exactly one chunk of payload
    [TestCase(100 * 1024)]    // more than 64 KB: spans several chunks
    public void WriteBulk_Large_WritesLengthAndPayload(int length)
    {
        byte[] payload = TestBytes.Pattern(length);
        _writer.WriteBulk(payload);
        byte[] expected = [.. Encoding.ASCII.GetBytes($"${length}\r\n"), .. payload, .. "\r\n"u8];
        Assert.That(_buffer.ToArray(), Is.EqualTo(expected));
    }

    [Test]
    public void WriteBulk_MoreThan64Kb_UsesOverflowChunks()
    {
        _writer.WriteBulk(TestBytes.Pattern(100 * 1024));
        Assert.Multiple(() =>
        {
            Assert.That(_buffer.OverflowCapacity, Is.GreaterThan(0));
            Assert.That(_buffer.PeekHead().Length, Is.EqualTo(ReplyBuffer.ChunkSize));
        });
    }

    [TestCase(0L, "$1\r\n0\r\n")]
    [TestCase(-123L, "$4\r\n-123\r\n")]
    [TestCase(long.MinValue, "$20\r\n-9223372036854775808\r\n")]
    public void WriteBulk_Integer_WritesItsDigitsAsBulk(long value, string expected)
    {
        _writer.WriteBulk(value);
        Assert.That(Written(), Is.EqualTo(expected));
    }

    [Test]
    public void WriteNullBulk_WritesDollarMinusOne()
    {
        _writer.WriteNullBulk();
        Assert.That(Written(), Is.EqualTo("$-1\r\n"));
    }

    [Test]
    public void WriteNullArray_WritesStarMinusOne()
    {
        _writer.WriteNullArray();
        Assert.That(Written(), Is.EqualTo("*-1\r\n"));
    }

    [Test]
    public void WriteEmptyArray_WritesStarZero()
    {
        _writer.WriteEmptyArray();
        Assert.That(Written(), Is.EqualTo("*0\r\n"));
    }

    [TestCase(0L, "*0\r\n")]
    [TestCase(3L, "*3\r\n")]
    [TestCase(1_000_000L, "*1000000\r\n")]
    public void WriteArrayHeader_WritesStarCount(long count, string expected)
    {
        _writer.WriteArrayHeader(count);
        Assert.That(Written(), Is.EqualTo(expected));
    }

    [Test]
    public void WriteRaw_CopiesBytes()
    {
        _writer.WriteRaw("+QUEUED\r\n"u8);
        Assert.That(Written(), Is.EqualTo("+QUEUED\r\n"));
    }

    [Test]
    public void Writes_ArrayOfMixedElements_AreConcatenatedInOrder()
    {
        _writer.WriteArrayHeader(4);
        _writer.WriteBulk("a"u8);
        _writer.WriteNullBulk();
        _writer.WriteInteger(7);
        _writer.WriteSimpleString("OK"u8);
        Assert.That(Written(), Is.EqualTo("*4\r\n$1\r\na\r\n$-1\r\n:7\r\n+OK\r\n"));
    }

    [Test]
    public void WriteInteger_AtTheEndOfTheFirstChunk_MovesToTheNextWithoutAGap()
    {
        byte[] filler = TestBytes.Pattern(ReplyBuffer.ChunkSize - 10);
        _writer.WriteRaw(filler);
        _writer.WriteInteger(long.MinValue); // needs 23 bytes, only 10 are free
        Assert.Multiple(() =>
        {
            Assert.That(_buffer.PeekHead().Length, Is.EqualTo(filler.Length));
            Assert.That(_buffer.ToArray(), Is.EqualTo([.. filler, .. ":-9223372036854775808\r\n"u8]));
        });
    }

    private string Written() => Encoding.Latin1.GetString(_buffer.ToArray());
}
