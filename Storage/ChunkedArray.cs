using System.Runtime.CompilerServices;

namespace Reactor.MiniRedis.Storage;

/// <summary>
/// A growable array of <typeparamref name="T"/> addressed by an int index that never moves: one array that doubles
/// while it is small, then fixed chunks of <see cref="ChunkSize"/> elements added one at a time. The skip list keeps
/// its nodes and their levels in two of these (see <see cref="SkipList"/>), so a sorted set of any size is a handful
/// of big arrays instead of an object per element.
/// </summary>
/// <remarks>
/// <para><b>Why chunks past the threshold are large objects.</b> A chunk of 8,192 elements of 16 bytes or more is at
/// least 128 KB, over the 85,000-byte large-object threshold, so it is born in the old generation and a young collection never
/// copies it: the keyspace's <see cref="KeyTable{TValue}"/> chunks do the same, for the same measured reason (a
/// young collection promoting small chunks one by one was the last stall of a growing keyspace). Growth never copies
/// a full chunk; only the first array is copied while it doubles up to one chunk.</para>
/// <para>A mutable struct: keep it in a field and call it through that field, never through a copy.</para>
/// </remarks>
internal struct ChunkedArray<T>
{
    /// <summary>Elements per chunk (2^13): 128 KB of the skip list's 16-byte levels, 320 KB of its 40-byte node slots.</summary>
    public const int ChunkSize = 1 << ChunkShift;

    private const int ChunkShift = 13;
    private const int ChunkMask = ChunkSize - 1;

    private T[][] _chunks;

    /// <summary>An array of <paramref name="initialCapacity"/> elements (at most one chunk), grown by <see cref="EnsureCapacity"/>.</summary>
    public ChunkedArray(int initialCapacity)
    {
        _chunks = [new T[Math.Min(initialCapacity, ChunkSize)]];
        Capacity = _chunks[0].Length;
    }

    /// <summary>How many elements are addressable: indexes 0 to Capacity - 1.</summary>
    public int Capacity { get; private set; }

    /// <summary>Bytes the arrays take, with the chunk directory (for memory checks in tests).</summary>
    internal readonly long AllocatedBytes =>
        MemoryAccounting.Array(_chunks.Length, MemoryAccounting.Reference)
        + _chunks.Sum(chunk => MemoryAccounting.Array(chunk.Length, Unsafe.SizeOf<T>()));

    /// <summary>The element at <paramref name="index"/> (below <see cref="Capacity"/>).</summary>
    public readonly ref T this[int index]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => ref _chunks[index >> ChunkShift][index & ChunkMask];
    }

    /// <summary>
    /// Whether <paramref name="start"/> and <paramref name="start"/> + <paramref name="count"/> - 1 fall in the same
    /// chunk, so a run of elements can be read from one chunk without crossing into the next.
    /// </summary>
    public static bool InOneChunk(int start, int count) => start >> ChunkShift == (start + count - 1) >> ChunkShift;

    /// <summary>The first index of the chunk after the one holding <paramref name="index"/>.</summary>
    public static int NextChunkStart(int index) => ((index >> ChunkShift) + 1) << ChunkShift;

    /// <summary>Makes indexes up to <paramref name="capacity"/> - 1 addressable; existing elements keep their index.</summary>
    public void EnsureCapacity(int capacity)
    {
        if (capacity <= Capacity)
        {
            return;
        }
        if (_chunks.Length == 1 && Capacity < ChunkSize)
        {
            // The first array doubles up to a whole chunk (a small sorted set stays small).
            int grown = Math.Min(ChunkSize, Math.Max(capacity, 2 * Capacity));
            Array.Resize(ref _chunks[0], grown);
            Capacity = grown;
            if (capacity <= Capacity)
            {
                return;
            }
        }
        // The directory grows by the chunks needed (a few hundred references for the biggest sets; copying it is
        // nothing next to filling a chunk).
        int chunks = (capacity + ChunkMask) >> ChunkShift;
        int old = _chunks.Length;
        Array.Resize(ref _chunks, chunks);
        for (int i = old; i < chunks; i++)
        {
            _chunks[i] = new T[ChunkSize];
        }
        Capacity = chunks << ChunkShift;
    }
}
