namespace Reactor.MiniRedis.Engine.Server;

/// <summary>The counters INFO stats reports, with Redis's field names in mind (stat_* in redis/redis src/server.h).</summary>
public sealed class ServerStats
{
    public long TotalConnectionsReceived { get; set; }
    public long TotalCommandsProcessed { get; set; }
    public long NetInputBytes { get; set; }
    public long NetOutputBytes { get; set; }
    public long RejectedConnections { get; set; }
    public long KeyspaceHits { get; set; }
    public long KeyspaceMisses { get; set; }
    public long TotalErrorReplies { get; set; }
    public long ExpiredKeys { get; set; }
    public long EvictedKeys { get; set; }

    /// <summary>Zeroes the counters (CONFIG RESETSTAT).</summary>
    public void Reset()
    {
        TotalConnectionsReceived = 0;
        TotalCommandsProcessed = 0;
        NetInputBytes = 0;
        NetOutputBytes = 0;
        RejectedConnections = 0;
        KeyspaceHits = 0;
        KeyspaceMisses = 0;
        TotalErrorReplies = 0;
        ExpiredKeys = 0;
        EvictedKeys = 0;
    }
}
