namespace Reactor.MiniRedis.Engine.Security;

/// <summary>
/// The ACL security log, newest first (ACLLog in redis/redis src/acl.c): denied commands, keys and channels, and
/// failed authentications, kept to <see cref="MaxLength"/> entries (<c>acllog-max-len</c>).
/// </summary>
public sealed class AclLog
{
    /// <summary>ACL_LOG_GROUPING_MAX_TIME_DELTA: entries further apart than this are never merged.</summary>
    private const long GroupingMilliseconds = 60000;

    /// <summary>How many of the newest entries a new one is compared with before it is added as new.</summary>
    private const int EntriesScanned = 10;

    private readonly List<AclLogEntry> _entries = [];

    /// <summary><c>acllog-max-len</c>: the most entries kept.</summary>
    public long MaxLength { get; set; } = 128;

    /// <summary>The entries, newest first.</summary>
    public IReadOnlyList<AclLogEntry> Entries => _entries;

    /// <summary>ACL LOG RESET.</summary>
    public void Clear() => _entries.Clear();

    /// <summary>
    /// Mirrors addACLLogEntry in redis/redis src/acl.c: when one of the ten newest entries has the same reason,
    /// context, object and user and is at most a minute away, it moves to the front with its count bumped and the
    /// new time and client line; otherwise the entry is added at the front and the oldest ones beyond the
    /// maximum length are dropped.
    /// </summary>
    public void Add(AclLogEntry entry, long nowMilliseconds, string clientInfo)
    {
        entry.TimeMilliseconds = nowMilliseconds;
        entry.ClientInfo = clientInfo;
        for (int i = 0; i < Math.Min(EntriesScanned, _entries.Count); i++)
        {
            AclLogEntry current = _entries[i];
            if (current.Reason == entry.Reason && current.Context == entry.Context
                && Math.Abs(current.TimeMilliseconds - nowMilliseconds) <= GroupingMilliseconds
                && current.Object.AsSpan().SequenceEqual(entry.Object) && current.Username == entry.Username)
            {
                _entries.RemoveAt(i);
                _entries.Insert(0, current);
                current.Count++;
                current.TimeMilliseconds = nowMilliseconds;
                current.ClientInfo = clientInfo;
                return;
            }
        }
        _entries.Insert(0, entry);
        while (_entries.Count > MaxLength)
        {
            _entries.RemoveAt(_entries.Count - 1);
        }
    }
}
