using System.Buffers;

namespace Reactor.MiniRedis.Protocol;

/// <summary>
/// A connection's pending reply bytes: a fixed first chunk plus overflow chunks from <see cref="ReplyChunkPool"/>,
/// the <c>buf</c> and reply list of Redis's client (redis/redis src/networking.c). Writers append at the tail;
/// the socket side sends from the head. It grows without bound; the connection enforces the output-buffer limit.
/// </summary>
public sealed class ReplyBuffer : IBufferWriter<byte>
{
    /// <summary>PROTO_REPLY_CHUNK_BYTES in redis/redis src/server.h.</summary>
    public const int ChunkSize = 16 * 1024;

    private readonly byte[] _first;
    private byte[][] _chunks;
    private int[] _usedLengths; // bytes written into each chunk but the tail, recorded when the next one was added
    private int _chunkCount;   // chunks in use; _chunks[0] is the head
    private int _headOffset;   // bytes of the head chunk already sent
    private int _tailLength;   // bytes written into the last chunk
    private long _length;      // unsent bytes in all chunks

    /// <summary>Creates an empty buffer whose first chunk is owned for the buffer's lifetime.</summary>
    public ReplyBuffer(int firstChunkSize = ChunkSize)
    {
        _first = new byte[firstChunkSize];
        _chunks = new byte[4][];
        _usedLengths = new int[4];
        _chunks[0] = _first;
        _chunkCount = 1;
    }

    /// <summary>Bytes written and not yet sent.</summary>
    public long Length => _length;

    /// <summary>
    /// Lets go of the overflow chunks kept for reuse by every buffer in the process (up to 4 MB after a burst of big
    /// replies), so a compacting collection can return them to the system. Buffers allocate new ones when needed.
    /// </summary>
    public static void ReleasePooledChunks() => ReplyChunkPool.Clear();

    /// <summary>
    /// Called after a chunk is added beyond the first, where Redis's reply list grows (_addReplyProtoToList): the
    /// connection checks its output-buffer limit there. It must not change the buffer.
    /// </summary>
    public Action? ChunkAdded { get; set; }

    /// <summary>True when nothing is waiting to be sent.</summary>
    public bool IsEmpty => _length == 0;

    /// <summary>Bytes held in overflow chunks beyond the first, for output-buffer accounting.</summary>
    public long OverflowCapacity
    {
        get
        {
            long total = 0;
            for (int i = 0; i < _chunkCount; i++)
            {
                if (!ReferenceEquals(_chunks[i], _first))
                {
                    total += _chunks[i].Length;
                }
            }
            return total;
        }
    }

    /// <inheritdoc />
    public Span<byte> GetSpan(int sizeHint = 0)
    {
        if (sizeHint < 1)
        {
            sizeHint = 1;
        }
        byte[] tail = _chunks[_chunkCount - 1];
        if (tail.Length - _tailLength < sizeHint)
        {
            tail = AddChunk(sizeHint);
        }
        return tail.AsSpan(_tailLength);
    }

    /// <inheritdoc />
    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        GetSpan(sizeHint);
        return _chunks[_chunkCount - 1].AsMemory(_tailLength);
    }

    /// <inheritdoc />
    public void Advance(int count)
    {
        _tailLength += count;
        _length += count;
    }

    /// <summary>Appends bytes, spilling across chunks so a large value never needs one large chunk.</summary>
    public void Write(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            byte[] tail = _chunks[_chunkCount - 1];
            int free = tail.Length - _tailLength;
            if (free == 0)
            {
                tail = AddChunk(Math.Min(data.Length, 64 * 1024));
                free = tail.Length - _tailLength;
            }
            int n = Math.Min(free, data.Length);
            data[..n].CopyTo(tail.AsSpan(_tailLength));
            _tailLength += n;
            _length += n;
            data = data[n..];
        }
    }

    /// <summary>The unsent bytes of the head chunk: what the next socket write should try to send.</summary>
    public ReadOnlySpan<byte> PeekHead()
    {
        int end = _chunkCount == 1 ? _tailLength : HeadUsedLength();
        return _chunks[0].AsSpan(_headOffset, end - _headOffset);
    }

    /// <summary>True when the unsent bytes span more than one chunk (<see cref="PeekSegments"/> has more than <see cref="PeekHead"/>).</summary>
    public bool SpansChunks => _chunkCount > 1;

    /// <summary>
    /// The unsent bytes as one segment per chunk, head first, for a gathering write (writevToClient): at most
    /// <paramref name="maxSegments"/> segments and about <paramref name="maxBytes"/> bytes (whole chunks; the first
    /// always). <paramref name="segments"/> is cleared first. Returns the bytes the segments hold.
    /// </summary>
    public int PeekSegments(List<ArraySegment<byte>> segments, int maxSegments, int maxBytes)
    {
        segments.Clear();
        int total = 0;
        for (int i = 0; i < _chunkCount && segments.Count < maxSegments && (i == 0 || total < maxBytes); i++)
        {
            int start = i == 0 ? _headOffset : 0;
            int length = UsedLength(i) - start;
            segments.Add(new ArraySegment<byte>(_chunks[i], start, length));
            total += length;
        }
        return total;
    }

    /// <summary>Marks <paramref name="count"/> bytes from the head as sent, releasing chunks that are done.</summary>
    public void Consume(int count)
    {
        _length -= count;
        _headOffset += count;
        if (_length == 0)
        {
            Clear();
            return;
        }
        // A count may reach past the head chunk: whatever is left over is an offset into the next one.
        while (_chunkCount > 1 && _headOffset >= HeadUsedLength())
        {
            _headOffset -= HeadUsedLength();
            ReleaseChunk(_chunks[0]);
            Array.Copy(_chunks, 1, _chunks, 0, _chunkCount - 1);
            Array.Copy(_usedLengths, 1, _usedLengths, 0, _chunkCount - 1);
            _chunks[--_chunkCount] = null!;
        }
    }

    /// <summary>Drops everything unsent and returns overflow chunks to the pool.</summary>
    public void Clear()
    {
        for (int i = 0; i < _chunkCount; i++)
        {
            ReleaseChunk(_chunks[i]);
            _chunks[i] = null!;
        }
        _chunks[0] = _first;
        _chunkCount = 1;
        _headOffset = 0;
        _tailLength = 0;
        _length = 0;
    }

    /// <summary>
    /// Drops the bytes written after the first <paramref name="length"/> unsent ones, releasing emptied overflow
    /// chunks: how a reply the client asked not to get (CLIENT REPLY OFF / SKIP) is taken back. Only bytes written
    /// since <see cref="Length"/> was <paramref name="length"/>, with nothing consumed in between, may be dropped.
    /// </summary>
    public void Truncate(long length)
    {
        long excess = _length - length;
        if (excess <= 0)
        {
            return;
        }
        if (length == 0)
        {
            Clear();
            return;
        }
        while (excess > 0)
        {
            int inTail = _tailLength - (_chunkCount == 1 ? _headOffset : 0);
            if (excess < inTail)
            {
                _tailLength -= (int)excess;
                _length -= excess;
                return;
            }
            // The whole tail chunk goes; the one before it becomes the tail (length > 0 keeps one chunk).
            _length -= inTail;
            excess -= inTail;
            ReleaseChunk(_chunks[_chunkCount - 1]);
            _chunks[--_chunkCount] = null!;
            _tailLength = _usedLengths[_chunkCount - 1];
        }
    }

    /// <summary>Copies all unsent bytes into one array (tests and diagnostics only).</summary>
    public byte[] ToArray()
    {
        var result = new byte[_length];
        int written = 0;
        for (int i = 0; i < _chunkCount; i++)
        {
            int start = i == 0 ? _headOffset : 0;
            int end = i == _chunkCount - 1 ? _tailLength : UsedLength(i);
            _chunks[i].AsSpan(start, end - start).CopyTo(result.AsSpan(written));
            written += end - start;
        }
        return result;
    }

    private int HeadUsedLength() => UsedLength(0);

    private int UsedLength(int index) => index == _chunkCount - 1 ? _tailLength : _usedLengths[index];

    private byte[] AddChunk(int sizeHint)
    {
        byte[] chunk;
        if (_tailLength == 0)
        {
            // Nothing was written into the tail: replace it rather than leave an empty chunk behind it. An empty
            // head would give PeekHead nothing to send while bytes wait (a reply larger than a chunk, as the first
            // reply, would never be written).
            ReleaseChunk(_chunks[_chunkCount - 1]);
            chunk = ReplyChunkPool.Rent(sizeHint);
            _chunks[_chunkCount - 1] = chunk;
            return chunk;
        }
        if (_chunkCount == _chunks.Length)
        {
            Array.Resize(ref _chunks, _chunks.Length * 2);
            Array.Resize(ref _usedLengths, _chunks.Length);
        }
        _usedLengths[_chunkCount - 1] = _tailLength;
        chunk = ReplyChunkPool.Rent(sizeHint);
        _chunks[_chunkCount++] = chunk;
        _tailLength = 0;
        ChunkAdded?.Invoke();
        return chunk;
    }

    private void ReleaseChunk(byte[] chunk)
    {
        if (!ReferenceEquals(chunk, _first))
        {
            ReplyChunkPool.Return(chunk);
        }
    }
}
