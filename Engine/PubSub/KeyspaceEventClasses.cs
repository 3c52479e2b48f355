namespace Reactor.MiniRedis.Engine.PubSub;

/// <summary>
/// The <c>notify-keyspace-events</c> setting as text: keyspaceEventsStringToFlags and keyspaceEventsFlagsToString
/// in redis/redis src/notify.c.
/// </summary>
public static class KeyspaceEventClasses
{
    /// <summary>The CONFIG SET error for a character that names no class (Redis 7.0's text).</summary>
    public const string InvalidClassError = "Invalid event class character. Use 'Ag$lshzxeKEtmdn'.";

    /// <summary>
    /// keyspaceEventsStringToFlags: one flag per character (A is every class but m and n); false for a character
    /// that names no class.
    /// </summary>
    public static bool TryParse(string classes, out NotifyFlags flags)
    {
        flags = NotifyFlags.None;
        foreach (char c in classes)
        {
            NotifyFlags flag = c switch
            {
                'A' => NotifyFlags.All,
                'g' => NotifyFlags.Generic,
                '$' => NotifyFlags.String,
                'l' => NotifyFlags.List,
                's' => NotifyFlags.Set,
                'h' => NotifyFlags.Hash,
                'z' => NotifyFlags.Zset,
                'x' => NotifyFlags.Expired,
                'e' => NotifyFlags.Evicted,
                'K' => NotifyFlags.Keyspace,
                'E' => NotifyFlags.Keyevent,
                't' => NotifyFlags.Stream,
                'm' => NotifyFlags.KeyMiss,
                'd' => NotifyFlags.Module,
                'n' => NotifyFlags.New,
                _ => NotifyFlags.None,
            };
            if (flag == NotifyFlags.None)
            {
                flags = NotifyFlags.None;
                return false;
            }
            flags |= flag;
        }
        return true;
    }

    /// <summary>
    /// keyspaceEventsFlagsToString: "A" when every class of A is on, else the class letters in Redis's order,
    /// then K, E and m. As in Redis 7.0, n is written only in the letter list, so "AKEn" reads back as "AKE".
    /// </summary>
    public static string Format(NotifyFlags flags)
    {
        Span<char> text = stackalloc char[16];
        int n = 0;
        if ((flags & NotifyFlags.All) == NotifyFlags.All)
        {
            text[n++] = 'A';
        }
        else
        {
            ReadOnlySpan<(NotifyFlags Flag, char Letter)> classes =
            [
                (NotifyFlags.Generic, 'g'), (NotifyFlags.String, '$'), (NotifyFlags.List, 'l'), (NotifyFlags.Set, 's'),
                (NotifyFlags.Hash, 'h'), (NotifyFlags.Zset, 'z'), (NotifyFlags.Expired, 'x'), (NotifyFlags.Evicted, 'e'),
                (NotifyFlags.Stream, 't'), (NotifyFlags.Module, 'd'), (NotifyFlags.New, 'n'),
            ];
            foreach ((NotifyFlags flag, char letter) in classes)
            {
                if ((flags & flag) != 0)
                {
                    text[n++] = letter;
                }
            }
        }
        if ((flags & NotifyFlags.Keyspace) != 0)
        {
            text[n++] = 'K';
        }
        if ((flags & NotifyFlags.Keyevent) != 0)
        {
            text[n++] = 'E';
        }
        if ((flags & NotifyFlags.KeyMiss) != 0)
        {
            text[n++] = 'm';
        }
        return new string(text[..n]);
    }
}
