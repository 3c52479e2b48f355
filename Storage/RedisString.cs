using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Reactor.MiniRedis.Storage;

/// <summary>
/// A string value. Like Redis's OBJ_ENCODING_INT, a value that is a canonical 64-bit integer is kept as a number,
/// so INCR and friends update it in place without allocating; otherwise it is kept as bytes.
/// </summary>
/// <remarks>
/// <para><b>Layout.</b> Like Redis's embstr (the sds in the same allocation as the robj), a value of up to
/// <see cref="InlineCapacity"/> bytes lives inside the object, in a fixed buffer after the fields, with no array of
/// its own; an int-encoded value keeps its 8 bytes there too. Longer values (and values grown past the buffer by
/// APPEND, SETRANGE or the bit commands) live in an array, which may be longer than the value. One int field holds
/// the length in use and two flags, so the object is 56 bytes: 16 of header, 12 of <see cref="RedisObject"/>'s
/// fields, the int, the array reference and the buffer. 16 bytes of buffer is two words: it holds every integer
/// (int-encoded), short counters' and flags' text and millisecond timestamps. A short value thus takes 56 bytes
/// instead of an object and an array of its own (24 to 40 bytes more); the price is the buffer, dead weight for
/// values that do not fit. A 20-byte buffer would need 64 (the object grows in 8-byte steps), and the 8 bytes
/// saved on every short value were worth more than keeping values of 17 to 20 bytes inline
/// (BENCHMARKS.md, "Memory per key").</para>
/// <para>Where the bytes live is not what OBJECT ENCODING reports: that follows Redis (int; embstr up to 44 bytes
/// as created; raw once modified in place or longer), kept by the flags.</para>
/// </remarks>
public sealed class RedisString : RedisObject
{
    /// <summary>The longest value kept inside the object, without an array (see the remarks).</summary>
    public const int InlineCapacity = 16;

    /// <summary>OBJ_ENCODING_EMBSTR_SIZE_LIMIT in redis/redis src/object.c.</summary>
    private const int EmbstrSizeLimit = 44;

    /// <summary>SDS_MAX_PREALLOC in redis/redis src/sds.h: growth doubles up to this, then adds this much.</summary>
    private const int MaxPrealloc = 1024 * 1024;

    /// <summary><see cref="_state"/> of an int-encoded value (no byte value is that long).</summary>
    private const int IntegerEncoded = -1;

    /// <summary>The flag of <see cref="_state"/> set once the bytes are modified in place: Redis then reports "raw".</summary>
    private const int RawFlag = int.MinValue;

    /// <summary>The object: the base fields, the array reference, the state and the inline buffer.</summary>
    private static readonly long s_objectBytes =
        MemoryAccounting.Object(BaseFieldBytes + MemoryAccounting.Reference + sizeof(int) + InlineCapacity);

    private byte[]? _bytes;      // the bytes when not inline; after APPEND or SETRANGE it may be longer than the value
    private int _state;          // IntegerEncoded, or the length in use with RawFlag once modified in place
    private InlineBytes _inline; // the bytes when _bytes is null; the integer when int-encoded

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

    /// <summary>
    /// A string that takes ownership of <paramref name="value"/> without int-encoding it; a value that fits inside
    /// the object is copied there instead.
    /// </summary>
    public static RedisString FromOwnedBytes(byte[] value)
    {
        var s = new RedisString();
        s.StoreOwned(value, raw: false);
        return s;
    }

    /// <summary>A raw string of <paramref name="length"/> zero bytes, what SETRANGE creates for a missing key.</summary>
    public static RedisString FromZeroes(int length) =>
        length <= InlineCapacity ? new() { _state = length | RawFlag } : new() { _bytes = new byte[length], _state = length | RawFlag };

    /// <inheritdoc />
    public override ObjectType Type => ObjectType.String;

    /// <summary>
    /// tryObjectEncoding's integer test: <paramref name="value"/> is at most 20 bytes and a canonical 64-bit integer
    /// (string2ll), which a new string keeps as a number.
    /// </summary>
    public static bool TryIntegerEncoding(ReadOnlySpan<byte> value, out long integer)
    {
        integer = 0;
        return value.Length <= 20 && NumericText.TryParseInt64(value, out integer);
    }

    /// <summary>The encoding OBJECT ENCODING reports for the string <see cref="FromBytes"/> makes of <paramref name="value"/>.</summary>
    public static string EncodingOf(ReadOnlySpan<byte> value) =>
        TryIntegerEncoding(value, out _) ? "int" : value.Length > EmbstrSizeLimit ? "raw" : "embstr";

    /// <inheritdoc />
    public override string Encoding => _state == IntegerEncoded ? "int" : _state < 0 || _state > EmbstrSizeLimit ? "raw" : "embstr";

    /// <inheritdoc />
    /// <remarks>The object, plus its array at its capacity (APPEND leaves room to grow) when the value has one.</remarks>
    public override long EstimatedBytes => s_objectBytes + (_bytes is null ? 0 : MemoryAccounting.ByteArray(_bytes.Length));

    /// <summary>True when the value is held as a 64-bit integer.</summary>
    public bool IsInteger => _state == IntegerEncoded;

    /// <summary>The integer value; valid only when <see cref="IsInteger"/>.</summary>
    public long Integer => MemoryMarshal.Read<long>(_inline);

    /// <summary>The value's length in bytes (STRLEN).</summary>
    public int Length => _state == IntegerEncoded ? DigitCount(Integer) : ByteLength;

    /// <summary>The length of a byte value (not int-encoded).</summary>
    private int ByteLength => _state & int.MaxValue;

    /// <summary>Where a byte value's bytes are: the array, whole, or the inline buffer, whole.</summary>
    private Span<byte> Storage => _bytes ?? (Span<byte>)_inline;

    /// <summary>
    /// Replaces the value with a copy of <paramref name="value"/>. Reuses the object's storage when it fits (the
    /// inline buffer, or an array of the same length), so overwriting a key with a same-sized or short value does
    /// not allocate.
    /// </summary>
    public void SetBytes(ReadOnlySpan<byte> value)
    {
        if (TryIntegerEncoding(value, out long integer))
        {
            SetInt64(integer);
            return;
        }
        if (value.Length <= InlineCapacity)
        {
            _bytes = null;
        }
        else if (_bytes is null || _bytes.Length != value.Length)
        {
            _bytes = new byte[value.Length];
        }
        value.CopyTo(Storage);
        _state = value.Length;
    }

    /// <summary>Replaces the value with the integer <paramref name="value"/>.</summary>
    public void SetInt64(long value)
    {
        _bytes = null;
        _state = IntegerEncoded;
        MemoryMarshal.Write(_inline, in value);
    }

    /// <summary>
    /// Replaces the value with <paramref name="value"/>, taking ownership (or copying it inside the object when it
    /// fits), as a raw (modified) string.
    /// </summary>
    public void SetOwnedBytes(byte[] value) => StoreOwned(value, raw: true);

    /// <summary>
    /// APPEND: adds <paramref name="suffix"/> at the end in place and returns the new length. Like sdscatlen, the
    /// buffer grows greedily (doubling up to 1 MB, then 1 MB at a time), so repeated appends cost amortised O(1).
    /// The caller has checked the resulting size against proto-max-bulk-len.
    /// </summary>
    public int Append(ReadOnlySpan<byte> suffix)
    {
        Unshare();
        int used = ByteLength;
        int length = used + suffix.Length;
        EnsureCapacity(length);
        suffix.CopyTo(Storage[used..]);
        _state = length | RawFlag;
        return length;
    }

    /// <summary>
    /// SETRANGE: overwrites the bytes from <paramref name="offset"/> with <paramref name="value"/>, first padding
    /// with zero bytes up to the offset when the string is shorter (sdsgrowzero). Returns the new length.
    /// </summary>
    public int SetRange(int offset, ReadOnlySpan<byte> value)
    {
        value.CopyTo(GrowZero(offset + value.Length)[offset..]);
        return ByteLength;
    }

    /// <summary>
    /// The bit commands' write access (lookupStringForBitCommand: dbUnshareStringValue then sdsgrowzero): makes the
    /// value raw bytes at least <paramref name="length"/> long, padding with zero bytes, and returns all of it,
    /// writable. The span is valid until the value next changes size.
    /// </summary>
    public Span<byte> GrowZero(int length)
    {
        Unshare();
        int used = ByteLength;
        if (length > used)
        {
            EnsureCapacity(length);
            Storage[used..length].Clear();
            _state = length | RawFlag;
            used = length;
        }
        return Storage[..used];
    }

    /// <summary>Tries to read the value as an integer with string2ll rules (INCR, GETRANGE on numbers, ...).</summary>
    public bool TryGetInt64(out long value)
    {
        if (_state == IntegerEncoded)
        {
            value = Integer;
            return true;
        }
        return NumericText.TryParseInt64(Storage[..ByteLength], out value);
    }

    /// <summary>
    /// The value's bytes. For an int-encoded value they are formatted into <paramref name="scratch"/>
    /// (at least 20 bytes), so reading never allocates. The span shows the value's storage, so it reflects later
    /// changes to the value: use it before changing the value.
    /// </summary>
    public ReadOnlySpan<byte> GetBytes(Span<byte> scratch)
    {
        if (_bytes is { } bytes)
        {
            return new ReadOnlySpan<byte>(bytes, 0, ByteLength); // the hot path of a long value's GET: one test
        }
        return _state == IntegerEncoded ? scratch[..NumericText.FormatInt64(Integer, scratch)] : ((ReadOnlySpan<byte>)_inline)[..ByteLength];
    }

    /// <summary>The value's bytes as an array (a new array for int-encoded values).</summary>
    public byte[] ToArray() => _state == IntegerEncoded ? NumericText.Int64ToBytes(Integer) : Storage[..ByteLength].ToArray();

    /// <summary>A deep copy, for COPY and for values shared between keys.</summary>
    public override RedisString Clone() =>
        new() { _bytes = _bytes?.AsSpan(0, ByteLength).ToArray(), _state = _state, _inline = _inline };

    /// <summary>Takes <paramref name="value"/> as the bytes, copying it inside the object when it fits.</summary>
    private void StoreOwned(byte[] value, bool raw)
    {
        if (value.Length <= InlineCapacity)
        {
            _bytes = null;
            value.CopyTo((Span<byte>)_inline);
        }
        else
        {
            _bytes = value;
        }
        _state = value.Length | (raw ? RawFlag : 0);
    }

    /// <summary>
    /// dbUnshareStringValue: before an in-place edit, turns an int-encoded value into its digits: inside the object
    /// when they fit, otherwise (17 to 20 digits) in an array. The result is a raw string, as Redis reports after
    /// APPEND and SETRANGE.
    /// </summary>
    private void Unshare()
    {
        if (_state == IntegerEncoded)
        {
            Span<byte> digits = stackalloc byte[20];
            int length = NumericText.FormatInt64(Integer, digits);
            if (length <= InlineCapacity)
            {
                digits[..length].CopyTo(_inline);
            }
            else
            {
                _bytes = digits[..length].ToArray();
            }
            _state = length;
        }
        _state |= RawFlag;
    }

    /// <summary>
    /// sdsMakeRoomFor: makes room for <paramref name="length"/> bytes, growing greedily; a value outgrowing the
    /// inline buffer moves to an array.
    /// </summary>
    private void EnsureCapacity(int length)
    {
        if (length <= Storage.Length)
        {
            return;
        }
        long capacity = length < MaxPrealloc ? 2L * length : (long)length + MaxPrealloc;
        byte[] grown = new byte[Math.Min(capacity, Array.MaxLength)];
        Storage[..ByteLength].CopyTo(grown);
        _bytes = grown;
    }

    private static int DigitCount(long value)
    {
        Span<byte> digits = stackalloc byte[20];
        return NumericText.FormatInt64(value, digits);
    }

    /// <summary>
    /// The inline buffer: <see cref="InlineCapacity"/> bytes laid out in the object itself (and in a keyspace entry's
    /// <see cref="StoredValue"/>).
    /// </summary>
    [InlineArray(InlineCapacity)]
    internal struct InlineBytes
    {
        private byte _element0;
    }
}
