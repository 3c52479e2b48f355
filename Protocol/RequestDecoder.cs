namespace Reactor.MiniRedis.Protocol;

/// <summary>
/// Incremental decoder for client requests: RESP multibulk arrays (<c>*2\r\n$3\r\nGET\r\n$1\r\nk\r\n</c>) and
/// inline commands (<c>PING\r\n</c>). It mirrors processMultibulkBuffer and processInlineBuffer in redis/redis
/// src/networking.c, but as an explicit state machine that can stop at any byte and resume without rescanning.
/// </summary>
/// <remarks>
/// The caller (the connection) passes the unconsumed bytes starting at the current request every time, with new
/// bytes appended. Arguments are reported as slices of that span. One instance per connection; not thread-safe.
/// </remarks>
public sealed class RequestDecoder
{
    private readonly RespLimits _limits;
    private RequestDecoderState _state;
    private ArgSlice[] _args = new ArgSlice[8];
    private int _argCount;

    /// <summary>Creates a decoder bounded by <paramref name="limits"/> (read on every call, so changes apply at once).</summary>
    public RequestDecoder(RespLimits limits)
    {
        _limits = limits;
        _state.Reset();
    }

    /// <summary>The arguments of the request returned by the last <see cref="DecodeStatus.CommandReady"/>.</summary>
    public ReadOnlySpan<ArgSlice> Arguments => _args.AsSpan(0, _argCount);

    /// <summary>The argument array itself (valid up to <see cref="ArgumentCount"/>), for callers that keep a reference.</summary>
    public ArgSlice[] ArgumentArray => _args;

    /// <summary>How many arguments the last decoded request has (0 for <c>*0</c>, <c>*-1</c> and empty inline lines).</summary>
    public int ArgumentCount => _argCount;

    /// <summary>Why the last call returned <see cref="DecodeStatus.ProtocolError"/>.</summary>
    public ProtocolErrorKind Error { get; private set; }

    /// <summary>For <see cref="ProtocolErrorKind.ExpectedDollar"/>: the byte found where <c>$</c> was expected.</summary>
    public byte UnexpectedByte { get; private set; }

    /// <summary>True when part of a request has been accepted and the decoder waits for the rest.</summary>
    public bool InProgress => _state.Step != DecoderStep.Start;

    /// <summary>
    /// How many bytes (from the request start) the buffer must hold before the next call can make progress:
    /// the end of a bulk payload whose length is known, otherwise 0. Lets the connection grow its buffer once
    /// for a large value instead of doubling repeatedly.
    /// </summary>
    public long BytesNeeded =>
        _state.Step == DecoderStep.BulkPayload ? _state.Position + _state.BulkLength + 2 : 0;

    /// <summary>Forgets any partial request.</summary>
    public void Reset()
    {
        _state.Reset();
        _argCount = 0;
        Error = ProtocolErrorKind.None;
    }

    /// <summary>
    /// Decodes at most one request from <paramref name="buffer"/>, which starts at the first byte of the request.
    /// On <see cref="DecodeStatus.CommandReady"/>, <paramref name="consumed"/> is the request's length and the
    /// decoder is ready for the next one. On <see cref="DecodeStatus.NeedMoreData"/>, nothing is consumed: the
    /// caller keeps the bytes and calls again with more appended. Inline arguments with quotes are unescaped in
    /// place, which is why the buffer is writable; escapes only ever shrink the text.
    /// </summary>
    public DecodeStatus Decode(Span<byte> buffer, out int consumed)
    {
        consumed = 0;
        while (true)
        {
            switch (_state.Step)
            {
                case DecoderStep.Start:
                    if (buffer.IsEmpty)
                    {
                        return DecodeStatus.NeedMoreData;
                    }
                    _argCount = 0;
                    if (buffer[0] == (byte)'*')
                    {
                        _state.Step = DecoderStep.ArrayLength;
                        _state.ScanFrom = 1;
                    }
                    else
                    {
                        _state.Step = DecoderStep.Inline;
                        _state.ScanFrom = 0;
                    }
                    break;

                case DecoderStep.ArrayLength:
                {
                    int cr = IndexOfFrom(buffer, (byte)'\r', ref _state.ScanFrom);
                    if (cr < 0)
                    {
                        return buffer.Length > _limits.MaxInlineLength
                            ? Fail(ProtocolErrorKind.TooBigMultibulkCount)
                            : DecodeStatus.NeedMoreData;
                    }
                    // Like Redis, the LF after CR must have arrived, but its value is not checked.
                    if (cr + 1 >= buffer.Length)
                    {
                        _state.ScanFrom = cr;
                        return DecodeStatus.NeedMoreData;
                    }
                    if (!TryParseLength(buffer[1..cr], out long count) || count > int.MaxValue || count > _limits.MaxMultibulkLength)
                    {
                        return Fail(ProtocolErrorKind.InvalidMultibulkLength);
                    }
                    _state.Position = cr + 2;
                    if (count <= 0)
                    {
                        // *0 and *-1 are accepted and produce no command and no reply.
                        return Complete(_state.Position, out consumed);
                    }
                    _state.ArgsRemaining = (int)count;
                    if (_args.Length < count && _args.Length < 1024)
                    {
                        // Pre-size like Redis does (capped at 1024) so a normal MSET does not regrow.
                        Array.Resize(ref _args, (int)Math.Min(count, 1024));
                    }
                    _state.Step = DecoderStep.BulkLength;
                    _state.ScanFrom = _state.Position;
                    break;
                }

                case DecoderStep.BulkLength:
                {
                    int cr = IndexOfFrom(buffer, (byte)'\r', ref _state.ScanFrom);
                    if (cr < 0)
                    {
                        return buffer.Length - _state.Position > _limits.MaxInlineLength
                            ? Fail(ProtocolErrorKind.TooBigBulkCount)
                            : DecodeStatus.NeedMoreData;
                    }
                    if (cr + 1 >= buffer.Length)
                    {
                        _state.ScanFrom = cr;
                        return DecodeStatus.NeedMoreData;
                    }
                    byte marker = buffer[_state.Position];
                    if (marker != (byte)'$')
                    {
                        UnexpectedByte = marker;
                        return Fail(ProtocolErrorKind.ExpectedDollar);
                    }
                    if (!TryParseLength(buffer[(_state.Position + 1)..cr], out long length) || length < 0 || length > _limits.MaxBulkLength)
                    {
                        return Fail(ProtocolErrorKind.InvalidBulkLength);
                    }
                    _state.BulkLength = length;
                    _state.Position = cr + 2;
                    _state.Step = DecoderStep.BulkPayload;
                    break;
                }

                case DecoderStep.BulkPayload:
                {
                    // The payload is taken by length and never scanned: CR, LF and NUL inside it are data.
                    long end = _state.Position + _state.BulkLength;
                    if (buffer.Length - end < 2)
                    {
                        return DecodeStatus.NeedMoreData;
                    }
                    AddArgument(_state.Position, (int)_state.BulkLength);
                    // As in Redis, the two bytes after the payload are skipped without being checked.
                    _state.Position = (int)end + 2;
                    _state.BulkLength = -1;
                    if (--_state.ArgsRemaining == 0)
                    {
                        return Complete(_state.Position, out consumed);
                    }
                    _state.Step = DecoderStep.BulkLength;
                    _state.ScanFrom = _state.Position;
                    break;
                }

                case DecoderStep.Inline:
                {
                    int lf = IndexOfFrom(buffer, (byte)'\n', ref _state.ScanFrom);
                    if (lf < 0)
                    {
                        return buffer.Length > _limits.MaxInlineLength
                            ? Fail(ProtocolErrorKind.TooBigInlineRequest)
                            : DecodeStatus.NeedMoreData;
                    }
                    int lineEnd = lf > 0 && buffer[lf - 1] == (byte)'\r' ? lf - 1 : lf;
                    _argCount = 0;
                    if (!InlineSplitter.TrySplit(buffer[..lineEnd], ref _args, out _argCount))
                    {
                        return Fail(ProtocolErrorKind.UnbalancedQuotes);
                    }
                    return Complete(lf + 1, out consumed);
                }
            }
        }
    }

    private DecodeStatus Complete(int length, out int consumed)
    {
        consumed = length;
        _state.Reset();
        return DecodeStatus.CommandReady;
    }

    private DecodeStatus Fail(ProtocolErrorKind kind)
    {
        Error = kind;
        _state.Reset();
        _argCount = 0;
        return DecodeStatus.ProtocolError;
    }

    private void AddArgument(int offset, int length)
    {
        if (_argCount == _args.Length)
        {
            Array.Resize(ref _args, _args.Length * 2);
        }
        _args[_argCount++] = new ArgSlice(offset, length);
    }

    /// <summary>Finds <paramref name="value"/> at or after <paramref name="scanFrom"/>; on a miss, moves the resume point to the end.</summary>
    private static int IndexOfFrom(ReadOnlySpan<byte> buffer, byte value, ref int scanFrom)
    {
        int found = buffer[scanFrom..].IndexOf(value);
        if (found < 0)
        {
            scanFrom = buffer.Length;
            return -1;
        }
        return scanFrom + found;
    }

    /// <summary>
    /// Parses a header number the way string2ll in redis/redis src/util.c does: optional '-', digits, no '+',
    /// no spaces, no leading zeros, no overflow. Storage's NumericText.TryParseInt64 has the same rules; the copy is
    /// deliberate, because Protocol and Storage depend on nothing and both need string2ll.
    /// </summary>
    private static bool TryParseLength(ReadOnlySpan<byte> text, out long value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > 20)
        {
            return false;
        }
        if (text.Length == 1 && text[0] == (byte)'0')
        {
            return true;
        }
        bool negative = text[0] == (byte)'-';
        int i = negative ? 1 : 0;
        if (i == text.Length || text[i] < (byte)'1' || text[i] > (byte)'9')
        {
            return false;
        }
        ulong acc = 0;
        for (; i < text.Length; i++)
        {
            uint digit = (uint)(text[i] - (byte)'0');
            if (digit > 9 || acc > (ulong.MaxValue - digit) / 10)
            {
                return false;
            }
            acc = acc * 10 + digit;
        }
        if (negative)
        {
            if (acc > (ulong)long.MaxValue + 1)
            {
                return false;
            }
            value = (long)(0 - acc);
            return true;
        }
        if (acc > long.MaxValue)
        {
            return false;
        }
        value = (long)acc;
        return true;
    }
}
