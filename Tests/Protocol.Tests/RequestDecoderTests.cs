using System.Text;

namespace Reactor.MiniRedis.Protocol.Tests;

/// <summary>
/// The request decoder against redis/redis processMultibulkBuffer and processInlineBuffer (src/networking.c).
/// Every input is fed whole, split into two reads at every offset, and one byte at a time through a simulated
/// connection; each way must give the same requests, the same consumed lengths and the same error.
/// Cases marked "verified" were sent as raw bytes to a real redis-server 7.0.15 and behaved as asserted.
/// </summary>
public sealed class RequestDecoderTests
{
    // ---- valid single requests ----

    [TestCase("*1\r\n$4\r\nPING\r\n", "PING")]                                   // the smallest multibulk
    [TestCase("*2\r\n$3\r\nGET\r\n$1\r\nk\r\n", "GET", "k")]                     // a small multibulk GET
    [TestCase("*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n", "SET", "key", "value")]
    [TestCase("*2\r\n$4\r\nECHO\r\n$4\r\na\r\nb\r\n", "ECHO", "a\r\nb")]         // CRLF inside a payload is data
    [TestCase("*2\r\n$4\r\nECHO\r\n$3\r\na\0b\r\n", "ECHO", "a\0b")]             // NUL inside a payload (verified)
    [TestCase("*2\r\n$4\r\nECHO\r\n$2\r\n\r\r\r\n", "ECHO", "\r\r")]             // a payload of bare CRs
    [TestCase("*2\r\n$4\r\nECHO\r\n$3\r\n\u00ff\u0080\n\r\n", "ECHO", "\u00ff\u0080\n")] // high bytes
    [TestCase("*2\r\n$4\r\nECHO\r\n$0\r\n\r\n", "ECHO", "")]                     // empty bulk $0 (verified)
    [TestCase("*3\r\n$0\r\n\r\n$0\r\n\r\n$0\r\n\r\n", "", "", "")]              // only empty bulks
    [TestCase("*0\r\n")]                                                           // *0: a request with no arguments, no reply (verified)
    [TestCase("*-1\r\n")]                                                          // *-1: likewise (verified)
    [TestCase("*-5\r\n")]                                                          // any count <= 0 is accepted the same way (verified)
    [TestCase("*1\r\n$4\r\nPINGxx", "PING")]                                      // quirk: the 2 bytes after a payload are skipped unchecked (verified)
    [TestCase("*1\rX$4\r\nPING\r\n", "PING")]                                     // quirk: the byte after the header CR is not checked (verified)
    [TestCase("*1\r\n$4\rXPING\r\n", "PING")]                                     // ... nor after a bulk header CR
    [TestCase("*1\r\n$10\r\n0123456789\r\n", "0123456789")]                       // a two-digit length
    [TestCase("PING\r\n", "PING")]                                                 // inline
    [TestCase("PING\n", "PING")]                                                   // inline with an LF-only line ending
    [TestCase("ECHO a\r\r\n", "ECHO", "a")]                                       // only one CR is stripped; the other is a separator (verified)
    [TestCase("SET  k \t v\r\n", "SET", "k", "v")]                                // runs of blanks separate inline arguments
    [TestCase("ECHO \"a b\"\r\n", "ECHO", "a b")]                                 // inline with double quotes
    [TestCase("ECHO \"\\x41\\n\"\r\n", "ECHO", "A\n")]                            // inline escapes (verified)
    [TestCase("ECHO 'a\\'b'\r\n", "ECHO", "a'b")]                                 // single quotes with \' (verified)
    [TestCase("\r\n")]                                                             // an empty inline line: 0 arguments, no reply (verified)
    [TestCase("\n")]                                                               // likewise with LF only (verified)
    [TestCase("   \t \r\n")]                                                       // a blank inline line is empty too (verified)
    public void Decode_ValidRequest_GivesArgumentsEveryWay(string input, params string[] expected)
    {
        byte[] bytes = Latin1(input);
        FeedResult result = FeedEveryWay(bytes);
        Assert.Multiple(() =>
        {
            Assert.That(result.Error, Is.Null);
            Assert.That(result.Requests, Has.Count.EqualTo(1));
            Assert.That(result.Requests[0].Args, Is.EqualTo(expected));
            Assert.That(result.Requests[0].Consumed, Is.EqualTo(bytes.Length));
            Assert.That(result.PendingBytes, Is.Zero);
        });
    }

    // ---- pipelines: several requests in one stream ----

    [TestCase("*1\r\n$4\r\nPING\r\n*1\r\n$4\r\nPING\r\n", "PING|PING", new[] { 14, 14 })]  // two multibulk requests (verified)
    [TestCase("*2\r\n$3\r\nGET\r\n$1\r\na\r\n*2\r\n$3\r\nGET\r\n$2\r\nbb\r\n*1\r\n$4\r\nPING\r\n",
        "GET a|GET bb|PING", new[] { 20, 21, 14 })]                                          // three of different sizes
    [TestCase("*0\r\n*1\r\n$4\r\nPING\r\n", "|PING", new[] { 4, 14 })]                    // *0 then a command (verified)
    [TestCase("*-1\r\n*1\r\n$4\r\nPING\r\n", "|PING", new[] { 5, 14 })]                   // *-1 then a command (verified)
    [TestCase("PING\r\nPING\r\n", "PING|PING", new[] { 6, 6 })]                            // two inline requests
    [TestCase("\r\nPING\r\n", "|PING", new[] { 2, 6 })]                                    // empty line, then a command (verified)
    [TestCase("PING\n*1\r\n$4\r\nPING\r\nECHO x\n", "PING|PING|ECHO x", new[] { 5, 14, 7 })] // inline and multibulk mixed
    [TestCase("*1\r\n$4\r\nPINGxx*1\r\n$4\r\nPING\r\n", "PING|PING", new[] { 14, 14 })]  // unchecked payload terminators (verified)
    public void Decode_Pipeline_GivesEveryRequestInOrder(string input, string expected, int[] consumed)
    {
        FeedResult result = FeedEveryWay(Latin1(input));
        Assert.Multiple(() =>
        {
            Assert.That(result.Error, Is.Null);
            Assert.That(string.Join('|', result.Requests.Select(r => string.Join(' ', r.Args))), Is.EqualTo(expected));
            Assert.That(result.Requests.Select(r => r.Consumed), Is.EqualTo(consumed));
            Assert.That(result.PendingBytes, Is.Zero);
        });
    }

    [Test]
    public void Decode_SixteenPipelinedSets_GivesSixteenRequests()
    {
        var stream = new List<byte>();
        for (int i = 0; i < 16; i++)
        {
            stream.AddRange(Latin1($"*3\r\n$3\r\nSET\r\n$3\r\nk{i:D2}\r\n$5\r\nv\r\n{i:D2}\r\n"));
        }
        FeedResult result = FeedEveryWay([.. stream]);
        Assert.Multiple(() =>
        {
            Assert.That(result.Requests, Has.Count.EqualTo(16));
            Assert.That(result.Requests[15].Args, Is.EqualTo(new[] { "SET", "k15", "v\r\n15" }));
        });
    }

    [Test]
    public void Decode_MoreArgumentsThanInitialCapacity_GivesAll()
    {
        string[] args = Enumerable.Range(0, 2000).Select(i => i.ToString()).ToArray();
        var request = new StringBuilder($"*{args.Length}\r\n");
        foreach (string arg in args)
        {
            request.Append('$').Append(arg.Length).Append("\r\n").Append(arg).Append("\r\n");
        }
        FeedResult result = Feed(Latin1(request.ToString()), WholeRead);
        Assert.That(result.Requests.Single().Args, Is.EqualTo(args));
    }

    [Test]
    public void Decode_InlineWithManyArguments_GivesAll()
    {
        string[] args = Enumerable.Range(0, 100).Select(i => "a" + i).ToArray();
        FeedResult result = FeedEveryWay(Latin1(string.Join(' ', args) + "\r\n"));
        Assert.That(result.Requests.Single().Args, Is.EqualTo(args));
    }

    // ---- incomplete input ----

    [TestCase("*")]                                  // inside the count
    [TestCase("*1\r")]                               // the LF after the count has not arrived
    [TestCase("*1\r\n")]                             // nothing of the first bulk
    [TestCase("*1\r\n$4\r")]                         // the LF after the bulk length has not arrived
    [TestCase("*1\r\n$4\r\nPING")]                   // the payload but not its terminator
    [TestCase("*1\r\n$4\r\nPING\r")]                 // half of the terminator
    [TestCase("*2147483647\r\n")]                    // INT_MAX arguments is a valid count (Redis: ll > INT_MAX fails)
    [TestCase("PING")]                               // inline without its LF
    [TestCase("ECHO \"a\r")]                         // an open quote is not judged before the LF
    public void Decode_IncompleteRequest_NeedsMoreData(string input)
    {
        var decoder = new RequestDecoder(new RespLimits());
        DecodeStatus status = decoder.Decode(Latin1(input), out int consumed);
        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(DecodeStatus.NeedMoreData));
            Assert.That(consumed, Is.Zero);
            Assert.That(decoder.InProgress, Is.True);
        });
    }

    [Test]
    public void Decode_EmptyBuffer_NeedsMoreDataAndIsNotInProgress()
    {
        var decoder = new RequestDecoder(new RespLimits());
        Assert.Multiple(() =>
        {
            Assert.That(decoder.Decode([], out _), Is.EqualTo(DecodeStatus.NeedMoreData));
            Assert.That(decoder.InProgress, Is.False);
        });
    }

    // ---- protocol errors: exact text from ErrorText.ForProtocolError ----

    [TestCase("*abc\r\n", "ERR Protocol error: invalid multibulk length")]                // not a number (verified)
    [TestCase("*3000000000\r\n", "ERR Protocol error: invalid multibulk length")]         // more than INT_MAX (verified)
    [TestCase("*2147483648\r\n", "ERR Protocol error: invalid multibulk length")]         // INT_MAX + 1
    [TestCase("*+1\r\n", "ERR Protocol error: invalid multibulk length")]                 // string2ll refuses '+' (verified)
    [TestCase("*-0\r\n", "ERR Protocol error: invalid multibulk length")]                 // ... and "-0" (verified)
    [TestCase("*01\r\n", "ERR Protocol error: invalid multibulk length")]                 // ... and leading zeros (verified)
    [TestCase("*1 \r\n", "ERR Protocol error: invalid multibulk length")]                 // ... and spaces (verified)
    [TestCase("*\r\n", "ERR Protocol error: invalid multibulk length")]                   // an empty count (verified)
    [TestCase("*99999999999999999999\r\n", "ERR Protocol error: invalid multibulk length")] // past 2^64
    [TestCase("*1\r\n$-2\r\n", "ERR Protocol error: invalid bulk length")]                // negative (verified)
    [TestCase("*2\r\n$4\r\nECHO\r\n$-1\r\n", "ERR Protocol error: invalid bulk length")]  // a null bulk is not a request argument (verified)
    [TestCase("*1\r\n$abc\r\n", "ERR Protocol error: invalid bulk length")]               // not a number (verified)
    [TestCase("*1\r\n$04\r\nPING\r\n", "ERR Protocol error: invalid bulk length")]        // leading zero (verified)
    [TestCase("*1\r\n$ 4\r\nPING\r\n", "ERR Protocol error: invalid bulk length")]        // space (verified)
    [TestCase("*1\r\n$\r\n", "ERR Protocol error: invalid bulk length")]                  // empty (verified)
    [TestCase("*1\r\n$9223372036854775808\r\n", "ERR Protocol error: invalid bulk length")] // past 2^63 (verified)
    [TestCase("*1\r\n$600000000\r\n", "ERR Protocol error: invalid bulk length")]         // over the default proto-max-bulk-len of 512 MB
    [TestCase("*1\r\nx\r\n", "ERR Protocol error: expected '$', got 'x'")]                // (verified)
    [TestCase("*1\r\n+PING\r\n", "ERR Protocol error: expected '$', got '+'")]            // a RESP simple string is not a request
    [TestCase("*2\r\n$4\r\nECHO\r\n*1\r\n", "ERR Protocol error: expected '$', got '*'")] // a nested array (verified)
    [TestCase("*2\r\n$4\r\nECHO\r\n:1\r\n", "ERR Protocol error: expected '$', got ':'")] // an integer
    [TestCase("ECHO \"abc\r\n", "ERR Protocol error: unbalanced quotes in request")]       // unterminated double quotes (verified)
    [TestCase("ECHO 'abc\r\n", "ERR Protocol error: unbalanced quotes in request")]        // unterminated single quotes
    [TestCase("ECHO \"a\"b\r\n", "ERR Protocol error: unbalanced quotes in request")]      // closing quote not followed by a blank (verified)
    [TestCase("ECHO 'a'b\r\n", "ERR Protocol error: unbalanced quotes in request")]        // likewise for single quotes
    [TestCase("ECHO \"a\\\r\n", "ERR Protocol error: unbalanced quotes in request")]       // a backslash at the end of the line (verified)
    [TestCase("ECHO 'a\\'\r\n", "ERR Protocol error: unbalanced quotes in request")]       // \' does not close single quotes
    public void Decode_InvalidRequest_FailsWithRedisText(string input, string expected)
    {
        FeedResult result = FeedEveryWay(Latin1(input));
        Assert.Multiple(() =>
        {
            Assert.That(result.Requests, Is.Empty);
            Assert.That(result.Error, Is.EqualTo(expected));
        });
    }

    [Test]
    public void Decode_ErrorAfterValidRequest_DecodesTheValidOneFirst()
    {
        FeedResult result = FeedEveryWay(Latin1("*1\r\n$4\r\nPING\r\n*1\r\nx\r\n"));
        Assert.Multiple(() =>
        {
            Assert.That(result.Requests.Single().Args, Is.EqualTo(new[] { "PING" }));
            Assert.That(result.Error, Is.EqualTo("ERR Protocol error: expected '$', got 'x'"));
        });
    }

    [Test]
    public void Decode_BulkOverProtoMaxBulkLen_FailsWithInvalidBulkLength()
    {
        var limits = new RespLimits { MaxBulkLength = 10 };
        FeedResult result = FeedEveryWay(Latin1("*1\r\n$11\r\n"), limits);
        Assert.That(result.Error, Is.EqualTo("ERR Protocol error: invalid bulk length"));
    }

    [Test]
    public void Decode_BulkAtProtoMaxBulkLen_IsAccepted()
    {
        var limits = new RespLimits { MaxBulkLength = 10 };
        FeedResult result = FeedEveryWay(Latin1("*1\r\n$10\r\n0123456789\r\n"), limits);
        Assert.That(result.Requests.Single().Args, Is.EqualTo(new[] { "0123456789" }));
    }

    [Test]
    public void Decode_CountOverMaxMultibulkLength_FailsWithInvalidMultibulkLength()
    {
        var limits = new RespLimits { MaxMultibulkLength = 10 };
        FeedResult result = FeedEveryWay(Latin1("*11\r\n"), limits);
        Assert.That(result.Error, Is.EqualTo("ERR Protocol error: invalid multibulk length"));
    }

    [Test]
    public void Decode_CountLineLongerThanLimit_FailsWithTooBigMbulkCount()
    {
        // Redis checks the length only while no CR has been found (verified with 70000 digits and the default 64 KB).
        var limits = new RespLimits { MaxInlineLength = 16 };
        FeedResult result = FeedEveryWay(Latin1("*" + new string('1', 16)), limits);
        Assert.That(result.Error, Is.EqualTo("ERR Protocol error: too big mbulk count string"));
    }

    [Test]
    public void Decode_CountLineAtLimit_NeedsMoreData()
    {
        var limits = new RespLimits { MaxInlineLength = 16 };
        FeedResult result = FeedEveryWay(Latin1("*" + new string('1', 15)), limits);
        Assert.Multiple(() =>
        {
            Assert.That(result.Error, Is.Null);
            Assert.That(result.PendingBytes, Is.EqualTo(16));
        });
    }

    [Test]
    public void Decode_BulkLengthLineLongerThanLimit_FailsWithTooBigBulkCount()
    {
        // The limit counts from the '$' of the current header, not from the request start (verified).
        var limits = new RespLimits { MaxInlineLength = 16 };
        FeedResult result = FeedEveryWay(Latin1("*1\r\n$" + new string('1', 16)), limits);
        Assert.That(result.Error, Is.EqualTo("ERR Protocol error: too big bulk count string"));
    }

    [Test]
    public void Decode_BulkLengthLineAtLimitAfterEarlierArguments_NeedsMoreData()
    {
        var limits = new RespLimits { MaxInlineLength = 16 };
        FeedResult result = FeedEveryWay(Latin1("*2\r\n$4\r\nECHO\r\n$" + new string('1', 15)), limits);
        Assert.That(result.Error, Is.Null);
    }

    [Test]
    public void Decode_InlineLongerThanLimit_FailsWithTooBigInlineRequest()
    {
        var limits = new RespLimits { MaxInlineLength = 16 };
        FeedResult result = FeedEveryWay(Latin1("PING" + new string(' ', 13)), limits);
        Assert.That(result.Error, Is.EqualTo("ERR Protocol error: too big inline request"));
    }

    [Test]
    public void Decode_InlineAtLimit_NeedsMoreData()
    {
        var limits = new RespLimits { MaxInlineLength = 16 };
        FeedResult result = FeedEveryWay(Latin1("PING" + new string(' ', 12)), limits);
        Assert.That(result.Error, Is.Null);
    }

    [Test]
    public void Decode_AfterProtocolError_IsReadyForANewRequest()
    {
        var decoder = new RequestDecoder(new RespLimits());
        decoder.Decode(Latin1("*1\r\nx\r\n"), out _);
        DecodeStatus status = decoder.Decode(Latin1("PING\r\n"), out int consumed);
        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(DecodeStatus.CommandReady));
            Assert.That(consumed, Is.EqualTo(6));
        });
    }

    [Test]
    public void Reset_InsideARequest_ForgetsIt()
    {
        var decoder = new RequestDecoder(new RespLimits());
        decoder.Decode(Latin1("*2\r\n$3\r\nGET\r\n"), out _);
        decoder.Reset();
        DecodeStatus status = decoder.Decode(Latin1("PING\r\n"), out _);
        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(DecodeStatus.CommandReady));
            Assert.That(decoder.ArgumentCount, Is.EqualTo(1));
        });
    }

    // ---- the decoder resumes; it never rescans what it has accepted ----

    [Test]
    public void BytesNeeded_AfterBulkHeader_IsTheEndOfThePayload()
    {
        var decoder = new RequestDecoder(new RespLimits());
        byte[] header = Latin1("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1000\r\n");
        decoder.Decode(header, out _);
        Assert.That(decoder.BytesNeeded, Is.EqualTo(header.Length + 1000 + 2));
    }

    [TestCase("")]                    // before anything
    [TestCase("*3\r\n$3")]            // inside a bulk header
    [TestCase("PING")]                // inside an inline line
    public void BytesNeeded_OutsideAPayload_IsZero(string input)
    {
        var decoder = new RequestDecoder(new RespLimits());
        decoder.Decode(Latin1(input), out _);
        Assert.That(decoder.BytesNeeded, Is.Zero);
    }

    [Test]
    public void Decode_AcceptedHeadersOverwrittenBeforeTheNextRead_AreNotParsedAgain()
    {
        // If the decoder rescanned from the request start, the garbage written over the accepted headers and the
        // first argument would change the result; resuming from its saved position, it never looks at them again.
        var decoder = new RequestDecoder(new RespLimits());
        byte[] request = Latin1("*2\r\n$4\r\nECHO\r\n$5\r\nhello\r\n");
        int firstRead = "*2\r\n$4\r\nECHO\r\n$5\r\nhe".Length;
        Assert.That(decoder.Decode(request.AsSpan(0, firstRead), out _), Is.EqualTo(DecodeStatus.NeedMoreData));

        byte[] mangled = (byte[])request.Clone();
        mangled.AsSpan(0, 18).Fill((byte)'!');
        DecodeStatus status = decoder.Decode(mangled, out int consumed);

        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(DecodeStatus.CommandReady));
            Assert.That(consumed, Is.EqualTo(request.Length));
            Assert.That(decoder.Arguments.ToArray(), Is.EqualTo(new[] { new ArgSlice(8, 4), new ArgSlice(18, 5) }));
        });
    }

    [Test]
    public void Decode_OneMegabyteBulkIn16KbReads_NeedsMoreDataUntilTheLastRead()
    {
        const int payloadLength = 1024 * 1024;
        const int readSize = 16 * 1024;
        byte[] request = BigSet(payloadLength);

        var steps = new List<DecodeStatus>();
        var connection = new SimulatedConnection(request.Length, new RespLimits());
        long bytesNeeded = 0;
        for (int offset = 0; offset < request.Length; offset += readSize)
        {
            connection.Append(request.AsSpan(offset, Math.Min(readSize, request.Length - offset)));
            steps.Add(connection.DecodeNext(out _));
            bytesNeeded = Math.Max(bytesNeeded, connection.Decoder.BytesNeeded);
        }

        int reads = (request.Length + readSize - 1) / readSize;
        Assert.Multiple(() =>
        {
            Assert.That(steps.Take(reads - 1), Is.All.EqualTo(DecodeStatus.NeedMoreData));
            Assert.That(steps[^1], Is.EqualTo(DecodeStatus.CommandReady));
            Assert.That(bytesNeeded, Is.EqualTo(request.Length));
            Assert.That(connection.ArgumentBytes(2), Is.EqualTo(request.AsSpan(request.Length - 2 - payloadLength, payloadLength).ToArray()));
        });
    }

    [Test]
    public void Decode_OneMegabyteBulkWholeOrIn16KbReads_GivesTheSameArguments()
    {
        byte[] request = BigSet(1024 * 1024);
        FeedResult whole = Feed(request, WholeRead);
        FeedResult chunked = Feed(request, Enumerable.Repeat(16 * 1024, request.Length / (16 * 1024) + 1).ToArray());
        Assert.Multiple(() =>
        {
            Assert.That(chunked.Requests.Single().Consumed, Is.EqualTo(request.Length));
            Assert.That(chunked.Requests.Single().Args, Is.EqualTo(whole.Requests.Single().Args));
        });
    }

    // ---- helpers ----

    private static readonly int[] WholeRead = [int.MaxValue];

    private static byte[] Latin1(string text) => Encoding.Latin1.GetBytes(text);

    /// <summary>SET k &lt;payload&gt; whose payload is CR, LF and NUL bytes in a pattern, so any payload scan would trip.</summary>
    private static byte[] BigSet(int payloadLength)
    {
        byte[] header = Latin1($"*3\r\n$3\r\nSET\r\n$1\r\nk\r\n${payloadLength}\r\n");
        var request = new byte[header.Length + payloadLength + 2];
        header.CopyTo(request, 0);
        for (int i = 0; i < payloadLength; i++)
        {
            request[header.Length + i] = (byte)"\r\n\0x"[i % 4];
        }
        request[^2] = (byte)'\r';
        request[^1] = (byte)'\n';
        return request;
    }

    /// <summary>
    /// Feeds <paramref name="input"/> whole, split into two reads at every offset, and one byte at a time; asserts
    /// that every way gives the same result, and returns it.
    /// </summary>
    private static FeedResult FeedEveryWay(byte[] input, RespLimits? limits = null)
    {
        FeedResult whole = Feed(input, WholeRead, limits);
        for (int split = 1; split < input.Length; split++)
        {
            FeedResult twoReads = Feed(input, [split, input.Length - split], limits);
            Assert.That(twoReads.Describe(), Is.EqualTo(whole.Describe()), $"split into two reads at offset {split}");
        }
        FeedResult byteByByte = Feed(input, Enumerable.Repeat(1, input.Length).ToArray(), limits);
        Assert.That(byteByByte.Describe(), Is.EqualTo(whole.Describe()), "one byte at a time");
        return whole;
    }

    /// <summary>
    /// Feeds <paramref name="input"/> as reads of the given sizes the way Connection.ProcessInputBuffer does: after
    /// each read, decode requests until one needs more data, always passing the bytes from the current request's
    /// start; consumed requests are dropped and the partial one is moved to the front before the next read.
    /// Stops at the first protocol error, like the connection.
    /// </summary>
    private static FeedResult Feed(byte[] input, int[] readSizes, RespLimits? limits = null)
    {
        var connection = new SimulatedConnection(input.Length, limits ?? new RespLimits());
        var result = new FeedResult();
        int offset = 0;
        foreach (int size in readSizes)
        {
            int n = Math.Min(size, input.Length - offset);
            connection.Append(input.AsSpan(offset, n));
            offset += n;
            while (true)
            {
                DecodeStatus status = connection.DecodeNext(out int consumed);
                if (status == DecodeStatus.NeedMoreData)
                {
                    break;
                }
                if (status == DecodeStatus.ProtocolError)
                {
                    result.Error = ErrorText.ForProtocolError(connection.Decoder.Error, connection.Decoder.UnexpectedByte);
                    return result;
                }
                string[] args = new string[connection.Decoder.ArgumentCount];
                for (int i = 0; i < args.Length; i++)
                {
                    args[i] = Encoding.Latin1.GetString(connection.ArgumentBytes(i));
                }
                result.Requests.Add(new DecodedRequest(args, consumed));
                connection.Consume(consumed);
            }
            if (offset == input.Length)
            {
                break;
            }
        }
        result.PendingBytes = connection.Pending;
        return result;
    }

    private sealed record DecodedRequest(string[] Args, int Consumed);

    private sealed class FeedResult
    {
        public List<DecodedRequest> Requests { get; } = [];

        public string? Error { get; set; }

        public int PendingBytes { get; set; }

        /// <summary>A canonical rendering, so two results compare as strings with a readable difference.</summary>
        public string Describe()
        {
            var text = new StringBuilder();
            foreach (DecodedRequest request in Requests)
            {
                text.Append('[');
                text.AppendJoin(", ", request.Args.Select(a => "\"" + a.Replace("\r", "\\r").Replace("\n", "\\n").Replace("\0", "\\0") + "\""));
                text.Append("] consumed ").Append(request.Consumed).Append('\n');
            }
            text.Append("error: ").Append(Error ?? "none").Append(", pending: ").Append(PendingBytes);
            return text.ToString();
        }
    }

    /// <summary>The query buffer of a connection: bytes from the current request's start to the last byte read.</summary>
    private sealed class SimulatedConnection(int capacity, RespLimits limits)
    {
        private readonly byte[] _buffer = new byte[Math.Max(capacity, 1)];
        private int _start;
        private int _end;

        public RequestDecoder Decoder { get; } = new(limits);

        public int Pending => _end - _start;

        /// <summary>A read: moves the partial request to the front (offsets are relative to it), then appends.</summary>
        public void Append(ReadOnlySpan<byte> bytes)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
            bytes.CopyTo(_buffer.AsSpan(_end));
            _end += bytes.Length;
        }

        public DecodeStatus DecodeNext(out int consumed) => Decoder.Decode(_buffer.AsSpan(_start, _end - _start), out consumed);

        public byte[] ArgumentBytes(int index)
        {
            ArgSlice slice = Decoder.Arguments[index];
            return _buffer.AsSpan(_start + slice.Offset, slice.Length).ToArray();
        }

        public void Consume(int count) => _start += count;
    }
}
