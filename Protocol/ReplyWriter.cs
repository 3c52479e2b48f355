using System.Buffers.Text;

namespace Reactor.MiniRedis.Protocol;

/// <summary>
/// Encodes RESP2 replies straight into a <see cref="ReplyBuffer"/>: the addReply* family of redis/redis
/// src/networking.c. Numbers are formatted into the buffer without strings; constants are u8 literals.
/// </summary>
public sealed class ReplyWriter
{
    private static ReadOnlySpan<byte> Crlf => "\r\n"u8;

    /// <summary>Creates a writer appending to <paramref name="buffer"/>.</summary>
    public ReplyWriter(ReplyBuffer buffer) => Buffer = buffer;

    /// <summary>The buffer replies are appended to.</summary>
    public ReplyBuffer Buffer { get; }

    /// <summary><c>+OK</c>.</summary>
    public void WriteOk() => Buffer.Write("+OK\r\n"u8);

    /// <summary>A simple string, <c>+text</c>. The text must not contain CR or LF.</summary>
    public void WriteSimpleString(ReadOnlySpan<byte> text)
    {
        Span<byte> span = Buffer.GetSpan(text.Length + 3);
        span[0] = (byte)'+';
        text.CopyTo(span[1..]);
        Crlf.CopyTo(span[(1 + text.Length)..]);
        Buffer.Advance(text.Length + 3);
    }

    /// <summary>
    /// An error reply, <c>-text</c>. Like addReplyErrorLength in Redis, CR and LF inside the text become spaces
    /// so a client-supplied value quoted in an error can never break the protocol.
    /// </summary>
    public void WriteError(ReadOnlySpan<byte> text)
    {
        Span<byte> span = Buffer.GetSpan(text.Length + 3);
        span[0] = (byte)'-';
        Span<byte> body = span.Slice(1, text.Length);
        text.CopyTo(body);
        body.Replace((byte)'\r', (byte)' ');
        body.Replace((byte)'\n', (byte)' ');
        Crlf.CopyTo(span[(1 + text.Length)..]);
        Buffer.Advance(text.Length + 3);
    }

    /// <summary>An error reply from a string (ASCII).</summary>
    public void WriteError(string text)
    {
        Span<byte> bytes = text.Length <= 256 ? stackalloc byte[text.Length] : new byte[text.Length];
        for (int i = 0; i < text.Length; i++)
        {
            bytes[i] = (byte)text[i];
        }
        WriteError(bytes);
    }

    /// <summary>An integer reply, <c>:n</c>.</summary>
    public void WriteInteger(long value) => WritePrefixedNumber((byte)':', value);

    /// <summary>A bulk string, <c>$len\r\npayload\r\n</c>.</summary>
    public void WriteBulk(ReadOnlySpan<byte> payload)
    {
        WritePrefixedNumber((byte)'$', payload.Length);
        if (payload.Length <= 512)
        {
            Span<byte> span = Buffer.GetSpan(payload.Length + 2);
            payload.CopyTo(span);
            Crlf.CopyTo(span[payload.Length..]);
            Buffer.Advance(payload.Length + 2);
        }
        else
        {
            Buffer.Write(payload);
            Buffer.Write(Crlf);
        }
    }

    /// <summary>An integer sent as a bulk string (what GET returns for an integer-encoded value).</summary>
    public void WriteBulk(long value)
    {
        Span<byte> digits = stackalloc byte[20];
        Utf8Formatter.TryFormat(value, digits, out int n);
        WriteBulk(digits[..n]);
    }

    /// <summary>The RESP2 null bulk string, <c>$-1</c>.</summary>
    public void WriteNullBulk() => Buffer.Write("$-1\r\n"u8);

    /// <summary>The RESP2 null array, <c>*-1</c>.</summary>
    public void WriteNullArray() => Buffer.Write("*-1\r\n"u8);

    /// <summary>An array header, <c>*count</c>; the caller writes <paramref name="count"/> elements after it.</summary>
    public void WriteArrayHeader(long count) => WritePrefixedNumber((byte)'*', count);

    /// <summary>An empty array, <c>*0</c>.</summary>
    public void WriteEmptyArray() => Buffer.Write("*0\r\n"u8);

    /// <summary>Bytes that are already valid RESP.</summary>
    public void WriteRaw(ReadOnlySpan<byte> resp) => Buffer.Write(resp);

    private void WritePrefixedNumber(byte prefix, long value)
    {
        Span<byte> span = Buffer.GetSpan(23);
        span[0] = prefix;
        Utf8Formatter.TryFormat(value, span[1..], out int n);
        span[n + 1] = (byte)'\r';
        span[n + 2] = (byte)'\n';
        Buffer.Advance(n + 3);
    }
}
