using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Reactor.MiniRedis.Storage;

/// <summary>
/// One element of a <see cref="SkipList"/>: zskiplistNode in redis/redis src/server.h. It holds the member (the same
/// array the sorted set's dictionary uses as its key), the score, the backward link and one forward link per level,
/// each with the span (how many elements the link jumps over) that makes ranks O(log n).
/// </summary>
/// <remarks>
/// <para>A walk down a big skip list is bound by cache misses: each step is a dependent load from a node that is
/// rarely in cache. Three choices cut the loads it makes:</para>
/// <para><b>Each link keeps a copy of the score of the node it leads to</b> (<see cref="Level.ForwardScore"/>), so
/// deciding whether to step forward reads only the current link, and the node that ends each level's run (the
/// first one past the target, one per level) is not read at all unless its score ties. Redis reads
/// x->level[i].forward->score there. The copies are kept by every link change and by an in-place score update.</para>
/// <para><b>Level 0 is inside the node</b>; a taller node (half of them at the list's P = 1/2) keeps its upper levels in
/// an array (<see cref="Upper"/>), since .NET has no variable-sized objects (zskiplistNode's flexible array makes
/// node and levels one allocation).</para>
/// <para><b>A link above level 0 leads to the next node's upper array, not to the node</b>, so a step there is one
/// dependent load, as in Redis. When links led to nodes, each upper step loaded the node and then, through its
/// array field, the array: two dependent misses. Slot 0 of the array (level 0 lives in the node) holds the owning
/// node instead, which a walk reads once, where it drops to level 0, and a tie reads to compare members. Measured
/// on 632K members (<c>redis-benchmark -r 1000000 -P 16 -t zadd</c>): the walks (InsertNode, UpdateScore) took
/// 3.8 µs per request against Redis's 2.5 µs for zslInsert and zslUpdateScore, while everything else cost the same.
/// With P = 1/4 this layout alone gained nothing measurable (few steps above level 0, and a node's array sits right
/// after it); with P = 1/2, where half the steps are above level 0, it took ZADD's CPU time from 4.7 to 3.9 s per
/// million in process (see <see cref="SkipList"/>'s level constant).</para>
/// <para>Sizes: a one-level node is one 72-byte object; a node of height h adds a 24 + 24 h byte array (one slot
/// more than its upper levels, for the owner): 120 bytes per node on average at P = 1/2.</para>
/// </remarks>
public sealed class SkipListNode
{
    private readonly Level[]? _upper; // slot 0: this node (Forward); slots 1..Height-1: levels 1 and up; null for one level
    private Level _level0;

    internal SkipListNode(int height, double score, byte[] member)
    {
        if (height > 1)
        {
            _upper = new Level[height];
            _upper[0].Forward = this;
        }
        Score = score;
        Member = member;
    }

    /// <summary>The member's bytes. Never modify them: they are also the dictionary key.</summary>
    public byte[] Member { get; }

    /// <summary>The score.</summary>
    public double Score { get; internal set; }

    /// <summary>The next node in score order, or null at the tail.</summary>
    public SkipListNode? Next => Unsafe.As<SkipListNode?>(_level0.Forward);

    /// <summary>The previous node in score order, or null at the head.</summary>
    public SkipListNode? Previous { get; internal set; }

    /// <summary>How many levels the node has (zslRandomLevel's pick; MaxLevel for the header).</summary>
    internal int Height => _upper is null ? 1 : _upper.Length;

    /// <summary>
    /// Levels 1 and up at their own index (slot 0 holds this node), or null for a node of one level. Links above
    /// level 0 lead to these arrays.
    /// </summary>
    internal Level[]? Upper => _upper;

    /// <summary>Level 0: x->level[0] in Redis. Its link leads to the next node itself.</summary>
    internal ref Level Level0 => ref _level0;

    /// <summary>Level <paramref name="i"/> (below <see cref="Height"/>): x->level[i] in Redis.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal ref Level LevelAt(int i) => ref i == 0 ? ref _level0 : ref _upper![i];

    /// <summary>The node that level <paramref name="i"/>'s link leads to, or null (for tests and checks, not walks).</summary>
    internal SkipListNode? ForwardAt(int i) => LevelAt(i).Forward is { } forward ? Target(forward, i) : null;

    /// <summary>The node a non-null link of level <paramref name="i"/> leads to: the object itself at level 0, the owner of the upper array above.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static SkipListNode Target(object forward, int i) => i == 0 ? AsNode(forward) : OwnerOf(AsUpper(forward));

    /// <summary>The node owning <paramref name="upper"/> (its slot 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static SkipListNode OwnerOf(Level[] upper) => AsNode(upper[0].Forward!);

    // The two kinds of link target, read without a type check on the walk's hot path. A level-0 link and slot 0 of an
    // upper array hold nodes; every other upper link holds an upper array; SkipList keeps it so.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static SkipListNode AsNode(object forward)
    {
        Debug.Assert(forward is SkipListNode);
        return Unsafe.As<SkipListNode>(forward);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Level[] AsUpper(object forward)
    {
        Debug.Assert(forward is Level[]);
        return Unsafe.As<Level[]>(forward);
    }

    /// <summary>Drops every link of an unlinked node, so it keeps no other node alive (the owner slot stays).</summary>
    internal void ClearLevels()
    {
        _level0 = default;
        if (_upper is not null)
        {
            Array.Clear(_upper, 1, _upper.Length - 1);
        }
    }

    /// <summary>
    /// zskiplistLevel: a forward link (the next node at level 0, the next node's upper array above; see the remarks),
    /// how many nodes it skips (1 for the next node) and, while the link is set, a copy of that node's score (24
    /// bytes with padding).
    /// </summary>
    internal struct Level
    {
        public object? Forward;
        public double ForwardScore;
        public int Span;
    }
}
