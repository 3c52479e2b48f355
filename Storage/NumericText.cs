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
    /// string2d: strtod as Redis uses it (getDoubleFromObject). The whole text must be a number with no leading
    /// space; "inf", "+inf", "-inf" and "infinity" are accepted in any case, as are C99 hexadecimal floats
    /// ("0x1.8p1"); NaN, overflow and underflow to zero (strtod's ERANGE) are rejected.
    /// </summary>
    public static bool TryParseDouble(ReadOnlySpan<byte> text, out double value)
    {
        value = 0;
        // No length limit: string2d has none (only the long double parser of INCRBYFLOAT caps at 5 KB).
        if (text.IsEmpty || IsSpace(text[0]))
        {
            return false;
        }
        ReadOnlySpan<byte> unsigned = text[0] is (byte)'+' or (byte)'-' ? text[1..] : text;
        if (Ascii.EqualsIgnoreCase(unsigned, "inf"u8) || Ascii.EqualsIgnoreCase(unsigned, "infinity"u8))
        {
            value = text[0] == (byte)'-' ? double.NegativeInfinity : double.PositiveInfinity;
            return true;
        }
        bool nonZeroDigits;
        if (unsigned.Length > 2 && unsigned[0] == (byte)'0' && (unsigned[1] | 0x20) == (byte)'x')
        {
            if (!TryParseHexDouble(unsigned[2..], out value, out nonZeroDigits))
            {
                return false;
            }
            if (text[0] == (byte)'-')
            {
                value = -value;
            }
        }
        else
        {
            // .NET's parser skips trailing NULs; strtod stops at the first one, so the text would not be all used.
            if (unsigned.Contains((byte)0) || !double.TryParse(text,
                    NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
                    CultureInfo.InvariantCulture, out value))
            {
                return false;
            }
            int exponentAt = unsigned.IndexOfAny((byte)'e', (byte)'E');
            nonZeroDigits = (exponentAt < 0 ? unsigned : unsigned[..exponentAt]).IndexOfAnyInRange((byte)'1', (byte)'9') >= 0;
        }
        // strtod reports overflow and underflow to zero as ERANGE, which Redis rejects; .NET returns infinity or 0.
        return !double.IsNaN(value) && !double.IsInfinity(value) && (value != 0 || !nonZeroDigits);
    }

    /// <summary>
    /// The digits of a C99 hexadecimal float after its "0x": hex digits with at most one point, then an optional
    /// binary exponent "p[+-]digits". Keeps 60 significant bits plus a sticky bit, so rounding to a double is exact.
    /// </summary>
    private static bool TryParseHexDouble(ReadOnlySpan<byte> text, out double value, out bool nonZeroDigits)
    {
        value = 0;
        ulong mantissa = 0;
        int exponent = 0, digits = 0, i = 0;
        bool afterPoint = false;
        nonZeroDigits = false;
        for (; i < text.Length; i++)
        {
            if (text[i] == (byte)'.' && !afterPoint)
            {
                afterPoint = true;
                continue;
            }
            if (!char.IsAsciiHexDigit((char)text[i]))
            {
                break;
            }
            int digit = text[i] <= (byte)'9' ? text[i] - '0' : (text[i] | 0x20) - 'a' + 10;
            digits++;
            nonZeroDigits |= digit != 0;
            if (mantissa >> 56 == 0)
            {
                mantissa = (mantissa << 4) | (uint)digit;
                exponent -= afterPoint ? 4 : 0;
            }
            else
            {
                mantissa |= digit != 0 ? 1UL : 0;
                exponent += afterPoint ? 0 : 4;
            }
        }
        if (digits == 0)
        {
            return false;
        }
        if (i < text.Length)
        {
            if ((text[i] | 0x20) != (byte)'p')
            {
                return false;
            }
            i++;
            bool negative = i < text.Length && text[i] == (byte)'-';
            if (i < text.Length && text[i] is (byte)'+' or (byte)'-')
            {
                i++;
            }
            if (i == text.Length)
            {
                return false;
            }
            int binaryExponent = 0;
            for (; i < text.Length; i++)
            {
                if (!char.IsAsciiDigit((char)text[i]))
                {
                    return false;
                }
                binaryExponent = Math.Min(binaryExponent * 10 + (text[i] - '0'), 100_000);
            }
            exponent += negative ? -binaryExponent : binaryExponent;
        }
        value = Math.ScaleB(mantissa, exponent);
        return true;
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
