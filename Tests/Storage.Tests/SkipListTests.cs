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
        Assert.That(zsl.GetByRank(rank).Exists, Is.False);
    }

    [Test]
    public void FirstInRange_EmptyList_ReturnsNull() =>
        Assert.That(new SkipList().FirstInRange(new ScoreRange(double.NegativeInfinity, double.PositiveInfinity)).Exists, Is.False);

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
        Assert.That(zsl.FirstInRange(new ScoreRange(2, 4)).Exists, Is.False);
    }

    [Test]
    public void FirstInRange_LexRange_FindsLowestMemberInside()
    {
        SkipList zsl = WithEqualScores("a", "b", "c", "d");
        Assert.That(Name(zsl.FirstInRange(Lex("(a", "[c"))), Is.EqualTo("b"));
    }

    [Test]
    public void LastInRange_LexRange_FindsHighestMemberInside()
    {
        SkipList zsl = WithEqualScores("a", "b", "c", "d");
        Assert.That(Name(zsl.LastInRange(Lex("-", "(d"))), Is.EqualTo("c"));
    }

    [Test]
    public void FirstInRange_LexRangeBetweenMembers_ReturnsNull()
    {
        SkipList zsl = WithEqualScores("a", "c");
        Assert.That(zsl.FirstInRange(Lex("(a", "(c")).Exists, Is.False);
    }

    [Test]
    public void FirstInRange_EmptyLexRange_ReturnsNull()
    {
        SkipList zsl = WithEqualScores("a", "b");
        Assert.That(zsl.FirstInRange(Lex("+", "-")).Exists, Is.False);
    }

    // zzlFirstInLexRange on mixed scores: the scan stops at the first member at or past the minimum, whatever follows.
    [Test]
    public void FirstInRangeByScan_MixedScores_StopsAtFirstMemberPastMinimum()
    {
        var zsl = new SkipList();
        zsl.Insert(1, "c"u8.ToArray());
        zsl.Insert(2, "a"u8.ToArray());
        zsl.Insert(3, "b"u8.ToArray());
        Assert.Multiple(() =>
        {
            Assert.That(Name(zsl.FirstInRangeByScan(Lex("[b", "+"))), Is.EqualTo("c"));
            Assert.That(zsl.FirstInRangeByScan(Lex("[b", "[b")).Exists, Is.False, "c is past the minimum but not below the maximum");
        });
    }

    [Test]
    public void LastInRangeByScan_MixedScores_StopsAtFirstMemberBelowMaximumFromTheTop()
    {
        var zsl = new SkipList();
        zsl.Insert(1, "a"u8.ToArray());
        zsl.Insert(2, "c"u8.ToArray());
        zsl.Insert(3, "b"u8.ToArray());
        Assert.That(Name(zsl.LastInRangeByScan(Lex("-", "[b"))), Is.EqualTo("b"));
    }

    [Test]
    public void DeleteRange_ScoreRange_UnlinksNodesAndDictionaryEntries()
    {
        var zsl = new SkipList();
        var dict = new DenseDictionary<int>();
        for (int i = 1; i <= 6; i++)
        {
            byte[] member = Encoding.ASCII.GetBytes($"m{i}");
            dict.TryAddOwned(member, zsl.Insert(i, member).Block);
        }
        Assert.Multiple(() =>
        {
            Assert.That(zsl.DeleteRange(new ScoreRange(2, 5, MinExclusive: true), dict), Is.EqualTo(3));
            Assert.That(Walk(zsl), Is.EqualTo(new[] { "1:m1", "2:m2", "6:m6" }));
            Assert.That(Enumerable.Range(0, dict.Count).Select(i => Encoding.ASCII.GetString(dict.KeyAt(i))), Is.EquivalentTo(new[] { "m1", "m2", "m6" }));
            Assert.That(zsl.GetRank(6, "m6"u8), Is.EqualTo(3));
        });
    }

    [Test]
    public void DeleteRange_LexRangeToEnd_MovesTail()
    {
        var zsl = new SkipList();
        var dict = new DenseDictionary<int>();
        foreach (string name in new[] { "a", "b", "c" })
        {
            byte[] member = Encoding.ASCII.GetBytes(name);
            dict.TryAddOwned(member, zsl.Insert(0, member).Block);
        }
        Assert.Multiple(() =>
        {
            Assert.That(zsl.DeleteRange(Lex("[b", "+"), dict), Is.EqualTo(2));
            Assert.That(Name(zsl.Last), Is.EqualTo("a"));
            Assert.That(zsl.Count, Is.EqualTo(1));
        });
    }

    [Test]
    public void DeleteRangeByRank_MiddleRanks_UnlinksThem()
    {
        var zsl = new SkipList();
        var dict = new DenseDictionary<int>();
        for (int i = 1; i <= 5; i++)
        {
            byte[] member = Encoding.ASCII.GetBytes($"m{i}");
            dict.TryAddOwned(member, zsl.Insert(i, member).Block);
        }
        Assert.Multiple(() =>
        {
            Assert.That(zsl.DeleteRangeByRank(2, 4, dict), Is.EqualTo(3));
            Assert.That(Walk(zsl), Is.EqualTo(new[] { "1:m1", "5:m5" }));
            Assert.That(dict.Count, Is.EqualTo(2));
        });
    }

    // Members with one score, so the lex order is the list order: random lex ranges against a sorted list of names,
    // then random range deletions, checking ranks after each.
    [Test]
    public void RandomLexRanges_MatchSortedReferenceModel()
    {
        var random = new Random(7);
        var zsl = new SkipList();
        var dict = new DenseDictionary<int>();
        var model = new List<string>();
        foreach (string name in Enumerable.Range(0, 600).Select(_ => RandomName(random)).Distinct())
        {
            byte[] member = Encoding.Latin1.GetBytes(name);
            dict.TryAddOwned(member, zsl.Insert(0, member).Block);
            model.Add(name);
        }
        model.Sort(string.CompareOrdinal);
        for (int round = 0; round < 300; round++)
        {
            string min = RandomLexBound(random), max = RandomLexBound(random);
            Assert.That(LexRange.TryParse(Encoding.Latin1.GetBytes(min), Encoding.Latin1.GetBytes(max), out LexRange range), Is.True);
            List<string> inside = model.Where(m => InLexRange(m, min, max)).ToList();
            Assert.That(Name(zsl.FirstInRange(range)), Is.EqualTo(inside.FirstOrDefault()), $"{min} {max}");
            Assert.That(Name(zsl.LastInRange(range)), Is.EqualTo(inside.LastOrDefault()), $"{min} {max}");
            Assert.That(Name(zsl.FirstInRangeByScan(range)), Is.EqualTo(inside.FirstOrDefault()), $"{min} {max}");
            Assert.That(Name(zsl.LastInRangeByScan(range)), Is.EqualTo(inside.LastOrDefault()), $"{min} {max}");
            if (round % 10 == 9)
            {
                Assert.That(zsl.DeleteRange(range, dict), Is.EqualTo(inside.Count));
                model.RemoveAll(inside.Contains);
                Assert.That(WalkNames(zsl), Is.EqualTo(model));
                for (int i = 0; i < model.Count; i++)
                {
                    Assert.That(zsl.GetRank(0, Encoding.Latin1.GetBytes(model[i])), Is.EqualTo(i + 1));
                }
            }
        }
    }

    // Random rank deletions against a sorted list, checking ranks and access by rank after each.
    [Test]
    public void RandomDeleteRangeByRank_MatchesSortedReferenceModel()
    {
        var random = new Random(11);
        var zsl = new SkipList();
        var dict = new DenseDictionary<int>();
        var model = new List<(double Score, string Member)>();
        for (int i = 0; i < 2000; i++)
        {
            string name = $"m{i}";
            double score = random.Next(-100, 100);
            byte[] member = Encoding.ASCII.GetBytes(name);
            dict.TryAddOwned(member, zsl.Insert(score, member).Block);
            model.Add((score, name));
        }
        model.Sort(Compare);
        while (model.Count > 0)
        {
            int start = random.Next(1, model.Count + 1);
            int end = Math.Min(model.Count, start + random.Next(0, 60));
            Assert.That(zsl.DeleteRangeByRank(start, end, dict), Is.EqualTo(end - start + 1));
            model.RemoveRange(start - 1, end - start + 1);
            Assert.That(dict.Count, Is.EqualTo(model.Count));
            CheckAgainstModel(zsl, model, random);
        }
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
            Assert.That(Encoding.ASCII.GetString(zsl.GetByRank(i + 1).Member), Is.EqualTo(model[i].Member));
        }
        for (int i = 0; i < 20; i++)
        {
            var range = new ScoreRange(random.Next(-22, 22) / 2.0, random.Next(-22, 22) / 2.0, random.Next(2) == 0, random.Next(2) == 0);
            List<(double Score, string Member)> inside = model.Where(e => range.IsAboveMin(e.Score) && range.IsBelowMax(e.Score)).ToList();
            Assert.That(Name(zsl.FirstInRange(range)),
                Is.EqualTo(inside.Count > 0 ? inside[0].Member : null), range.ToString());
            Assert.That(Name(zsl.LastInRange(range)),
                Is.EqualTo(inside.Count > 0 ? inside[^1].Member : null), range.ToString());
        }
    }

    private static SkipList WithEqualScores(params string[] members)
    {
        var zsl = new SkipList();
        foreach (string member in members)
        {
            zsl.Insert(0, Encoding.ASCII.GetBytes(member));
        }
        return zsl;
    }

    private static LexRange Lex(string min, string max)
    {
        Assert.That(LexRange.TryParse(Encoding.Latin1.GetBytes(min), Encoding.Latin1.GetBytes(max), out LexRange range), Is.True);
        return range;
    }

    internal static List<string?> WalkNames(SkipList zsl)
    {
        var names = new List<string?>();
        for (SkipListNode node = zsl.First; node.Exists; node = node.Next)
        {
            names.Add(Name(node));
        }
        return names;
    }

    private static string? Name(SkipListNode node) => node.Exists ? Encoding.Latin1.GetString(node.Member) : null;

    // Short names over a small alphabet, so prefixes, ties with bounds and empty names all occur.
    private static string RandomName(Random random) =>
        new(Enumerable.Range(0, random.Next(0, 4)).Select(_ => "ab\u00ffc"[random.Next(4)]).ToArray());

    private static string RandomLexBound(Random random) => random.Next(10) switch
    {
        0 => "-",
        1 => "+",
        _ => (random.Next(2) == 0 ? "[" : "(") + RandomName(random),
    };

    // The reference: sdscmplex against the bound texts.
    private static bool InLexRange(string member, string min, string max)
    {
        bool aboveMin = min switch
        {
            "-" => true,
            "+" => false,
            _ => min[0] == '[' ? string.CompareOrdinal(member, min[1..]) >= 0 : string.CompareOrdinal(member, min[1..]) > 0,
        };
        bool belowMax = max switch
        {
            "+" => true,
            "-" => false,
            _ => max[0] == '[' ? string.CompareOrdinal(member, max[1..]) <= 0 : string.CompareOrdinal(member, max[1..]) < 0,
        };
        return aboveMin && belowMax;
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
        for (SkipListNode node = zsl.First; node.Exists; node = node.Next)
        {
            result.Add(Show(node.Score, Encoding.ASCII.GetString(node.Member)));
        }
        return result;
    }

    private static List<string> WalkBackwards(SkipList zsl)
    {
        var result = new List<string>();
        for (SkipListNode node = zsl.Last; node.Exists; node = node.Previous)
        {
            result.Add(Show(node.Score, Encoding.ASCII.GetString(node.Member)));
        }
        return result;
    }
}
