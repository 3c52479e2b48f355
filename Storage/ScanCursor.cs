using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Reactor.MiniRedis.Storage;

/*
 * The SCAN cursor of dictScan (redis/redis src/dict.c), shared by every hash table that SCAN, SSCAN, HSCAN and
 * ZSCAN walk: the keyspace's KeyTable and the collections' DenseDictionary.
 *
 * The cursor is a bucket index whose bits are incremented from the most significant end: for a table of size 8
 * (mask 0b111) the visit order is 000, 100, 010, 110, 001, 101, 011, 111, and the returned cursor is 0 when every
 * bucket has been visited.
 *
 * Why an element present for the whole iteration is returned at least once although the table may be resized
 * between calls: with power-of-two sizes, bucket b of a table of size N holds exactly the hashes whose low log2(N)
 * bits are b. In a table of size 2N, those hashes live in buckets b and b + N, which share the same low bits; in a
 * table of size N/2, they live in bucket b & (N/2 - 1). A reverse-binary cursor increments the HIGH bits first, so
 * all buckets sharing the low bits of the cursor are visited together, one after another, before the low bits
 * change. After growing from N to 2N, the cursor's low log2(N) bits name a bucket of the small table; every bucket
 * of the small table below it in reverse-binary order was visited, and so were the bucket pairs they expanded to, so
 * the walk just continues in the bigger table with nothing skipped and nothing visited twice. After shrinking, the
 * cursor's low bits name a bucket that merges several old buckets; those old buckets already visited may be
 * visited again (duplicates are allowed), but none is skipped. Redis's proof is in the comment above dictScan.
 *
 * What the guarantee needs from a table, and all it needs: an element's bucket depends only on its hash and the
 * table size (a power of two), never on when it was added or where it is stored. Elements may move in memory
 * (DenseDictionary moves its last entry into a removed one's place) and chains may be reordered between calls.
 */

/// <summary>The reverse-binary cursor arithmetic of dictScan (see the comment above for why it works).</summary>
internal static class ScanCursor
{
    /// <summary>
    /// The cursor after visiting bucket <c>cursor &amp; mask</c> of a table whose bucket mask is
    /// <paramref name="mask"/>: the bits above the mask are set so that incrementing the reversed cursor carries
    /// into the masked bits, then rev(rev(v) + 1). Returns 0 after the last bucket.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Next(ulong cursor, ulong mask) => ReverseBits(ReverseBits(cursor | ~mask) + 1);

    /// <summary>rev in dict.c: the bits of <paramref name="v"/> in reverse order.</summary>
    private static ulong ReverseBits(ulong v)
    {
        v = ((v >> 1) & 0x5555555555555555UL) | ((v & 0x5555555555555555UL) << 1);
        v = ((v >> 2) & 0x3333333333333333UL) | ((v & 0x3333333333333333UL) << 2);
        v = ((v >> 4) & 0x0F0F0F0F0F0F0F0FUL) | ((v & 0x0F0F0F0F0F0F0F0FUL) << 4);
        return BinaryPrimitives.ReverseEndianness(v);
    }
}
