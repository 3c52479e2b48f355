namespace Reactor.MiniRedis.Storage.Rdb;

/// <summary>One database of an <see cref="RdbSnapshot"/>: parallel arrays of keys, values, expire times and access information.</summary>
public sealed class RdbDatabaseSnapshot
{
    private RdbDatabaseSnapshot(int id, int count, RdbAccessInfo accessKind)
    {
        Id = id;
        AccessKind = accessKind;
        Keys = new byte[count][];
        Values = new RedisObject[count];
        ExpireTimes = new long[count];
        Access = new long[count];
    }

    /// <summary>The database number (SELECTDB).</summary>
    public int Id { get; }

    /// <summary>Keys captured.</summary>
    public int Count => Keys.Length;

    /// <summary>How many of them have an expire time (RESIZEDB's second number).</summary>
    public int ExpiresCount { get; private set; }

    /// <summary>The keys (never modified once stored, so shared with the live keyspace).</summary>
    public byte[][] Keys { get; }

    /// <summary>The values: copies for a background save, the live ones for a synchronous save.</summary>
    public RedisObject[] Values { get; }

    /// <summary>Each key's expire time in Unix milliseconds, or -1.</summary>
    public long[] ExpireTimes { get; }

    /// <summary>What <see cref="Access"/> holds.</summary>
    public RdbAccessInfo AccessKind { get; }

    /// <summary>Each key's idle seconds or LFU counter, as <see cref="AccessKind"/> says; -1 when not saved.</summary>
    public long[] Access { get; }

    internal static RdbDatabaseSnapshot Capture(Database db, RdbAccessInfo access, bool copyValues)
    {
        var snapshot = new RdbDatabaseSnapshot(db.Id, db.Count, access);
        int i = 0;
        foreach (KeyValuePair<byte[], RedisObject> entry in db)
        {
            RedisObject value = entry.Value;
            long when = db.GetExpireTime(entry.Key);
            snapshot.Keys[i] = entry.Key;
            snapshot.Values[i] = copyValues ? RdbSnapshot.Copy(value) : value;
            snapshot.ExpireTimes[i] = when;
            snapshot.Access[i] = access switch
            {
                RdbAccessInfo.IdleTime => db.IdleMilliseconds(value) / 1000,
                RdbAccessInfo.Frequency => db.LfuFrequency(value),
                _ => -1,
            };
            if (when != -1)
            {
                snapshot.ExpiresCount++;
            }
            i++;
        }
        return snapshot;
    }
}
