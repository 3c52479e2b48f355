using System.Text;
using Reactor.MiniRedis.Protocol;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Engine.Commands;

/// <summary>
/// SCAN: scanCommand and scanGenericCommand of redis/redis src/db.c. The cursor walks the keyspace table's buckets in
/// reverse-binary order (<see cref="KeyTable{TValue}.Scan{TState}"/>), which is what lets a key present for the whole
/// iteration be returned at least once while the table grows or shrinks. The cursor parsing, option parsing, pattern
/// filter and reply are separate helpers so SSCAN, HSCAN and ZSCAN can reuse them.
/// </summary>
public static class ScanCommand
{
    /// <summary>The COUNT used when none is given.</summary>
    public const long DefaultCount = 10;

    // The keys collected by one call; reused (per loop thread) so a SCAN allocates nothing once warm.
    [ThreadStatic]
    private static List<byte[]>? t_keys;

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
            string type = ctx.LookupRead(key)?.TypeName ?? "none";
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
}
