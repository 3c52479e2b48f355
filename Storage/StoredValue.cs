using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Reactor.MiniRedis.Storage;

/// <summary>
/// What the keyspace stores under a key, inside the key's table entry: a <see cref="RedisObject"/>, or a bare string
/// with no <see cref="RedisString"/> around it. A bare string is what SET writes, the commonest value there is: up to
/// <see cref="InlineCapacity"/> bytes (counters' and flags' text, timestamps, ids, redis-benchmark's values) it lives
/// in the entry itself, so the key is one table entry and nothing else for the garbage collector; a longer one is a
/// byte array referenced from the entry, one object instead of a string object and its array.
/// </summary>
/// <remarks>
/// <para><b>Why.</b> With an object per value, every SET of a new key left one more object for the young-generation
/// collections to copy and promote; growing the keyspace to 5 million keys stalled the loop for 28-33 ms in each
/// compacting gen1 collection, whatever the objects' size. With short values in the entry and the entries in
/// large-object chunks (<see cref="KeyTable{TValue}"/>), the keyspace's growth allocates no small objects at all.</para>
/// <para><b>Meaning.</b> A bare string stands for exactly the string <c>RedisString.FromBytes(bytes)</c> would make
/// (so OBJECT ENCODING still says int, embstr or raw) together with its access clock and snapshot mark, the two
/// <see cref="RedisObject"/> fields a value needs in the keyspace. Only the string fast paths (GET, SET, MGET, MSET,
/// SETNX, INCR and DECR..., STRLEN, GETRANGE), the key commands that read no value (EXISTS, TYPE, TTL, EXPIRE...),
/// OBJECT and MEMORY USAGE, loading and saving use it as bytes; any other access
/// through <see cref="Database"/> materialises it first (<see cref="Database.Lookup(ReadOnlySpan{byte}, bool)"/>):
/// the entry then holds a <see cref="RedisString"/> with the same bytes (taking over a bare string's array), clock and
/// mark, and the rest of the command table sees the object it always saw. A SET turns the value back into a bare
/// string, unless it is a string object already, overwritten in place.</para>
/// <para><b>Layout.</b> 32 bytes: the object reference (the <see cref="RedisObject"/>, or a long bare string's array),
/// the clock (24 bits, robj.lru) and a length byte packed in one word, the snapshot mark, and 16 bytes of value (as
/// <see cref="RedisString.InlineCapacity"/>, so a value that is inline in one form is inline in the other). The length
/// byte is 0 for an object slot (so a zeroed slot, a new entry not filled yet, holds nothing), the length plus one for
/// an inline string and <see cref="ArrayMarker"/> for an array.</para>
/// </remarks>
public struct StoredValue
{
    /// <summary>The longest string held in the entry itself.</summary>
    public const int InlineCapacity = RedisString.InlineCapacity;

    private const int LengthShift = 24;
    private const uint ClockMask = (1u << LengthShift) - 1;

    /// <summary>The length byte of a bare string held in an array (<see cref="_object"/>).</summary>
    private const uint ArrayMarker = 0xFF;

    private object? _object;      // the RedisObject; a long bare string's byte[]; null for an inline one
    private uint _clockAndLength; // bits 0-23: a bare string's access clock; bits 24-31: the length byte (remarks)
    private int _snapshotEpoch;   // a bare string's snapshot mark
    private RedisString.InlineBytes _bytes;

    /// <summary>A slot holding <paramref name="value"/> (the form every path but the string fast paths stores).</summary>
    public StoredValue(RedisObject value) => _object = value;

    /// <summary>The value object; null when the value is a bare string (<see cref="IsBareString"/>).</summary>
    public readonly RedisObject? Object => IsBareString ? null : Unsafe.As<RedisObject?>(_object);

    /// <summary>
    /// The object field itself, for <see cref="Database.GetValueRefOrAddDefault"/>'s callers, which fill or replace it
    /// in place; the slot must not hold a bare string then.
    /// </summary>
    [UnscopedRef]
    internal ref RedisObject? ObjectRef => ref Unsafe.As<object?, RedisObject?>(ref _object);

    /// <summary>True when the value is a string with no <see cref="RedisString"/>: its bytes in the entry or in an array.</summary>
    public readonly bool IsBareString => _clockAndLength > ClockMask;

    /// <summary>A bare string's bytes (<see cref="IsBareString"/> only): a view of the slot or of its array, valid while it is unchanged.</summary>
    [UnscopedRef]
    public readonly ReadOnlySpan<byte> StringBytes
    {
        get
        {
            uint length = _clockAndLength >> LengthShift;
            return length == ArrayMarker ? Array : ((ReadOnlySpan<byte>)_bytes)[..(int)(length - 1)];
        }
    }

    /// <summary>A bare string's array when it has one (a string longer than the entry holds), else null.</summary>
    internal readonly byte[]? BareArray => IsArray ? Array : null;

    /// <summary>
    /// Where the value's object or array starts in memory, 0 for an inline string: for a prefetch only, since the
    /// collector may move it at any time (<see cref="CacheLine.Prefetch(nint)"/>).
    /// </summary>
    internal readonly nint HeapAddress => Unsafe.As<object?, nint>(ref Unsafe.AsRef(in _object));

    /// <summary>The heap bytes a bare string holds outside the entry (its array), for the memory count; 0 otherwise.</summary>
    public readonly long BareHeapBytes =>
        IsArray ? MemoryAccounting.ByteArray(Array.Length) : 0;

    /// <summary>The value's type, without materialising a bare string.</summary>
    public readonly ObjectType Type => IsBareString ? ObjectType.String : Unsafe.As<RedisObject>(_object)!.Type;

    /// <summary>The name TYPE replies with, without materialising a bare string.</summary>
    public readonly string TypeName => IsBareString ? "string" : Unsafe.As<RedisObject>(_object)!.TypeName;

    /// <summary>robj.lru of the value, bare or not: the access clock under LRU, the counter and minute under LFU.</summary>
    public uint Lru
    {
        readonly get => IsBareString ? _clockAndLength & ClockMask : Unsafe.As<RedisObject>(_object)!.Lru;
        set
        {
            if (IsBareString)
            {
                _clockAndLength = (_clockAndLength & ~ClockMask) | (value & ClockMask);
            }
            else
            {
                Unsafe.As<RedisObject>(_object)!.Lru = value;
            }
        }
    }

    /// <summary>
    /// The snapshot mark of the value (see <see cref="Rdb.IncrementalSnapshot"/>): <see cref="RedisObject.SnapshotEpoch"/>
    /// of the object, or the bare string's own.
    /// </summary>
    internal int SnapshotEpoch
    {
        readonly get => IsBareString ? _snapshotEpoch : Unsafe.As<RedisObject>(_object)!.SnapshotEpoch;
        set
        {
            if (IsBareString)
            {
                _snapshotEpoch = value;
            }
            else
            {
                Unsafe.As<RedisObject>(_object)!.SnapshotEpoch = value;
            }
        }
    }

    /// <summary>True when a string of <paramref name="length"/> bytes is held in the entry itself.</summary>
    public static bool FitsInline(int length) => length <= InlineCapacity;

    /// <summary>Makes the slot hold the object <paramref name="value"/> (a null leaves it empty); a bare string it held is dropped.</summary>
    public void SetObject(RedisObject? value)
    {
        _object = value;
        _clockAndLength = 0;
    }

    /// <summary>
    /// Makes the slot hold a copy of <paramref name="value"/> as a bare string, stamped with the access clock
    /// <paramref name="lru"/> and created now for any save already running (as a new <see cref="RedisObject"/> is
    /// stamped): in the entry when it fits, else in an array, the slot's own when it holds one of the same length
    /// (so overwriting a value with one as long allocates nothing).
    /// </summary>
    public void SetString(ReadOnlySpan<byte> value, uint lru)
    {
        uint lengthByte;
        if (FitsInline(value.Length))
        {
            _object = null;
            value.CopyTo(_bytes);
            lengthByte = (uint)value.Length + 1;
        }
        else
        {
            if (!IsArray || Array.Length != value.Length)
            {
                _object = new byte[value.Length];
            }
            value.CopyTo(Array);
            lengthByte = ArrayMarker;
        }
        MarkNewString(lengthByte, lru);
    }

    /// <summary>
    /// Like <see cref="SetString"/>, but a value too long for the entry is <paramref name="value"/> itself, which the
    /// slot takes over (the caller must not change it afterwards).
    /// </summary>
    public void SetOwnedString(byte[] value, uint lru)
    {
        if (FitsInline(value.Length))
        {
            SetString(value, lru);
            return;
        }
        _object = value;
        MarkNewString(ArrayMarker, lru);
    }

    // The length byte and clock of a bare string just written, created now for any save already running.
    private void MarkNewString(uint lengthByte, uint lru)
    {
        _clockAndLength = lengthByte << LengthShift | (lru & ClockMask);
        _snapshotEpoch = Rdb.IncrementalSnapshot.LatestEpoch;
    }

    /// <summary>
    /// The bare string as a new <see cref="RedisString"/> of its own (a copy) with its clock and mark, stored nowhere:
    /// what DEBUG DIGEST reads.
    /// </summary>
    public readonly RedisString ToObject() => Stamped(RedisString.FromBytes(StringBytes));

    /// <summary>
    /// The value as an object: the one held, or a bare string turned into the <see cref="RedisString"/> it stands for
    /// (taking over its array when it has one) and stored in its place.
    /// </summary>
    internal RedisObject Materialize()
    {
        if (!IsBareString)
        {
            return Unsafe.As<RedisObject>(_object)!;
        }
        // FromBytes int-encodes a canonical integer (at most 20 bytes); any longer string is kept as it is.
        ReadOnlySpan<byte> bytes = StringBytes;
        RedisString value = Stamped(IsArray && bytes.Length > 20
            ? RedisString.FromOwnedBytes(Array)
            : RedisString.FromBytes(bytes));
        SetObject(value);
        return value;
    }

    /// <summary>True when the slot holds a bare string in an array.</summary>
    private readonly bool IsArray => _clockAndLength >> LengthShift == ArrayMarker;

    /// <summary>A bare string's array (<see cref="IsArray"/> only).</summary>
    private readonly byte[] Array => Unsafe.As<byte[]>(_object)!;

    private readonly RedisString Stamped(RedisString value)
    {
        value.Lru = _clockAndLength & ClockMask;
        value.SnapshotEpoch = _snapshotEpoch;
        return value;
    }
}
