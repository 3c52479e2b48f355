using System.Text;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Storage.Tests;

public sealed class RedisSortedSetTests
{
    [Test]
    public void Add_NewMember_ReturnsAddedWithScore()
    {
        var zset = new RedisSortedSet(new EncodingLimits());
        Assert.Multiple(() =>
        {
            Assert.That(zset.Add(1.5, "a"u8, SortedSetAddFlags.None, out double score), Is.EqualTo(SortedSetAddResult.Added));
            Assert.That(score, Is.EqualTo(1.5));
            Assert.That(zset.Count, Is.EqualTo(1));
        });
    }

    [Test]
    public void Add_ExistingMemberNewScore_ReturnsUpdated()
    {
        var zset = With(("a", 1));
        Assert.Multiple(() =>
        {
            Assert.That(zset.Add(2, "a"u8, SortedSetAddFlags.None, out _), Is.EqualTo(SortedSetAddResult.Updated));
            Assert.That(Score(zset, "a"), Is.EqualTo(2));
        });
    }

    [Test]
    public void Add_ExistingMemberSameScore_ReturnsUnchanged() =>
        Assert.That(With(("a", 1)).Add(1, "a"u8, SortedSetAddFlags.None, out _), Is.EqualTo(SortedSetAddResult.Unchanged));

    [Test]
    public void Add_NaN_ReturnsNotANumber() =>
        Assert.That(new RedisSortedSet(new EncodingLimits()).Add(double.NaN, "a"u8, SortedSetAddFlags.None, out _), Is.EqualTo(SortedSetAddResult.NotANumber));

    [Test]
    public void Add_IncrementInfinityByMinusInfinity_ReturnsNotANumberAndKeepsScore()
    {
        var zset = With(("a", double.PositiveInfinity));
        Assert.Multiple(() =>
        {
            Assert.That(zset.Add(double.NegativeInfinity, "a"u8, SortedSetAddFlags.Increment, out _), Is.EqualTo(SortedSetAddResult.NotANumber));
            Assert.That(Score(zset, "a"), Is.EqualTo(double.PositiveInfinity));
        });
    }

    [Test]
    public void Add_Increment_AddsToCurrentScore()
    {
        var zset = With(("a", 1));
        zset.Add(2.5, "a"u8, SortedSetAddFlags.Increment, out double score);
        Assert.That(score, Is.EqualTo(3.5));
    }

    [Test]
    public void Add_OnlyNewOnExisting_IsSkipped() =>
        Assert.That(With(("a", 1)).Add(5, "a"u8, SortedSetAddFlags.OnlyNew, out _), Is.EqualTo(SortedSetAddResult.Skipped));

    [Test]
    public void Add_OnlyExistingOnNew_IsSkipped()
    {
        var zset = With(("a", 1));
        Assert.Multiple(() =>
        {
            Assert.That(zset.Add(5, "b"u8, SortedSetAddFlags.OnlyExisting, out _), Is.EqualTo(SortedSetAddResult.Skipped));
            Assert.That(zset.Count, Is.EqualTo(1));
        });
    }

    [TestCase(0.5, SortedSetAddResult.Skipped)]
    [TestCase(1.0, SortedSetAddResult.Skipped)]
    [TestCase(2.0, SortedSetAddResult.Updated)]
    public void Add_GreaterThan_UpdatesOnlyHigherScores(double score, SortedSetAddResult expected) =>
        Assert.That(With(("a", 1)).Add(score, "a"u8, SortedSetAddFlags.GreaterThan, out _), Is.EqualTo(expected));

    [TestCase(0.5, SortedSetAddResult.Updated)]
    [TestCase(1.0, SortedSetAddResult.Skipped)]
    [TestCase(2.0, SortedSetAddResult.Skipped)]
    public void Add_LessThan_UpdatesOnlyLowerScores(double score, SortedSetAddResult expected) =>
        Assert.That(With(("a", 1)).Add(score, "a"u8, SortedSetAddFlags.LessThan, out _), Is.EqualTo(expected));

    [Test]
    public void Add_GreaterThanOnNewMember_Adds() =>
        Assert.That(new RedisSortedSet(new EncodingLimits()).Add(1, "a"u8, SortedSetAddFlags.GreaterThan, out _), Is.EqualTo(SortedSetAddResult.Added));

    [Test]
    public void Encoding_Small_IsListpack() => Assert.That(With(("a", 1)).Encoding, Is.EqualTo("listpack"));

    [Test]
    public void Encoding_MemberLongerThan64Bytes_IsSkiplist()
    {
        var zset = new RedisSortedSet(new EncodingLimits());
        zset.Add(1, new byte[EncodingLimits.DefaultZsetMaxListpackValue + 1], SortedSetAddFlags.None, out _);
        Assert.That(zset.Encoding, Is.EqualTo("skiplist"));
    }

    [Test]
    public void Encoding_MoreThan128Members_IsSkiplistAndStaysSo()
    {
        var zset = new RedisSortedSet(new EncodingLimits());
        for (int i = 0; i <= EncodingLimits.DefaultZsetMaxListpackEntries; i++)
        {
            zset.Add(i, Encoding.ASCII.GetBytes($"m{i}"), SortedSetAddFlags.None, out _);
        }
        zset.Remove("m0"u8);
        Assert.That(zset.Encoding, Is.EqualTo("skiplist"));
    }

    [Test]
    public void Add_NegativeZeroWhileListpack_StoresZero()
    {
        var zset = new RedisSortedSet(new EncodingLimits());
        zset.Add(-0.0, "a"u8, SortedSetAddFlags.None, out double reported);
        Assert.Multiple(() =>
        {
            Assert.That(double.IsNegative(reported), Is.True);
            Assert.That(double.IsNegative(Score(zset, "a")), Is.False);
        });
    }

    [Test]
    public void Add_NegativeZeroWhileSkiplist_KeepsSign()
    {
        var zset = new RedisSortedSet(new EncodingLimits());
        zset.Add(1, new byte[EncodingLimits.DefaultZsetMaxListpackValue + 1], SortedSetAddFlags.None, out _);
        zset.Add(-0.0, "a"u8, SortedSetAddFlags.None, out _);
        Assert.That(double.IsNegative(Score(zset, "a")), Is.True);
    }

    [Test]
    public void GetRank_OrdersByScoreThenMember()
    {
        var zset = With(("b", 1), ("a", 1), ("c", 0));
        Assert.Multiple(() =>
        {
            Assert.That(zset.GetRank("c"u8), Is.EqualTo(0));
            Assert.That(zset.GetRank("a"u8), Is.EqualTo(1));
            Assert.That(zset.GetRank("b"u8), Is.EqualTo(2));
            Assert.That(zset.GetRank("x"u8), Is.EqualTo(-1));
        });
    }

    [Test]
    public void GetByRank_ReturnsElement() =>
        Assert.That(Encoding.ASCII.GetString(With(("a", 1), ("b", 2)).GetByRank(1)!.Member), Is.EqualTo("b"));

    [Test]
    public void Remove_Member_RemovesFromDictionaryAndOrder()
    {
        var zset = With(("a", 1), ("b", 2));
        Assert.Multiple(() =>
        {
            Assert.That(zset.Remove("a"u8), Is.True);
            Assert.That(zset.Remove("a"u8), Is.False);
            Assert.That(zset.TryGetScore("a"u8, out _), Is.False);
            Assert.That(Encoding.ASCII.GetString(zset.First!.Member), Is.EqualTo("b"));
        });
    }

    // ZPOPMIN: read First, reply, remove the node.
    [Test]
    public void RemoveNode_Lowest_RemovesItFromListAndDictionary()
    {
        var zset = With(("b", 2), ("a", 1));
        (string Member, double Score) popped = Pop(zset, highest: false);
        Assert.Multiple(() =>
        {
            Assert.That(popped, Is.EqualTo(("a", 1.0)));
            Assert.That(zset.Count, Is.EqualTo(1));
            Assert.That(zset.TryGetScore("a"u8, out _), Is.False);
            Assert.That(Name(zset.First), Is.EqualTo("b"));
        });
    }

    [Test]
    public void RemoveNode_Highest_RemovesMaximum()
    {
        var zset = With(("b", 2), ("a", 1), ("c", 3));
        Assert.That((Pop(zset, highest: true).Member, Name(zset.Last), zset.GetRank("a"u8)), Is.EqualTo(("c", "b", 0)));
    }

    // A member too long to keep inline is one array shared by the node and the dictionary: removing the node must
    // take it out of both.
    [Test]
    public void RemoveNode_LongMember_RemovesItFromBoth()
    {
        string longName = new('x', 40);
        var zset = With((longName, 1), ("a", 2));
        Assert.That((Pop(zset, highest: false).Member, zset.TryGetScore(Encoding.ASCII.GetBytes(longName), out _), zset.Count), Is.EqualTo((longName, false, 1)));
    }

    [Test]
    public void RankOf_Node_ReturnsZeroBasedRank()
    {
        RedisSortedSet zset = With(("a", 1), ("b", 2), ("c", 3));
        Assert.That(zset.RankOf(zset.Last!), Is.EqualTo(2));
    }

    [Test]
    public void CountInRange_ScoreRange_CountsElementsInside() =>
        Assert.That(With(("a", 1), ("b", 2), ("c", 3), ("d", 4)).CountInRange(new ScoreRange(1, 4, MinExclusive: true)), Is.EqualTo(3));

    [Test]
    public void CountInRange_NothingInside_ReturnsZero() =>
        Assert.That(With(("a", 1), ("b", 5)).CountInRange(new ScoreRange(2, 4)), Is.Zero);

    [Test]
    public void CountInRange_LexRange_CountsMembersInside() =>
        Assert.That(With(("a", 0), ("b", 0), ("c", 0)).CountInRange(Lex("(a", "+")), Is.EqualTo(2));

    [Test]
    public void GetRange_OffsetAndLimit_ReturnsWindowStart()
    {
        RedisSortedSet zset = With(("a", 1), ("b", 2), ("c", 3), ("d", 4), ("e", 5));
        int count = zset.GetRange(new ScoreRange(2, 5), reverse: false, offset: 1, limit: 2, out SkipListNode start);
        Assert.That((count, Name(start)), Is.EqualTo((2, "c")));
    }

    [Test]
    public void GetRange_Reverse_StartsFromHighestInside()
    {
        RedisSortedSet zset = With(("a", 1), ("b", 2), ("c", 3), ("d", 4), ("e", 5));
        int count = zset.GetRange(new ScoreRange(1, 4), reverse: true, offset: 1, limit: -1, out SkipListNode start);
        Assert.That((count, Name(start)), Is.EqualTo((3, "c")));
    }

    [TestCase(-1, 2)] // a negative offset selects nothing, as Redis's walk runs off the end
    [TestCase(3, 2)] // past the elements inside
    [TestCase(0, 0)] // a limit of 0
    public void GetRange_EmptyWindow_ReturnsZero(long offset, long limit) =>
        Assert.That(With(("a", 1), ("b", 2), ("c", 3)).GetRange(new ScoreRange(1, 3), false, offset, limit, out _), Is.Zero);

    [Test]
    public void RemoveRange_LexRange_RemovesMembersInside()
    {
        RedisSortedSet zset = With(("a", 0), ("b", 0), ("c", 0), ("d", 0));
        Assert.Multiple(() =>
        {
            Assert.That(zset.RemoveRange(Lex("[b", "[c")), Is.EqualTo(2));
            Assert.That(zset.TryGetScore("b"u8, out _), Is.False);
            Assert.That(zset.Count, Is.EqualTo(2));
        });
    }

    [Test]
    public void RemoveRangeByRank_ZeroBasedInclusive_RemovesThem()
    {
        RedisSortedSet zset = With(("a", 1), ("b", 2), ("c", 3), ("d", 4));
        Assert.Multiple(() =>
        {
            Assert.That(zset.RemoveRangeByRank(1, 2), Is.EqualTo(2));
            Assert.That(Name(zset.GetByRank(1)), Is.EqualTo("d"));
            Assert.That(zset.TryGetScore("c"u8, out _), Is.False);
        });
    }

    [Test]
    public void RandomElement_SingleElement_ReturnsIt() => Assert.That(Name(With(("a", 1)).RandomElement()), Is.EqualTo("a"));

    [Test]
    public void RandomElement_Empty_Throws() =>
        Assert.Throws<InvalidOperationException>(() => new RedisSortedSet(new EncodingLimits()).RandomElement());

    [TestCase(128, 64, "listpack")]
    [TestCase(129, 64, "skiplist")] // more than zset-max-listpack-entries
    [TestCase(3, 65, "skiplist")] // a member longer than zset-max-listpack-value
    public void CreateForElements_DecidesEncodingAsConvertToListpackIfNeeded(int count, int longest, string expected) =>
        Assert.That(RedisSortedSet.CreateForElements(new EncodingLimits(), count, longest).Encoding, Is.EqualTo(expected));

    [Test]
    public void AddNew_ListpackResult_StoresNegativeZeroAsZero()
    {
        RedisSortedSet zset = RedisSortedSet.CreateForElements(new EncodingLimits(), 1, 1);
        zset.AddNew(-0.0, "a"u8.ToArray());
        Assert.That(double.IsNegative(Score(zset, "a")), Is.False);
    }

    [Test]
    public void AddNew_SkiplistResult_KeepsNegativeZero()
    {
        RedisSortedSet zset = RedisSortedSet.CreateForElements(new EncodingLimits(), 200, 1);
        zset.AddNew(-0.0, "a"u8.ToArray());
        Assert.That(double.IsNegative(Score(zset, "a")), Is.True);
    }

    // Lex ranges over mixed scores are what Redis leaves undefined; a listpack answers them by scanning as Redis's does.
    [Test]
    public void CountInRange_ListpackWithMixedScores_CountsAsRedisScan()
    {
        RedisSortedSet zset = With(("c", 1), ("a", 2), ("b", 3));
        Assert.That(zset.CountInRange(Lex("[b", "+")), Is.EqualTo(3));
    }

    // Random elements with ties, in both encodings: score and lex windows and counts against a sorted list.
    [TestCase(128)]
    [TestCase(0)]
    public void RandomRanges_MatchSortedReferenceModel(int maxListpackEntries)
    {
        var random = new Random(5);
        var limits = new EncodingLimits { ZsetMaxListpackEntries = maxListpackEntries };
        var zset = new RedisSortedSet(limits);
        var lex = new RedisSortedSet(limits);
        var model = new List<(double Score, string Member)>();
        foreach (string member in Enumerable.Range(0, 100).Select(i => $"m{random.Next(1000):D3}").Distinct())
        {
            double score = random.Next(-10, 10);
            zset.Add(score, Encoding.ASCII.GetBytes(member), SortedSetAddFlags.None, out _);
            lex.Add(0, Encoding.ASCII.GetBytes(member), SortedSetAddFlags.None, out _);
            model.Add((score, member));
        }
        model.Sort((x, y) => x.Score != y.Score ? x.Score.CompareTo(y.Score) : string.CompareOrdinal(x.Member, y.Member));
        List<string> names = model.Select(e => e.Member).Order(StringComparer.Ordinal).ToList();
        for (int round = 0; round < 500; round++)
        {
            bool reverse = random.Next(2) == 0;
            long offset = random.Next(-1, 5), limit = random.Next(-1, 6);
            var scores = new ScoreRange(random.Next(-11, 11), random.Next(-11, 11), random.Next(2) == 0, random.Next(2) == 0);
            List<string> inside = model.Where(e => scores.IsAboveMin(e.Score) && scores.IsBelowMax(e.Score)).Select(e => e.Member).ToList();
            Assert.That(zset.CountInRange(scores), Is.EqualTo(inside.Count));
            Assert.That(Window(zset, scores, reverse, offset, limit), Is.EqualTo(Expected(inside, reverse, offset, limit)), $"{scores} {reverse} {offset} {limit}");

            string min = $"[m{random.Next(1000):D3}", max = random.Next(5) == 0 ? "+" : $"(m{random.Next(1000):D3}";
            LexRange members = Lex(min, max);
            inside = names.Where(n => string.CompareOrdinal(n, min[1..]) >= 0 && (max == "+" || string.CompareOrdinal(n, max[1..]) < 0)).ToList();
            Assert.That(lex.CountInRange(members), Is.EqualTo(inside.Count));
            Assert.That(Window(lex, members, reverse, offset, limit), Is.EqualTo(Expected(inside, reverse, offset, limit)), $"{min} {max} {reverse} {offset} {limit}");
        }
    }

    private static List<string> Window<TRange>(RedisSortedSet zset, in TRange range, bool reverse, long offset, long limit)
        where TRange : ISortedSetRange, allows ref struct
    {
        var result = new List<string>();
        int count = zset.GetRange(range, reverse, offset, limit, out SkipListNode node);
        for (int i = 0; i < count; i++, node = reverse ? node.Previous : node.Next)
        {
            result.Add(Name(node)!);
        }
        return result;
    }

    private static List<string> Expected(List<string> inside, bool reverse, long offset, long limit)
    {
        if (offset < 0)
        {
            return [];
        }
        IEnumerable<string> ordered = reverse ? Enumerable.Reverse(inside) : inside;
        ordered = ordered.Skip((int)offset);
        return (limit < 0 ? ordered : ordered.Take((int)limit)).ToList();
    }

    // Random adds (with every flag), removals and pops against a member-to-score dictionary.
    [Test]
    public void RandomOperations_MatchReferenceModel()
    {
        var random = new Random(99);
        var zset = new RedisSortedSet(new EncodingLimits());
        var model = new Dictionary<string, double>();
        for (int step = 0; step < 20_000; step++)
        {
            string member = $"m{random.Next(400)}";
            double score = random.Next(-50, 50);
            switch (random.Next(5))
            {
                case 0:
                case 1:
                    zset.Add(score, Encoding.ASCII.GetBytes(member), SortedSetAddFlags.None, out _);
                    model[member] = score;
                    break;
                case 2:
                    zset.Add(score, Encoding.ASCII.GetBytes(member), SortedSetAddFlags.Increment, out double total);
                    model[member] = model.GetValueOrDefault(member) + score;
                    Assert.That(total, Is.EqualTo(model[member]));
                    break;
                case 3:
                    Assert.That(zset.Remove(Encoding.ASCII.GetBytes(member)), Is.EqualTo(model.Remove(member)));
                    break;
                default:
                    if (model.Count > 0)
                    {
                        double lowest = model.Values.Min();
                        (string Member, double Score) popped = Pop(zset, highest: false);
                        Assert.That(popped.Score, Is.EqualTo(lowest));
                        model.Remove(popped.Member);
                    }
                    break;
            }
        }
        Assert.That(zset.Count, Is.EqualTo(model.Count));
        foreach ((string member, double score) in model)
        {
            Assert.That(Score(zset, member), Is.EqualTo(score));
        }
    }

    private static LexRange Lex(string min, string max)
    {
        Assert.That(LexRange.TryParse(Encoding.ASCII.GetBytes(min), Encoding.ASCII.GetBytes(max), out LexRange range), Is.True);
        return range;
    }

    // What ZPOPMIN and ZPOPMAX do: read the end, then remove that node.
    private static (string Member, double Score) Pop(RedisSortedSet zset, bool highest)
    {
        SkipListNode node = highest ? zset.Last : zset.First;
        (string Member, double Score) read = (Encoding.ASCII.GetString(node.Member), node.Score);
        zset.Remove(node);
        return read;
    }

    private static string? Name(SkipListNode node) => node.Exists ? Encoding.ASCII.GetString(node.Member) : null;

    private static RedisSortedSet With(params (string Member, double Score)[] elements)
    {
        var zset = new RedisSortedSet(new EncodingLimits());
        foreach ((string member, double score) in elements)
        {
            zset.Add(score, Encoding.ASCII.GetBytes(member), SortedSetAddFlags.None, out _);
        }
        return zset;
    }

    private static double Score(RedisSortedSet zset, string member)
    {
        Assert.That(zset.TryGetScore(Encoding.ASCII.GetBytes(member), out double score), Is.True);
        return score;
    }
}
