using System.Runtime.CompilerServices;
using System.Text;
using Reactor.MiniRedis.Protocol;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Engine.Commands;

/// <summary>
/// SCAN, SSCAN, HSCAN and ZSCAN: scanCommand, sscanCommand, hscanCommand, zscanCommand and scanGenericCommand of
/// redis/redis src/db.c. The cursor walks the buckets of a hash table in reverse-binary order (the keyspace's
/// <see cref="KeyTable{TValue}.Scan{TState}"/>, a collection's <see cref="DenseDictionary{TValue}.Scan{TState}"/>),
/// which is what lets an element present for the whole iteration be returned at least once while the table grows,
/// shrinks or rehashes (the argument is in Storage/ScanCursor.cs). Collections in a compact encoding (intset,
/// listpack) have no buckets: as in Redis, they are returned whole, in their order, with cursor 0.
/// </summary>
public static class ScanCommand
{
    /// <summary>The COUNT used when none is given.</summary>
    public const long DefaultCount = 10;

    private const int MaxIntegerLength = 20; // "-9223372036854775808", an intset member as text

    // The keys collected by one call; reused (per loop thread) so a SCAN allocates nothing once warm.
    [ThreadStatic]
    private static List<byte[]>? t_keys;

    // The elements collected by one SSCAN, HSCAN or ZSCAN call, reused the same way.
    [ThreadStatic]
    private static List<ScanItem>? t_items;

    /// <summary>SCAN cursor [MATCH pattern] [COUNT count] [TYPE type]</summary>
    /// <remarks>
    /// Mirrors scanGenericCommand for the keyspace: steps the cursor until COUNT keys were collected, the iteration
    /// ended, or COUNT × 10 steps were made (so a sparse table cannot block the loop), then drops the keys that do not
    /// match the pattern, are not of the type, or have expired (deleting those, as expireIfNeeded does).
    /// </remarks>
    public static void Scan(CommandContext ctx)
    {
        if (!TryParseCursor(ctx, 1, out ulong cursor) || !TryParseOptions(ctx, 2, allowType: true, out ScanOptions options))
        {
            return;
        }
        List<byte[]> keys = t_keys ??= [];
        keys.Clear();
        long maxIterations = options.Count > long.MaxValue / 10 ? long.MaxValue : options.Count * 10;
        do
        {
            cursor = ctx.Db.Scan(cursor, keys);
        }
        while (cursor != 0 && maxIterations-- != 0 && keys.Count < options.Count);

        int kept = 0;
        for (int i = 0; i < keys.Count; i++)
        {
            if (!IsFiltered(ctx, keys[i], options))
            {
                keys[kept++] = keys[i];
            }
        }
        keys.RemoveRange(kept, keys.Count - kept);
        WriteReply(ctx, cursor, keys);
        keys.Clear(); // do not keep key arrays alive between calls
    }

    /// <summary>SSCAN key cursor [MATCH pattern] [COUNT count]</summary>
    public static void SScan(CommandContext ctx) => ScanKey<RedisSet>(ctx);

    /// <summary>HSCAN key cursor [MATCH pattern] [COUNT count]</summary>
    /// <remarks>Replies the cursor and a flat array of field, value, field, value, ...</remarks>
    public static void HScan(CommandContext ctx) => ScanKey<RedisHash>(ctx);

    /// <summary>ZSCAN key cursor [MATCH pattern] [COUNT count]</summary>
    /// <remarks>
    /// Replies the cursor and a flat array of member, score, ...; scores are bulk strings printed as %.17g (what
    /// createStringObjectFromLongDouble and a listpack's stored text give), in RESP3 too.
    /// </remarks>
    public static void ZScan(CommandContext ctx) => ScanKey<RedisSortedSet>(ctx);

    /// <summary>
    /// sscanCommand, hscanCommand and zscanCommand: the cursor is parsed first, then a missing key replies the empty
    /// scan (cursor 0, no elements) and another type WRONGTYPE, before the options are looked at, in that order as
    /// in Redis. Then scanGenericCommand for a value: a compact encoding is returned whole; a hashtable (or the
    /// skiplist's dictionary) is walked until COUNT list entries were collected (a field and its value, or a member
    /// and its score, are two), the walk ended, or COUNT × 10 buckets were visited; then elements not matching the
    /// pattern are dropped with their values.
    /// </summary>
    private static void ScanKey<T>(CommandContext ctx) where T : RedisObject
    {
        if (!TryParseCursor(ctx, 2, out ulong cursor))
        {
            return;
        }
        switch (ctx.LookupRead(ctx.Arg(1), out T? value))
        {
            case LookupStatus.NotFound:
                // shared.emptyscan
                ctx.Reply.WriteArrayHeader(2);
                ctx.Reply.WriteBulk("0"u8);
                ctx.Reply.WriteArrayHeader(0);
                return;
            case LookupStatus.WrongType:
                ctx.WrongType();
                return;
        }
        if (!TryParseOptions(ctx, 3, allowType: false, out ScanOptions options))
        {
            return;
        }
        List<ScanItem> items = t_items ??= [];
        items.Clear();
        long maxIterations = options.Count > long.MaxValue / 10 ? long.MaxValue : options.Count * 10;
        bool withValues = true;
        switch (value)
        {
            case RedisSet set:
                withValues = false;
                if (set.Encoding == "intset")
                {
                    for (int i = 0; i < set.Count; i++)
                    {
                        items.Add(new ScanItem(set.MemberAt(i), null, 0));
                    }
                    cursor = 0;
                    break;
                }
                do
                {
                    cursor = set.Scan(cursor, static (list, member) => list.Add(new ScanItem(new SetMember(member), null, 0)), items);
                }
                while (cursor != 0 && maxIterations-- != 0 && items.Count < options.Count);
                break;
            case RedisHash hash:
                if (hash.Encoding == "listpack")
                {
                    for (int i = 0; i < hash.Count; i++)
                    {
                        items.Add(new ScanItem(new SetMember(hash.FieldAt(i)), hash.ValueAt(i), 0));
                    }
                    cursor = 0;
                    break;
                }
                do
                {
                    cursor = hash.Scan(cursor, static (list, field, fieldValue) => list.Add(new ScanItem(new SetMember(field), fieldValue, 0)), items);
                }
                while (cursor != 0 && maxIterations-- != 0 && items.Count * 2L < options.Count);
                break;
            case RedisSortedSet zset:
                if (zset.Encoding == "listpack")
                {
                    for (SkipListNode node = zset.First; node.Exists; node = node.Next)
                    {
                        items.Add(new ScanItem(new SetMember(node.Member.ToArray()), null, node.Score));
                    }
                    cursor = 0;
                    break;
                }
                do
                {
                    cursor = zset.Scan(cursor, static (list, member, score) => list.Add(new ScanItem(new SetMember(member), null, score)), items);
                }
                while (cursor != 0 && maxIterations-- != 0 && items.Count * 2L < options.Count);
                break;
        }

        if (options.PatternIndex >= 0)
        {
            Span<byte> scratch = stackalloc byte[MaxIntegerLength];
            int kept = 0;
            for (int i = 0; i < items.Count; i++)
            {
                if (!FailsPattern(ctx, items[i].Element.GetBytes(scratch), options))
                {
                    items[kept++] = items[i];
                }
            }
            items.RemoveRange(kept, items.Count - kept);
        }
        WriteItems(ctx, cursor, items, withValues);
        items.Clear(); // do not keep element arrays alive between calls
    }

    /// <summary>
    /// Step 4 of scanGenericCommand for a collection: the next cursor, then the elements, each followed by its value
    /// (a hash's value, or a sorted set's score as text) when <paramref name="withValues"/>.
    /// </summary>
    private static void WriteItems(CommandContext ctx, ulong cursor, List<ScanItem> items, bool withValues)
    {
        ctx.Reply.WriteArrayHeader(2);
        ctx.Reply.WriteBulk((long)cursor);
        ctx.Reply.WriteArrayHeader(withValues ? items.Count * 2L : items.Count);
        Span<byte> score = stackalloc byte[ScoreFormat.MaxLength];
        foreach (ScanItem item in items)
        {
            SetCommands.WriteMember(ctx, item.Element);
            if (!withValues)
            {
                continue;
            }
            if (item.Value is not null)
            {
                ctx.Reply.WriteBulk(item.Value);
            }
            else
            {
                ctx.Reply.WriteBulk(score[..ScoreFormat.Format(item.Score, score)]);
            }
        }
    }

    /// <summary>
    /// parseScanCursorOrReply: the cursor as strtoul reads it (base 10, an optional sign with a negative number
    /// wrapping around, nothing after the digits; the text ends at a NUL byte as a C string does). A leading space,
    /// trailing garbage or a value past 2^64 - 1 replies <c>-ERR invalid cursor</c> and returns false. An empty
    /// argument is cursor 0, as in Redis.
    /// </summary>
    public static bool TryParseCursor(CommandContext ctx, int index, out ulong cursor)
    {
        if (TryParseUnsignedLong(ctx.Arg(index), out cursor))
        {
            return true;
        }
        ctx.Error(ErrorText.InvalidCursor);
        return false;
    }

    /// <summary>
    /// Step 1 of scanGenericCommand: parses the options from argument <paramref name="first"/> on (MATCH pattern,
    /// COUNT count, and TYPE type when <paramref name="allowType"/>, i.e. for SCAN itself), any number of times, the
    /// last one winning. A COUNT that is not an integer replies the integer error; a COUNT below 1, an unknown option
    /// or a missing value replies <c>-ERR syntax error</c>. Returns false after replying.
    /// </summary>
    internal static bool TryParseOptions(CommandContext ctx, int first, bool allowType, out ScanOptions options)
    {
        options = new ScanOptions(DefaultCount, -1, -1);
        for (int i = first; i < ctx.ArgCount; i += 2)
        {
            bool hasValue = ctx.ArgCount - i >= 2;
            if (hasValue && ctx.ArgIs(i, "count"u8))
            {
                if (!ctx.TryGetInt64(i + 1, out long count))
                {
                    return false;
                }
                if (count < 1)
                {
                    ctx.SyntaxError();
                    return false;
                }
                options = options with { Count = count };
            }
            else if (hasValue && ctx.ArgIs(i, "match"u8))
            {
                // The pattern "*" matches everything: the same as no pattern.
                ReadOnlySpan<byte> pattern = ctx.Arg(i + 1);
                options = options with { PatternIndex = pattern.Length == 1 && pattern[0] == (byte)'*' ? -1 : i + 1 };
            }
            else if (hasValue && allowType && ctx.ArgIs(i, "type"u8))
            {
                options = options with { TypeIndex = i + 1 };
            }
            else
            {
                ctx.SyntaxError();
                return false;
            }
        }
        return true;
    }

    /// <summary>True when <paramref name="element"/> does not match the MATCH pattern of <paramref name="options"/>.</summary>
    internal static bool FailsPattern(CommandContext ctx, ReadOnlySpan<byte> element, in ScanOptions options) =>
        options.PatternIndex >= 0 && !GlobMatcher.IsMatch(ctx.Arg(options.PatternIndex), element);

    /// <summary>Step 4 of scanGenericCommand: the next cursor as a bulk string, then the elements.</summary>
    internal static void WriteReply(CommandContext ctx, ulong cursor, List<byte[]> elements)
    {
        ctx.Reply.WriteArrayHeader(2);
        ctx.Reply.WriteBulk((long)cursor); // addReplyBulkLongLong: printed as a signed 64-bit number
        ctx.Reply.WriteArrayHeader(elements.Count);
        foreach (byte[] element in elements)
        {
            ctx.Reply.WriteBulk(element);
        }
    }

    /// <summary>
    /// Step 3 of scanGenericCommand for the keyspace: a key is dropped if it does not match the pattern, if its type
    /// is not the TYPE asked for (found with a read lookup, which counts a keyspace hit or miss as in Redis; a missing
    /// key's type is "none"), or if it has expired (which deletes it).
    /// </summary>
    private static bool IsFiltered(CommandContext ctx, byte[] key, in ScanOptions options)
    {
        if (FailsPattern(ctx, key, options))
        {
            return true;
        }
        if (options.TypeIndex >= 0)
        {
            ref StoredValue value = ref ctx.LookupReadStored(key);
            string type = Unsafe.IsNullRef(ref value) ? "none" : value.TypeName;
            if (!Ascii.EqualsIgnoreCase(ctx.Arg(options.TypeIndex), type))
            {
                return true;
            }
        }
        return ctx.Db.ExpireIfNeeded(key);
    }

    /// <summary>strtoul(text, &amp;end, 10) with Redis's checks around it (see <see cref="TryParseCursor"/>).</summary>
    private static bool TryParseUnsignedLong(ReadOnlySpan<byte> text, out ulong value)
    {
        value = 0;
        int nul = text.IndexOf((byte)0);
        if (nul >= 0)
        {
            text = text[..nul];
        }
        if (text.IsEmpty)
        {
            return true; // strtoul of "" converts nothing and leaves the end pointer on the terminator
        }
        if (IsCSpace(text[0]))
        {
            return false;
        }
        bool negative = text[0] == (byte)'-';
        int i = text[0] is (byte)'+' or (byte)'-' ? 1 : 0;
        if (i == text.Length)
        {
            return false; // a sign alone: nothing converted, the end pointer stays on the sign
        }
        for (; i < text.Length; i++)
        {
            uint digit = (uint)(text[i] - '0');
            if (digit > 9)
            {
                return false;
            }
            if (value > (ulong.MaxValue - digit) / 10)
            {
                return false; // ERANGE
            }
            value = value * 10 + digit;
        }
        if (negative)
        {
            value = unchecked(0UL - value);
        }
        return true;
    }

    private static bool IsCSpace(byte c) => c is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\v' or (byte)'\f' or (byte)'\r';

    /// <summary>
    /// The parsed SCAN options: the COUNT, and the argument positions of the MATCH pattern and TYPE name (-1 when
    /// absent; a pattern of "*" counts as absent).
    /// </summary>
    internal readonly record struct ScanOptions(long Count, int PatternIndex, int TypeIndex);

    /// <summary>
    /// One collected element: a set member (an integer for an intset), a hash field with its <see cref="Value"/>, or
    /// a sorted-set member with its <see cref="Score"/>.
    /// </summary>
    private readonly record struct ScanItem(SetMember Element, byte[]? Value, double Score);
}
