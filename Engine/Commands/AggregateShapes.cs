namespace Reactor.MiniRedis.Engine.Commands;

/// <summary>
/// Headers of the set and hash replies whose type RESP3 changes: sets (addReplySetLen, '~' in RESP3), maps
/// (addReplyMapLen, '%') and arrays of field-value pairs (HRANDFIELD WITHVALUES, an array of two-element arrays in
/// RESP3). In RESP2 all of them are flat arrays.
/// </summary>
internal static class AggregateShapes
{
    /// <summary>addReplySetLen: the header of a reply of <paramref name="count"/> distinct members.</summary>
    public static void WriteSetHeader(CommandContext ctx, long count) => ctx.Reply.WriteSetHeader(count);

    /// <summary>addReplyMapLen: the header of a reply of <paramref name="pairs"/> field-value pairs (HGETALL).</summary>
    public static void WriteMapHeader(CommandContext ctx, long pairs) => ctx.Reply.WriteMapHeader(pairs);

    /// <summary>
    /// The header of an array of <paramref name="pairs"/> field-value pairs that may repeat (HRANDFIELD
    /// WITHVALUES); each pair then starts with <see cref="WritePairHeader"/>.
    /// </summary>
    public static void WritePairArrayHeader(CommandContext ctx, long pairs) =>
        ctx.Reply.WriteArrayHeader(ctx.Reply.IsResp3 ? pairs : pairs * 2);

    /// <summary>Starts one pair of a <see cref="WritePairArrayHeader"/> reply: nothing in RESP2, <c>*2</c> in RESP3.</summary>
    public static void WritePairHeader(CommandContext ctx)
    {
        if (ctx.Reply.IsResp3)
        {
            ctx.Reply.WriteArrayHeader(2);
        }
    }
}
