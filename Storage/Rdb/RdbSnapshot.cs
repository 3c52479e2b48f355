namespace Reactor.MiniRedis.Storage.Rdb;

/// <summary>
/// The keyspace as an RDB save writes it: per database, every key with its value, expire time and access
/// information, captured at one instant on the loop thread. A synchronous SAVE captures references (nothing runs
/// while it writes). A background save captures deep copies of the values, so the writer thread reads only data
/// nobody else can reach: the loop goes on changing the live values while the copy is written, and the file is
/// the keyspace exactly as it was when BGSAVE was called, the guarantee fork() gives Redis.
/// </summary>
/// <remarks>
/// Copying costs the loop one pass over the dataset: the pause a fork costs Redis, but proportional to the data
/// rather than to its page tables (the engine reports it as INFO's latest_fork_usec).
/// </remarks>
public sealed class RdbSnapshot
{
    private RdbSnapshot(RdbDatabaseSnapshot[] databases)
    {
        Databases = databases;
        foreach (RdbDatabaseSnapshot db in databases)
        {
            TotalKeys += db.Count;
        }
    }

    /// <summary>The non-empty databases, in number order.</summary>
    public IReadOnlyList<RdbDatabaseSnapshot> Databases { get; }

    /// <summary>Keys in all databases (current_save_keys_total).</summary>
    public long TotalKeys { get; }

    /// <summary>
    /// Captures <paramref name="keyspace"/>. With <paramref name="copyValues"/> every value is deep-copied; otherwise
    /// the snapshot shares the live values and must be written before the keyspace changes. <paramref name="access"/>
    /// says which access information rdbSaveKeyValuePair stores with each key.
    /// </summary>
    public static RdbSnapshot Capture(Keyspace keyspace, RdbAccessInfo access, bool copyValues)
    {
        var databases = new List<RdbDatabaseSnapshot>();
        for (int i = 0; i < keyspace.Count; i++)
        {
            Database db = keyspace[i];
            if (db.Count > 0)
            {
                databases.Add(RdbDatabaseSnapshot.Capture(db, access, copyValues));
            }
        }
        return new RdbSnapshot([.. databases]);
    }

    /// <summary>A deep copy of <paramref name="value"/> keeping its encoding (the value types' Clone).</summary>
    public static RedisObject Copy(RedisObject value) => value switch
    {
        RedisString s => s.Clone(),
        RedisList l => l.Clone(),
        RedisSet s => s.Clone(),
        RedisSortedSet z => z.Clone(),
        RedisHash h => h.Clone(),
        _ => throw new ArgumentException($"Cannot copy a {value.GetType().Name}.", nameof(value)),
    };
}
