namespace Reactor.MiniRedis.Storage;

/// <summary>
/// One element of a <see cref="SkipList"/>: zskiplistNode in redis/redis src/server.h. It holds the member (the same
/// array the sorted set's dictionary uses as its key), the score, the backward link and one forward link per level,
/// each with the span (how many elements the link jumps over) that makes ranks O(log n).
/// </summary>
public sealed class SkipListNode
{
    internal SkipListNode(int level, double score, byte[] member)
    {
        Levels = new Level[level];
        Score = score;
        Member = member;
    }

    /// <summary>The member's bytes. Never modify them: they are also the dictionary key.</summary>
    public byte[] Member { get; }

    /// <summary>The score.</summary>
    public double Score { get; internal set; }

    /// <summary>The next node in score order, or null at the tail.</summary>
    public SkipListNode? Next => Levels[0].Forward;

    /// <summary>The previous node in score order, or null at the head.</summary>
    public SkipListNode? Previous { get; internal set; }

    internal Level[] Levels { get; }

    /// <summary>zskiplistLevel: a forward link and how many nodes it skips (1 for the next node).</summary>
    internal struct Level
    {
        public SkipListNode? Forward;
        public int Span;
    }
}
