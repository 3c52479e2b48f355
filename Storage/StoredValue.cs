using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Reactor.MiniRedis.Storage;

/// <summary>
/// What the keyspace stores under a key, inside the key's table entry: a <see cref="RedisObject"/>, or a short
/// string held in the entry itself with no object at all. The second form is for the commonest value there is, a
/// string of up to <see cref="InlineCapacity"/> bytes written by SET (counters' and flags' text, timestamps, ids,
/// redis-benchmark's values): it makes such a key one table entry and nothing else for the garbage collector.
/// </summary>
/// <remarks>
/// <para><b>Why.</b> With an object per value, every SET of a new key left one more object for the young-generation
/// collections to copy and promote; growing the keyspace to 5 million keys stalled the loop for 28-33 ms in each
/// compacting gen1 collection, whatever the objects' size. With the value in the entry and the entries in
/// large-object chunks (<see cref="KeyTable{TValue}"/>), the keyspace's growth allocates no small objects at all.</para>
/// <para><b>Meaning.</b> An inline value stands for exactly the string <c>RedisString.FromBytes(bytes)</c> would make
/// (so OBJECT ENCODING still says int or embstr) together with its access clock and snapshot mark, the two
/// <see cref="RedisObject"/> fields a value needs in the keyspace. Only the string fast paths (GET, SET, MGET, MSET,
/// SETNX...) read and write it as bytes; any other access through <see cref="Database"/> materialises it first
/// (<see cref="Database.Lookup(ReadOnlySpan{byte}, bool)"/>): the entry then holds a <see cref="RedisString"/> with the
/// same bytes, clock and mark, and the rest of the command table sees the object it always saw. A SET that fits
/// turns the value back into the inline form.</para>
/// <para><b>Layout.</b> 32 bytes: the object reference, the clock (24 bits, robj.lru) and the inline length packed in
/// one word, the snapshot mark, and 16 bytes of value (as <see cref="RedisString.InlineCapacity"/>, so a value that
/// is inline in one form is inline in the other). The length is stored plus one, so a zeroed slot (a new entry not
/// filled yet) is neither an object nor the empty string.</para>
/// </remarks>
public struct StoredValue
{
    /// <summary>The longest string held in the entry.</summary>
    public const int InlineCapacity = RedisString.InlineCapacity;

    private const int LengthShift = 24;
    private const uint ClockMask = (1u << LengthShift) - 1;

    private RedisObject? _object;
    private uint _clockAndLength; // bits 0-23: the access clock; bits 24-31: the inline length plus one, 0 when not inline
    private int _snapshotEpoch;
    private RedisString.InlineBytes _bytes;

    /// <summary>A slot holding <paramref name="value"/> (the form every path but the string fast paths stores).</summary>
    public StoredValue(RedisObject value) => _object = value;

    /// <summary>The value object; null when the value is an inline string (<see cref="IsInline"/>).</summary>
    public readonly RedisObject? Object => _object;

    /// <summary>
    /// The object field itself, for <see cref="Database.GetValueRefOrAddDefault"/>'s callers, which fill or replace it
    /// in place; the slot must not be inline then (an object written here makes it an object slot).
    /// </summary>
    [UnscopedRef]
    internal ref RedisObject? ObjectRef => ref _object;

    /// <summary>True when the value is a string held in the entry, with no object.</summary>
    public readonly bool IsInline => _object is null && _clockAndLength > ClockMask;

    /// <summary>An inline string's bytes (<see cref="IsInline"/> only): a view of the slot, valid while it is unchanged.</summary>
    [UnscopedRef]
    public readonly ReadOnlySpan<byte> InlineBytes => ((ReadOnlySpan<byte>)_bytes)[..(int)((_clockAndLength >> LengthShift) - 1)];

    /// <summary>The value's type, without materialising an inline string.</summary>
    public readonly ObjectType Type => _object?.Type ?? ObjectType.String;

    /// <summary>The name TYPE replies with, without materialising an inline string.</summary>
    public readonly string TypeName => _object?.TypeName ?? "string";

    /// <summary>robj.lru of the value, inline or not: the access clock under LRU, the counter and minute under LFU.</summary>
    public uint Lru
    {
        readonly get => _object?.Lru ?? _clockAndLength & ClockMask;
        set
        {
            if (_object is not null)
            {
                _object.Lru = value;
            }
            else
            {
                _clockAndLength = (_clockAndLength & ~ClockMask) | (value & ClockMask);
            }
        }
    }

    /// <summary>
    /// The snapshot mark of the value (see <see cref="Rdb.IncrementalSnapshot"/>): <see cref="RedisObject.SnapshotEpoch"/>
    /// of the object, or the inline string's own.
    /// </summary>
    internal int SnapshotEpoch
    {
        readonly get => _object?.SnapshotEpoch ?? _snapshotEpoch;
        set
        {
            if (_object is not null)
            {
                _object.SnapshotEpoch = value;
            }
            else
            {
                _snapshotEpoch = value;
            }
        }
    }

    /// <summary>True when a string of <paramref name="length"/> bytes can be held in the entry.</summary>
    public static bool FitsInline(int length) => length <= InlineCapacity;

    /// <summary>
    /// Makes the slot hold the object <paramref name="value"/> (a null leaves it empty); an inline string it held is
    /// dropped.
    /// </summary>
    public void SetObject(RedisObject? value)
    {
        _object = value;
        _clockAndLength = 0;
    }

    /// <summary>
    /// Makes the slot hold a copy of <paramref name="value"/> (at most <see cref="InlineCapacity"/> bytes) inline,
    /// stamped with the access clock <paramref name="lru"/> and created now for any save already running (as a new
    /// <see cref="RedisObject"/> is stamped).
    /// </summary>
    public void SetInline(ReadOnlySpan<byte> value, uint lru)
    {
        _object = null;
        value.CopyTo(_bytes);
        _clockAndLength = (uint)(value.Length + 1) << LengthShift | (lru & ClockMask);
        _snapshotEpoch = Rdb.IncrementalSnapshot.LatestEpoch;
    }

    /// <summary>
    /// The inline string as a new <see cref="RedisString"/> with its clock and mark, not stored anywhere: what a
    /// save writes, and what <see cref="Materialize"/> stores.
    /// </summary>
    public readonly RedisString ToObject()
    {
        RedisString value = RedisString.FromBytes(((ReadOnlySpan<byte>)_bytes)[..(int)((_clockAndLength >> LengthShift) - 1)]);
        value.Lru = _clockAndLength & ClockMask;
        value.SnapshotEpoch = _snapshotEpoch;
        return value;
    }

    /// <summary>The value as an object: the one held, or an inline string turned into one and stored in its place.</summary>
    internal RedisObject Materialize()
    {
        if (_object is null)
        {
            SetObject(ToObject());
        }
        return _object!;
    }
}
