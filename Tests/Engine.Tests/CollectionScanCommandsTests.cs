using Reactor.MiniRedis.Engine.Tests.Support;

namespace Reactor.MiniRedis.Engine.Tests;

/// <summary>
/// SSCAN, HSCAN and ZSCAN against Redis 7.0.15's exact replies (checked against a real redis-server 7.0.15), and
/// their guarantee: an element present for the whole iteration is returned at least once while the collection
/// grows, shrinks and moves its entries between calls.
/// </summary>
public sealed class CollectionScanCommandsTests : CommandTestBase
{
    private const string EmptyScanReply = "*2\r\n$1\r\n0\r\n*0\r\n";

    /// <summary>
    /// Runs <paramref name="command"/> from cursor 0 until it returns 0 with COUNT <paramref name="count"/>, calling
    /// <paramref name="between"/> after every call; returns every element (or field, or member) replied, without values.
    /// </summary>
    private List<string> ScanAll(string command, string key, int count, Action? between = null)
    {
        bool pairs = command != "SSCAN";
        var elements = new List<string>();
        string cursor = "0";
        int calls = 0;
        do
        {
            (cursor, List<string> batch) = ScanReply.Parse(Run(command, key, cursor, "COUNT", count.ToString()));
            for (int i = 0; i < batch.Count; i += pairs ? 2 : 1)
            {
                elements.Add(batch[i]);
            }
            between?.Invoke();
            Assert.That(++calls, Is.LessThan(100_000), "the iteration must end");
        }
        while (cursor != "0");
        return elements;
    }

    // ---- compact encodings: everything at once, in order, cursor 0 ----

    [Test]
    public void SScan_Intset_RepliesEveryMemberAscendingWithCursorZero()
    {
        Run("SADD", "s", "5", "3", "-1");
        Assert.That(Run("SSCAN", "s", "0"), Is.EqualTo("*2\r\n$1\r\n0\r\n*3\r\n$2\r\n-1\r\n$1\r\n3\r\n$1\r\n5\r\n"));
    }

    [Test]
    public void SScan_IntsetWithAnyCursorAndCountOne_StillRepliesEverything()
    {
        Run("SADD", "s", "5", "3", "-1");
        Assert.That(Run("SSCAN", "s", "12345", "COUNT", "1"), Is.EqualTo("*2\r\n$1\r\n0\r\n*3\r\n$2\r\n-1\r\n$1\r\n3\r\n$1\r\n5\r\n"));
    }

    [Test]
    public void SScan_IntsetWithMatch_MatchesTheDecimalText()
    {
        Run("SADD", "s", "5", "3", "-1");
        Assert.That(Run("SSCAN", "s", "0", "MATCH", "-*"), Is.EqualTo("*2\r\n$1\r\n0\r\n*1\r\n$2\r\n-1\r\n"));
    }

    [Test]
    public void HScan_Listpack_RepliesFieldsAndValuesInInsertionOrder()
    {
        Run("HSET", "h", "f1", "v1", "f2", "v2", "f3", "v3");
        Run("HDEL", "h", "f1");
        Run("HSET", "h", "f1", "v4");
        Assert.That(Run("HSCAN", "h", "0"),
            Is.EqualTo("*2\r\n$1\r\n0\r\n*6\r\n$2\r\nf2\r\n$2\r\nv2\r\n$2\r\nf3\r\n$2\r\nv3\r\n$2\r\nf1\r\n$2\r\nv4\r\n"));
    }

    [Test]
    public void HScan_ListpackWithMatch_DropsNonMatchingFieldsWithTheirValues()
    {
        Run("HSET", "h", "f1", "v1", "f2", "v2", "f3", "v3");
        Assert.That(Run("HSCAN", "h", "0", "MATCH", "f2"), Is.EqualTo("*2\r\n$1\r\n0\r\n*2\r\n$2\r\nf2\r\n$2\r\nv2\r\n"));
    }

    [Test]
    public void ZScan_Listpack_RepliesMembersAndScoresInScoreOrder()
    {
        Run("ZADD", "z", "2", "b", "1", "a", "1.5", "c");
        Assert.That(Run("ZSCAN", "z", "0"),
            Is.EqualTo("*2\r\n$1\r\n0\r\n*6\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nc\r\n$3\r\n1.5\r\n$1\r\nb\r\n$1\r\n2\r\n"));
    }

    [Test]
    public void ZScan_ScoresArePrintedWithSeventeenDigits()
    {
        Run("ZADD", "z", "0.1", "a", "1e20", "b", "-inf", "c");
        Assert.That(Run("ZSCAN", "z", "0"),
            Is.EqualTo("*2\r\n$1\r\n0\r\n*6\r\n$1\r\nc\r\n$4\r\n-inf\r\n$1\r\na\r\n$19\r\n0.10000000000000001\r\n$1\r\nb\r\n$5\r\n1e+20\r\n"));
    }

    [Test]
    public void ZScan_ListpackWithMatch_DropsNonMatchingMembersWithTheirScores()
    {
        Run("ZADD", "z", "2", "b", "1", "a");
        Assert.That(Run("ZSCAN", "z", "0", "MATCH", "a"), Is.EqualTo("*2\r\n$1\r\n0\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n"));
    }

    // ---- errors and missing keys ----

    [TestCase("SSCAN")]
    [TestCase("HSCAN")]
    [TestCase("ZSCAN")]
    public void Scan_MissingKey_RepliesEmptyScan(string command) => Assert.That(Run(command, "nokey", "0"), Is.EqualTo(EmptyScanReply));

    [TestCase("SSCAN")]
    [TestCase("HSCAN")]
    [TestCase("ZSCAN")]
    public void Scan_MissingKeyWithBadOption_RepliesEmptyScanBeforeParsingOptions(string command) =>
        Assert.That(Run(command, "nokey", "0", "COUNT", "x"), Is.EqualTo(EmptyScanReply));

    [TestCase("SSCAN", "h")]
    [TestCase("HSCAN", "s")]
    [TestCase("ZSCAN", "s")]
    public void Scan_WrongType_RepliesWrongTypeBeforeParsingOptions(string command, string key)
    {
        Run("SADD", "s", "1");
        Run("HSET", "h", "f", "v");
        Assert.That(Run(command, key, "0", "COUNT", "0"), Is.EqualTo(WrongTypeReply));
    }

    [Test]
    public void SScan_InvalidCursor_RepliesInvalidCursorBeforeTheLookup() =>
        Assert.That(Run("SSCAN", "nokey", "x"), Is.EqualTo("-ERR invalid cursor\r\n"));

    [TestCase("TYPE", "set")]
    [TestCase("COUNT", "0")]
    [TestCase("MATCH")]
    [TestCase("NOVALUES")]
    public void Scan_BadOption_RepliesSyntaxError(params string[] options)
    {
        Run("SADD", "s", "a");
        Assert.That(Run(["SSCAN", "s", "0", .. options]), Is.EqualTo(SyntaxErrorReply));
    }

    [Test]
    public void HScan_CountNotAnInteger_RepliesIntegerError()
    {
        Run("HSET", "h", "f", "v");
        Assert.That(Run("HSCAN", "h", "0", "COUNT", "x"), Is.EqualTo("-ERR value is not an integer or out of range\r\n"));
    }

    // ---- hashtable encodings: a cursor over the buckets ----

    [Test]
    public void SScan_HashtableFullIteration_ReturnsEveryMemberExactlyOnce()
    {
        Run(["SADD", "s", .. Enumerable.Range(0, 1000).Select(i => "m" + i)]);
        Assert.That(ScanAll("SSCAN", "s", 7), Is.EquivalentTo(Enumerable.Range(0, 1000).Select(i => "m" + i)));
    }

    [Test]
    public void HScan_HashtableFullIteration_ReturnsEveryFieldWithItsValue()
    {
        Run(["HSET", "h", .. Enumerable.Range(0, 1000).SelectMany(i => new[] { "f" + i, "v" + i })]);
        var pairs = new Dictionary<string, string>();
        string cursor = "0";
        do
        {
            (cursor, List<string> batch) = ScanReply.Parse(Run("HSCAN", "h", cursor, "COUNT", "20"));
            for (int i = 0; i < batch.Count; i += 2)
            {
                pairs[batch[i]] = batch[i + 1];
            }
        }
        while (cursor != "0");
        Assert.That(pairs, Is.EquivalentTo(Enumerable.Range(0, 1000).ToDictionary(i => "f" + i, i => "v" + i)));
    }

    [Test]
    public void ZScan_SkiplistFullIteration_ReturnsEveryMemberWithItsScore()
    {
        Run(["ZADD", "z", .. Enumerable.Range(0, 500).SelectMany(i => new[] { (i / 2.0).ToString(System.Globalization.CultureInfo.InvariantCulture), "m" + i })]);
        var scores = new Dictionary<string, string>();
        string cursor = "0";
        do
        {
            (cursor, List<string> batch) = ScanReply.Parse(Run("ZSCAN", "z", cursor, "COUNT", "20"));
            for (int i = 0; i < batch.Count; i += 2)
            {
                scores[batch[i]] = batch[i + 1];
            }
        }
        while (cursor != "0");
        Assert.That(scores, Is.EquivalentTo(Enumerable.Range(0, 500).ToDictionary(i => "m" + i, i => (i / 2.0).ToString(System.Globalization.CultureInfo.InvariantCulture))));
    }

    [Test]
    public void HScan_HashtableCountOne_RepliesANonZeroCursorAndAFewFields()
    {
        Run(["HSET", "h", .. Enumerable.Range(0, 1000).SelectMany(i => new[] { "f" + i, "v" })]); // past hash-max-listpack-entries
        (string cursor, List<string> batch) = ScanReply.Parse(Run("HSCAN", "h", "0", "COUNT", "1"));
        Assert.Multiple(() =>
        {
            Assert.That(cursor, Is.Not.EqualTo("0"));
            Assert.That(batch, Has.Count.LessThan(20));
            Assert.That(batch.Count % 2, Is.Zero, "fields come with their values");
        });
    }

    [Test]
    public void SScan_HashtableWithMatch_RepliesOnlyMatchingMembers()
    {
        Run(["SADD", "s", .. Enumerable.Range(0, 1000).Select(i => "m" + i)]);
        var matched = new List<string>();
        string cursor = "0";
        do
        {
            (cursor, List<string> batch) = ScanReply.Parse(Run("SSCAN", "s", cursor, "MATCH", "m99*", "COUNT", "50"));
            matched.AddRange(batch);
        }
        while (cursor != "0");
        Assert.That(matched, Is.EquivalentTo(new[] { "m99", "m990", "m991", "m992", "m993", "m994", "m995", "m996", "m997", "m998", "m999" }));
    }

    // ---- the guarantee under mutation ----

    [Test]
    public void SScan_SetGrowsDuringIteration_ReturnsEveryMemberPresentThroughout()
    {
        Run(["SADD", "s", .. Enumerable.Range(0, 200).Select(i => "stable" + i)]);
        int added = 0;
        List<string> members = ScanAll("SSCAN", "s", 5, () =>
        {
            // 100 members per call up to 5000 (the table doubles five times), then the iteration can end.
            for (int i = 0; i < 100 && added < 5000; i++)
            {
                Run("SADD", "s", "new" + added++);
            }
        });
        Assert.That(Enumerable.Range(0, 200).Select(i => "stable" + i), Is.SubsetOf(members));
    }

    [Test]
    public void SScan_SetShrinksAndMovesMembersDuringIteration_ReturnsEveryMemberPresentThroughout()
    {
        Run(["SADD", "s", .. Enumerable.Range(0, 5000).Select(i => "gone" + i)]);
        Run(["SADD", "s", .. Enumerable.Range(0, 200).Select(i => "stable" + i)]);
        int removed = 0;
        List<string> members = ScanAll("SSCAN", "s", 5, () =>
        {
            // Removing the oldest members moves the newest (the stable ones, stored last) into their places.
            for (int i = 0; i < 100 && removed < 5000; i++)
            {
                Run("SREM", "s", "gone" + removed++);
            }
        });
        Assert.That(Enumerable.Range(0, 200).Select(i => "stable" + i), Is.SubsetOf(members));
    }

    [Test]
    public void HScan_HashGrowsAndShrinksDuringIteration_ReturnsEveryFieldPresentThroughout()
    {
        Run(["HSET", "h", .. Enumerable.Range(0, 600).SelectMany(i => new[] { "stable" + i, "v" })]); // a hashtable
        int calls = 0;
        List<string> fields = ScanAll("HSCAN", "h", 6, () =>
        {
            calls++;
            for (int i = 0; i < 100; i++)
            {
                if (calls <= 30)
                {
                    Run("HSET", "h", $"t{calls}:{i}", "v");
                }
                else
                {
                    Run("HDEL", "h", $"t{calls - 30}:{i}");
                }
            }
        });
        Assert.That(Enumerable.Range(0, 600).Select(i => "stable" + i), Is.SubsetOf(fields));
    }

    [Test]
    public void ZScan_SortedSetShrinksDuringIteration_ReturnsEveryMemberPresentThroughout()
    {
        Run(["ZADD", "z", .. Enumerable.Range(0, 5000).SelectMany(i => new[] { i.ToString(), "gone" + i })]);
        Run(["ZADD", "z", .. Enumerable.Range(0, 200).SelectMany(i => new[] { "-1", "stable" + i })]);
        List<string> members = ScanAll("ZSCAN", "z", 6, () => Run("ZREMRANGEBYRANK", "z", "200", "299"));
        Assert.That(Enumerable.Range(0, 200).Select(i => "stable" + i), Is.SubsetOf(members));
    }
}
