using Reactor.MiniRedis.Engine.Networking;
using Reactor.MiniRedis.Engine.PubSub;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Engine.Server;

/// <summary>
/// The fan-out point for changes to the keyspace, as in Redis: every command that changes a key calls
/// <see cref="ModifiedKey"/> (signalModifiedKey in redis/redis src/db.c) and <see cref="Notify"/>
/// (notifyKeyspaceEvent in src/notify.c) after the change, and flushes call <see cref="FlushedDb"/>
/// (signalFlushedDb). Each feature that reacts to changes — WATCH, client-side caching invalidation, keyspace
/// notifications — hooks in here, so a command never needs to know which of them are active.
/// </summary>
public sealed class KeyspaceSignals
{
    private readonly RedisServer _server;

    internal KeyspaceSignals(RedisServer server)
    {
        _server = server;
        for (int i = 0; i < server.Keyspace.Count; i++)
        {
            Database db = server.Keyspace[i];
            db.KeyExpired = KeyExpired;
            db.KeyAdded = KeyAdded;
        }
    }

    /// <summary>
    /// signalModifiedKey: <paramref name="key"/> of <paramref name="db"/> was changed by <paramref name="client"/>
    /// (null for the server itself: expiry, eviction). Unless the writer has counted the new value's memory itself
    /// (<paramref name="memoryCounted"/>: SET and INCR through Database.SetString), the value is counted again.
    /// </summary>
    public void ModifiedKey(Connection? client, Database db, ReadOnlySpan<byte> key, bool memoryCounted = false)
    {
        _server.WatchedKeys.Touch(db, key); // touchWatchedKey
        _server.Tracking.InvalidateKey(client, key); // trackingInvalidateKey
        if (!memoryCounted)
        {
            db.UpdateMemory(key); // a value changed in place is counted again for used_memory
        }
    }

    /// <summary>signalFlushedDb: every key of database <paramref name="dbid"/> (-1: of every database) is about to go.</summary>
    public void FlushedDb(int dbid)
    {
        _server.WatchedKeys.FlushedDb(dbid); // touchAllWatchedKeysInDb
        _server.Tracking.InvalidateAll(); // trackingInvalidateKeysOnFlush
    }

    /// <summary>
    /// SWAPDB swapped the contents of databases <paramref name="first"/> and <paramref name="second"/> (dbSwapDatabases:
    /// touchAllWatchedKeysInDb both ways, scanDatabaseForReadyKeys on both). No keyspace event fires.
    /// </summary>
    public void SwappedDb(int first, int second)
    {
        _server.WatchedKeys.SwappedDb(first, second); // touchAllWatchedKeysInDb both ways
        // dbSwapDatabases: clients stay blocked on their database's keys, which may now exist.
        _server.Blocking.ScanDatabaseForReadyKeys(_server.Keyspace[first]);
        _server.Blocking.ScanDatabaseForReadyKeys(_server.Keyspace[second]);
    }

    /// <summary>
    /// notifyKeyspaceEvent: publishes <paramref name="evt"/> on <paramref name="key"/> to the keyspace and keyevent
    /// channels that <c>notify-keyspace-events</c> enables for <paramref name="type"/>.
    /// </summary>
    public void Notify(NotifyFlags type, ReadOnlySpan<byte> evt, ReadOnlySpan<byte> key, int dbid)
    {
        // If notifications for this class of events are off (always, by default), return at once.
        NotifyFlags enabled = _server.Config.NotifyKeyspaceEvents;
        if ((enabled & type) != 0)
        {
            _server.PubSub.PublishKeyspaceEvent(enabled, evt, key, dbid);
        }
    }

    /// <summary>
    /// deleteExpiredKeyAndPropagate's propagation and notifications, for lazy and active expiry alike
    /// (Database.KeyExpired): the DEL, the "expired" event, then signalModifiedKey with no client.
    /// </summary>
    private void KeyExpired(Database db, ReadOnlySpan<byte> key)
    {
        _server.Propagation.PropagateExpired(db, key); // propagateDeletion: DEL (UNLINK with lazyfree-lazy-expire)
        Notify(NotifyFlags.Expired, "expired"u8, key, db.Id);
        ModifiedKey(null, db, key);
    }

    /// <summary>dbAdd's "new" event (Database.KeyAdded): a key that did not exist was created.</summary>
    // dbAdd: a key was created. Clients blocked on it can be served (signalKeyAsReady), and "new" fires.
    private void KeyAdded(Database db, ReadOnlySpan<byte> key)
    {
        _server.Blocking.SignalKeyAsReady(db, key);
        Notify(NotifyFlags.New, "new"u8, key, db.Id);
    }
}
