using System.Runtime.InteropServices;

namespace Reactor.MiniRedis.Storage;

/// <summary>
/// One numbered database: the main dictionary of keys to values and, beside it, the expires dictionary of keys to
/// absolute Unix times in milliseconds, as in redisDb (redis/redis src/server.h). Keys are byte arrays compared by
/// content and are found straight from request bytes through the span alternate lookup.
/// </summary>
/// <remarks>
/// Expired keys are never visible: every lookup first runs <see cref="ExpireIfNeeded"/> (Redis's lazy expiry,
/// src/db.c). Owned by the event-loop thread; no locks.
/// </remarks>
public sealed class Database
{
    private readonly Dictionary<byte[], RedisObject> _dict = new(KeyComparer.Instance);
    private readonly Dictionary<byte[], RedisObject>.AlternateLookup<ReadOnlySpan<byte>> _keys;
    private readonly Dictionary<byte[], long> _expires = new(KeyComparer.Instance);
    private readonly Dictionary<byte[], long>.AlternateLookup<ReadOnlySpan<byte>> _expireKeys;
    private readonly TimeProvider _time;

    /// <summary>Creates database number <paramref name="id"/>, reading time from <paramref name="time"/>.</summary>
    public Database(int id, TimeProvider time, EncodingLimits? encodingLimits = null)
    {
        Id = id;
        EncodingLimits = encodingLimits ?? new EncodingLimits();
        _time = time;
        _keys = _dict.GetAlternateLookup<ReadOnlySpan<byte>>();
        _expireKeys = _expires.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    /// <summary>The server's encoding thresholds, handed to collections created in this database.</summary>
    public EncodingLimits EncodingLimits { get; }

    /// <summary>The database number (SELECT index).</summary>
    public int Id { get; }

    /// <summary>Keys stored, including expired ones not yet reclaimed (DBSIZE, like Redis).</summary>
    public int Count => _dict.Count;

    /// <summary>Keys with a time to live.</summary>
    public int ExpiresCount => _expires.Count;

    /// <summary>Keys removed because their time to live had passed (INFO expired_keys).</summary>
    public long ExpiredKeys { get; private set; }

    /// <summary>The clock's current Unix time in milliseconds.</summary>
    public long NowMilliseconds => _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Called with the key just before an expired key is removed, so the engine can propagate or notify.</summary>
    public Action<Database, byte[]>? KeyExpired { get; set; }

    /// <summary>Finds the value of <paramref name="key"/>, or null when it is missing or expired.</summary>
    public RedisObject? Lookup(ReadOnlySpan<byte> key)
    {
        if (_expires.Count != 0 && ExpireIfNeeded(key))
        {
            return null;
        }
        return _keys.TryGetValue(key, out RedisObject? value) ? value : null;
    }

    /// <summary>Finds the value of <paramref name="key"/> and checks that it is a <typeparamref name="T"/>.</summary>
    public LookupStatus Lookup<T>(ReadOnlySpan<byte> key, out T? value) where T : RedisObject
    {
        RedisObject? found = Lookup(key);
        if (found is null)
        {
            value = null;
            return LookupStatus.NotFound;
        }
        value = found as T;
        return value is null ? LookupStatus.WrongType : LookupStatus.Found;
    }

    /// <summary>True when <paramref name="key"/> exists and has not expired.</summary>
    public bool Exists(ReadOnlySpan<byte> key) => Lookup(key) is not null;

    /// <summary>
    /// setKey: stores <paramref name="value"/> under <paramref name="key"/>, replacing any value. The time to live
    /// is removed unless <paramref name="keepTtl"/>. The key's bytes are copied only if the key is new.
    /// </summary>
    public void Set(ReadOnlySpan<byte> key, RedisObject value, bool keepTtl = false)
    {
        ref RedisObject? slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_keys, key, out bool exists);
        slot = value;
        if (exists && !keepTtl && _expires.Count != 0)
        {
            _expireKeys.Remove(key);
        }
    }

    /// <summary>
    /// Returns a reference to the value slot of <paramref name="key"/>, adding an empty slot when the key is new
    /// (<paramref name="exists"/> false). Used by writes that update a value in place. The caller must fill a new
    /// slot before anything else touches the database, and must have expired the key first (see <see cref="Lookup"/>).
    /// </summary>
    public ref RedisObject? GetValueRefOrAddDefault(ReadOnlySpan<byte> key, out bool exists) =>
        ref CollectionsMarshal.GetValueRefOrAddDefault(_keys, key, out exists)!;

    /// <summary>dbAdd: stores <paramref name="value"/> only if <paramref name="key"/> is absent (or expired). Returns whether it was added.</summary>
    public bool Add(ReadOnlySpan<byte> key, RedisObject value)
    {
        if (_expires.Count != 0)
        {
            ExpireIfNeeded(key);
        }
        return _keys.TryAdd(key, value);
    }

    /// <summary>Removes <paramref name="key"/> and its time to live. Returns false when it did not exist (or had expired).</summary>
    public bool Delete(ReadOnlySpan<byte> key)
    {
        if (_expires.Count != 0)
        {
            if (ExpireIfNeeded(key))
            {
                return false;
            }
            _expireKeys.Remove(key);
        }
        return _keys.Remove(key);
    }

    /// <summary>Removes <paramref name="key"/>, handing back the removed value; false when absent or expired.</summary>
    public bool Remove(ReadOnlySpan<byte> key, out byte[] storedKey, out RedisObject? value)
    {
        if (_expires.Count != 0)
        {
            if (ExpireIfNeeded(key))
            {
                storedKey = [];
                value = null;
                return false;
            }
            _expireKeys.Remove(key);
        }
        return _keys.Remove(key, out storedKey!, out value);
    }

    /// <summary>
    /// RENAME's move (renameGenericCommand in redis/redis src/db.c): gives <paramref name="destination"/> the value
    /// and the time to live of <paramref name="source"/>, replacing whatever the destination held (its own time to
    /// live goes with it), and removes the source. The value object moves; nothing is copied but the new key's
    /// bytes. Returns false, changing nothing, when the source is missing or expired; renaming a key onto itself
    /// changes nothing and returns true.
    /// </summary>
    public bool Rename(ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination)
    {
        if (Lookup(source) is null)
        {
            return false;
        }
        if (source.SequenceEqual(destination))
        {
            return true;
        }
        long when = GetExpireTime(source);
        Remove(source, out _, out RedisObject? value);
        Lookup(destination); // reclaims an expired destination first, as lookupKeyWrite does
        Set(destination, value!);
        if (when != -1)
        {
            SetExpireTime(destination, when);
        }
        return true;
    }

    /// <summary>The absolute expire time of <paramref name="key"/> in Unix milliseconds, or -1 when it has none.</summary>
    public long GetExpireTime(ReadOnlySpan<byte> key) =>
        _expires.Count != 0 && _expireKeys.TryGetValue(key, out long when) ? when : -1;

    /// <summary>
    /// setExpire: gives the existing <paramref name="key"/> an absolute expire time. Returns false when the key
    /// does not exist. A time in the past is stored as is; the caller deletes the key instead when Redis would.
    /// </summary>
    public bool SetExpireTime(ReadOnlySpan<byte> key, long unixTimeMilliseconds)
    {
        if (!_keys.TryGetValue(key, out byte[]? storedKey, out _))
        {
            return false;
        }
        // The expires dictionary shares the main dictionary's key array, as Redis shares the sds.
        _expires[storedKey] = unixTimeMilliseconds;
        return true;
    }

    /// <summary>Removes the time to live of <paramref name="key"/>. Returns false when it had none.</summary>
    public bool RemoveExpire(ReadOnlySpan<byte> key) => _expires.Count != 0 && _expireKeys.Remove(key);

    /// <summary>
    /// expireIfNeeded: deletes <paramref name="key"/> when its time to live has passed. Returns true when the key
    /// is (now) expired and gone.
    /// </summary>
    public bool ExpireIfNeeded(ReadOnlySpan<byte> key)
    {
        if (!_expireKeys.TryGetValue(key, out byte[]? storedKey, out long when) || when > NowMilliseconds)
        {
            return false;
        }
        KeyExpired?.Invoke(this, storedKey);
        _expireKeys.Remove(key);
        _keys.Remove(key);
        ExpiredKeys++;
        return true;
    }

    /// <summary>Removes every key (FLUSHDB).</summary>
    public void Clear()
    {
        _dict.Clear();
        _expires.Clear();
        _dict.TrimExcess();
        _expires.TrimExcess();
    }

    /// <summary>
    /// A random live key, or null when the database is empty. Expired keys met on the way are reclaimed, as
    /// Redis's dbRandomKey does.
    /// </summary>
    public byte[]? RandomKey()
    {
        // Bounded retries: if every key is expired, each attempt removes one.
        while (_dict.Count > 0)
        {
            byte[] key = _dict.Keys.ElementAt(Random.Shared.Next(_dict.Count));
            if (_expires.Count == 0 || !ExpireIfNeeded(key))
            {
                return key;
            }
        }
        return null;
    }

    /// <summary>Every live key matching the glob <paramref name="pattern"/> (KEYS). Expired keys are skipped.</summary>
    public List<byte[]> Keys(ReadOnlySpan<byte> pattern)
    {
        bool all = pattern.Length == 1 && pattern[0] == (byte)'*';
        long now = NowMilliseconds;
        var result = new List<byte[]>();
        foreach (byte[] key in _dict.Keys)
        {
            if (_expires.Count != 0 && _expires.TryGetValue(key, out long when) && when <= now)
            {
                continue;
            }
            if (all || GlobMatcher.IsMatch(pattern, key))
            {
                result.Add(key);
            }
        }
        return result;
    }

    /// <summary>The sum of the remaining times to live of volatile keys, for INFO's avg_ttl.</summary>
    public long AverageTtl()
    {
        if (_expires.Count == 0)
        {
            return 0;
        }
        long now = NowMilliseconds, total = 0;
        foreach (long when in _expires.Values)
        {
            total += Math.Max(0, when - now);
        }
        return total / _expires.Count;
    }
}
