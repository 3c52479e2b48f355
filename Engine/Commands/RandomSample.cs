using System.Buffers;
using Reactor.MiniRedis.Engine.Networking;
using Reactor.MiniRedis.Protocol;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Engine.Commands;

/// <summary>
/// Random elements of a set or hash by count, for SRANDMEMBER, HRANDFIELD and SPOP: parsing the count, picking
/// distinct random positions, and the reply both random-read commands share. Sets and hashes read elements by
/// position in O(1), so choosing positions is all the sampling needs.
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
            ctx.Error(ErrorText.ValueMustBeBetween(-long.MaxValue, long.MaxValue));
            return false;
        }
        return true;
    }

    /// <summary>
    /// The reply of SRANDMEMBER key and HRANDFIELD key: one random element of the <typeparamref name="T"/> at key 1,
    /// written by <paramref name="writeAt"/> from its position; nil for a missing key, WRONGTYPE for another type.
    /// </summary>
    public static void ReplyOne<T>(CommandContext ctx, Action<CommandContext, T, int> writeAt) where T : RedisObject, IRedisCollection
    {
        switch (ctx.LookupRead(ctx.Arg(1), out T? collection))
        {
            case LookupStatus.NotFound:
                ctx.Reply.WriteNullBulk();
                break;
            case LookupStatus.WrongType:
                ctx.WrongType();
                break;
            default:
                writeAt(ctx, collection!, Random.Shared.Next(collection!.Count));
                break;
        }
    }

    /// <summary>
    /// The reply of SRANDMEMBER key count and HRANDFIELD key count (srandmemberWithCountCommand and
    /// hrandfieldWithCountCommand in redis/redis src/t_set.c, src/t_hash.c) for the <typeparamref name="T"/> at key 1:
    /// a non-negative count asks for that many distinct elements (the whole collection, in its order, when it has
    /// no more), a negative one for exactly -count elements that may repeat. A missing key or a count of 0 gives an
    /// empty array. <paramref name="writeHeader"/> starts the reply for a number of elements and
    /// <paramref name="writeAt"/> writes the element at a position.
    /// </summary>
    public static void ReplyElements<T>(CommandContext ctx, long requested, Action<CommandContext, long> writeHeader, Action<CommandContext, T, int> writeAt)
        where T : RedisObject, IRedisCollection
    {
        switch (ctx.LookupRead(ctx.Arg(1), out T? collection))
        {
            case LookupStatus.NotFound:
                ctx.Reply.WriteEmptyArray();
                return;
            case LookupStatus.WrongType:
                ctx.WrongType();
                return;
        }
        if (requested == 0)
        {
            ctx.Reply.WriteEmptyArray();
            return;
        }
        int size = collection!.Count;
        long count = Math.Abs(requested);
        if (requested < 0 || count == 1)
        {
            writeHeader(ctx, count);
            // Like Redis, stop early once the client is being dropped (its reply is abandoned anyway).
            for (long i = 0; i < count && (ctx.Client.Flags & ClientFlags.CloseAsap) == 0; i++)
            {
                writeAt(ctx, collection, Random.Shared.Next(size));
            }
            return;
        }
        if (count >= size)
        {
            writeHeader(ctx, size);
            for (int position = 0; position < size; position++)
            {
                writeAt(ctx, collection, position);
            }
            return;
        }
        int[] rented = ArrayPool<int>.Shared.Rent((int)count);
        try
        {
            Span<int> positions = rented.AsSpan(0, (int)count);
            PickDistinct(size, positions);
            writeHeader(ctx, count);
            foreach (int position in positions)
            {
                writeAt(ctx, collection, position);
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(rented);
        }
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
