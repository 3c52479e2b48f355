namespace Reactor.MiniRedis.Storage;

/// <summary>
/// A sorted set value: the zset of redis/redis src/t_zset.c, a <see cref="SkipList"/> ordered by (score, member)
/// plus a dictionary from member to its skip-list node (the node's block in the list, see <see cref="SkipList"/>), so
/// a member's score is found in O(1) and its rank, the element at a rank and score ranges in O(log n). A member of up
/// to 23 bytes is kept inside both the dictionary's entry and the node's slot, so it is no object at all; a longer one
/// is one array both share.
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
    /// <summary>The object: the base fields, the dictionary, the list, the limits and the encoding flag.</summary>
    private static readonly long s_objectBytes = MemoryAccounting.Object(BaseFieldBytes + 3 * MemoryAccounting.Reference + 1);

    private readonly DenseDictionary<int> _dict = new(); // member -> its node's block in _zsl
    private readonly SkipList _zsl = new();
    private readonly EncodingLimits _limits;
    private bool _skiplist;

    /// <summary>Creates an empty sorted set, listpack-encoded until it outgrows zset-max-listpack-* in <paramref name="limits"/>.</summary>
    public RedisSortedSet(EncodingLimits limits) => _limits = limits;

    /// <inheritdoc />
    public static RedisSortedSet Create(EncodingLimits limits) => new(limits);

    /// <inheritdoc />
    public override ObjectType Type => ObjectType.SortedSet;

    /// <inheritdoc />
    public override string Encoding => _skiplist ? "skiplist" : "listpack";

    /// <summary>A deep copy keeping the encoding, for COPY (zsetDup in redis/redis src/t_zset.c).</summary>
    public override RedisSortedSet Clone()
    {
        var copy = new RedisSortedSet(_limits) { _skiplist = _skiplist };
        for (SkipListNode node = _zsl.First; node.Exists; node = node.Next)
        {
            copy.Link(node.Score, node.Member, owned: null);
        }
        return copy;
    }

    /// <summary>Elements in the set (ZCARD).</summary>
    public int Count => _zsl.Count;

    /// <inheritdoc />
    /// <remarks>The object, the member dictionary and the skip list with its nodes and long members' arrays (shared with the dictionary).</remarks>
    public override long EstimatedBytes => s_objectBytes + _dict.StructureBytes + _zsl.EstimatedBytes;

    /// <summary>The element with the lowest score, or none when empty.</summary>
    public SkipListNode First => _zsl.First;

    /// <summary>The element with the highest score, or none when empty.</summary>
    public SkipListNode Last => _zsl.Last;

    /// <summary>Finds the score of <paramref name="member"/> (ZSCORE).</summary>
    public bool TryGetScore(ReadOnlySpan<byte> member, out double score)
    {
        if (_dict.TryGetValue(member, out int block))
        {
            score = _zsl.ScoreOf(block);
            return true;
        }
        score = 0;
        return false;
    }

    /// <summary>The 0-based rank of <paramref name="member"/> counting from the lowest score, or -1 when absent (ZRANK).</summary>
    public int GetRank(ReadOnlySpan<byte> member) =>
        _dict.TryGetValue(member, out int block) ? _zsl.GetRank(_zsl.ScoreOf(block), member) - 1 : -1;

    /// <summary>The element at 0-based <paramref name="rank"/> from the lowest score, or none when out of range.</summary>
    public SkipListNode GetByRank(int rank) => rank < 0 ? default : _zsl.GetByRank(rank + 1);

    /// <summary>
    /// The 0-based rank of <paramref name="node"/> (an element of this set) counting from the lowest score:
    /// zslGetRank, O(log n).
    /// </summary>
    public int RankOf(SkipListNode node) => _zsl.GetRank(node.Score, node.Member) - 1;

    /// <summary>
    /// The lowest element inside <paramref name="range"/> (scores or member bytes), or none, found in O(log n).
    /// The exception is a lex range while the set is a listpack: Redis scans a listpack, and a lex range over mixed
    /// scores (which Redis leaves undefined) then has one deterministic answer, so that case scans too (see
    /// <see cref="SkipList.FirstInRangeByScan"/>; at most zset-max-listpack-entries elements).
    /// </summary>
    public SkipListNode FirstInRange<TRange>(in TRange range) where TRange : ISortedSetRange, allows ref struct =>
        Scans(range) ? _zsl.FirstInRangeByScan(range) : _zsl.FirstInRange(range);

    /// <summary>The highest element inside <paramref name="range"/>, or none (see <see cref="FirstInRange"/>).</summary>
    public SkipListNode LastInRange<TRange>(in TRange range) where TRange : ISortedSetRange, allows ref struct =>
        Scans(range) ? _zsl.LastInRangeByScan(range) : _zsl.LastInRange(range);

    /// <summary>
    /// ZCOUNT and ZLEXCOUNT: how many elements are inside <paramref name="range"/>, in O(log n) from the ranks of
    /// the first and last of them; a lex range in a listpack counts forward from the first while inside, as
    /// zlexcountCommand does there.
    /// </summary>
    public int CountInRange<TRange>(in TRange range) where TRange : ISortedSetRange, allows ref struct
    {
        SkipListNode first = FirstInRange(range);
        if (!first.Exists)
        {
            return 0;
        }
        if (Scans(range))
        {
            return CountWhileInside(range, first, reverse: false, long.MaxValue);
        }
        // Over mixed scores a lex range is not in list order, and the walk may find a first element but no last:
        // zlexcountCommand then counts from the first to the end of the set.
        SkipListNode last = _zsl.LastInRange(range);
        return !last.Exists ? Count - RankOf(first) : RankOf(last) - RankOf(first) + 1;
    }

    /// <summary>
    /// The window that genericZrangebyscoreCommand and genericZrangebylexCommand walk: the elements inside
    /// <paramref name="range"/>, from the lowest (or the highest when <paramref name="reverse"/>), after skipping
    /// <paramref name="offset"/> of them and taking at most <paramref name="limit"/> (all when negative). Returns
    /// how many there are and sets <paramref name="start"/> to the first one to emit; the caller steps with
    /// <see cref="SkipListNode.Next"/> (or <see cref="SkipListNode.Previous"/>). The window is found with ranks in
    /// O(log n), so the length is known before replying (a lex range in a listpack is walked as Redis walks it). As
    /// in Redis, a negative offset selects nothing (its walk runs off the end).
    /// </summary>
    public int GetRange<TRange>(in TRange range, bool reverse, long offset, long limit, out SkipListNode start)
        where TRange : ISortedSetRange, allows ref struct
    {
        start = default;
        if (offset < 0 || offset >= Count || limit == 0)
        {
            return 0;
        }
        SkipListNode first = reverse ? LastInRange(range) : FirstInRange(range);
        if (!first.Exists)
        {
            return 0;
        }
        // Over mixed scores a lex range is not in list order: the skiplist walk may find a first element but no
        // last one, or a last one on the wrong side of it. Redis walks from the first in any case, as here.
        SkipListNode last = Scans(range) ? default : reverse ? _zsl.FirstInRange(range) : _zsl.LastInRange(range);
        int firstRank = !last.Exists ? 0 : RankOf(first);
        int lastRank = !last.Exists ? 0 : RankOf(last);
        if (!last.Exists || (reverse ? lastRank > firstRank : lastRank < firstRank))
        {
            start = first;
            for (long i = 0; i < offset && start.Exists; i++)
            {
                start = reverse ? start.Previous : start.Next;
            }
            return !start.Exists ? 0 : CountWhileInside(range, start, reverse, limit < 0 ? long.MaxValue : limit);
        }
        long available = Math.Abs(lastRank - firstRank) + 1 - offset;
        if (available <= 0)
        {
            return 0;
        }
        start = offset == 0 ? first : GetByRank(reverse ? firstRank - (int)offset : firstRank + (int)offset);
        return (int)(limit < 0 ? available : Math.Min(available, limit));
    }

    /// <summary>
    /// ZREMRANGEBYSCORE and ZREMRANGEBYLEX: removes every element inside <paramref name="range"/> and returns how
    /// many (zslDeleteRangeByScore/ByLex in one walk; a lex range in a listpack as zzlDeleteRangeByLex: from the
    /// first element found by scanning, while inside). The caller deletes an emptied key.
    /// </summary>
    public int RemoveRange<TRange>(in TRange range) where TRange : ISortedSetRange, allows ref struct
    {
        if (!Scans(range))
        {
            return _zsl.DeleteRange(range, _dict);
        }
        int removed = 0;
        SkipListNode node = _zsl.FirstInRangeByScan(range);
        while (node.Exists && range.IsBelowMax(node))
        {
            SkipListNode next = node.Next;
            Remove(node);
            removed++;
            node = next;
        }
        return removed;
    }

    /// <summary>
    /// ZREMRANGEBYRANK: removes the elements of 0-based ranks <paramref name="start"/> to <paramref name="end"/>
    /// (inclusive, already clamped to the set) and returns how many. The caller deletes an emptied key.
    /// </summary>
    public int RemoveRangeByRank(int start, int end) => _zsl.DeleteRangeByRank(start + 1, end + 1, _dict);

    /// <summary>
    /// One step of ZSCAN over the member dictionary (dictScan): calls <paramref name="callback"/> with every member
    /// and score in the bucket at <paramref name="cursor"/> and returns the next cursor, 0 at the end; see
    /// <see cref="DenseDictionary{TValue}.Scan{TState}"/> for the guarantee. ZSCAN uses it for a skiplist; a listpack
    /// set is returned whole, in score order.
    /// </summary>
    public ulong Scan<TState>(ulong cursor, Action<TState, byte[], double> callback, TState state) =>
        _dict.Scan(cursor, static (s, member, block) => s.Callback(s.State, member, s.List.ScoreOf(block)), (Callback: callback, State: state, List: _zsl));

    /// <summary>The member dictionary, for MEMORY USAGE and lazyfree.</summary>
    internal DenseDictionary<int> Dict => _dict;

    /// <summary>A uniformly random element, left in place (ZRANDMEMBER). The set must not be empty.</summary>
    public SkipListNode RandomElement() =>
        Count > 0 ? GetByRank(Random.Shared.Next(Count)) : throw new InvalidOperationException("The sorted set is empty.");

    /// <summary>
    /// zsetAdd: adds <paramref name="member"/> with <paramref name="score"/>, or updates it, as
    /// <paramref name="flags"/> allow. <paramref name="newScore"/> is the element's score afterwards (the
    /// incremented one with INCR) when the result is Added, Updated or Unchanged. A NaN score, given or produced
    /// by INCR (inf + -inf), changes nothing and returns NotANumber. Adding a short member allocates nothing, a long one is copied once;
    /// updating an existing member does not allocate.
    /// </summary>
    public SortedSetAddResult Add(double score, ReadOnlySpan<byte> member, SortedSetAddFlags flags, out double newScore)
    {
        newScore = 0;
        if (double.IsNaN(score))
        {
            return SortedSetAddResult.NotANumber;
        }
        if (_dict.TryGetValue(member, out int block))
        {
            if ((flags & SortedSetAddFlags.OnlyNew) != 0)
            {
                return SortedSetAddResult.Skipped;
            }
            double current = _zsl.ScoreOf(block);
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
            _zsl.UpdateScore(new SkipListNode(_zsl, block), StoredScore(score));
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
        Link(StoredScore(score), member, owned: null);
        newScore = score;
        return SortedSetAddResult.Added;
    }

    /// <summary>
    /// zsetConvert to OBJ_ENCODING_SKIPLIST: what SORT does to a listpack sorted set before reading it, so OBJECT
    /// ENCODING reports <c>skiplist</c> from then on (one-way, as every conversion).
    /// </summary>
    public void ConvertToSkiplist() => _skiplist = true;

    /// <summary>
    /// An empty set that starts as a skiplist unless <paramref name="count"/> elements fit zset-max-listpack-entries
    /// and a member of <paramref name="longestMember"/> bytes fits zset-max-listpack-value. For results built whole
    /// (ZUNIONSTORE, ZINTERSTORE, ZDIFFSTORE) Redis builds a skiplist and then converts it to a listpack when it
    /// fits (zsetConvertToListpackIfNeeded); deciding up front gives the same encoding and the same scores (a
    /// listpack turns -0 into 0), and <see cref="AddNew"/> fills it. ZRANGESTORE presizes its destination the same
    /// way and then adds with <see cref="Add"/>, which still converts a listpack that outgrows the limits.
    /// </summary>
    public static RedisSortedSet CreateForElements(EncodingLimits limits, int count, int longestMember) =>
        new(limits) { _skiplist = count > limits.ZsetMaxListpackEntries || longestMember > limits.ZsetMaxListpackValue };

    /// <summary>
    /// Adds <paramref name="member"/>, which must not be in the set, taking ownership of the array (no copy). The
    /// encoding is left as it is: this is for sets made by <see cref="CreateForElements"/>.
    /// </summary>
    public void AddNew(double score, byte[] member) => Link(StoredScore(score), member, member);

    /// <summary>zsetRemoveFromSkiplist: removes <paramref name="member"/>; false when absent. The caller deletes an emptied key.</summary>
    public bool Remove(ReadOnlySpan<byte> member)
    {
        if (!_dict.Remove(member, keepOrder: false, out int block))
        {
            return false;
        }
        _zsl.Delete(_zsl.ScoreOf(block), member);
        return true;
    }

    /// <summary>
    /// Removes <paramref name="node"/>, an element of this set (ZPOPMIN and ZPOPMAX read <see cref="First"/> or
    /// <see cref="Last"/>, reply with it, then remove it). The caller deletes an emptied key.
    /// </summary>
    public void Remove(SkipListNode node)
    {
        ReadOnlySpan<byte> member = node.Member; // the node's own bytes, valid until the list frees it below
        _dict.Remove(member, keepOrder: false);
        _zsl.Delete(node.Score, member);
    }

    // Adds a member the set does not hold to the list and the dictionary: a short member is copied into both, a long
    // one is kept in one array both share (owned, given away by the caller, or a copy).
    private void Link(double score, ReadOnlySpan<byte> member, byte[]? owned)
    {
        if (owned is null && member.Length > DenseDictionary<int>.InlineKeyCapacity)
        {
            owned = member.ToArray();
        }
        int block = _zsl.Insert(score, member, owned).Block;
        if (owned is not null)
        {
            _dict.TryAddOwned(owned, block);
        }
        else
        {
            _dict.GetValueRefOrAddDefault(member, out _) = block;
        }
    }

    // Whether range is answered by scanning as Redis scans a listpack (see FirstInRange).
    private bool Scans<TRange>(in TRange range) where TRange : ISortedSetRange, allows ref struct =>
        !_skiplist && !range.FollowsListOrder;

    // Counts, from start on and up to limit, the elements still inside the range, walking as a listpack does.
    private static int CountWhileInside<TRange>(in TRange range, SkipListNode start, bool reverse, long limit)
        where TRange : ISortedSetRange, allows ref struct
    {
        int count = 0;
        for (SkipListNode node = start; node.Exists && count < limit; node = reverse ? node.Previous : node.Next)
        {
            if (!(reverse ? range.IsAboveMin(node) : range.IsBelowMax(node)))
            {
                break;
            }
            count++;
        }
        return count;
    }

    // A listpack keeps scores as text, where Redis 7.0 writes -0 as "0" (see the remarks above).
    private double StoredScore(double score) => _skiplist || score != 0 ? score : 0.0;
}
