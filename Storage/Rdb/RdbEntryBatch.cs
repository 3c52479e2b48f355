namespace Reactor.MiniRedis.Storage.Rdb;

/// <summary>
/// A batch of captured entries on its way from the loop to a background save's writer. Batches are pooled by
/// their <see cref="IncrementalSnapshot"/>: the writer clears each one it has written and hands it back, so a save
/// allocates a window of batches, which soon live in the oldest generation, rather than one array per batch.
/// </summary>
internal sealed class RdbEntryBatch(int capacity)
{
    /// <summary>The entries; the first <see cref="Count"/> are in use.</summary>
    public RdbEntry[] Entries { get; } = new RdbEntry[capacity];

    /// <summary>Entries in use.</summary>
    public int Count { get; set; }

    /// <summary>True when no more entries fit.</summary>
    public bool IsFull => Count == Entries.Length;

    /// <summary>The copies of the entries' keys (see <see cref="RdbKeyArena"/>): reused with the batch.</summary>
    public RdbKeyArena Keys { get; } = new();

    /// <summary>Appends an entry (loop thread, before the batch is handed over).</summary>
    public void Add(in RdbEntry entry) => Entries[Count++] = entry;

    /// <summary>Drops the references to the written entries (writer thread) so their copies become garbage while young.</summary>
    public void Clear()
    {
        Array.Clear(Entries, 0, Count);
        Count = 0;
        Keys.Reset();
    }
}
