namespace Reactor.MiniRedis.Storage;

/// <summary>
/// Redis's glob matching for KEYS, SCAN MATCH, CONFIG GET and PSUBSCRIBE: <c>*</c>, <c>?</c>, <c>[abc]</c>,
/// <c>[^a-z]</c> and <c>\x</c> escapes. A port of stringmatchlen in redis/redis src/util.c, including its
/// nesting limit and the early exit that keeps patterns like <c>*a*a*a*b</c> from going exponential.
/// </summary>
public static class GlobMatcher
{
    /// <summary>True when <paramref name="text"/> matches <paramref name="pattern"/>.</summary>
    public static bool IsMatch(ReadOnlySpan<byte> pattern, ReadOnlySpan<byte> text, bool ignoreCase = false)
    {
        bool skipLongerMatches = false;
        return Match(pattern, text, ignoreCase, ref skipLongerMatches, 0);
    }

    private static bool Match(ReadOnlySpan<byte> pattern, ReadOnlySpan<byte> text, bool nocase, ref bool skipLongerMatches, int nesting)
    {
        if (nesting > 1000)
        {
            return false; // protection against abusive patterns
        }

        int p = 0, s = 0;
        while (p < pattern.Length && s < text.Length)
        {
            switch (pattern[p])
            {
                case (byte)'*':
                    while (p + 1 < pattern.Length && pattern[p + 1] == (byte)'*')
                    {
                        p++;
                    }
                    if (p + 1 == pattern.Length)
                    {
                        return true;
                    }
                    while (s < text.Length)
                    {
                        if (Match(pattern[(p + 1)..], text[s..], nocase, ref skipLongerMatches, nesting + 1))
                        {
                            return true;
                        }
                        if (skipLongerMatches)
                        {
                            return false;
                        }
                        s++;
                    }
                    // No match for the rest of the pattern anywhere in the rest of the text: an earlier '*'
                    // matching more characters cannot help, so stop trying.
                    skipLongerMatches = true;
                    return false;

                case (byte)'?':
                    s++;
                    break;

                case (byte)'[':
                {
                    p++;
                    bool negate = p < pattern.Length && pattern[p] == (byte)'^';
                    if (negate)
                    {
                        p++;
                    }
                    bool match = false;
                    while (true)
                    {
                        if (p >= pattern.Length)
                        {
                            p--; // unterminated class: treat the end as ']'
                            break;
                        }
                        if (pattern[p] == (byte)'\\' && pattern.Length - p >= 2)
                        {
                            p++;
                            if (pattern[p] == text[s])
                            {
                                match = true;
                            }
                        }
                        else if (pattern[p] == (byte)']')
                        {
                            break;
                        }
                        else if (pattern.Length - p >= 3 && pattern[p + 1] == (byte)'-')
                        {
                            int start = pattern[p], end = pattern[p + 2], c = text[s];
                            if (start > end)
                            {
                                (start, end) = (end, start);
                            }
                            if (nocase)
                            {
                                start = Lower(start);
                                end = Lower(end);
                                c = Lower(c);
                            }
                            p += 2;
                            if (c >= start && c <= end)
                            {
                                match = true;
                            }
                        }
                        else if (nocase ? Lower(pattern[p]) == Lower(text[s]) : pattern[p] == text[s])
                        {
                            match = true;
                        }
                        p++;
                    }
                    if (negate)
                    {
                        match = !match;
                    }
                    if (!match)
                    {
                        return false;
                    }
                    s++;
                    break;
                }

                default:
                    if (pattern[p] == (byte)'\\' && pattern.Length - p >= 2)
                    {
                        p++;
                    }
                    if (nocase ? Lower(pattern[p]) != Lower(text[s]) : pattern[p] != text[s])
                    {
                        return false;
                    }
                    s++;
                    break;
            }
            p++;
            if (s == text.Length)
            {
                while (p < pattern.Length && pattern[p] == (byte)'*')
                {
                    p++;
                }
                break;
            }
        }
        return p == pattern.Length && s == text.Length;
    }

    private static int Lower(int c) => c is >= 'A' and <= 'Z' ? c + 32 : c;
}
