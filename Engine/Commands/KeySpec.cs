namespace Reactor.MiniRedis.Engine.Commands;

/// <summary>
/// One key spec of a command (<c>keySpec</c> in redis/redis src/server.h, the "key_specs" of src/commands/*.json):
/// where the search for keys begins (an index, or after a keyword), how the keys are found from there (a range, or
/// a count argument), and how the command uses them. Build one with <see cref="Range"/>, <see cref="KeyNum"/>,
/// <see cref="KeywordRange"/> or <see cref="Unknown"/>; add <c>with { Notes = "..." }</c> for Redis's notes.
/// </summary>
public sealed record KeySpec
{
    /// <summary>How the search for keys begins.</summary>
    public enum BeginSearchType { Index, Keyword, Unknown }

    /// <summary>How the keys are found once the search has begun.</summary>
    public enum FindKeysType { Range, KeyNum, Unknown }

    public required KeyFlags Flags { get; init; }
    public string? Notes { get; init; }

    public BeginSearchType BeginSearch { get; init; }
    /// <summary>begin_search index: the argument the search starts at.</summary>
    public int Index { get; init; }
    /// <summary>begin_search keyword: the keys start after this argument (any case).</summary>
    public string Keyword { get; init; } = "";
    /// <summary>begin_search keyword: where the keyword search starts; negative searches backwards from the end.</summary>
    public int StartFrom { get; init; }

    public FindKeysType FindKeys { get; init; }
    /// <summary>find_keys range: the last key relative to the first; negative counts from the end of the arguments.</summary>
    public int LastKey { get; init; }
    /// <summary>find_keys range and keynum: the distance between keys.</summary>
    public int KeyStep { get; init; }
    /// <summary>find_keys range with a negative last key: take only 1/limit of the remaining arguments (0: all).</summary>
    public int Limit { get; init; }
    /// <summary>find_keys keynum: the argument holding the key count, relative to the begin search.</summary>
    public int KeyNumIndex { get; init; }
    /// <summary>find_keys keynum: the first key, relative to the begin search.</summary>
    public int FirstKey { get; init; }

    /// <summary>Keys from argument <paramref name="index"/> to <paramref name="lastKey"/> past it (or counted from the end when negative).</summary>
    public static KeySpec Range(int index, int lastKey, int step, KeyFlags flags) =>
        new() { Flags = flags, Index = index, FindKeys = FindKeysType.Range, LastKey = lastKey, KeyStep = step };

    /// <summary>The one key at argument <paramref name="index"/>.</summary>
    public static KeySpec Single(int index, KeyFlags flags) => Range(index, 0, 1, flags);

    /// <summary>As many keys as argument <paramref name="index"/> + <paramref name="keyNumIndex"/> says, from <paramref name="index"/> + <paramref name="firstKey"/>.</summary>
    public static KeySpec KeyNum(int index, int keyNumIndex, int firstKey, int step, KeyFlags flags) =>
        new() { Flags = flags, Index = index, FindKeys = FindKeysType.KeyNum, KeyNumIndex = keyNumIndex, FirstKey = firstKey, KeyStep = step };

    /// <summary>A range of keys that starts after <paramref name="keyword"/>.</summary>
    public static KeySpec KeywordRange(string keyword, int startFrom, int lastKey, int step, KeyFlags flags) =>
        new()
        {
            Flags = flags, BeginSearch = BeginSearchType.Keyword, Keyword = keyword, StartFrom = startFrom,
            FindKeys = FindKeysType.Range, LastKey = lastKey, KeyStep = step,
        };

    /// <summary>Keys the specs cannot locate (SORT's BY/GET patterns, its STORE anywhere): the getkeys function finds them.</summary>
    public static KeySpec Unknown(KeyFlags flags) =>
        new() { Flags = flags, BeginSearch = BeginSearchType.Unknown, FindKeys = FindKeysType.Unknown };
}
