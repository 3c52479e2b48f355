using System.Text;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Storage.Tests;

/// <summary>zslParseRange: the bounds of ZRANGEBYSCORE and ZCOUNT, read with strtod's rules, and the range checks.</summary>
public sealed class ScoreRangeTests
{
    [TestCase("1", 1.0, false)]
    [TestCase("(1.5", 1.5, true)] // '(' makes the end exclusive
    [TestCase("-inf", double.NegativeInfinity, false)]
    [TestCase("+inf", double.PositiveInfinity, false)]
    [TestCase("(inf", double.PositiveInfinity, true)]
    [TestCase("Infinity", double.PositiveInfinity, false)]
    [TestCase("", 0.0, false)] // strtod converts nothing and stops on the terminator: 0
    [TestCase("(", 0.0, true)] // the same after the parenthesis
    [TestCase(" 1", 1.0, false)] // strtod skips leading white space
    [TestCase("\t-2", -2.0, false)]
    [TestCase("( 3", 3.0, true)]
    [TestCase("0x10", 16.0, false)] // C99 hexadecimal
    [TestCase("1e400", double.PositiveInfinity, false)] // overflow rounds to infinity (ERANGE is not checked)
    [TestCase("-1e400", double.NegativeInfinity, false)]
    [TestCase("-0x1p99999", double.NegativeInfinity, false)]
    [TestCase("1e-400", 0.0, false)] // underflow rounds to zero
    [TestCase("1\0junk", 1.0, false)] // a C string ends at its NUL
    [TestCase(".5", 0.5, false)]
    public void TryParse_ValidBound_ReadsValueAndExclusivity(string text, double expected, bool exclusive)
    {
        Assert.That(ScoreRange.TryParse(Bytes(text), "10"u8, out ScoreRange range), Is.True);
        Assert.That((range.Min, range.MinExclusive), Is.EqualTo((expected, exclusive)));
    }

    [TestCase("nan")] // NaN is refused
    [TestCase("(nan")]
    [TestCase("1 ")] // strtod stops at the space
    [TestCase("  ")] // only white space: nothing converted and the space is left
    [TestCase("x")]
    [TestCase("1e")]
    [TestCase("((1")]
    [TestCase("[1")]
    [TestCase("+")]
    public void TryParse_InvalidBound_ReturnsFalse(string text) =>
        Assert.That(ScoreRange.TryParse("0"u8, Bytes(text), out _), Is.False);

    [Test]
    public void TryParse_ExclusiveMax_SetsMaxExclusive()
    {
        Assert.That(ScoreRange.TryParse("1"u8, "(2"u8, out ScoreRange range), Is.True);
        Assert.That(range, Is.EqualTo(new ScoreRange(1, 2, MinExclusive: false, MaxExclusive: true)));
    }

    [TestCase(2, 1, false, false, true)] // min above max
    [TestCase(1, 1, true, false, true)] // equal ends, one excluded
    [TestCase(1, 1, false, true, true)]
    [TestCase(1, 1, false, false, false)] // one point
    [TestCase(1, 2, true, true, false)]
    public void IsEmpty_FollowsZslIsInRange(double min, double max, bool minExclusive, bool maxExclusive, bool expected) =>
        Assert.That(new ScoreRange(min, max, minExclusive, maxExclusive).IsEmpty, Is.EqualTo(expected));

    private static byte[] Bytes(string text) => Encoding.Latin1.GetBytes(text);
}
