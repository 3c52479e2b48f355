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
        switch (_state.Step)
        {
            case DecoderStep.Start:
                consumed = 0;
                if (buffer.IsEmpty)
                {
                    return DecodeStatus.NeedMoreData;
                }
                _argCount = 0;
                if (buffer[0] != (byte)'*')
                {
                    _state.Step = DecoderStep.Inline;
                    _state.ScanFrom = 0;
                    return DecodeInline(buffer, out consumed);
                }
                _state.Step = DecoderStep.ArrayLength;
                _state.ScanFrom = 1;
                return DecodeMultibulk(buffer, out consumed);

            case DecoderStep.Inline:
                return DecodeInline(buffer, out consumed);

            case DecoderStep.BulkPayload when buffer.Length - (_state.Position + _state.BulkLength) < 2:
                // Still inside a payload (a big value arriving in many reads): nothing to do until it is complete.
                consumed = 0;
                return DecodeStatus.NeedMoreData;

            default:
                return DecodeMultibulk(buffer, out consumed);
        }
    }

    /// <summary>
    /// The multibulk states (processMultibulkBuffer): the <c>*N</c> header, then for each argument its <c>$len</c>
    /// header and its payload. The loop works on locals and writes the state back only when it stops, and a header
    /// that has fully arrived in its plain form (digits only) is parsed in one pass without searching for its CR
    /// first; anything else (a split header, a sign, a leading zero, garbage) takes the general path, which finds
    /// the CR from where the last search stopped and gives Redis's exact errors.
    /// </summary>
    private DecodeStatus DecodeMultibulk(ReadOnlySpan<byte> buffer, out int consumed)
    {
        consumed = 0;
        int position, remaining, scanFrom;
        long length;
        bool inPayload;
        if (_state.Step == DecoderStep.ArrayLength)
        {
            if (!TryReadPlainHeader(buffer, 0, (byte)'*', out long count, out int next))
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
                if (!TryParseLength(buffer[1..cr], out count))
                {
                    return Fail(ProtocolErrorKind.InvalidMultibulkLength);
                }
                next = cr + 2;
            }
            if (count > int.MaxValue || count > _limits.MaxMultibulkLength)
            {
                return Fail(ProtocolErrorKind.InvalidMultibulkLength);
            }
            if (count <= 0)
            {
                // *0 and *-1 are accepted and produce no command and no reply.
                return Complete(next, out consumed);
            }
            if (_args.Length < count && _args.Length < 1024)
            {
                // Pre-size like Redis does (capped at 1024) so a normal MSET does not regrow.
                Array.Resize(ref _args, (int)Math.Min(count, 1024));
            }
            // The first bulk header follows at once; the state is written only if the loop below stops early.
            position = next;
            remaining = (int)count;
            scanFrom = next;
            length = -1;
            inPayload = false;
        }
        else
        {
            position = _state.Position;
            remaining = _state.ArgsRemaining;
            scanFrom = _state.ScanFrom;
            length = _state.BulkLength;
            inPayload = _state.Step == DecoderStep.BulkPayload;
        }
        long maxBulkLength = _limits.MaxBulkLength;
        ArgSlice[] args = _args;
        int argCount = _argCount;
        while (true)
        {
            if (!inPayload)
            {
                if (!TryReadPlainHeader(buffer, position, (byte)'$', out length, out int next) || length > maxBulkLength)
                {
                    int cr = IndexOfFrom(buffer, (byte)'\r', ref scanFrom);
                    if (cr < 0)
                    {
                        if (buffer.Length - position > _limits.MaxInlineLength)
                        {
                            return Fail(ProtocolErrorKind.TooBigBulkCount);
                        }
                        Suspend(DecoderStep.BulkLength, position, remaining, scanFrom, -1);
                        return DecodeStatus.NeedMoreData;
                    }
                    if (cr + 1 >= buffer.Length)
                    {
                        Suspend(DecoderStep.BulkLength, position, remaining, cr, -1);
                        return DecodeStatus.NeedMoreData;
                    }
                    byte marker = buffer[position];
                    if (marker != (byte)'$')
                    {
                        UnexpectedByte = marker;
                        return Fail(ProtocolErrorKind.ExpectedDollar);
                    }
                    if (!TryParseLength(buffer[(position + 1)..cr], out length) || length < 0 || length > maxBulkLength)
                    {
                        return Fail(ProtocolErrorKind.InvalidBulkLength);
                    }
                    next = cr + 2;
                }
                position = next;
            }
            inPayload = false;

            // The payload is taken by length and never scanned: CR, LF and NUL inside it are data.
            long end = position + length;
            if (buffer.Length - end < 2)
            {
                Suspend(DecoderStep.BulkPayload, position, remaining, position, length);
                return DecodeStatus.NeedMoreData;
            }
            if (argCount == args.Length)
            {
                Array.Resize(ref _args, args.Length * 2);
                args = _args;
            }
            args[argCount++] = new ArgSlice(position, (int)length);
            _argCount = argCount;
            // As in Redis, the two bytes after the payload are skipped without being checked.
            position = (int)end + 2;
            if (--remaining == 0)
            {
                return Complete(position, out consumed);
            }
            scanFrom = position;
        }
    }

    /// <summary>The inline state (processInlineBuffer): waits for the LF, then splits the line.</summary>
    private DecodeStatus DecodeInline(Span<byte> buffer, out int consumed)
    {
        consumed = 0;
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

    // Saves where the multibulk loop stopped, to resume there when more bytes arrive.
    private void Suspend(DecoderStep step, int position, int remaining, int scanFrom, long bulkLength)
    {
        _state.Step = step;
        _state.Position = position;
        _state.ArgsRemaining = remaining;
        _state.ScanFrom = scanFrom;
        _state.BulkLength = bulkLength;
    }

    /// <summary>
    /// Looks at the request at the start of <paramref name="input"/> without decoding it, for memory prefetching
    /// (redis/redis src/memory_prefetch.c): when it is a complete multibulk request of 2 to
    /// <paramref name="maxArguments"/> arguments whose headers are all plain, gives its length in bytes and where
    /// its second argument, most commands' key, lies. Anything else returns false; what it is, only
    /// <see cref="Decode"/> says. Keeps no state and applies no limits: the request is decoded again to run.
    /// </summary>
    public static bool TryPeekKey(ReadOnlySpan<byte> input, int maxArguments, out int length, out int keyStart, out int keyLength)
    {
        length = keyStart = keyLength = 0;
        if (!TryReadPlainHeader(input, 0, (byte)'*', out long count, out int position) || count < 2 || count > maxArguments)
        {
            return false;
        }
        for (int i = 0; i < (int)count; i++)
        {
            if (!TryReadPlainHeader(input, position, (byte)'$', out long bulkLength, out int payload)
                || bulkLength > input.Length - payload - 2)
            {
                return false;
            }
            if (i == 1)
            {
                keyStart = payload;
                keyLength = (int)bulkLength;
            }
            position = payload + (int)bulkLength + 2;
        }
        length = position;
        return true;
    }

    /// <summary>
    /// Reads a header at <paramref name="position"/> when it has fully arrived in its plain form: the marker, a 0
    /// or 1 to 18 digits without a leading zero, CR and one more byte (the LF, not checked, as in Redis). Returns
    /// false for anything else, which the caller hands to the general path; a plain header means the same there.
    /// </summary>
    private static bool TryReadPlainHeader(ReadOnlySpan<byte> buffer, int position, byte marker, out long value, out int next)
    {
        value = 0;
        next = 0;
        if (position > buffer.Length - 4)
        {
            return false; // shorter than "$0\r\n"
        }
        ReadOnlySpan<byte> line = buffer[position..];
        uint digit = (uint)(line[1] - '0');
        if (line[0] != marker || digit > 9)
        {
            return false;
        }
        ulong acc = digit;
        int i = 2;
        if (digit != 0)
        {
            int limit = Math.Min(line.Length - 1, 19); // leaves room for the LF
            while (i < limit)
            {
                uint d = (uint)(line[i] - '0');
                if (d > 9)
                {
                    break;
                }
                acc = acc * 10 + d;
                i++;
            }
            if (i >= limit)
            {
                return false;
            }
        }
        if (line[i] != (byte)'\r')
        {
            return false;
        }
        value = (long)acc;
        next = position + i + 2;
        return true;
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
