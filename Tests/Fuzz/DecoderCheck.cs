using Reactor.MiniRedis.Protocol;

namespace Reactor.MiniRedis.Fuzz;

/// <summary>
/// The request decoder's contract, checked on one input stream. The fuzzer runs it on every input AFL++ makes up,
/// the property tests on generated streams, and the corpus replay test on every saved input, so a crash found by
/// one is a failing test in the others. Any breach throws <see cref="DecoderContractException"/>; any other
/// exception is a decoder bug in itself.
/// </summary>
/// <remarks>
/// The contract: the decoder never throws on any bytes (bad input is a <see cref="DecodeStatus.ProtocolError"/>);
/// every argument is a slice inside the request it belongs to; a multibulk request respects
/// <see cref="RespLimits.MaxMultibulkLength"/> and <see cref="RespLimits.MaxBulkLength"/>; with a bounded argument
/// count the query buffer stays bounded whatever arrives (the limits alone, not the query-buffer limit, bound it);
/// and the result does not depend on how the stream is split into reads, except that a header or inline line
/// longer than <see cref="RespLimits.MaxInlineLength"/> may be refused ("too big ...") as soon as enough of it has
/// arrived, exactly as processMultibulkBuffer and processInlineBuffer in redis/redis src/networking.c refuse it.
/// </remarks>
public static class DecoderCheck
{
    /// <summary>Byte-at-a-time feeding is quadratic in the partial request; longer inputs skip that pattern.</summary>
    private const int ByteByByteMaxLength = 16 * 1024;

    /// <summary>One read that takes the whole input.</summary>
    public static readonly int[] WholeRead = [int.MaxValue];

    /// <summary>Limits small enough that short inputs reach every one of them.</summary>
    public static RespLimits TinyLimits() => new() { MaxInlineLength = 16, MaxBulkLength = 32, MaxMultibulkLength = 8 };

    /// <summary>
    /// The fuzz target. The first byte chooses the limits (default or tiny) and the read sizes; the rest is the
    /// stream, fed whole, in reads of 1 to 8 bytes, split in two at an offset derived from the first byte, and one
    /// byte at a time. Deterministic, as AFL++ needs.
    /// </summary>
    public static void Run(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }
        byte control = data[0];
        ReadOnlySpan<byte> input = data[1..];
        RespLimits limits = (control & 1) == 0 ? new RespLimits() : TinyLimits();
        int small = 1 + ((control >> 1) & 7);
        int split = input.IsEmpty ? 1 : 1 + (control * 7919 % input.Length);
        List<int[]> patterns = [[small], [split, int.MaxValue], [small + 2, 1, small]];
        if (input.Length <= ByteByByteMaxLength)
        {
            patterns.Add([1]);
        }
        CheckSplits(input, limits, patterns);
    }

    /// <summary>
    /// Feeds <paramref name="input"/> whole and in each of the read <paramref name="patterns"/>, checks the contract
    /// on every call, and checks that every way gives the same run (up to a "too big" refusal, see the remarks on
    /// the class). Returns the run of the whole read.
    /// </summary>
    public static DecodeRun CheckSplits(ReadOnlySpan<byte> input, RespLimits limits, IEnumerable<int[]> patterns)
    {
        DecodeRun whole = Feed(input, limits, WholeRead);
        foreach (int[] pattern in patterns)
        {
            DecodeRun split = Feed(input, limits, pattern);
            if (!Equivalent(whole, split))
            {
                throw new DecoderContractException(
                    $"reads of [{string.Join(", ", pattern)}] bytes decode differently from one read.\n" +
                    $"one read:\n{whole.Describe()}\nsplit:\n{split.Describe()}");
            }
        }
        return whole;
    }

    /// <summary>
    /// Feeds <paramref name="input"/> to a fresh decoder the way Connection.ProcessInputBuffer does: reads of the
    /// given sizes (cycled), and after each read every complete request is decoded from the start of the unconsumed
    /// bytes; the partial request is moved to the front of the query buffer before the next read. Stops at the first
    /// protocol error, as the connection does (it replies and closes). Checks the contract on every call.
    /// </summary>
    public static DecodeRun Feed(ReadOnlySpan<byte> input, RespLimits limits, int[] readSizes)
    {
        var run = new DecodeRun();
        var decoder = new RequestDecoder(limits);
        byte[] queryBuffer = new byte[input.Length];
        int start = 0, end = 0, offset = 0, reads = 0, mostArguments = 0, largestRead = 0;
        // With a bounded argument count, the limits alone bound the bytes held for one request: its header line,
        // then for each argument a header line and a payload plus its 2 terminator bytes. A header line whose CR
        // is the last byte read may run past the limit until the next read resolves it, so allow two reads.
        long bound = limits.MaxMultibulkLength <= 1024
            ? (limits.MaxMultibulkLength + 1L) * (limits.MaxInlineLength + 2L + limits.MaxBulkLength + 2L)
            : long.MaxValue / 4;
        while (offset < input.Length)
        {
            int size = Math.Min(Math.Max(readSizes[reads++ % readSizes.Length], 1), input.Length - offset);
            queryBuffer.AsSpan(start, end - start).CopyTo(queryBuffer);
            end -= start;
            start = 0;
            input.Slice(offset, size).CopyTo(queryBuffer.AsSpan(end));
            end += size;
            offset += size;
            largestRead = Math.Max(largestRead, size);
            run.PeakPending = Math.Max(run.PeakPending, end);
            if (end > bound + 2L * largestRead)
            {
                throw new DecoderContractException($"the query buffer holds {end} bytes of one request; the limits allow {bound} plus two reads");
            }
            while (start < end)
            {
                Span<byte> pending = queryBuffer.AsSpan(start, end - start);
                bool multibulk = pending[0] == (byte)'*';
                DecodeStatus status = decoder.Decode(pending, out int consumed);
                mostArguments = Math.Max(mostArguments, decoder.ArgumentCount);
                if (decoder.ArgumentArray.Length > Math.Max(1024, 2 * mostArguments))
                {
                    // Pre-sizing from an announced count is capped (as in Redis); past that it grows with the arguments.
                    throw new DecoderContractException($"the argument array has {decoder.ArgumentArray.Length} slots for at most {mostArguments} arguments");
                }
                if (status == DecodeStatus.NeedMoreData)
                {
                    CheckNeedMoreData(decoder, limits, pending.Length, consumed);
                    break;
                }
                if (status == DecodeStatus.ProtocolError)
                {
                    CheckProtocolError(decoder, consumed);
                    run.Error = decoder.Error; // the rest, however much of it was read, is discarded
                    return run;
                }
                CheckCommandReady(decoder, limits, pending.Length, consumed, multibulk);
                var args = new byte[decoder.ArgumentCount][];
                for (int i = 0; i < args.Length; i++)
                {
                    ArgSlice slice = decoder.Arguments[i];
                    args[i] = pending.Slice(slice.Offset, slice.Length).ToArray();
                }
                run.Requests.Add(args);
                run.Consumed.Add(consumed);
                start += consumed;
            }
            if (start == end)
            {
                start = end = 0;
                if (decoder.InProgress)
                {
                    throw new DecoderContractException("the decoder is inside a request although every byte was consumed");
                }
            }
        }
        run.Pending = end - start;
        return run;
    }

    // Two runs agree when they are identical, or when one stopped at a "too big" refusal (which depends on where
    // the reads split a long line) after a prefix of the other's requests.
    private static bool Equivalent(DecodeRun a, DecodeRun b)
    {
        if (a.Describe() == b.Describe())
        {
            return true;
        }
        return (a.EndedTooBig && a.SameRequests(b, a.Requests.Count))
            || (b.EndedTooBig && b.SameRequests(a, b.Requests.Count));
    }

    // Nothing is consumed, and a known bulk length never asks for more than one payload beyond the buffer.
    private static void CheckNeedMoreData(RequestDecoder decoder, RespLimits limits, int length, int consumed)
    {
        if (consumed != 0)
        {
            throw new DecoderContractException($"NeedMoreData consumed {consumed} bytes");
        }
        long needed = decoder.BytesNeeded;
        if (needed < 0 || needed > length + limits.MaxBulkLength + 2)
        {
            throw new DecoderContractException($"BytesNeeded is {needed} with {length} bytes buffered and proto-max-bulk-len {limits.MaxBulkLength}");
        }
    }

    // An error has a kind and an exact text, and leaves the decoder ready for a new request.
    private static void CheckProtocolError(RequestDecoder decoder, int consumed)
    {
        if (decoder.Error == ProtocolErrorKind.None || consumed != 0 || decoder.ArgumentCount != 0 || decoder.InProgress)
        {
            throw new DecoderContractException($"ProtocolError left error {decoder.Error}, consumed {consumed}, {decoder.ArgumentCount} arguments, in progress {decoder.InProgress}");
        }
        string text = ErrorText.ForProtocolError(decoder.Error, decoder.UnexpectedByte);
        if (!text.StartsWith("ERR Protocol error: ", StringComparison.Ordinal))
        {
            throw new DecoderContractException($"unexpected protocol error text '{text}'");
        }
    }

    // A request consumes at least one byte and no more than it was given; its arguments are slices inside it;
    // a multibulk request stays within the limits.
    private static void CheckCommandReady(RequestDecoder decoder, RespLimits limits, int length, int consumed, bool multibulk)
    {
        if (consumed <= 0 || consumed > length || decoder.InProgress)
        {
            throw new DecoderContractException($"CommandReady consumed {consumed} of {length} bytes (in progress {decoder.InProgress})");
        }
        ReadOnlySpan<ArgSlice> args = decoder.Arguments;
        if (args.Length != decoder.ArgumentCount)
        {
            throw new DecoderContractException($"{args.Length} arguments but ArgumentCount {decoder.ArgumentCount}");
        }
        if (multibulk && args.Length > limits.MaxMultibulkLength)
        {
            throw new DecoderContractException($"{args.Length} arguments, more than the limit of {limits.MaxMultibulkLength}");
        }
        foreach (ArgSlice slice in args)
        {
            if (slice.Offset < 0 || slice.Length < 0 || (long)slice.Offset + slice.Length > consumed)
            {
                throw new DecoderContractException($"argument slice ({slice.Offset}, {slice.Length}) outside the request's {consumed} bytes");
            }
            if (multibulk && slice.Length > limits.MaxBulkLength)
            {
                throw new DecoderContractException($"a bulk argument of {slice.Length} bytes passed proto-max-bulk-len {limits.MaxBulkLength}");
            }
        }
    }
}
