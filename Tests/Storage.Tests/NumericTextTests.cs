using System.Text;

namespace Reactor.MiniRedis.Storage.Tests;

/// <summary>
/// Number parsing with the rules of string2ll and string2d in redis/redis src/util.c. Integer cases marked
/// "verified" were checked with SET + INCRBY n 0 (and OBJECT ENCODING) on a real redis-server 7.0.15, float cases
/// with ZADD.
/// </summary>
public sealed class NumericTextTests
{
    [TestCase("0", 0L)]                                        // the only number that may start with '0' (verified)
    [TestCase("1", 1L)]
    [TestCase("-1", -1L)]
    [TestCase("1234567890", 1234567890L)]
    [TestCase("9223372036854775807", long.MaxValue)]            // 2^63 - 1 (verified)
    [TestCase("-9223372036854775808", long.MinValue)]           // -2^63, 20 bytes (verified)
    public void TryParseInt64_CanonicalInteger_Succeeds(string text, long expected)
    {
        Assert.Multiple(() =>
        {
            Assert.That(NumericText.TryParseInt64(Bytes(text), out long value), Is.True);
            Assert.That(value, Is.EqualTo(expected));
        });
    }

    [TestCase("")]                           // empty
    [TestCase("-")]                          // a sign alone (verified)
    [TestCase("-0")]                         // string2ll wants 1-9 after '-' (verified)
    [TestCase("00")]                         // leading zeros (verified)
    [TestCase("01")]                         // (verified)
    [TestCase("-01")]
    [TestCase("+1")]                         // no '+' (verified)
    [TestCase(" 1")]                         // no spaces (verified)
    [TestCase("1 ")]
    [TestCase("1a")]
    [TestCase("1.0")]
    [TestCase("1e3")]
    [TestCase("0x10")]
    [TestCase("9223372036854775808")]        // 2^63 (verified)
    [TestCase("-9223372036854775809")]       // -2^63 - 1 (verified)
    [TestCase("18446744073709551616")]       // 2^64: overflows the unsigned accumulator
    [TestCase("99999999999999999999")]       // 20 digits, far past 2^64
    [TestCase("123456789012345678901")]      // 21 bytes: longer than LONG_STR_SIZE - 1
    [TestCase("1\0")]                        // a NUL is not a digit
    public void TryParseInt64_NonCanonicalText_Fails(string text) =>
        Assert.That(NumericText.TryParseInt64(Bytes(text), out _), Is.False);

    [TestCase("1", 1.0)]
    [TestCase("-1.5", -1.5)]
    [TestCase("+1", 1.0)]                    // strtod takes a '+' (verified)
    [TestCase("1e5", 100000.0)]
    [TestCase("1.5e+3", 1500.0)]             // (verified)
    [TestCase("1E-2", 0.01)]
    [TestCase("5.", 5.0)]                    // (verified)
    [TestCase(".5", 0.5)]                    // (verified)
    [TestCase("-.5", -0.5)]                  // (verified)
    [TestCase("007", 7.0)]                   // leading zeros are fine for strtod
    [TestCase("0e-400", 0.0)]                // an exact zero never underflows (verified)
    [TestCase("4e-320", 4e-320)]             // a subnormal result is accepted (verified)
    [TestCase("0x10", 16.0)]                 // strtod reads hexadecimal (verified)
    [TestCase("0X1A", 26.0)]                 // (verified)
    [TestCase("-0x10", -16.0)]               // (verified)
    [TestCase("0x.8", 0.5)]                  // (verified)
    [TestCase("0x1p3", 8.0)]                 // a binary exponent (verified)
    [TestCase("0x1.8p1", 3.0)]               // (verified)
    [TestCase("0x1P-2", 0.25)]               // (verified)
    [TestCase("0x00000000000000000001", 1.0)] // leading zeros do not use up precision (verified)
    [TestCase("0x123456789abcdef0123", 5.373003642731685e21)] // more hex digits than a double holds (verified)
    public void TryParseDouble_Number_Succeeds(string text, double expected)
    {
        Assert.Multiple(() =>
        {
            Assert.That(NumericText.TryParseDouble(Bytes(text), out double value), Is.True);
            Assert.That(value, Is.EqualTo(expected));
        });
    }

    [Test]
    public void TryParseDouble_LongerThan5Kb_Succeeds()
    {
        // string2d has no length limit: ZADD takes "1." followed by 6000 zeros (verified).
        byte[] text = Bytes("1." + new string('0', 6000));
        Assert.Multiple(() =>
        {
            Assert.That(NumericText.TryParseDouble(text, out double value), Is.True);
            Assert.That(value, Is.EqualTo(1.0));
        });
    }

    [TestCase("-0")]          // (verified)
    [TestCase("-0.0")]
    public void TryParseDouble_NegativeZero_KeepsItsSign(string text)
    {
        Assert.Multiple(() =>
        {
            Assert.That(NumericText.TryParseDouble(Bytes(text), out double value), Is.True);
            Assert.That(double.IsNegative(value) && value == 0, Is.True);
        });
    }

    [TestCase("inf", double.PositiveInfinity)]         // (verified)
    [TestCase("+inf", double.PositiveInfinity)]        // (verified)
    [TestCase("-inf", double.NegativeInfinity)]        // (verified)
    [TestCase("INF", double.PositiveInfinity)]         // any case (verified)
    [TestCase("infinity", double.PositiveInfinity)]    // (verified)
    [TestCase("Infinity", double.PositiveInfinity)]    // (verified)
    [TestCase("-infinity", double.NegativeInfinity)]   // (verified)
    public void TryParseDouble_Infinity_Succeeds(string text, double expected)
    {
        Assert.Multiple(() =>
        {
            Assert.That(NumericText.TryParseDouble(Bytes(text), out double value), Is.True);
            Assert.That(value, Is.EqualTo(expected));
        });
    }

    [TestCase("")]            // (verified)
    [TestCase(" 1")]          // a leading space, which strtod would skip, is refused (verified)
    [TestCase("\t1")]
    [TestCase("1 ")]          // trailing bytes (verified)
    [TestCase("1\0")]         // a NUL ends strtod's scan, so the text is not all used
    [TestCase("nan")]         // NaN is refused (verified)
    [TestCase("NaN")]
    [TestCase("-nan")]
    [TestCase("infin")]       // (verified)
    [TestCase("-")]           // (verified)
    [TestCase("+")]           // (verified)
    [TestCase(".")]           // (verified)
    [TestCase("1e")]          // (verified)
    [TestCase("1e+")]         // (verified)
    [TestCase("1e5.5")]       // (verified)
    [TestCase("1_0")]         // (verified)
    [TestCase("1,5")]         // (verified)
    [TestCase("1d")]          // (verified)
    [TestCase("1e400")]       // overflow: strtod's ERANGE (verified)
    [TestCase("-1e400")]
    [TestCase("1e-400")]      // underflow to zero: ERANGE with a zero result (verified)
    [TestCase("0x")]          // no hex digits (verified)
    [TestCase("0xp3")]        // (verified)
    [TestCase("0x1p")]        // an exponent without digits (verified)
    [TestCase("0xg")]         // (verified)
    [TestCase("00x1")]        // (verified)
    [TestCase("0x1p2000")]    // hexadecimal overflow (verified)
    [TestCase("0x1p-1080")]   // hexadecimal underflow to zero (verified)
    public void TryParseDouble_NotAFloat_Fails(string text) =>
        Assert.That(NumericText.TryParseDouble(Bytes(text), out _), Is.False);

    [TestCase(0L, "0")]
    [TestCase(-1L, "-1")]
    [TestCase(long.MaxValue, "9223372036854775807")]
    [TestCase(long.MinValue, "-9223372036854775808")]
    public void FormatInt64_WritesDecimalDigits(long value, string expected)
    {
        Span<byte> destination = stackalloc byte[20];
        int written = NumericText.FormatInt64(value, destination);
        Assert.That(Encoding.ASCII.GetString(destination[..written]), Is.EqualTo(expected));
    }

    [Test]
    public void Int64ToBytes_GivesTheDigits() =>
        Assert.That(NumericText.Int64ToBytes(-42), Is.EqualTo("-42"u8.ToArray()));

    private static byte[] Bytes(string text) => Encoding.Latin1.GetBytes(text);

    [TestCase("42", 42L)]
    [TestCase(" \t\n-42x", -42L)]                                   // glibc isspace, a sign, digits up to the first other byte
    [TestCase("+7\r\n", 7L)]                                          // an AOF line: the CRLF ends the number
    [TestCase("", 0L)]                                                 // no digits: 0
    [TestCase("- 7", 0L)]                                              // white space after the sign ends it
    [TestCase("99999999999999999999", long.MaxValue)]                 // ERANGE saturates
    [TestCase("-9223372036854775808", long.MinValue)]
    [TestCase("-9223372036854775809", long.MinValue)]
    public void Strtoll_Text_ParsesLikeGlibc(string text, long expected) =>
        Assert.That(NumericText.Strtoll(Encoding.ASCII.GetBytes(text)), Is.EqualTo(expected));
}
