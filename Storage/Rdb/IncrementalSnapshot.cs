using System.Collections.Concurrent;
using System.Diagnostics;

namespace Reactor.MiniRedis.Storage.Rdb;

/// <summary>
/// A point-in-time snapshot of the keyspace taken a slice at a time on the loop thread, for BGSAVE: the role
/// fork() plays for Redis (rdbSaveBackground in redis/redis src/rdb.c), without stopping the world.
/// </summary>
/// <remarks>
/// <para>
/// Design. Starting a save takes a new <see cref="Epoch"/> (a process-wide counter) and records each non-empty
/// database's size for RESIZEDB; that is all the pause there is. Every <see cref="RedisObject"/> carries a mark,
/// <see cref="RedisObject.SnapshotEpoch"/>: a new value is stamped with the latest epoch when it is constructed,
/// and a captured value gets the save's epoch. So for a running save with epoch E a value whose mark is below E
/// existed when the save started and has not been captured yet; a mark of E or more means "created after the
/// start" or "already captured", and the save leaves it alone. The mark lives on the value because values are
/// what change; a key whose value is replaced, deleted, renamed or moved is caught by the hooks below first.
/// </para>
/// <para>
/// Capturing a key copies its value (<see cref="RdbSnapshot.Copy"/>, keeping the encoding) and reads its expire
/// time and access information, all on the loop thread, into an <see cref="RdbEntry"/>. The writer thread gets
/// only such copies, so it never reads anything the loop can change. Values are copied rather than shared with
/// copy-on-write because reads are not read-only underneath: lookups in a hash or set rehash it incrementally,
/// and a shared value would need a copy before every access, not only before writes; copying at capture costs
/// the same total work, spread out, and keeps reads free of any check.
/// </para>
/// <para>
/// Keys are captured two ways. (1) <see cref="Step"/>, run by the loop every iteration while the save lasts,
/// walks each database with a SCAN cursor (dictScan's guarantee: every key present for the whole walk is visited,
/// whatever rehashing happens between steps) and captures the unmarked values it meets, a bounded slice per step;
/// keys met twice are skipped by their mark. (2) <see cref="Database"/> captures a key itself, while its database
/// is attached (<see cref="Database.Snapshot"/>), just before anything could change or remove its value: any
/// lookup (a write may follow it: APPEND, INCR, LPUSH... mutate values in place), setting or deleting the key,
/// changing its time to live, and expiring it; FLUSHDB and SWAPDB first capture the rest of the database. A key
/// that existed at the start is thus captured exactly once, with the value, expire time and idle time it had at
/// the start, and no key added later is written. When no save runs, each hook costs one null check.
/// </para>
/// <para>
/// The entries go to the writer in batches through one queue per database (<see cref="RdbDatabaseSnapshot"/>),
/// which the writer hands back once written (a pool), so the capture itself allocates only the copies;
/// the writer writes the databases in order, each after its SELECTDB and RESIZEDB with the sizes at the start.
/// The scan waits while the writer is more than <see cref="MaxPendingBatches"/> batches behind, so memory holds
/// at most a window of copies beyond those forced by the hooks. What remains a pause: a single big value (a
/// million-element hash) is copied in one go when it is captured.
/// </para>
/// </remarks>
public sealed class IncrementalSnapshot
{
    /// <summary>Entries per batch handed to the writer.</summary>
    private const int BatchSize = 1024;

    /// <summary>
    /// How many batches the writer may fall behind before <see cref="IsWriterBehind"/>. Small on purpose: every
    /// pending copy is alive at the next young-generation collection, which must mark and promote it, so the
    /// window bounds what the capture adds to each collection's pause; a step's batch is only a few hundred keys.
    /// </summary>
    private const int MaxPendingBatches = 4;

    private static long s_latestEpoch;

    private readonly Keyspace _keyspace;
    private readonly RdbAccessInfo _access;
    private readonly RdbDatabaseSnapshot?[] _targets; // by database number; null when empty at the start
    private readonly ulong[] _cursors;
    private readonly RdbEntryBatch?[] _open; // by database: the batch being filled, not yet handed to the writer
    private readonly ConcurrentQueue<RdbEntryBatch> _pool = new(); // batches the writer has finished with
    private int _current; // the database the scan is walking
    private Database? _scanning;
    private int _scanned;

    private IncrementalSnapshot(Keyspace keyspace, RdbAccessInfo access)
    {
        _keyspace = keyspace;
        _access = access;
        Epoch = Interlocked.Increment(ref s_latestEpoch);
        _targets = new RdbDatabaseSnapshot?[keyspace.Count];
        _cursors = new ulong[keyspace.Count];
        _open = new RdbEntryBatch?[keyspace.Count];
        var databases = new List<RdbDatabaseSnapshot>();
        for (int i = 0; i < keyspace.Count; i++)
        {
            Database db = keyspace[i];
            if (db.Count > 0)
            {
                _targets[i] = RdbDatabaseSnapshot.Streamed(db, access, _pool);
                databases.Add(_targets[i]!);
                db.Snapshot = this;
            }
        }
        Snapshot = new RdbSnapshot([.. databases]);
        SkipCompleted();
    }

    /// <summary>The newest epoch any save has taken: the mark a value constructed now gets.</summary>
    internal static long LatestEpoch => Volatile.Read(ref s_latestEpoch);

    /// <summary>This save's epoch.</summary>
    public long Epoch { get; }

    /// <summary>What the writer thread writes: the databases as they were at the start, streamed as they are captured.</summary>
    public RdbSnapshot Snapshot { get; }

    /// <summary>True once every key that existed at the start has been captured (or the save was abandoned).</summary>
    public bool IsComplete => _current == _targets.Length;

    /// <summary>Batches this capture has allocated (every other batch reused one the writer handed back).</summary>
    internal int BatchesAllocated { get; private set; }

    /// <summary>Batches the writer has handed back and the capture has not reused yet.</summary>
    internal int PooledBatches => _pool.Count;

    /// <summary>Keys captured so far, by the scan and by the hooks.</summary>
    public long KeysCaptured { get; private set; }

    /// <summary>True while the writer has more than a window of captured batches still to write: the scan should wait.</summary>
    public bool IsWriterBehind => !IsComplete && _targets[_current]!.PendingBatches >= MaxPendingBatches;

    /// <summary>
    /// Starts a snapshot of <paramref name="keyspace"/> (loop thread): takes the epoch, records the sizes and
    /// attaches the snapshot to every non-empty database. O(databases); nothing is copied yet.
    /// </summary>
    public static IncrementalSnapshot Start(Keyspace keyspace, RdbAccessInfo access) => new(keyspace, access);

    /// <summary>
    /// One slice of the capture (loop thread): walks the current database's SCAN cursor until about
    /// <paramref name="maxKeys"/> keys were visited or <paramref name="budget"/> has passed, capturing the values
    /// not captured yet, then hands the captured entries to the writer. A finished database is detached and its
    /// stream closed. Returns <see cref="IsComplete"/>.
    /// </summary>
    public bool Step(int maxKeys, TimeSpan budget)
    {
        long started = Stopwatch.GetTimestamp();
        int visited = 0;
        while (!IsComplete && visited < maxKeys)
        {
            visited += ScanBucket(_keyspace[_current]);
            if (Stopwatch.GetElapsedTime(started) >= budget)
            {
                break;
            }
        }
        Flush();
        return IsComplete;
    }

    /// <summary>Captures everything still to capture, at once (tests, and a synchronous end).</summary>
    public void CaptureAll()
    {
        while (!IsComplete)
        {
            ScanBucket(_keyspace[_current]);
        }
        Flush();
    }

    /// <summary>
    /// Abandons the snapshot (the save was killed): detaches it from every database and ends every stream, so a
    /// writer waiting for entries wakes up. Captured entries not yet handed over are dropped.
    /// </summary>
    public void Abort()
    {
        for (int i = 0; i < _targets.Length; i++)
        {
            if (_targets[i] is { } target && _keyspace[i].Snapshot == this)
            {
                _keyspace[i].Snapshot = null;
                target.CompleteCapture();
            }
            _open[i] = null;
        }
        _current = _targets.Length;
    }

    /// <summary>
    /// The hook (loop thread): captures <paramref name="key"/> of <paramref name="db"/>, whose value is
    /// <paramref name="value"/>, unless the value is marked as created after the start or already captured.
    /// Called just before the key's value, expire time or presence may change.
    /// </summary>
    internal void CaptureKey(Database db, byte[] key, RedisObject value)
    {
        if (value.SnapshotEpoch >= Epoch)
        {
            return;
        }
        RedisObject copy = RdbSnapshot.Copy(value);
        value.SnapshotEpoch = Epoch;
        int id = db.Id;
        RdbEntryBatch batch = _open[id] ??= RentBatch();
        batch.Add(RdbDatabaseSnapshot.Entry(db, _access, key, value, copy));
        KeysCaptured++;
        if (batch.IsFull)
        {
            FlushDatabase(id); // full: the writer may start on it while the capture goes on
        }
    }

    /// <summary>
    /// The hook for FLUSHDB and SWAPDB (loop thread): captures the rest of <paramref name="db"/> at once, so its
    /// tables can be emptied or exchanged. The database is detached afterwards.
    /// </summary>
    internal void CaptureRemaining(Database db)
    {
        while (db.Snapshot == this)
        {
            ScanBucket(db);
        }
        Flush();
    }

    // Visits the bucket(s) at db's cursor; when the walk is over, flushes and closes that database's stream and
    // detaches it. Returns how many keys the bucket(s) held.
    private int ScanBucket(Database db)
    {
        _scanning = db;
        _scanned = 0;
        _cursors[db.Id] = db.ScanValues(_cursors[db.Id], static (self, key, value) =>
        {
            self._scanned++;
            self.CaptureKey(self._scanning!, key, value);
        }, this);
        _scanning = null;
        if (_cursors[db.Id] == 0)
        {
            FinishDatabase(db.Id);
        }
        return _scanned;
    }

    private void FinishDatabase(int id)
    {
        _keyspace[id].Snapshot = null;
        FlushDatabase(id);
        _targets[id]!.CompleteCapture();
        SkipCompleted();
    }

    // Moves _current past the databases whose capture is complete (or that were empty at the start).
    private void SkipCompleted()
    {
        while (_current < _targets.Length && (_targets[_current] is null || _keyspace[_current].Snapshot != this))
        {
            _current++;
        }
    }

    // A batch the writer has handed back, or a new one while the window of batches is still growing.
    private RdbEntryBatch RentBatch()
    {
        if (_pool.TryDequeue(out RdbEntryBatch? free))
        {
            return free;
        }
        BatchesAllocated++;
        return new RdbEntryBatch(BatchSize);
    }

    private void Flush()
    {
        for (int i = 0; i < _open.Length; i++)
        {
            FlushDatabase(i);
        }
    }

    // Hands the database's open batch to the writer (unless its stream is already closed: an abandoned capture).
    private void FlushDatabase(int id)
    {
        if (_open[id] is not { } batch || _targets[id] is not { } target || target.IsCaptureCompleted)
        {
            return;
        }
        target.Publish(batch);
        _open[id] = null;
    }
}
