using System.Text;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Storage.Tests;

/// <summary>
/// The software x87 long double and its strtold / <c>%.17Lf</c> text forms. Expected digits come from glibc on
/// x86-64 (through a real redis-server 7.0.15's INCRBYFLOAT).
/// </summary>
public sealed class LongDoubleTests
{
    private static LongDouble Parse(string text)
    {
        Assert.That(NumericText.TryParseLongDouble(Encoding.ASCII.GetBytes(text), out LongDouble value), Is.True, text);
        return value;
    }

    private static string Format(LongDouble value) => Encoding.ASCII.GetString(NumericText.LongDoubleToBytes(value));

    [TestCase("0.1", "0.1")]
    [TestCase("-2.5", "-2.5")]
    [TestCase("1e10", "10000000000")]
    [TestCase("1e-17", "0.00000000000000001")]
    [TestCase("4e-18", "0")]
    [TestCase("-4e-18", "0")]
    [TestCase("123456789012345678901234567890", "123456789012345678899921813504")]
    [TestCase("0x1p64", "18446744073709551616")]
    [TestCase("0x1p-1", "0.5")]
    public void ParseThenFormat_GivesRedisText(string text, string expected) =>
        Assert.That(Format(Parse(text)), Is.EqualTo(expected));

    [Test]
    public void Parse_ExtendedPrecision_KeepsSixtyFourBits() =>
        // 2^64 - 1 needs all 64 significand bits; a double would round it to 2^64.
        Assert.That(Format(Parse("18446744073709551615")), Is.EqualTo("18446744073709551615"));

    [TestCase("10.5", "0.1", "10.6")]
    [TestCase("1234.5678", "1111.1111", "2345.67890000000000006")]
    [TestCase("10000000000", "0.1", "10000000000.09999999962747097")]
    [TestCase("1", "-1", "0")]
    public void Add_RoundsLikeX87(string left, string right, string expected) =>
        Assert.That(Format(Parse(left) + Parse(right)), Is.EqualTo(expected));

    [Test]
    public void Add_OneToHugeValue_LeavesItUnchanged() =>
        Assert.That(Format(Parse("1e4000") + Parse("1")), Is.EqualTo(Format(Parse("1e4000"))));

    [Test]
    public void Add_TinyToLarge_RoundsToLarge() =>
        Assert.That(Format(Parse("1") + Parse("1e-4000")), Is.EqualTo("1"));

    [Test]
    public void Add_TinyBelowHalfUnitFromPowerOfTwo_RoundsBackUp()
    {
        // 2^64 - 2^-4000 lies just under 2^64, far closer to it than to the next long double below.
        LongDouble sum = Parse("0x1p64") + Parse("-0x1p-4000");
        Assert.That(Format(sum), Is.EqualTo("18446744073709551616"));
    }

    [Test]
    public void Add_OppositeInfinities_IsNaN() =>
        Assert.That((LongDouble.PositiveInfinity + LongDouble.NegativeInfinity).IsNaN, Is.True);

    [Test]
    public void Add_FiniteToInfinity_IsInfinity() =>
        Assert.That((Parse("1") + LongDouble.NegativeInfinity).IsInfinity, Is.True);

    [Test]
    public void Add_Overflow_IsInfinity() =>
        Assert.That((Parse("1.18973149535723176502e+4932") + Parse("1e4932")).IsFinite, Is.False);

    [TestCase(0L, "0")]
    [TestCase(long.MinValue, "-9223372036854775808")]
    [TestCase(long.MaxValue, "9223372036854775807")]
    [TestCase(-1L, "-1")]
    public void FromInt64_IsExact(long value, string expected) =>
        Assert.That(Format(LongDouble.FromInt64(value)), Is.EqualTo(expected));

    [TestCase("inf", false)]
    [TestCase("-Infinity", true)]
    public void Parse_Infinity_IsAccepted(string text, bool negative)
    {
        LongDouble value = Parse(text);
        Assert.That((value.IsInfinity, value.IsNegative), Is.EqualTo((true, negative)));
    }

    [TestCase("")]
    [TestCase(" 1")]
    [TestCase("1 ")]
    [TestCase("+")]
    [TestCase("nan")]
    [TestCase("1e5000")]
    [TestCase("1e-5000")]
    [TestCase("0x")]
    [TestCase("0xg")]
    [TestCase("1e+")]
    [TestCase("1\02")]
    public void Parse_Invalid_IsRejected(string text) =>
        Assert.That(NumericText.TryParseLongDouble(Encoding.Latin1.GetBytes(text), out _), Is.False);

    [Test]
    public void Parse_SmallestSubnormal_IsAccepted() =>
        Assert.That(Parse("0x1p-16445").IsFinite, Is.True);

    [Test]
    public void Format_Infinity_IsInf() =>
        Assert.That((Format(LongDouble.PositiveInfinity), Format(LongDouble.NegativeInfinity)), Is.EqualTo(("inf", "-inf")));

    // Expected values from glibc on x86-64: (long long)ceill(strtold(text) * 1000.0), as Redis reads a timeout.
    [TestCase("0.1", 100)]
    [TestCase("1.001", 1001)]
    [TestCase("0.0001", 1)]
    [TestCase("-0.0001", 0)]
    [TestCase("-0.001", 0)]
    [TestCase("-0.0015", -1)]
    [TestCase("1e-400", 1)]
    [TestCase("0x1p-20", 1)]
    [TestCase("2.5", 2500)]
    [TestCase("-2.5", -2500)]
    [TestCase("9.2e15", 9200000000000000000)]
    [TestCase("9223372036854775.807", 9223372036854775807)]
    [TestCase("9223372036854775.808", long.MinValue)]
    [TestCase("9.3e15", long.MinValue)]
    [TestCase("1e400", long.MinValue)]
    [TestCase("inf", long.MinValue)]
    [TestCase("-inf", long.MinValue)]
    public void MultiplyThenCeiling_MatchesGlibc(string text, long expected) =>
        Assert.That((Parse(text) * LongDouble.FromInt64(1000)).CeilingToInt64(), Is.EqualTo(expected));

    [Test]
    public void Multiply_InfinityByZero_IsNaN() =>
        Assert.That((LongDouble.PositiveInfinity * LongDouble.Zero).IsNaN, Is.True);

    [Test]
    public void Multiply_NegativeByNegative_IsPositive() =>
        Assert.That(Format(Parse("-1.5") * Parse("-2")), Is.EqualTo("3"));

    [Test]
    public void Multiply_RoundsTheExactProductOnce() =>
        // glibc: printf("%.17Lf", strtold("1234.5678") * strtold("1111.1111")).
        Assert.That(Format(Parse("1234.5678") * Parse("1111.1111")), Is.EqualTo("1371741.98628257999996549"));

    [Test]
    public void CeilingToInt64_NaN_IsLongMinValue() => Assert.That(LongDouble.NaN.CeilingToInt64(), Is.EqualTo(long.MinValue));
}
