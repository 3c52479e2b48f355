using System.Numerics;

namespace Reactor.MiniRedis.Storage;

/// <summary>
/// The C <c>long double</c> that Redis on x86-64 Linux uses for INCRBYFLOAT and HINCRBYFLOAT: the x87 80-bit
/// extended format (a sign, a 64-bit significand, a 15-bit exponent), emulated in software so every result rounds
/// exactly as the real server's does. .NET has no such type, and both double and decimal give visibly different
/// digits: Redis answers <c>1234.5678 + 1111.1111</c> with <c>2345.67890000000000006</c>.
/// </summary>
/// <remarks>
/// A finite value is <c>significand * 2^exponent</c>. Every operation rounds its exact result to nearest, ties to
/// even, as the FPU does by default; subnormals and overflow to infinity follow IEEE 754. Parsing and formatting
/// (strtold, <c>printf("%.17Lf")</c>) live in <see cref="NumericText"/>.
/// </remarks>
public readonly struct LongDouble
{
    /// <summary>The exponent of the smallest subnormal, 2^-16445 (the unit bit of every subnormal).</summary>
    internal const int MinExponent = -16445;

    /// <summary>The largest finite value is (2^64 - 1) * 2^16320, just under 2^16384.</summary>
    internal const int MaxExponent = 16320;

    /// <summary>How far below a normal operand the other may lie before it only matters as a sticky bit.</summary>
    private const int MaxAlignment = 200;

    private readonly ulong _significand;
    private readonly int _exponent;
    private readonly bool _negative;
    private readonly Kind _kind;

    private LongDouble(ulong significand, int exponent, bool negative, Kind kind)
    {
        _significand = significand;
        _exponent = exponent;
        _negative = negative;
        _kind = kind;
    }

    private enum Kind : byte
    {
        Finite,
        Infinity,
        NaN,
    }

    /// <summary>Positive zero (also the default value).</summary>
    public static LongDouble Zero => default;

    /// <summary>Positive infinity.</summary>
    public static LongDouble PositiveInfinity => new(0, 0, false, Kind.Infinity);

    /// <summary>Negative infinity.</summary>
    public static LongDouble NegativeInfinity => new(0, 0, true, Kind.Infinity);

    /// <summary>Not a number (what infinity minus infinity gives).</summary>
    public static LongDouble NaN => new(0, 0, false, Kind.NaN);

    /// <summary>True for a finite value (not infinite, not NaN).</summary>
    public bool IsFinite => _kind == Kind.Finite;

    /// <summary>True for either infinity.</summary>
    public bool IsInfinity => _kind == Kind.Infinity;

    /// <summary>True for NaN.</summary>
    public bool IsNaN => _kind == Kind.NaN;

    /// <summary>True when the sign bit is set (also for -0).</summary>
    public bool IsNegative => _negative;

    /// <summary>The significand of a finite value (0 for zero).</summary>
    internal ulong Significand => _significand;

    /// <summary>The binary exponent of a finite value.</summary>
    internal int Exponent => _exponent;

    /// <summary>A 64-bit integer, converted exactly (the significand holds 64 bits), as <c>(long double)ll</c>.</summary>
    public static LongDouble FromInt64(long value)
    {
        if (value == 0)
        {
            return Zero;
        }
        ulong magnitude = value < 0 ? 0 - (ulong)value : (ulong)value;
        int shift = BitOperations.LeadingZeroCount(magnitude);
        return new LongDouble(magnitude << shift, -shift, value < 0, Kind.Finite);
    }

    /// <summary>
    /// IEEE addition: the exact sum rounded once. Infinity plus the opposite infinity is NaN; an exact zero sum of
    /// non-zero operands is +0, and -0 + -0 is -0.
    /// </summary>
    public static LongDouble operator +(LongDouble a, LongDouble b)
    {
        if (a.IsNaN || b.IsNaN)
        {
            return NaN;
        }
        if (a.IsInfinity)
        {
            return b.IsInfinity && b._negative != a._negative ? NaN : a;
        }
        if (b.IsInfinity)
        {
            return b;
        }
        if (a._significand == 0)
        {
            return b._significand == 0 ? new LongDouble(0, 0, a._negative && b._negative, Kind.Finite) : b;
        }
        if (b._significand == 0)
        {
            return a;
        }
        if (a._exponent < b._exponent)
        {
            (a, b) = (b, a);
        }

        // Align on the smaller exponent. When b lies far below a (which is then normal), only its sign and the fact
        // that it is non-zero can change the rounding, so a tiny stand-in keeps the big integers small.
        BigInteger small = b._significand;
        int lowExponent = b._exponent;
        if (a._exponent - b._exponent > MaxAlignment)
        {
            small = BigInteger.One;
            lowExponent = a._exponent - MaxAlignment;
        }
        BigInteger large = (BigInteger)a._significand << (a._exponent - lowExponent);
        BigInteger sum = (a._negative ? -large : large) + (b._negative ? -small : small);
        if (sum.IsZero)
        {
            return Zero;
        }
        return Round(BigInteger.Abs(sum), lowExponent, sticky: false, negative: sum.Sign < 0);
    }

    /// <summary>
    /// IEEE multiplication: the exact product rounded once, as the FPU's FMUL does. NaN or infinity times zero is
    /// NaN; infinity times anything else is infinity; the sign is the exclusive or of the operands' signs.
    /// </summary>
    public static LongDouble operator *(LongDouble a, LongDouble b)
    {
        bool negative = a._negative != b._negative;
        if (a.IsNaN || b.IsNaN)
        {
            return NaN;
        }
        if (a.IsInfinity || b.IsInfinity)
        {
            bool zero = (a.IsFinite && a._significand == 0) || (b.IsFinite && b._significand == 0);
            return zero ? NaN : Infinity(negative);
        }
        if (a._significand == 0 || b._significand == 0)
        {
            return SignedZero(negative);
        }
        return Round((BigInteger)a._significand * b._significand, (long)a._exponent + b._exponent, sticky: false, negative);
    }

    /// <summary>
    /// <c>(long long)ceill(x)</c> on x86-64: the smallest integer not below this value, converted to 64 bits. NaN,
    /// infinities and integers outside the 64-bit range give <see cref="long.MinValue"/>, the "integer indefinite"
    /// the x87 conversion stores for them (so Redis reads a huge timeout as a negative one).
    /// </summary>
    public long CeilingToInt64()
    {
        if (!IsFinite)
        {
            return long.MinValue;
        }
        if (_significand == 0)
        {
            return 0;
        }
        BigInteger magnitude = _significand;
        if (_exponent >= 0)
        {
            magnitude <<= _exponent;
        }
        else
        {
            int shift = -_exponent;
            BigInteger whole = magnitude >> shift;
            bool fraction = whole << shift != magnitude;
            // Rounding up: the next integer for a positive value with a fraction; a negative one drops its fraction.
            magnitude = fraction && !_negative ? whole + 1 : whole;
        }
        BigInteger result = _negative ? -magnitude : magnitude;
        return result >= long.MinValue && result <= long.MaxValue ? (long)result : long.MinValue;
    }

    /// <summary>
    /// Rounds the exact value <c>(magnitude + ε) * 2^exponent</c> to the nearest long double, ties to even, where
    /// ε is a positive amount below one unit when <paramref name="sticky"/> (bits already dropped by the caller).
    /// Gives infinity on overflow and zero when the value is below half the smallest subnormal.
    /// </summary>
    internal static LongDouble Round(BigInteger magnitude, long exponent, bool sticky, bool negative)
    {
        long bits = (long)magnitude.GetBitLength();
        // Keep 64 significant bits, but never go below the subnormal exponent.
        long shift = Math.Max(bits - 64, MinExponent - exponent);
        ulong significand;
        if (shift <= 0)
        {
            significand = (ulong)(magnitude << (int)-shift);
        }
        else if (shift > bits)
        {
            // Everything is below half a unit of the smallest subnormal.
            return new LongDouble(0, 0, negative, Kind.Finite);
        }
        else
        {
            BigInteger kept = magnitude >> (int)shift;
            BigInteger dropped = magnitude - (kept << (int)shift);
            int half = dropped.CompareTo(BigInteger.One << (int)(shift - 1));
            significand = (ulong)kept;
            if (half > 0 || (half == 0 && (sticky || (significand & 1) != 0)))
            {
                if (significand == ulong.MaxValue)
                {
                    significand = 1UL << 63;
                    shift++;
                }
                else
                {
                    significand++;
                }
            }
        }
        long resultExponent = exponent + shift;
        if (significand == 0)
        {
            return new LongDouble(0, 0, negative, Kind.Finite);
        }
        if (resultExponent > MaxExponent)
        {
            return negative ? NegativeInfinity : PositiveInfinity;
        }
        return new LongDouble(significand, (int)resultExponent, negative, Kind.Finite);
    }

    /// <summary>The infinity of the given sign.</summary>
    internal static LongDouble Infinity(bool negative) => negative ? NegativeInfinity : PositiveInfinity;

    /// <summary>A zero of the given sign.</summary>
    internal static LongDouble SignedZero(bool negative) => new(0, 0, negative, Kind.Finite);

    /// <inheritdoc />
    public override string ToString() => System.Text.Encoding.ASCII.GetString(NumericText.LongDoubleToBytes(this));
}
