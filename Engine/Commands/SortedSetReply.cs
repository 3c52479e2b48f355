namespace Reactor.MiniRedis.Engine.Commands;

/// <summary>
/// The reply shapes of the sorted-set family that RESP3 changes, kept in one place so the switch is one edit:
/// element lists that may carry scores (ZRANGE ... WITHSCORES, ZPOPMIN, ZUNION ... WITHSCORES, ZRANDMEMBER) are
/// one flat member, score array in RESP2 (RESP3 nests [member, score] pairs), and every score goes through
/// <see cref="ScoreFormat.WriteScore"/> (a bulk string in RESP2, a double in RESP3).
/// </summary>
internal static class SortedSetReply
{
    /// <summary>The array header for <paramref name="count"/> elements, doubled in RESP2 when they carry scores.</summary>
    public static void WriteElementsHeader(CommandContext ctx, long count, bool withScores) =>
        ctx.Reply.WriteArrayHeader(withScores ? count * 2 : count);

    /// <summary>One element of a list begun with <see cref="WriteElementsHeader"/>: the member, then its score if asked.</summary>
    public static void WriteElement(CommandContext ctx, ReadOnlySpan<byte> member, double score, bool withScores)
    {
        ctx.Reply.WriteBulk(member);
        if (withScores)
        {
            ScoreFormat.WriteScore(ctx, score);
        }
    }

    /// <summary>A [member, score] pair: ZMPOP nests its elements this way in RESP2 as well.</summary>
    public static void WritePair(CommandContext ctx, ReadOnlySpan<byte> member, double score)
    {
        ctx.Reply.WriteArrayHeader(2);
        ctx.Reply.WriteBulk(member);
        ScoreFormat.WriteScore(ctx, score);
    }
}
