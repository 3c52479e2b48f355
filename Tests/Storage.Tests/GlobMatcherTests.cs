using System.Diagnostics;
using System.Text;

namespace Reactor.MiniRedis.Storage.Tests;

/// <summary>
/// Glob matching against stringmatchlen in redis/redis src/util.c. Cases marked "verified" were checked with
/// KEYS on a real redis-server 7.0.15.
/// </summary>
public sealed class GlobMatcherTests
{
    [TestCase("*", "anything", true)]
    [TestCase("*", "", false)]           // stringmatchlen("*", "") is false; KEYS and SCAN special-case a lone '*' (verified)
    [TestCase("**", "", false)]          // so "**" does not list the empty key (verified)
    [TestCase("", "", true)]
    [TestCase("", "a", false)]
    [TestCase("a", "", false)]
    [TestCase("hello", "hello", true)]
    [TestCase("hello", "hell", false)]
    [TestCase("hell", "hello", false)]
    [TestCase("h?llo", "hello", true)]
    [TestCase("h?llo", "hllo", false)]   // '?' needs exactly one byte
    [TestCase("h*llo", "hllo", true)]    // '*' may match nothing
    [TestCase("h*llo", "heeeeello", true)]
    [TestCase("h*llo", "hellx", false)]
    [TestCase("a*", "a", true)]          // trailing stars match the empty rest
    [TestCase("a***", "a", true)]
    [TestCase("a**b", "axyzb", true)]    // runs of stars act as one
    [TestCase("*b", "aaab", true)]
    [TestCase("*b*", "b", true)]
    [TestCase("*a*b", "xaxxbxb", true)]  // backtracking to a later 'b'
    [TestCase("h[ae]llo", "hello", true)]
    [TestCase("h[ae]llo", "hallo", true)]
    [TestCase("h[ae]llo", "hillo", false)]
    [TestCase("h[^e]llo", "hallo", true)]
    [TestCase("h[^e]llo", "hello", false)]
    [TestCase("[^a]", "A", true)]        // case matters without nocase (verified)
    [TestCase("h[a-b]llo", "hbllo", true)]
    [TestCase("h[a-b]llo", "hcllo", false)]
    [TestCase("[z-a]", "b", true)]       // a reversed range is swapped (verified)
    [TestCase("[0-9a-f]", "c", true)]    // two ranges in one class
    [TestCase("[a-]", "]", true)]        // quirk: "a-]" is the range ']'..'a', and the class stays open (verified)
    [TestCase("[a-]", "^", true)]        // (verified)
    [TestCase("[abc", "b", true)]        // an unterminated class ends with the pattern (verified)
    [TestCase("[", "[", false)]          // an empty unterminated class matches nothing
    [TestCase("[]", "]", false)]         // "[]" is an empty class, not a ']' (verified)
    [TestCase("[^]", "x", true)]         // its negation matches any one byte (verified)
    [TestCase("[\\]]", "]", true)]       // an escaped ']' inside a class (verified)
    [TestCase("[\\-]", "-", true)]       // an escaped '-' is literal
    [TestCase("\\*", "*", true)]         // an escaped star is literal
    [TestCase("\\*", "a", false)]
    [TestCase("h\\?llo", "h?llo", true)] // (verified)
    [TestCase("h\\?llo", "hello", false)]
    [TestCase("\\[a]", "[a]", true)]     // an escaped '[' does not open a class
    [TestCase("x\\", "x\\", true)]       // a trailing backslash is literal (verified)
    [TestCase("x\\\\", "x\\", true)]     // an escaped backslash (verified)
    [TestCase("user:*:name", "user:1000:name", true)]
    public void IsMatch_CaseSensitive(string pattern, string text, bool expected) =>
        Assert.That(GlobMatcher.IsMatch(Bytes(pattern), Bytes(text)), Is.EqualTo(expected));

    [TestCase("HELLO", "hello", true)]
    [TestCase("h?LLo", "HeLlO", true)]
    [TestCase("[A-C]", "b", true)]        // ranges compare lower-cased
    [TestCase("[a-c]", "B", true)]
    [TestCase("[XYZ]", "y", true)]        // single class members too
    [TestCase("[^X]", "x", false)]
    [TestCase("[\\X]", "x", false)]       // quirk: an escaped class member is compared exactly even with nocase
    [TestCase("H*O", "hello", true)]
    [TestCase("hello", "help!", false)]
    public void IsMatch_IgnoringCase(string pattern, string text, bool expected) =>
        Assert.That(GlobMatcher.IsMatch(Bytes(pattern), Bytes(text), ignoreCase: true), Is.EqualTo(expected));

    [Test]
    public void IsMatch_WithoutIgnoreCase_IsCaseSensitive() =>
        Assert.That(GlobMatcher.IsMatch("HELLO"u8, "hello"u8), Is.False);

    [TestCase(new byte[] { (byte)'a', 0, (byte)'*', 0xff }, true)]    // NUL and high bytes are ordinary bytes
    [TestCase(new byte[] { (byte)'a', 0, (byte)'?', 0xff }, false)]   // '?' takes one byte, two are left
    [TestCase(new byte[] { (byte)'a', 0, (byte)'[', 1, (byte)']', 2, 0xff }, true)]
    public void IsMatch_BinaryPattern_MatchesBytes(byte[] pattern, bool expected) =>
        Assert.That(GlobMatcher.IsMatch(pattern, [(byte)'a', 0, 1, 2, 0xff]), Is.EqualTo(expected));

    [Test]
    public void IsMatch_ManyStarsThatCannotMatch_ReturnsQuickly()
    {
        // Without the early exit of CVE-2022-36021's fix this tries C(60, 30) ways of placing the stars.
        string pattern = string.Concat(Enumerable.Repeat("a*", 30)) + "b";
        var watch = Stopwatch.StartNew();
        bool matched = GlobMatcher.IsMatch(Bytes(pattern), Bytes(new string('a', 60)));
        watch.Stop();
        Assert.Multiple(() =>
        {
            Assert.That(matched, Is.False);
            Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
        });
    }

    [Test]
    public void IsMatch_ManyStarsThatMatch_ReturnsTrue()
    {
        string pattern = string.Concat(Enumerable.Repeat("a*", 30)) + "b";
        Assert.That(GlobMatcher.IsMatch(Bytes(pattern), Bytes(new string('a', 60) + "b")), Is.True);
    }

    [TestCase(1000, true)]   // the last star runs at nesting 999 (verified)
    [TestCase(1001, false)]  // past the nesting limit of 1000 the match gives up (verified)
    public void IsMatch_DeeplyNestedStars_StopsAtTheNestingLimit(int stars, bool expected)
    {
        string pattern = string.Concat(Enumerable.Repeat("*a", stars));
        Assert.That(GlobMatcher.IsMatch(Bytes(pattern), Bytes(new string('a', 1001))), Is.EqualTo(expected));
    }

    private static byte[] Bytes(string text) => Encoding.Latin1.GetBytes(text);
}
