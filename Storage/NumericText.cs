using System.Buffers.Text;
using System.Globalization;
using System.Numerics;
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
    /// strtod followed by a check that it used the whole text, as zslParseRange (redis/redis src/t_zset.c) reads the
    /// bounds of ZRANGEBYSCORE and ZCOUNT; looser than <see cref="TryParseDouble"/>: leading white space is skipped,
    /// the text ends at its first NUL byte as a C string would, an empty text is 0 (strtod converts nothing and stops
    /// on the terminator), and values out of range become infinity or zero as strtod rounds them. NaN is rejected.
    /// </summary>
    public static bool TryParseStrtod(ReadOnlySpan<byte> text, out double value)
    {
        int nul = text.IndexOf((byte)0);
        if (nul >= 0)
        {
            text = text[..nul];
        }
        if (text.IsEmpty)
        {
            value = 0;
            return true;
        }
        int start = 0;
        while (start < text.Length && IsSpace(text[start]))
        {
            start++;
        }
        text = text[start..];
        if (TryParseDouble(text, out value))
        {
            return true;
        }
        // What string2d refuses and strtod takes: a number too large or too small for a double (ERANGE).
        bool negative = !text.IsEmpty && text[0] == (byte)'-';
        ReadOnlySpan<byte> unsigned = !text.IsEmpty && text[0] is (byte)'+' or (byte)'-' ? text[1..] : text;
        bool parsed = unsigned.Length > 2 && unsigned[0] == (byte)'0' && (unsigned[1] | 0x20) == (byte)'x'
            ? TryParseHexDouble(unsigned[2..], out value, out _)
            : double.TryParse(unsigned, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out value);
        value = negative ? -value : value;
        return parsed && !double.IsNaN(value);
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

    /// <summary>
    /// C's strtoll(text, NULL, 10) as glibc does it, which atol and atoll are: leading white space, an optional
    /// sign, then the digits up to the first other byte (0 when there are none); a number out of range saturates
    /// at <see cref="long.MinValue"/> or <see cref="long.MaxValue"/> (ERANGE). atoi is <c>(int)</c> of it: the low
    /// 32 bits of the saturated value. For the places Redis reads a number this loosely (AOF lines, the AOF
    /// manifest, getkeys procs); commands use <see cref="TryParseInt64"/> (string2ll).
    /// </summary>
    public static long Strtoll(ReadOnlySpan<byte> text)
    {
        int i = 0;
        while (i < text.Length && IsSpace(text[i]))
        {
            i++;
        }
        bool negative = false;
        if (i < text.Length && text[i] is (byte)'+' or (byte)'-')
        {
            negative = text[i] == (byte)'-';
            i++;
        }
        ulong magnitude = 0;
        bool overflow = false;
        for (; i < text.Length && text[i] is >= (byte)'0' and <= (byte)'9'; i++)
        {
            if (magnitude > (ulong.MaxValue - 9) / 10)
            {
                overflow = true;
                continue;
            }
            magnitude = magnitude * 10 + (ulong)(text[i] - '0');
        }
        return negative
            ? (overflow || magnitude > (ulong)long.MaxValue + 1 ? long.MinValue : (long)(0 - magnitude))
            : (overflow || magnitude > long.MaxValue ? long.MaxValue : (long)magnitude);
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

    // ---- long double (INCRBYFLOAT, HINCRBYFLOAT) ----

    /// <summary>
    /// MAX_LONG_DOUBLE_CHARS in redis/redis src/util.h: string2ld rejects texts this long or longer, and ld2string
    /// formats into a buffer of this size.
    /// </summary>
    public const int MaxLongDoubleChars = 5 * 1024;

    /// <summary>The digits after the point in <c>"%.17Lf"</c>.</summary>
    private const int LongDoubleFractionDigits = 17;

    /// <summary>10^17: one unit of the last printed digit.</summary>
    private const ulong LongDoubleFractionScale = 100_000_000_000_000_000;

    /// <summary>
    /// string2ld (redis/redis src/util.c): strtold as Redis uses it for INCRBYFLOAT and HINCRBYFLOAT. The whole
    /// text must be one number, decimal or C99 hexadecimal ("0x1.8p1"), with no leading space and shorter than
    /// <see cref="MaxLongDoubleChars"/>; "inf" and "infinity" are accepted in any case; NaN is rejected, and so are
    /// values that overflow or round to zero (strtold's ERANGE). Rounds exactly as glibc's strtold does.
    /// </summary>
    public static bool TryParseLongDouble(ReadOnlySpan<byte> text, out LongDouble value)
    {
        value = LongDouble.Zero;
        if (text.IsEmpty || text.Length >= MaxLongDoubleChars || IsSpace(text[0]))
        {
            return false;
        }
        bool negative = text[0] == (byte)'-';
        ReadOnlySpan<byte> unsigned = text[0] is (byte)'+' or (byte)'-' ? text[1..] : text;
        if (Ascii.EqualsIgnoreCase(unsigned, "inf"u8) || Ascii.EqualsIgnoreCase(unsigned, "infinity"u8))
        {
            value = LongDouble.Infinity(negative);
            return true;
        }
        bool hex = unsigned.Length > 2 && unsigned[0] == (byte)'0' && (unsigned[1] | 0x20) == (byte)'x';
        bool parsed = hex
            ? TryParseHexLongDouble(unsigned[2..], negative, out value, out bool nonZeroDigits)
            : TryParseDecimalLongDouble(unsigned, negative, out value, out nonZeroDigits);
        return parsed && value.IsFinite && (value.Significand != 0 || !nonZeroDigits);
    }

    /// <summary>
    /// ld2string with LD_STR_HUMAN (redis/redis src/util.c): <c>snprintf("%.17Lf")</c>, rounded to nearest with
    /// ties to even as glibc does, then the trailing zeros after the point and a bare point removed, and "-0"
    /// written as "0". So 10.5 + 0.1 is "10.6" and 1e10 + 0.1 is "10000000000.09999999962747097".
    /// </summary>
    public static byte[] LongDoubleToBytes(LongDouble value)
    {
        Span<byte> buffer = value.IsFinite && value.Exponent > 64 ? new byte[MaxLongDoubleChars] : stackalloc byte[64];
        return buffer[..FormatLongDouble(value, buffer)].ToArray();
    }

    /// <summary>
    /// Writes the LD_STR_HUMAN form of <paramref name="value"/> (see <see cref="LongDoubleToBytes"/>) into
    /// <paramref name="destination"/>, which must hold <see cref="MaxLongDoubleChars"/> bytes (64 are enough unless
    /// the value is 2^128 or more); returns the length.
    /// </summary>
    public static int FormatLongDouble(LongDouble value, Span<byte> destination)
    {
        if (value.IsNaN)
        {
            return Copy(value.IsNegative ? "-nan"u8 : "nan"u8, destination);
        }
        if (value.IsInfinity)
        {
            return Copy(value.IsNegative ? "-inf"u8 : "inf"u8, destination);
        }
        int written = 0;
        if (value.Exponent >= 0)
        {
            // An integer: no fraction digits survive the trimming.
            if (value.Significand != 0 && value.IsNegative)
            {
                destination[written++] = (byte)'-';
            }
            if (value.Exponent <= 64)
            {
                ((UInt128)value.Significand << value.Exponent).TryFormat(destination[written..], out int digits, default, CultureInfo.InvariantCulture);
                return written + digits;
            }
            string big = ((BigInteger)value.Significand << value.Exponent).ToString(CultureInfo.InvariantCulture);
            return written + Encoding.ASCII.GetBytes(big, destination[written..]);
        }

        // value * 10^17 rounded to an integer, ties to even. Below 2^-64 (a shift of 128 or more) it rounds to 0.
        int shift = -value.Exponent;
        UInt128 scaled = 0;
        if (shift < 128)
        {
            UInt128 product = (UInt128)value.Significand * LongDoubleFractionScale; // < 2^121
            scaled = product >> shift;
            UInt128 dropped = product - (scaled << shift);
            UInt128 half = UInt128.One << (shift - 1);
            if (dropped > half || (dropped == half && (scaled & 1) != 0))
            {
                scaled++;
            }
        }
        UInt128 integer = scaled / LongDoubleFractionScale;
        ulong fraction = (ulong)(scaled % LongDoubleFractionScale);
        if (scaled != 0 && value.IsNegative)
        {
            destination[written++] = (byte)'-';
        }
        integer.TryFormat(destination[written..], out int integerDigits, default, CultureInfo.InvariantCulture);
        written += integerDigits;
        if (fraction != 0)
        {
            destination[written++] = (byte)'.';
            fraction.TryFormat(destination.Slice(written, LongDoubleFractionDigits), out _, "D17", CultureInfo.InvariantCulture);
            written += LongDoubleFractionDigits;
            while (destination[written - 1] == (byte)'0')
            {
                written--;
            }
        }
        return written;
    }

    /// <summary>
    /// The decimal form of strtold after the sign: digits with at most one point (at least one digit), then an
    /// optional exponent "e[+-]digits". The exact value is rounded once, with big integers: 10^e times the digits,
    /// or the digits divided by 10^-e to 66 or more bits plus a sticky bit for the remainder.
    /// </summary>
    private static bool TryParseDecimalLongDouble(ReadOnlySpan<byte> text, bool negative, out LongDouble value, out bool nonZeroDigits)
    {
        value = LongDouble.SignedZero(negative);
        nonZeroDigits = false;
        int i = 0;
        while (i < text.Length && char.IsAsciiDigit((char)text[i]))
        {
            i++;
        }
        int integerEnd = i;
        int fractionStart = i;
        if (i < text.Length && text[i] == (byte)'.')
        {
            fractionStart = ++i;
            while (i < text.Length && char.IsAsciiDigit((char)text[i]))
            {
                i++;
            }
        }
        int fractionEnd = i;
        if (integerEnd == 0 && fractionEnd == fractionStart)
        {
            return false;
        }
        if (!TryParseFloatExponent(text, ref i, (byte)'e', out long exponent10) || i != text.Length)
        {
            return false;
        }

        // The significant digits, integer and fraction parts together, without leading or trailing zeros.
        ReadOnlySpan<byte> integerPart = text[..integerEnd];
        ReadOnlySpan<byte> fractionPart = text[fractionStart..fractionEnd];
        exponent10 -= fractionPart.Length;
        int leading = integerPart.IndexOfAnyExcept((byte)'0');
        if (leading < 0)
        {
            integerPart = default;
            leading = fractionPart.IndexOfAnyExcept((byte)'0');
            if (leading < 0)
            {
                return true; // all zeros
            }
            fractionPart = fractionPart[leading..];
        }
        else
        {
            integerPart = integerPart[leading..];
        }
        ReadOnlySpan<byte> last = fractionPart.IsEmpty ? integerPart : fractionPart;
        int trailing = last.Length - 1 - last.LastIndexOfAnyExcept((byte)'0');
        nonZeroDigits = true;
        long significantDigits = integerPart.Length + fractionPart.Length - trailing;
        exponent10 += trailing;
        if (significantDigits + exponent10 >= 4934)
        {
            value = LongDouble.Infinity(negative); // at least 10^4933, beyond the largest long double
            return true;
        }
        if (significantDigits + exponent10 <= -4951)
        {
            return true; // below 10^-4951, less than half the smallest subnormal: rounds to zero
        }
        BigInteger digits = AccumulateDigits(integerPart, fractionPart, (int)significantDigits);
        if (exponent10 >= 0)
        {
            value = LongDouble.Round(digits * BigInteger.Pow(10, (int)exponent10), 0, sticky: false, negative);
            return true;
        }
        BigInteger divisor = BigInteger.Pow(10, (int)-exponent10);
        long scale = Math.Max(0, 66 + (long)divisor.GetBitLength() - (long)digits.GetBitLength());
        BigInteger quotient = BigInteger.DivRem(digits << (int)scale, divisor, out BigInteger remainder);
        value = LongDouble.Round(quotient, -scale, sticky: !remainder.IsZero, negative);
        return true;
    }

    /// <summary>
    /// The hexadecimal form of strtold after the sign and "0x": hex digits with at most one point (at least one
    /// digit), then an optional binary exponent "p[+-]digits". The value is exact before its single rounding.
    /// </summary>
    private static bool TryParseHexLongDouble(ReadOnlySpan<byte> text, bool negative, out LongDouble value, out bool nonZeroDigits)
    {
        value = LongDouble.SignedZero(negative);
        nonZeroDigits = false;
        BigInteger mantissa = BigInteger.Zero;
        ulong chunk = 0;
        int chunkDigits = 0, digits = 0, fractionDigits = 0, i = 0;
        bool afterPoint = false;
        for (; i < text.Length; i++)
        {
            byte c = text[i];
            if (c == (byte)'.' && !afterPoint)
            {
                afterPoint = true;
                continue;
            }
            if (!char.IsAsciiHexDigit((char)c))
            {
                break;
            }
            int digit = c <= (byte)'9' ? c - '0' : (c | 0x20) - 'a' + 10;
            digits++;
            fractionDigits += afterPoint ? 1 : 0;
            nonZeroDigits |= digit != 0;
            chunk = (chunk << 4) | (uint)digit;
            if (++chunkDigits == 15)
            {
                mantissa = (mantissa << 60) | chunk;
                chunk = 0;
                chunkDigits = 0;
            }
        }
        mantissa = (mantissa << (4 * chunkDigits)) | chunk;
        if (digits == 0 || !TryParseFloatExponent(text, ref i, (byte)'p', out long exponent2) || i != text.Length)
        {
            return false;
        }
        if (nonZeroDigits)
        {
            value = LongDouble.Round(mantissa, exponent2 - 4L * fractionDigits, sticky: false, negative);
        }
        return true;
    }

    /// <summary>
    /// An optional exponent at <paramref name="i"/>: the <paramref name="marker"/> letter (any case), an optional
    /// sign and at least one digit, saturated far beyond any meaningful range. Fails when the marker is present
    /// without digits (strtold would stop before it, leaving text unparsed).
    /// </summary>
    private static bool TryParseFloatExponent(ReadOnlySpan<byte> text, ref int i, byte marker, out long exponent)
    {
        exponent = 0;
        if (i == text.Length || (text[i] | 0x20) != marker)
        {
            return true;
        }
        int j = i + 1;
        bool negative = j < text.Length && text[j] == (byte)'-';
        if (j < text.Length && text[j] is (byte)'+' or (byte)'-')
        {
            j++;
        }
        if (j == text.Length || !char.IsAsciiDigit((char)text[j]))
        {
            return false;
        }
        for (; j < text.Length && char.IsAsciiDigit((char)text[j]); j++)
        {
            exponent = Math.Min(exponent * 10 + (text[j] - '0'), 1_000_000);
        }
        exponent = negative ? -exponent : exponent;
        i = j;
        return true;
    }

    /// <summary>The first <paramref name="count"/> digits of the integer part followed by the fraction part, as one big integer.</summary>
    private static BigInteger AccumulateDigits(ReadOnlySpan<byte> integerPart, ReadOnlySpan<byte> fractionPart, int count)
    {
        BigInteger result = BigInteger.Zero;
        ulong chunk = 0;
        int chunkDigits = 0;
        for (int k = 0; k < count; k++)
        {
            byte c = k < integerPart.Length ? integerPart[k] : fractionPart[k - integerPart.Length];
            chunk = chunk * 10 + (uint)(c - '0');
            if (++chunkDigits == 19)
            {
                result = result * 10_000_000_000_000_000_000UL + chunk;
                chunk = 0;
                chunkDigits = 0;
            }
        }
        if (chunkDigits == 0)
        {
            return result;
        }
        ulong scale = 1;
        for (int k = 0; k < chunkDigits; k++)
        {
            scale *= 10;
        }
        return result * scale + chunk;
    }

    private static int Copy(ReadOnlySpan<byte> text, Span<byte> destination)
    {
        text.CopyTo(destination);
        return text.Length;
    }
}
