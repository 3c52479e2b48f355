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
/// Capturing a key reads its expire time and access information on the loop thread, into an
/// <see cref="RdbEntry"/>, with its value as the writer will read it, so the writer never reads anything the loop
/// can change. A string is shared: strings only change through a lookup, set or delete of their key, which the
/// hooks below see first, so a shared string the loop is about to change (or move, or delete) is copied then and
/// the key gets the copy (copy-on-write; the mark -E says "shared with save E"). The hooks stay attached, to
/// every database, until the writer is done. Other values (lists, sets, hashes, sorted sets) are copied at
/// capture (<see cref="RedisObject.Clone"/>, keeping the encoding), because even reads change them underneath
/// (lookups in a hash or set rehash it incrementally), so sharing them would need a copy before every access.
/// Sharing strings matters for latency: a copy per key means a young-generation collection every few tens of
/// thousands of keys, and each one pays for every old object written since the last (card marking), tens of
/// milliseconds with a million keys under write load.
/// </para>
/// <para>
/// Keys are captured two ways. (1) <see cref="Step"/>, run by the loop every iteration while the save lasts,
/// walks each database with a SCAN cursor (dictScan's guarantee: every key present for the whole walk is visited,
/// whatever rehashing happens between steps) and captures the unmarked values it meets, a bounded slice per step;
/// keys met twice are skipped by their mark. (2) <see cref="Database"/> captures a key itself (as a copy), while
/// its database is attached (<see cref="Database.Snapshot"/>), just before anything could change or remove its value: any
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

    private static int s_latestEpoch;

    private readonly Keyspace _keyspace;
    private readonly RdbAccessInfo _access;
    private readonly RdbDatabaseSnapshot?[] _targets; // by database number; null when empty at the start
    private readonly bool[] _capturing; // by database number: keys that existed at the start are still to capture
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
        _capturing = new bool[keyspace.Count];
        var databases = new List<RdbDatabaseSnapshot>();
        for (int i = 0; i < keyspace.Count; i++)
        {
            Database db = keyspace[i];
            // Every database gets the hooks, even an empty one: a string shared with the writer can move into it
            // (MOVE, SWAPDB) and must still be copied before it changes there.
            db.Snapshot = this;
            if (db.Count > 0)
            {
                _targets[i] = RdbDatabaseSnapshot.Streamed(db, access, _pool);
                databases.Add(_targets[i]!);
                _capturing[i] = true;
            }
        }
        Snapshot = new RdbSnapshot([.. databases]);
        SkipCompleted();
    }

    /// <summary>The newest epoch any save has taken: the mark a value constructed now gets.</summary>
    internal static int LatestEpoch => Volatile.Read(ref s_latestEpoch);

    /// <summary>This save's epoch.</summary>
    public int Epoch { get; }

    /// <summary>What the writer thread writes: the databases as they were at the start, streamed as they are captured.</summary>
    public RdbSnapshot Snapshot { get; }

    /// <summary>True once every key that existed at the start has been captured (or the save was abandoned).</summary>
    public bool IsComplete => _current == _targets.Length;

    /// <summary>Shared strings copied because they were about to change (or leave) before the writer was done with them.</summary>
    public long CopiesOnWrite { get; private set; }

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
    /// attaches the snapshot to every database. O(databases); nothing is copied yet.
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
    /// Ends the snapshot (loop thread): detaches it from every database and ends every stream still open, so a
    /// writer waiting for entries wakes up; captured entries not yet handed over are dropped. Called once the
    /// writer is done (it no longer reads the strings it shares with the loop, which may then change in place) or
    /// when the save is killed, just before waiting for the writer to stop.
    /// </summary>
    public void Abort()
    {
        for (int i = 0; i < _targets.Length; i++)
        {
            if (_keyspace[i].Snapshot == this)
            {
                _keyspace[i].Snapshot = null;
            }
            if (_targets[i] is { } target && !target.IsCaptureCompleted)
            {
                target.CompleteCapture();
            }
            _capturing[i] = false;
            _open[i] = null;
        }
        _current = _targets.Length;
    }

    /// <summary>
    /// The hook (loop thread), called just before the value, expire time or presence of <paramref name="key"/> of
    /// <paramref name="db"/>, whose value is <paramref name="value"/>, may change. A value not captured yet is
    /// captured as a copy (the caller may change it in place next). A string the scan captured by reference, which
    /// the writer may not have written yet, is copied for the loop instead: the copy is returned and the database
    /// stores it in place of the shared one (copy-on-write). Returns null otherwise.
    /// </summary>
    internal RedisObject? CaptureKey(Database db, ReadOnlySpan<byte> key, ref StoredValue value)
    {
        int mark = value.SnapshotEpoch;
        if (mark == -Epoch)
        {
            return CopyOnWrite(value.Object!); // only a string object is ever shared
        }
        if (mark >= Epoch || !_capturing[db.Id])
        {
            return null;
        }
        Capture(db, key, ref value, value.Object?.Clone(), Epoch);
        return null;
    }

    /*
     * The scan's capture: like the hook's, except that a string object is shared with the writer rather than
     * copied (marked -Epoch): strings are only read by lookups, never changed underneath, and every change to one is
     * preceded by the hook, which then copies it for the loop. Most keys are strings and most are not touched
     * while a save runs, so most of the copies, and the young-generation collections they cause, are avoided.
     * Collections are still copied: even reads change them (incremental rehashing of hashes and sets). So is a
     * bare string (StoredValue), which has no object to share: its bytes are copied beside the key, in
     * the batch's arena, which makes no object per key.
     */
    private void CaptureScanned(Database db, ReadOnlySpan<byte> key, ref StoredValue value)
    {
        int mark = value.SnapshotEpoch;
        if (mark == -Epoch || mark >= Epoch)
        {
            return;
        }
        if (value.Object is RedisString shared)
        {
            Capture(db, key, ref value, shared, -Epoch);
        }
        else
        {
            Capture(db, key, ref value, value.Object?.Clone(), Epoch);
        }
    }

    // A private copy of a shared string for the loop, with the live value's access clock and memory count, marked
    // as already captured.
    private RedisObject CopyOnWrite(RedisObject shared)
    {
        RedisObject copy = shared.Clone();
        copy.Lru = shared.Lru;
        copy.AccountedWords = shared.AccountedWords;
        copy.SnapshotEpoch = Epoch;
        CopiesOnWrite++;
        return copy;
    }

    // Captures the key with saved as its value, or, when saved is null, its bare string (copied).
    private void Capture(Database db, ReadOnlySpan<byte> key, ref StoredValue value, RedisObject? saved, int mark)
    {
        value.SnapshotEpoch = mark;
        int id = db.Id;
        RdbEntryBatch batch = _open[id] ??= RentBatch();
        ReadOnlyMemory<byte> bareString = saved is null ? batch.Keys.Copy(value.StringBytes) : default;
        batch.Add(RdbDatabaseSnapshot.Entry(db, _access, batch.Keys.Copy(key), value.Lru, saved, bareString));
        KeysCaptured++;
        if (batch.IsFull)
        {
            FlushDatabase(id); // full: the writer may start on it while the capture goes on
        }
    }

    /// <summary>
    /// The hook for FLUSHDB and SWAPDB (loop thread): captures the rest of <paramref name="db"/> at once, so its
    /// tables can be emptied or exchanged.
    /// </summary>
    internal void CaptureRemaining(Database db)
    {
        while (_capturing[db.Id])
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
        _cursors[db.Id] = db.ScanValues(_cursors[db.Id], static (self, key, ref value) =>
        {
            self._scanned++;
            self.CaptureScanned(self._scanning!, key, ref value);
        }, this);
        _scanning = null;
        if (_cursors[db.Id] == 0)
        {
            FinishDatabase(db.Id);
        }
        return _scanned;
    }

    // The database's capture is complete; it stays attached, for the copy-on-write of its shared strings.
    private void FinishDatabase(int id)
    {
        _capturing[id] = false;
        FlushDatabase(id);
        _targets[id]!.CompleteCapture();
        SkipCompleted();
    }

    // Moves _current past the databases whose capture is complete (or that were empty at the start).
    private void SkipCompleted()
    {
        while (_current < _targets.Length && !_capturing[_current])
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
