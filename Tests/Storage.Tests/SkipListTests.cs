using System.Text;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Storage.Tests;

public sealed class SkipListTests
{
    [Test]
    public void Insert_OrdersByScoreThenMemberBytes()
    {
        var zsl = new SkipList();
        zsl.Insert(2, "a"u8.ToArray());
        zsl.Insert(1, "b"u8.ToArray());
        zsl.Insert(1, "ab"u8.ToArray());
        zsl.Insert(1, "a"u8.ToArray());
        Assert.That(Walk(zsl), Is.EqualTo(new[] { "1:a", "1:ab", "1:b", "2:a" }));
    }

    [Test]
    public void Delete_Missing_ReturnsFalse()
    {
        var zsl = new SkipList();
        zsl.Insert(1, "a"u8.ToArray());
        Assert.Multiple(() =>
        {
            Assert.That(zsl.Delete(2, "a"u8), Is.False);
            Assert.That(zsl.Delete(1, "b"u8), Is.False);
            Assert.That(zsl.Count, Is.EqualTo(1));
        });
    }

    [Test]
    public void Delete_Last_MovesTail()
    {
        var zsl = new SkipList();
        zsl.Insert(1, "a"u8.ToArray());
        zsl.Insert(2, "b"u8.ToArray());
        zsl.Delete(2, "b"u8);
        Assert.That(Encoding.ASCII.GetString(zsl.Last!.Member), Is.EqualTo("a"));
    }

    [Test]
    public void UpdateScore_InPlace_KeepsNode()
    {
        var zsl = new SkipList();
        zsl.Insert(1, "a"u8.ToArray());
        SkipListNode b = zsl.Insert(2, "b"u8.ToArray());
        zsl.Insert(3, "c"u8.ToArray());
        zsl.UpdateScore(b, 2.5);
        Assert.That(Walk(zsl), Is.EqualTo(new[] { "1:a", "2.5:b", "3:c" }));
    }

    [Test]
    public void UpdateScore_PastNeighbours_MovesNode()
    {
        var zsl = new SkipList();
        SkipListNode a = zsl.Insert(1, "a"u8.ToArray());
        zsl.Insert(2, "b"u8.ToArray());
        zsl.Insert(3, "c"u8.ToArray());
        zsl.UpdateScore(a, 10);
        Assert.Multiple(() =>
        {
            Assert.That(Walk(zsl), Is.EqualTo(new[] { "2:b", "3:c", "10:a" }));
            Assert.That(zsl.GetRank(10, "a"u8), Is.EqualTo(3));
        });
    }

    [Test]
    public void GetRank_Missing_ReturnsZero()
    {
        var zsl = new SkipList();
        zsl.Insert(1, "a"u8.ToArray());
        Assert.That(zsl.GetRank(1, "b"u8), Is.Zero);
    }

    [TestCase(0)]
    [TestCase(4)]
    public void GetByRank_OutOfRange_ReturnsNull(int rank)
    {
        var zsl = new SkipList();
        zsl.Insert(1, "a"u8.ToArray());
        zsl.Insert(2, "b"u8.ToArray());
        zsl.Insert(3, "c"u8.ToArray());
        Assert.That(zsl.GetByRank(rank), Is.Null);
    }

    [Test]
    public void FirstInRange_EmptyList_ReturnsNull() =>
        Assert.That(new SkipList().FirstInRange(new ScoreRange(double.NegativeInfinity, double.PositiveInfinity)), Is.Null);

    [Test]
    public void FirstInRange_ExclusiveMin_SkipsEqualScore()
    {
        var zsl = new SkipList();
        zsl.Insert(1, "a"u8.ToArray());
        zsl.Insert(2, "b"u8.ToArray());
        Assert.That(Encoding.ASCII.GetString(zsl.FirstInRange(new ScoreRange(1, 5, MinExclusive: true))!.Member), Is.EqualTo("b"));
    }

    [Test]
    public void LastInRange_ExclusiveMax_SkipsEqualScore()
    {
        var zsl = new SkipList();
        zsl.Insert(1, "a"u8.ToArray());
        zsl.Insert(2, "b"u8.ToArray());
        Assert.That(Encoding.ASCII.GetString(zsl.LastInRange(new ScoreRange(0, 2, MaxExclusive: true))!.Member), Is.EqualTo("a"));
    }

    [Test]
    public void FirstInRange_GapBetweenScores_ReturnsNull()
    {
        var zsl = new SkipList();
        zsl.Insert(1, "a"u8.ToArray());
        zsl.Insert(5, "b"u8.ToArray());
        Assert.That(zsl.FirstInRange(new ScoreRange(2, 4)), Is.Null);
    }

    // Random inserts, deletes and score updates with many ties, checked against a sorted List after every batch:
    // order both ways, ranks, access by rank and score ranges.
    [Test]
    public void RandomOperations_MatchSortedReferenceModel()
    {
        var random = new Random(2024);
        var zsl = new SkipList();
        var nodes = new Dictionary<string, SkipListNode>();
        var model = new List<(double Score, string Member)>();
        for (int batch = 0; batch < 40; batch++)
        {
            for (int step = 0; step < 250; step++)
            {
                string member = $"m{random.Next(800)}";
                double score = random.Next(-20, 20) / 2.0;
                int at = model.FindIndex(e => e.Member == member);
                if (at < 0)
                {
                    nodes[member] = zsl.Insert(score, Encoding.ASCII.GetBytes(member));
                    model.Add((score, member));
                }
                else if (random.Next(2) == 0)
                {
                    Assert.That(zsl.Delete(model[at].Score, Encoding.ASCII.GetBytes(member)), Is.True);
                    nodes.Remove(member);
                    model.RemoveAt(at);
                }
                else
                {
                    zsl.UpdateScore(nodes[member], score);
                    model[at] = (score, member);
                }
            }
            model.Sort(Compare);
            CheckAgainstModel(zsl, model, random);
        }
    }

    private static void CheckAgainstModel(SkipList zsl, List<(double Score, string Member)> model, Random random)
    {
        List<string> expected = model.Select(e => Show(e.Score, e.Member)).ToList();
        Assert.That(zsl.Count, Is.EqualTo(model.Count));
        Assert.That(Walk(zsl), Is.EqualTo(expected));
        Assert.That(WalkBackwards(zsl), Is.EqualTo(Enumerable.Reverse(expected)));
        for (int i = 0; i < model.Count; i++)
        {
            Assert.That(zsl.GetRank(model[i].Score, Encoding.ASCII.GetBytes(model[i].Member)), Is.EqualTo(i + 1));
            Assert.That(Encoding.ASCII.GetString(zsl.GetByRank(i + 1)!.Member), Is.EqualTo(model[i].Member));
        }
        for (int i = 0; i < 20; i++)
        {
            var range = new ScoreRange(random.Next(-22, 22) / 2.0, random.Next(-22, 22) / 2.0, random.Next(2) == 0, random.Next(2) == 0);
            List<(double Score, string Member)> inside = model.Where(e => range.IsAboveMin(e.Score) && range.IsBelowMax(e.Score)).ToList();
            Assert.That(zsl.FirstInRange(range)?.Member is { } first ? Encoding.ASCII.GetString(first) : null,
                Is.EqualTo(inside.Count > 0 ? inside[0].Member : null), range.ToString());
            Assert.That(zsl.LastInRange(range)?.Member is { } last ? Encoding.ASCII.GetString(last) : null,
                Is.EqualTo(inside.Count > 0 ? inside[^1].Member : null), range.ToString());
        }
    }

    private static int Compare((double Score, string Member) x, (double Score, string Member) y)
    {
        int byScore = x.Score.CompareTo(y.Score);
        return byScore != 0 ? byScore : string.CompareOrdinal(x.Member, y.Member);
    }

    private static string Show(double score, string member) => $"{score.ToString(System.Globalization.CultureInfo.InvariantCulture)}:{member}";

    private static List<string> Walk(SkipList zsl)
    {
        var result = new List<string>();
        for (SkipListNode? node = zsl.First; node is not null; node = node.Next)
        {
            result.Add(Show(node.Score, Encoding.ASCII.GetString(node.Member)));
        }
        return result;
    }

    private static List<string> WalkBackwards(SkipList zsl)
    {
        var result = new List<string>();
        for (SkipListNode? node = zsl.Last; node is not null; node = node.Previous)
        {
            result.Add(Show(node.Score, Encoding.ASCII.GetString(node.Member)));
        }
        return result;
    }
}
