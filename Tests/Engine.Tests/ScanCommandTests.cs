using System.Text;
using Reactor.MiniRedis.Engine.Tests.Support;

namespace Reactor.MiniRedis.Engine.Tests;

/// <summary>SCAN against Redis 7.0.15's exact replies (checked against a real redis-server 7.0.15).</summary>
public sealed class ScanCommandTests : CommandTestBase
{
    private const string InvalidCursorReply = "-ERR invalid cursor\r\n";
    private const string EmptyScanReply = "*2\r\n$1\r\n0\r\n*0\r\n";

    /// <summary>Runs SCAN from cursor 0 until it returns 0, calling <paramref name="between"/> after every call.</summary>
    private List<string> ScanAll(string count, Action? between = null)
    {
        var keys = new List<string>();
        string cursor = "0";
        int calls = 0;
        do
        {
            (cursor, List<string> batch) = ScanReply.Parse(Run("SCAN", cursor, "COUNT", count));
            keys.AddRange(batch);
            between?.Invoke();
            Assert.That(++calls, Is.LessThan(100_000), "the iteration must end");
        }
        while (cursor != "0");
        return keys;
    }

    private void SetKeys(string prefix, int count)
    {
        for (int i = 0; i < count; i++)
        {
            Run("SET", prefix + i, "v");
        }
    }

    // ---- replies ----

    [Test]
    public void Scan_EmptyDatabase_RepliesCursorZeroAndEmptyArray() => Assert.That(Run("SCAN", "0"), Is.EqualTo(EmptyScanReply));

    [Test]
    public void Scan_OneKey_RepliesItWithCursorZero()
    {
        Run("SET", "k", "v");
        Assert.That(Run("SCAN", "0"), Is.EqualTo("*2\r\n$1\r\n0\r\n*1\r\n$1\r\nk\r\n"));
    }

    [Test]
    public void Scan_MatchPattern_RepliesOnlyMatchingKeys()
    {
        Run("SET", "apple", "1");
        Run("SET", "banana", "2");
        Assert.That(Run("SCAN", "0", "MATCH", "a*"), Is.EqualTo("*2\r\n$1\r\n0\r\n*1\r\n$5\r\napple\r\n"));
    }

    [Test]
    public void Scan_MatchStar_RepliesEveryKey()
    {
        Run("SET", "a", "1");
        Run("SET", "b", "2");
        Assert.That(ScanReply.Parse(Run("SCAN", "0", "MATCH", "*")).Elements, Is.EquivalentTo(new[] { "a", "b" }));
    }

    [Test]
    public void Scan_MatchNothing_RepliesEmptyArrayWithCursor()
    {
        Run("SET", "a", "1");
        Assert.That(Run("SCAN", "0", "MATCH", "zzz"), Is.EqualTo(EmptyScanReply));
    }

    [Test]
    public void Scan_Type_RepliesOnlyKeysOfThatType()
    {
        Run("SET", "s", "1");
        Run("RPUSH", "l", "x");
        Assert.That(Run("SCAN", "0", "TYPE", "list"), Is.EqualTo("*2\r\n$1\r\n0\r\n*1\r\n$1\r\nl\r\n"));
    }

    [Test]
    public void Scan_TypeInUpperCase_Matches()
    {
        Run("SET", "s", "1");
        Run("RPUSH", "l", "x");
        Assert.That(Run("SCAN", "0", "TYPE", "STRING"), Is.EqualTo("*2\r\n$1\r\n0\r\n*1\r\n$1\r\ns\r\n"));
    }

    [Test]
    public void Scan_UnknownType_RepliesEmptyArray()
    {
        Run("SET", "s", "1");
        Assert.That(Run("SCAN", "0", "TYPE", "foo"), Is.EqualTo(EmptyScanReply));
    }

    [Test]
    public void Scan_TypeGivenTwice_LastOneWins()
    {
        Run("SET", "s", "1");
        Assert.That(Run("SCAN", "0", "TYPE", "list", "TYPE", "string"), Is.EqualTo("*2\r\n$1\r\n0\r\n*1\r\n$1\r\ns\r\n"));
    }

    [Test]
    public void Scan_Type_CountsAKeyspaceHitPerKeyChecked()
    {
        Run("SET", "a", "1");
        Run("SET", "b", "2");
        Run("SCAN", "0", "TYPE", "string");
        Assert.That(Harness.Server.Stats.KeyspaceHits, Is.EqualTo(2));
    }

    [Test]
    public void Scan_WithoutType_CountsNoKeyspaceHits()
    {
        Run("SET", "a", "1");
        Run("SCAN", "0");
        Assert.That(Harness.Server.Stats.KeyspaceHits, Is.Zero);
    }

    [Test]
    public void Scan_ExpiredKey_IsNotReturned()
    {
        Run("SET", "gone", "1", "PX", "100");
        Run("SET", "live", "2");
        Harness.Time.Advance(TimeSpan.FromMilliseconds(101));
        Assert.That(Run("SCAN", "0"), Is.EqualTo("*2\r\n$1\r\n0\r\n*1\r\n$4\r\nlive\r\n"));
    }

    [Test]
    public void Scan_ExpiredKey_IsDeletedAndCountedOnce()
    {
        Run("SET", "gone", "1", "PX", "100");
        Harness.Time.Advance(TimeSpan.FromMilliseconds(101));
        Run("SCAN", "0");
        Run("SCAN", "0");
        Assert.That((KeyCount, Harness.Server.Keyspace[0].ExpiredKeys), Is.EqualTo((0, 1L)));
    }

    [Test]
    public void Scan_VolatileKeyNotYetExpired_IsReturned()
    {
        Run("SET", "k", "1", "PX", "100");
        Harness.Time.Advance(TimeSpan.FromMilliseconds(100)); // its expire millisecond: still alive (now > when)
        Assert.That(Run("SCAN", "0"), Is.EqualTo("*2\r\n$1\r\n0\r\n*1\r\n$1\r\nk\r\n"));
    }

    [Test]
    public void Scan_CountOne_OnManyKeys_RepliesNonZeroCursor()
    {
        SetKeys("k", 100);
        Assert.That(ScanReply.Parse(Run("SCAN", "0", "COUNT", "1")).Cursor, Is.Not.EqualTo("0"));
    }

    [Test]
    public void Scan_IsReadOnly_DoesNotMarkDirty()
    {
        SetKeys("k", 3);
        long before = Dirty;
        Run("SCAN", "0");
        Assert.That(Dirty, Is.EqualTo(before));
    }

    // ---- cursor parsing (strtoul rules) ----

    [TestCase("abc")]
    [TestCase(" 0")]     // leading space: refused explicitly
    [TestCase("0 ")]     // trailing garbage
    [TestCase("1.5")]
    [TestCase("0x1")]    // base 10 only
    [TestCase("+")]      // a sign alone converts nothing
    [TestCase("-")]
    [TestCase("18446744073709551616")] // 2^64: ERANGE
    [TestCase("-18446744073709551616")]
    public void Scan_InvalidCursor_RepliesInvalidCursor(string cursor) =>
        Assert.That(Run("SCAN", cursor), Is.EqualTo(InvalidCursorReply));

    [TestCase("")]                      // strtoul of "" is 0 with nothing left over
    [TestCase("+0")]
    [TestCase("-1")]                    // wraps to 2^64 - 1
    [TestCase("18446744073709551615")]
    [TestCase("-18446744073709551615")]
    [TestCase("0\0junk")]               // a C string ends at the NUL
    public void Scan_CursorStrtoulAccepts_Replies(string cursor) =>
        Assert.That(Run("SCAN", cursor), Is.EqualTo(EmptyScanReply));

    [Test]
    public void Scan_CursorWithNulAfterDigits_ScansFromThatCursor()
    {
        Run("SET", "k", "v");
        Assert.That(Run("SCAN", "0\0junk"), Is.EqualTo("*2\r\n$1\r\n0\r\n*1\r\n$1\r\nk\r\n"));
    }

    [Test]
    public void Scan_InvalidCursorAndBadOption_CursorErrorWins() =>
        Assert.That(Run("SCAN", "x", "COUNT", "0"), Is.EqualTo(InvalidCursorReply));

    // ---- option errors ----

    [TestCase("COUNT", "0")]
    [TestCase("COUNT", "-1")]
    [TestCase("COUNT")]          // option without its value
    [TestCase("MATCH")]
    [TestCase("TYPE")]
    [TestCase("FOO", "bar")]
    [TestCase("COUNT", "1", "COUNT", "0")]
    public void Scan_BadOption_RepliesSyntaxError(params string[] options) =>
        Assert.That(Run(["SCAN", "0", .. options]), Is.EqualTo(SyntaxErrorReply));

    [Test]
    public void Scan_CountNotAnInteger_RepliesIntegerError() =>
        Assert.That(Run("SCAN", "0", "COUNT", "x"), Is.EqualTo("-ERR value is not an integer or out of range\r\n"));

    [Test]
    public void Scan_HugeCount_RepliesEveryKey()
    {
        SetKeys("k", 30);
        (string cursor, List<string> keys) = ScanReply.Parse(Run("SCAN", "0", "COUNT", "9223372036854775807"));
        Assert.That((cursor, keys.Count), Is.EqualTo(("0", 30)));
    }

    [Test]
    public void Scan_OptionsInLowerCase_AreAccepted()
    {
        Run("SET", "k", "v");
        Assert.That(Run("scan", "0", "match", "k", "count", "5", "type", "string"), Is.EqualTo("*2\r\n$1\r\n0\r\n*1\r\n$1\r\nk\r\n"));
    }

    // ---- full iterations ----

    [Test]
    public void Scan_FullIterationWithSmallCount_ReturnsEveryKeyExactlyOnce()
    {
        SetKeys("k", 500);
        List<string> keys = ScanAll("7");
        Assert.That(keys, Is.EquivalentTo(Enumerable.Range(0, 500).Select(i => "k" + i)));
    }

    [Test]
    public void Scan_KeyspaceGrowsDuringIteration_ReturnsEveryKeyPresentThroughout()
    {
        SetKeys("stable", 100);
        int added = 0;
        List<string> keys = ScanAll("5", () =>
        {
            // 100 keys per call up to 5000 (the table grows from 128 to 8192 buckets), then the iteration can end.
            for (int i = 0; i < 100 && added < 5000; i++)
            {
                Run("SET", "new" + added++, "v");
            }
        });
        Assert.That(Enumerable.Range(0, 100).Select(i => "stable" + i), Is.SubsetOf(keys));
    }

    [Test]
    public void Scan_KeyspaceShrinksDuringIteration_ReturnsEveryKeyPresentThroughout()
    {
        SetKeys("stable", 100);
        SetKeys("gone", 5000);
        int deleted = 0;
        List<string> keys = ScanAll("5", () =>
        {
            for (int i = 0; i < 100 && deleted < 5000; i++)
            {
                Run("DEL", "gone" + deleted++);
            }
        });
        Assert.That(Enumerable.Range(0, 100).Select(i => "stable" + i), Is.SubsetOf(keys));
    }
}
