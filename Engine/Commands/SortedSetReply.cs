namespace Reactor.MiniRedis.Engine.Commands;

/// <summary>
/// The reply shapes of the sorted-set family that RESP3 changes, kept in one place: element lists that may carry
/// scores (ZRANGE ... WITHSCORES, ZUNION ... WITHSCORES, ZRANDMEMBER, ZPOPMIN with a count) are one flat member,
/// score array in RESP2 and an array of [member, score] pairs in RESP3 (zrangeResultEmitCBufferToClient in
/// redis/redis src/t_zset.c), and every score goes through <see cref="ScoreFormat.WriteScore"/> (a bulk string
/// in RESP2, a double in RESP3).
/// </summary>
internal static class SortedSetReply
{
    /// <summary>How a list of scored elements is laid out (genericZpopCommand's use_nested_array and emitkey).</summary>
    public enum Shape
    {
        /// <summary>member, score, member, score... in both protocols (ZPOPMIN without a count, BZPOPMIN).</summary>
        Flat,

        /// <summary>Flat in RESP2, [member, score] pairs in RESP3 (ZRANGE WITHSCORES, ZPOPMIN with a count).</summary>
        Elements,

        /// <summary>[member, score] pairs in both protocols (ZMPOP, BZMPOP).</summary>
        Pairs,
    }

    /// <summary>The array header for <paramref name="count"/> elements: doubled when their scores are inlined (RESP2, or <see cref="Shape.Flat"/>).</summary>
    public static void WriteElementsHeader(CommandContext ctx, long count, bool withScores, Shape shape = Shape.Elements) =>
        ctx.Reply.WriteArrayHeader(withScores && IsFlat(ctx, shape) ? count * 2 : count);

    /// <summary>
    /// One element of a list begun with <see cref="WriteElementsHeader"/>: the member, then its score if asked,
    /// the two inside their own <c>*2</c> when the shape nests pairs.
    /// </summary>
    public static void WriteElement(CommandContext ctx, ReadOnlySpan<byte> member, double score, bool withScores, Shape shape = Shape.Elements)
    {
        if (withScores && !IsFlat(ctx, shape))
        {
            ctx.Reply.WriteArrayHeader(2);
        }
        ctx.Reply.WriteBulk(member);
        if (withScores)
        {
            ScoreFormat.WriteScore(ctx, score);
        }
    }

    // Scores follow their members in the same array unless the shape nests pairs (always, or in RESP3).
    private static bool IsFlat(CommandContext ctx, Shape shape) =>
        shape == Shape.Flat || (shape == Shape.Elements && !ctx.Reply.IsResp3);
}
