namespace Reactor.MiniRedis.Storage;

/// <summary>
/// A string value. Like Redis's OBJ_ENCODING_INT, a value that is a canonical 64-bit integer is kept as a number,
/// so INCR and friends update it in place without allocating; otherwise it is kept as bytes.
/// </summary>
public sealed class RedisString : RedisObject
{
    /// <summary>OBJ_ENCODING_EMBSTR_SIZE_LIMIT in redis/redis src/object.c.</summary>
    private const int EmbstrSizeLimit = 44;

    private byte[]? _bytes;
    private long _integer;
    private bool _raw; // true once modified in place (APPEND, SETRANGE), as Redis then reports "raw"

    private RedisString()
    {
    }

    /// <summary>A string holding a copy of <paramref name="value"/>, int-encoded when it is a canonical integer.</summary>
    public static RedisString FromBytes(ReadOnlySpan<byte> value)
    {
        var s = new RedisString();
        s.SetBytes(value);
        return s;
    }

    /// <summary>A string holding the decimal form of <paramref name="value"/>.</summary>
    public static RedisString FromInt64(long value)
    {
        var s = new RedisString();
        s.SetInt64(value);
        return s;
    }

    /// <summary>A string that takes ownership of <paramref name="value"/> without copying or int-encoding it.</summary>
    public static RedisString FromOwnedBytes(byte[] value) => new() { _bytes = value, _raw = value.Length > EmbstrSizeLimit };

    /// <inheritdoc />
    public override ObjectType Type => ObjectType.String;

    /// <inheritdoc />
    public override string Encoding => _bytes is null ? "int" : _raw || _bytes.Length > EmbstrSizeLimit ? "raw" : "embstr";

    /// <summary>True when the value is held as a 64-bit integer.</summary>
    public bool IsInteger => _bytes is null;

    /// <summary>The integer value; valid only when <see cref="IsInteger"/>.</summary>
    public long Integer => _integer;

    /// <summary>The value's length in bytes (STRLEN).</summary>
    public int Length => _bytes?.Length ?? DigitCount(_integer);

    /// <summary>
    /// Replaces the value with a copy of <paramref name="value"/>. Reuses the existing array when the length
    /// matches, so overwriting a key with a same-sized value does not allocate.
    /// </summary>
    public void SetBytes(ReadOnlySpan<byte> value)
    {
        _raw = false;
        if (value.Length <= 20 && NumericText.TryParseInt64(value, out long integer))
        {
            _bytes = null;
            _integer = integer;
            return;
        }
        if (_bytes is null || _bytes.Length != value.Length)
        {
            _bytes = value.ToArray();
        }
        else
        {
            value.CopyTo(_bytes);
        }
    }

    /// <summary>Replaces the value with the integer <paramref name="value"/>.</summary>
    public void SetInt64(long value)
    {
        _bytes = null;
        _integer = value;
        _raw = false;
    }

    /// <summary>Replaces the value with <paramref name="value"/>, taking ownership, as a raw (modified) string.</summary>
    public void SetOwnedBytes(byte[] value)
    {
        _bytes = value;
        _raw = true;
    }

    /// <summary>Tries to read the value as an integer with string2ll rules (INCR, GETRANGE on numbers, ...).</summary>
    public bool TryGetInt64(out long value)
    {
        if (_bytes is null)
        {
            value = _integer;
            return true;
        }
        return NumericText.TryParseInt64(_bytes, out value);
    }

    /// <summary>
    /// The value's bytes. For an int-encoded value they are formatted into <paramref name="scratch"/>
    /// (at least 20 bytes), so reading never allocates.
    /// </summary>
    public ReadOnlySpan<byte> GetBytes(Span<byte> scratch) =>
        _bytes ?? (ReadOnlySpan<byte>)scratch[..NumericText.FormatInt64(_integer, scratch)];

    /// <summary>The value's bytes as an array (a new array for int-encoded values).</summary>
    public byte[] ToArray() => _bytes is null ? NumericText.Int64ToBytes(_integer) : _bytes.ToArray();

    /// <summary>A deep copy, for COPY and for values shared between keys.</summary>
    public RedisString Clone() => new() { _bytes = _bytes?.ToArray(), _integer = _integer, _raw = _raw };

    private static int DigitCount(long value)
    {
        Span<byte> digits = stackalloc byte[20];
        return NumericText.FormatInt64(value, digits);
    }
}
