namespace Reactor.MiniRedis.Storage;

/// <summary>
/// A sorted set value: the zset of redis/redis src/t_zset.c, a <see cref="SkipList"/> ordered by (score, member)
/// plus a dictionary from member to its skip-list node, so a member's score is found in O(1) and its rank, the
/// element at a rank and score ranges in O(log n). The member array is shared by the dictionary and the node.
/// </summary>
/// <remarks>
/// Redis keeps small sorted sets in a listpack and converts them, once, to a skiplist when they pass
/// zset-max-listpack-entries elements or hold a member longer than zset-max-listpack-value bytes.
/// The data here is always a skip list; the encoding is tracked for OBJECT ENCODING and for one observable quirk:
/// a listpack stores scores as text, and Redis 7.0 writes -0 there as 0, so while the set is <c>listpack</c> a
/// stored -0 becomes 0 (ZADD z -0 m then ZSCORE z m replies "0"; once it is a skiplist, "-0").
/// </remarks>
public sealed class RedisSortedSet : RedisObject, IRedisCollection<RedisSortedSet>
{
    private readonly Dictionary<byte[], SkipListNode> _dict = new(KeyComparer.Instance);
    private readonly Dictionary<byte[], SkipListNode>.AlternateLookup<ReadOnlySpan<byte>> _members;
    private readonly SkipList _zsl = new();
    private readonly EncodingLimits _limits;
    private bool _skiplist;

    /// <summary>Creates an empty sorted set, listpack-encoded until it outgrows zset-max-listpack-* in <paramref name="limits"/>.</summary>
    public RedisSortedSet(EncodingLimits limits)
    {
        _limits = limits;
        _members = _dict.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    /// <inheritdoc />
    public static RedisSortedSet Create(EncodingLimits limits) => new(limits);

    /// <inheritdoc />
    public override ObjectType Type => ObjectType.SortedSet;

    /// <inheritdoc />
    public override string Encoding => _skiplist ? "skiplist" : "listpack";

    /// <summary>Elements in the set (ZCARD).</summary>
    public int Count => _zsl.Count;

    /// <summary>The element with the lowest score, or null when empty.</summary>
    public SkipListNode? First => _zsl.First;

    /// <summary>The element with the highest score, or null when empty.</summary>
    public SkipListNode? Last => _zsl.Last;

    /// <summary>Finds the score of <paramref name="member"/> (ZSCORE).</summary>
    public bool TryGetScore(ReadOnlySpan<byte> member, out double score)
    {
        if (_members.TryGetValue(member, out SkipListNode? node))
        {
            score = node.Score;
            return true;
        }
        score = 0;
        return false;
    }

    /// <summary>The 0-based rank of <paramref name="member"/> counting from the lowest score, or -1 when absent (ZRANK).</summary>
    public int GetRank(ReadOnlySpan<byte> member) =>
        _members.TryGetValue(member, out SkipListNode? node) ? _zsl.GetRank(node.Score, node.Member) - 1 : -1;

    /// <summary>The element at 0-based <paramref name="rank"/> from the lowest score, or null when out of range.</summary>
    public SkipListNode? GetByRank(int rank) => rank < 0 ? null : _zsl.GetByRank(rank + 1);

    /// <summary>The lowest element whose score is inside <paramref name="range"/>, or null.</summary>
    public SkipListNode? FirstInRange(in ScoreRange range) => _zsl.FirstInRange(range);

    /// <summary>The highest element whose score is inside <paramref name="range"/>, or null.</summary>
    public SkipListNode? LastInRange(in ScoreRange range) => _zsl.LastInRange(range);

    /// <summary>
    /// zsetAdd: adds <paramref name="member"/> with <paramref name="score"/>, or updates it, as
    /// <paramref name="flags"/> allow. <paramref name="newScore"/> is the element's score afterwards (the
    /// incremented one with INCR) when the result is Added, Updated or Unchanged. A NaN score, given or produced
    /// by INCR (inf + -inf), changes nothing and returns NotANumber. Adding a member copies its bytes once;
    /// updating an existing member does not allocate.
    /// </summary>
    public SortedSetAddResult Add(double score, ReadOnlySpan<byte> member, SortedSetAddFlags flags, out double newScore)
    {
        newScore = 0;
        if (double.IsNaN(score))
        {
            return SortedSetAddResult.NotANumber;
        }
        if (_members.TryGetValue(member, out SkipListNode? node))
        {
            if ((flags & SortedSetAddFlags.OnlyNew) != 0)
            {
                return SortedSetAddResult.Skipped;
            }
            double current = node.Score;
            if ((flags & SortedSetAddFlags.Increment) != 0)
            {
                score += current;
                if (double.IsNaN(score))
                {
                    return SortedSetAddResult.NotANumber;
                }
            }
            if (((flags & SortedSetAddFlags.LessThan) != 0 && score >= current) ||
                ((flags & SortedSetAddFlags.GreaterThan) != 0 && score <= current))
            {
                return SortedSetAddResult.Skipped;
            }
            newScore = score;
            if (score == current)
            {
                return SortedSetAddResult.Unchanged;
            }
            _zsl.UpdateScore(node, StoredScore(score));
            return SortedSetAddResult.Updated;
        }
        if ((flags & SortedSetAddFlags.OnlyExisting) != 0)
        {
            return SortedSetAddResult.Skipped;
        }
        // As in zsetAdd, the size checks run before inserting, so the new element is stored as a skiplist would.
        if (_zsl.Count + 1 > _limits.ZsetMaxListpackEntries || member.Length > _limits.ZsetMaxListpackValue)
        {
            _skiplist = true;
        }
        byte[] stored = member.ToArray();
        _dict.Add(stored, _zsl.Insert(StoredScore(score), stored));
        newScore = score;
        return SortedSetAddResult.Added;
    }

    /// <summary>
    /// zsetConvert to OBJ_ENCODING_SKIPLIST: what SORT does to a listpack sorted set before reading it, so OBJECT
    /// ENCODING reports <c>skiplist</c> from then on (one-way, as every conversion).
    /// </summary>
    public void ConvertToSkiplist() => _skiplist = true;

    /// <summary>zsetRemoveFromSkiplist: removes <paramref name="member"/>; false when absent. The caller deletes an emptied key.</summary>
    public bool Remove(ReadOnlySpan<byte> member)
    {
        if (!_members.Remove(member, out _, out SkipListNode? node))
        {
            return false;
        }
        _zsl.Delete(node.Score, node.Member);
        return true;
    }

    /// <summary>
    /// Removes and returns the element with the lowest score (ZPOPMIN), or the highest when <paramref name="highest"/>
    /// (ZPOPMAX). The set must not be empty. The returned node is detached: read its Member and Score only.
    /// </summary>
    public SkipListNode Pop(bool highest)
    {
        SkipListNode node = (highest ? _zsl.Last : _zsl.First) ?? throw new InvalidOperationException("The sorted set is empty.");
        _dict.Remove(node.Member);
        _zsl.Delete(node.Score, node.Member);
        return node;
    }

    // A listpack keeps scores as text, where Redis 7.0 writes -0 as "0" (see the remarks above).
    private double StoredScore(double score) => _skiplist || score != 0 ? score : 0.0;
}
