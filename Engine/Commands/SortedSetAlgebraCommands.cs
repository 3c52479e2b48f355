using System.Runtime.InteropServices;
using Reactor.MiniRedis.Protocol;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Engine.Commands;

/// <summary>
/// Union, intersection and difference of sorted sets: ZUNION, ZINTER, ZDIFF, their STORE forms and ZINTERCARD,
/// one implementation as zunionInterDiffGenericCommand in redis/redis src/t_zset.c. Plain sets are accepted as
/// inputs, every member scoring 1; missing keys are empty sets.
/// </summary>
public static class SortedSetAlgebraCommands
{
    private const int MaxIntegerLength = 20;

    private static readonly Comparison<Element> s_byScoreThenMember = static (a, b) =>
        a.Score < b.Score ? -1 : a.Score > b.Score ? 1 : a.Member.AsSpan().SequenceCompareTo(b.Member);

    private static readonly Comparison<Source> s_byCardinality = static (a, b) =>
        a.Count != b.Count ? a.Count.CompareTo(b.Count) : a.Position.CompareTo(b.Position);

    private enum SetOperation
    {
        Union,
        Inter,
        Diff,
    }

    // REDIS_AGGR_*: how the scores of a member found in several inputs combine.
    private enum Aggregate
    {
        Sum,
        Min,
        Max,
    }

    /// <summary>ZUNION numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE SUM | MIN | MAX] [WITHSCORES]</summary>
    public static void ZUnion(CommandContext ctx) => ZSetOperationGeneric(ctx, numKeysIndex: 1, SetOperation.Union, cardinalityOnly: false);

    /// <summary>ZINTER numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE SUM | MIN | MAX] [WITHSCORES]</summary>
    public static void ZInter(CommandContext ctx) => ZSetOperationGeneric(ctx, numKeysIndex: 1, SetOperation.Inter, cardinalityOnly: false);

    /// <summary>ZDIFF numkeys key [key ...] [WITHSCORES]</summary>
    public static void ZDiff(CommandContext ctx) => ZSetOperationGeneric(ctx, numKeysIndex: 1, SetOperation.Diff, cardinalityOnly: false);

    /// <summary>ZUNIONSTORE destination numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE SUM | MIN | MAX]</summary>
    public static void ZUnionStore(CommandContext ctx) => ZSetOperationGeneric(ctx, numKeysIndex: 2, SetOperation.Union, cardinalityOnly: false);

    /// <summary>ZINTERSTORE destination numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE SUM | MIN | MAX]</summary>
    public static void ZInterStore(CommandContext ctx) => ZSetOperationGeneric(ctx, numKeysIndex: 2, SetOperation.Inter, cardinalityOnly: false);

    /// <summary>ZDIFFSTORE destination numkeys key [key ...]</summary>
    public static void ZDiffStore(CommandContext ctx) => ZSetOperationGeneric(ctx, numKeysIndex: 2, SetOperation.Diff, cardinalityOnly: false);

    /// <summary>ZINTERCARD numkeys key [key ...] [LIMIT limit]</summary>
    public static void ZInterCard(CommandContext ctx) => ZSetOperationGeneric(ctx, numKeysIndex: 1, SetOperation.Inter, cardinalityOnly: true);

    /// <summary>
    /// zunionInterDiffGenericCommand. In Redis's order: numkeys (an integer, at least 1: <c>at least 1 input key is
    /// needed for '...' command</c>, then no more than the arguments left: a syntax error), the keys (looked up for
    /// reading; a key that is neither a sorted set nor a set is WRONGTYPE before any option is read), then the
    /// options: WEIGHTS (one float per key, <c>weight value is not a float</c>) and AGGREGATE for union and
    /// intersection, WITHSCORES for the replying forms, LIMIT (not negative, 0 = none) for ZINTERCARD; each may
    /// repeat, the last one counting. The STORE forms (numkeys at argument 2) replace their destination with the
    /// result, or delete it when the result is empty.
    /// </summary>
    private static void ZSetOperationGeneric(CommandContext ctx, int numKeysIndex, SetOperation operation, bool cardinalityOnly)
    {
        bool store = numKeysIndex == 2;
        if (!ctx.TryGetInt64(numKeysIndex, out long numKeys))
        {
            return;
        }
        if (numKeys < 1)
        {
            ctx.Error(ErrorText.AtLeastOneInputKey(ctx.Command.Name));
            return;
        }
        if (numKeys > ctx.ArgCount - (numKeysIndex + 1))
        {
            ctx.SyntaxError();
            return;
        }
        var sources = new Source[numKeys];
        int j = numKeysIndex + 1;
        for (int i = 0; i < sources.Length; i++, j++)
        {
            RedisObject? value = ctx.LookupRead(ctx.Arg(j));
            if (value is not (null or RedisSortedSet or RedisSet))
            {
                ctx.WrongType();
                return;
            }
            sources[i] = new Source(value, i);
        }

        var aggregate = Aggregate.Sum;
        bool withScores = false;
        long limit = 0;
        bool weighted = operation != SetOperation.Diff && !cardinalityOnly;
        while (j < ctx.ArgCount)
        {
            int remaining = ctx.ArgCount - j;
            if (weighted && remaining >= sources.Length + 1 && ctx.ArgIs(j, "weights"u8))
            {
                j++;
                for (int i = 0; i < sources.Length; i++, j++)
                {
                    if (!NumericText.TryParseDouble(ctx.Arg(j), out sources[i].Weight))
                    {
                        ctx.Error(ErrorText.WeightNotFloat);
                        return;
                    }
                }
            }
            else if (weighted && remaining >= 2 && ctx.ArgIs(j, "aggregate"u8))
            {
                if (!TryParseAggregate(ctx, j + 1, out aggregate))
                {
                    ctx.SyntaxError();
                    return;
                }
                j += 2;
            }
            else if (!store && !cardinalityOnly && ctx.ArgIs(j, "withscores"u8))
            {
                withScores = true;
                j++;
            }
            else if (cardinalityOnly && remaining >= 2 && ctx.ArgIs(j, "limit"u8))
            {
                if (!NumericText.TryParseInt64(ctx.Arg(j + 1), out limit) || limit < 0)
                {
                    ctx.Error(ErrorText.LimitNegative);
                    return;
                }
                j += 2;
            }
            else
            {
                ctx.SyntaxError();
                return;
            }
        }

        if (operation != SetOperation.Diff)
        {
            // Smallest first, as Redis's qsort by cardinality (stable here: equal sizes keep the key order).
            Array.Sort(sources, s_byCardinality);
        }
        if (cardinalityOnly)
        {
            ctx.Reply.WriteInteger(InterCard(sources, limit));
            return;
        }
        List<Element> result = operation switch
        {
            SetOperation.Union => Union(sources, aggregate),
            SetOperation.Inter => Inter(sources, aggregate),
            _ => Diff(sources),
        };
        Span<Element> elements = CollectionsMarshal.AsSpan(result);
        elements.Sort(s_byScoreThenMember);
        if (store)
        {
            ReadOnlySpan<byte> evt = operation switch
            {
                SetOperation.Union => "zunionstore"u8,
                SetOperation.Inter => "zinterstore"u8,
                _ => "zdiffstore"u8,
            };
            SortedSetCommands.StoreResult(ctx, ctx.Arg(1), ToSortedSet(ctx.Db.EncodingLimits, elements), evt);
            return;
        }
        SortedSetReply.WriteElementsHeader(ctx, elements.Length, withScores);
        foreach (Element element in elements)
        {
            SortedSetReply.WriteElement(ctx, element.Member, element.Score, withScores);
        }
    }

    /// <summary>
    /// The union step of zunionInterDiffGenericCommand: every member of every input (smallest first), its score
    /// times the input's weight (NaN, from 0 × inf, counts as 0), combined with the scores it already has.
    /// </summary>
    private static List<Element> Union(Source[] sources, Aggregate aggregate)
    {
        var accumulator = new Dictionary<byte[], double>(KeyComparer.Instance);
        Dictionary<byte[], double>.AlternateLookup<ReadOnlySpan<byte>> members = accumulator.GetAlternateLookup<ReadOnlySpan<byte>>();
        Span<byte> scratch = stackalloc byte[MaxIntegerLength];
        foreach (Source source in sources)
        {
            var cursor = new SourceCursor(source.Value, scratch);
            while (cursor.TryNext(out ReadOnlySpan<byte> member, out double score))
            {
                score = WeightedScore(source.Weight, score);
                ref double total = ref CollectionsMarshal.GetValueRefOrAddDefault(members, member, out bool exists);
                if (exists)
                {
                    Combine(ref total, score, aggregate);
                }
                else
                {
                    total = score;
                }
            }
        }
        var elements = new List<Element>(accumulator.Count);
        foreach ((byte[] member, double score) in accumulator)
        {
            elements.Add(new Element(member, score));
        }
        return elements;
    }

    /// <summary>
    /// The intersection step: walks the smallest input and keeps the members every other input holds, combining
    /// the weighted scores in input order (smallest first), as Redis does.
    /// </summary>
    private static List<Element> Inter(Source[] sources, Aggregate aggregate)
    {
        var elements = new List<Element>();
        Span<byte> scratch = stackalloc byte[MaxIntegerLength];
        var cursor = new SourceCursor(sources[0].Value, scratch);
        while (cursor.TryNext(out ReadOnlySpan<byte> member, out double score))
        {
            if (TryIntersect(sources, member, score, aggregate, out double total))
            {
                elements.Add(new Element(member.ToArray(), total));
            }
        }
        return elements;
    }

    /// <summary>ZINTERCARD: counts the intersection without building it, stopping at <paramref name="limit"/> (0 = no limit).</summary>
    private static long InterCard(Source[] sources, long limit)
    {
        long cardinality = 0;
        Span<byte> scratch = stackalloc byte[MaxIntegerLength];
        var cursor = new SourceCursor(sources[0].Value, scratch);
        while (cursor.TryNext(out ReadOnlySpan<byte> member, out double score))
        {
            if (TryIntersect(sources, member, score, Aggregate.Sum, out _) && ++cardinality == limit)
            {
                break;
            }
        }
        return cardinality;
    }

    // Whether every input after the first holds member, and the combined score when they do.
    private static bool TryIntersect(Source[] sources, ReadOnlySpan<byte> member, double score, Aggregate aggregate, out double total)
    {
        total = WeightedScore(sources[0].Weight, score);
        for (int i = 1; i < sources.Length; i++)
        {
            if (!TryFind(sources[i].Value, member, out double other))
            {
                return false;
            }
            Combine(ref total, other * sources[i].Weight, aggregate);
        }
        return true;
    }

    /// <summary>
    /// The difference (zdiffAlgorithm1's result): the members of the first input that no other input holds, with
    /// their own scores. Weights do not apply.
    /// </summary>
    private static List<Element> Diff(Source[] sources)
    {
        var elements = new List<Element>();
        Span<byte> scratch = stackalloc byte[MaxIntegerLength];
        var cursor = new SourceCursor(sources[0].Value, scratch);
        while (cursor.TryNext(out ReadOnlySpan<byte> member, out double score))
        {
            bool elsewhere = false;
            for (int i = 1; i < sources.Length && !elsewhere; i++)
            {
                elsewhere = ReferenceEquals(sources[i].Value, sources[0].Value) || TryFind(sources[i].Value, member, out _);
            }
            if (!elsewhere)
            {
                elements.Add(new Element(member.ToArray(), score));
            }
        }
        return elements;
    }

    // zuiFind: the score of member in an input; members of a plain set score 1.
    private static bool TryFind(RedisObject? value, ReadOnlySpan<byte> member, out double score)
    {
        switch (value)
        {
            case RedisSortedSet zset:
                return zset.TryGetScore(member, out score);
            case RedisSet set when set.Contains(member):
                score = 1;
                return true;
            default:
                score = 0;
                return false;
        }
    }

    // The initial score of an element: weight × score, with Redis's rule that NaN (0 × inf) becomes 0.
    private static double WeightedScore(double weight, double score)
    {
        double weighted = weight * score;
        return double.IsNaN(weighted) ? 0 : weighted;
    }

    // zunionInterAggregate: a sum of inf and -inf is 0; MIN and MAX ignore a NaN operand as C's comparisons do.
    private static void Combine(ref double target, double value, Aggregate aggregate)
    {
        switch (aggregate)
        {
            case Aggregate.Sum:
                target += value;
                if (double.IsNaN(target))
                {
                    target = 0;
                }
                break;
            case Aggregate.Min:
                target = value < target ? value : target;
                break;
            default:
                target = value > target ? value : target;
                break;
        }
    }

    // AGGREGATE's argument, any case.
    private static bool TryParseAggregate(CommandContext ctx, int index, out Aggregate aggregate)
    {
        aggregate = Aggregate.Sum;
        if (ctx.ArgIs(index, "sum"u8))
        {
            return true;
        }
        if (ctx.ArgIs(index, "min"u8))
        {
            aggregate = Aggregate.Min;
            return true;
        }
        if (ctx.ArgIs(index, "max"u8))
        {
            aggregate = Aggregate.Max;
            return true;
        }
        return false;
    }

    /// <summary>
    /// The destination of a STORE form: null when empty (the destination is deleted), else a set holding the sorted
    /// <paramref name="elements"/>, encoded as Redis's zsetConvertToListpackIfNeeded leaves it.
    /// </summary>
    private static RedisSortedSet? ToSortedSet(EncodingLimits limits, ReadOnlySpan<Element> elements)
    {
        if (elements.IsEmpty)
        {
            return null;
        }
        int longest = 0;
        foreach (Element element in elements)
        {
            longest = Math.Max(longest, element.Member.Length);
        }
        RedisSortedSet zset = RedisSortedSet.CreateForElements(limits, elements.Length, longest);
        foreach (Element element in elements)
        {
            zset.AddNew(element.Score, element.Member);
        }
        return zset;
    }

    // One member of a result, owning its bytes.
    private readonly record struct Element(byte[] Member, double Score);

    // zsetopsrc: one input key (null when missing), its weight (1 unless WEIGHTS) and its position among the keys.
    private struct Source(RedisObject? value, int position)
    {
        public readonly RedisObject? Value = value;
        public readonly int Position = position;
        public double Weight = 1;

        public readonly int Count => Value switch
        {
            RedisSortedSet zset => zset.Count,
            RedisSet set => set.Count,
            _ => 0,
        };
    }

    /// <summary>
    /// zuiInitIterator / zuiNext: walks one input. A sorted set is walked from its highest score down, as Redis
    /// does; a set in its own order, each member scoring 1, an intset's integers formatted into the scratch buffer.
    /// </summary>
    private ref struct SourceCursor(RedisObject? value, Span<byte> scratch)
    {
        private readonly Span<byte> _scratch = scratch;
        private SkipListNode _node = value is RedisSortedSet zset ? zset.Last : default;
        private int _position;

        public bool TryNext(out ReadOnlySpan<byte> member, out double score)
        {
            if (_node.Exists)
            {
                SkipListNode node = _node;
                member = node.Member;
                score = node.Score;
                _node = node.Previous;
                return true;
            }
            if (value is RedisSet set && _position < set.Count)
            {
                member = set.MemberAt(_position++).GetBytes(_scratch);
                score = 1;
                return true;
            }
            member = default;
            score = 0;
            return false;
        }
    }
}
