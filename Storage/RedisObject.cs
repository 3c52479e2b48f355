namespace Reactor.MiniRedis.Storage;

/// <summary>
/// A value stored under a key: the robj of redis/redis src/server.h. Subclasses hold the data of one type.
/// Values belong to the event-loop thread and are mutated in place.
/// </summary>
public abstract class RedisObject
{
    /// <summary>Stamps a new value as created now, for any background save already running (see <see cref="SnapshotEpoch"/>).</summary>
    protected RedisObject() => SnapshotEpoch = Rdb.IncrementalSnapshot.LatestEpoch;

    /// <summary>
    /// The point-in-time snapshot mark (see <see cref="Rdb.IncrementalSnapshot"/>): the epoch of the latest save
    /// that had started when the value was created, or of the save that captured it. A running save with epoch E
    /// still has to capture a value whose mark is below E; a mark of E or more means created after the save
    /// started, or already captured. An int, so that with <see cref="Lru"/> and <see cref="AccountedWords"/> the
    /// base fields take 12 bytes and a short string fits in 56 (see <see cref="RedisString"/>): 2^31 saves, one a
    /// second for 68 years, before the epochs would wrap.
    /// </summary>
    internal int SnapshotEpoch;

    /// <summary>
    /// A deep copy keeping the encoding, sharing no mutable array with this value: what COPY stores under the new
    /// key (the per-type dup of copyCommand in redis/redis src/db.c) and what a background save captures.
    /// </summary>
    public abstract RedisObject Clone();

    /// <summary>The value's type, what TYPE reports.</summary>
    public abstract ObjectType Type { get; }

    /// <summary>The encoding OBJECT ENCODING reports (e.g. <c>int</c>, <c>embstr</c>, <c>listpack</c>).</summary>
    public abstract string Encoding { get; }

    /// <summary>
    /// robj.lru: the <see cref="Database.LruClock"/> reading (24 bits, seconds) of the value's last access, stamped
    /// when the value is stored and on every lookup Redis counts as an access (lookupKey without LOOKUP_NOTOUCH).
    /// OBJECT IDLETIME reads it.
    /// </summary>
    public uint Lru { get; set; }

    /// <summary>
    /// The bytes this value holds on the managed heap by the model of <see cref="MemoryAccounting"/>: its object, its
    /// arrays at their capacity and its elements. O(1): each type keeps its elements' bytes as it changes. The base
    /// counts a bare object (its own fields); every value type overrides it.
    /// </summary>
    public virtual long EstimatedBytes => MemoryAccounting.Object(BaseFieldBytes);

    /// <summary>
    /// The bytes of this class's own fields (<see cref="SnapshotEpoch"/>, <see cref="Lru"/>, <see cref="AccountedWords"/>),
    /// which every value type adds to its own in its instance size.
    /// </summary>
    internal const int BaseFieldBytes = 4 + 4 + 4;

    /// <summary>
    /// What the database holding this value last counted for it (<see cref="EstimatedBytes"/> in 8-byte words, every
    /// size in the model being a multiple of 8), so removing the value subtracts exactly what was added even if it
    /// changed in between. Fits in the padding after <see cref="Lru"/>; saturates at 32 GB.
    /// </summary>
    internal uint AccountedWords;

    /// <summary>The name TYPE replies with.</summary>
    public string TypeName => Type switch
    {
        ObjectType.String => "string",
        ObjectType.List => "list",
        ObjectType.Set => "set",
        ObjectType.SortedSet => "zset",
        ObjectType.Hash => "hash",
        _ => "none",
    };
}
