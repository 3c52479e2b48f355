namespace Reactor.MiniRedis.Protocol.Tests;

/// <summary>
/// The reply buffer's chunking: the fixed first chunk plus pooled overflow chunks, drained from the head by
/// PeekHead/Consume the way Connection.WriteToClient drains it into a socket that takes partial writes.
/// </summary>
public sealed class ReplyBufferTests
{
    private ReplyBuffer _buffer = null!;

    [SetUp]
    public void SetUp() => _buffer = new ReplyBuffer();

    [TearDown]
    public void TearDown() => _buffer.Clear();

    [Test]
    public void New_IsEmpty()
    {
        Assert.Multiple(() =>
        {
            Assert.That(_buffer.IsEmpty, Is.True);
            Assert.That(_buffer.Length, Is.Zero);
            Assert.That(_buffer.PeekHead().IsEmpty, Is.True);
            Assert.That(_buffer.OverflowCapacity, Is.Zero);
        });
    }

    [Test]
    public void Write_FitsInFirstChunk_PeekHeadReturnsIt()
    {
        _buffer.Write("+OK\r\n"u8);
        Assert.Multiple(() =>
        {
            Assert.That(_buffer.PeekHead().ToArray(), Is.EqualTo("+OK\r\n"u8.ToArray()));
            Assert.That(_buffer.Length, Is.EqualTo(5));
            Assert.That(_buffer.OverflowCapacity, Is.Zero);
        });
    }

    [Test]
    public void Write_ExactlyOneChunk_StaysInTheFirstChunk()
    {
        _buffer.Write(TestBytes.Pattern(ReplyBuffer.ChunkSize));
        Assert.That(_buffer.OverflowCapacity, Is.Zero);
    }

    [Test]
    public void GetSpan_LargerThanAChunkOnAnEmptyBuffer_PeekHeadReturnsTheBytes()
    {
        // A first reply larger than a chunk (an error quoting a 70 KB argument) once left an empty head chunk:
        // PeekHead returned nothing while the bytes waited, and the connection never sent them.
        TestBytes.Pattern(70_000).CopyTo(_buffer.GetSpan(70_000));
        _buffer.Advance(70_000);
        Assert.That(_buffer.PeekHead().ToArray(), Is.EqualTo(TestBytes.Pattern(70_000)));
    }

    [Test]
    public void Write_LargerThanFirstChunk_PeekHeadReturnsTheFirstChunkOnly()
    {
        _buffer.Write(TestBytes.Pattern(20_000));
        Assert.Multiple(() =>
        {
            Assert.That(_buffer.PeekHead().Length, Is.EqualTo(ReplyBuffer.ChunkSize));
            Assert.That(_buffer.Length, Is.EqualTo(20_000));
            Assert.That(_buffer.OverflowCapacity, Is.GreaterThanOrEqualTo(20_000 - ReplyBuffer.ChunkSize));
        });
    }

    [Test]
    public void Consume_PartOfTheHead_PeekHeadStartsAfterIt()
    {
        byte[] data = TestBytes.Pattern(1000);
        _buffer.Write(data);
        _buffer.Consume(100);
        Assert.Multiple(() =>
        {
            Assert.That(_buffer.PeekHead().ToArray(), Is.EqualTo(data[100..]));
            Assert.That(_buffer.Length, Is.EqualTo(900));
        });
    }

    [Test]
    public void Consume_TheWholeHeadChunk_MovesToTheNextChunk()
    {
        byte[] data = TestBytes.Pattern(20_000);
        _buffer.Write(data);
        _buffer.Consume(ReplyBuffer.ChunkSize);
        Assert.That(_buffer.PeekHead().ToArray(), Is.EqualTo(data[ReplyBuffer.ChunkSize..]));
    }

    [Test]
    public void Consume_HeadChunkInTwoParts_MovesToTheNextChunk()
    {
        byte[] data = TestBytes.Pattern(20_000);
        _buffer.Write(data);
        _buffer.Consume(10_000);
        _buffer.Consume(ReplyBuffer.ChunkSize - 10_000);
        Assert.Multiple(() =>
        {
            Assert.That(_buffer.PeekHead().ToArray(), Is.EqualTo(data[ReplyBuffer.ChunkSize..]));
            Assert.That(_buffer.Length, Is.EqualTo(20_000 - ReplyBuffer.ChunkSize));
        });
    }

    [Test]
    public void Consume_PastTheEndOfTheHeadChunk_ContinuesInsideTheNextChunk()
    {
        // Regression: the part of the count beyond the head chunk used to be dropped.
        byte[] data = TestBytes.Pattern(40_000);
        _buffer.Write(data);
        _buffer.Consume(20_000);
        Assert.Multiple(() =>
        {
            Assert.That(_buffer.PeekHead().ToArray(), Is.EqualTo(data[20_000..]));
            Assert.That(_buffer.Length, Is.EqualTo(20_000));
        });
    }

    [Test]
    public void Consume_Everything_EmptiesAndReleasesOverflow()
    {
        _buffer.Write(TestBytes.Pattern(100_000));
        Drain(_buffer, 100_000);
        Assert.Multiple(() =>
        {
            Assert.That(_buffer.IsEmpty, Is.True);
            Assert.That(_buffer.OverflowCapacity, Is.Zero);
            Assert.That(_buffer.PeekHead().IsEmpty, Is.True);
        });
    }

    [TestCase(1)]        // a socket that takes one byte at a time
    [TestCase(7)]        // odd partial writes that straddle chunk ends
    [TestCase(10_000)]
    [TestCase(65_536)]
    public void Drain_WithPartialWrites_GivesEveryByteInOrder(int sendSize)
    {
        // Ten 64 KB values need more chunks than the buffer's initial chunk table holds.
        byte[] data = TestBytes.Pattern(10 * 64 * 1024 + 123);
        _buffer.Write(data);
        Assert.That(Drain(_buffer, sendSize), Is.EqualTo(data));
    }

    [Test]
    public void Drain_InterleavedWithWrites_GivesEveryByteInOrder()
    {
        byte[] first = TestBytes.Pattern(30_000), second = TestBytes.Pattern(50_000);
        _buffer.Write(first);
        byte[] sent = _buffer.PeekHead()[..5_000].ToArray();
        _buffer.Consume(5_000);
        _buffer.Write(second);
        byte[] all = [.. sent, .. Drain(_buffer, 3_000)];
        Assert.That(all, Is.EqualTo((byte[])[.. first, .. second]));
    }

    [Test]
    public void ToArray_AfterPartialConsumeAcrossChunks_GivesTheUnsentBytes()
    {
        byte[] data = TestBytes.Pattern(40_000);
        _buffer.Write(data);
        _buffer.Consume(20_000);
        Assert.That(_buffer.ToArray(), Is.EqualTo(data[20_000..]));
    }

    [Test]
    public void ToArray_DoesNotConsume()
    {
        _buffer.Write("abc"u8);
        _buffer.ToArray();
        Assert.That(_buffer.Length, Is.EqualTo(3));
    }

    [Test]
    public void Clear_WithOverflowChunks_ReturnsToTheFirstChunk()
    {
        _buffer.Write(TestBytes.Pattern(100_000));
        _buffer.Clear();
        _buffer.Write(TestBytes.Pattern(ReplyBuffer.ChunkSize)); // fits the first chunk again, so no overflow is taken
        Assert.Multiple(() =>
        {
            Assert.That(_buffer.OverflowCapacity, Is.Zero);
            Assert.That(_buffer.Length, Is.EqualTo(ReplyBuffer.ChunkSize));
            Assert.That(_buffer.PeekHead().ToArray(), Is.EqualTo(TestBytes.Pattern(ReplyBuffer.ChunkSize)));
        });
    }

    [Test]
    public void Clear_AfterPartialConsume_ResetsTheHeadOffset()
    {
        _buffer.Write("abcdef"u8);
        _buffer.Consume(2);
        _buffer.Clear();
        _buffer.Write("xy"u8);
        Assert.That(_buffer.PeekHead().ToArray(), Is.EqualTo("xy"u8.ToArray()));
    }

    [Test]
    public void GetSpan_LargerThanTheFreeSpace_StartsANewChunkWithoutAGap()
    {
        byte[] filler = TestBytes.Pattern(ReplyBuffer.ChunkSize - 3);
        _buffer.Write(filler);
        Span<byte> span = _buffer.GetSpan(10);
        "0123456789"u8.CopyTo(span);
        _buffer.Advance(10);
        Assert.Multiple(() =>
        {
            Assert.That(_buffer.PeekHead().Length, Is.EqualTo(filler.Length));
            Assert.That(_buffer.ToArray(), Is.EqualTo([.. filler, .. "0123456789"u8]));
        });
    }

    [Test]
    public void GetSpan_LargerThanAChunk_ReturnsEnoughSpace()
    {
        Span<byte> span = _buffer.GetSpan(100_000);
        Assert.That(span.Length, Is.GreaterThanOrEqualTo(100_000));
    }

    [Test]
    public void GetMemory_ThenAdvance_AppendsTheBytes()
    {
        _buffer.Write("ab"u8);
        "cd"u8.CopyTo(_buffer.GetMemory(2).Span);
        _buffer.Advance(2);
        Assert.That(_buffer.ToArray(), Is.EqualTo("abcd"u8.ToArray()));
    }

    /// <summary>Sends everything from the head in writes of at most <paramref name="sendSize"/> bytes.</summary>
    private static byte[] Drain(ReplyBuffer buffer, int sendSize)
    {
        var sent = new List<byte>();
        while (!buffer.IsEmpty)
        {
            ReadOnlySpan<byte> head = buffer.PeekHead();
            if (head.IsEmpty)
            {
                Assert.Fail("a non-empty buffer offered no bytes");
            }
            int n = Math.Min(sendSize, head.Length);
            sent.AddRange(head[..n]);
            buffer.Consume(n);
        }
        return [.. sent];
    }

    [Test]
    public void Truncate_WithinFirstChunk_KeepsTheBytesBeforeTheMark()
    {
        _buffer.Write("+OK\r\n"u8);
        _buffer.Write(":1\r\n"u8);
        _buffer.Truncate(5);
        Assert.That(_buffer.ToArray(), Is.EqualTo("+OK\r\n"u8.ToArray()));
    }

    [Test]
    public void Truncate_ToZero_EmptiesTheBuffer()
    {
        _buffer.Write(TestBytes.Pattern(40_000));
        _buffer.Truncate(0);
        Assert.Multiple(() =>
        {
            Assert.That(_buffer.IsEmpty, Is.True);
            Assert.That(_buffer.OverflowCapacity, Is.Zero);
        });
    }

    [Test]
    public void Truncate_AcrossOverflowChunks_ReleasesThemAndKeepsThePrefix()
    {
        byte[] kept = TestBytes.Pattern(ReplyBuffer.ChunkSize - 3);
        _buffer.Write(kept);
        _buffer.Write(TestBytes.Pattern(100_000));
        _buffer.Truncate(kept.Length);
        Assert.Multiple(() =>
        {
            Assert.That(_buffer.ToArray(), Is.EqualTo(kept));
            Assert.That(_buffer.OverflowCapacity, Is.Zero);
        });
    }

    [Test]
    public void Truncate_AfterPartialConsume_CountsFromTheUnsentBytes()
    {
        _buffer.Write("+OK\r\n+QUEUED\r\n"u8);
        _buffer.Consume(5);
        _buffer.Write(":1\r\n"u8);
        _buffer.Truncate(9);
        Assert.That(_buffer.ToArray(), Is.EqualTo("+QUEUED\r\n"u8.ToArray()));
    }

    [Test]
    public void Truncate_ThenWrite_AppendsAfterTheMark()
    {
        _buffer.Write(TestBytes.Pattern(ReplyBuffer.ChunkSize));
        _buffer.Write(TestBytes.Pattern(10));
        _buffer.Truncate(ReplyBuffer.ChunkSize);
        _buffer.Write("+OK\r\n"u8);
        Assert.That(_buffer.ToArray()[ReplyBuffer.ChunkSize..], Is.EqualTo("+OK\r\n"u8.ToArray()));
    }

    // PeekSegments (writevToClient's iovecs): one segment per chunk from the unsent head, in order, whole chunks up to
    // the byte budget (the head always), at most the count asked for.
    [Test]
    public void PeekSegments_AfterPartialConsume_CoversTheUnsentBytesInOrder()
    {
        byte[] data = [.. Enumerable.Range(0, 3 * ReplyBuffer.ChunkSize + 100).Select(i => (byte)(i * 7))];
        foreach (byte[] piece in data.Chunk(1000))
        {
            piece.CopyTo(_buffer.GetSpan(piece.Length));
            _buffer.Advance(piece.Length);
        }
        _buffer.Consume(123);
        var segments = new List<ArraySegment<byte>>();

        int all = _buffer.PeekSegments(segments, 8, int.MaxValue);
        byte[] gathered = [.. segments.SelectMany(segment => segment)];
        int headOnly = _buffer.PeekSegments(segments, 8, 1);
        int headCount = segments.Count;
        int two = _buffer.PeekSegments(segments, 2, int.MaxValue);

        Assert.Multiple(() =>
        {
            Assert.That((_buffer.SpansChunks, all, gathered), Is.EqualTo((true, data.Length - 123, data[123..])));
            Assert.That((headOnly, headCount), Is.EqualTo((_buffer.PeekHead().Length, 1)));
            Assert.That((segments.Count, two), Is.EqualTo((2, segments[0].Count + segments[1].Count)));
        });
    }
}
