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

    [Test]
    public void Pop_Lowest_ReturnsMinimumAndRemovesIt()
    {
        var zset = With(("b", 2), ("a", 1));
        SkipListNode node = zset.Pop(highest: false);
        Assert.Multiple(() =>
        {
            Assert.That((Encoding.ASCII.GetString(node.Member), node.Score), Is.EqualTo(("a", 1.0)));
            Assert.That(zset.Count, Is.EqualTo(1));
            Assert.That(zset.TryGetScore("a"u8, out _), Is.False);
        });
    }

    [Test]
    public void Pop_Highest_ReturnsMaximum() =>
        Assert.That(Encoding.ASCII.GetString(With(("b", 2), ("a", 1)).Pop(highest: true).Member), Is.EqualTo("b"));

    [Test]
    public void Pop_Empty_Throws() => Assert.Throws<InvalidOperationException>(() => new RedisSortedSet(new EncodingLimits()).Pop(highest: false));

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
                        SkipListNode popped = zset.Pop(highest: false);
                        Assert.That(popped.Score, Is.EqualTo(lowest));
                        model.Remove(Encoding.ASCII.GetString(popped.Member));
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
