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
    /// <summary>ZSKIPLIST_MAXLEVEL: enough for 2^64 elements at P = 1/4.</summary>
    public const int MaxLevel = 32;

    /// <summary>ZSKIPLIST_P: the chance that a node reaches the next level up.</summary>
    private const int LevelThreshold = (int)(0.25 * 0xFFFF);

    /// <summary>The size of a <see cref="SkipListNode.Level"/>: 8 + 8 + 4, padded to 8.</summary>
    private const int LevelBytes = 24;

    /// <summary>The list object and its header node (MaxLevel levels; its empty member is the shared empty array).</summary>
    internal static readonly long EmptyBytes =
        MemoryAccounting.Object(2 * MemoryAccounting.Reference + 4 + 4 + 8) + NodeBytes(MaxLevel);

    private readonly SkipListNode _header = new(MaxLevel, 0, []);
    private SkipListNode? _tail;
    private int _level = 1;
    private int _length;
    private long _nodeBytes; // every linked node with its overflow levels and member, by NodeBytes

    /// <summary>Nodes in the list.</summary>
    public int Count => _length;

    /// <summary>The node with the lowest score (and lowest member among equal scores), or null when empty.</summary>
    public SkipListNode? First => _header.LevelAt(0).Forward;

    /// <summary>The node with the highest score, or null when empty.</summary>
    public SkipListNode? Last => _tail;

    /// <summary>The header node (MaxLevel levels, no element), for tests that check every link.</summary>
    internal SkipListNode Header => _header;

    /// <summary>The list, its header and every node with its overflow levels and member array (see <see cref="MemoryAccounting"/>).</summary>
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
        var update = new NodeVector();
        SkipListNode x = FindPredecessors(score, member, ref update);
        SkipListNode? target = x.LevelAt(0).Forward;
        if (target is null || target.Score != score || !target.Member.AsSpan().SequenceEqual(member))
        {
            return false;
        }
        DeleteNode(target, ref update);
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
        ref SkipListNode.Level following = ref node.LevelAt(0);
        SkipListNode? previous = null;
        bool inPlace = (following.Forward is null || following.ForwardScore > newScore)
            && ((previous = node.Previous) is null || previous.Score < newScore);
        if (inPlace && node.Height == 1)
        {
            // Only the level-0 link from the previous node (or the header) leads to a node of one level.
            (previous ?? _header).LevelAt(0).ForwardScore = newScore;
            node.Score = newScore;
            return;
        }
        var update = new NodeVector();
        FindPredecessors(node.Score, node.Member, ref update);
        if (inPlace)
        {
            // update[i] links to the node at each of its levels.
            for (int i = 0; i < node.Height; i++)
            {
                update[i]!.LevelAt(i).ForwardScore = newScore;
            }
            node.Score = newScore;
            return;
        }
        DeleteNode(node, ref update);
        node.Score = newScore;
        InsertNode(node);
    }

    /// <summary>
    /// zslGetRank: the 1-based rank of the node holding <paramref name="score"/> and <paramref name="member"/>, or 0
    /// when there is none.
    /// </summary>
    public int GetRank(double score, ReadOnlySpan<byte> member)
    {
        SkipListNode x = _header;
        int rank = 0;
        for (int i = _level - 1; i >= 0; i--)
        {
            ref SkipListNode.Level link = ref x.LevelAt(i);
            while (link.Forward is { } next)
            {
                int order = CompareForward(link, score, member);
                if (order > 0)
                {
                    break;
                }
                rank += link.Span;
                if (order == 0)
                {
                    // Redis checks x after each level; stopping on the link that reaches the element gives the
                    // same rank without reading the node at every level below.
                    return rank;
                }
                x = next;
                link = ref x.LevelAt(i);
            }
        }
        return 0;
    }

    /// <summary>zslGetElementByRank: the node at 1-based <paramref name="rank"/>, or null when out of range.</summary>
    public SkipListNode? GetByRank(int rank)
    {
        SkipListNode x = _header;
        int traversed = 0;
        for (int i = _level - 1; i >= 0; i--)
        {
            while (x.LevelAt(i).Forward is { } next && traversed + x.LevelAt(i).Span <= rank)
            {
                traversed += x.LevelAt(i).Span;
                x = next;
            }
            if (traversed == rank)
            {
                return x == _header ? null : x;
            }
        }
        return null;
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
        SkipListNode x = _header;
        for (int i = _level - 1; i >= 0; i--)
        {
            // Go forward while *out* of range.
            while (x.LevelAt(i).Forward is { } next && !range.IsAboveMin(next))
            {
                x = next;
            }
        }
        // MayOverlap guarantees a node at or above the minimum exists.
        SkipListNode first = x.LevelAt(0).Forward!;
        return range.IsBelowMax(first) ? first : null;
    }

    /// <summary>zslLastInRange and zslLastInLexRange: the highest node inside <paramref name="range"/>, or null.</summary>
    public SkipListNode? LastInRange<TRange>(in TRange range) where TRange : ISortedSetRange, allows ref struct
    {
        if (!MayOverlap(range))
        {
            return null;
        }
        SkipListNode x = _header;
        for (int i = _level - 1; i >= 0; i--)
        {
            // Go forward while *in* range.
            while (x.LevelAt(i).Forward is { } next && range.IsBelowMax(next))
            {
                x = next;
            }
        }
        // MayOverlap guarantees a node at or below the maximum exists, so x is not the header.
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
        var update = new NodeVector();
        SkipListNode x = _header;
        for (int i = _level - 1; i >= 0; i--)
        {
            while (x.LevelAt(i).Forward is { } next && !range.IsAboveMin(next))
            {
                x = next;
            }
            update[i] = x;
        }
        // x is the last node before the range; delete forward while inside it.
        int removed = 0;
        SkipListNode? node = x.LevelAt(0).Forward;
        while (node is not null && range.IsBelowMax(node))
        {
            SkipListNode? next = node.LevelAt(0).Forward;
            dict.Remove(node.Member, keepOrder: false);
            DeleteNode(node, ref update);
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
        var update = new NodeVector();
        SkipListNode x = _header;
        int traversed = 0;
        for (int i = _level - 1; i >= 0; i--)
        {
            while (x.LevelAt(i).Forward is { } next && traversed + x.LevelAt(i).Span < start)
            {
                traversed += x.LevelAt(i).Span;
                x = next;
            }
            update[i] = x;
        }
        traversed++;
        int removed = 0;
        SkipListNode? node = x.LevelAt(0).Forward;
        while (node is not null && traversed <= end)
        {
            SkipListNode? next = node.LevelAt(0).Forward;
            dict.Remove(node.Member, keepOrder: false);
            DeleteNode(node, ref update);
            removed++;
            traversed++;
            node = next;
        }
        return removed;
    }

    // zslIsInRange / zslIsInLexRange: false when the range is empty or lies wholly outside [First, Last].
    private bool MayOverlap<TRange>(in TRange range) where TRange : ISortedSetRange, allows ref struct =>
        !range.IsEmpty && _tail is not null && range.IsAboveMin(_tail) && range.IsBelowMax(First!);

    // Orders the node a non-null link leads to against (score, member): score first (the link's copy, so a walk does
    // not touch the node for it), then member bytes as sdscmp does.
    private static int CompareForward(in SkipListNode.Level link, double score, ReadOnlySpan<byte> member) =>
        link.ForwardScore < score ? -1 : link.ForwardScore > score ? 1 : link.Forward!.Member.AsSpan().SequenceCompareTo(member);

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

    // Walks down from the top level and records, per level, the last node ordered before (score, member).
    // Returns the level-0 predecessor.
    private SkipListNode FindPredecessors(double score, ReadOnlySpan<byte> member, ref NodeVector update)
    {
        SkipListNode x = _header;
        for (int i = _level - 1; i >= 0; i--)
        {
            ref SkipListNode.Level link = ref x.LevelAt(i);
            while (link.Forward is { } next && CompareForward(link, score, member) < 0)
            {
                x = next;
                link = ref x.LevelAt(i);
            }
            update[i] = x;
        }
        return x;
    }

    // The body of zslInsert for an unlinked node whose level is already chosen.
    private void InsertNode(SkipListNode node)
    {
        var update = new NodeVector();
        var rank = new RankVector();
        double score = node.Score;
        byte[] member = node.Member;
        SkipListNode x = _header;
        for (int i = _level - 1; i >= 0; i--)
        {
            // rank[i] is the rank of update[i]: the distance walked from the header.
            rank[i] = i == _level - 1 ? 0 : rank[i + 1];
            ref SkipListNode.Level link = ref x.LevelAt(i);
            while (link.Forward is { } next && CompareForward(link, score, member) < 0)
            {
                rank[i] += link.Span;
                x = next;
                link = ref x.LevelAt(i);
            }
            update[i] = x;
        }
        int level = node.Height;
        if (level > _level)
        {
            for (int i = _level; i < level; i++)
            {
                rank[i] = 0;
                update[i] = _header;
                _header.LevelAt(i).Span = _length;
            }
            _level = level;
        }
        for (int i = 0; i < level; i++)
        {
            ref SkipListNode.Level before = ref update[i]!.LevelAt(i);
            ref SkipListNode.Level link = ref node.LevelAt(i);
            link.Forward = before.Forward;
            link.ForwardScore = before.ForwardScore;
            before.Forward = node;
            before.ForwardScore = score;
            // update[i] is rank[0] - rank[i] nodes before the new node's level-0 predecessor.
            link.Span = before.Span - (rank[0] - rank[i]);
            before.Span = rank[0] - rank[i] + 1;
        }
        // Links above the node's level now jump over one more node.
        for (int i = level; i < _level; i++)
        {
            update[i]!.LevelAt(i).Span++;
        }
        node.Previous = update[0] == _header ? null : update[0];
        if (node.LevelAt(0).Forward is { } following)
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

    // zslDeleteNode: unlinks x given its predecessors at every level.
    private void DeleteNode(SkipListNode x, ref NodeVector update)
    {
        for (int i = 0; i < _level; i++)
        {
            ref SkipListNode.Level before = ref update[i]!.LevelAt(i);
            if (before.Forward == x)
            {
                before.Span += x.LevelAt(i).Span - 1;
                before.Forward = x.LevelAt(i).Forward;
                before.ForwardScore = x.LevelAt(i).ForwardScore;
            }
            else
            {
                before.Span--;
            }
        }
        if (x.LevelAt(0).Forward is { } following)
        {
            following.Previous = x.Previous;
        }
        else
        {
            _tail = x.Previous;
        }
        while (_level > 1 && _header.LevelAt(_level - 1).Forward is null)
        {
            _level--;
        }
        _length--;
        _nodeBytes -= NodeBytes(x.Height) + MemoryAccounting.ByteArray(x.Member.Length);
        x.ClearLevels();
        x.Previous = null;
    }

    /// <summary>
    /// A node of <paramref name="height"/> levels: the object (member, previous, overflow, score and level 0) and,
    /// above one level, its overflow array of the rest. A level is 24 bytes (forward link, its score copy, span).
    /// </summary>
    internal static long NodeBytes(int height) =>
        MemoryAccounting.Object(3 * MemoryAccounting.Reference + 8 + LevelBytes)
        + (height > 1 ? MemoryAccounting.Array(height - 1, LevelBytes) : 0);

    [InlineArray(MaxLevel)]
    private struct NodeVector
    {
        private SkipListNode? _element;
    }

    [InlineArray(MaxLevel)]
    private struct RankVector
    {
        private int _element;
    }
}
