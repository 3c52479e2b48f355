using Reactor.MiniRedis.Engine.Networking;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Engine.Transactions;

/// <summary>
/// One key a client WATCHes (watchedKey in redis/redis src/multi.c): the same object sits in the client's list and
/// in the list of watchers of the key in its database, so either side can find the other.
/// </summary>
internal sealed class WatchedKey(byte[] key, Database db, Connection client)
{
    public byte[] Key { get; } = key;

    /// <summary>The database (by number: SWAPDB moves contents, not the <see cref="Database"/> objects).</summary>
    public Database Db { get; } = db;

    public Connection Client { get; } = client;

    /// <summary>
    /// The key had already expired (but was still stored) when WATCH was called. Its deletion is then no change,
    /// and EXEC does not count it as expired since the WATCH (watchedKey.expired).
    /// </summary>
    public bool Expired { get; set; }
}
