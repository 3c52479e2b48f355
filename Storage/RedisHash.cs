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

    private readonly DenseDictionary<byte[]> _fields = new();
    private readonly EncodingLimits _limits;
    private bool _hashtable;
    private long _payloadBytes; // the values' arrays and the long fields' (MemoryAccounting.ByteArray, MemoryAccounting.Key)

    /// <summary>Creates an empty hash that converts by <paramref name="limits"/> (hash-max-listpack-*).</summary>
    public RedisHash(EncodingLimits limits) => _limits = limits;

    /// <inheritdoc />
    public static RedisHash Create(EncodingLimits limits) => new(limits);

    /// <inheritdoc />
    public override ObjectType Type => ObjectType.Hash;

    /// <inheritdoc />
    public override string Encoding => _hashtable ? "hashtable" : "listpack";

    /// <summary>
    /// A deep copy in field order, keeping the encoding, for COPY (hashTypeDup in redis/redis src/t_hash.c). Values
    /// are copied too: <see cref="Set"/> overwrites a same-length value in place.
    /// </summary>
    public override RedisHash Clone()
    {
        var copy = new RedisHash(_limits) { _hashtable = _hashtable, _payloadBytes = _payloadBytes };
        for (int i = 0; i < _fields.Count; i++)
        {
            copy._fields.GetValueRefOrAddDefault(_fields.KeySpanAt(i), out _) = (byte[])_fields.ValueAt(i).Clone();
        }
        return copy;
    }

    /// <summary>Fields in the hash (HLEN).</summary>
    public int Count => _fields.Count;

    /// <inheritdoc />
    /// <remarks>The object, the dictionary, every value's array and every long field's (a short one is inside its entry).</remarks>
    public override long EstimatedBytes => s_objectBytes + _fields.StructureBytes + _payloadBytes;

    /// <summary>Finds the value of <paramref name="field"/> (HGET).</summary>
    public bool TryGetValue(ReadOnlySpan<byte> field, out byte[] value) => _fields.TryGetValue(field, out value);

    /// <summary>True when <paramref name="field"/> exists (HEXISTS).</summary>
    public bool ContainsField(ReadOnlySpan<byte> field) => _fields.ContainsKey(field);

    /// <summary>
    /// hashTypeSet: sets <paramref name="field"/> to a copy of <paramref name="value"/>. Returns true when the field
    /// is new, false when an existing value was replaced. A replaced value of the same length is overwritten in
    /// place, so updating a field does not allocate. Converts to a hashtable first when either argument is longer
    /// than hash-max-listpack-value (Redis 7.0's hashTypeSet checks this itself, so HINCRBY and HINCRBYFLOAT convert
    /// too), and after adding when there are more than hash-max-listpack-entries fields.
    /// </summary>
    public bool Set(ReadOnlySpan<byte> field, ReadOnlySpan<byte> value)
    {
        if (field.Length > _limits.HashMaxListpackValue || value.Length > _limits.HashMaxListpackValue)
        {
            _hashtable = true;
        }
        ref byte[] slot = ref _fields.GetValueRefOrAddDefault(field, out bool exists);
        if (exists && slot.Length == value.Length)
        {
            value.CopyTo(slot);
        }
        else
        {
            _payloadBytes += MemoryAccounting.ByteArray(value.Length)
                + (exists ? -MemoryAccounting.ByteArray(slot.Length) : MemoryAccounting.Key(field.Length));
            slot = value.ToArray();
        }
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
        if (!_fields.TryAddOwned(field, value))
        {
            return false;
        }
        _payloadBytes += MemoryAccounting.Key(field.Length) + MemoryAccounting.ByteArray(value.Length);
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
        _payloadBytes -= MemoryAccounting.Key(field.Length) + MemoryAccounting.ByteArray(_fields.ValueAt(position).Length);
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

    /// <summary>The value at <paramref name="position"/> (0 ≤ position &lt; Count).</summary>
    public byte[] ValueAt(int position) => _fields.ValueAt(position);

    /// <summary>
    /// One step of HSCAN (dictScan): calls <paramref name="callback"/> with every field and value in the bucket at
    /// <paramref name="cursor"/> and returns the next cursor, 0 at the end; see <see cref="DenseDictionary{TValue}.Scan{TState}"/>
    /// for the guarantee. HSCAN uses it for a hashtable; a listpack hash is returned whole, in order.
    /// </summary>
    public ulong Scan<TState>(ulong cursor, Action<TState, byte[], byte[]> callback, TState state) =>
        _fields.Scan(cursor, callback, state);

    /// <summary>The field dictionary, for MEMORY USAGE and lazyfree.</summary>
    internal DenseDictionary<byte[]> Fields => _fields;
}
