namespace Reactor.MiniRedis.Storage;

/// <summary>
/// A string value. Like Redis's OBJ_ENCODING_INT, a value that is a canonical 64-bit integer is kept as a number,
/// so INCR and friends update it in place without allocating; otherwise it is kept as bytes.
/// </summary>
public sealed class RedisString : RedisObject
{
    /// <summary>OBJ_ENCODING_EMBSTR_SIZE_LIMIT in redis/redis src/object.c.</summary>
    private const int EmbstrSizeLimit = 44;

    /// <summary>SDS_MAX_PREALLOC in redis/redis src/sds.h: growth doubles up to this, then adds this much.</summary>
    private const int MaxPrealloc = 1024 * 1024;

    /// <summary>The object: the base fields, the array, the length, the integer and the raw flag.</summary>
    private static readonly long s_objectBytes = MemoryAccounting.Object(BaseFieldBytes + MemoryAccounting.Reference + 4 + 8 + 1);

    private byte[]? _bytes; // null when int-encoded; after APPEND or SETRANGE it may be longer than the value
    private int _length;    // bytes of _bytes in use
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
    public static RedisString FromOwnedBytes(byte[] value) =>
        new() { _bytes = value, _length = value.Length, _raw = value.Length > EmbstrSizeLimit };

    /// <summary>A raw string of <paramref name="length"/> zero bytes, what SETRANGE creates for a missing key.</summary>
    public static RedisString FromZeroes(int length) => new() { _bytes = new byte[length], _length = length, _raw = true };

    /// <inheritdoc />
    public override ObjectType Type => ObjectType.String;

    /// <inheritdoc />
    public override string Encoding => _bytes is null ? "int" : _raw || _length > EmbstrSizeLimit ? "raw" : "embstr";

    /// <inheritdoc />
    /// <remarks>The object, plus its array at its capacity (APPEND leaves room to grow) unless int-encoded.</remarks>
    public override long EstimatedBytes => s_objectBytes + (_bytes is null ? 0 : MemoryAccounting.ByteArray(_bytes.Length));

    /// <summary>True when the value is held as a 64-bit integer.</summary>
    public bool IsInteger => _bytes is null;

    /// <summary>The integer value; valid only when <see cref="IsInteger"/>.</summary>
    public long Integer => _integer;

    /// <summary>Bytes of the array holding the value (0 when int-encoded; APPEND leaves room to grow), for MEMORY USAGE.</summary>
    internal int AllocatedLength => _bytes?.Length ?? 0;

    /// <summary>The value's length in bytes (STRLEN).</summary>
    public int Length => _bytes is null ? DigitCount(_integer) : _length;

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
        _length = value.Length;
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
        _length = value.Length;
        _raw = true;
    }

    /// <summary>
    /// APPEND: adds <paramref name="suffix"/> at the end in place and returns the new length. Like sdscatlen, the
    /// buffer grows greedily (doubling up to 1 MB, then 1 MB at a time), so repeated appends cost amortised O(1).
    /// The caller has checked the resulting size against proto-max-bulk-len.
    /// </summary>
    public int Append(ReadOnlySpan<byte> suffix)
    {
        Unshare();
        int length = _length + suffix.Length;
        EnsureCapacity(length);
        suffix.CopyTo(_bytes.AsSpan(_length));
        _length = length;
        return length;
    }

    /// <summary>
    /// SETRANGE: overwrites the bytes from <paramref name="offset"/> with <paramref name="value"/>, first padding
    /// with zero bytes up to the offset when the string is shorter (sdsgrowzero). Returns the new length.
    /// </summary>
    public int SetRange(int offset, ReadOnlySpan<byte> value)
    {
        value.CopyTo(GrowZero(offset + value.Length)[offset..]);
        return _length;
    }

    /// <summary>
    /// The bit commands' write access (lookupStringForBitCommand: dbUnshareStringValue then sdsgrowzero): makes the
    /// value raw bytes at least <paramref name="length"/> long, padding with zero bytes, and returns all of it,
    /// writable. The span is valid until the value next changes size.
    /// </summary>
    public Span<byte> GrowZero(int length)
    {
        Unshare();
        if (length > _length)
        {
            EnsureCapacity(length);
            _bytes.AsSpan(_length, length - _length).Clear();
            _length = length;
        }
        return _bytes.AsSpan(0, _length);
    }

    /// <summary>Tries to read the value as an integer with string2ll rules (INCR, GETRANGE on numbers, ...).</summary>
    public bool TryGetInt64(out long value)
    {
        if (_bytes is null)
        {
            value = _integer;
            return true;
        }
        return NumericText.TryParseInt64(_bytes.AsSpan(0, _length), out value);
    }

    /// <summary>
    /// The value's bytes. For an int-encoded value they are formatted into <paramref name="scratch"/>
    /// (at least 20 bytes), so reading never allocates.
    /// </summary>
    public ReadOnlySpan<byte> GetBytes(Span<byte> scratch) =>
        _bytes is null ? scratch[..NumericText.FormatInt64(_integer, scratch)] : _bytes.AsSpan(0, _length);

    /// <summary>The value's bytes as an array (a new array for int-encoded values).</summary>
    public byte[] ToArray() => _bytes is null ? NumericText.Int64ToBytes(_integer) : _bytes.AsSpan(0, _length).ToArray();

    /// <summary>A deep copy, for COPY and for values shared between keys.</summary>
    public RedisString Clone() =>
        new() { _bytes = _bytes?.AsSpan(0, _length).ToArray(), _length = _length, _integer = _integer, _raw = _raw };

    /// <summary>
    /// dbUnshareStringValue: before an in-place edit, turns an int-encoded value into its digits. The result is
    /// a raw string, as Redis reports after APPEND and SETRANGE.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.MemberNotNull(nameof(_bytes))]
    private void Unshare()
    {
        if (_bytes is null)
        {
            _bytes = NumericText.Int64ToBytes(_integer);
            _length = _bytes.Length;
        }
        _raw = true;
    }

    /// <summary>sdsMakeRoomFor: makes room for <paramref name="length"/> bytes, growing greedily.</summary>
    private void EnsureCapacity(int length)
    {
        byte[] bytes = _bytes!;
        if (bytes.Length >= length)
        {
            return;
        }
        long capacity = length < MaxPrealloc ? 2L * length : (long)length + MaxPrealloc;
        byte[] grown = new byte[Math.Min(capacity, Array.MaxLength)];
        bytes.AsSpan(0, _length).CopyTo(grown);
        _bytes = grown;
    }

    private static int DigitCount(long value)
    {
        Span<byte> digits = stackalloc byte[20];
        return NumericText.FormatInt64(value, digits);
    }
}
