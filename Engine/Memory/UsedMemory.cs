using Reactor.MiniRedis.Engine.Networking;
using Reactor.MiniRedis.Engine.Server;
using Reactor.MiniRedis.Engine.Transactions;
using Reactor.MiniRedis.Protocol;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Engine.Memory;

/// <summary>
/// INFO used_memory, and what maxmemory is compared with: this server's counterpart of zmalloc_used_memory.
/// Three parts, each O(1) to read: the startup allocation (<see cref="Startup"/>), the dataset (every database's
/// <see cref="Database.MemoryBytes"/>: keys, values and tables by the heap model of <see cref="MemoryAccounting"/>,
/// kept up to date at every write) and the clients' buffers (<see cref="Clients"/>, sampled by the cron as
/// clientsCron updates the clients' memory in Redis, and whenever INFO asks).
/// </summary>
/// <remarks>
/// Why a model and not the garbage collector's figures: the heap includes garbage until the next collection (an
/// evicted key is not freed memory until then, so an eviction loop measuring the heap would evict far too much),
/// and the process may host other things (an embedded server shares its heap with the tests). The model counts
/// what the server holds; the difference to the resident set (the runtime, garbage, the collector's free space)
/// shows in mem_fragmentation_ratio, as allocator overhead does in Redis. Not counted: Pub/Sub and WATCH
/// bookkeeping, ACL users, scripts (none), and the query buffers' argument vectors between commands.
/// </remarks>
public sealed class UsedMemory
{
    private readonly RedisServer _server;

    internal UsedMemory(RedisServer server, long startup)
    {
        _server = server;
        Startup = startup;
    }

    /// <summary>
    /// used_memory_startup: what building the server allocated (its databases, command tables, event loop and
    /// buffers), measured with the thread's allocation counter around the constructor.
    /// </summary>
    public long Startup { get; }

    /// <summary>mem_clients_normal: the clients' buffers at the last sample (see <see cref="SampleClients"/>).</summary>
    public long Clients { get; private set; }

    /// <summary>The keys, values and keyspace tables of every database (used_memory_dataset plus the tables' overhead).</summary>
    public long KeyspaceBytes => SumOverDatabases(static db => db.MemoryBytes);

    /// <summary>used_memory: startup, clients and keyspace.</summary>
    public long Total => Startup + Clients + KeyspaceBytes;

    /// <summary>
    /// used_memory_overhead (getMemoryOverheadData's overhead_total): startup, clients and the keyspace tables'
    /// entries and buckets. The rest of <see cref="Total"/> is the dataset: keys and values.
    /// </summary>
    public long Overhead => Startup + Clients + SumOverDatabases(static db => db.TableOverheadBytes);

    /// <summary>
    /// Adds up every client's buffers (clientsCron's memory tracking): called by the cron and by INFO, and
    /// returns the new <see cref="Clients"/>. O(clients).
    /// </summary>
    public long SampleClients()
    {
        long total = 0;
        foreach (Connection client in _server.Clients.Values)
        {
            total += ClientBytes(client);
        }
        Clients = total;
        return total;
    }

    /// <summary>
    /// What one client's buffers hold (getClientMemoryUsage): its query buffer at its capacity, the fixed 16 KB
    /// reply buffer, the reply chunks beyond it and the arguments of a queued MULTI.
    /// </summary>
    public static long ClientBytes(Connection client) =>
        MemoryAccounting.ByteArray(client.QueryBufferCapacity) + MemoryAccounting.ByteArray(ReplyBuffer.ChunkSize)
        + client.Reply.Buffer.OverflowCapacity + MultiExec.MemoryOverhead(client);

    private long SumOverDatabases(Func<Database, long> bytes)
    {
        Keyspace keyspace = _server.Keyspace;
        long total = 0;
        for (int i = 0; i < keyspace.Count; i++)
        {
            total += bytes(keyspace[i]);
        }
        return total;
    }
}
