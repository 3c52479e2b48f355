using Reactor.MiniRedis.Protocol;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Engine.Commands;

/// <summary>LCS: the longest common subsequence of two strings (lcsCommand in redis/redis src/t_string.c).</summary>
public static class LcsCommand
{
    /// <summary>LCS key1 key2 [LEN] [IDX] [MINMATCHLEN min-match-len] [WITHMATCHLEN]</summary>
    /// <remarks>
    /// Mirrors lcsCommand in Redis 7.0: both keys are looked up first (a missing key is an empty string, another
    /// type an error of its own, not WRONGTYPE), then the options are parsed (a negative MINMATCHLEN counts as 0).
    /// The classic dynamic-programming table is built, refused when it would take more bytes than
    /// proto-max-bulk-len, and walked back from its last cell to rebuild the subsequence; with IDX the walk also
    /// reports the matching ranges, last first, exactly where Redis's walk emits them.
    /// </remarks>
    public static void Lcs(CommandContext ctx)
    {
        RedisObject? first = ctx.LookupRead(ctx.Arg(1));
        RedisObject? second = ctx.LookupRead(ctx.Arg(2));
        if (first is not (null or RedisString) || second is not (null or RedisString))
        {
            ctx.Error(ErrorText.LcsKeysNotStrings);
            return;
        }
        bool getLength = false, getIndexes = false, withMatchLength = false;
        long minMatchLength = 0;
        for (int j = 3; j < ctx.ArgCount; j++)
        {
            bool moreArgs = j < ctx.ArgCount - 1;
            if (ctx.ArgIs(j, "IDX"u8))
            {
                getIndexes = true;
            }
            else if (ctx.ArgIs(j, "LEN"u8))
            {
                getLength = true;
            }
            else if (ctx.ArgIs(j, "WITHMATCHLEN"u8))
            {
                withMatchLength = true;
            }
            else if (ctx.ArgIs(j, "MINMATCHLEN"u8) && moreArgs)
            {
                if (!ctx.TryGetInt64(++j, out minMatchLength))
                {
                    return;
                }
                minMatchLength = Math.Max(minMatchLength, 0);
            }
            else
            {
                ctx.SyntaxError();
                return;
            }
        }
        if (getLength && getIndexes)
        {
            ctx.Error(ErrorText.LcsLengthAndIndexes);
            return;
        }
        Span<byte> firstScratch = stackalloc byte[20];
        Span<byte> secondScratch = stackalloc byte[20];
        ReadOnlySpan<byte> a = first is RedisString s1 ? s1.GetBytes(firstScratch) : default;
        ReadOnlySpan<byte> b = second is RedisString s2 ? s2.GetBytes(secondScratch) : default;
        long cells = (long)(a.Length + 1) * (b.Length + 1);
        if (cells * sizeof(uint) > ctx.Server.Config.Limits.MaxBulkLength || cells > Array.MaxLength)
        {
            ctx.Error(ErrorText.LcsTableTooLarge);
            return;
        }
        uint[] table = BuildTable(a, b);
        uint length = table[^1];
        if (getLength)
        {
            ctx.Reply.WriteInteger(length);
            return;
        }
        byte[] subsequence = new byte[length];
        List<Match> matches = WalkBack(table, a, b, subsequence, minMatchLength);
        if (!getIndexes)
        {
            ctx.Reply.WriteBulk(subsequence);
            return;
        }
        AggregateShapes.WriteMapHeader(ctx, 2);
        ctx.Reply.WriteBulk("matches"u8);
        ctx.Reply.WriteArrayHeader(matches.Count);
        foreach (Match match in matches)
        {
            ctx.Reply.WriteArrayHeader(withMatchLength ? 3 : 2);
            ctx.Reply.WriteArrayHeader(2);
            ctx.Reply.WriteInteger(match.AStart);
            ctx.Reply.WriteInteger(match.AEnd);
            ctx.Reply.WriteArrayHeader(2);
            ctx.Reply.WriteInteger(match.BStart);
            ctx.Reply.WriteInteger(match.BEnd);
            if (withMatchLength)
            {
                ctx.Reply.WriteInteger(match.AEnd - match.AStart + 1);
            }
        }
        ctx.Reply.WriteBulk("len"u8);
        ctx.Reply.WriteInteger(length);
    }

    // LCS(i, j), the length of the LCS of a[..i] and b[..j], at [j + (b.Length + 1) * i].
    private static uint[] BuildTable(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        int width = b.Length + 1;
        var table = new uint[(a.Length + 1) * width];
        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                table[j + (width * i)] = a[i - 1] == b[j - 1]
                    ? table[j - 1 + (width * (i - 1))] + 1
                    : Math.Max(table[j + (width * (i - 1))], table[j - 1 + (width * i)]);
            }
        }
        return table;
    }

    // Walks the table back from its last cell, as lcsCommand's loop does: fills subsequence from its end and
    // returns the ranges it emits (at least minMatchLength long). A match that does not extend the current range
    // backwards closes it, and is itself not the start of a new one: Redis's walk drops it from the ranges.
    private static List<Match> WalkBack(uint[] table, ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, byte[] subsequence, long minMatchLength)
    {
        int width = b.Length + 1;
        var matches = new List<Match>();
        uint unset = (uint)a.Length; // aStart == a.Length: no range is open
        uint aStart = unset, aEnd = 0, bStart = 0, bEnd = 0;
        int index = subsequence.Length;
        int i = a.Length, j = b.Length;
        while (i > 0 && j > 0)
        {
            bool emit = false;
            if (a[i - 1] == b[j - 1])
            {
                subsequence[index - 1] = a[i - 1];
                if (aStart == unset)
                {
                    aStart = aEnd = (uint)(i - 1);
                    bStart = bEnd = (uint)(j - 1);
                }
                else if (aStart == i && bStart == j)
                {
                    aStart--;
                    bStart--;
                }
                else
                {
                    emit = true;
                }
                // A match with the first byte of either string ends the walk: emit what is open.
                emit |= aStart == 0 || bStart == 0;
                index--;
                i--;
                j--;
            }
            else
            {
                if (table[j + (width * (i - 1))] > table[j - 1 + (width * i)])
                {
                    i--;
                }
                else
                {
                    j--;
                }
                emit = aStart != unset;
            }
            if (emit)
            {
                if (minMatchLength == 0 || aEnd - aStart + 1 >= minMatchLength)
                {
                    matches.Add(new Match(aStart, aEnd, bStart, bEnd));
                }
                aStart = unset;
            }
        }
        return matches;
    }

    private readonly record struct Match(uint AStart, uint AEnd, uint BStart, uint BEnd);
}
