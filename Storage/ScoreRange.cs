namespace Reactor.MiniRedis.Storage;

/// <summary>
/// A score interval with optionally exclusive ends: zrangespec in redis/redis src/server.h, what ZRANGEBYSCORE,
/// ZCOUNT and ZREMRANGEBYSCORE parse from <c>(1 5</c> or <c>-inf +inf</c>.
/// </summary>
public readonly record struct ScoreRange(double Min, double Max, bool MinExclusive = false, bool MaxExclusive = false)
    : ISortedSetRange
{
    /// <summary>zslValueGteMin: <paramref name="value"/> is at or past the lower end.</summary>
    public bool IsAboveMin(double value) => MinExclusive ? value > Min : value >= Min;

    /// <summary>zslValueLteMax: <paramref name="value"/> is at or before the upper end.</summary>
    public bool IsBelowMax(double value) => MaxExclusive ? value < Max : value <= Max;

    /// <inheritdoc />
    public bool IsAboveMin(SkipListNode node) => IsAboveMin(node.Score);

    /// <inheritdoc />
    public bool IsBelowMax(SkipListNode node) => IsBelowMax(node.Score);

    /// <inheritdoc />
    public bool FollowsListOrder => true;

    /// <inheritdoc />
    public bool ByScore => true;

    /// <inheritdoc />
    public bool IsScoreAboveMin(double score) => IsAboveMin(score);

    /// <inheritdoc />
    public bool IsScoreBelowMax(double score) => IsBelowMax(score);

    /// <summary>True when no value can be inside (min above max, or equal ends with one excluded).</summary>
    public bool IsEmpty => Min > Max || (Min == Max && (MinExclusive || MaxExclusive));

    /// <summary>
    /// zslParseRange: reads <paramref name="min"/> and <paramref name="max"/>, each a number as strtod reads it
    /// (<see cref="NumericText.TryParseStrtod"/>: so <c>inf</c>, <c>0x10</c>, <c> 1</c> and even an empty text, 0,
    /// are accepted), optionally after a <c>(</c> that makes that end exclusive. False when either is not a number
    /// or is NaN; the caller replies <c>-ERR min or max is not a float</c>.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> min, ReadOnlySpan<byte> max, out ScoreRange range)
    {
        if (TryParseBound(min, out double minValue, out bool minExclusive) &&
            TryParseBound(max, out double maxValue, out bool maxExclusive))
        {
            range = new ScoreRange(minValue, maxValue, minExclusive, maxExclusive);
            return true;
        }
        range = default;
        return false;
    }

    private static bool TryParseBound(ReadOnlySpan<byte> text, out double value, out bool exclusive)
    {
        exclusive = !text.IsEmpty && text[0] == (byte)'(';
        return NumericText.TryParseStrtod(exclusive ? text[1..] : text, out value);
    }
}
