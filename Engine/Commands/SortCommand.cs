using System.Buffers;
using Reactor.MiniRedis.Engine.PubSub;
using Reactor.MiniRedis.Protocol;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Engine.Commands;

/// <summary>
/// SORT and SORT_RO over lists, sets and sorted sets (redis/redis src/sort.c): numeric or ALPHA order, weights and
/// output looked up through key patterns (<c>weight_*</c>, <c>object_*->field</c>), LIMIT, and STORE into a list.
/// </summary>
public static class SortCommand
{
    /// <summary>SORT key [BY pattern] [LIMIT offset count] [GET pattern [GET pattern ...]] [ASC | DESC] [ALPHA] [STORE destination]</summary>
    public static void Sort(CommandContext ctx) => SortGeneric(ctx, readOnly: false);

    /// <summary>SORT_RO key [BY pattern] [LIMIT offset count] [GET pattern [GET pattern ...]] [ASC | DESC] [ALPHA]</summary>
    public static void SortRo(CommandContext ctx) => SortGeneric(ctx, readOnly: true);

    /// <summary>
    /// Mirrors sortCommandGeneric in Redis 7.0. Options are parsed first (STORE is a syntax error for SORT_RO); a BY
    /// pattern without '*' means "do not sort", and stays so even if a later BY has one. The key must be a list, set
    /// or sorted set (missing is empty). Not sorting keeps a list's or sorted set's own order (DESC walks it
    /// backwards) and reads only the LIMIT range; a set being STOREd is sorted ALPHA instead, so the result is
    /// deterministic. A sorted set is converted to a skiplist first, as Redis does. Numeric order breaks ties by
    /// comparing the elements; a weight that is not a number fails the whole command. STORE replaces the destination
    /// with a list (deleting it when the result is empty) and replies the count.
    /// </summary>
    private static void SortGeneric(CommandContext ctx, bool readOnly)
    {
        bool desc = false, alpha = false, dontSort = false;
        long limitStart = 0, limitCount = -1;
        int byIndex = -1, storeIndex = -1;
        List<int>? getIndexes = null;
        for (int j = 2; j < ctx.ArgCount; j++)
        {
            int left = ctx.ArgCount - j - 1;
            if (ctx.ArgIs(j, "asc"u8))
            {
                desc = false;
            }
            else if (ctx.ArgIs(j, "desc"u8))
            {
                desc = true;
            }
            else if (ctx.ArgIs(j, "alpha"u8))
            {
                alpha = true;
            }
            else if (ctx.ArgIs(j, "limit"u8) && left >= 2)
            {
                if (!ctx.TryGetInt64(j + 1, out limitStart) || !ctx.TryGetInt64(j + 2, out limitCount))
                {
                    return;
                }
                j += 2;
            }
            else if (!readOnly && ctx.ArgIs(j, "store"u8) && left >= 1)
            {
                storeIndex = ++j;
            }
            else if (ctx.ArgIs(j, "by"u8) && left >= 1)
            {
                byIndex = ++j;
                dontSort |= CString(ctx.Arg(j)).IndexOf((byte)'*') < 0;
            }
            else if (ctx.ArgIs(j, "get"u8) && left >= 1)
            {
                (getIndexes ??= []).Add(++j);
            }
            else
            {
                ctx.SyntaxError();
                return;
            }
        }

        RedisObject? sortValue = ctx.LookupRead(ctx.Arg(1));
        if (sortValue is not (null or RedisList or RedisSet or RedisSortedSet))
        {
            ctx.WrongType();
            return;
        }
        if (dontSort && sortValue is RedisSet && storeIndex >= 0)
        {
            dontSort = false;
            alpha = true;
            byIndex = -1;
        }
        (sortValue as RedisSortedSet)?.ConvertToSkiplist();

        int length = (sortValue as IRedisCollection)?.Count ?? 0;
        long start = Math.Min(Math.Max(limitStart, 0), length);
        long count = Math.Min(Math.Max(limitCount, -1), length);
        long end = count < 0 ? length - 1 : start + count - 1;
        if (start >= length)
        {
            start = length - 1;
            end = length - 2;
        }
        end = Math.Min(end, length - 1);

        SortEntry[] vector;
        if (dontSort && sortValue is RedisList or RedisSortedSet)
        {
            // Only the LIMIT range is read, in the requested direction; the output then starts at 0.
            vector = LoadRange(sortValue, (int)start, (int)(end - start + 1), desc);
            end -= start;
            start = 0;
        }
        else
        {
            vector = LoadAll(sortValue, length);
        }

        if (!dontSort && !TryScoreAndSort(ctx, vector, byIndex, alpha, desc, store: storeIndex >= 0))
        {
            ctx.Error(ErrorText.SortScoreNotDouble);
            return;
        }

        int getCount = getIndexes?.Count ?? 0;
        long outputLength = (getCount == 0 ? 1 : getCount) * (end - start + 1);
        if (storeIndex < 0)
        {
            ctx.Reply.WriteArrayHeader(outputLength);
            for (long j = start; j <= end; j++)
            {
                byte[] element = vector[j].Element;
                if (getIndexes is null)
                {
                    ctx.Reply.WriteBulk(element);
                    continue;
                }
                foreach (int getIndex in getIndexes)
                {
                    WriteBulk(ctx, LookupByPattern(ctx, ctx.Arg(getIndex), element));
                }
            }
            return;
        }

        RedisList result = RedisList.Create(ctx.Db.EncodingLimits);
        for (long j = start; j <= end; j++)
        {
            byte[] element = vector[j].Element;
            if (getIndexes is null)
            {
                result.PushOwned(element, ListEnd.Tail);
                continue;
            }
            foreach (int getIndex in getIndexes)
            {
                result.PushOwned(LookupByPattern(ctx, ctx.Arg(getIndex), element).ToArray(), ListEnd.Tail);
            }
        }
        ReadOnlySpan<byte> destination = ctx.Arg(storeIndex);
        if (outputLength > 0)
        {
            ctx.Db.Lookup(destination); // reclaims an expired destination first, as lookupKeyWrite in setKey does
            ctx.Db.Set(destination, result);
            ctx.SignalModifiedKey(destination);
            ctx.Notify(NotifyFlags.List, "sortstore"u8, destination);
            ctx.MarkDirty(outputLength);
        }
        else if (ctx.Db.Delete(destination))
        {
            ctx.SignalModifiedKey(destination);
            ctx.Notify(NotifyFlags.Generic, "del"u8, destination);
            ctx.MarkDirty();
        }
        ctx.Reply.WriteInteger(outputLength);
    }

    /// <summary>
    /// The whole value as sort entries: a list in order, a set in its iteration order (ascending for an intset), a
    /// sorted set by score. Each element is a copy, so STORE can hand it to the new list.
    /// </summary>
    private static SortEntry[] LoadAll(RedisObject? value, int length)
    {
        var vector = new SortEntry[length];
        switch (value)
        {
            case RedisList list:
                for (int i = 0; i < length; i++)
                {
                    vector[i] = new SortEntry(list[i].ToArray(), i);
                }
                break;
            case RedisSet set:
                for (int i = 0; i < length; i++)
                {
                    SetMember member = set.MemberAt(i);
                    vector[i] = new SortEntry(member.IsInteger ? member.ToArray() : member.Span.ToArray(), i);
                }
                break;
            case RedisSortedSet zset:
                int position = 0;
                for (SkipListNode node = zset.First; node.Exists; node = node.Next)
                {
                    vector[position] = new SortEntry(node.Member.ToArray(), position);
                    position++;
                }
                break;
        }
        return vector;
    }

    /// <summary>
    /// <paramref name="count"/> elements of a list or sorted set from position <paramref name="start"/> in its own
    /// order, or counting from the end when <paramref name="desc"/> (SORT ... BY nosort with LIMIT).
    /// </summary>
    private static SortEntry[] LoadRange(RedisObject value, int start, int count, bool desc)
    {
        var vector = new SortEntry[Math.Max(count, 0)];
        if (value is RedisList list)
        {
            for (int i = 0; i < vector.Length; i++)
            {
                int index = desc ? list.Count - start - 1 - i : start + i;
                vector[i] = new SortEntry(list[index].ToArray(), i);
            }
            return vector;
        }
        var zset = (RedisSortedSet)value;
        SkipListNode node = vector.Length == 0 ? default : zset.GetByRank(desc ? zset.Count - start - 1 : start);
        for (int i = 0; i < vector.Length; i++)
        {
            vector[i] = new SortEntry(node.Member.ToArray(), i);
            node = desc ? node.Previous : node.Next;
        }
        return vector;
    }

    /// <summary>
    /// Loads each entry's weight (the element itself, or what the BY pattern finds; a missing weight is 0, or sorts
    /// first with ALPHA) and sorts. Returns false when a numeric weight is not a valid double (after looking at all of
    /// them, as Redis does). Mirrors sortCompare; glibc's qsort is a stable merge sort, so equal entries keep their
    /// loading order, which the position tie-break reproduces.
    /// </summary>
    private static bool TryScoreAndSort(CommandContext ctx, SortEntry[] vector, int byIndex, bool alpha, bool desc, bool store)
    {
        bool valid = true;
        for (int j = 0; j < vector.Length; j++)
        {
            ref SortEntry entry = ref vector[j];
            if (byIndex < 0)
            {
                if (!alpha)
                {
                    valid &= TryParseWeight(entry.Element, out entry.Score);
                }
                continue;
            }
            PatternValue weight = LookupByPattern(ctx, ctx.Arg(byIndex), entry.Element);
            if (!weight.Found)
            {
                continue;
            }
            if (alpha)
            {
                entry.Weight = weight.ToArray();
            }
            else if (weight.String is { IsInteger: true } integer)
            {
                entry.Score = integer.Integer;
            }
            else
            {
                valid &= TryParseWeight(weight.Bytes ?? weight.String!.GetBytes(default), out entry.Score);
            }
        }
        if (!valid)
        {
            return false;
        }
        bool byPattern = byIndex >= 0;
        Array.Sort(vector, (a, b) =>
        {
            int cmp = Math.Sign(Compare(a, b, alpha, byPattern, store));
            cmp = desc ? -cmp : cmp;
            return cmp != 0 ? cmp : a.Position.CompareTo(b.Position);
        });
        return true;
    }

    // sortCompare without the DESC flip. Equal numbers compare the elements' bytes (compareStringObjects). ALPHA
    // compares bytes too with STORE (so that replicas agree); without it Redis uses strcoll, which reads C strings:
    // only up to the first NUL byte, in byte order (the C and C.UTF-8 locales, where strcoll is strcmp).
    private static int Compare(in SortEntry a, in SortEntry b, bool alpha, bool byPattern, bool store)
    {
        if (!alpha)
        {
            if (a.Score > b.Score)
            {
                return 1;
            }
            return a.Score < b.Score ? -1 : a.Element.AsSpan().SequenceCompareTo(b.Element);
        }
        if (!byPattern)
        {
            return CompareAlpha(a.Element, b.Element, store);
        }
        if (a.Weight is null || b.Weight is null)
        {
            return a.Weight == b.Weight ? 0 : a.Weight is null ? -1 : 1;
        }
        return CompareAlpha(a.Weight, b.Weight, store);
    }

    private static int CompareAlpha(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, bool store) =>
        store ? a.SequenceCompareTo(b) : UpToNul(a).SequenceCompareTo(UpToNul(b));

    private static ReadOnlySpan<byte> UpToNul(ReadOnlySpan<byte> text)
    {
        int nul = text.IndexOf((byte)0);
        return nul < 0 ? text : text[..nul];
    }

    /// <summary>
    /// SORT's numeric weight, read as Redis 7.0 reads it with strtod: the text up to any NUL byte, leading white
    /// space skipped, and the rest must be a whole number (an empty text is 0); NaN, overflow and underflow fail.
    /// </summary>
    private static bool TryParseWeight(ReadOnlySpan<byte> text, out double score)
    {
        text = CString(text);
        score = 0;
        if (text.IsEmpty)
        {
            return true;
        }
        ReadOnlySpan<byte> number = text.TrimStart(" \t\n\v\f\r"u8);
        return !number.IsEmpty && NumericText.TryParseDouble(number, out score);
    }

    /// <summary>
    /// lookupKeyByPattern: <c>#</c> is the element itself; otherwise the first '*' is replaced by the element to form
    /// a key, and a non-empty <c>-&gt;field</c> after the '*' reads that field of a hash there. Only a string (or a
    /// hash with the field) counts; a pattern without '*' finds nothing. Like Redis, '#', '*' and "->" are looked for
    /// as in a C string, up to the first NUL byte.
    /// </summary>
    private static PatternValue LookupByPattern(CommandContext ctx, ReadOnlySpan<byte> pattern, byte[] element)
    {
        if (pattern.Length > 0 && pattern[0] == (byte)'#' && (pattern.Length == 1 || pattern[1] == 0))
        {
            return new PatternValue(element);
        }
        ReadOnlySpan<byte> text = CString(pattern);
        int star = text.IndexOf((byte)'*');
        if (star < 0)
        {
            return default;
        }
        int arrow = text[(star + 1)..].IndexOf("->"u8);
        int fieldAt = arrow >= 0 && star + 1 + arrow + 2 < text.Length ? star + 1 + arrow + 2 : -1;
        ReadOnlySpan<byte> field = fieldAt < 0 ? default : pattern[fieldAt..];
        ReadOnlySpan<byte> postfix = pattern[(star + 1)..(fieldAt < 0 ? pattern.Length : fieldAt - 2)];

        int keyLength = star + element.Length + postfix.Length;
        byte[]? rented = null;
        Span<byte> key = keyLength <= 256 ? stackalloc byte[256] : (rented = ArrayPool<byte>.Shared.Rent(keyLength));
        key = key[..keyLength];
        pattern[..star].CopyTo(key);
        element.CopyTo(key[star..]);
        postfix.CopyTo(key[(star + element.Length)..]);
        RedisObject? value = ctx.LookupRead(key);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }

        if (fieldAt >= 0)
        {
            return value is RedisHash hash && hash.TryGetValue(field, out byte[] fieldValue) ? new PatternValue(fieldValue) : default;
        }
        return value is RedisString str ? new PatternValue(str) : default;
    }

    // Replies a GET result: the bulk string, or nil when the pattern found nothing.
    private static void WriteBulk(CommandContext ctx, PatternValue value)
    {
        if (value.String is not null)
        {
            StringCommands.WriteValue(ctx, value.String);
        }
        else if (value.Bytes is not null)
        {
            ctx.Reply.WriteBulk(value.Bytes);
        }
        else
        {
            ctx.Reply.WriteNullBulk();
        }
    }

    // What strchr and strstr see of a binary-safe argument: the bytes before the first NUL.
    private static ReadOnlySpan<byte> CString(ReadOnlySpan<byte> text)
    {
        int nul = text.IndexOf((byte)0);
        return nul < 0 ? text : text[..nul];
    }

    /// <summary>redisSortObject: an element, its numeric score or ALPHA weight, and its loading position.</summary>
    private struct SortEntry(byte[] element, int position)
    {
        public readonly byte[] Element = element;
        public readonly int Position = position;
        public double Score;
        public byte[]? Weight;
    }

    /// <summary>What a pattern found: a string value, or bytes (a hash field's value, or the element for <c>#</c>).</summary>
    private readonly struct PatternValue
    {
        public PatternValue(RedisString value) => String = value;

        public PatternValue(byte[] value) => Bytes = value;

        public RedisString? String { get; }

        public byte[]? Bytes { get; }

        public bool Found => String is not null || Bytes is not null;

        // A copy of the bytes found (empty when nothing was), for a list that owns its elements.
        public byte[] ToArray() => String?.ToArray() ?? Bytes?.AsSpan().ToArray() ?? [];
    }
}
