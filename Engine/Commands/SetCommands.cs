using System.Buffers;
using Reactor.MiniRedis.Engine.PubSub;
using Reactor.MiniRedis.Engine.Replication;
using Reactor.MiniRedis.Protocol;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Engine.Commands;

/// <summary>Set commands, grouped as in redis/redis src/t_set.c.</summary>
public static class SetCommands
{
    /// <summary>
    /// How many times bigger than the members left behind the members popped must be for SPOP to rebuild the set
    /// from the survivors instead of popping one by one: SPOP_MOVE_STRATEGY_MUL in redis/redis src/t_set.c.
    /// </summary>
    private const int SPopMoveStrategyMultiplier = 5;

    /// <summary>SADD key member [member ...]</summary>
    public static void SAdd(CommandContext ctx)
    {
        ReadOnlySpan<byte> key = ctx.Arg(1);
        if (!CollectionKeys.TryLookupWrite(ctx, key, create: true, out RedisSet? set))
        {
            return;
        }
        int added = 0;
        for (int i = 2; i < ctx.ArgCount; i++)
        {
            if (set!.Add(ctx.Arg(i)))
            {
                added++;
            }
        }
        if (added > 0)
        {
            ctx.SignalModifiedKey(key);
            ctx.Notify(NotifyFlags.Set, "sadd"u8, key);
        }
        ctx.MarkDirty(added);
        ctx.Reply.WriteInteger(added);
    }

    /// <summary>SREM key member [member ...]</summary>
    /// <remarks>
    /// Mirrors sremCommand: replies with the number of members removed, 0 for a missing key; an emptied set's key
    /// is deleted.
    /// </remarks>
    public static void SRem(CommandContext ctx) =>
        CollectionMembers.RemoveArguments<RedisSet>(ctx, NotifyFlags.Set, "srem"u8, static (set, member) => set.Remove(member));

    /// <summary>SCARD key</summary>
    public static void SCard(CommandContext ctx) => CollectionKeys.ReplyCount<RedisSet>(ctx);

    /// <summary>SISMEMBER key member</summary>
    public static void SIsMember(CommandContext ctx) =>
        CollectionMembers.ReplyContains<RedisSet>(ctx, static (set, member) => set.Contains(member));

    /// <summary>SMISMEMBER key member [member ...]</summary>
    /// <remarks>Mirrors smismemberCommand: a missing key is an empty set, so every member gets a 0.</remarks>
    public static void SMIsMember(CommandContext ctx)
    {
        if (ctx.LookupRead(ctx.Arg(1), out RedisSet? set) == LookupStatus.WrongType)
        {
            ctx.WrongType();
            return;
        }
        ctx.Reply.WriteArrayHeader(ctx.ArgCount - 2);
        for (int i = 2; i < ctx.ArgCount; i++)
        {
            ctx.Reply.WriteInteger(set is not null && set.Contains(ctx.Arg(i)) ? 1 : 0);
        }
    }

    /// <summary>SMEMBERS key</summary>
    /// <remarks>Redis 7.0 runs SMEMBERS as SINTER of one key (sinterCommand): the members in set order.</remarks>
    public static void SMembers(CommandContext ctx) =>
        InterGeneric(ctx, firstKey: 1, keyCount: 1, destination: 0, cardinalityOnly: false, limit: 0);

    /// <summary>SPOP key [count]</summary>
    /// <remarks>Mirrors spopCommand in redis/redis src/t_set.c: more than one count is a syntax error.</remarks>
    public static void SPop(CommandContext ctx)
    {
        if (ctx.ArgCount > 3)
        {
            ctx.SyntaxError();
            return;
        }
        if (ctx.ArgCount == 3)
        {
            SPopWithCount(ctx);
            return;
        }
        ReadOnlySpan<byte> key = ctx.Arg(1);
        if (!CollectionKeys.TryLookupWrite(ctx, key, create: false, out RedisSet? set))
        {
            return;
        }
        if (set is null)
        {
            ctx.Reply.WriteNullBulk();
            return;
        }
        SetMember popped = set.PopRandom();
        WriteMember(ctx, popped);
        CommandRewrites.SRem(ctx, key, popped);
        ctx.Notify(NotifyFlags.Set, "spop"u8, key);
        CollectionKeys.DeleteIfEmpty(ctx, key, set);
        ctx.SignalModifiedKey(key);
        ctx.MarkDirty();
    }

    /// <summary>SRANDMEMBER key [count]</summary>
    /// <remarks>
    /// Mirrors srandmemberCommand: without a count, one random member (nil for a missing key); more than one
    /// count is a syntax error.
    /// </remarks>
    public static void SRandMember(CommandContext ctx)
    {
        if (ctx.ArgCount > 3)
        {
            ctx.SyntaxError();
            return;
        }
        if (ctx.ArgCount == 3)
        {
            SRandMemberWithCount(ctx);
            return;
        }
        RandomSample.ReplyOne<RedisSet>(ctx, static (ctx, set, position) => WriteMember(ctx, set.MemberAt(position)));
    }

    /// <summary>SMOVE source destination member</summary>
    /// <remarks>
    /// Mirrors smoveCommand: a missing source replies 0 before the destination's type is checked; moving within
    /// one set only tests membership. The source is deleted once empty and the destination created when missing
    /// (an intset when the member is an integer). Counts one change for the removal and one more when the member
    /// was new to the destination.
    /// </remarks>
    public static void SMove(CommandContext ctx)
    {
        ReadOnlySpan<byte> source = ctx.Arg(1);
        ReadOnlySpan<byte> destination = ctx.Arg(2);
        ReadOnlySpan<byte> member = ctx.Arg(3);
        LookupStatus sourceStatus = ctx.Db.Lookup(source, out RedisSet? sourceSet);
        LookupStatus destinationStatus = ctx.Db.Lookup(destination, out RedisSet? destinationSet);
        if (sourceStatus == LookupStatus.NotFound)
        {
            ctx.Reply.WriteInteger(0);
            return;
        }
        if (sourceStatus == LookupStatus.WrongType || destinationStatus == LookupStatus.WrongType)
        {
            ctx.WrongType();
            return;
        }
        if (ReferenceEquals(sourceSet, destinationSet))
        {
            ctx.Reply.WriteInteger(sourceSet!.Contains(member) ? 1 : 0);
            return;
        }
        if (!sourceSet!.Remove(member))
        {
            ctx.Reply.WriteInteger(0);
            return;
        }
        ctx.Notify(NotifyFlags.Set, "srem"u8, source);
        CollectionKeys.DeleteIfEmpty(ctx, source, sourceSet);
        if (destinationSet is null)
        {
            destinationSet = RedisSet.Create(ctx.Db.EncodingLimits);
            ctx.Db.Set(destination, destinationSet);
        }
        ctx.SignalModifiedKey(source);
        ctx.MarkDirty();
        if (destinationSet.Add(member))
        {
            ctx.MarkDirty();
            ctx.SignalModifiedKey(destination);
            ctx.Notify(NotifyFlags.Set, "sadd"u8, destination);
        }
        ctx.Reply.WriteInteger(1);
    }

    /// <summary>SINTER key [key ...]</summary>
    public static void SInter(CommandContext ctx) =>
        InterGeneric(ctx, firstKey: 1, keyCount: ctx.ArgCount - 1, destination: 0, cardinalityOnly: false, limit: 0);

    /// <summary>SINTERSTORE destination key [key ...]</summary>
    public static void SInterStore(CommandContext ctx) =>
        InterGeneric(ctx, firstKey: 2, keyCount: ctx.ArgCount - 2, destination: 1, cardinalityOnly: false, limit: 0);

    /// <summary>SINTERCARD numkeys key [key ...] [LIMIT limit]</summary>
    /// <remarks>
    /// Mirrors sinterCardCommand: numkeys must be 1 or more (any bad value gives the same error) and at most the
    /// arguments left; after the keys only LIMIT limit may follow, as often as wanted (the last one counts). A
    /// limit of 0 means none.
    /// </remarks>
    public static void SInterCard(CommandContext ctx)
    {
        if (!NumericText.TryParseInt64(ctx.Arg(1), out long numKeys) || numKeys < 1)
        {
            ctx.Error(ErrorText.NumKeysNotPositive);
            return;
        }
        if (numKeys > ctx.ArgCount - 2)
        {
            ctx.Error(ErrorText.NumKeysExceedArgs);
            return;
        }
        long limit = 0;
        for (int i = 2 + (int)numKeys; i < ctx.ArgCount; i++)
        {
            if (!ctx.ArgIs(i, "LIMIT"u8) || i == ctx.ArgCount - 1)
            {
                ctx.SyntaxError();
                return;
            }
            i++;
            if (!NumericText.TryParseInt64(ctx.Arg(i), out limit) || limit < 0)
            {
                ctx.Error(ErrorText.LimitNegative);
                return;
            }
        }
        InterGeneric(ctx, firstKey: 2, keyCount: (int)numKeys, destination: 0, cardinalityOnly: true, limit);
    }

    /// <summary>SUNION key [key ...]</summary>
    public static void SUnion(CommandContext ctx) => UnionDiffGeneric(ctx, firstKey: 1, destination: 0, diff: false);

    /// <summary>SUNIONSTORE destination key [key ...]</summary>
    public static void SUnionStore(CommandContext ctx) => UnionDiffGeneric(ctx, firstKey: 2, destination: 1, diff: false);

    /// <summary>SDIFF key [key ...]</summary>
    public static void SDiff(CommandContext ctx) => UnionDiffGeneric(ctx, firstKey: 1, destination: 0, diff: true);

    /// <summary>SDIFFSTORE destination key [key ...]</summary>
    public static void SDiffStore(CommandContext ctx) => UnionDiffGeneric(ctx, firstKey: 2, destination: 1, diff: true);

    /// <summary>Replies with a set member as a bulk string, formatting an intset integer without allocating.</summary>
    internal static void WriteMember(CommandContext ctx, SetMember member)
    {
        if (member.IsInteger)
        {
            ctx.Reply.WriteBulk(member.Integer);
        }
        else
        {
            ctx.Reply.WriteBulk(member.Span);
        }
    }

    /// <summary>
    /// spopWithCountCommand: replies with a set of up to count distinct random members, removed from the set.
    /// The count is validated before the key is looked up; a missing key or a count of 0 gives an empty set.
    /// When the count covers the whole set, the members come in set order (ascending for an intset, as Redis's
    /// SUNION of the set replies) and the key is deleted. When few members would be left, those few are chosen
    /// instead and moved to a new set that replaces the old one (keeping the time to live, as dbOverwrite does),
    /// and the others are replied in set order; the new set's encoding follows the survivors, as in Redis.
    /// Counts one change per member popped.
    /// </summary>
    private static void SPopWithCount(CommandContext ctx)
    {
        if (!ctx.TryGetNonNegativeInt64(2, out long count))
        {
            return;
        }
        ReadOnlySpan<byte> key = ctx.Arg(1);
        if (!CollectionKeys.TryLookupWrite(ctx, key, create: false, out RedisSet? set))
        {
            return;
        }
        if (set is null || count == 0)
        {
            AggregateShapes.WriteSetHeader(ctx, 0);
            return;
        }
        int size = set.Count;
        ctx.Notify(NotifyFlags.Set, "spop"u8, key);
        if (count >= size)
        {
            ctx.MarkDirty(size);
            WriteWholeSet(ctx, set);
            ctx.Db.Delete(key);
            CommandRewrites.Delete(ctx, key);
            ctx.Notify(NotifyFlags.Generic, "del"u8, key);
            ctx.SignalModifiedKey(key);
            return;
        }
        ctx.SignalModifiedKey(key);
        ctx.MarkDirty(count);
        ctx.PreventPropagation(); // propagated as one SREM per member popped
        AggregateShapes.WriteSetHeader(ctx, count);
        int remaining = size - (int)count;
        if ((long)remaining * SPopMoveStrategyMultiplier > count)
        {
            for (long i = 0; i < count; i++)
            {
                SetMember popped = set.PopRandom();
                WriteMember(ctx, popped);
                CommandRewrites.AlsoSRem(ctx, key, popped);
            }
            return;
        }
        int[] rented = ArrayPool<int>.Shared.Rent(remaining);
        try
        {
            Span<int> kept = rented.AsSpan(0, remaining);
            RandomSample.PickDistinct(set.Count, kept);
            kept.Sort();
            RedisSet survivors = RedisSet.Create(ctx.Db.EncodingLimits);
            int next = 0;
            for (int position = 0; position < size; position++)
            {
                if (next < kept.Length && kept[next] == position)
                {
                    survivors.Add(set.MemberAt(position));
                    next++;
                }
                else
                {
                    WriteMember(ctx, set.MemberAt(position));
                    CommandRewrites.AlsoSRem(ctx, key, set.MemberAt(position));
                }
            }
            ctx.Db.Set(key, survivors, keepTtl: true);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// srandmemberWithCountCommand: the count is parsed before the key is looked up and must be within
    /// ±(2^63 - 1); see <see cref="RandomSample.ReplyElements"/>. The reply is an array in RESP3 too.
    /// </summary>
    private static void SRandMemberWithCount(CommandContext ctx)
    {
        if (RandomSample.TryGetCount(ctx, 2, out long requested))
        {
            RandomSample.ReplyElements<RedisSet>(ctx, requested,
                static (ctx, count) => ctx.Reply.WriteArrayHeader(count),
                static (ctx, set, position) => WriteMember(ctx, set.MemberAt(position)));
        }
    }

    /// <summary>
    /// sinterGenericCommand for SINTER, SMEMBERS, SINTERSTORE and SINTERCARD: every key is looked up (and its type
    /// checked) before anything else; a missing key makes the result empty. Otherwise the sets are ordered by size
    /// and the smallest is iterated, each member kept when every other set holds it, so the result follows the
    /// smallest set's order. With <paramref name="destination"/> (the argument index of the key) the result is
    /// stored; with <paramref name="cardinalityOnly"/> only counted, stopping at a non-zero <paramref name="limit"/>;
    /// otherwise replied.
    /// </summary>
    private static void InterGeneric(CommandContext ctx, int firstKey, int keyCount, int destination, bool cardinalityOnly, long limit)
    {
        RedisSet?[]? rented = RentAndLookupSets(ctx, firstKey, keyCount, out bool anyMissing);
        if (rented is null)
        {
            return;
        }
        try
        {
            Span<RedisSet?> sets = rented.AsSpan(0, keyCount);
            if (anyMissing)
            {
                if (destination != 0)
                {
                    StoreResult(ctx, ctx.Arg(destination), null, "sinterstore"u8);
                }
                else if (cardinalityOnly)
                {
                    ctx.Reply.WriteInteger(0);
                }
                else
                {
                    AggregateShapes.WriteSetHeader(ctx, 0);
                }
                return;
            }
            SortByCardinality(sets, descending: false);
            if (destination != 0)
            {
                StoreResult(ctx, ctx.Arg(destination), Intersection(ctx, sets), "sinterstore"u8);
            }
            else if (cardinalityOnly)
            {
                ctx.Reply.WriteInteger(IntersectionCardinality(sets, limit));
            }
            else
            {
                ReplyIntersection(ctx, sets);
            }
        }
        finally
        {
            ReturnSets(rented);
        }
    }

    // SINTERSTORE's result: a new set of the members of the smallest set (sets[0]) found in all the others.
    private static RedisSet Intersection(CommandContext ctx, ReadOnlySpan<RedisSet?> sets)
    {
        RedisSet smallest = sets[0]!;
        RedisSet result = RedisSet.Create(ctx.Db.EncodingLimits);
        for (int i = 0; i < smallest.Count; i++)
        {
            SetMember member = smallest.MemberAt(i);
            if (InAllOthers(sets, member))
            {
                result.Add(member);
            }
        }
        return result;
    }

    // SINTERCARD's count of the members of the smallest set (sets[0]) found in all the others, up to a non-zero limit.
    private static long IntersectionCardinality(ReadOnlySpan<RedisSet?> sets, long limit)
    {
        RedisSet smallest = sets[0]!;
        long cardinality = 0;
        for (int i = 0; i < smallest.Count; i++)
        {
            if (InAllOthers(sets, smallest.MemberAt(i)) && ++cardinality == limit)
            {
                break;
            }
        }
        return cardinality;
    }

    /// <summary>
    /// SINTER's reply: the members of the smallest set (sets[0]) found in all the others, in its order. Redis
    /// writes a deferred length; here the positions of the matches are collected in a pooled array first, so the
    /// header can come before them and nothing is allocated.
    /// </summary>
    private static void ReplyIntersection(CommandContext ctx, ReadOnlySpan<RedisSet?> sets)
    {
        RedisSet smallest = sets[0]!;
        if (AllSame(sets))
        {
            WriteWholeSet(ctx, smallest);
            return;
        }
        int[] matches = ArrayPool<int>.Shared.Rent(smallest.Count);
        try
        {
            int found = 0;
            for (int i = 0; i < smallest.Count; i++)
            {
                if (InAllOthers(sets, smallest.MemberAt(i)))
                {
                    matches[found++] = i;
                }
            }
            AggregateShapes.WriteSetHeader(ctx, found);
            for (int i = 0; i < found; i++)
            {
                WriteMember(ctx, smallest.MemberAt(matches[i]));
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(matches);
        }
    }

    /// <summary>
    /// sunionDiffGenericCommand for SUNION, SDIFF and their STORE forms. Missing keys are empty sets; every key's
    /// type is checked first. The result is built in a new set (an intset while it can be, so a reply of integers
    /// comes sorted, as Redis's does) and then replied or stored at the key at argument
    /// <paramref name="destination"/>. A key repeated after the first one makes the difference empty.
    /// </summary>
    private static void UnionDiffGeneric(CommandContext ctx, int firstKey, int destination, bool diff)
    {
        int keyCount = ctx.ArgCount - firstKey;
        RedisSet?[]? rented = RentAndLookupSets(ctx, firstKey, keyCount, out _);
        if (rented is null)
        {
            return;
        }
        try
        {
            Span<RedisSet?> sets = rented.AsSpan(0, keyCount);
            RedisSet result = RedisSet.Create(ctx.Db.EncodingLimits);
            if (!diff)
            {
                foreach (RedisSet? set in sets)
                {
                    AddAll(result, set);
                }
            }
            else if (sets[0] is not null && !AnyRepeatsFirst(sets))
            {
                Difference(result, sets);
            }
            if (destination != 0)
            {
                StoreResult(ctx, ctx.Arg(destination), result, diff ? "sdiffstore"u8 : "sunionstore"u8);
            }
            else
            {
                WriteWholeSet(ctx, result);
            }
        }
        finally
        {
            ReturnSets(rented);
        }
    }

    /// <summary>
    /// SDIFF of sets[0] (present) and the others (none the same set as it) into the empty <paramref name="result"/>,
    /// with the algorithm Redis picks for the sizes at hand: test each member of the first set against the others,
    /// largest first (O(N*M)), or copy the first set and remove the others' members (O(total)). Redis halves the
    /// first one's estimate, as it has better constant times and stops early on shared members.
    /// </summary>
    private static void Difference(RedisSet result, Span<RedisSet?> sets)
    {
        RedisSet first = sets[0]!;
        long algorithmOneWork = 0, algorithmTwoWork = 0;
        foreach (RedisSet? set in sets)
        {
            if (set is not null)
            {
                algorithmOneWork += first.Count;
                algorithmTwoWork += set.Count;
            }
        }
        if (algorithmOneWork / 2 <= algorithmTwoWork)
        {
            SortByCardinality(sets[1..], descending: true);
            for (int i = 0; i < first.Count; i++)
            {
                SetMember member = first.MemberAt(i);
                if (!InAnyOther(sets, member))
                {
                    result.Add(member);
                }
            }
            return;
        }
        AddAll(result, first);
        for (int j = 1; j < sets.Length && result.Count > 0; j++)
        {
            RedisSet? set = sets[j];
            for (int i = 0; set is not null && i < set.Count; i++)
            {
                result.Remove(set.MemberAt(i));
            }
        }
    }

    /// <summary>
    /// Looks up the <paramref name="keyCount"/> keys from argument <paramref name="firstKey"/> on as sets to read
    /// (lookupKeyRead, counting hits and misses) into an array rented from the pool (null for a missing key), which
    /// the caller gives back with <see cref="ReturnSets"/>. Returns null, having replied WRONGTYPE and given the
    /// array back, at the first key of another type.
    /// </summary>
    private static RedisSet?[]? RentAndLookupSets(CommandContext ctx, int firstKey, int keyCount, out bool anyMissing)
    {
        RedisSet?[] rented = ArrayPool<RedisSet?>.Shared.Rent(keyCount);
        anyMissing = false;
        for (int j = 0; j < keyCount; j++)
        {
            switch (ctx.LookupRead(ctx.Arg(firstKey + j), out rented[j]))
            {
                case LookupStatus.WrongType:
                    ctx.WrongType();
                    ReturnSets(rented);
                    return null;
                case LookupStatus.NotFound:
                    anyMissing = true;
                    break;
            }
        }
        return rented;
    }

    // Gives a RentAndLookupSets array back, cleared so the pool holds no sets alive.
    private static void ReturnSets(RedisSet?[] rented) => ArrayPool<RedisSet?>.Shared.Return(rented, clearArray: true);

    /// <summary>
    /// The end of every STORE variant: a non-empty <paramref name="result"/> replaces whatever the destination held
    /// (setKey: any type, and its time to live goes); an empty or null one deletes the destination. Replies with the
    /// result's size. Counts one change, unless nothing was stored and nothing deleted. A store fires
    /// <paramref name="evt"/>, a delete "del".
    /// </summary>
    private static void StoreResult(CommandContext ctx, ReadOnlySpan<byte> destination, RedisSet? result, ReadOnlySpan<byte> evt)
    {
        if (result is { Count: > 0 })
        {
            ctx.Db.Set(destination, result);
            ctx.SignalModifiedKey(destination);
            ctx.Notify(NotifyFlags.Set, evt, destination);
            ctx.MarkDirty();
            ctx.Reply.WriteInteger(result.Count);
            return;
        }
        if (ctx.Db.Delete(destination))
        {
            ctx.SignalModifiedKey(destination);
            ctx.Notify(NotifyFlags.Generic, "del"u8, destination);
            ctx.MarkDirty();
        }
        ctx.Reply.WriteInteger(0);
    }

    // Stable insertion sort by size (qsortCompareSetsByCardinality, or ...ByRevCardinality when descending); a
    // missing set counts as empty. There are only as many sets as keys in one command, and nothing is allocated.
    private static void SortByCardinality(Span<RedisSet?> sets, bool descending)
    {
        for (int i = 1; i < sets.Length; i++)
        {
            RedisSet? current = sets[i];
            int size = current?.Count ?? 0;
            int j = i - 1;
            while (j >= 0 && (descending ? (sets[j]?.Count ?? 0) < size : (sets[j]?.Count ?? 0) > size))
            {
                sets[j + 1] = sets[j];
                j--;
            }
            sets[j + 1] = current;
        }
    }

    // True when every set after the first holds member; the first set given again is not searched.
    private static bool InAllOthers(ReadOnlySpan<RedisSet?> sets, SetMember member)
    {
        RedisSet first = sets[0]!;
        for (int j = 1; j < sets.Length; j++)
        {
            RedisSet other = sets[j]!;
            if (!ReferenceEquals(other, first) && !other.Contains(member))
            {
                return false;
            }
        }
        return true;
    }

    // True when any present set after the first holds member.
    private static bool InAnyOther(ReadOnlySpan<RedisSet?> sets, SetMember member)
    {
        for (int j = 1; j < sets.Length; j++)
        {
            if (sets[j] is { } other && other.Contains(member))
            {
                return true;
            }
        }
        return false;
    }

    private static bool AllSame(ReadOnlySpan<RedisSet?> sets)
    {
        for (int j = 1; j < sets.Length; j++)
        {
            if (!ReferenceEquals(sets[j], sets[0]))
            {
                return false;
            }
        }
        return true;
    }

    private static bool AnyRepeatsFirst(ReadOnlySpan<RedisSet?> sets)
    {
        for (int j = 1; j < sets.Length; j++)
        {
            if (ReferenceEquals(sets[j], sets[0]))
            {
                return true;
            }
        }
        return false;
    }

    private static void AddAll(RedisSet result, RedisSet? set)
    {
        for (int i = 0; set is not null && i < set.Count; i++)
        {
            result.Add(set.MemberAt(i));
        }
    }

    // A set reply of every member, in set order.
    private static void WriteWholeSet(CommandContext ctx, RedisSet set)
    {
        AggregateShapes.WriteSetHeader(ctx, set.Count);
        WriteMembers(ctx, set);
    }

    private static void WriteMembers(CommandContext ctx, RedisSet set)
    {
        for (int i = 0; i < set.Count; i++)
        {
            WriteMember(ctx, set.MemberAt(i));
        }
    }
}
