using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Reactor.MiniRedis.Storage;

/// <summary>
/// Software prefetch (redis/redis src/memory_prefetch.c uses the compiler's redis_prefetch_read): asks the CPU to
/// start loading a cache line that will be read soon, without waiting for it. Several prefetches issued together
/// are loaded in parallel, where the reads that follow would each have waited for their own miss.
/// </summary>
internal static class CacheLine
{
    /// <summary>
    /// Starts loading the cache line holding <paramref name="location"/> into every cache level; a no-op on CPUs
    /// without a prefetch instruction .NET exposes. The address is taken without pinning: should the collector move
    /// the array in between, the prefetch only loads a line nobody reads, which a prefetch may always do.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Prefetch<T>(ref readonly T location)
    {
        if (Sse.IsSupported)
        {
            Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.AsRef(in location)));
        }
    }

    /// <summary>Starts loading the cache line at <paramref name="address"/> (an object's, taken a moment ago); nothing for 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Prefetch(nint address)
    {
        if (Sse.IsSupported && address != 0)
        {
            Sse.Prefetch0((void*)address);
        }
    }

    /// <summary>
    /// Prefetches the lines of <paramref name="location"/>'s first and last byte: all of it for a struct that spans
    /// at most two lines (one of up to 65 bytes, or of up to 72 at an 8-byte boundary, such as a keyspace entry).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void PrefetchStruct<T>(ref readonly T location) where T : struct
    {
        Prefetch(in location);
        Prefetch(in Unsafe.Add(ref Unsafe.As<T, byte>(ref Unsafe.AsRef(in location)), Unsafe.SizeOf<T>() - 1));
    }
}
