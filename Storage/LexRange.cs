namespace Reactor.MiniRedis.Storage;

/// <summary>
/// An interval of member bytes: zlexrangespec in redis/redis src/server.h, what ZRANGEBYLEX, ZLEXCOUNT and
/// ZREMRANGEBYLEX parse from <c>[a (c</c> or <c>- +</c>. Members compare as memcmp with the shorter first on a tie
/// (sdscmp); <c>-</c> and <c>+</c> stand below and above every member (shared.minstring and shared.maxstring).
/// The bounds are slices of the request, so the range lives only as long as the command's arguments.
/// </summary>
public readonly ref struct LexRange : ISortedSetRange
{
    private readonly ReadOnlySpan<byte> _min;
    private readonly ReadOnlySpan<byte> _max;
    private readonly Bound _minKind;
    private readonly Bound _maxKind;

    private LexRange(ReadOnlySpan<byte> min, Bound minKind, bool minExclusive, ReadOnlySpan<byte> max, Bound maxKind, bool maxExclusive)
    {
        _min = min;
        _max = max;
        _minKind = minKind;
        _maxKind = maxKind;
        MinExclusive = minExclusive;
        MaxExclusive = maxExclusive;
    }

    // What a bound is: a member (after '[' or '('), or one of the two sentinels.
    private enum Bound : byte
    {
        Member,
        MinString,
        MaxString,
    }

    /// <summary>True when the lower end is excluded ('(' prefix, or a sentinel).</summary>
    public bool MinExclusive { get; }

    /// <summary>True when the upper end is excluded ('(' prefix, or a sentinel).</summary>
    public bool MaxExclusive { get; }

    /// <inheritdoc />
    public bool FollowsListOrder => false;

    /// <summary>zslIsInLexRange's first test: min after max, or equal ends with one excluded.</summary>
    public bool IsEmpty
    {
        get
        {
            int cmp = CompareBounds(_min, _minKind, _max, _maxKind);
            return cmp > 0 || (cmp == 0 && (MinExclusive || MaxExclusive));
        }
    }

    /// <summary>
    /// zslParseLexRange: each bound is <c>-</c>, <c>+</c>, or a member after <c>[</c> (inclusive) or <c>(</c>
    /// (exclusive), possibly empty. False for anything else (an empty text, <c>a</c>, <c>-a</c>); the caller replies
    /// <c>-ERR min or max not valid string range item</c>.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> min, ReadOnlySpan<byte> max, out LexRange range)
    {
        if (TryParseItem(min, out ReadOnlySpan<byte> minValue, out Bound minKind, out bool minExclusive) &&
            TryParseItem(max, out ReadOnlySpan<byte> maxValue, out Bound maxKind, out bool maxExclusive))
        {
            range = new LexRange(minValue, minKind, minExclusive, maxValue, maxKind, maxExclusive);
            return true;
        }
        range = default;
        return false;
    }

    /// <summary>zslLexValueGteMin: <paramref name="member"/> is at or past the lower end.</summary>
    public bool IsAboveMin(ReadOnlySpan<byte> member)
    {
        int cmp = CompareMember(member, _min, _minKind);
        return MinExclusive ? cmp > 0 : cmp >= 0;
    }

    /// <summary>zslLexValueLteMax: <paramref name="member"/> is at or before the upper end.</summary>
    public bool IsBelowMax(ReadOnlySpan<byte> member)
    {
        int cmp = CompareMember(member, _max, _maxKind);
        return MaxExclusive ? cmp < 0 : cmp <= 0;
    }

    /// <inheritdoc />
    public bool ByScore => false;

    /// <inheritdoc />
    bool ISortedSetRange.IsScoreAboveMin(double score) => throw new NotSupportedException("A lex range compares members, not scores.");

    /// <inheritdoc />
    bool ISortedSetRange.IsScoreBelowMax(double score) => throw new NotSupportedException("A lex range compares members, not scores.");

    /// <inheritdoc />
    public bool IsAboveMin(SkipListNode node) => IsAboveMin(node.Member);

    /// <inheritdoc />
    public bool IsBelowMax(SkipListNode node) => IsBelowMax(node.Member);

    // zslParseLexRangeItem.
    private static bool TryParseItem(ReadOnlySpan<byte> text, out ReadOnlySpan<byte> value, out Bound kind, out bool exclusive)
    {
        value = default;
        kind = Bound.Member;
        exclusive = true;
        if (text.IsEmpty)
        {
            return false;
        }
        switch (text[0])
        {
            case (byte)'+' when text.Length == 1:
                kind = Bound.MaxString;
                return true;
            case (byte)'-' when text.Length == 1:
                kind = Bound.MinString;
                return true;
            case (byte)'(':
                value = text[1..];
                return true;
            case (byte)'[':
                value = text[1..];
                exclusive = false;
                return true;
            default:
                return false;
        }
    }

    // sdscmplex with a real member on the left.
    private static int CompareMember(ReadOnlySpan<byte> member, ReadOnlySpan<byte> bound, Bound kind) => kind switch
    {
        Bound.MinString => 1,
        Bound.MaxString => -1,
        _ => member.SequenceCompareTo(bound),
    };

    // sdscmplex of two bounds: a sentinel equals only itself.
    private static int CompareBounds(ReadOnlySpan<byte> a, Bound aKind, ReadOnlySpan<byte> b, Bound bKind)
    {
        if (aKind != Bound.Member && aKind == bKind)
        {
            return 0;
        }
        if (aKind == Bound.MinString || bKind == Bound.MaxString)
        {
            return -1;
        }
        if (aKind == Bound.MaxString || bKind == Bound.MinString)
        {
            return 1;
        }
        return a.SequenceCompareTo(b);
    }
}
