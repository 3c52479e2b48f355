namespace Reactor.MiniRedis.Storage;

/// <summary>
/// A score interval with optionally exclusive ends: zrangespec in redis/redis src/server.h, what ZRANGEBYSCORE,
/// ZCOUNT and ZREMRANGEBYSCORE parse from <c>(1 5</c> or <c>-inf +inf</c>.
/// </summary>
public readonly record struct ScoreRange(double Min, double Max, bool MinExclusive = false, bool MaxExclusive = false)
{
    /// <summary>zslValueGteMin: <paramref name="value"/> is at or past the lower end.</summary>
    public bool IsAboveMin(double value) => MinExclusive ? value > Min : value >= Min;

    /// <summary>zslValueLteMax: <paramref name="value"/> is at or before the upper end.</summary>
    public bool IsBelowMax(double value) => MaxExclusive ? value < Max : value <= Max;

    /// <summary>True when no value can be inside (min above max, or equal ends with one excluded).</summary>
    public bool IsEmpty => Min > Max || (Min == Max && (MinExclusive || MaxExclusive));
}
