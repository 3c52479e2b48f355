namespace Reactor.MiniRedis.Storage.Rdb;

/// <summary>
/// Copies of captured keys (and of bare strings, see <see cref="RdbEntry.BareString"/>) for a
/// save's writer, packed into shared 32 KB arrays instead of one array per key. The
/// keyspace stores short keys inside its table entries (<see cref="KeyTable{TValue}"/>), which the loop reuses as
/// soon as a key is deleted, so a save that outlives the capture keeps copies; packing them makes a million keys a
/// few hundred objects for the garbage collector rather than a million. A key too long for a share of a block gets
/// an array of its own. Used by one thread at a time (the capturing loop, then the writer through
/// <see cref="Reset"/>).
/// </summary>
internal sealed class RdbKeyArena
{
    // Under the large object heap threshold, and big enough for a batch of 1,024 typical keys.
    private const int BlockBytes = 32 * 1024;

    // Keys longer than this get their own array, so a block is never mostly wasted.
    private const int MaxPackedKey = BlockBytes / 8;

    private byte[] _block = [];
    private int _used;

    /// <summary>A copy of <paramref name="key"/>, valid until <see cref="Reset"/> (for packed keys) or for good.</summary>
    public ReadOnlyMemory<byte> Copy(ReadOnlySpan<byte> key)
    {
        if (key.Length > MaxPackedKey)
        {
            return key.ToArray();
        }
        if (key.Length > _block.Length - _used)
        {
            // A full block stays alive as long as the copies in it do.
            _block = new byte[BlockBytes];
            _used = 0;
        }
        Memory<byte> copy = _block.AsMemory(_used, key.Length);
        key.CopyTo(copy.Span);
        _used += key.Length;
        return copy;
    }

    /// <summary>Reuses the current block from its start: every copy made so far must be dead (written).</summary>
    public void Reset() => _used = 0;
}
