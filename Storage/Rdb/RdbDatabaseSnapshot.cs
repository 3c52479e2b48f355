using System.Collections.Concurrent;

namespace Reactor.MiniRedis.Storage.Rdb;

/// <summary>
/// One database of an <see cref="RdbSnapshot"/>: its number, the counts of RESIZEDB, and its keys. The keys are
/// either all captured at once (<see cref="Capture"/>, for SAVE) or streamed in batches by an
/// <see cref="IncrementalSnapshot"/> while the loop keeps serving (BGSAVE); <see cref="ReadEntries"/> reads them
/// either way.
/// </summary>
public sealed class RdbDatabaseSnapshot
{
    private readonly RdbEntry[]? _entries;
    private readonly BlockingCollection<RdbEntryBatch>? _batches;
    private readonly ConcurrentQueue<RdbEntryBatch>? _pool;

    private RdbDatabaseSnapshot(int id, int count, int expiresCount, RdbAccessInfo accessKind, RdbEntry[]? entries,
        ConcurrentQueue<RdbEntryBatch>? pool)
    {
        Id = id;
        Count = count;
        ExpiresCount = expiresCount;
        AccessKind = accessKind;
        _entries = entries;
        _batches = entries is null ? new BlockingCollection<RdbEntryBatch>() : null;
        _pool = pool;
    }

    /// <summary>The database number (SELECTDB).</summary>
    public int Id { get; }

    /// <summary>Keys in the snapshot (RESIZEDB's first number): the database's size when the snapshot was taken.</summary>
    public int Count { get; }

    /// <summary>How many of them have an expire time (RESIZEDB's second number).</summary>
    public int ExpiresCount { get; }

    /// <summary>What each entry's <see cref="RdbEntry.Access"/> holds.</summary>
    public RdbAccessInfo AccessKind { get; }

    /// <summary>Batches handed to the writer but not yet taken by it (the incremental capture's back-pressure).</summary>
    internal int PendingBatches => _batches?.Count ?? 0;

    /// <summary>
    /// The entries, in capture order. For a streamed database this blocks until the loop has captured the next
    /// batch, and ends once the capture of the database is complete (or was abandoned). Each batch goes back to
    /// the capture's pool, cleared, once all its entries have been read.
    /// </summary>
    public IEnumerable<RdbEntry> ReadEntries()
    {
        if (_entries is not null)
        {
            return _entries;
        }
        return ReadBatches(_batches!, _pool!);

        static IEnumerable<RdbEntry> ReadBatches(BlockingCollection<RdbEntryBatch> batches, ConcurrentQueue<RdbEntryBatch> pool)
        {
            foreach (RdbEntryBatch batch in batches.GetConsumingEnumerable())
            {
                for (int i = 0; i < batch.Count; i++)
                {
                    yield return batch.Entries[i];
                }
                // The caller has written every entry of the batch: hand it back to the loop, emptied.
                batch.Clear();
                pool.Enqueue(batch);
            }
        }
    }

    /// <summary>Captures every key of <paramref name="db"/> now, sharing or copying the values (see <see cref="RdbSnapshot.Capture"/>).</summary>
    internal static RdbDatabaseSnapshot Capture(Database db, RdbAccessInfo access, bool copyValues)
    {
        var entries = new RdbEntry[db.Count];
        var keys = new RdbKeyArena();
        int i = 0;
        foreach (KeyTable<StoredValue>.Item entry in db)
        {
            RedisObject? live = entry.Value.Object;
            if (live is null)
            {
                // A bare string: a long one's array is shared like any value unless copying (nothing changes it
                // before the save is written); a short one lives in the entry, so it is copied beside its key.
                ReadOnlyMemory<byte> bare = !copyValues && entry.Value.BareArray is { } array ? array : keys.Copy(entry.Value.StringBytes);
                entries[i++] = Entry(db, access, keys.Copy(entry.Key), entry.Value.Lru, null, bare);
            }
            else
            {
                entries[i++] = Entry(db, access, keys.Copy(entry.Key), entry.Value.Lru, copyValues ? live.Clone() : live);
            }
        }
        return new RdbDatabaseSnapshot(db.Id, entries.Length, db.ExpiresCount, access, entries, pool: null);
    }

    /// <summary>
    /// A database whose keys <paramref name="db"/>'s incremental capture will stream, sized as it is now; the
    /// batches' arrays go back to <paramref name="pool"/> once written.
    /// </summary>
    internal static RdbDatabaseSnapshot Streamed(Database db, RdbAccessInfo access, ConcurrentQueue<RdbEntryBatch> pool) =>
        new(db.Id, db.Count, db.ExpiresCount, access, entries: null, pool);

    /// <summary>
    /// The entry for <paramref name="key"/> (the save's copy of it), whose live value's access clock reads
    /// <paramref name="lru"/> and whose saved value is <paramref name="saved"/>, or the string
    /// <paramref name="bareString"/> when that is null: the expire time and the access information are read now,
    /// on the loop thread.
    /// </summary>
    internal static RdbEntry Entry(Database db, RdbAccessInfo access, ReadOnlyMemory<byte> key, uint lru, RedisObject? saved,
        ReadOnlyMemory<byte> bareString = default) =>
        new(key, saved, db.GetExpireTime(key.Span), access switch
        {
            RdbAccessInfo.IdleTime => db.IdleMilliseconds(lru) / 1000,
            RdbAccessInfo.Frequency => db.LfuFrequency(lru),
            _ => -1,
        }, bareString);

    /// <summary>Hands a batch of captured entries to the writer (loop thread).</summary>
    internal void Publish(RdbEntryBatch batch) => _batches!.Add(batch);

    /// <summary>True once <see cref="CompleteCapture"/> was called.</summary>
    internal bool IsCaptureCompleted => _batches!.IsAddingCompleted;

    /// <summary>Tells the writer no more entries will come (capture complete, or the save abandoned).</summary>
    internal void CompleteCapture() => _batches!.CompleteAdding();
}
