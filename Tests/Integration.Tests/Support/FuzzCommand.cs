using System.Text;

namespace Reactor.MiniRedis.Integration.Tests.Support;

/// <summary>
/// One command of a differential fuzz run: its arguments (Latin-1 text, one char per byte) and how its replies are
/// compared: a mode of <see cref="ConformanceScript.Agree"/> (<c>' '</c> exact, <c>~</c> shape, <c>^</c> any
/// order), <see cref="Ttl"/>, <see cref="Lex"/> or <see cref="NumericSort"/>.
/// </summary>
public sealed record FuzzCommand(char Mode, string[] Args)
{
    /// <summary>Exact, but every positive integer counts as the same (TTL, PTTL, EXPIRETIME: they depend on the clock).</summary>
    public const char Ttl = 't';

    /// <summary>
    /// Exact, unless the command is a lex range over a skiplist-encoded sorted set whose scores differ: Redis leaves
    /// that unspecified, and its answer then depends on the skiplist's random levels.
    /// </summary>
    public const char Lex = 'L';

    /// <summary>
    /// Exact, unless redis refuses a numeric SORT that we ran: Redis 7.0 reads a stale errno there (see
    /// DifferentialFuzzTests.IsStaleErrnoSort).
    /// </summary>
    public const char NumericSort = 'S';

    /// <summary>The command in the syntax of Conformance/commands.txt, mode first, so a failing step can be pasted there.</summary>
    public override string ToString()
    {
        var line = new StringBuilder();
        foreach (string arg in Args)
        {
            line.Append(line.Length == 0 ? (Mode == ' ' ? "" : Mode.ToString()) : " ");
            AppendArgument(line, arg);
        }
        return line.ToString();
    }

    // Quotes an argument that is empty or holds a space, a quote, a backslash or a non-printable byte.
    private static void AppendArgument(StringBuilder line, string arg)
    {
        if (arg.Length > 0 && arg.All(c => c > ' ' && c < 127 && c != '"' && c != '\\'))
        {
            line.Append(arg);
            return;
        }
        line.Append('"');
        foreach (char c in arg)
        {
            line.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\r' => "\\r",
                '\n' => "\\n",
                < ' ' or >= (char)127 => $"\\x{(int)c:x2}",
                _ => c.ToString(),
            });
        }
        line.Append('"');
    }
}
