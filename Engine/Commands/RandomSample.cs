using Reactor.MiniRedis.Protocol;

namespace Reactor.MiniRedis.Engine.Commands;

/// <summary>
/// Picks distinct random positions in a collection, for the commands that reply with or keep "count distinct
/// random elements" (SRANDMEMBER, HRANDFIELD and SPOP with a count). Sets and hashes read elements by position in
/// O(1), so choosing positions is all the sampling needs.
/// </summary>
internal static class RandomSample
{
    /// <summary>
    /// How many times bigger than the request a collection must be for random picks to beat a pass over every
    /// element: SRANDMEMBER_SUB_STRATEGY_MUL and HRANDFIELD_SUB_STRATEGY_MUL in redis/redis src/t_set.c, t_hash.c.
    /// </summary>
    private const int SubStrategyMultiplier = 3;

    /// <summary>
    /// Parses argument <paramref name="index"/> as the count of SRANDMEMBER or HRANDFIELD:
    /// getRangeLongFromObjectOrReply with the range ±(2^63 - 1), so that the count can be negated. Replies the
    /// error (not an integer, or -2^63) and returns false on failure.
    /// </summary>
    public static bool TryGetCount(CommandContext ctx, int index, out long count)
    {
        if (!ctx.TryGetInt64(index, out count))
        {
            return false;
        }
        if (count == long.MinValue)
        {
            ctx.Error(ErrorText.ValueNotInRange(-long.MaxValue, long.MaxValue));
            return false;
        }
        return true;
    }

    /// <summary>
    /// Fills <paramref name="positions"/> with distinct random positions in [0, <paramref name="size"/>); its length
    /// is the count, which must be smaller than <paramref name="size"/>. Mirrors the two strategies of
    /// srandmemberWithCountCommand: when the count is close to the size (CASE 3), one pass selects each position
    /// with the right probability (Knuth's selection sampling), so the picks come in collection order, as Redis's
    /// reply from its trimmed copy of the whole set does; otherwise (CASE 4) it draws random positions and drops
    /// repeats until it has enough, in draw order.
    /// </summary>
    public static void PickDistinct(int size, Span<int> positions)
    {
        int count = positions.Length;
        if ((long)count * SubStrategyMultiplier > size)
        {
            int picked = 0;
            for (int position = 0; picked < count; position++)
            {
                // Choose this position with probability (still needed) / (still available).
                if (Random.Shared.Next(size - position) < count - picked)
                {
                    positions[picked++] = position;
                }
            }
            return;
        }
        var seen = new HashSet<int>(count);
        int added = 0;
        while (added < count)
        {
            int position = Random.Shared.Next(size);
            if (seen.Add(position))
            {
                positions[added++] = position;
            }
        }
    }
}
