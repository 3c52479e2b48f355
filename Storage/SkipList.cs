using System.Runtime.CompilerServices;

namespace Reactor.MiniRedis.Storage;

/// <summary>
/// The ordered half of a sorted set: zskiplist in redis/redis src/t_zset.c (after William Pugh's "Skip Lists: A
/// Probabilistic Alternative to Balanced Trees"). Nodes are ordered by score, then by member bytes (memcmp, shorter
/// first on a tie, like sdscmp). Each forward link records its span, so rank lookups, access by rank and inserts all
/// take O(log n) expected time; the backward links give reverse iteration.
/// </summary>
/// <remarks>
/// The list does not check for duplicate members: the owning <see cref="RedisSortedSet"/> keeps a dictionary from
/// member to node and only inserts members it does not hold. The search paths ("update" and "rank" vectors in Redis)
/// live in inline arrays on the stack, so operations allocate nothing except a new node. Walks compare against the
/// score copy each link keeps of the node it leads to (see <see cref="SkipListNode"/>), so a step reads one node.
/// </remarks>
public sealed class SkipList
{
    /// <summary>ZSKIPLIST_MAXLEVEL: enough for 2^32 elements at P = 1/2 (a sorted set holds at most 2^31 - 1).</summary>
    public const int MaxLevel = 32;

    /// <summary>
    /// The chance that a node reaches the next level up: 1/2, where Redis's ZSKIPLIST_P is 1/4 (the level a node
    /// gets is not observable, only time and memory). A search makes about log_{1/P}(n) / P comparisons either way
    /// (about 39 at 632K elements), but only the steps onto a node load it: the comparison that ends each level's
    /// run reads the score copy in the link (see <see cref="SkipListNode"/>). Steps are (1 - P) per level: 3 per
    /// level over 10 levels at 1/4 (29 loads), 1 per level over 19 at 1/2 (19 loads), and the top levels stay in
    /// cache. Measured on 1M <c>redis-benchmark</c>-shaped ZADDs in process (632K members): 1/2 took ZADD's CPU
    /// time from 5.3 to 4.7 s with links to nodes, and to 3.9 s with links to upper arrays; ZRANK's from 2.9 to
    /// 1.9 s. The cost: 2 levels per node on average instead of 1.33, so 120 bytes per node instead of 86.
    /// </summary>
    private const int LevelThreshold = (int)(0.5 * 0xFFFF);

    /// <summary>The size of a <see cref="SkipListNode.Level"/>: 8 + 8 + 4, padded to 8.</summary>
    private const int LevelBytes = 24;

    /// <summary>The list object and its header node (MaxLevel levels; its empty member is the shared empty array).</summary>
    internal static readonly long EmptyBytes =
        MemoryAccounting.Object(3 * MemoryAccounting.Reference + 4 + 4 + 8) + NodeBytes(MaxLevel);

    private readonly SkipListNode _header;
    private readonly SkipListNode.Level[] _headerUpper; // the header's upper levels, where every walk starts
    private SkipListNode? _tail;
    private int _level = 1;
    private int _length;
    private long _nodeBytes; // every linked node with its upper array and member, by NodeBytes

    /// <summary>Creates an empty list: zslCreate.</summary>
    public SkipList()
    {
        _header = new SkipListNode(MaxLevel, 0, []);
        _headerUpper = _header.Upper!;
    }

    /// <summary>Nodes in the list.</summary>
    public int Count => _length;

    /// <summary>The node with the lowest score (and lowest member among equal scores), or null when empty.</summary>
    public SkipListNode? First => _header.Next;

    /// <summary>The node with the highest score, or null when empty.</summary>
    public SkipListNode? Last => _tail;

    /// <summary>The header node (MaxLevel levels, no element), for tests that check every link.</summary>
    internal SkipListNode Header => _header;

    /// <summary>The list, its header and every node with its upper array and member array (see <see cref="MemoryAccounting"/>).</summary>
    internal long EstimatedBytes => EmptyBytes + _nodeBytes;

    /// <summary>
    /// zslInsert: adds a new node for <paramref name="member"/> (which must not be in the list) and returns it.
    /// The node keeps <paramref name="member"/>'s array as is.
    /// </summary>
    public SkipListNode Insert(double score, byte[] member) => Insert(score, member, RandomLevel());

    /// <summary>zslInsert with the node's height chosen by the caller (tests build nodes of given heights).</summary>
    internal SkipListNode Insert(double score, byte[] member, int height)
    {
        var node = new SkipListNode(height, score, member);
        InsertNode(node);
        return node;
    }

    /// <summary>zslDelete: removes the node holding exactly <paramref name="score"/> and <paramref name="member"/>; false when absent.</summary>
    public bool Delete(double score, ReadOnlySpan<byte> member)
    {
        var update = new UpperVector();
        var rank = new RankVector();
        var rule = new Before(score, member);
        SkipListNode x = Descend(ref rule, ref update, ref rank);
        SkipListNode? target = x.Next;
        if (target is null || target.Score != score || !target.Member.AsSpan().SequenceEqual(member))
        {
            return false;
        }
        DeleteNode(target, x, ref update);
        return true;
    }

    /// <summary>
    /// zslUpdateScore: gives <paramref name="node"/> (which must be in this list) the score <paramref name="newScore"/>.
    /// When the node stays in place only the score changes (in the node and in the links into it); otherwise it is
    /// unlinked and linked again at its new place. Unlike Redis, the node object (and its levels) is reused, so
    /// updating a score never allocates.
    /// </summary>
    public void UpdateScore(SkipListNode node, double newScore)
    {
        // Redis's in-place test. The next node's score is the node's own copy, so the previous node is only read
        // when the new score is below the next one.
        ref SkipListNode.Level following = ref node.Level0;
        SkipListNode? previous = null;
        bool inPlace = (following.Forward is null || following.ForwardScore > newScore)
            && ((previous = node.Previous) is null || previous.Score < newScore);
        if (inPlace && node.Upper is null)
        {
            // Only the level-0 link from the previous node (or the header) leads to a node of one level.
            (previous ?? _header).Level0.ForwardScore = newScore;
            node.Score = newScore;
            return;
        }
        var update = new UpperVector();
        var rank = new RankVector();
        var rule = new Before(node.Score, node.Member);
        SkipListNode before = Descend(ref rule, ref update, ref rank);
        if (inPlace)
        {
            // update[i] links to the node at each of its levels.
            before.Level0.ForwardScore = newScore;
            for (int i = 1; i < node.Height; i++)
            {
                update[i]![i].ForwardScore = newScore;
            }
            node.Score = newScore;
            return;
        }
        DeleteNode(node, before, ref update);
        node.Score = newScore;
        InsertNode(node);
    }

    /// <summary>
    /// zslGetRank: the 1-based rank of the node holding <paramref name="score"/> and <paramref name="member"/>, or 0
    /// when there is none.
    /// </summary>
    public int GetRank(double score, ReadOnlySpan<byte> member)
    {
        var update = new UpperVector();
        var rank = new RankVector();
        var rule = new AtOrBefore(score, member);
        Descend(ref rule, ref update, ref rank);
        return rule.Found ? rank[0] : 0;
    }

    /// <summary>zslGetElementByRank: the node at 1-based <paramref name="rank"/>, or null when out of range.</summary>
    public SkipListNode? GetByRank(int rank)
    {
        var update = new UpperVector();
        var ranks = new RankVector();
        var rule = new RankAtMost(rank, inclusive: true);
        SkipListNode x = Descend(ref rule, ref update, ref ranks);
        return ranks[0] == rank && x != _header ? x : null;
    }

    /// <summary>
    /// zslFirstInRange and zslFirstInLexRange: the lowest node inside <paramref name="range"/> (a
    /// <see cref="ScoreRange"/> or a <see cref="LexRange"/>), or null. A lex range assumes that every element has
    /// the same score, as Redis does; otherwise the answer is whatever the walk finds.
    /// </summary>
    public SkipListNode? FirstInRange<TRange>(in TRange range) where TRange : ISortedSetRange, allows ref struct
    {
        if (!MayOverlap(range))
        {
            return null;
        }
        var update = new UpperVector();
        var rank = new RankVector();
        var rule = new BelowMin<TRange>(range);
        // MayOverlap guarantees a node at or above the minimum exists.
        SkipListNode first = Descend(ref rule, ref update, ref rank).Next!;
        return range.IsBelowMax(first) ? first : null;
    }

    /// <summary>zslLastInRange and zslLastInLexRange: the highest node inside <paramref name="range"/>, or null.</summary>
    public SkipListNode? LastInRange<TRange>(in TRange range) where TRange : ISortedSetRange, allows ref struct
    {
        if (!MayOverlap(range))
        {
            return null;
        }
        var update = new UpperVector();
        var rank = new RankVector();
        var rule = new AtMostMax<TRange>(range);
        // MayOverlap guarantees a node at or below the maximum exists, so x is not the header.
        SkipListNode x = Descend(ref rule, ref update, ref rank);
        return range.IsAboveMin(x) ? x : null;
    }

    /// <summary>
    /// zzlFirstInRange and zzlFirstInLexRange: what Redis finds in a listpack, scanning from the lowest element
    /// for the first one at or past the minimum, then checking it against the maximum. The same node as
    /// <see cref="FirstInRange"/> when the range follows the list's order (always for scores; for lex ranges when
    /// all scores are equal); otherwise this is the deterministic answer Redis gives for a small set. O(n).
    /// </summary>
    public SkipListNode? FirstInRangeByScan<TRange>(in TRange range) where TRange : ISortedSetRange, allows ref struct
    {
        if (!MayOverlap(range))
        {
            return null;
        }
        SkipListNode? x = First;
        while (x is not null && !range.IsAboveMin(x))
        {
            x = x.Next;
        }
        return x is not null && range.IsBelowMax(x) ? x : null;
    }

    /// <summary>zzlLastInRange and zzlLastInLexRange: the scan of <see cref="FirstInRangeByScan"/> from the highest element down.</summary>
    public SkipListNode? LastInRangeByScan<TRange>(in TRange range) where TRange : ISortedSetRange, allows ref struct
    {
        if (!MayOverlap(range))
        {
            return null;
        }
        SkipListNode? x = _tail;
        while (x is not null && !range.IsBelowMax(x))
        {
            x = x.Previous;
        }
        return x is not null && range.IsAboveMin(x) ? x : null;
    }

    /// <summary>
    /// zslDeleteRangeByScore and zslDeleteRangeByLex: unlinks every node inside <paramref name="range"/> in one
    /// walk (O(log n) to the first, then O(1) per node), removes each member from <paramref name="dict"/> (the
    /// owning set's member index) and returns how many were removed.
    /// </summary>
    internal int DeleteRange<TRange>(in TRange range, DenseDictionary<SkipListNode> dict)
        where TRange : ISortedSetRange, allows ref struct
    {
        var update = new UpperVector();
        var rank = new RankVector();
        var rule = new BelowMin<TRange>(range);
        SkipListNode x = Descend(ref rule, ref update, ref rank);
        // x is the last node before the range; delete forward while inside it.
        int removed = 0;
        SkipListNode? node = x.Next;
        while (node is not null && range.IsBelowMax(node))
        {
            SkipListNode? next = node.Next;
            dict.Remove(node.Member, keepOrder: false);
            DeleteNode(node, x, ref update);
            removed++;
            node = next;
        }
        return removed;
    }

    /// <summary>
    /// zslDeleteRangeByRank: unlinks the nodes of 1-based ranks <paramref name="start"/> to <paramref name="end"/>
    /// (inclusive; the caller has clamped them to the list), removes their members from <paramref name="dict"/>
    /// and returns how many were removed.
    /// </summary>
    internal int DeleteRangeByRank(int start, int end, DenseDictionary<SkipListNode> dict)
    {
        var update = new UpperVector();
        var rank = new RankVector();
        var rule = new RankAtMost(start, inclusive: false);
        SkipListNode x = Descend(ref rule, ref update, ref rank);
        int traversed = rank[0] + 1;
        int removed = 0;
        SkipListNode? node = x.Next;
        while (node is not null && traversed <= end)
        {
            SkipListNode? next = node.Next;
            dict.Remove(node.Member, keepOrder: false);
            DeleteNode(node, x, ref update);
            removed++;
            traversed++;
            node = next;
        }
        return removed;
    }

    // zslIsInRange / zslIsInLexRange: false when the range is empty or lies wholly outside [First, Last].
    private bool MayOverlap<TRange>(in TRange range) where TRange : ISortedSetRange, allows ref struct =>
        !range.IsEmpty && _tail is not null && range.IsAboveMin(_tail) && range.IsBelowMax(First!);

    // Orders the node a non-null link of level i leads to against (score, member): score first (the link's copy, so
    // a walk does not touch the node for it), then member bytes as sdscmp does.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int CompareForward(in SkipListNode.Level link, int i, double score, ReadOnlySpan<byte> member) =>
        link.ForwardScore < score ? -1
        : link.ForwardScore > score ? 1
        : SkipListNode.Target(link.Forward!, i).Member.AsSpan().SequenceCompareTo(member);

    // zslRandomLevel: level k has probability P^(k-1) (1 - P), capped at MaxLevel.
    private static int RandomLevel()
    {
        int level = 1;
        while ((Random.Shared.Next() & 0xFFFF) < LevelThreshold && level < MaxLevel)
        {
            level++;
        }
        return level;
    }

    /*
     * The one walk every search makes: from the header's top level down, stepping forward at each level while
     * rule says to step over the link's target. It records, per level above 0, the upper array of the last node
     * before the target (Redis's update[]) and its rank (rank[]; rank[0] is the rank of the returned node), and
     * returns the level-0 predecessor, or the node it stepped onto when rule stops the walk early (ZRANK, access by
     * rank). Above level 0 the walk moves from upper array to upper array (see SkipListNode's remarks) and reads a
     * node only where it drops to level 0.
     */
    private SkipListNode Descend<TRule>(ref TRule rule, ref UpperVector update, ref RankVector rank)
        where TRule : IStepRule, allows ref struct
    {
        SkipListNode.Level[] x = _headerUpper;
        int traversed = 0;
        for (int i = _level - 1; i >= 1; i--)
        {
            ref SkipListNode.Level link = ref x[i];
            while (link.Forward is { } next && rule.StepsOver(link, i, traversed))
            {
                traversed += link.Span;
                x = SkipListNode.AsUpper(next);
                if (rule.StopsAt(traversed))
                {
                    rank[0] = traversed;
                    return SkipListNode.OwnerOf(x);
                }
                link = ref x[i];
            }
            update[i] = x;
            rank[i] = traversed;
        }
        SkipListNode node = SkipListNode.OwnerOf(x);
        ref SkipListNode.Level link0 = ref node.Level0;
        while (link0.Forward is { } next && rule.StepsOver(link0, 0, traversed))
        {
            traversed += link0.Span;
            node = SkipListNode.AsNode(next);
            if (rule.StopsAt(traversed))
            {
                break;
            }
            link0 = ref node.Level0;
        }
        rank[0] = traversed;
        return node;
    }

    // The body of zslInsert for an unlinked node whose level is already chosen.
    private void InsertNode(SkipListNode node)
    {
        var update = new UpperVector();
        var rank = new RankVector();
        double score = node.Score;
        var rule = new Before(score, node.Member);
        SkipListNode before0 = Descend(ref rule, ref update, ref rank);
        int level = node.Height;
        if (level > _level)
        {
            for (int i = _level; i < level; i++)
            {
                rank[i] = 0;
                update[i] = _headerUpper;
                _headerUpper[i].Span = _length;
            }
            _level = level;
        }
        ref SkipListNode.Level before = ref before0.Level0;
        ref SkipListNode.Level link = ref node.Level0;
        link.Forward = before.Forward;
        link.ForwardScore = before.ForwardScore;
        link.Span = before.Span; // rank[0] - rank[0] = 0 nodes between before0 and the new node
        before.Forward = node;
        before.ForwardScore = score;
        before.Span = 1;
        SkipListNode.Level[]? upper = node.Upper;
        for (int i = 1; i < level; i++)
        {
            ref SkipListNode.Level above = ref update[i]![i];
            ref SkipListNode.Level own = ref upper![i];
            own.Forward = above.Forward;
            own.ForwardScore = above.ForwardScore;
            above.Forward = upper;
            above.ForwardScore = score;
            // update[i] is rank[0] - rank[i] nodes before the new node's level-0 predecessor.
            own.Span = above.Span - (rank[0] - rank[i]);
            above.Span = rank[0] - rank[i] + 1;
        }
        // Links above the node's level now jump over one more node.
        for (int i = level; i < _level; i++)
        {
            update[i]![i].Span++;
        }
        node.Previous = before0 == _header ? null : before0;
        if (node.Next is { } following)
        {
            following.Previous = node;
        }
        else
        {
            _tail = node;
        }
        _length++;
        _nodeBytes += NodeBytes(level) + MemoryAccounting.ByteArray(node.Member.Length);
    }

    // zslDeleteNode: unlinks x given its level-0 predecessor and its upper predecessors at every level.
    private void DeleteNode(SkipListNode x, SkipListNode before0, ref UpperVector update)
    {
        ref SkipListNode.Level before = ref before0.Level0;
        ref SkipListNode.Level own = ref x.Level0;
        before.Span += own.Span - 1;
        before.Forward = own.Forward;
        before.ForwardScore = own.ForwardScore;
        SkipListNode.Level[]? upper = x.Upper;
        int height = x.Height;
        for (int i = 1; i < _level; i++)
        {
            ref SkipListNode.Level above = ref update[i]![i];
            if (i < height)
            {
                // update[i] links to x at every level x has (zslDeleteNode's forward == x).
                above.Span += upper![i].Span - 1;
                above.Forward = upper[i].Forward;
                above.ForwardScore = upper[i].ForwardScore;
            }
            else
            {
                above.Span--;
            }
        }
        if (x.Next is { } following)
        {
            following.Previous = x.Previous;
        }
        else
        {
            _tail = x.Previous;
        }
        while (_level > 1 && _headerUpper[_level - 1].Forward is null)
        {
            _level--;
        }
        _length--;
        _nodeBytes -= NodeBytes(height) + MemoryAccounting.ByteArray(x.Member.Length);
        x.ClearLevels();
        x.Previous = null;
    }

    /// <summary>
    /// A node of <paramref name="height"/> levels: the object (member, previous, upper array, score and level 0)
    /// and, above one level, its upper array: the owner slot and levels 1 and up. A level is 24 bytes (forward link,
    /// its score copy, span).
    /// </summary>
    internal static long NodeBytes(int height) =>
        MemoryAccounting.Object(3 * MemoryAccounting.Reference + 8 + LevelBytes)
        + (height > 1 ? MemoryAccounting.Array(height, LevelBytes) : 0);

    /// <summary>What <see cref="Descend"/> asks at each link: whether to step over its target, and whether to stop there.</summary>
    private interface IStepRule
    {
        /// <summary>Whether the walk steps to the target of <paramref name="link"/> (non-null, at level <paramref name="i"/>), from a node of rank <paramref name="traversed"/>.</summary>
        bool StepsOver(in SkipListNode.Level link, int i, int traversed);

        /// <summary>Whether the walk ends on the node it just stepped onto, of rank <paramref name="traversed"/>.</summary>
        bool StopsAt(int traversed);
    }

    /// <summary>Steps over every node ordered before (score, member): zslInsert's and zslDelete's walk.</summary>
    private readonly ref struct Before(double score, ReadOnlySpan<byte> member) : IStepRule
    {
        private readonly double _score = score;
        private readonly ReadOnlySpan<byte> _member = member;

        public bool StepsOver(in SkipListNode.Level link, int i, int traversed) => CompareForward(link, i, _score, _member) < 0;

        public bool StopsAt(int traversed) => false;
    }

    /// <summary>
    /// zslGetRank's walk: steps over nodes up to (score, member) and stops on the link that reaches it; Redis checks x
    /// after each level, stopping on the link gives the same rank without reading the node at every level below.
    /// </summary>
    private ref struct AtOrBefore(double score, ReadOnlySpan<byte> member) : IStepRule
    {
        private readonly double _score = score;
        private readonly ReadOnlySpan<byte> _member = member;

        public bool Found { get; private set; }

        public bool StepsOver(in SkipListNode.Level link, int i, int traversed)
        {
            int order = CompareForward(link, i, _score, _member);
            Found = order == 0;
            return order <= 0;
        }

        public readonly bool StopsAt(int traversed) => Found;
    }

    /// <summary>
    /// Steps while the target's rank is at most <paramref name="rank"/> (zslGetElementByRank, stopping on it) or, not
    /// <paramref name="inclusive"/>, below it (zslDeleteRangeByRank's walk to the node before the first to delete).
    /// </summary>
    private readonly ref struct RankAtMost(int rank, bool inclusive) : IStepRule
    {
        private readonly int _limit = inclusive ? rank : rank - 1;
        private readonly int _stop = inclusive ? rank : -1;

        public bool StepsOver(in SkipListNode.Level link, int i, int traversed) => traversed + link.Span <= _limit;

        public bool StopsAt(int traversed) => traversed == _stop;
    }

    /// <summary>Steps while the target is below the range's minimum (zslFirstInRange, zslDeleteRangeByScore).</summary>
    private readonly ref struct BelowMin<TRange>(TRange range) : IStepRule where TRange : ISortedSetRange, allows ref struct
    {
        private readonly TRange _range = range;

        public bool StepsOver(in SkipListNode.Level link, int i, int traversed) =>
            _range.ByScore ? !_range.IsScoreAboveMin(link.ForwardScore) : !_range.IsAboveMin(SkipListNode.Target(link.Forward!, i));

        public bool StopsAt(int traversed) => false;
    }

    /// <summary>Steps while the target is at or below the range's maximum (zslLastInRange).</summary>
    private readonly ref struct AtMostMax<TRange>(TRange range) : IStepRule where TRange : ISortedSetRange, allows ref struct
    {
        private readonly TRange _range = range;

        public bool StepsOver(in SkipListNode.Level link, int i, int traversed) =>
            _range.ByScore ? _range.IsScoreBelowMax(link.ForwardScore) : _range.IsBelowMax(SkipListNode.Target(link.Forward!, i));

        public bool StopsAt(int traversed) => false;
    }

    /// <summary>Redis's update[] above level 0: per level, the upper array of the last node before the target.</summary>
    [InlineArray(MaxLevel)]
    private struct UpperVector
    {
        private SkipListNode.Level[]? _element;
    }

    [InlineArray(MaxLevel)]
    private struct RankVector
    {
        private int _element;
    }
}
