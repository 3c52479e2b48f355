using System.Globalization;
using Reactor.MiniRedis.Fuzz;

namespace Reactor.MiniRedis.Protocol.Tests;

/// <summary>
/// Randomized (property-based) tests of the request decoder: arbitrary bytes, valid streams of generated requests,
/// the same streams with random corruption, and requests at and past the limits, each fed whole and split into reads
/// at random points. Every call is checked against the decoder's contract in Tests/Fuzz/DecoderCheck.cs (shared
/// with the fuzzer): no exception, slices inside the request, limits respected, the query buffer bounded, and the
/// same result however the stream is split. Valid streams must also decode to exactly the requests generated.
/// </summary>
/// <remarks>
/// Each property runs <see cref="Cases"/> cases from a fixed seed, so a run is repeatable; a failure names the seed
/// and the case and prints the input. <c>MINIREDIS_PROPERTY_SEED=n dotnet test ...</c> explores another seed.
/// The fuzz corpus (Tests/Fuzz/corpus: seeds and every failing input the fuzzer has found) is replayed here too.
/// </remarks>
public sealed class RequestDecoderPropertyTests
{
    private const int Cases = 400;
    private const int DefaultSeed = 20_240_607;

    // Bytes that steer the decoder (headers, line endings, quotes, escapes, digits, signs) are drawn half the time.
    private static readonly byte[] s_interesting = "*$\r\n\r\n-+0123456789 \t\"'\\x"u8.ToArray();

    private static readonly int s_seed = int.TryParse(Environment.GetEnvironmentVariable("MINIREDIS_PROPERTY_SEED"),
        NumberStyles.Integer, CultureInfo.InvariantCulture, out int seed) ? seed : DefaultSeed;

    [Test]
    public void Decode_ArbitraryBytes_KeepsContractHoweverSplit() =>
        ForEachCase(rng => Junk(rng, rng.Next(0, 400)), (input, rng) =>
            DecoderCheck.CheckSplits(input, new RespLimits(), RandomPatterns(rng, input.Length)));

    [Test]
    public void Decode_ArbitraryBytesTinyLimits_KeepsContractHoweverSplit() =>
        ForEachCase(rng => Junk(rng, rng.Next(0, 400)), (input, rng) =>
            DecoderCheck.CheckSplits(input, DecoderCheck.TinyLimits(), RandomPatterns(rng, input.Length)));

    [Test]
    public void Decode_ValidStream_GivesTheGeneratedRequestsHoweverSplit()
    {
        List<byte[][]> expected = [];
        ForEachCase(rng => ValidStream(rng, expected, rng.Next(1, 12)), (input, rng) =>
        {
            DecodeRun run = DecoderCheck.CheckSplits(input, new RespLimits(), RandomPatterns(rng, input.Length));
            AssertRequests(run, expected);
        });
    }

    [Test]
    public void Decode_CorruptedStream_KeepsContractHoweverSplit() =>
        ForEachCase(rng => Corrupt(rng, ValidStream(rng, [], rng.Next(1, 8))), (input, rng) =>
            DecoderCheck.CheckSplits(input, new RespLimits(), RandomPatterns(rng, input.Length)));

    [Test]
    public void Decode_CorruptedStreamTinyLimits_KeepsContractHoweverSplit() =>
        ForEachCase(rng => Corrupt(rng, ValidStream(rng, [], rng.Next(1, 8), maxPayload: 40)), (input, rng) =>
            DecoderCheck.CheckSplits(input, DecoderCheck.TinyLimits(), RandomPatterns(rng, input.Length)));

    [Test]
    public void Decode_ManyRequestsAtTheLimitsInSmallReads_QueryBufferStaysBounded()
    {
        RespLimits limits = DecoderCheck.TinyLimits();
        // One request's header, plus for each of at most 8 arguments a header and a payload, plus two reads.
        long bound = (limits.MaxMultibulkLength + 1L) * (limits.MaxInlineLength + 2 + limits.MaxBulkLength + 2) + 2 * 64;
        List<byte[][]> expected = [];
        ForEachCase(rng => RequestsAtLimits(rng, limits, expected), (input, rng) =>
        {
            DecodeRun run = DecoderCheck.Feed(input, limits, [rng.Next(1, 65), rng.Next(1, 65), rng.Next(1, 65)]);
            AssertRequests(run, expected);
            Assert.That(run.PeakPending, Is.LessThanOrEqualTo(bound));
        });
    }

    [Test]
    public void Decode_RequestPastALimit_IsRefusedHoweverSplit()
    {
        RespLimits limits = DecoderCheck.TinyLimits();
        ProtocolErrorKind expected = ProtocolErrorKind.None;
        ForEachCase(rng => RequestNearLimits(rng, limits, out expected), (input, rng) =>
        {
            DecodeRun run = DecoderCheck.CheckSplits(input, limits, RandomPatterns(rng, input.Length));
            Assert.That(run.Error, Is.EqualTo(expected));
        });
    }

    [TestCaseSource(nameof(FuzzCorpus))]
    public void FuzzCorpus_SavedInput_PassesDecoderCheck(string name) =>
        Assert.DoesNotThrow(() => DecoderCheck.Run(File.ReadAllBytes(Path.Combine(CorpusDirectory, name))));

    // TryPeekKey (memory prefetching's look-ahead) against the decoder on valid, corrupted and arbitrary streams:
    // whenever the peek says "a request of N bytes whose second argument is here", decoding the same bytes gives a
    // request of N bytes with that second argument. Walking a valid stream, it must also see every multibulk request
    // of 2 to 16 arguments the generator wrote (and so find the next one after each).
    [Test]
    public void TryPeekKey_WheneverItSeesARequest_TheDecoderAgrees()
    {
        List<byte[][]> requests = [];
        ForEachCase(rng => rng.Next(3) switch
        {
            0 => ValidStream(rng, requests, rng.Next(1, 12)),
            1 => Corrupt(rng, ValidStream(rng, requests, rng.Next(1, 8))),
            _ => Junk(rng, rng.Next(0, 400)),
        }, (input, _) =>
        {
            int offset = 0;
            while (RequestDecoder.TryPeekKey(input.AsSpan(offset), 16, out int length, out int keyStart, out int keyLength))
            {
                var decoder = new RequestDecoder(new RespLimits());
                DecodeStatus status = decoder.Decode(input.AsSpan(offset), out int consumed);
                Assert.That((status, consumed, decoder.ArgumentCount >= 2), Is.EqualTo((DecodeStatus.CommandReady, length, true)));
                Assert.That(decoder.ArgumentArray[1], Is.EqualTo(new ArgSlice(keyStart, keyLength)));
                offset += length;
            }
        });
    }

    [Test]
    public void TryPeekKey_ValidStream_SeesEveryPlainMultibulkRequest()
    {
        List<byte[][]> requests = [];
        ForEachCase(rng => ValidStream(rng, requests, rng.Next(1, 12)), (input, _) =>
        {
            int offset = 0;
            foreach (byte[][] request in requests)
            {
                bool seen = RequestDecoder.TryPeekKey(input.AsSpan(offset), 16, out int length, out int keyStart, out int keyLength);
                if (!seen)
                {
                    // Only what the peek leaves to the decoder: no arguments, one, or an inline request (which may start
                    // with a '*' of its own).
                    var decoder = new RequestDecoder(new RespLimits());
                    decoder.Decode(input.AsSpan(offset), out length);
                    bool multibulk = input.AsSpan(offset).StartsWith(System.Text.Encoding.ASCII.GetBytes($"*{request.Length}\r\n"));
                    Assert.That(request.Length < 2 || !multibulk, Is.True, $"a multibulk request of {request.Length} arguments was not seen at {offset}");
                }
                else
                {
                    Assert.That(input.AsSpan(offset + keyStart, keyLength).SequenceEqual(request[1]), Is.True);
                }
                offset += length;
            }
            Assert.That(offset, Is.EqualTo(input.Length));
        });
    }

    private static string CorpusDirectory => Path.Combine(AppContext.BaseDirectory, "FuzzCorpus");

    // Every saved input, as a path relative to the corpus ("seeds/..." or "regressions/...").
    private static IEnumerable<string> FuzzCorpus() =>
        Directory.EnumerateFiles(CorpusDirectory, "*", SearchOption.AllDirectories)
            .Where(path => !Path.GetFileName(path).StartsWith('.'))
            .Select(path => Path.GetRelativePath(CorpusDirectory, path))
            .Order(StringComparer.Ordinal);

    /// <summary>
    /// Runs <see cref="Cases"/> cases, each with its own generator seeded from the run's seed and the case number;
    /// a failure reports both and the input (escaped), so the case can be replayed.
    /// </summary>
    private static void ForEachCase(Func<Random, byte[]> generate, Action<byte[], Random> check)
    {
        TestContext.Out.WriteLine($"seed {s_seed} (set MINIREDIS_PROPERTY_SEED to run another)");
        for (int i = 0; i < Cases; i++)
        {
            var rng = new Random(unchecked((s_seed * 1_000_003) + i)); // not HashCode: it is seeded per process
            byte[] input = generate(rng);
            try
            {
                check(input, rng);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Assert.Fail($"seed {s_seed}, case {i}: {e.Message}\ninput ({input.Length} bytes): \"{DecodeRun.Escape(input)}\"\n{e.StackTrace}");
            }
        }
    }

    // Whole-run requests equal the generated ones, with no error and nothing left over.
    private static void AssertRequests(DecodeRun run, List<byte[][]> expected)
    {
        if (run.Error != ProtocolErrorKind.None || run.Pending != 0 || run.Requests.Count != expected.Count
            || !expected.Select((args, i) => args.Length == run.Requests[i].Length
                && args.Zip(run.Requests[i]).All(pair => pair.First.AsSpan().SequenceEqual(pair.Second))).All(same => same))
        {
            throw new DecoderContractException($"decoded:\n{run.Describe()}\nexpected {expected.Count} requests: "
                + string.Join(" | ", expected.Select(args => string.Join(' ', args.Select(a => DecodeRun.Escape(a))))));
        }
    }

    // Read patterns: small reads of one size, two reads at a random offset, three irregular sizes, one byte at a time.
    private static List<int[]> RandomPatterns(Random rng, int length) =>
    [
        [rng.Next(1, 17)],
        [rng.Next(1, Math.Max(length, 1) + 1), int.MaxValue],
        [rng.Next(1, 9), rng.Next(1, 200), rng.Next(1, 4)],
        [1],
    ];

    private static byte[] Junk(Random rng, int length)
    {
        var bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = rng.Next(2) == 0 ? s_interesting[rng.Next(s_interesting.Length)] : (byte)rng.Next(256);
        }
        return bytes;
    }

    /// <summary>
    /// A stream of <paramref name="count"/> valid requests (filling <paramref name="requests"/> with what each
    /// must decode to): multibulk requests with binary payloads, inline requests with plain, double-quoted (every
    /// awkward byte as <c>\xHH</c>) and single-quoted arguments, <c>*0</c>/<c>*-N</c> and blank lines (no arguments).
    /// </summary>
    private static byte[] ValidStream(Random rng, List<byte[][]> requests, int count, int maxPayload = 2000)
    {
        requests.Clear();
        var stream = new List<byte>();
        for (int r = 0; r < count; r++)
        {
            int kind = rng.Next(10);
            if (kind == 0)
            {
                Append(stream, rng.Next(2) == 0 ? "*0\r\n" : $"*-{rng.Next(1, 100)}\r\n");
                requests.Add([]);
            }
            else if (kind == 1)
            {
                Append(stream, rng.Next(3) switch { 0 => "\r\n", 1 => "\n", _ => " \t  \r\n" });
                requests.Add([]);
            }
            else if (kind <= 4)
            {
                requests.Add(AppendInline(rng, stream));
            }
            else
            {
                var args = new byte[rng.Next(1, 7)][];
                Append(stream, $"*{args.Length}\r\n");
                for (int a = 0; a < args.Length; a++)
                {
                    int length = rng.Next(8) == 0 ? rng.Next(0, maxPayload + 1) : rng.Next(0, Math.Min(maxPayload, 24) + 1);
                    args[a] = Junk(rng, length);
                    Append(stream, $"${length}\r\n");
                    stream.AddRange(args[a]);
                    Append(stream, "\r\n");
                }
                requests.Add(args);
            }
        }
        return [.. stream];
    }

    // One inline request: arguments separated by runs of blanks, ended by CRLF or LF; returns its arguments.
    private static byte[][] AppendInline(Random rng, List<byte> stream)
    {
        var args = new byte[rng.Next(1, 6)][];
        for (int a = 0; a < args.Length; a++)
        {
            if (a > 0 || rng.Next(4) == 0)
            {
                Append(stream, rng.Next(3) == 0 ? " \t " : " ");
            }
            int style = rng.Next(3);
            if (style == 0)
            {
                // A plain word from '+' to 'z': no blanks, quotes or NUL, and no leading '*' (that would be multibulk).
                args[a] = [.. Enumerable.Range(0, rng.Next(1, 12)).Select(_ => (byte)rng.Next('+', 'z' + 1))];
                stream.AddRange(args[a]);
            }
            else if (style == 1)
            {
                args[a] = Junk(rng, rng.Next(0, 20));
                stream.Add((byte)'"');
                foreach (byte b in args[a])
                {
                    if (b is >= 0x20 and < 0x7f and not (byte)'"' and not (byte)'\\')
                    {
                        stream.Add(b);
                    }
                    else
                    {
                        Append(stream, $"\\x{b:x2}");
                    }
                }
                stream.Add((byte)'"');
            }
            else
            {
                // Printable bytes but the backslash: single quotes cannot end an argument with one.
                args[a] = [.. Junk(rng, rng.Next(0, 20)).Where(b => b is >= 0x20 and < 0x7f and not (byte)'\\')];
                stream.Add((byte)'\'');
                foreach (byte b in args[a])
                {
                    if (b == (byte)'\'')
                    {
                        stream.Add((byte)'\\');
                    }
                    stream.Add(b);
                }
                stream.Add((byte)'\'');
            }
        }
        Append(stream, rng.Next(2) == 0 ? "\r\n" : "\n");
        return args;
    }

    // One to three random edits: a byte changed, inserted or deleted (biased to the bytes that steer the decoder),
    // or digits inserted, which turn a header's count or length into a large or malformed number.
    private static byte[] Corrupt(Random rng, byte[] input)
    {
        var bytes = new List<byte>(input);
        for (int edits = rng.Next(1, 4); edits > 0; edits--)
        {
            byte value = rng.Next(2) == 0 ? s_interesting[rng.Next(s_interesting.Length)] : (byte)rng.Next(256);
            int at = rng.Next(bytes.Count + 1);
            switch (rng.Next(4))
            {
                case 3:
                    // Mostly straight after a '*' or '$', where the digits change a count or a length.
                    int[] headers = [.. Enumerable.Range(0, bytes.Count).Where(i => bytes[i] is (byte)'*' or (byte)'$')];
                    if (headers.Length > 0 && rng.Next(4) != 0)
                    {
                        at = headers[rng.Next(headers.Length)] + 1;
                    }
                    bytes.InsertRange(at, System.Text.Encoding.ASCII.GetBytes(rng.NextInt64(long.MinValue, long.MaxValue)
                        .ToString(CultureInfo.InvariantCulture)[..rng.Next(1, 12)]));
                    break;
                case 0 when at < bytes.Count:
                    bytes[at] = value;
                    break;
                case 1 when at < bytes.Count:
                    bytes.RemoveAt(at);
                    break;
                default:
                    bytes.Insert(at, value);
                    break;
            }
        }
        return [.. bytes];
    }

    // 1 to 40 multibulk requests, each within the limits but some exactly at them.
    private static byte[] RequestsAtLimits(Random rng, RespLimits limits, List<byte[][]> requests)
    {
        requests.Clear();
        var stream = new List<byte>();
        for (int r = rng.Next(1, 41); r > 0; r--)
        {
            var args = new byte[rng.Next(2) == 0 ? limits.MaxMultibulkLength : rng.Next(1, limits.MaxMultibulkLength + 1)][];
            Append(stream, $"*{args.Length}\r\n");
            for (int a = 0; a < args.Length; a++)
            {
                args[a] = Junk(rng, rng.Next(2) == 0 ? (int)limits.MaxBulkLength : rng.Next(0, (int)limits.MaxBulkLength + 1));
                Append(stream, $"${args[a].Length}\r\n");
                stream.AddRange(args[a]);
                Append(stream, "\r\n");
            }
            requests.Add(args);
        }
        return [.. stream];
    }

    // One multibulk request whose count and bulk lengths are each within 2 of the limit; says which error is due.
    private static byte[] RequestNearLimits(Random rng, RespLimits limits, out ProtocolErrorKind expected)
    {
        int count = limits.MaxMultibulkLength + rng.Next(-2, 3);
        var stream = new List<byte>();
        Append(stream, $"*{count}\r\n");
        expected = count > limits.MaxMultibulkLength ? ProtocolErrorKind.InvalidMultibulkLength : ProtocolErrorKind.None;
        for (int a = 0; a < count && expected == ProtocolErrorKind.None; a++)
        {
            int length = (int)limits.MaxBulkLength + rng.Next(-2, 3);
            Append(stream, $"${length}\r\n");
            stream.AddRange(Junk(rng, length));
            Append(stream, "\r\n");
            if (length > limits.MaxBulkLength)
            {
                expected = ProtocolErrorKind.InvalidBulkLength;
            }
        }
        return [.. stream];
    }

    private static void Append(List<byte> stream, string ascii) => stream.AddRange(System.Text.Encoding.ASCII.GetBytes(ascii));
}
