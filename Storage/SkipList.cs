using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Reactor.MiniRedis.Storage;

/// <summary>
/// The ordered half of a sorted set: zskiplist in redis/redis src/t_zset.c (after William Pugh's "Skip Lists: A
/// Probabilistic Alternative to Balanced Trees"). Nodes are ordered by score, then by member bytes (memcmp, shorter
/// first on a tie, like sdscmp). Each forward link records its span, so rank lookups, access by rank and inserts all
/// take O(log n) expected time; the backward links give reverse iteration.
/// </summary>
/// <remarks>
/// <para>The list does not check for duplicate members: the owning <see cref="RedisSortedSet"/> keeps a dictionary
/// from member to node and only inserts members it does not hold. The search paths ("update" and "rank" vectors in
/// Redis) live in inline arrays on the stack, so operations allocate nothing; a new node takes a place in the list's
/// arrays.</para>
/// <para><b>No object per node.</b> A node is not an object but a <i>block</i>: a run of 16-byte slots in one
/// <see cref="ChunkedArray{T}"/> of <see cref="Level"/>s. Slot 0 is the block's header (the node's number, its
/// previous node's block and its score: <see cref="BlockHeader"/>), slots 1 to h are its levels 0 to h - 1, and a
/// forward link holds the block of the node it leads to. The member sits in a second chunked array indexed by the
/// node's number, with the node's height: inside the slot up to 23 bytes (a <see cref="SlotString"/>), else as an
/// array of its own. So a sorted set of any size is a few large arrays, with no object per member unless the member
/// is long.
/// With a node object per element (and an array for its upper levels) a set growing under <c>redis-benchmark -r
/// 1000000 -P 16 -t zadd</c> took 8 gen1 collections of about 32 ms: every node was young, linked from old nodes,
/// and copied twice before it settled.</para>
/// <para><b>One dependent load per step</b>, as in Redis: a link's target block holds the target's levels, so the
/// next link read is <c>levels[forward + 1 + i]</c>, and <b>each link keeps a copy of the score</b> of the node it
/// leads to (<see cref="Level.ForwardScore"/>), so deciding whether to step reads only the current link; the node
/// that ends each level's run is not read at all unless its score ties. Redis reads x->level[i].forward->score
/// there. The copies are kept by every link change and by an in-place score update.</para>
/// <para><b>Freed blocks</b> go on a free list per height and node numbers on their own free list, to be reused by
/// the next insert; the arrays never shrink while the set lives (as a process's heap, they are reused rather than
/// returned). A block never spans two chunks: the few slots left at a chunk's end (at most <see cref="MaxLevel"/>
/// of 8,192) stay unused.</para>
/// </remarks>
public sealed class SkipList
{
    /// <summary>ZSKIPLIST_MAXLEVEL: enough for 2^32 elements at P = 1/2 (a sorted set holds at most 2^31 - 1).</summary>
    public const int MaxLevel = 32;

    /// <summary>
    /// The chance that a node reaches the next level up: 1/2, where Redis's ZSKIPLIST_P is 1/4 (the level a node
    /// gets is not observable, only time and memory). A search makes about log_{1/P}(n) / P comparisons either way
    /// (about 39 at 632K elements), but only the steps onto a node load it: the comparison that ends each level's
    /// run reads the score copy in the link. Steps are (1 - P) per level: 3 per level over 10 levels at 1/4 (29
    /// loads), 1 per level over 19 at 1/2 (19 loads), and the top levels stay in cache. Measured on 1M
    /// <c>redis-benchmark</c>-shaped ZADDs in process (632K members), with node objects: 1/2 took ZADD's CPU time
    /// from 5.3 to 3.9 s and ZRANK's from 2.9 to 1.9 s. The cost: 2 levels per node on average instead of 1.33.
    /// </summary>
    private const int LevelThreshold = (int)(0.5 * 0xFFFF);

    /// <summary>The size of a <see cref="Level"/> (and of a <see cref="BlockHeader"/>, which shares its slot).</summary>
    private const int LevelBytes = 16;

    /// <summary>The size of a <see cref="NodeSlot"/>: the member (a 32-byte SlotString), the height and the free-list link.</summary>
    private const int NodeSlotBytes = 40;

    /// <summary>The list header's block: its levels are where every walk starts. As a link target, 0 means none.</summary>
    private const int HeaderBlock = 0;

    /// <summary>Level slots at first: the header block (1 + MaxLevel) and about ten nodes.</summary>
    private const int InitialLevels = 64;

    /// <summary>Node slots at first.</summary>
    private const int InitialNodes = 8;

    /// <summary>The list object: two chunked arrays (a reference and an int each), six ints, the byte count and the free lists.</summary>
    private static readonly long s_objectBytes = MemoryAccounting.Object(2 * (MemoryAccounting.Reference + 4) + 6 * 4 + 8 + MemoryAccounting.Reference);

    /// <summary>An empty list: the object and its arrays as first made (see <see cref="EstimatedBytes"/>).</summary>
    internal static readonly long EmptyBytes = ArraysBytes(InitialLevels, InitialNodes);

    private ChunkedArray<Level> _levels = new(InitialLevels);
    private ChunkedArray<NodeSlot> _nodes = new(InitialNodes);
    private int[]? _freeBlocks; // per height, the first free block of that height (0: none), linked through BlockHeader.Node
    private int _freeNode = -1; // the first free node number, linked through NodeSlot.NextFree
    private int _levelTop = 1 + MaxLevel; // the first level slot never handed out; the header block comes first
    private int _nodeTop; // the first node number never handed out
    private int _tail; // the last node's block, 0 when empty
    private int _level = 1;
    private int _length;
    private long _memberBytes; // every linked member's own array (a long member's), by MemoryAccounting.ByteArray

    /// <summary>Nodes in the list.</summary>
    public int Count => _length;

    /// <summary>The node with the lowest score (and lowest member among equal scores), or none when empty.</summary>
    public SkipListNode First => Handle(LevelOf(HeaderBlock, 0).Forward);

    /// <summary>The node with the highest score, or none when empty.</summary>
    public SkipListNode Last => Handle(_tail);

    /// <summary>The header (MaxLevel levels, no element), for tests that check every link.</summary>
    internal SkipListNode Header => new(this, HeaderBlock);

    /// <summary>
    /// The list's memory: the object, its two arrays at their current capacity (16 bytes per level slot and 40 per
    /// node slot, free ones included, as an allocator's free memory is still the process's) and every long member's
    /// array.
    /// </summary>
    internal long EstimatedBytes => ArraysBytes(_levels.Capacity, _nodes.Capacity) + _memberBytes;

    /// <summary>
    /// zslInsert: adds a new node for <paramref name="member"/> (which must not be in the list) and returns it. A
    /// short member is copied into the node; a long one is kept in <paramref name="owned"/> when given (an array of
    /// the same bytes the caller gives away, shared with the set's dictionary), else in a copy.
    /// </summary>
    public SkipListNode Insert(double score, ReadOnlySpan<byte> member, byte[]? owned = null) => Insert(score, member, owned, RandomLevel());

    /// <summary>zslInsert with the node's height chosen by the caller (tests build nodes of given heights).</summary>
    internal SkipListNode Insert(double score, ReadOnlySpan<byte> member, int height) => Insert(score, member, null, height);

    private SkipListNode Insert(double score, ReadOnlySpan<byte> member, byte[]? owned, int height)
    {
        int block = NewNode(height, score, member, owned);
        InsertNode(block, height, score, member);
        return new(this, block);
    }

    /// <summary>zslDelete: removes the node holding exactly <paramref name="score"/> and <paramref name="member"/>; false when absent.</summary>
    public bool Delete(double score, ReadOnlySpan<byte> member)
    {
        var update = new BlockVector();
        var rank = new RankVector();
        var rule = new Before(score, member);
        Descend(ref rule, ref update, ref rank);
        int target = LevelOf(update[0], 0).Forward;
        if (target == 0 || ScoreOf(target) != score || !MemberOf(target).SequenceEqual(member))
        {
            return false;
        }
        DeleteNode(target, ref update);
        FreeNode(target);
        return true;
    }

    /// <summary>
    /// zslUpdateScore: gives <paramref name="node"/> (which must be in this list) the score <paramref name="newScore"/>.
    /// When the node stays in place only the score changes (in the node and in the links into it); otherwise it is
    /// unlinked and linked again at its new place. Unlike Redis, the node's block is reused, so updating a score
    /// never allocates and the node's handle stays valid.
    /// </summary>
    public void UpdateScore(SkipListNode node, double newScore)
    {
        int block = node.Block;
        ref BlockHeader header = ref HeaderOf(block);
        // Redis's in-place test. The next node's score is the node's own copy, so the previous node is only read
        // when the new score is below the next one.
        ref Level following = ref LevelOf(block, 0);
        int previous = HeaderBlock;
        bool inPlace = (following.Forward == 0 || following.ForwardScore > newScore)
            && ((previous = header.Previous) == HeaderBlock || ScoreOf(previous) < newScore);
        int height = HeightOf(block);
        if (inPlace && height == 1)
        {
            // Only the level-0 link from the previous node (or the header) leads to a node of one level.
            LevelOf(previous, 0).ForwardScore = newScore;
            header.Score = newScore;
            return;
        }
        var update = new BlockVector();
        var rank = new RankVector();
        ReadOnlySpan<byte> member = MemberOf(block); // the node's own bytes: nothing below moves or frees them
        if (inPlace)
        {
            var rule = new Before(header.Score, member);
            Descend(ref rule, ref update, ref rank);
            // update[i] links to the node at each of its levels.
            for (int i = 0; i < height; i++)
            {
                LevelOf(update[i], i).ForwardScore = newScore;
            }
            header.Score = newScore;
            return;
        }
        // Redis walks twice, to unlink and then to link again. Each walk is a chain of dependent cache misses on a
        // big set, so both are made at once in the list as it is, and the second one's result is then corrected
        // for the node's removal: about the time of one walk.
        var insertUpdate = new BlockVector();
        var insertRank = new RankVector();
        DescendBoth(header.Score, newScore, member, ref update, ref rank, ref insertUpdate, ref insertRank);
        int nodeRank = rank[0] + 1;
        for (int i = 0; i < _level; i++)
        {
            if (insertUpdate[i] == block)
            {
                // The new place follows the node itself at this level; without it, it follows the node's predecessor.
                insertUpdate[i] = update[i];
                insertRank[i] = rank[i];
            }
            else if (insertRank[i] > nodeRank)
            {
                insertRank[i]--;
            }
        }
        DeleteNode(block, ref update);
        header.Score = newScore;
        LinkNode(block, height, newScore, ref insertUpdate, ref insertRank);
    }

    /// <summary>
    /// zslGetRank: the 1-based rank of the node holding <paramref name="score"/> and <paramref name="member"/>, or 0
    /// when there is none.
    /// </summary>
    public int GetRank(double score, ReadOnlySpan<byte> member)
    {
        var update = new BlockVector();
        var rank = new RankVector();
        var rule = new AtOrBefore(score, member);
        Descend(ref rule, ref update, ref rank);
        return rule.Found ? rank[0] : 0;
    }

    /// <summary>zslGetElementByRank: the node at 1-based <paramref name="rank"/>, or none when out of range.</summary>
    public SkipListNode GetByRank(int rank)
    {
        var update = new BlockVector();
        var ranks = new RankVector();
        var rule = new RankAtMost(rank, inclusive: true);
        int x = Descend(ref rule, ref update, ref ranks);
        return ranks[0] == rank ? Handle(x) : default;
    }

    /// <summary>
    /// zslFirstInRange and zslFirstInLexRange: the lowest node inside <paramref name="range"/> (a
    /// <see cref="ScoreRange"/> or a <see cref="LexRange"/>), or none. A lex range assumes that every element has
    /// the same score, as Redis does; otherwise the answer is whatever the walk finds.
    /// </summary>
    public SkipListNode FirstInRange<TRange>(in TRange range) where TRange : ISortedSetRange, allows ref struct
    {
        if (!MayOverlap(range))
        {
            return default;
        }
        var update = new BlockVector();
        var rank = new RankVector();
        var rule = new BelowMin<TRange>(range);
        // MayOverlap guarantees a node at or above the minimum exists.
        SkipListNode first = NextOf(Descend(ref rule, ref update, ref rank));
        return range.IsBelowMax(first) ? first : default;
    }

    /// <summary>zslLastInRange and zslLastInLexRange: the highest node inside <paramref name="range"/>, or none.</summary>
    public SkipListNode LastInRange<TRange>(in TRange range) where TRange : ISortedSetRange, allows ref struct
    {
        if (!MayOverlap(range))
        {
            return default;
        }
        var update = new BlockVector();
        var rank = new RankVector();
        var rule = new AtMostMax<TRange>(range);
        // MayOverlap guarantees a node at or below the maximum exists, so x is not the header.
        var last = new SkipListNode(this, Descend(ref rule, ref update, ref rank));
        return range.IsAboveMin(last) ? last : default;
    }

    /// <summary>
    /// zzlFirstInRange and zzlFirstInLexRange: what Redis finds in a listpack, scanning from the lowest element
    /// for the first one at or past the minimum, then checking it against the maximum. The same node as
    /// <see cref="FirstInRange"/> when the range follows the list's order (always for scores; for lex ranges when
    /// all scores are equal); otherwise this is the deterministic answer Redis gives for a small set. O(n).
    /// </summary>
    public SkipListNode FirstInRangeByScan<TRange>(in TRange range) where TRange : ISortedSetRange, allows ref struct
    {
        if (!MayOverlap(range))
        {
            return default;
        }
        SkipListNode x = First;
        while (x.Exists && !range.IsAboveMin(x))
        {
            x = x.Next;
        }
        return x.Exists && range.IsBelowMax(x) ? x : default;
    }

    /// <summary>zzlLastInRange and zzlLastInLexRange: the scan of <see cref="FirstInRangeByScan"/> from the highest element down.</summary>
    public SkipListNode LastInRangeByScan<TRange>(in TRange range) where TRange : ISortedSetRange, allows ref struct
    {
        if (!MayOverlap(range))
        {
            return default;
        }
        SkipListNode x = Last;
        while (x.Exists && !range.IsBelowMax(x))
        {
            x = x.Previous;
        }
        return x.Exists && range.IsAboveMin(x) ? x : default;
    }

    /// <summary>
    /// zslDeleteRangeByScore and zslDeleteRangeByLex: unlinks every node inside <paramref name="range"/> in one
    /// walk (O(log n) to the first, then O(1) per node), removes each member from <paramref name="dict"/> (the
    /// owning set's member index) and returns how many were removed.
    /// </summary>
    internal int DeleteRange<TRange>(in TRange range, DenseDictionary<int> dict)
        where TRange : ISortedSetRange, allows ref struct
    {
        var update = new BlockVector();
        var rank = new RankVector();
        var rule = new BelowMin<TRange>(range);
        int x = Descend(ref rule, ref update, ref rank);
        // x is the last node before the range; delete forward while inside it.
        int removed = 0;
        int node = LevelOf(x, 0).Forward;
        while (node != 0 && range.IsBelowMax(new SkipListNode(this, node)))
        {
            int next = LevelOf(node, 0).Forward;
            dict.Remove(MemberOf(node), keepOrder: false);
            DeleteNode(node, ref update);
            FreeNode(node);
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
    internal int DeleteRangeByRank(int start, int end, DenseDictionary<int> dict)
    {
        var update = new BlockVector();
        var rank = new RankVector();
        var rule = new RankAtMost(start, inclusive: false);
        int x = Descend(ref rule, ref update, ref rank);
        int traversed = rank[0] + 1;
        int removed = 0;
        int node = LevelOf(x, 0).Forward;
        while (node != 0 && traversed <= end)
        {
            int next = LevelOf(node, 0).Forward;
            dict.Remove(MemberOf(node), keepOrder: false);
            DeleteNode(node, ref update);
            FreeNode(node);
            removed++;
            traversed++;
            node = next;
        }
        return removed;
    }

    // zslIsInRange / zslIsInLexRange: false when the range is empty or lies wholly outside [First, Last].
    private bool MayOverlap<TRange>(in TRange range) where TRange : ISortedSetRange, allows ref struct =>
        !range.IsEmpty && _tail != 0 && range.IsAboveMin(Last) && range.IsBelowMax(First);

    /// <summary>The member of the node at <paramref name="block"/>: valid until the node is removed.</summary>
    internal ReadOnlySpan<byte> MemberOf(int block) => _nodes[HeaderOf(block).Node].Member.Span;

    /// <summary>The heap bytes of the member of the node at <paramref name="block"/> beyond its slot (a long member's array).</summary>
    internal long MemberHeapBytesOf(int block) => _nodes[HeaderOf(block).Node].Member.HeapBytes;

    /// <summary>The score of the node at <paramref name="block"/>.</summary>
    internal double ScoreOf(int block) => HeaderOf(block).Score;

    /// <summary>The node after the one at <paramref name="block"/>, or none.</summary>
    internal SkipListNode NextOf(int block) => Handle(LevelOf(block, 0).Forward);

    /// <summary>The node before the one at <paramref name="block"/>, or none.</summary>
    internal SkipListNode PreviousOf(int block) => Handle(HeaderOf(block).Previous);

    /// <summary>How many levels the node at <paramref name="block"/> has (MaxLevel for the header).</summary>
    internal int HeightOf(int block) => block == HeaderBlock ? MaxLevel : _nodes[HeaderOf(block).Node].Height;

    /// <summary>Level <paramref name="i"/> of the node at <paramref name="block"/>: x->level[i] in Redis.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal ref Level LevelOf(int block, int i) => ref _levels[block + 1 + i];

    /// <summary>
    /// What a node of <paramref name="height"/> levels takes: its block (the header slot and one slot per level)
    /// and its node slot. A long member's array is counted apart.
    /// </summary>
    internal static long NodeBytes(int height) => (height + 1) * LevelBytes + NodeSlotBytes;

    // The object and the two arrays at the given capacities, each with its chunk directory (a chunk's own header
    // is left out: 24 bytes in 128 KB).
    private static long ArraysBytes(int levels, int nodes) =>
        s_objectBytes + MemoryAccounting.Array(levels, LevelBytes) + MemoryAccounting.Array(nodes, NodeSlotBytes)
        + MemoryAccounting.Array(Chunks(levels), MemoryAccounting.Reference) + MemoryAccounting.Array(Chunks(nodes), MemoryAccounting.Reference);

    private static int Chunks(int capacity) => (capacity + ChunkedArray<Level>.ChunkSize - 1) / ChunkedArray<Level>.ChunkSize;

    private SkipListNode Handle(int block) => block == 0 ? default : new(this, block);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref BlockHeader HeaderOf(int block) => ref Unsafe.As<Level, BlockHeader>(ref _levels[block]);

    // Orders the node a non-null link leads to against (score, member): score first (the link's copy, so a walk
    // does not touch the node for it), then member bytes as sdscmp does.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int CompareForward(in Level link, double score, ReadOnlySpan<byte> member) =>
        link.ForwardScore < score ? -1
        : link.ForwardScore > score ? 1
        : MemberOf(link.Forward).SequenceCompareTo(member);

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

    // zslCreateNode: a node number for the member and a block for the levels (both from their free lists first),
    // not yet linked.
    private int NewNode(int height, double score, ReadOnlySpan<byte> member, byte[]? owned)
    {
        int node;
        if (_freeNode >= 0)
        {
            node = _freeNode;
            _freeNode = _nodes[node].NextFree;
        }
        else
        {
            node = _nodeTop++;
            _nodes.EnsureCapacity(_nodeTop);
        }
        ref NodeSlot slot = ref _nodes[node];
        slot.Member = SlotString.Create(member, owned);
        slot.Height = height;
        int block = AllocateBlock(height);
        ref BlockHeader header = ref HeaderOf(block);
        header.Node = node;
        header.Score = score;
        _memberBytes += slot.Member.HeapBytes;
        return block;
    }

    private int AllocateBlock(int height)
    {
        if (_freeBlocks is { } free && free[height] != 0)
        {
            int reused = free[height];
            free[height] = HeaderOf(reused).Node;
            return reused;
        }
        int size = 1 + height;
        int start = _levelTop;
        if (!ChunkedArray<Level>.InOneChunk(start, size))
        {
            start = ChunkedArray<Level>.NextChunkStart(start);
        }
        _levels.EnsureCapacity(start + size);
        _levelTop = start + size;
        return start;
    }

    // zslFreeNode for an unlinked node: its block and number go on their free lists, and a long member's array is let go.
    private void FreeNode(int block)
    {
        ref BlockHeader header = ref HeaderOf(block);
        ref NodeSlot slot = ref _nodes[header.Node];
        _memberBytes -= slot.Member.HeapBytes;
        slot.Member = default;
        slot.NextFree = _freeNode;
        _freeNode = header.Node;
        _freeBlocks ??= new int[MaxLevel + 1];
        header.Node = _freeBlocks[slot.Height];
        _freeBlocks[slot.Height] = block;
    }

    /*
     * The one walk every search makes: from the header's top level down, stepping forward at each level while
     * rule says to step over the link's target. It records, per level, the block of the last node before the
     * target (Redis's update[]) and its rank (rank[]; rank[0] is the rank of the returned node), and returns the
     * level-0 predecessor, or the node it stepped onto when rule stops the walk early (ZRANK, access by rank).
     */
    private int Descend<TRule>(ref TRule rule, ref BlockVector update, ref RankVector rank)
        where TRule : IStepRule, allows ref struct
    {
        int x = HeaderBlock;
        int traversed = 0;
        for (int i = _level - 1; i >= 0; i--)
        {
            ref Level link = ref LevelOf(x, i);
            while (link.Forward != 0 && rule.StepsOver(this, link, traversed))
            {
                traversed += link.Span;
                x = link.Forward;
                if (rule.StopsAt(traversed))
                {
                    rank[0] = traversed;
                    return x;
                }
                link = ref LevelOf(x, i);
            }
            update[i] = x;
            rank[i] = traversed;
        }
        return x;
    }

    /*
     * Two walks in one: Descend with Before(oldScore, member) into update/rank and with Before(newScore, member)
     * into insertUpdate/insertRank. Each turn makes one move of each walk (a step forward or a level down), and the
     * moves are selected without branching on the loaded links: a branch on data that is still in flight would be
     * mispredicted half the time and squash the other walk's load with it. So the misses of the two independent
     * chains overlap instead of following each other. A walk records its node at every turn; the last record at a
     * level is the node it went down from, Redis's update[i].
     */
    private void DescendBoth(double oldScore, double newScore, ReadOnlySpan<byte> member,
        ref BlockVector update, ref RankVector rank, ref BlockVector insertUpdate, ref RankVector insertRank)
    {
        int x = HeaderBlock, y = HeaderBlock;
        int levelX = _level - 1, levelY = _level - 1;
        int traversedX = 0, traversedY = 0;
        while (levelX >= 0 | levelY >= 0)
        {
            if (levelX >= 0)
            {
                MoveBefore(ref x, ref levelX, ref traversedX, oldScore, member, ref update, ref rank);
            }
            if (levelY >= 0)
            {
                MoveBefore(ref y, ref levelY, ref traversedY, newScore, member, ref insertUpdate, ref insertRank);
            }
        }
    }

    // One move of a Before(score, member) walk at node x on level i: a step forward, or down a level after recording
    // x and its rank. Selected, not branched (see DescendBoth).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void MoveBefore(ref int x, ref int i, ref int traversed, double score, ReadOnlySpan<byte> member,
        ref BlockVector update, ref RankVector rank)
    {
        ref Level link = ref LevelOf(x, i);
        update[i] = x;
        rank[i] = traversed;
        bool step = (link.Forward != 0) & (CompareForward(link, score, member) < 0);
        traversed += step ? link.Span : 0;
        x = step ? link.Forward : x;
        i -= step ? 0 : 1;
    }

    // The body of zslInsert for an unlinked node whose block is already made.
    private void InsertNode(int block, int height, double score, ReadOnlySpan<byte> member)
    {
        var update = new BlockVector();
        var rank = new RankVector();
        var rule = new Before(score, member);
        Descend(ref rule, ref update, ref rank);
        LinkNode(block, height, score, ref update, ref rank);
    }

    // Links an unlinked node's block in after update[i] at each of its levels, given their ranks (Descend's results
    // for its place).
    private void LinkNode(int block, int height, double score, ref BlockVector update, ref RankVector rank)
    {
        if (height > _level)
        {
            for (int i = _level; i < height; i++)
            {
                rank[i] = 0;
                update[i] = HeaderBlock;
                LevelOf(HeaderBlock, i).Span = _length;
            }
            _level = height;
        }
        for (int i = 0; i < height; i++)
        {
            ref Level above = ref LevelOf(update[i], i);
            ref Level own = ref LevelOf(block, i);
            own.Forward = above.Forward;
            own.ForwardScore = above.ForwardScore;
            above.Forward = block;
            above.ForwardScore = score;
            // update[i] is rank[0] - rank[i] nodes before the new node's level-0 predecessor.
            own.Span = above.Span - (rank[0] - rank[i]);
            above.Span = rank[0] - rank[i] + 1;
        }
        // Links above the node's level now jump over one more node.
        for (int i = height; i < _level; i++)
        {
            LevelOf(update[i], i).Span++;
        }
        // The header's block is 0, which is also "no previous node".
        HeaderOf(block).Previous = update[0];
        int following = LevelOf(block, 0).Forward;
        if (following != 0)
        {
            HeaderOf(following).Previous = block;
        }
        else
        {
            _tail = block;
        }
        _length++;
    }

    // zslDeleteNode: unlinks the node at x given its predecessors at every level. Its block keeps its (stale) links
    // until it is reused; they hold no references.
    private void DeleteNode(int x, ref BlockVector update)
    {
        int height = HeightOf(x);
        for (int i = 0; i < _level; i++)
        {
            ref Level above = ref LevelOf(update[i], i);
            if (i < height)
            {
                // update[i] links to x at every level x has (zslDeleteNode's forward == x).
                ref Level own = ref LevelOf(x, i);
                above.Span += own.Span - 1;
                above.Forward = own.Forward;
                above.ForwardScore = own.ForwardScore;
            }
            else
            {
                above.Span--;
            }
        }
        int previous = HeaderOf(x).Previous;
        int following = LevelOf(x, 0).Forward;
        if (following != 0)
        {
            ref BlockHeader next = ref HeaderOf(following);
            next.Previous = previous;
            // ZPOPMIN's next pop reads this node's member: start loading its slot now that its number is at hand.
            CacheLine.Prefetch(in _nodes[next.Node]);
        }
        else
        {
            _tail = previous;
        }
        // ZPOPMAX's next pop reads the node before.
        CacheLine.Prefetch(in HeaderOf(previous));
        while (_level > 1 && LevelOf(HeaderBlock, _level - 1).Forward == 0)
        {
            _level--;
        }
        _length--;
    }

    /// <summary>
    /// zskiplistLevel: a forward link (the block of the node it leads to, 0 for none), how many nodes it skips (1
    /// for the next node) and, while the link is set, a copy of that node's score. 16 bytes, no references.
    /// </summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct Level
    {
        public int Forward;
        public int Span;
        public double ForwardScore;
    }

    /// <summary>
    /// Slot 0 of a node's block, in the place of a <see cref="Level"/>: the node's number (its
    /// <see cref="NodeSlot"/>; the next free block while the block is free), the previous node's block (0 at the
    /// head: Redis's backward pointer) and the score.
    /// </summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct BlockHeader
    {
        public int Node;
        public int Previous;
        public double Score;
    }

    /// <summary>What a node keeps outside its block: the member and the height; the next free number while free.</summary>
    private struct NodeSlot
    {
        public SlotString Member;
        public int Height;
        public int NextFree;
    }

    /// <summary>What <see cref="Descend"/> asks at each link: whether to step over its target, and whether to stop there.</summary>
    private interface IStepRule
    {
        /// <summary>Whether the walk steps to the target of <paramref name="link"/> (non-null), from a node of rank <paramref name="traversed"/>.</summary>
        bool StepsOver(SkipList list, in Level link, int traversed);

        /// <summary>Whether the walk ends on the node it just stepped onto, of rank <paramref name="traversed"/>.</summary>
        bool StopsAt(int traversed);
    }

    /// <summary>Steps over every node ordered before (score, member): zslInsert's and zslDelete's walk.</summary>
    private readonly ref struct Before(double score, ReadOnlySpan<byte> member) : IStepRule
    {
        private readonly double _score = score;
        private readonly ReadOnlySpan<byte> _member = member;

        public bool StepsOver(SkipList list, in Level link, int traversed) => list.CompareForward(link, _score, _member) < 0;

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

        public bool StepsOver(SkipList list, in Level link, int traversed)
        {
            int order = list.CompareForward(link, _score, _member);
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

        public bool StepsOver(SkipList list, in Level link, int traversed) => traversed + link.Span <= _limit;

        public bool StopsAt(int traversed) => traversed == _stop;
    }

    /// <summary>Steps while the target is below the range's minimum (zslFirstInRange, zslDeleteRangeByScore).</summary>
    private readonly ref struct BelowMin<TRange>(TRange range) : IStepRule where TRange : ISortedSetRange, allows ref struct
    {
        private readonly TRange _range = range;

        public bool StepsOver(SkipList list, in Level link, int traversed) =>
            _range.ByScore ? !_range.IsScoreAboveMin(link.ForwardScore) : !_range.IsAboveMin(new SkipListNode(list, link.Forward));

        public bool StopsAt(int traversed) => false;
    }

    /// <summary>Steps while the target is at or below the range's maximum (zslLastInRange).</summary>
    private readonly ref struct AtMostMax<TRange>(TRange range) : IStepRule where TRange : ISortedSetRange, allows ref struct
    {
        private readonly TRange _range = range;

        public bool StepsOver(SkipList list, in Level link, int traversed) =>
            _range.ByScore ? _range.IsScoreBelowMax(link.ForwardScore) : _range.IsBelowMax(new SkipListNode(list, link.Forward));

        public bool StopsAt(int traversed) => false;
    }

    /// <summary>Redis's update[]: per level, the block of the last node before the target.</summary>
    [InlineArray(MaxLevel)]
    private struct BlockVector
    {
        private int _element;
    }

    [InlineArray(MaxLevel)]
    private struct RankVector
    {
        private int _element;
    }
}
