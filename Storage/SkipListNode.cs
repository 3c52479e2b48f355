using System.Runtime.CompilerServices;

namespace Reactor.MiniRedis.Storage;

/// <summary>
/// One element of a <see cref="SkipList"/>: zskiplistNode in redis/redis src/server.h. It holds the member (the same
/// array the sorted set's dictionary uses as its key), the score, the backward link and one forward link per level,
/// each with the span (how many elements the link jumps over) that makes ranks O(log n).
/// </summary>
/// <remarks>
/// <para>A walk down a big skip list is bound by cache misses: each step is a dependent load from a node that is
/// rarely in cache. Two choices cut the nodes it reads:</para>
/// <para><b>Each link keeps a copy of the score of the node it leads to</b> (<see cref="Level.ForwardScore"/>), so
/// deciding whether to step forward reads only the current node's link, and the node that ends each level's run
/// (the first one past the target, one per level) is not read at all unless its score ties. Redis reads
/// x->level[i].forward->score there. The copies are kept by every link change and by an in-place score update.</para>
/// <para><b>Level 0 is inside the node</b>; a taller node (a quarter of them at P = 1/4) keeps levels 1 and up in an
/// overflow array, which the allocator places right after the node. zskiplistNode's flexible array makes node and
/// levels one allocation; .NET has no variable-sized objects. A one-level node is one 72-byte object (86 bytes on
/// average with the overflow arrays; the earlier layout, a node plus an array of every level, took 88 and 93).</para>
/// <para>Measured on 500,000 members (Benchmarks/Storage/SkipListBenchmarks and a CPU-time loop): keeping two
/// levels inline without the score copies gained nothing, because a node and its level array were already side by
/// side in memory; the score copies took some 10% off ZADD's CPU time and 15% off ZRANK's; one inline level was no
/// slower than two, and smaller.</para>
/// </remarks>
public sealed class SkipListNode
{
    private readonly Level[]? _overflow; // levels 1..Height-1, null for a node of one level
    private Level _level0;

    internal SkipListNode(int height, double score, byte[] member)
    {
        _overflow = height > 1 ? new Level[height - 1] : null;
        Score = score;
        Member = member;
    }

    /// <summary>The member's bytes. Never modify them: they are also the dictionary key.</summary>
    public byte[] Member { get; }

    /// <summary>The score.</summary>
    public double Score { get; internal set; }

    /// <summary>The next node in score order, or null at the tail.</summary>
    public SkipListNode? Next => _level0.Forward;

    /// <summary>The previous node in score order, or null at the head.</summary>
    public SkipListNode? Previous { get; internal set; }

    /// <summary>How many levels the node has (zslRandomLevel's pick; MaxLevel for the header).</summary>
    internal int Height => _overflow is null ? 1 : _overflow.Length + 1;

    /// <summary>Level <paramref name="i"/> (below <see cref="Height"/>): x->level[i] in Redis.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal ref Level LevelAt(int i) => ref i == 0 ? ref _level0 : ref _overflow![i - 1];

    /// <summary>Drops every link of an unlinked node, so it keeps no other node alive.</summary>
    internal void ClearLevels()
    {
        _level0 = default;
        if (_overflow is not null)
        {
            Array.Clear(_overflow);
        }
    }

    /// <summary>
    /// zskiplistLevel: a forward link, how many nodes it skips (1 for the next node) and, while the link is set, a
    /// copy of that node's score (24 bytes with padding).
    /// </summary>
    internal struct Level
    {
        public SkipListNode? Forward;
        public double ForwardScore;
        public int Span;
    }
}
