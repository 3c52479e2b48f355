using System.Globalization;
using System.Text;
using Reactor.MiniRedis.Engine.Commands;
using Reactor.MiniRedis.Engine.Server;
using Reactor.MiniRedis.Engine.Tests.Support;

namespace Reactor.MiniRedis.Engine.Tests;

/// <summary>
/// Builds hostile argument vectors for a command row: every hostile value in every position at several argument
/// counts, vectors that follow the command's documented grammar (COMMAND DOCS: tokens, optional and repeated
/// arguments) with hostile values in the typed slots and random edits, and random mixes of the command's tokens,
/// hostile values and keys. Keys are the typed keys of <see cref="SeedRequest"/>, so handlers meet every type.
/// </summary>
internal static class HostileArgumentsGenerator
{
    /// <summary>The keys <see cref="SeedRequest"/> creates (and one it never creates).</summary>
    public static readonly string[] Keys =
        ["str", "int", "float", "bits", "vol", "list", "biglist", "hash", "bighash", "set", "intset", "bigset", "zset", "bigzset", "missing"];

    /// <summary>Members and fields the seeded collections hold.</summary>
    private static readonly string[] s_members = ["a", "b", "c", "1", "2", "3", "m10"];

    // Numbers at and past every boundary a handler might convert to: int, uint, long, ulong, double.
    private static readonly string[] s_integers =
    [
        "0", "1", "-1", "2", "-2", "3", "10", "-0", "+1", "01", " 1", "1 ",
        "2147483647", "2147483648", "-2147483648", "-2147483649", "4294967295", "4294967296",
        "9223372036854775807", "-9223372036854775808", "9223372036854775808", "-9223372036854775809",
        "18446744073709551615", "9999999999999999999999", "-9999999999999999999999", new string('9', 400),
        "4611686018427387903", "-4611686018427387904", "1152921504606846976",
    ];

    private static readonly string[] s_doubles =
    [
        "1.5", "-1.5", "0.0", "-0.0", "1e308", "-1e308", "1e309", "-1e309", "1e-400", "4.9e-324", "1.7976931348623157e308",
        "inf", "-inf", "+inf", "Infinity", "-Infinity", "nan", "NaN", "-nan", "0x10", "1,5", "1e", ".", "e", "1.5e+",
        "(1", "(-inf", "(+inf", "(nan", "(", "((1",
    ];

    private static readonly string[] s_strings =
    [
        "", " ", "-", "+", "[", "(", "[a", "(a", "[\u00ff", "-a", "+a", "*", "?", "[^", "[a-", "\\", "[\\", "]", "^",
        "*a*a*a*a*a*a*a*a*a*a*a*a*b", "[[[[[[[[", "\0", "\r\n", "\u00ff\u00fe\0\u0001", "a\0b", "\"", "'", "\"'",
        "é", "\u0080\u0081\u00c0", new string('a', 70_000), new string('*', 3000), "-" + new string('1', 30),
        "default", "NX", "xx", "WITHSCORES", "LIMIT", "COUNT", "0-0", "yes", "no", "1gb", "100mb", "-1kb", "1zb", "5 5",
    ];

    // CONFIG GET/SET parameter names, so CONFIG SET reaches every setter with hostile values ("dir" is left out:
    // it would change the test process's working directory, were it not refused as protected).
    private static readonly string[] s_configNames =
        [.. new ServerConfig().Parameters.Select(p => p.Name).Where(name => name != "dir"), "*", "*max*", "maxmemory*"];

    /// <summary>Every hostile value: numbers, floats and strings (chars are bytes: requests are built in Latin-1).</summary>
    public static readonly string[] Values = [.. s_integers, .. s_doubles, .. s_strings];

    /// <summary>
    /// FLUSHALL, then one key of each type and encoding (small and large collections, an integer-encoded string, a
    /// bitmap, a key with a TTL), pipelined in one read.
    /// </summary>
    public static byte[] SeedRequest()
    {
        string[] many = [.. Enumerable.Range(0, 200).Select(i => "m" + i.ToString(CultureInfo.InvariantCulture))];
        string[][] commands =
        [
            ["FLUSHALL"],
            ["SET", "str", "hello world"],
            ["SET", "int", "12345"],
            ["SET", "float", "3.5"],
            ["SET", "bits", "\u00ff\u00f0\0\u0001"],
            ["SET", "vol", "x", "EX", "1000"],
            ["RPUSH", "list", "a", "b", "c", "1", "2", "3"],
            ["RPUSH", "biglist", .. many],
            ["HSET", "hash", "a", "1", "b", "2", "c", "3.5"],
            ["HSET", "bighash", .. many.SelectMany(m => new[] { m, m })],
            ["SADD", "set", "a", "b", "c"],
            ["SADD", "intset", "1", "2", "3"],
            ["SADD", "bigset", .. many],
            ["ZADD", "zset", "1", "a", "2", "b", "3", "c"],
            ["ZADD", "bigzset", .. many.SelectMany((m, i) => new[] { i.ToString(CultureInfo.InvariantCulture), m })],
        ];
        return [.. commands.SelectMany(Resp.Command)];
    }

    /// <summary>
    /// The vectors for one row, name words first (<c>config get ...</c> for <c>config|get</c>): the systematic part
    /// (each hostile value in every position, with and without real keys in the key positions, at each argument
    /// count around the arity, and a thousand arguments more), then <paramref name="grammarCount"/> grammar vectors and <paramref name="mixCount"/> mixes.
    /// </summary>
    public static IEnumerable<string[]> Vectors(CommandSpec row, Random rng, int grammarCount, int mixCount) =>
        AllVectors(row, rng, grammarCount, mixCount).Where(args => !BuildsAnUnboundedReply(args));

    /// <summary>
    /// SRANDMEMBER, HRANDFIELD and ZRANDMEMBER with a large negative count reply that many (repeated) members: Redis
    /// 7.0.15 itself starts building a reply of 2^63 elements for <c>SRANDMEMBER set -9223372036854775807</c>.
    /// Such requests are legitimate work without bound, not a handler bug, so they are left out (-2^63 and smaller
    /// are still sent: they must be refused as out of range).
    /// </summary>
    private static bool BuildsAnUnboundedReply(string[] args) =>
        args.Length >= 3
        && args[0].ToLowerInvariant() is "srandmember" or "hrandfield" or "zrandmember"
        && long.TryParse(args[2], out long count) && count <= -100_000 && count != long.MinValue;

    private static IEnumerable<string[]> AllVectors(CommandSpec row, Random rng, int grammarCount, int mixCount)
    {
        string[] words = row.Name.Split('|');
        foreach (int free in FreeArgumentCounts(row, words.Length))
        {
            foreach (string value in Values)
            {
                string[] args = [.. words, .. Enumerable.Repeat(value, free)];
                yield return args;
                if (row.FirstKey > 0 && free > 0)
                {
                    yield return WithKeys(row, args, rng);
                }
            }
        }
        if (row.Arity < 0)
        {
            // A thousand more arguments than the minimum: odd pair counts, long key lists, big loops.
            foreach (string value in (string[])["1", "a", "", "-1"])
            {
                string[] args = [.. words, .. Enumerable.Repeat(value, Math.Max(-row.Arity - words.Length, 0) + 1001)];
                yield return args;
                yield return WithKeys(row, args, rng);
            }
        }
        for (int i = 0; i < grammarCount; i++)
        {
            yield return Grammar(row, words, rng);
        }
        for (int i = 0; i < mixCount; i++)
        {
            yield return Mix(row, words, rng);
        }
    }

    /// <summary>A random request for the random command stream: a grammar vector or a mix of a random row.</summary>
    public static string[] RandomRequest(IReadOnlyList<CommandSpec> rows, Random rng, out CommandSpec row)
    {
        while (true)
        {
            row = rows[rng.Next(rows.Count)];
            string[] words = row.Name.Split('|');
            string[] args = rng.Next(3) == 0 ? Mix(row, words, rng) : Grammar(row, words, rng);
            if (!BuildsAnUnboundedReply(args))
            {
                return args;
            }
        }
    }

    // Argument counts after the name words: exactly the arity (and one more), or the minimum and a few more,
    // so pairs come both even and odd.
    private static int[] FreeArgumentCounts(CommandSpec row, int nameWords)
    {
        int minimum = Math.Max(Math.Abs(row.Arity) - nameWords, 0);
        return row.Arity > 0 ? [minimum, minimum + 1] : [minimum, minimum + 1, minimum + 2, minimum + 3, minimum + 6];
    }

    // The key positions of the row (first, last, step) get real keys of random types.
    private static string[] WithKeys(CommandSpec row, string[] args, Random rng)
    {
        string[] copy = [.. args];
        int last = row.LastKey >= 0 ? Math.Min(row.LastKey, copy.Length - 1) : copy.Length + row.LastKey;
        for (int i = row.FirstKey; i <= last && i < copy.Length; i += Math.Max(row.Step, 1))
        {
            copy[i] = Keys[rng.Next(Keys.Length)];
        }
        return copy;
    }

    // Follows the documented grammar, then edits the result: drops, repeats or swaps arguments, or adds junk.
    private static string[] Grammar(CommandSpec row, string[] words, Random rng)
    {
        var args = new List<string>(words);
        foreach (CommandArgument argument in CommandDocs.Find(row.Name)?.Arguments ?? [])
        {
            Emit(argument, args, rng);
        }
        int edits = rng.Next(4) == 0 ? rng.Next(1, 4) : 0;
        for (; edits > 0 && args.Count > words.Length; edits--)
        {
            int at = rng.Next(words.Length, args.Count);
            switch (rng.Next(4))
            {
                case 0:
                    args.RemoveAt(at);
                    break;
                case 1:
                    args.Insert(at, args[at]);
                    break;
                case 2:
                    (args[at], args[^1]) = (args[^1], args[at]);
                    break;
                default:
                    args.Insert(at, Values[rng.Next(Values.Length)]);
                    break;
            }
        }
        return [.. args];
    }

    // One documented argument: skipped sometimes when optional, repeated when multiple, its token (in a random
    // case) before it, and a hostile or ordinary value of its type.
    private static void Emit(CommandArgument argument, List<string> args, Random rng)
    {
        if ((argument.Flags & CommandArgumentFlags.Optional) != 0 && rng.Next(2) == 0)
        {
            return;
        }
        int repeats = (argument.Flags & CommandArgumentFlags.Multiple) != 0 ? rng.Next(1, 5) : 1;
        for (int r = 0; r < repeats; r++)
        {
            if (argument.Token is { } token && (r == 0 || (argument.Flags & CommandArgumentFlags.MultipleToken) != 0))
            {
                args.Add(rng.Next(3) == 0 ? token.ToLowerInvariant() : token);
            }
            switch (argument.Type)
            {
                case "oneof":
                    Emit(argument.Arguments[rng.Next(argument.Arguments.Length)] with { Flags = CommandArgumentFlags.None }, args, rng);
                    break;
                case "block":
                    foreach (CommandArgument inner in argument.Arguments)
                    {
                        Emit(inner, args, rng);
                    }
                    break;
                case "pure-token":
                    break;
                default:
                    args.Add(argument.Name == "parameter" && rng.Next(10) < 7 ? Pick(s_configNames, rng) : Value(argument.Type, rng));
                    break;
            }
        }
    }

    // A value for a documented type: hostile three times in five, otherwise ordinary (a real key, member or number).
    private static string Value(string type, Random rng)
    {
        bool hostile = rng.Next(5) < 3;
        return type switch
        {
            "key" => hostile && rng.Next(3) == 0 ? Pick(s_strings, rng) : Pick(Keys, rng),
            "integer" or "unix-time" => hostile ? Pick(s_integers, rng) : rng.Next(-3, 11).ToString(CultureInfo.InvariantCulture),
            "double" => hostile ? Pick(rng.Next(2) == 0 ? s_doubles : s_integers, rng) : Pick(["1", "2.5", "-1", "0"], rng),
            "pattern" => hostile ? Pick(s_strings, rng) : Pick(["*", "a*", "?", "[ab]*"], rng),
            _ => hostile ? Pick(Values, rng) : Pick(s_members, rng),
        };
    }

    // Random words from the command's own tokens, hostile values, keys and members, in a random order.
    private static string[] Mix(CommandSpec row, string[] words, Random rng)
    {
        string[] tokens = [.. Tokens(CommandDocs.Find(row.Name)?.Arguments ?? [])];
        var args = new List<string>(words);
        for (int n = rng.Next(0, 10); n > 0; n--)
        {
            args.Add(rng.Next(4) switch
            {
                0 when tokens.Length > 0 => Pick(tokens, rng),
                1 => Pick(Keys, rng),
                2 => Pick(s_members, rng),
                _ => Pick(Values, rng),
            });
        }
        return [.. args];
    }

    private static IEnumerable<string> Tokens(IEnumerable<CommandArgument> arguments) =>
        arguments.SelectMany(a => (a.Token is null ? [] : new[] { a.Token }).Concat(Tokens(a.Arguments)));

    private static string Pick(string[] values, Random rng) => values[rng.Next(values.Length)];

    /// <summary>Arguments as readable text for a failure message (long ones shortened, bytes escaped).</summary>
    public static string Describe(string[] args)
    {
        var text = new StringBuilder();
        foreach (string arg in args)
        {
            string shown = arg.Length > 40 ? arg[..20] + $"...({arg.Length} chars)" : arg;
            text.Append('"');
            foreach (char c in shown)
            {
                text.Append(c is >= ' ' and < '\u007f' and not '"' and not '\\' ? c.ToString() : $"\\x{(int)c:x2}");
            }
            text.Append("\" ");
        }
        return text.ToString().TrimEnd();
    }
}
