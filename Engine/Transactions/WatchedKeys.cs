using Reactor.MiniRedis.Engine.Networking;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Engine.Transactions;

/// <summary>
/// The WATCH registry of redis/redis src/multi.c: per database, a map from each watched key to the watchers of it
/// (db->watched_keys), so a change to a key finds the clients to mark dirty (CLIENT_DIRTY_CAS) without a search;
/// each client keeps its own list (<see cref="MultiState.WatchedKeys"/>) to unwatch everything at once. The keyspace
/// signals call <see cref="Touch"/>, <see cref="FlushedDb"/> and <see cref="SwappedDb"/>; each returns at once when
/// nothing is watched. Loop thread only.
/// </summary>
internal sealed class WatchedKeys
{
    private readonly Keyspace _keyspace;
    private readonly Dictionary<byte[], List<WatchedKey>>?[] _byDb; // db->watched_keys, by database number
    private int _count; // keys watched over all databases: zero makes every signal free

    public WatchedKeys(Keyspace keyspace)
    {
        _keyspace = keyspace;
        _byDb = new Dictionary<byte[], List<WatchedKey>>?[keyspace.Count];
    }

    /// <summary>Distinct (database, key) pairs watched by at least one client.</summary>
    public int Count => _count;

    /*
     * watchForKey: adds key of the client's selected database to what the client watches, once. A key that has
     * expired but is still stored is watched as expired (watchedKey.expired): its later deletion is no change.
     */
    public void Watch(Connection client, MultiState state, ReadOnlySpan<byte> key)
    {
        Database db = client.Db;
        foreach (WatchedKey watched in state.WatchedKeys)
        {
            if (watched.Db == db && key.SequenceEqual(watched.Key))
            {
                return;
            }
        }
        Dictionary<byte[], List<WatchedKey>> keys = _byDb[db.Id] ??= new Dictionary<byte[], List<WatchedKey>>(KeyComparer.Instance);
        var lookup = keys.GetAlternateLookup<ReadOnlySpan<byte>>();
        if (!lookup.TryGetValue(key, out byte[]? storedKey, out List<WatchedKey>? watchers))
        {
            storedKey = key.ToArray();
            watchers = [];
            keys.Add(storedKey, watchers);
            _count++;
        }
        var entry = new WatchedKey(storedKey, db, client) { Expired = db.IsKeyExpired(key) };
        state.WatchedKeys.Add(entry);
        watchers.Add(entry);
    }

    /// <summary>unwatchAllKeys: the client stops watching every key. Clearing CLIENT_DIRTY_CAS is up to the caller.</summary>
    public void UnwatchAll(MultiState state)
    {
        foreach (WatchedKey watched in state.WatchedKeys)
        {
            Dictionary<byte[], List<WatchedKey>> keys = _byDb[watched.Db.Id]!;
            List<WatchedKey> watchers = keys[watched.Key];
            watchers.Remove(watched);
            if (watchers.Count == 0)
            {
                keys.Remove(watched.Key);
                _count--;
            }
        }
        state.WatchedKeys.Clear();
    }

    /// <summary>
    /// isWatchedKeyExpired: true when a key the client watches has expired since it was watched (and nobody deleted
    /// it yet, which would have touched it). EXEC fails then, as if the key had been changed.
    /// </summary>
    public static bool IsWatchedKeyExpired(MultiState state)
    {
        foreach (WatchedKey watched in state.WatchedKeys)
        {
            if (!watched.Expired && watched.Db.IsKeyExpired(watched.Key))
            {
                return true;
            }
        }
        return false;
    }

    /*
     * touchWatchedKey (signalModifiedKey): key of db changed, so every client watching it gets CLIENT_DIRTY_CAS and
     * stops watching anything (nothing can undo the failure, so there is no point in more bookkeeping). A key that
     * was watched already expired and is now deleted is no change: the watch stays, no longer marked expired.
     * Expiry signals the key just before removing it (Database.KeyExpired), so "deleted" here is "not stored, or
     * stored but expired". (Redis 7.0 leaves the loop when such a key is found alive, skipping later watchers; it
     * cannot happen on a master, where every write deletes an expired key first, and here the watcher is marked.)
     */
    public void Touch(Database db, ReadOnlySpan<byte> key)
    {
        if (_count == 0 || _byDb[db.Id] is not { Count: > 0 } keys
            || !keys.GetAlternateLookup<ReadOnlySpan<byte>>().TryGetValue(key, out List<WatchedKey>? watchers))
        {
            return;
        }
        int i = 0;
        while (i < watchers.Count)
        {
            WatchedKey watched = watchers[i];
            if (watched.Expired && (!db.IsStored(key) || db.IsKeyExpired(key)))
            {
                watched.Expired = false;
                i++;
                continue;
            }
            MarkDirty(watched.Client); // removes this entry from watchers (and maybe the list from the map)
        }
    }

    /// <summary>
    /// signalFlushedDb's touchAllWatchedKeysInDb: database <paramref name="dbid"/> (-1: every database) is about to be
    /// emptied, so watchers of keys that exist in it now are marked dirty.
    /// </summary>
    public void FlushedDb(int dbid)
    {
        if (_count == 0)
        {
            return;
        }
        int first = dbid == -1 ? 0 : dbid, last = dbid == -1 ? _keyspace.Count - 1 : dbid;
        for (int j = first; j <= last; j++)
        {
            TouchAllInDb(j, _keyspace[j], null);
        }
    }

    /// <summary>
    /// dbSwapDatabases's touchAllWatchedKeysInDb both ways, called once SWAPDB has exchanged the contents of
    /// <paramref name="first"/> and <paramref name="second"/>: each number's watchers compare what the number held
    /// before (now in the other database) with what it holds now.
    /// </summary>
    public void SwappedDb(int first, int second)
    {
        if (_count == 0)
        {
            return;
        }
        TouchAllInDb(first, _keyspace[second], _keyspace[first]);
        TouchAllInDb(second, _keyspace[first], _keyspace[second]);
    }

    /*
     * touchAllWatchedKeysInDb: the watchers of database number dbid, whose contents were `emptied` and are now
     * `replacedWith` (null for a flush), are marked dirty for every watched key that exists in either. Keys
     * watched already expired are the exception: their deletion is no change, and they stay unchanged while the
     * replacement holds an expired key too; a missing key replaced by an expired one becomes watched-as-expired.
     */
    private void TouchAllInDb(int dbid, Database emptied, Database? replacedWith)
    {
        if (_byDb[dbid] is not { Count: > 0 } keys)
        {
            return;
        }
        // Marking a client dirty unwatches it, changing the map: walk a snapshot (dictGetSafeIterator).
        foreach (byte[] key in keys.Keys.ToArray())
        {
            bool existsInEmptied = emptied.IsStored(key);
            bool existsInReplacement = replacedWith is not null && replacedWith.IsStored(key);
            if (!existsInEmptied && !existsInReplacement || !keys.TryGetValue(key, out List<WatchedKey>? watchers))
            {
                continue;
            }
            int i = 0;
            while (i < watchers.Count)
            {
                WatchedKey watched = watchers[i];
                if (watched.Expired)
                {
                    if (!existsInReplacement)
                    {
                        watched.Expired = false; // the expired key is deleted: no logical change
                        i++;
                        continue;
                    }
                    if (replacedWith!.IsKeyExpired(key))
                    {
                        i++; // still an expired key
                        continue;
                    }
                }
                else if (!existsInEmptied && replacedWith!.IsKeyExpired(key))
                {
                    watched.Expired = true; // a missing key replaced by an expired one
                    i++;
                    continue;
                }
                MarkDirty(watched.Client);
            }
        }
    }

    // CLIENT_DIRTY_CAS, then unwatchAllKeys: the next EXEC fails whatever else changes.
    private void MarkDirty(Connection client)
    {
        client.Flags |= ClientFlags.DirtyCas;
        UnwatchAll(client.Transaction!);
    }
}
