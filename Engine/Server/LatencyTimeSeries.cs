namespace Reactor.MiniRedis.Engine.Server;

/// <summary>
/// One latency event's samples (struct latencyTimeSeries in redis/redis src/latency.h): a ring of the last
/// <see cref="Length"/> samples, at most one per second, and the highest latency ever added.
/// </summary>
public sealed class LatencyTimeSeries
{
    /// <summary>LATENCY_TS_LEN: the samples kept per event.</summary>
    public const int Length = 160;

    private readonly long[] _times = new long[Length];
    private readonly long[] _latencies = new long[Length];

    /// <summary>The slot the next sample goes to (idx).</summary>
    public int Index { get; private set; }

    /// <summary>The highest latency ever added, in milliseconds (max).</summary>
    public long Max { get; private set; }

    /// <summary>The unix time of the sample in <paramref name="slot"/>, 0 for a slot never used.</summary>
    public long TimeAt(int slot) => _times[slot];

    /// <summary>The latency of the sample in <paramref name="slot"/>, in milliseconds.</summary>
    public long LatencyAt(int slot) => _latencies[slot];

    /// <summary>The slot of the newest sample.</summary>
    public int LastSlot => (Index + Length - 1) % Length;

    /*
     * latencyAddSample once the series exists: the all-time max is kept; a sample in the same second as the previous
     * one only raises that one; otherwise it takes the next slot, overwriting the oldest once the ring is full.
     */
    public void Add(long unixSeconds, long milliseconds)
    {
        if (milliseconds > Max)
        {
            Max = milliseconds;
        }
        int previous = LastSlot;
        if (_times[previous] == unixSeconds)
        {
            if (milliseconds > _latencies[previous])
            {
                _latencies[previous] = milliseconds;
            }
            return;
        }
        _times[Index] = unixSeconds;
        _latencies[Index] = milliseconds;
        Index = (Index + 1) % Length;
    }
}
