using Reactor.MiniRedis.Protocol;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Engine.Networking;

/// <summary>
/// redis/redis src/memory_prefetch.c for one client's pipeline: before a batch of pipelined requests runs, the keys
/// they name are looked up ahead in three passes that only prefetch (every key's bucket, then every bucket's first
/// entry, then the value object or long string that entry refers to), so the cache misses of the whole batch overlap
/// instead of each request waiting for its own, one after the other. On a keyspace bigger than the caches (<c>redis-benchmark -r 1000000 -P 16</c>) those misses are most
/// of a GET's or a SET's time. Redis 8 does this across the batch its I/O threads read; our one loop does it per read
/// of a client. It changes nothing the commands see: a prefetch is only a hint, and a wrong guess (a request whose
/// second argument is not a key, a SELECT in the pipeline) costs a hash and a few wasted loads.
/// </summary>
internal static class MemoryPrefetch
{
    /// <summary>Requests looked at per batch: enough misses in flight to fill the CPU's miss buffers.</summary>
    private const int BatchSize = 16;

    /// <summary>Longer requests (MSET with many pairs, for one) are not worth parsing twice.</summary>
    private const int MaxArguments = 16;

    /// <summary>
    /// Prefetches the keys of the complete requests at the start of <paramref name="input"/>, up to
    /// <see cref="BatchSize"/> of them, when there are at least two and <paramref name="db"/> is too big for the
    /// caches. A request repeating the previous one's key (SADD myset ... in a pipeline) is not looked up again.
    /// Returns how many bytes of requests it covered (0 when it did nothing), so that the caller can prefetch the
    /// next batch when it gets there.
    /// </summary>
    public static int PrefetchKeys(Database db, ReadOnlySpan<byte> input)
    {
        if (!db.WorthPrefetching)
        {
            return 0;
        }
        Span<uint> hashes = stackalloc uint[BatchSize];
        int count = 0;
        int requests = 0;
        int offset = 0;
        ReadOnlySpan<byte> previous = default;
        while (requests < BatchSize && RequestDecoder.TryPeekKey(input[offset..], MaxArguments, out int length, out int keyStart, out int keyLength))
        {
            ReadOnlySpan<byte> key = input.Slice(offset + keyStart, keyLength);
            offset += length;
            if (++requests == 1 && offset == input.Length)
            {
                return 0; // a single request: nothing to overlap its misses with
            }
            if (count == 0 || !key.SequenceEqual(previous))
            {
                hashes[count++] = db.PrefetchBuckets(key);
                previous = key;
            }
        }
        foreach (uint hash in hashes[..count])
        {
            db.PrefetchEntries(hash);
        }
        foreach (uint hash in hashes[..count])
        {
            db.PrefetchValue(hash);
        }
        return offset;
    }
}
