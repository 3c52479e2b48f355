using System.Buffers;

namespace Reactor.MiniRedis.Protocol;

/// <summary>
/// The free list behind <see cref="ReplyBuffer"/>'s overflow chunks: standard-size chunks (16 KB) go back on a
/// stack and are handed out again, so a server whose clients keep getting replies bigger than the first chunk
/// (LRANGE of 600 elements, pipelined 16 deep, is 87 KB per client) reuses the same chunks instead of allocating.
/// </summary>
/// <remarks>
/// ArrayPool&lt;byte&gt;.Shared keeps only a few dozen arrays per size per core, fewer than 50 busy clients hold at
/// once, so under that load most returns were dropped and most rents allocated (tens of MB per second of 16 KB
/// arrays, and with them gen1 and gen2 collections). The stack keeps up to <see cref="MaxRetained"/> chunks
/// (4 MB), until <see cref="Clear"/> lets them go; chunks of other sizes (a reply that asked for a bigger span)
/// still come from and go to the shared pool.
/// Every connection of every server in the process shares it; a lock keeps it safe, uncontended on the loop.
/// </remarks>
internal static class ReplyChunkPool
{
    /// <summary>The most chunks kept for reuse; more are left to the GC.</summary>
    internal const int MaxRetained = 256;

    private static readonly Lock s_lock = new();
    private static readonly byte[][] s_free = new byte[MaxRetained][];
    private static int s_count;

    /// <summary>A chunk of at least <paramref name="size"/> bytes (at least <see cref="ReplyBuffer.ChunkSize"/>).</summary>
    internal static byte[] Rent(int size)
    {
        if (size > ReplyBuffer.ChunkSize)
        {
            return ArrayPool<byte>.Shared.Rent(size);
        }
        lock (s_lock)
        {
            if (s_count > 0)
            {
                byte[] chunk = s_free[--s_count];
                s_free[s_count] = null!;
                return chunk;
            }
        }
        return new byte[ReplyBuffer.ChunkSize];
    }

    /// <summary>Takes back a chunk from <see cref="Rent"/> once nothing in it is needed any more.</summary>
    internal static void Return(byte[] chunk)
    {
        if (chunk.Length != ReplyBuffer.ChunkSize)
        {
            ArrayPool<byte>.Shared.Return(chunk);
            return;
        }
        lock (s_lock)
        {
            if (s_count < MaxRetained)
            {
                s_free[s_count++] = chunk;
            }
        }
    }

    /// <summary>Drops every retained chunk, for the garbage collector to take (an idle server giving memory back).</summary>
    internal static void Clear()
    {
        lock (s_lock)
        {
            Array.Clear(s_free, 0, s_count);
            s_count = 0;
        }
    }

    /// <summary>Chunks waiting for reuse (tests).</summary>
    internal static int Count
    {
        get
        {
            lock (s_lock)
            {
                return s_count;
            }
        }
    }
}
