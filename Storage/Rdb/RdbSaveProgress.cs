namespace Reactor.MiniRedis.Storage.Rdb;

/// <summary>
/// How far a save has got, written by the saving thread and read by the loop (INFO current_save_keys_processed),
/// and the flag that asks a background save to stop (killRDBChild).
/// </summary>
public sealed class RdbSaveProgress
{
    private long _keysProcessed;
    private volatile bool _cancelled;

    /// <summary>Keys written so far.</summary>
    public long KeysProcessed => Volatile.Read(ref _keysProcessed);

    /// <summary>True once <see cref="Cancel"/> was called.</summary>
    public bool IsCancelled => _cancelled;

    /// <summary>Asks the save to stop at the next key; it then throws <see cref="OperationCanceledException"/>.</summary>
    public void Cancel() => _cancelled = true;

    internal void KeyWritten() => Volatile.Write(ref _keysProcessed, _keysProcessed + 1);
}
