using System.Globalization;

namespace Reactor.MiniRedis.Storage;

/// <summary>
/// Scores as Redis 7.0 writes them as text: C's <c>printf("%.17g")</c> with infinities written <c>inf</c> and
/// <c>-inf</c>, the format of addReplyDouble (redis/redis src/networking.c) and of d2string (src/util.c), which
/// stores non-integer scores in a sorted set's listpack. So 1 is <c>1</c>, 1.5 is <c>1.5</c>, 0.1 is
/// <c>0.10000000000000001</c>, 1e20 is <c>1e+20</c>, 1e-5 is <c>1.0000000000000001e-05</c> and -0 is <c>-0</c>.
/// (Redis 7.2 switched to the shortest round-trip form; 7.0 is the behaviour we match.)
/// </summary>
public static class ScoreText
{
    /// <summary>The longest text a score formats to (e.g. <c>-2.2250738585072014e-308</c>), rounded up.</summary>
    public const int MaxLength = 32;

    private const int Precision = 17;

    /// <summary>
    /// Formats <paramref name="value"/> like <c>%.17g</c> into <paramref name="destination"/> (at least
    /// <see cref="MaxLength"/> bytes) and returns the length. NaN is never stored in a sorted set and is not handled.
    /// </summary>
    public static int Format(double value, Span<byte> destination)
    {
        if (double.IsInfinity(value))
        {
            return Copy(value > 0 ? "inf"u8 : "-inf"u8, destination);
        }
        if (value == 0)
        {
            return Copy(double.IsNegative(value) ? "-0"u8 : "0"u8, destination);
        }

        // "E16" gives the 17 significant digits %.17g starts from, correctly rounded: d.dddddddddddddddE+ddd.
        Span<byte> scientific = stackalloc byte[MaxLength];
        value.TryFormat(scientific, out int length, "E16", CultureInfo.InvariantCulture);
        int start = scientific[0] == (byte)'-' ? 1 : 0;
        Span<byte> digits = stackalloc byte[Precision];
        digits[0] = scientific[start];
        scientific.Slice(start + 2, Precision - 1).CopyTo(digits[1..]);
        int exponentAt = start + Precision + 2; // after "d." and 16 digits comes 'E'
        int exponent = int.Parse(scientific[exponentAt..length], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

        int written = 0;
        if (start == 1)
        {
            destination[written++] = (byte)'-';
        }
        // %g: plain notation when -4 <= exponent < precision, else exponential; trailing zeros dropped either way.
        if (exponent < -4 || exponent >= Precision)
        {
            destination[written++] = digits[0];
            written += WriteFraction(digits[1..], destination[written..]);
            destination[written++] = (byte)'e';
            destination[written++] = exponent < 0 ? (byte)'-' : (byte)'+';
            int magnitude = Math.Abs(exponent);
            if (magnitude < 10)
            {
                destination[written++] = (byte)'0';
            }
            magnitude.TryFormat(destination[written..], out int exponentDigits, provider: CultureInfo.InvariantCulture);
            written += exponentDigits;
        }
        else if (exponent >= 0)
        {
            digits[..(exponent + 1)].CopyTo(destination[written..]);
            written += exponent + 1;
            written += WriteFraction(digits[(exponent + 1)..], destination[written..]);
        }
        else
        {
            destination[written++] = (byte)'0';
            destination[written++] = (byte)'.';
            destination.Slice(written, -exponent - 1).Fill((byte)'0');
            written += -exponent - 1;
            ReadOnlySpan<byte> significant = digits.TrimEnd((byte)'0');
            significant.CopyTo(destination[written..]);
            written += significant.Length;
        }
        return written;
    }

    // Writes ".ddd" for the fraction digits without their trailing zeros; nothing when they are all zero.
    private static int WriteFraction(ReadOnlySpan<byte> fraction, Span<byte> destination)
    {
        fraction = fraction.TrimEnd((byte)'0');
        if (fraction.IsEmpty)
        {
            return 0;
        }
        destination[0] = (byte)'.';
        fraction.CopyTo(destination[1..]);
        return fraction.Length + 1;
    }

    private static int Copy(ReadOnlySpan<byte> text, Span<byte> destination)
    {
        text.CopyTo(destination);
        return text.Length;
    }
}
