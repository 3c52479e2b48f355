namespace Reactor.MiniRedis.Storage;

/// <summary>
/// MEMORY USAGE's estimate: objectComputeSize in redis/redis src/object.c, applied to this server's own data
/// structures on the managed heap. The numbers are what a key and its value occupy here (object headers, arrays and
/// their padding, unused capacity), not what Redis would allocate for the same data, and they are estimates.
/// </summary>
/// <remarks>
/// <para><b>The heap model</b> (64-bit CoreCLR): every object has a 16-byte header (sync block and method table);
/// an array adds an 8-byte length, so a <c>byte[]</c> of n bytes takes 24 + n rounded up to 8, and an array of n
/// references 24 + 8n. Objects' own field sizes are counted from their declared fields (the constants below; a
/// string counts its <see cref="RedisObject.EstimatedBytes"/>, the model of used_memory); the runtime's layout may
/// differ by a few bytes of padding.</para>
/// <para><b>What is counted</b>, as in objectComputeSize: the value object; its tables at their allocated capacity
/// (entry and bucket arrays, a small list's ring buffer or a big one's segments and their directory, the intset's
/// array, the skip list's header node); and its elements. A key adds its keyspace table entry and, when too long
/// to be stored in the entry, its byte array (sizeof(dictEntry) plus the key's sds in Redis). Not counted, as in
/// Redis: the expires entry and the share of the keyspace's bucket array.</para>
/// <para><b>Sampling</b>, as in Redis: a big collection's elements are not all visited. The first
/// <c>samples</c> elements (by position, or from the head of a list or skip list) are measured and their average
/// is multiplied by the count; <c>samples</c> ≤ 0 means all. Compact encodings (intset, listpack), which Redis
/// measures exactly with one zmalloc_size call, are measured exactly here too by visiting every element (they are
/// small by definition).</para>
/// </remarks>
public static class MemoryUsage
{
    /// <summary>OBJ_COMPUTE_SIZE_DEF_SAMPLES: the default SAMPLES of MEMORY USAGE.</summary>
    public const long DefaultSamples = 5;

    private const int ObjectHeader = MemoryAccounting.ObjectHeader;
    private const int ArrayHeader = MemoryAccounting.ArrayHeader;

    // Instance sizes from the declared fields (RedisObject's uint Lru padded to 8 comes first in each).
    private const int ListObject = ObjectHeader + 8 + 8 + 4 + 4;              // storage, head, count
    private const int SetObject = ObjectHeader + 8 + 8 + 8 + 8 + 8;           // integers, members, limits, count
    private const int HashObject = ObjectHeader + 8 + 8 + 8 + 8;              // fields, limits, bool
    private const int SortedSetObject = ObjectHeader + 8 + 8 + 8 + 8 + 8;     // dict, skip list, limits, bool

    /// <summary>
    /// The bytes <paramref name="key"/> and <paramref name="value"/> occupy (memoryCommand's USAGE: the value's
    /// objectComputeSize, the key, and its dictEntry), sampling up to <paramref name="samples"/> elements of a big
    /// collection (≤ 0: all of them). A bare string (<see cref="StoredValue"/>) is its array, if it has one.
    /// </summary>
    public static long KeyUsage(ReadOnlySpan<byte> key, in StoredValue value, long samples) =>
        (value.Object is { } stored ? ValueSize(stored, samples) : value.BareHeapBytes) + MemoryAccounting.Key(key.Length) + KeyTable<StoredValue>.EntrySize;

    /// <summary>objectComputeSize: the estimated bytes of <paramref name="value"/> and everything it holds.</summary>
    public static long ValueSize(RedisObject value, long samples)
    {
        if (samples <= 0)
        {
            samples = long.MaxValue;
        }
        return value switch
        {
            RedisString text => text.EstimatedBytes,
            RedisList list => ListObject + list.StorageBytes + Sampled(list.Count, samples, list, static (l, i) => l.ElementHeapBytes(i)),
            RedisSet set => SetSize(set, samples),
            RedisHash hash => HashObject + DictionarySize(hash.Fields) + Sampled(hash.Count, hash.Encoding == "listpack" ? long.MaxValue : samples, hash,
                static (h, i) => MemoryAccounting.Key(h.FieldSpanAt(i).Length) + h.ValueHeapBytes(i)),
            RedisSortedSet zset => SortedSetSize(zset, samples),
            _ => ObjectHeader,
        };
    }

    /// <summary>
    /// The overhead of a keyspace table (MEMORY STATS' overhead.hashtable.main and .expires, which Redis computes
    /// as entries × sizeof(dictEntry) + buckets × sizeof(pointer)): <paramref name="count"/> entries and
    /// <paramref name="slots"/> bucket heads of a table of <typeparamref name="TValue"/> (the main table's entries
    /// hold a <see cref="StoredValue"/>, the expires table's a time).
    /// </summary>
    public static long TableOverhead<TValue>(long count, long slots) => count * KeyTable<TValue>.EntrySize + slots * sizeof(int);

    /// <summary>A byte array of <paramref name="length"/> bytes: header, length, the bytes, padded to 8.</summary>
    public static long ByteArray(int length) => MemoryAccounting.ByteArray(length);

    private static long ReferenceArray(int length) => MemoryAccounting.ReferenceArray(length);

    // The dictionary object and its entry and bucket arrays at their capacity; once paged (big collections), its
    // chunks, bucket pages and their directories: the same model as used_memory.
    private static long DictionarySize<TValue>(DenseDictionary<TValue>? dict) => dict is null ? 0 : dict.StructureBytes;

    private static long SetSize(RedisSet set, long samples)
    {
        if (set.Members is null)
        {
            return SetObject + ArrayHeader + set.IntsetCapacity * 8L;
        }
        return SetObject + DictionarySize(set.Members) + Sampled(set.Count, samples, set.Members, static (d, i) => MemoryAccounting.Key(d.KeySpanAt(i).Length));
    }

    // The skip list walked from its head, as objectComputeSize samples the first nodes: each node (its block and its
    // slot, by SkipList's own model) and a long member's array. A short member lives in the node's slot and the
    // dictionary's entry (counted with the dictionary); a long one's array is shared by both and counted once.
    private static long SortedSetSize(RedisSortedSet zset, long samples)
    {
        long size = SortedSetObject + DictionarySize(zset.Dict) + SkipList.EmptyBytes; // the list and its header node
        if (zset.Encoding == "listpack")
        {
            samples = long.MaxValue;
        }
        long measured = 0, total = 0;
        for (SkipListNode node = zset.First; node.Exists && measured < samples; node = node.Next)
        {
            total += node.MemberHeapBytes + SkipList.NodeBytes(node.Height);
            measured++;
        }
        return size + (measured == 0 ? 0 : (long)((double)total / measured * zset.Count));
    }

    // elesize/samples*count: the average of the first min(count, samples) elements, times the count.
    private static long Sampled<T>(int count, long samples, T owner, Func<T, int, long> elementSize)
    {
        long measured = Math.Min(count, samples);
        if (measured == 0)
        {
            return 0;
        }
        long total = 0;
        for (int i = 0; i < measured; i++)
        {
            total += elementSize(owner, i);
        }
        return (long)((double)total / measured * count);
    }
}
