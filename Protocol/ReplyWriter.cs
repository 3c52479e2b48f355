using System.Buffers.Text;

namespace Reactor.MiniRedis.Protocol;

/// <summary>
/// Encodes replies straight into a <see cref="ReplyBuffer"/>: the addReply* family of redis/redis
/// src/networking.c. Numbers are formatted into the buffer without strings; constants are u8 literals.
/// The types RESP3 added (null, map, set, push, double, boolean, verbatim string, big number) are written in the
/// connection's <see cref="Protocol"/>: as Redis does, each falls back to its RESP2 shape for a RESP2 client, so
/// a handler calls one method and never tests the protocol itself.
/// </summary>
public sealed class ReplyWriter
{
    private static ReadOnlySpan<byte> Crlf => "\r\n"u8;

    /// <summary>Creates a writer appending to <paramref name="buffer"/>.</summary>
    public ReplyWriter(ReplyBuffer buffer) => Buffer = buffer;

    /// <summary>The buffer replies are appended to.</summary>
    public ReplyBuffer Buffer { get; }

    /// <summary>The protocol version the client chose with HELLO: 2 (the default) or 3.</summary>
    public int Protocol { get; set; } = 2;

    /// <summary>True when the client speaks RESP3.</summary>
    public bool IsResp3 => Protocol >= 3;

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

    /// <summary>addReplyNull: the null bulk string <c>$-1</c> in RESP2, the null <c>_</c> in RESP3.</summary>
    public void WriteNullBulk() => Buffer.Write(IsResp3 ? "_\r\n"u8 : "$-1\r\n"u8);

    /// <summary>addReplyNullArray: the null array <c>*-1</c> in RESP2, the null <c>_</c> in RESP3.</summary>
    public void WriteNullArray() => Buffer.Write(IsResp3 ? "_\r\n"u8 : "*-1\r\n"u8);

    /// <summary>addReplyMapLen: <c>%pairs</c> in RESP3, a flat array of <c>2 * pairs</c> elements in RESP2.</summary>
    public void WriteMapHeader(long pairs)
    {
        if (IsResp3)
        {
            WritePrefixedNumber((byte)'%', pairs);
        }
        else
        {
            WritePrefixedNumber((byte)'*', pairs * 2);
        }
    }

    /// <summary>addReplySetLen: <c>~count</c> in RESP3, an array in RESP2.</summary>
    public void WriteSetHeader(long count) => WritePrefixedNumber(IsResp3 ? (byte)'~' : (byte)'*', count);

    /// <summary>addReplyPushLen: an out-of-band push <c>&gt;count</c> in RESP3, an array in RESP2 (pub/sub messages).</summary>
    public void WritePushHeader(long count) => WritePrefixedNumber(IsResp3 ? (byte)'>' : (byte)'*', count);

    /// <summary>addReplyBool: <c>#t</c> / <c>#f</c> in RESP3, the integers 1 / 0 in RESP2.</summary>
    public void WriteBoolean(bool value)
    {
        if (IsResp3)
        {
            Buffer.Write(value ? "#t\r\n"u8 : "#f\r\n"u8);
        }
        else
        {
            Buffer.Write(value ? ":1\r\n"u8 : ":0\r\n"u8);
        }
    }

    /// <summary>
    /// addReplyDouble with the number already formatted (callers own the format: %.17g for scores, %.17Lg for
    /// INCRBYFLOAT-style values): <c>,text</c> in RESP3, a bulk string in RESP2.
    /// </summary>
    public void WriteDouble(ReadOnlySpan<byte> formatted)
    {
        if (!IsResp3)
        {
            WriteBulk(formatted);
            return;
        }
        Span<byte> span = Buffer.GetSpan(formatted.Length + 3);
        span[0] = (byte)',';
        formatted.CopyTo(span[1..]);
        Crlf.CopyTo(span[(1 + formatted.Length)..]);
        Buffer.Advance(formatted.Length + 3);
    }

    /// <summary>addReplyBigNum: <c>(digits</c> in RESP3, a bulk string in RESP2.</summary>
    public void WriteBigNumber(ReadOnlySpan<byte> digits)
    {
        if (!IsResp3)
        {
            WriteBulk(digits);
            return;
        }
        Span<byte> span = Buffer.GetSpan(digits.Length + 3);
        span[0] = (byte)'(';
        digits.CopyTo(span[1..]);
        Crlf.CopyTo(span[(1 + digits.Length)..]);
        Buffer.Advance(digits.Length + 3);
    }

    /// <summary>
    /// addReplyVerbatim: <c>=len\r\nfmt:text</c> in RESP3, where <paramref name="format"/> is three bytes such as
    /// <c>txt</c> (INFO, CLIENT LIST, LATENCY DOCTOR); a plain bulk string in RESP2.
    /// </summary>
    public void WriteVerbatim(ReadOnlySpan<byte> text, ReadOnlySpan<byte> format)
    {
        if (!IsResp3)
        {
            WriteBulk(text);
            return;
        }
        WritePrefixedNumber((byte)'=', text.Length + 4);
        Span<byte> span = Buffer.GetSpan(4);
        format[..3].CopyTo(span);
        span[3] = (byte)':';
        Buffer.Advance(4);
        Buffer.Write(text);
        Buffer.Write(Crlf);
    }

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
