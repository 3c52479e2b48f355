namespace Reactor.MiniRedis.Storage;

/// <summary>
/// An interval of a sorted set's order that the skip list can search: by score (<see cref="ScoreRange"/>,
/// zrangespec in redis/redis src/server.h) or by member bytes (<see cref="LexRange"/>, zlexrangespec). The skip
/// list's range walks (zslFirstInRange and zslFirstInLexRange, zslDeleteRangeByScore and zslDeleteRangeByLex, ...)
/// are written once against this interface; implementations are structs, so the calls are not virtual.
/// </summary>
public interface ISortedSetRange
{
    /// <summary>True when no element can be inside (zslIsInRange's first test).</summary>
    bool IsEmpty { get; }

    /// <summary>
    /// True when being past the minimum and before the maximum can only change once along the list's order, so
    /// the skip list's O(log n) walks find what a scan finds: always for scores; for member bytes only when every
    /// score is equal, which the list cannot know, so a lex range says false.
    /// </summary>
    bool FollowsListOrder { get; }

    /// <summary>
    /// True when the score alone decides (a <see cref="ScoreRange"/>): the skip list's walks then test the copy of the
    /// score each link keeps (<see cref="IsScoreAboveMin"/>, <see cref="IsScoreBelowMax"/>) and do not load the node
    /// it leads to, which would mean loading the node's block and then its member.
    /// </summary>
    bool ByScore { get; }

    /// <summary>zslValueGteMin on a score; only asked when <see cref="ByScore"/>.</summary>
    bool IsScoreAboveMin(double score);

    /// <summary>zslValueLteMax on a score; only asked when <see cref="ByScore"/>.</summary>
    bool IsScoreBelowMax(double score);

    /// <summary>zslValueGteMin / zslLexValueGteMin: <paramref name="node"/> is at or past the lower end.</summary>
    bool IsAboveMin(SkipListNode node);

    /// <summary>zslValueLteMax / zslLexValueLteMax: <paramref name="node"/> is at or before the upper end.</summary>
    bool IsBelowMax(SkipListNode node);
}
