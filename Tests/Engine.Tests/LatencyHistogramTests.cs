using Reactor.MiniRedis.Engine.Server;

namespace Reactor.MiniRedis.Engine.Tests;

/// <summary>
/// The HDR histogram against values worked out from hdr_histogram.c with Redis's configuration (1 ns to 1 s, 2
/// significant figures) and checked against redis-server 7.0.15's INFO latencystats and LATENCY HISTOGRAM.
/// </summary>
public sealed class LatencyHistogramTests
{
    private static LatencyHistogram Recorded(params long[] nanoseconds)
    {
        var histogram = new LatencyHistogram();
        foreach (long value in nanoseconds)
        {
            histogram.Record(value);
        }
        return histogram;
    }

    private static LatencyHistogram OneToHundredMicroseconds() =>
        Recorded([.. Enumerable.Range(1, 100).Select(us => us * 1000L)]);

    [Test]
    public void ValueAtPercentile_OneMicrosecond_RepliesHighestEquivalent1003() =>
        Assert.That(Recorded(1000).ValueAtPercentile(50), Is.EqualTo(1003)); // Redis: p50=1.003

    [Test]
    public void ValueAtPercentile_ZerothPercentile_RepliesLowestEquivalent()
    {
        LatencyHistogram histogram = Recorded(16000);
        Assert.That((histogram.ValueAtPercentile(0), histogram.ValueAtPercentile(50)), Is.EqualTo((16000L, 16063L))); // p0=16.000,p50=16.063
    }

    [Test]
    public void Record_Zero_CountsAsOneNanosecond() => Assert.That(Recorded(0).ValueAtPercentile(50), Is.EqualTo(1));

    [Test]
    public void Record_OverOneSecond_CountsAsOneSecond() =>
        Assert.That(Recorded(5_000_000_000).ValueAtPercentile(100), Is.EqualTo(1_002_438_655)); // 238 << 22, plus 2^22 - 1

    [TestCase(0.0, 1000)]
    [TestCase(50.0, 50175)]
    [TestCase(99.0, 99327)]
    [TestCase(99.9, 100351)]
    [TestCase(100.0, 100351)]
    [TestCase(150.0, 100351)]
    public void ValueAtPercentile_OneToHundredMicroseconds_RepliesBucketBound(double percentile, long expected) =>
        Assert.That(OneToHundredMicroseconds().ValueAtPercentile(percentile), Is.EqualTo(expected));

    [Test]
    public void TotalCount_CountsEveryRecord() => Assert.That(OneToHundredMicroseconds().TotalCount, Is.EqualTo(100));

    [Test]
    public void LogBuckets_OneToHundredMicroseconds_RepliesPowerOfTwoStepsWithCumulativeCounts()
    {
        var steps = OneToHundredMicroseconds().LogBuckets(1024, 2).Select(s => (s.HighestEquivalentValue / 1000, s.CumulativeCount));
        Assert.That(steps, Is.EqualTo(new (long, long)[] { (1, 1), (2, 2), (4, 4), (8, 8), (16, 16), (33, 33), (66, 66), (132, 100) }));
    }

    [Test]
    public void LogBuckets_OneValue_RepliesStepsUpToIt()
    {
        var steps = Recorded(16000).LogBuckets(1024, 2).Select(s => (s.HighestEquivalentValue / 1000, s.CumulativeCount));
        Assert.That(steps, Is.EqualTo(new (long, long)[] { (1, 0), (2, 0), (4, 0), (8, 0), (16, 1) }));
    }

    [Test]
    public void Reset_ForgetsEveryValue()
    {
        LatencyHistogram histogram = OneToHundredMicroseconds();
        histogram.Reset();
        Assert.That((histogram.TotalCount, histogram.LogBuckets(1024, 2).Count), Is.EqualTo((0L, 0)));
    }
}
