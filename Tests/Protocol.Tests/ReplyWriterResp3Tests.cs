namespace Reactor.MiniRedis.Protocol.Tests;

/// <summary>
/// The RESP3 types and their RESP2 fallbacks: one writer call gives each protocol the shape Redis 7.0 sends it.
/// </summary>
public sealed class ReplyWriterResp3Tests
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

    [TestCase(2, "$-1\r\n")]
    [TestCase(3, "_\r\n")]
    public void WriteNullBulk_ByProtocol(int protocol, string expected) =>
        AssertWritten(protocol, w => w.WriteNullBulk(), expected);

    [TestCase(2, "*-1\r\n")]
    [TestCase(3, "_\r\n")]
    public void WriteNullArray_ByProtocol(int protocol, string expected) =>
        AssertWritten(protocol, w => w.WriteNullArray(), expected);

    [TestCase(2, "*4\r\n")]
    [TestCase(3, "%2\r\n")]
    public void WriteMapHeader_ByProtocol(int protocol, string expected) =>
        AssertWritten(protocol, w => w.WriteMapHeader(2), expected);

    [TestCase(2, "*3\r\n")]
    [TestCase(3, "~3\r\n")]
    public void WriteSetHeader_ByProtocol(int protocol, string expected) =>
        AssertWritten(protocol, w => w.WriteSetHeader(3), expected);

    [TestCase(2, "*3\r\n")]
    [TestCase(3, ">3\r\n")]
    public void WritePushHeader_ByProtocol(int protocol, string expected) =>
        AssertWritten(protocol, w => w.WritePushHeader(3), expected);

    [TestCase(2, true, ":1\r\n")]
    [TestCase(2, false, ":0\r\n")]
    [TestCase(3, true, "#t\r\n")]
    [TestCase(3, false, "#f\r\n")]
    public void WriteBoolean_ByProtocol(int protocol, bool value, string expected) =>
        AssertWritten(protocol, w => w.WriteBoolean(value), expected);

    [TestCase(2, "$3\r\n1.5\r\n")]
    [TestCase(3, ",1.5\r\n")]
    public void WriteDouble_ByProtocol(int protocol, string expected) =>
        AssertWritten(protocol, w => w.WriteDouble("1.5"u8), expected);

    [TestCase(2, "$20\r\n12345678901234567890\r\n")]
    [TestCase(3, "(12345678901234567890\r\n")]
    public void WriteBigNumber_ByProtocol(int protocol, string expected) =>
        AssertWritten(protocol, w => w.WriteBigNumber("12345678901234567890"u8), expected);

    [TestCase(2, "$5\r\nhello\r\n")]
    [TestCase(3, "=9\r\ntxt:hello\r\n")]
    public void WriteVerbatim_ByProtocol(int protocol, string expected) =>
        AssertWritten(protocol, w => w.WriteVerbatim("hello"u8, "txt"u8), expected);

    private void AssertWritten(int protocol, Action<ReplyWriter> write, string expected)
    {
        _writer.Protocol = protocol;
        write(_writer);
        Assert.That(System.Text.Encoding.Latin1.GetString(_buffer.ToArray()), Is.EqualTo(expected));
    }
}
