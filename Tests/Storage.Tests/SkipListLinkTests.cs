using System.Text;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Storage.Tests;

/// <summary>
/// Every link of the skip list, level by level: nodes of one level, taller ones and MaxLevel ones (blocks of every
/// size in the list's level array), each link checked for order, span and the copy of the score of the node it leads
/// to, plus the backward links (<see cref="CheckLinks"/>); and the reuse of freed blocks and node numbers.
/// </summary>
public sealed class SkipListLinkTests
{
    private static readonly Comparer<(double Score, string Member)> s_order = Comparer<(double Score, string Member)>.Create(
        (x, y) => x.Score != y.Score ? x.Score.CompareTo(y.Score) : string.CompareOrdinal(x.Member, y.Member));

    [Test]
    public void Insert_NodesOfEveryKindOfHeight_LinkEveryLevel()
    {
        var zsl = new SkipList();
        int[] heights = [1, SkipList.MaxLevel, 3, 2, 1, 3, 2, SkipList.MaxLevel, 1, 4];
        for (int i = 0; i < heights.Length; i++)
        {
            zsl.Insert((i * 7) % heights.Length, Encoding.ASCII.GetBytes("m" + i), heights[i]);
        }
        CheckLinks(zsl);
        Assert.That(Ranks(zsl), Is.EqualTo(Enumerable.Range(1, heights.Length)));
    }

    [Test]
    public void Delete_TallNodes_RelinksEveryLevel()
    {
        var zsl = new SkipList();
        int[] heights = [2, SkipList.MaxLevel, 1, 3, SkipList.MaxLevel, 1, 2];
        for (int i = 0; i < heights.Length; i++)
        {
            zsl.Insert(i, Encoding.ASCII.GetBytes("m" + i), heights[i]);
        }
        Assert.That(zsl.Delete(1, "m1"u8) && zsl.Delete(4, "m4"u8) && zsl.Delete(3, "m3"u8), Is.True);
        CheckLinks(zsl);
        Assert.That(SkipListTests.WalkNames(zsl), Is.EqualTo(new[] { "m0", "m2", "m5", "m6" }));
    }

    [TestCase(3)]
    [TestCase(SkipList.MaxLevel)]
    public void UpdateScore_TallNodePastOthers_MovesItAtEveryLevel(int height)
    {
        var zsl = new SkipList();
        SkipListNode tall = zsl.Insert(0, "tall"u8.ToArray(), height);
        for (int i = 1; i <= 20; i++)
        {
            zsl.Insert(i, Encoding.ASCII.GetBytes("m" + i), 1 + (i % 3));
        }
        zsl.UpdateScore(tall, 10.5);
        CheckLinks(zsl);
        Assert.That((zsl.GetRank(10.5, "tall"u8), zsl.GetByRank(11)), Is.EqualTo((11, tall)));
    }

    // UpdateScore finds the old and the new place in one walk of the list as it is, then corrects the new place for
    // the node's removal: where the new place followed the node itself, and the ranks behind it. Random moves of
    // nodes of every height, forward, backward, to tied scores and past the tallest node (so the list's level
    // drops and grows again), each followed by a check of every link.
    [Test]
    public void UpdateScore_RandomMoves_KeepEveryLinkAndRank()
    {
        var random = new Random(7);
        var zsl = new SkipList();
        var nodes = new List<SkipListNode>();
        var scores = new Dictionary<SkipListNode, (double Score, string Member)>();
        for (int i = 0; i < 60; i++)
        {
            int height = i % 17 == 0 ? SkipList.MaxLevel : 1 + random.Next(5);
            double score = random.Next(30);
            string member = "m" + i;
            SkipListNode node = zsl.Insert(score, Encoding.ASCII.GetBytes(member), height);
            nodes.Add(node);
            scores[node] = (score, member);
        }
        for (int step = 0; step < 2_000; step++)
        {
            SkipListNode node = nodes[random.Next(nodes.Count)];
            double score = random.Next(4) == 0 ? scores[nodes[random.Next(nodes.Count)]].Score : random.Next(-5, 35) + (random.Next(2) / 2.0);
            zsl.UpdateScore(node, score);
            scores[node] = (score, scores[node].Member);
            CheckLinks(zsl);
        }
        var expected = scores.Values.Order(s_order).Select(e => e.Member);
        Assert.That(SkipListTests.WalkNames(zsl), Is.EqualTo(expected));
        Assert.That(Ranks(zsl), Is.EqualTo(Enumerable.Range(1, nodes.Count)));
    }

    // The in-place path changes only the score, so every link into the node must see the new one: a later walk
    // that trusted a stale copy would step onto the node for a score between the old and the new.
    [TestCase(1)]
    [TestCase(2)]
    [TestCase(SkipList.MaxLevel)]
    public void UpdateScore_InPlace_EveryLinkIntoTheNodeSeesTheNewScore(int height)
    {
        var zsl = new SkipList();
        zsl.Insert(1, "a"u8.ToArray(), 1);
        SkipListNode b = zsl.Insert(2, "b"u8.ToArray(), height);
        zsl.Insert(3, "c"u8.ToArray(), 1);
        zsl.UpdateScore(b, 2.5);
        zsl.Insert(2.2, "d"u8.ToArray(), 1);
        CheckLinks(zsl);
        Assert.That(SkipListTests.WalkNames(zsl), Is.EqualTo(new[] { "a", "d", "b", "c" }));
    }

    // 50,000 random inserts (random and chosen heights), deletes and score updates (some in place) over 3,000
    // members with many score ties, against a sorted List: after each step the touched member's rank both ways,
    // and every 5,000 steps every link.
    [Test]
    public void RandomOperations_50000Steps_MatchSortedReferenceModel()
    {
        var random = new Random(20261125);
        var zsl = new SkipList();
        var nodes = new Dictionary<string, SkipListNode>();
        var model = new List<(double Score, string Member)>();
        for (int step = 1; step <= 50_000; step++)
        {
            string member = "m" + random.Next(3000);
            double score = random.Next(-400, 400) / 4.0;
            if (!nodes.TryGetValue(member, out SkipListNode node))
            {
                byte[] bytes = Encoding.ASCII.GetBytes(member);
                nodes[member] = random.Next(2) == 0 ? zsl.Insert(score, bytes) : zsl.Insert(score, bytes, RandomHeight(random));
                model.Insert(~model.BinarySearch((score, member), s_order), (score, member));
            }
            else if (random.Next(3) == 0)
            {
                Assert.That(zsl.Delete(node.Score, node.Member), Is.True);
                model.RemoveAt(model.BinarySearch((node.Score, member), s_order));
                nodes.Remove(member);
                continue;
            }
            else
            {
                if (random.Next(4) == 0)
                {
                    score = node.Score + 1.0 / 1024; // usually stays between its neighbours
                }
                model.RemoveAt(model.BinarySearch((node.Score, member), s_order));
                model.Insert(~model.BinarySearch((score, member), s_order), (score, member));
                zsl.UpdateScore(node, score);
            }
            int rank = model.BinarySearch((score, member), s_order) + 1;
            Assert.That(zsl.GetRank(score, Encoding.ASCII.GetBytes(member)), Is.EqualTo(rank));
            Assert.That(zsl.GetByRank(rank), Is.EqualTo(nodes[member]));
            if (step % 5000 == 0)
            {
                Assert.That(SkipListTests.WalkNames(zsl), Is.EqualTo(model.Select(e => e.Member)));
                CheckLinks(zsl);
            }
        }
    }

    // Equal scores order by member bytes (shorter first on a common prefix). Ties are decided by reading the member of
    // the node a link leads to, through its block's header and its node number.
    [Test]
    public void Insert_EqualScoresOnTallNodes_OrderByMemberAtEveryLevel()
    {
        var random = new Random(11);
        var zsl = new SkipList();
        string[] members = [.. Enumerable.Range(0, 300).Select(i => new string('a', 1 + i % 4) + (i % 7 == 0 ? "" : i.ToString()))];
        members = [.. members.Distinct()];
        foreach (string member in members.OrderBy(_ => random.Next()))
        {
            zsl.Insert(5, Encoding.ASCII.GetBytes(member), RandomHeight(random));
        }
        CheckLinks(zsl);
        string[] expected = [.. members.OrderBy(m => m, StringComparer.Ordinal)];
        Assert.That(SkipListTests.WalkNames(zsl), Is.EqualTo(expected));
        for (int rank = 1; rank <= expected.Length; rank++)
        {
            byte[] member = Encoding.ASCII.GetBytes(expected[rank - 1]);
            Assert.That((zsl.GetRank(5, member), Encoding.ASCII.GetString(zsl.GetByRank(rank).Member)), Is.EqualTo((rank, expected[rank - 1])));
        }
        Assert.That((zsl.GetRank(5, "b"u8), zsl.GetRank(4.5, "aaa"u8), zsl.GetByRank(expected.Length + 1)), Is.EqualTo((0, 0, default(SkipListNode))));
    }

    // A moved node is unlinked and linked again in the same block, so its handle (the dictionary's value) stays valid.
    [Test]
    public void UpdateScore_TallNodeMovedTwice_KeepsItsBlock()
    {
        var zsl = new SkipList();
        for (int i = 0; i < 40; i++)
        {
            zsl.Insert(i, Encoding.ASCII.GetBytes("m" + i), 1 + (i % 4));
        }
        SkipListNode tall = zsl.Insert(7.5, "tall"u8.ToArray(), 5);
        zsl.UpdateScore(tall, 30.5);
        zsl.UpdateScore(tall, -1);
        CheckLinks(zsl);
        Assert.That((zsl.First, tall.Score, tall.Height, Encoding.ASCII.GetString(tall.Member)), Is.EqualTo((tall, -1.0, 5, "tall")));
    }

    // Deleting a run of ranks (ZREMRANGEBYRANK) and a score range (ZREMRANGEBYSCORE) through tall nodes relinks
    // every level from the predecessors one walk found.
    [TestCase(1, 5)]
    [TestCase(10, 30)]
    [TestCase(40, 60)]
    public void DeleteRangeByRank_ThroughTallNodes_RelinksEveryLevel(int start, int end)
    {
        var random = new Random(start);
        var zsl = new SkipList();
        for (int i = 0; i < 60; i++)
        {
            zsl.Insert(i, Encoding.ASCII.GetBytes("m" + i), RandomHeight(random));
        }
        Assert.That(zsl.DeleteRangeByRank(start, end, new DenseDictionary<int>()), Is.EqualTo(end - start + 1));
        CheckLinks(zsl);
        Assert.That(SkipListTests.WalkNames(zsl), Is.EqualTo(Enumerable.Range(0, 60).Where(i => i < start - 1 || i >= end).Select(i => "m" + i)));
    }

    [Test]
    public void DeleteRange_ScoresThroughTallNodes_RelinksEveryLevel()
    {
        var random = new Random(3);
        var zsl = new SkipList();
        for (int i = 0; i < 60; i++)
        {
            zsl.Insert(i, Encoding.ASCII.GetBytes("m" + i), RandomHeight(random));
        }
        Assert.That(zsl.DeleteRange(new ScoreRange(10, 40, MaxExclusive: true), new DenseDictionary<int>()), Is.EqualTo(30));
        CheckLinks(zsl);
        Assert.That((zsl.FirstInRange(new ScoreRange(5, 45)).Score, zsl.LastInRange(new ScoreRange(5, 45)).Score), Is.EqualTo((5.0, 45.0)));
    }

    // Deleted nodes leave their blocks and numbers on free lists; inserting as many nodes of the same heights again
    // takes them back, so churn in a big set does not grow its arrays.
    [Test]
    public void DeleteThenInsert_SameHeights_ReusesTheFreedBlocks()
    {
        var random = new Random(5);
        var zsl = new SkipList();
        int[] heights = [.. Enumerable.Range(0, 5000).Select(_ => RandomHeight(random))];
        for (int i = 0; i < heights.Length; i++)
        {
            zsl.Insert(i, Encoding.ASCII.GetBytes("m" + i), heights[i]);
        }
        long full = zsl.EstimatedBytes;
        for (int i = 0; i < heights.Length; i += 2)
        {
            Assert.That(zsl.Delete(i, Encoding.ASCII.GetBytes("m" + i)), Is.True);
        }
        for (int i = 0; i < heights.Length; i += 2)
        {
            zsl.Insert(i + 0.5, Encoding.ASCII.GetBytes("n" + i), heights[i]);
        }
        CheckLinks(zsl);
        Assert.That((zsl.Count, zsl.EstimatedBytes), Is.EqualTo((heights.Length, full)));
    }

    // The heap model (EstimatedBytes: the arrays at their capacity, plus long members' arrays) against what building
    // the list allocates, for nodes of each height, with short members (kept in the node slots: nothing of their
    // own) and long ones (an array each, copied from the caller's span). The model leaves out the first array's
    // copies while it doubles up to a chunk (at most a chunk of each array) and the chunk directories' copies.
    [TestCase(1, 100_000, 8)]
    [TestCase(2, 100_000, 8)]
    [TestCase(3, 100_000, 8)]
    [TestCase(3, 50_000, 40)]
    [TestCase(SkipList.MaxLevel, 20_000, 8)]
    public void EstimatedBytes_NodesOfEachHeight_MatchesWhatTheListAllocates(int height, int count, int memberLength)
    {
        byte[][] members = [.. Enumerable.Range(0, count).Select(i => Encoding.ASCII.GetBytes(i.ToString().PadLeft(memberLength, 'm')))];
        long before = GC.GetAllocatedBytesForCurrentThread();
        var zsl = new SkipList();
        for (int i = 0; i < count; i++)
        {
            zsl.Insert(-i, members[i], height); // each at the head: nodes of one height make a list, not a skip list
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        long unmodelled = allocated - zsl.EstimatedBytes;
        // A chunk of 16-byte levels and one of 40-byte node slots, plus the directories.
        Assert.That(unmodelled, Is.InRange(-1024, (16 + 40) * 8192 + 64 * 1024), $"allocated {allocated}, modelled {zsl.EstimatedBytes}");
        long memberArrays = memberLength > InlineSlot.Capacity ? count * MemoryAccounting.ByteArray(memberLength) : 0;
        Assert.That(SkipList.NodeBytes(height) * (long)count + memberArrays, Is.LessThanOrEqualTo(zsl.EstimatedBytes));
    }

    // Mostly what zslRandomLevel gives, with MaxLevel nodes far more often than it would pick them.
    private static int RandomHeight(Random random) => random.Next(100) switch
    {
        0 => SkipList.MaxLevel,
        < 5 => 3 + random.Next(5),
        < 25 => 2,
        _ => 1,
    };

    // Checks every level from the header: the level holds exactly the nodes taller than it, in list order; each
    // link's span is the rank distance it jumps (the last link's, the elements after it) and its cached score is
    // the score of the node it leads to; level 0's backward links mirror the forward ones.
    private static void CheckLinks(SkipList zsl)
    {
        var order = new List<SkipListNode>();
        var rankOf = new Dictionary<SkipListNode, int> { [zsl.Header] = 0 };
        SkipListNode previous = default;
        for (SkipListNode node = zsl.First; node.Exists; node = node.Next)
        {
            Assert.That(node.Previous, Is.EqualTo(previous));
            order.Add(node);
            rankOf[node] = order.Count;
            previous = node;
        }
        Assert.That((order.Count, zsl.Last), Is.EqualTo((zsl.Count, previous)));
        for (int level = 0; level < SkipList.MaxLevel; level++)
        {
            var linked = new List<SkipListNode>();
            SkipListNode x = zsl.Header;
            while (zsl.LevelOf(x.Block, level).Forward is var forward && forward != 0)
            {
                SkipList.Level link = zsl.LevelOf(x.Block, level);
                var next = new SkipListNode(zsl, forward);
                if (link.ForwardScore != next.Score || link.Span != rankOf[next] - rankOf[x])
                {
                    Assert.Fail($"level {level}: the link from rank {rankOf[x]} to {rankOf[next]} has span {link.Span}, score {link.ForwardScore} (the node's: {next.Score})");
                }
                linked.Add(next);
                x = next;
            }
            if (x != zsl.Header && zsl.LevelOf(x.Block, level).Span != zsl.Count - rankOf[x])
            {
                Assert.Fail($"level {level}: the last link, from rank {rankOf[x]}, has span {zsl.LevelOf(x.Block, level).Span}");
            }
            Assert.That(linked, Is.EqualTo(order.Where(n => n.Height > level)), $"level {level}");
        }
    }

    private static IEnumerable<int> Ranks(SkipList zsl)
    {
        for (SkipListNode node = zsl.First; node.Exists; node = node.Next)
        {
            yield return zsl.GetRank(node.Score, node.Member);
        }
    }
}
