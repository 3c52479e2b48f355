namespace Reactor.MiniRedis.Storage.Rdb;

/// <summary>
/// The value half of <see cref="RdbReader"/>: rdbLoadObject for every encoding Redis 7.0 writes or still reads
/// (plain, ziplist, zipmap, intset, listpack, quicklist 1 and 2), building our value types with the encoding Redis
/// would give the loaded value under the same thresholds.
/// </summary>
public sealed partial class RdbReader
{
    /// <summary>lpSafeToAdd's limit: a listpack never grows past 1 GB.</summary>
    private const long ListpackSafetySize = 1L << 30;

    /// <summary>rdbIsObjectType: the value types of RDB version 10 (0 to 7 and 9 to 19).</summary>
    public static bool IsObjectType(byte type) => type <= 7 || (type >= 9 && type <= 19);

    /// <summary>
    /// rdbLoadObject: reads a value of RDB type <paramref name="type"/>, whose collections convert by
    /// <paramref name="limits"/>. Returns null for a value with no elements (RDB_LOAD_ERR_EMPTY_KEY: Redis skips
    /// such keys in a file and refuses them in RESTORE); throws <see cref="RdbFormatException"/> when the data is
    /// corrupt or is a type this server does not hold (streams, module values).
    /// </summary>
    public RedisObject? ReadObject(RdbType type, EncodingLimits limits) => type switch
    {
        RdbType.String => ReadStringObject(),
        RdbType.List => ReadPlainList(),
        RdbType.ListQuicklist or RdbType.ListQuicklist2 => ReadQuicklist(type == RdbType.ListQuicklist2),
        RdbType.ListZiplist => ReadZiplistList(),
        RdbType.Set => ReadPlainSet(limits),
        RdbType.SetIntset => ReadIntset(limits),
        RdbType.SortedSet or RdbType.SortedSet2 => ReadPlainSortedSet(type == RdbType.SortedSet2, limits),
        RdbType.SortedSetZiplist or RdbType.SortedSetListpack => ReadPackedSortedSet(type == RdbType.SortedSetListpack, limits),
        RdbType.Hash => ReadPlainHash(limits),
        RdbType.HashZipmap => ReadZipmapHash(limits),
        RdbType.HashZiplist or RdbType.HashListpack => ReadPackedHash(type == RdbType.HashListpack, limits),
        RdbType.StreamListpacks or RdbType.StreamListpacks2 => throw Corrupt("Stream values are not supported by this server"),
        RdbType.Module or RdbType.Module2 => throw Corrupt("The RDB file contains module data I can't load: modules are not supported by this server"),
        _ => throw Corrupt($"Unknown RDB encoding type {(int)type}"),
    };

    // tryObjectEncoding after rdbLoadEncodedStringObject: an integer of at most 20 characters is int-encoded.
    private RedisString ReadStringObject()
    {
        byte[] value = ReadString();
        return RedisString.TryIntegerEncoding(value, out long integer)
            ? RedisString.FromInt64(integer)
            : RedisString.FromOwnedBytes(value);
    }

    // RDB_TYPE_LIST: a count, then the elements as strings.
    private RedisList? ReadPlainList()
    {
        ulong count = ReadLength();
        var list = new RedisList();
        for (ulong i = 0; i < count; i++)
        {
            list.PushOwned(ReadString(), ListEnd.Tail);
        }
        return list.Count == 0 ? null : list;
    }

    // RDB_TYPE_LIST_QUICKLIST(_2): a node count, then per node (version 2: its container, plain or packed) a
    // string holding one element (plain), a listpack (version 2) or a ziplist (version 1). Empty nodes are skipped;
    // a list left empty is an empty key.
    private RedisList? ReadQuicklist(bool version2)
    {
        ulong nodes = ReadLength();
        var list = new RedisList();
        for (ulong n = 0; n < nodes; n++)
        {
            ulong container = RdbWriter.PackedContainer;
            if (version2)
            {
                container = ReadLength();
                if (container is not (RdbWriter.PlainContainer or RdbWriter.PackedContainer))
                {
                    throw Corrupt("Quicklist integrity check failed.");
                }
            }
            byte[] data = ReadString();
            if (data.Length == 0)
            {
                throw Corrupt("Quicklist integrity check failed.");
            }
            if (container == RdbWriter.PlainContainer)
            {
                list.PushOwned(data, ListEnd.Tail);
            }
            else if (version2)
            {
                var listpack = new ListpackReader(data);
                AppendElements(list, ref listpack);
            }
            else
            {
                var ziplist = new ZiplistReader(data);
                AppendElements(list, ref ziplist);
            }
        }
        return list.Count == 0 ? null : list;
    }

    // RDB_TYPE_LIST_ZIPLIST: one ziplist of elements.
    private RedisList? ReadZiplistList()
    {
        var list = new RedisList();
        var ziplist = new ZiplistReader(ReadString());
        AppendElements(list, ref ziplist);
        return list.Count == 0 ? null : list;
    }

    private static void AppendElements<TReader>(RedisList list, ref TReader reader) where TReader : IPackedReader, allows ref struct
    {
        // Pushed as spans: a short element is copied into its slot, so only a long one gets an array of its own.
        Span<byte> digits = stackalloc byte[20];
        while (reader.MoveNext())
        {
            list.Push(reader.IsInteger ? digits[..NumericText.FormatInt64(reader.Integer, digits)] : reader.String, ListEnd.Tail);
        }
    }

    // RDB_TYPE_SET: a count, then the members. The set starts as an intset and converts as Redis's loader does
    // (a non-integer member, or more than set-max-intset-entries members).
    private RedisSet? ReadPlainSet(EncodingLimits limits)
    {
        ulong count = ReadLength();
        var set = new RedisSet(limits);
        for (ulong i = 0; i < count; i++)
        {
            if (!set.Add(new SetMember(ReadString())))
            {
                throw Corrupt("Duplicate set members detected");
            }
        }
        return set.Count == 0 ? null : set;
    }

    // RDB_TYPE_SET_INTSET: an intset blob; converted when it holds more than set-max-intset-entries members.
    private RedisSet ReadIntset(EncodingLimits limits)
    {
        long[] members = Intset.Read(ReadString());
        if (members.Length == 0)
        {
            throw Corrupt("Intset integrity check failed.");
        }
        var set = new RedisSet(limits);
        foreach (long member in members)
        {
            set.Add(new SetMember(member));
        }
        return set;
    }

    // RDB_TYPE_ZSET(_2): a count, then members with their scores (binary, or text before RDB 8). Redis converts
    // after loading: a listpack when the set fits zset-max-listpack-entries and every member fits
    // zset-max-listpack-value (and the listpack would stay under 1 GB).
    private RedisSortedSet? ReadPlainSortedSet(bool binaryScores, EncodingLimits limits)
    {
        ulong count = ReadLength();
        var members = new List<byte[]>();
        var scores = new List<double>();
        long longest = 0, total = 0;
        for (ulong i = 0; i < count; i++)
        {
            byte[] member = ReadString();
            double score = binaryScores ? ReadBinaryDouble() : ReadStringDouble();
            if (double.IsNaN(score))
            {
                throw Corrupt("Zset with NAN score detected");
            }
            members.Add(member);
            scores.Add(score);
            longest = Math.Max(longest, member.Length);
            total += member.Length;
        }
        if (members.Count == 0)
        {
            return null;
        }
        int longestForEncoding = total > ListpackSafetySize ? int.MaxValue : (int)longest;
        return BuildSortedSet(members, scores, RedisSortedSet.CreateForElements(limits, members.Count, longestForEncoding),
            "Duplicate zset fields detected");
    }

    // RDB_TYPE_ZSET_ZIPLIST / RDB_TYPE_ZSET_LISTPACK: member, score pairs (the score an integer or strtod text).
    // Kept a listpack unless there are more than zset-max-listpack-entries elements.
    private RedisSortedSet? ReadPackedSortedSet(bool listpack, EncodingLimits limits)
    {
        string failure = listpack ? "Zset listpack integrity check failed." : "Zset ziplist integrity check failed.";
        var members = new List<byte[]>();
        var scores = new List<double>();
        ReadPairs(ReadString(), listpack, failure, (member, score, scratch) =>
        {
            double value = score.Integer;
            if (!score.IsInteger && (!NumericText.TryParseStrtod(score.GetBytes(scratch), out value) || double.IsNaN(value)))
            {
                throw Corrupt(failure);
            }
            members.Add(member.ToArray());
            scores.Add(value);
        });
        if (members.Count == 0)
        {
            return null;
        }
        return BuildSortedSet(members, scores, RedisSortedSet.CreateForElements(limits, members.Count, 0), failure);
    }

    private RedisSortedSet BuildSortedSet(List<byte[]> members, List<double> scores, RedisSortedSet zset, string duplicateMessage)
    {
        for (int i = 0; i < members.Count; i++)
        {
            if (zset.TryGetScore(members[i], out _))
            {
                throw Corrupt(duplicateMessage);
            }
            zset.AddNew(scores[i], members[i]);
        }
        return zset;
    }

    // RDB_TYPE_HASH: a count, then field/value pairs. A listpack until a field or value is longer than
    // hash-max-listpack-value or there are more than hash-max-listpack-entries pairs, as Redis's loader converts.
    private RedisHash? ReadPlainHash(EncodingLimits limits)
    {
        ulong count = ReadLength();
        var hash = new RedisHash(limits);
        if (count > (ulong)limits.HashMaxListpackEntries)
        {
            hash.ConvertToHashtable();
        }
        long total = 0;
        for (ulong i = 0; i < count; i++)
        {
            byte[] field = ReadString();
            byte[] value = ReadString();
            total += field.Length + value.Length;
            if (field.Length > limits.HashMaxListpackValue || value.Length > limits.HashMaxListpackValue || total > ListpackSafetySize)
            {
                hash.ConvertToHashtable();
            }
            if (!hash.TryAddLoaded(field, value))
            {
                throw Corrupt("Duplicate hash fields detected");
            }
        }
        return hash.Count == 0 ? null : hash;
    }

    // RDB_TYPE_HASH_ZIPMAP (Redis 2.4 and older): converted to a hashtable when it has more than
    // hash-max-listpack-entries pairs or a field or value longer than hash-max-listpack-value.
    private RedisHash ReadZipmapHash(EncodingLimits limits)
    {
        byte[] zipmap = ReadString();
        var reader = new ZipmapReader(zipmap);
        var hash = new RedisHash(limits);
        long longest = 0;
        while (reader.MoveNext())
        {
            longest = Math.Max(longest, Math.Max(reader.Field.Length, reader.Value.Length));
            if (!hash.TryAddLoaded(reader.Field.ToArray(), reader.Value.ToArray()))
            {
                throw Corrupt($"Hash zipmap with dup elements, or big length ({reader.Field.Length})");
            }
        }
        if (hash.Count == 0)
        {
            throw Corrupt("Zipmap integrity check failed.");
        }
        if (hash.Count > limits.HashMaxListpackEntries || longest > limits.HashMaxListpackValue)
        {
            hash.ConvertToHashtable();
        }
        return hash;
    }

    // RDB_TYPE_HASH_ZIPLIST / RDB_TYPE_HASH_LISTPACK: field, value pairs; kept a listpack unless there are more
    // than hash-max-listpack-entries of them.
    private RedisHash? ReadPackedHash(bool listpack, EncodingLimits limits)
    {
        string failure = listpack ? "Hash listpack integrity check failed." : "Hash ziplist integrity check failed.";
        var hash = new RedisHash(limits);
        ReadPairs(ReadString(), listpack, failure, (field, value, _) =>
        {
            if (!hash.TryAddLoaded(field.ToArray(), value.ToArray()))
            {
                throw Corrupt(failure);
            }
        });
        if (hash.Count == 0)
        {
            return null;
        }
        if (hash.Count > limits.HashMaxListpackEntries)
        {
            hash.ConvertToHashtable();
        }
        return hash;
    }

    /// <summary>One element of a listpack or ziplist as the pair readers hand it over.</summary>
    private readonly ref struct PackedElement(bool isInteger, long integer, ReadOnlySpan<byte> text)
    {
        public bool IsInteger { get; } = isInteger;

        public long Integer { get; } = integer;

        private readonly ReadOnlySpan<byte> _text = text;

        public ReadOnlySpan<byte> GetBytes(Span<byte> scratch) =>
            IsInteger ? scratch[..NumericText.FormatInt64(Integer, scratch)] : _text;

        public byte[] ToArray() => IsInteger ? NumericText.Int64ToBytes(Integer) : _text.ToArray();
    }

    private delegate void PairHandler(PackedElement first, PackedElement second, Span<byte> scratch);

    // Walks a listpack or ziplist of pairs, calling `pair` for each; an odd element count is corrupt, and so is
    // anything the element reader rejects (reported with `failure`, Redis's message for the value type).
    private void ReadPairs(byte[] data, bool listpack, string failure, PairHandler pair)
    {
        try
        {
            if (listpack)
            {
                var reader = new ListpackReader(data);
                ReadPairs(ref reader, failure, pair);
            }
            else
            {
                var reader = new ZiplistReader(data);
                ReadPairs(ref reader, failure, pair);
            }
        }
        catch (RdbFormatException e) when (e.Message != failure)
        {
            throw Corrupt(failure);
        }
    }

    private void ReadPairs<TReader>(ref TReader reader, string failure, PairHandler pair) where TReader : IPackedReader, allows ref struct
    {
        Span<byte> scratch = stackalloc byte[20];
        while (reader.MoveNext())
        {
            var first = new PackedElement(reader.IsInteger, reader.Integer, reader.String);
            if (!reader.MoveNext())
            {
                throw Corrupt(failure);
            }
            pair(first, new PackedElement(reader.IsInteger, reader.Integer, reader.String), scratch);
        }
    }
}
