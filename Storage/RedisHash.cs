namespace Reactor.MiniRedis.Storage;

/// <summary>
/// A hash value: fields to values, both binary safe. Redis keeps small hashes in a listpack and converts them,
/// once and for good, to a hashtable when they grow (hashTypeConvert in redis/redis src/t_hash.c). Here the data
/// always lives in a <see cref="DenseDictionary{TValue}"/>; the encoding is tracked so OBJECT ENCODING reports what
/// Redis 7.0 would, and while it is <c>listpack</c> deletions keep insertion order, as a listpack does (HGETALL
/// on a small hash replies in the order the fields were added).
/// </summary>
public sealed class RedisHash : RedisObject, IRedisCollection<RedisHash>
{
    /// <summary>The object: the base fields, the dictionary, the limits, the encoding flag and the payload bytes.</summary>
    private static readonly long s_objectBytes = MemoryAccounting.Object(BaseFieldBytes + 2 * MemoryAccounting.Reference + 1 + 8);

    private readonly DenseDictionary<SlotString> _fields = new();
    private readonly EncodingLimits _limits;
    private bool _hashtable;
    private long _payloadBytes; // the long fields' and long values' arrays (short ones are inside their entries)

    /// <summary>Creates an empty hash that converts by <paramref name="limits"/> (hash-max-listpack-*).</summary>
    public RedisHash(EncodingLimits limits) => _limits = limits;

    /// <inheritdoc />
    public static RedisHash Create(EncodingLimits limits) => new(limits);

    /// <inheritdoc />
    public override ObjectType Type => ObjectType.Hash;

    /// <inheritdoc />
    public override string Encoding => _hashtable ? "hashtable" : "listpack";

    /// <summary>
    /// A deep copy in field order, keeping the encoding, for COPY (hashTypeDup in redis/redis src/t_hash.c). Long
    /// values are copied too: <see cref="Set"/> overwrites a same-length value in place.
    /// </summary>
    public override RedisHash Clone()
    {
        var copy = new RedisHash(_limits) { _hashtable = _hashtable, _payloadBytes = _payloadBytes };
        for (int i = 0; i < _fields.Count; i++)
        {
            copy._fields.GetValueRefOrAddDefault(_fields.KeySpanAt(i), out _).Set(_fields.ValueRefAt(i).Span);
        }
        return copy;
    }

    /// <summary>Fields in the hash (HLEN).</summary>
    public int Count => _fields.Count;

    /// <inheritdoc />
    /// <remarks>The object, the dictionary, and the arrays of the long fields and values (short ones are inside their entries).</remarks>
    public override long EstimatedBytes => s_objectBytes + _fields.StructureBytes + _payloadBytes;

    /// <summary>Finds the value of <paramref name="field"/> as an array of its own (a copy); <see cref="TryReadValue"/> reads it in place.</summary>
    public bool TryGetValue(ReadOnlySpan<byte> field, out byte[] value)
    {
        bool found = TryReadValue(field, out ReadOnlySpan<byte> bytes);
        value = found ? bytes.ToArray() : null!;
        return found;
    }

    /// <summary>
    /// Finds the value of <paramref name="field"/> (HGET, HMGET, HSTRLEN, HINCRBY), read in place: valid until the
    /// hash next changes.
    /// </summary>
    public bool TryReadValue(ReadOnlySpan<byte> field, out ReadOnlySpan<byte> value)
    {
        int position = _fields.IndexOf(field);
        if (position < 0)
        {
            value = default;
            return false;
        }
        value = _fields.ValueRefAt(position).Span;
        return true;
    }

    /// <summary>True when <paramref name="field"/> exists (HEXISTS).</summary>
    public bool ContainsField(ReadOnlySpan<byte> field) => _fields.ContainsKey(field);

    /// <summary>
    /// hashTypeSet: sets <paramref name="field"/> to a copy of <paramref name="value"/>. Returns true when the field
    /// is new, false when an existing value was replaced. A short field and value are stored in the entry (see
    /// <see cref="SlotString"/>) and a replaced long value of the same length is overwritten in place, so neither
    /// adding nor updating such a field allocates. Converts to a hashtable first when either argument is longer
    /// than hash-max-listpack-value (Redis 7.0's hashTypeSet checks this itself, so HINCRBY and HINCRBYFLOAT convert
    /// too), and after adding when there are more than hash-max-listpack-entries fields.
    /// </summary>
    public bool Set(ReadOnlySpan<byte> field, ReadOnlySpan<byte> value)
    {
        if (field.Length > _limits.HashMaxListpackValue || value.Length > _limits.HashMaxListpackValue)
        {
            _hashtable = true;
        }
        ref SlotString slot = ref _fields.GetValueRefOrAddDefault(field, out bool exists);
        long before = exists ? slot.HeapBytes : -MemoryAccounting.Key(field.Length);
        slot.Set(value);
        _payloadBytes += slot.HeapBytes - before;
        if (_fields.Count > _limits.HashMaxListpackEntries)
        {
            _hashtable = true;
        }
        return !exists;
    }

    /// <summary>
    /// RDB loading: adds a field and value the hash takes ownership of, leaving the encoding alone (the loader
    /// applies Redis's conversion rules itself). False, changing nothing, when the field already exists. Counts
    /// the payload as <see cref="Set"/> does, so a loaded hash weighs what the same hash built by HSET weighs.
    /// </summary>
    internal bool TryAddLoaded(byte[] field, byte[] value)
    {
        SlotString stored = SlotString.Create(value, value);
        if (!_fields.TryAddOwned(field, stored))
        {
            return false;
        }
        _payloadBytes += MemoryAccounting.Key(field.Length) + stored.HeapBytes;
        return true;
    }

    /// <summary>hashTypeConvert to OBJ_ENCODING_HT, for RDB loading.</summary>
    internal void ConvertToHashtable() => _hashtable = true;

    /// <summary>hashTypeDelete: removes <paramref name="field"/>; false when it was absent. The caller deletes an emptied key.</summary>
    public bool Delete(ReadOnlySpan<byte> field)
    {
        int position = _fields.IndexOf(field);
        if (position < 0)
        {
            return false;
        }
        _payloadBytes -= MemoryAccounting.Key(field.Length) + _fields.ValueRefAt(position).HeapBytes;
        _fields.RemoveAt(position, keepOrder: !_hashtable);
        return true;
    }

    /// <summary>
    /// The field at <paramref name="position"/> (0 ≤ position &lt; Count) as an array: a short field's is a copy (see
    /// <see cref="DenseDictionary{TValue}.KeyAt"/>). To read it, use <see cref="FieldSpanAt"/>.
    /// </summary>
    public byte[] FieldAt(int position) => _fields.KeyAt(position);

    /// <summary>
    /// The bytes of the field at <paramref name="position"/> (0 ≤ position &lt; Count), read in place, for iteration and
    /// HRANDFIELD: valid until the hash next changes.
    /// </summary>
    public ReadOnlySpan<byte> FieldSpanAt(int position) => _fields.KeySpanAt(position);

    /// <summary>The value at <paramref name="position"/> (0 ≤ position &lt; Count) as an array of its own (a copy); <see cref="ValueSpanAt"/> reads it in place.</summary>
    public byte[] ValueAt(int position) => _fields.ValueRefAt(position).ToArray();

    /// <summary>The bytes of the value at <paramref name="position"/> (0 ≤ position &lt; Count), read in place: valid until the hash next changes.</summary>
    public ReadOnlySpan<byte> ValueSpanAt(int position) => _fields.ValueRefAt(position).Span;

    /// <summary>The heap bytes of the value at <paramref name="position"/> beyond its entry (MEMORY USAGE's sampling).</summary>
    internal long ValueHeapBytes(int position) => _fields.ValueRefAt(position).HeapBytes;

    /// <summary>
    /// One step of HSCAN (dictScan): calls <paramref name="callback"/> with every field and value in the bucket at
    /// <paramref name="cursor"/> and returns the next cursor, 0 at the end; see <see cref="DenseDictionary{TValue}.Scan{TState}"/>
    /// for the guarantee. HSCAN uses it for a hashtable; a listpack hash is returned whole, in order. Fields and
    /// values are passed as arrays of their own (SCAN replies keep what they collect).
    /// </summary>
    public ulong Scan<TState>(ulong cursor, Action<TState, byte[], byte[]> callback, TState state) =>
        _fields.Scan(cursor, static (s, field, value) => s.Callback(s.State, field, value.ToArray()), (Callback: callback, State: state));

    /// <summary>The field dictionary, for MEMORY USAGE and lazyfree.</summary>
    internal DenseDictionary<SlotString> Fields => _fields;
}
