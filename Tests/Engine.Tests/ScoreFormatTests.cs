using System.Globalization;
using System.Text;
using Reactor.MiniRedis.Engine.Commands;

namespace Reactor.MiniRedis.Engine.Tests;

/// <summary>
/// Scores must be formatted exactly as Redis 7.0's addReplyDouble does (printf "%.17g"). The expected texts were
/// produced by C's printf (through Python's "%.17g" formatting) and agree with redis-server 7.0.15's ZSCORE replies.
/// </summary>
public sealed class ScoreFormatTests
{
    [TestCase(1.0, "1")]
    [TestCase(1.5, "1.5")]
    [TestCase(0.1, "0.10000000000000001")]
    [TestCase(1e+20, "1e+20")]
    [TestCase(1e-05, "1.0000000000000001e-05")]
    [TestCase(3.0000000000000004, "3.0000000000000004")]
    [TestCase(0.0, "0")]
    [TestCase(100.0, "100")]
    [TestCase(1e+16, "10000000000000000")]
    [TestCase(1e+17, "1e+17")]
    [TestCase(0.0001, "0.0001")]
    [TestCase(1.234e-05, "1.234e-05")]
    [TestCase(1.2345678901234568e+17, "1.2345678901234568e+17")]
    [TestCase(5e-324, "4.9406564584124654e-324")]
    [TestCase(1.7976931348623157e+308, "1.7976931348623157e+308")]
    [TestCase(2.2250738585072014e-308, "2.2250738585072014e-308")]
    [TestCase(-2.5, "-2.5")]
    [TestCase(0.3333333333333333, "0.33333333333333331")]
    [TestCase(-1e-300, "-1e-300")]
    [TestCase(9007199254740992.0, "9007199254740992")]
    [TestCase(12345.678, "12345.678")]
    [TestCase(0.30000000000000004, "0.30000000000000004")]
    [TestCase(1e+100, "1e+100")]
    [TestCase(-1.23456e-05, "-1.2345599999999999e-05")]
    [TestCase(0.0009999990000000001, "0.00099999900000000011")]
    [TestCase(2.7216092808335446e+276, "2.7216092808335446e+276")]
    [TestCase(2.3233198881469e+93, "2.3233198881469e+93")]
    [TestCase(2.3558459513947972e+198, "2.3558459513947972e+198")]
    [TestCase(2.319469273766672e+51, "2.3194692737666721e+51")]
    [TestCase(80503.681856504, "80503.681856504001")]
    [TestCase(-1.086847153644306e-255, "-1.0868471536443061e-255")]
    [TestCase(1.319802866137463e-265, "1.3198028661374631e-265")]
    [TestCase(-6.266356115726005e+31, "-6.2663561157260052e+31")]
    public void Format_FiniteValue_MatchesPrintfPercent17g(double value, string expected) =>
        Assert.That(Format(value), Is.EqualTo(expected));

    [Test]
    public void Format_NegativeZero_KeepsSign() => Assert.That(Format(-0.0), Is.EqualTo("-0"));

    [Test]
    public void Format_PositiveInfinity_IsInf() => Assert.That(Format(double.PositiveInfinity), Is.EqualTo("inf"));

    [Test]
    public void Format_NegativeInfinity_IsMinusInf() => Assert.That(Format(double.NegativeInfinity), Is.EqualTo("-inf"));

    [Test]
    public void Format_RandomDoubles_ParseBackToTheSameValue()
    {
        var random = new Random(12345);
        byte[] bytes = new byte[8];
        for (int i = 0; i < 10_000; i++)
        {
            random.NextBytes(bytes);
            double value = BitConverter.ToDouble(bytes);
            if (double.IsFinite(value))
            {
                string text = Format(value);
                Assert.That(double.Parse(text, CultureInfo.InvariantCulture), Is.EqualTo(value), text);
            }
        }
    }

    private static string Format(double value)
    {
        Span<byte> buffer = stackalloc byte[ScoreFormat.MaxLength];
        return Encoding.ASCII.GetString(buffer[..ScoreFormat.Format(value, buffer)]);
    }
}
