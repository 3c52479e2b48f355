using System.Text;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Storage.Tests;

/// <summary>zslParseLexRange and the lex comparisons (sdscmplex) of ZRANGEBYLEX, ZLEXCOUNT and ZREMRANGEBYLEX.</summary>
public sealed class LexRangeTests
{
    [TestCase("-", "+")]
    [TestCase("[a", "(b")]
    [TestCase("(", "[")] // an empty member after the bracket is allowed
    [TestCase("+", "-")] // parses; it is simply empty
    public void TryParse_ValidItems_ReturnsTrue(string min, string max) =>
        Assert.That(LexRange.TryParse(Bytes(min), Bytes(max), out _), Is.True);

    [TestCase("a", "+")] // no bracket
    [TestCase("", "+")] // empty
    [TestCase("-a", "+")] // '-' must stand alone
    [TestCase("-", "+a")] // '+' must stand alone
    [TestCase("-", "x")]
    public void TryParse_InvalidItem_ReturnsFalse(string min, string max) =>
        Assert.That(LexRange.TryParse(Bytes(min), Bytes(max), out _), Is.False);

    [TestCase("[b", "a", false)]
    [TestCase("[b", "b", true)] // inclusive
    [TestCase("(b", "b", false)] // exclusive
    [TestCase("(b", "ba", true)] // a longer member after its prefix
    [TestCase("-", "", true)] // '-' is below every member, even the empty one
    [TestCase("+", "zzz", false)] // '+' is above every member
    public void IsAboveMin_ComparesAsSdscmplex(string min, string member, bool expected)
    {
        Assert.That(LexRange.TryParse(Bytes(min), "+"u8, out LexRange range), Is.True);
        Assert.That(range.IsAboveMin(Bytes(member)), Is.EqualTo(expected));
    }

    [TestCase("[b", "b", true)]
    [TestCase("(b", "b", false)]
    [TestCase("(b", "a\u00ff", true)] // bytes compare unsigned
    [TestCase("+", "\u00ff\u00ff", true)]
    [TestCase("-", "", false)]
    public void IsBelowMax_ComparesAsSdscmplex(string max, string member, bool expected)
    {
        Assert.That(LexRange.TryParse("-"u8, Bytes(max), out LexRange range), Is.True);
        Assert.That(range.IsBelowMax(Bytes(member)), Is.EqualTo(expected));
    }

    [TestCase("-", "+", false)]
    [TestCase("+", "-", true)]
    [TestCase("-", "-", true)] // a sentinel equals itself, and it is exclusive
    [TestCase("+", "+", true)]
    [TestCase("[a", "[a", false)] // one point
    [TestCase("[a", "(a", true)]
    [TestCase("[b", "[a", true)]
    [TestCase("[a", "-", true)]
    [TestCase("+", "[a", true)]
    [TestCase("-", "[a", false)]
    public void IsEmpty_FollowsZslIsInLexRange(string min, string max, bool expected)
    {
        Assert.That(LexRange.TryParse(Bytes(min), Bytes(max), out LexRange range), Is.True);
        Assert.That(range.IsEmpty, Is.EqualTo(expected));
    }

    private static byte[] Bytes(string text) => Encoding.Latin1.GetBytes(text);
}
