using System.Text;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Engine.Commands;

/// <summary>
/// Finding the keys of a full command line from the table: key specs first, the command's getkeys function where
/// the specs cannot say (getKeysFromCommandWithSpecs and friends in redis/redis src/db.c). COMMAND GETKEYS and
/// GETKEYSANDFLAGS use it; it is not on the command hot path, so the arguments come as plain byte arrays.
/// </summary>
public static class CommandKeys
{
    /// <summary>
    /// doesCommandHaveKeys: whether the command has a getkeys function or a key spec for real keys (not
    /// <see cref="KeyFlags.NotKey"/>); COMMAND GETKEYS refuses commands without.
    /// </summary>
    public static bool HasKeys(CommandSpec command) =>
        command.GetKeys is not null || command.KeySpecs.Any(s => (s.Flags & KeyFlags.NotKey) == 0);

    /// <summary>
    /// Mirrors getKeysFromCommandWithSpecs in redis/redis src/db.c: the keys of <paramref name="argv"/> (argument 0
    /// is the command name), each with its key-spec flags. Key specs are used when the command has real-key specs
    /// whose flags do not vary; when they fail (a bad key count, an unknown spec) or the flags vary, the command's
    /// getkeys function decides. An empty list means no keys (the caller decides whether that is an error).
    /// </summary>
    public static List<(int Position, KeyFlags Flags)> Find(CommandSpec command, byte[][] argv)
    {
        var keys = new List<(int Position, KeyFlags Flags)>();
        bool hasKeySpec = command.KeySpecs.Any(s => (s.Flags & KeyFlags.NotKey) == 0);
        bool hasVariableFlags = command.KeySpecs.Any(s => (s.Flags & KeyFlags.VariableFlags) != 0);
        if (hasKeySpec && !hasVariableFlags && TryFindUsingKeySpecs(command, argv, keys))
        {
            return keys;
        }
        keys.Clear();
        command.GetKeys?.Invoke(argv, keys);
        return keys;
    }

    /// <summary>
    /// Mirrors getKeysUsingKeySpecs in redis/redis src/db.c (7.0): walks every spec, finds where its keys begin
    /// (an index, or just after a keyword) and which follow (a range, or a count argument). A spec whose keyword
    /// is absent adds nothing; a bad count, out-of-bounds keys, an unknown or incomplete spec make the whole
    /// search fail (false), so the getkeys function gets its turn.
    /// </summary>
    private static bool TryFindUsingKeySpecs(CommandSpec command, byte[][] argv, List<(int Position, KeyFlags Flags)> keys)
    {
        int argc = argv.Length;
        foreach (KeySpec spec in command.KeySpecs)
        {
            if ((spec.Flags & KeyFlags.NotKey) != 0)
            {
                continue;
            }
            int first = 0;
            switch (spec.BeginSearch)
            {
                case KeySpec.BeginSearchType.Index:
                    first = spec.Index;
                    break;
                case KeySpec.BeginSearchType.Keyword:
                    first = FindKeyword(spec, argv);
                    if (first == 0)
                    {
                        continue;
                    }
                    break;
                default:
                    return false;
            }

            int last;
            int step;
            if (spec.FindKeys == KeySpec.FindKeysType.Range)
            {
                step = spec.KeyStep;
                last = spec.LastKey >= 0 ? first + spec.LastKey
                    : spec.Limit == 0 ? argc + spec.LastKey
                    : first + ((argc - first) / spec.Limit + spec.LastKey);
            }
            else if (spec.FindKeys == KeySpec.FindKeysType.KeyNum)
            {
                step = spec.KeyStep;
                // Redis 7.0 checks the count's index alone against argc, not first + index; kept as it is.
                if (spec.KeyNumIndex >= argc || first + spec.KeyNumIndex >= argc
                    || !NumericText.TryParseInt64(argv[first + spec.KeyNumIndex], out long count) || count < 0)
                {
                    return false;
                }
                first += spec.FirstKey;
                last = first + (int)count - 1;
            }
            else
            {
                return false;
            }

            if (last >= argc || last < first || first >= argc)
            {
                return false;
            }
            for (int i = first; i <= last; i += step)
            {
                keys.Add((i, spec.Flags));
            }
            if ((spec.Flags & KeyFlags.Incomplete) != 0)
            {
                return false;
            }
        }
        return true;
    }

    // The begin_search keyword step: the position after the keyword, searching forwards from startfrom up to (not
    // including) the last argument, or backwards from argc + startfrom down to argument 1; 0 when it is absent.
    private static int FindKeyword(KeySpec spec, byte[][] argv)
    {
        int argc = argv.Length;
        int start = spec.StartFrom > 0 ? spec.StartFrom : argc + spec.StartFrom;
        int end = spec.StartFrom > 0 ? argc - 1 : 0;
        byte[] keyword = Encoding.ASCII.GetBytes(spec.Keyword);
        for (int i = start; i != end; i = start <= end ? i + 1 : i - 1)
        {
            if (i >= argc || i < 1)
            {
                break;
            }
            if (Ascii.EqualsIgnoreCase(argv[i], keyword))
            {
                return i + 1;
            }
        }
        return 0;
    }

    /// <summary>
    /// genericGetKeys in redis/redis src/db.c, for the commands with a key count (LMPOP, ZUNION, ZUNIONSTORE...):
    /// <c>count</c> keys from <paramref name="firstKey"/> every <paramref name="step"/>, then the destination at
    /// <paramref name="storeKey"/> (0: none), all without flags. The count is read like C's atoi, so the
    /// function finds keys where the key spec's strict parse failed ("2x"); no keys when the count is out of range.
    /// </summary>
    public static GetKeysProc CountedKeys(int storeKey, int countIndex, int firstKey, int step) => (argv, keys) =>
    {
        int count = unchecked((int)NumericText.Strtoll(argv[countIndex])); // atoi
        if (count < 1 || count > (argv.Length - firstKey) / step)
        {
            return;
        }
        for (int i = 0; i < count; i++)
        {
            keys.Add((firstKey + i * step, KeyFlags.None));
        }
        if (storeKey > 0)
        {
            keys.Add((storeKey, KeyFlags.None));
        }
    };

    /// <summary>
    /// sortGetKeys in redis/redis src/db.c: the sorted key (RO, access) and the key after the last STORE (OW,
    /// update), skipping LIMIT's two and GET's and BY's one argument so that those are never taken for STORE.
    /// </summary>
    public static void SortGetKeys(byte[][] argv, List<(int Position, KeyFlags Flags)> keys)
    {
        keys.Add((1, KeyFlags.RO | KeyFlags.Access));
        int store = 0;
        for (int i = 2; i < argv.Length; i++)
        {
            if (Ascii.EqualsIgnoreCase(argv[i], "limit"u8))
            {
                i += 2;
            }
            else if (Ascii.EqualsIgnoreCase(argv[i], "store"u8) && i + 1 < argv.Length)
            {
                store = i + 1;
            }
            else if (Ascii.EqualsIgnoreCase(argv[i], "get"u8) || Ascii.EqualsIgnoreCase(argv[i], "by"u8))
            {
                i += 1;
            }
        }
        if (store > 0)
        {
            keys.Add((store, KeyFlags.OW | KeyFlags.Update));
        }
    }

    /// <summary>sortROGetKeys in redis/redis src/db.c: SORT_RO reads its one key (RO, access).</summary>
    public static void SortRoGetKeys(byte[][] argv, List<(int Position, KeyFlags Flags)> keys) =>
        keys.Add((1, KeyFlags.RO | KeyFlags.Access));

    /// <summary>setGetKeys in redis/redis src/db.c: SET's key is RW, access, update with GET, else OW, update.</summary>
    public static void SetGetKeys(byte[][] argv, List<(int Position, KeyFlags Flags)> keys)
    {
        for (int i = 3; i < argv.Length; i++)
        {
            if (Ascii.EqualsIgnoreCase(argv[i], "get"u8))
            {
                keys.Add((1, KeyFlags.RW | KeyFlags.Access | KeyFlags.Update));
                return;
            }
        }
        keys.Add((1, KeyFlags.OW | KeyFlags.Update));
    }

    /// <summary>
    /// bitfieldGetKeys in redis/redis src/db.c: BITFIELD's key is RO, access when every operation is a complete
    /// GET or OVERFLOW, else (a SET, an INCRBY, a syntax error) RW, access, update.
    /// </summary>
    public static void BitFieldGetKeys(byte[][] argv, List<(int Position, KeyFlags Flags)> keys)
    {
        bool readOnly = true;
        for (int i = 2; i < argv.Length && readOnly; i++)
        {
            int remaining = argv.Length - i - 1;
            if (Ascii.EqualsIgnoreCase(argv[i], "get"u8) && remaining >= 2)
            {
                i += 2;
            }
            else if (Ascii.EqualsIgnoreCase(argv[i], "overflow"u8) && remaining >= 1)
            {
                i += 1;
            }
            else
            {
                readOnly = false; // SET, INCRBY or a syntax error: assume a write, as Redis does
            }
        }
        keys.Add((1, readOnly ? KeyFlags.RO | KeyFlags.Access : KeyFlags.RW | KeyFlags.Access | KeyFlags.Update));
    }
}
