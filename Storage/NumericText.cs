using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Reactor.MiniRedis.Storage;

/// <summary>
/// Conversions between numbers and their text form with Redis's exact rules (redis/redis src/util.c):
/// what counts as an integer for INCR or an int-encoded string, and what counts as a float.
/// </summary>
public static class NumericText
{
    /// <summary>
    /// string2ll: an optional '-', then digits with no leading zeros (except "0" itself), no '+', no spaces,
    /// within the range of a 64-bit integer.
    /// </summary>
    public static bool TryParseInt64(ReadOnlySpan<byte> text, out long value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > 20)
        {
            return false;
        }
        if (text.Length == 1 && text[0] == (byte)'0')
        {
            return true;
        }
        bool negative = text[0] == (byte)'-';
        int i = negative ? 1 : 0;
        if (i == text.Length || text[i] < (byte)'1' || text[i] > (byte)'9')
        {
            return false;
        }
        ulong acc = 0;
        for (; i < text.Length; i++)
        {
            uint digit = (uint)(text[i] - (byte)'0');
            if (digit > 9 || acc > (ulong.MaxValue - digit) / 10)
            {
                return false;
            }
            acc = acc * 10 + digit;
        }
        if (negative)
        {
            if (acc > (ulong)long.MaxValue + 1)
            {
                return false;
            }
            value = (long)(0 - acc);
            return true;
        }
        if (acc > long.MaxValue)
        {
            return false;
        }
        value = (long)acc;
        return true;
    }

    /// <summary>
    /// strtod as Redis uses it (string2d / getDoubleFromObject): the whole text must be a number, no leading
    /// space, NaN rejected; "inf", "+inf", "-inf" and "infinity" accepted in any case.
    /// </summary>
    public static bool TryParseDouble(ReadOnlySpan<byte> text, out double value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > 5 * 1024 || IsSpace(text[0]))
        {
            return false;
        }
        ReadOnlySpan<byte> unsigned = text[0] is (byte)'+' or (byte)'-' ? text[1..] : text;
        if (Ascii.EqualsIgnoreCase(unsigned, "inf"u8) || Ascii.EqualsIgnoreCase(unsigned, "infinity"u8))
        {
            value = text[0] == (byte)'-' ? double.NegativeInfinity : double.PositiveInfinity;
            return true;
        }
        if (!double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
                CultureInfo.InvariantCulture, out value))
        {
            return false;
        }
        // strtod reports overflow as ERANGE, which Redis rejects; .NET returns infinity for it.
        return !double.IsNaN(value) && !double.IsInfinity(value);
    }

    /// <summary>Formats <paramref name="value"/> as decimal digits into <paramref name="destination"/>; returns the length.</summary>
    public static int FormatInt64(long value, Span<byte> destination)
    {
        Utf8Formatter.TryFormat(value, destination, out int written);
        return written;
    }

    /// <summary>The digits of <paramref name="value"/> as a new array.</summary>
    public static byte[] Int64ToBytes(long value)
    {
        Span<byte> digits = stackalloc byte[20];
        return digits[..FormatInt64(value, digits)].ToArray();
    }

    private static bool IsSpace(byte c) => c is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\v' or (byte)'\f' or (byte)'\r';
}
