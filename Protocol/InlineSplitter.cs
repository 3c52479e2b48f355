using System.Buffers;

namespace Reactor.MiniRedis.Protocol;

/// <summary>
/// Splits an inline request line into arguments with the quoting rules of sdssplitargs in redis/redis src/sds.c:
/// blanks separate arguments; "double quotes" understand \n \r \t \b \a \xHH and \c; 'single quotes' understand \';
/// a closing quote must be followed by a blank or the end of the line.
/// </summary>
public static class InlineSplitter
{
    /// <summary>The bytes that end an unquoted argument (a blank sdssplitargs checks there, or NUL) or open a quote.</summary>
    private static readonly SearchValues<byte> s_plainStops = SearchValues.Create(" \n\r\t\0\"'"u8);

    /// <summary>
    /// Splits <paramref name="line"/> (without its line ending) in place: unescaped bytes are written over the
    /// quoted text, which never grows, and each argument is a slice of <paramref name="line"/>.
    /// Returns false for unbalanced quotes.
    /// </summary>
    public static bool TrySplit(Span<byte> line, ref ArgSlice[] args, out int count)
    {
        count = 0;
        int p = 0;
        while (true)
        {
            while (p < line.Length && IsSpace(line[p]))
            {
                p++;
            }
            if (p == line.Length)
            {
                return true;
            }

            int start = p;   // the argument is written from here
            int w = p;       // write cursor, never ahead of the read cursor p
            bool inDouble = false, inSingle = false, done = false;
            while (!done)
            {
                if (inDouble)
                {
                    if (p == line.Length)
                    {
                        return false; // unterminated quotes
                    }
                    byte c = line[p];
                    if (c == (byte)'\\' && p + 3 < line.Length && line[p + 1] == (byte)'x' && IsHex(line[p + 2]) && IsHex(line[p + 3]))
                    {
                        line[w++] = (byte)((HexValue(line[p + 2]) << 4) | HexValue(line[p + 3]));
                        p += 4;
                    }
                    else if (c == (byte)'\\' && p + 1 < line.Length)
                    {
                        line[w++] = line[p + 1] switch
                        {
                            (byte)'n' => (byte)'\n',
                            (byte)'r' => (byte)'\r',
                            (byte)'t' => (byte)'\t',
                            (byte)'b' => (byte)'\b',
                            (byte)'a' => (byte)'\a',
                            var other => other,
                        };
                        p += 2;
                    }
                    else if (c == (byte)'"')
                    {
                        if (p + 1 < line.Length && !IsSpace(line[p + 1]))
                        {
                            return false; // closing quote must be followed by a space or nothing at all
                        }
                        p++;
                        done = true;
                    }
                    else
                    {
                        line[w++] = c;
                        p++;
                    }
                }
                else if (inSingle)
                {
                    if (p == line.Length)
                    {
                        return false;
                    }
                    byte c = line[p];
                    if (c == (byte)'\\' && p + 1 < line.Length && line[p + 1] == (byte)'\'')
                    {
                        line[w++] = (byte)'\'';
                        p += 2;
                    }
                    else if (c == (byte)'\'')
                    {
                        if (p + 1 < line.Length && !IsSpace(line[p + 1]))
                        {
                            return false;
                        }
                        p++;
                        done = true;
                    }
                    else
                    {
                        line[w++] = c;
                        p++;
                    }
                }
                else if (p == line.Length)
                {
                    done = true;
                }
                else
                {
                    if (w == p)
                    {
                        // Nothing unescaped yet in this argument, so plain bytes stay where they are: skip to the
                        // next byte that ends the argument or opens a quote with one vectorized search.
                        int run = line[p..].IndexOfAny(s_plainStops);
                        p = w = run < 0 ? line.Length : p + run;
                        if (p == line.Length)
                        {
                            done = true;
                            continue;
                        }
                    }
                    byte c = line[p];
                    switch (c)
                    {
                        case (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t' or 0:
                            done = true;
                            break;
                        case (byte)'"':
                            inDouble = true;
                            break;
                        case (byte)'\'':
                            inSingle = true;
                            break;
                        default:
                            line[w++] = c;
                            break;
                    }
                    p++;
                }
            }

            if (count == args.Length)
            {
                Array.Resize(ref args, args.Length * 2);
            }
            args[count++] = new ArgSlice(start, w - start);
        }
    }

    // isspace() in the C locale.
    private static bool IsSpace(byte c) => c is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\v' or (byte)'\f' or (byte)'\r';

    private static bool IsHex(byte c) => char.IsAsciiHexDigit((char)c);

    private static int HexValue(byte c) => c <= (byte)'9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
