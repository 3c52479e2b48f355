namespace Reactor.MiniRedis.Storage.Rdb;

/// <summary>
/// The keyspace as an RDB save writes it: per database, every key with its value, expire time and access
/// information, as it was at one instant. A synchronous SAVE captures references at once (<see cref="Capture"/>:
/// nothing runs while it writes). A background save streams its databases from an
/// <see cref="IncrementalSnapshot"/>, which captures copies a slice at a time while the loop keeps serving.
/// </summary>
public sealed class RdbSnapshot
{
    internal RdbSnapshot(RdbDatabaseSnapshot[] databases)
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
    /// Captures <paramref name="keyspace"/> in one pass. With <paramref name="copyValues"/> every value is deep-copied
    /// (a stop-the-world copy; BGSAVE uses <see cref="IncrementalSnapshot"/> instead); otherwise
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
}
