using System.Numerics;

namespace Reactor.MiniRedis.Engine.Server;

/// <summary>
/// One command's latency histogram (the latency_histogram of struct redisCommand): an HDR histogram of durations in
/// nanoseconds from 1 ns to 1 s with 2 significant figures, the configuration Redis gives hdr_init
/// (LATENCY_HISTOGRAM_MIN_VALUE, LATENCY_HISTOGRAM_MAX_VALUE, LATENCY_HISTOGRAM_PRECISION in redis/redis src/server.h).
/// The counts are laid out exactly as in hdr_histogram.c (redis/redis deps/hdr_histogram): 256 sub-buckets, of which
/// every bucket after the first uses the upper half, so a value is found with one leading-zero count and two shifts,
/// and percentiles and the log-scaled buckets of LATENCY HISTOGRAM come out as Redis computes them.
/// Recording allocates nothing; the counts (24 KB) are allocated with the histogram, on a command's first call.
/// </summary>
public sealed class LatencyHistogram
{
    /// <summary>LATENCY_HISTOGRAM_MIN_VALUE: the lowest value tracked (shorter durations count as 1 ns).</summary>
    public const long LowestValue = 1;

    /// <summary>LATENCY_HISTOGRAM_MAX_VALUE: the highest value tracked, 1 s in nanoseconds (longer ones count as 1 s).</summary>
    public const long HighestValue = 1_000_000_000;

    // hdr_calculate_bucket_config for (1, 10^9, 2): 2 * 10^2 values need single-unit resolution, so 256 sub-buckets
    // (magnitude 8, half count 128), unit magnitude 0, and 23 buckets to reach 10^9.
    private const int SubBucketHalfCountMagnitude = 7;
    private const int SubBucketCount = 1 << (SubBucketHalfCountMagnitude + 1);
    private const int SubBucketHalfCount = SubBucketCount / 2;
    private const long SubBucketMask = SubBucketCount - 1;
    private const int BucketCount = 23;

    /// <summary>counts_len: (bucket_count + 1) * sub_bucket_half_count.</summary>
    internal const int CountsLength = (BucketCount + 1) * SubBucketHalfCount;

    private readonly long[] _counts = new long[CountsLength];

    /// <summary>total_count: the values recorded (LATENCY HISTOGRAM's "calls").</summary>
    public long TotalCount { get; private set; }

    /// <summary>
    /// hdr_record_value after updateCommandLatencyHistogram's clamping: counts <paramref name="nanoseconds"/>, raised
    /// to 1 ns or lowered to 1 s when outside the tracked range.
    /// </summary>
    public void Record(long nanoseconds)
    {
        long value = Math.Clamp(nanoseconds, LowestValue, HighestValue);
        _counts[CountsIndexFor(value)]++;
        TotalCount++;
    }

    /// <summary>hdr_reset: forgets every value.</summary>
    public void Reset()
    {
        Array.Clear(_counts);
        TotalCount = 0;
    }

    /*
     * hdr_value_at_percentile of the hdr_histogram Redis 7.0.15 ships: walks the counts until the count at the
     * percentile (at least 1, rounded half up) is reached and returns the highest value equivalent to where it
     * stopped, or the lowest one for the 0th percentile. INFO latencystats prints it divided by 1000.
     */
    public long ValueAtPercentile(double percentile)
    {
        double requested = percentile < 100.0 ? percentile : 100.0;
        long countAtPercentile = Math.Max(1, (long)((requested / 100 * TotalCount) + 0.5));
        countAtPercentile = Math.Min(countAtPercentile, TotalCount);
        long countToIndex = 0;
        long valueFromIndex = 0;
        int subBucketIndex = -1;
        int bucketIndex = 0;
        int bucketBaseIndex = BucketBaseIndex(bucketIndex);
        while (countToIndex < countAtPercentile)
        {
            subBucketIndex++;
            if (subBucketIndex >= SubBucketCount)
            {
                subBucketIndex = SubBucketHalfCount;
                bucketIndex++;
                bucketBaseIndex = BucketBaseIndex(bucketIndex);
            }
            countToIndex += _counts[bucketBaseIndex + subBucketIndex - SubBucketHalfCount];
            valueFromIndex = (long)subBucketIndex << bucketIndex;
        }
        return percentile == 0.0 ? LowestEquivalentValue(valueFromIndex) : HighestEquivalentValue(valueFromIndex);
    }

    /*
     * hdr_iter_log_init(histogram, 1024, 2) walked to the end, as fillCommandCDF does: for each reporting level
     * (1024 ns, 2048 ns, 4096 ns, ...) the iterator stops at the first recorded-or-not count index whose value reaches
     * the level, and reports that index's highest equivalent value and the count of every value up to it. Returns the
     * (highest equivalent value, cumulative count) pairs in order, including those that add nothing (the caller skips
     * them, as fillCommandCDF does).
     */
    public List<(long HighestEquivalentValue, long CumulativeCount)> LogBuckets(long firstBucketUnits, int logBase)
    {
        var buckets = new List<(long, long)>();
        long nextLevel = firstBucketUnits;
        long nextLevelLowestEquivalent = LowestEquivalentValue(nextLevel);
        int countsIndex = -1;
        long cumulative = 0;
        long value = 0, highestEquivalent = 0;
        while (cumulative < TotalCount || (countsIndex < CountsLength && ValueAtIndex(countsIndex + 1) > nextLevelLowestEquivalent))
        {
            while (true)
            {
                if (value >= nextLevelLowestEquivalent)
                {
                    nextLevel *= logBase;
                    nextLevelLowestEquivalent = LowestEquivalentValue(nextLevel);
                    buckets.Add((highestEquivalent, cumulative));
                    break;
                }
                // move_next: past the last count the iteration step still reports (and stops at the next check).
                countsIndex++;
                if (countsIndex >= CountsLength)
                {
                    buckets.Add((highestEquivalent, cumulative));
                    break;
                }
                cumulative += _counts[countsIndex];
                value = ValueAtIndex(countsIndex);
                highestEquivalent = HighestEquivalentValue(value);
            }
        }
        return buckets;
    }

    // counts_index_for: the bucket is the power of two above the value (at least the sub-bucket range), the
    // sub-bucket the value's top bits within it.
    private static int CountsIndexFor(long value)
    {
        int bucketIndex = BucketIndex(value);
        int subBucketIndex = (int)(value >> bucketIndex);
        return BucketBaseIndex(bucketIndex) + subBucketIndex - SubBucketHalfCount;
    }

    // get_bucket_index with unit magnitude 0.
    private static int BucketIndex(long value) =>
        64 - BitOperations.LeadingZeroCount((ulong)(value | SubBucketMask)) - (SubBucketHalfCountMagnitude + 1);

    // get_bucket_base_index: (bucket_index + 1) * sub_bucket_half_count.
    private static int BucketBaseIndex(int bucketIndex) => (bucketIndex + 1) << SubBucketHalfCountMagnitude;

    // hdr_value_at_index: the lowest value counted at a count index.
    internal static long ValueAtIndex(int index)
    {
        int bucketIndex = (index >> SubBucketHalfCountMagnitude) - 1;
        int subBucketIndex = (index & (SubBucketHalfCount - 1)) + SubBucketHalfCount;
        if (bucketIndex < 0)
        {
            subBucketIndex -= SubBucketHalfCount;
            bucketIndex = 0;
        }
        return (long)subBucketIndex << bucketIndex;
    }

    // lowest_equivalent_value: the value with the sub-bucket's bits only.
    internal static long LowestEquivalentValue(long value)
    {
        int bucketIndex = BucketIndex(value);
        return (value >> bucketIndex) << bucketIndex;
    }

    // highest_equivalent_value: hdr_next_non_equivalent_value - 1.
    internal static long HighestEquivalentValue(long value)
    {
        int bucketIndex = BucketIndex(value);
        int subBucketIndex = (int)(value >> bucketIndex);
        int adjustedBucket = subBucketIndex >= SubBucketCount ? bucketIndex + 1 : bucketIndex;
        return LowestEquivalentValue(value) + (1L << adjustedBucket) - 1;
    }
}
