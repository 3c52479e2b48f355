namespace Reactor.MiniRedis.Storage.Rdb;

/// <summary>The value half of <see cref="RdbWriter"/>: rdbSaveObjectType and rdbSaveObject for every type we hold.</summary>
public sealed partial class RdbWriter
{
    /// <summary>QUICKLIST_NODE_CONTAINER_PLAIN: a node holding one large element as it is.</summary>
    public const int PlainContainer = 1;

    /// <summary>QUICKLIST_NODE_CONTAINER_PACKED: a node holding a listpack.</summary>
    public const int PackedContainer = 2;

    /// <summary>packed_threshold in redis/redis src/quicklist.c: elements this large get a plain node of their own.</summary>
    private const int PackedThreshold = 1 << 30;

    /// <summary>SIZE_ESTIMATE_OVERHEAD: what one more element is assumed to add to a node besides its bytes.</summary>
    private const int SizeEstimateOverhead = 8;

    /// <summary>SIZE_SAFETY_LIMIT: a node filled by count never grows past 8 KB.</summary>
    private const int SizeSafetyLimit = 8192;

    /// <summary>optimization_level: the node size limits of list-max-listpack-size -1 to -5.</summary>
    private static readonly int[] s_optimizationLevel = [4096, 8192, 16384, 32768, 65536];

    private byte[] _blob = new byte[64];

    /// <summary>
    /// rdbSaveObjectType for Redis 7.0: strings, lists as quicklist 2, sets as intset or set, sorted sets as
    /// listpack or zset 2, hashes as listpack or hash, each after the value's current encoding.
    /// </summary>
    public void WriteObjectType(RedisObject value) => WriteType(TypeOf(value));

    /// <summary>The RDB type code <see cref="WriteObjectType"/> writes for <paramref name="value"/>.</summary>
    public static RdbType TypeOf(RedisObject value) => value switch
    {
        RedisString => RdbType.String,
        RedisList => RdbType.ListQuicklist2,
        RedisSet set => set.Encoding == "intset" ? RdbType.SetIntset : RdbType.Set,
        RedisSortedSet zset => zset.Encoding == "listpack" ? RdbType.SortedSetListpack : RdbType.SortedSet2,
        RedisHash hash => hash.Encoding == "listpack" ? RdbType.HashListpack : RdbType.Hash,
        _ => throw new ArgumentException($"No RDB encoding for {value.GetType().Name}.", nameof(value)),
    };

    /// <summary>rdbSaveObject: the value's data in the encoding <see cref="WriteObjectType"/> announced.</summary>
    public void WriteObject(RedisObject value)
    {
        switch (value)
        {
            case RedisString s:
                WriteStringObject(s);
                break;
            case RedisList list:
                WriteList(list);
                break;
            case RedisSet set:
                WriteSet(set);
                break;
            case RedisSortedSet zset:
                WriteSortedSet(zset);
                break;
            case RedisHash hash:
                WriteHash(hash);
                break;
            default:
                throw new ArgumentException($"No RDB encoding for {value.GetType().Name}.", nameof(value));
        }
    }

    /// <summary>rdbSaveStringObject: an int-encoded value as an integer, anything else as a raw string.</summary>
    public void WriteStringObject(RedisString value)
    {
        if (value.IsInteger)
        {
            WriteInt64AsString(value.Integer);
            return;
        }
        Span<byte> scratch = stackalloc byte[20];
        WriteString(value.GetBytes(scratch));
    }

    // A quicklist of listpack nodes: the node count, then per node its container and its listpack as a string.
    // Nodes are cut where quicklistPushTail would cut them when the list is pushed head to tail with the current
    // list-max-listpack-size, so an RPUSH-built list gives Redis's exact bytes. The first pass only counts nodes
    // (the count is written first); the second builds and writes each one.
    private void WriteList(RedisList list)
    {
        int fill = QuicklistFill(ListMaxListpackSize);
        WriteLength((ulong)Layout(list, fill).Nodes);
        bool open = false;
        long nodeBytes = 0;
        foreach (ReadOnlySpan<byte> element in list.Iterate(0, ListEnd.Tail))
        {
            if (element.Length >= PackedThreshold)
            {
                FinishNode(ref open);
                WriteLength(PlainContainer);
                WriteString(element);
                continue;
            }
            if (!open || !AllowInsert(nodeBytes, _listpack.Count, fill, element.Length))
            {
                FinishNode(ref open);
                _listpack.Reset();
                open = true;
            }
            _listpack.Append(element);
            nodeBytes = _listpack.Bytes;
        }
        FinishNode(ref open);
    }

    private void FinishNode(ref bool open)
    {
        if (open)
        {
            WriteLength(PackedContainer);
            WriteString(_listpack.Finish());
            open = false;
        }
    }

    /// <summary>quicklistSetFill: list-max-listpack-size as a quicklist's fill (-5 to 32767).</summary>
    public static int QuicklistFill(long listMaxListpackSize) => (int)Math.Clamp(listMaxListpackSize, -5, short.MaxValue);

    /// <summary>
    /// The quicklist <see cref="WriteObject"/> writes for <paramref name="list"/> under list-max-listpack-size
    /// <paramref name="listMaxListpackSize"/>: its node count and the sum of its nodes' sizes (each listpack's bytes,
    /// a plain node's element length): DEBUG OBJECT's ql_nodes and ql_uncompressed_size.
    /// </summary>
    public static (int Nodes, long Bytes) QuicklistLayout(RedisList list, long listMaxListpackSize) =>
        Layout(list, QuicklistFill(listMaxListpackSize));

    // The nodes quicklistPushTail makes of the list pushed head to tail: their count and total size.
    private static (int Nodes, long Bytes) Layout(RedisList list, int fill)
    {
        int nodes = 0, count = 0;
        long nodeBytes = 0, total = 0;
        bool open = false;
        foreach (ReadOnlySpan<byte> element in list.Iterate(0, ListEnd.Tail))
        {
            if (element.Length >= PackedThreshold)
            {
                nodes++;
                total += element.Length;
                open = false;
                continue;
            }
            if (!open || !AllowInsert(nodeBytes, count, fill, element.Length))
            {
                nodes++;
                open = true;
                count = 0;
                nodeBytes = ListpackWriter.HeaderSize + 1;
                total += nodeBytes;
            }
            long entry = ListpackWriter.EntrySize(element);
            nodeBytes += entry;
            total += entry;
            count++;
        }
        return (nodes, total);
    }

    // _quicklistNodeAllowInsert and quicklistNodeExceedsLimit (Redis 7.0.15): whether a node of nodeBytes bytes and
    // count elements takes one more element of size bytes. The new size is estimated with 8 bytes of overhead
    // (SIZE_ESTIMATE_OVERHEAD); a negative fill limits that size (4 KB to 64 KB), a positive one the count, within
    // the 8 KB safety limit.
    private static bool AllowInsert(long nodeBytes, int count, int fill, int size)
    {
        long newSize = nodeBytes + size + SizeEstimateOverhead;
        if (fill < 0)
        {
            return newSize <= s_optimizationLevel[Math.Min(-fill - 1, s_optimizationLevel.Length - 1)];
        }
        return newSize <= SizeSafetyLimit && count + 1 <= (fill == 0 ? 1 : fill);
    }

    // An intset as its blob (width chosen by the members' range), or a hashtable as count then members.
    private void WriteSet(RedisSet set)
    {
        int count = set.Count;
        if (set.Encoding == "intset")
        {
            long min = count == 0 ? 0 : set.MemberAt(0).Integer;
            long max = count == 0 ? 0 : set.MemberAt(count - 1).Integer;
            int encoding = Intset.EncodingFor(min, max);
            long[] values = new long[count];
            for (int i = 0; i < count; i++)
            {
                values[i] = set.MemberAt(i).Integer;
            }
            int blobLength = Intset.BlobLength(count, encoding);
            EnsureBlob(blobLength);
            Intset.Write(values, encoding, _blob);
            WriteString(_blob.AsSpan(0, blobLength));
            return;
        }
        WriteLength((ulong)count);
        Span<byte> scratch = stackalloc byte[20];
        for (int i = 0; i < count; i++)
        {
            WriteString(set.MemberAt(i).GetBytes(scratch));
        }
    }

    // A listpack of member, score pairs in score order (scores as zzlInsertAt stores them), or zset 2: the count,
    // then from the highest element down, each member and its binary score (rdbSaveObject writes from the tail
    // so that loading inserts at the head of the skip list).
    private void WriteSortedSet(RedisSortedSet zset)
    {
        if (zset.Encoding == "listpack")
        {
            _listpack.Reset();
            Span<byte> text = stackalloc byte[ScoreText.MaxLength];
            for (SkipListNode node = zset.First; node.Exists; node = node.Next)
            {
                _listpack.Append(node.Member);
                if (TryGetInt64(node.Score, out long integer))
                {
                    _listpack.AppendInteger(integer);
                }
                else
                {
                    _listpack.Append(text[..ScoreText.Format(node.Score, text)]);
                }
            }
            WriteString(_listpack.Finish());
            return;
        }
        WriteLength((ulong)zset.Count);
        for (SkipListNode node = zset.Last; node.Exists; node = node.Previous)
        {
            WriteString(node.Member);
            WriteBinaryDouble(node.Score);
        }
    }

    // A listpack of field, value pairs in the hash's order, or a hashtable as count then pairs.
    private void WriteHash(RedisHash hash)
    {
        int count = hash.Count;
        if (hash.Encoding == "listpack")
        {
            _listpack.Reset();
            for (int i = 0; i < count; i++)
            {
                _listpack.Append(hash.FieldSpanAt(i));
                _listpack.Append(hash.ValueSpanAt(i));
            }
            WriteString(_listpack.Finish());
            return;
        }
        WriteLength((ulong)count);
        for (int i = 0; i < count; i++)
        {
            WriteString(hash.FieldSpanAt(i));
            WriteString(hash.ValueSpanAt(i));
        }
    }

    /// <summary>
    /// double2ll (redis/redis src/util.h): a score that is a whole number within ±2^62 is stored in a listpack as
    /// an integer. -0 passes too (as 0), which is why a listpack sorted set turns -0 into 0.
    /// </summary>
    public static bool TryGetInt64(double value, out long integer)
    {
        integer = 0;
        if (value < -4611686018427387904.0 || value > 4611686018427387904.0 || double.IsNaN(value))
        {
            return false;
        }
        long truncated = (long)value;
        if (truncated != value)
        {
            return false;
        }
        integer = truncated;
        return true;
    }

    private void EnsureBlob(int size)
    {
        if (_blob.Length < size)
        {
            _blob = new byte[Math.Max(size, 2 * _blob.Length)];
        }
    }
}
