using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Engine.Blocking;

/// <summary>
/// The blocking state of one database: <c>db->blocking_keys</c> (each key with its clients in the order they
/// blocked, the first blocked served first) and <c>db->ready_keys</c> (the keys already queued as ready, so a key
/// is queued once however often it is signalled). Both are keyed by bytes and searched straight from spans.
/// </summary>
internal sealed class BlockingKeys
{
    public BlockingKeys()
    {
        Clients = new Dictionary<byte[], LinkedList<BlockedClient>>(KeyComparer.Instance);
        ClientsBySpan = Clients.GetAlternateLookup<ReadOnlySpan<byte>>();
        Ready = new HashSet<byte[]>(KeyComparer.Instance);
    }

    /// <summary>Each key some client is blocked on, with those clients in blocking order.</summary>
    public Dictionary<byte[], LinkedList<BlockedClient>> Clients { get; }

    /// <summary><see cref="Clients"/> looked up from request bytes without copying the key.</summary>
    public Dictionary<byte[], LinkedList<BlockedClient>>.AlternateLookup<ReadOnlySpan<byte>> ClientsBySpan { get; }

    /// <summary>The keys of this database queued in the server's ready list.</summary>
    public HashSet<byte[]> Ready { get; }
}
