using System.Diagnostics;
using Reactor.MiniRedis.Engine.Commands;
using Reactor.MiniRedis.Engine.Networking;
using Reactor.MiniRedis.Engine.PubSub;
using Reactor.MiniRedis.Engine.Transactions;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Engine.Server;

/// <summary>
/// maxmemory: performEvictions and its callers in redis/redis src/evict.c and src/server.c. Before every command
/// (processCommand) the server compares used memory (<see cref="Memory.UsedMemory"/>) with maxmemory and, over it,
/// evicts keys chosen by maxmemory-policy (<see cref="EvictionPool"/>) until enough is freed or the time budget of
/// maxmemory-eviction-tenacity is spent; then a timer goes on evicting between commands. Under noeviction, or when
/// nothing is left to evict, commands that may grow memory (CMD_DENYOOM, and anything queued in MULTI) are refused
/// with -OOM. Loop thread only.
/// </summary>
internal sealed class Evictor
{
    // The commands a client inside MULTI may still send when out of memory (c->cmd->proc comparisons).
    private static readonly CommandHandler s_exec = TransactionCommands.Exec;
    private static readonly CommandHandler s_discard = TransactionCommands.Discard;
    private static readonly CommandHandler s_quit = ConnectionCommands.Quit;
    private static readonly CommandHandler s_reset = ConnectionCommands.Reset;

    private readonly RedisServer _server;
    private bool _timeProcRunning; // isEvictionProcRunning

    public Evictor(RedisServer server)
    {
        _server = server;
        server.Config.MaxMemoryChanged += OnMaxMemoryChanged;
        long maxmemory = server.Config.MaxMemoryBytes;
        if (maxmemory > 0 && maxmemory < 1024 * 1024)
        {
            server.Log.Warning($"WARNING: You specified a maxmemory value that is less than 1MB (current value is {maxmemory} bytes). Are you sure this is what you really want?");
        }
    }

    /// <summary>The sampled candidates of the LRU, LFU and TTL policies (EvictionPoolLRU).</summary>
    public EvictionPool Pool { get; } = new();

    /*
     * The maxmemory section of processCommand, called only while maxmemory is set: performs evictions, then says
     * whether the command must be refused with -OOM. That is when nothing more could be evicted (EVICT_FAIL) and
     * the command may grow memory: CMD_DENYOOM, an EXEC whose queue holds one, or anything but EXEC, DISCARD, QUIT
     * and RESET inside MULTI (queueing itself takes memory). Read-only commands and DEL still run.
     */
    public bool RejectsWithOom(Connection client, CommandSpec command)
    {
        if (PerformEvictions() != EvictionResult.Fail)
        {
            return false;
        }
        if ((MultiExec.EffectiveFlags(client, command) & CommandFlags.DenyOom) != 0)
        {
            return true;
        }
        CommandHandler? handler = command.Handler;
        return (client.Flags & ClientFlags.Multi) != 0
            && handler != s_exec && handler != s_discard && handler != s_quit && handler != s_reset;
    }

    /// <summary>
    /// performEvictions: evicts keys until used memory is back within maxmemory, the policy finds nothing to
    /// evict (<see cref="EvictionResult.Fail"/>) or the time budget runs out (<see cref="EvictionResult.Running"/>,
    /// with the eviction timer started). Does nothing while CLIENT PAUSE holds the dataset still.
    /// </summary>
    public EvictionResult PerformEvictions()
    {
        // isSafeToPerformEvictions: a paused dataset is static, for expiry and eviction alike.
        if (_server.ClientPause.CheckTimeoutAndReturnIfPaused())
        {
            return EvictionResult.Ok;
        }
        EvictionResult result = Evict();
        UpdateExceededTime(result);
        return result;
    }

    /// <summary>
    /// evictionTimeLimitUs: the time one performEvictions call may spend, by maxmemory-eviction-tenacity: 50 µs per
    /// step up to 10 (500 µs, the default), then 15% more per step, and no limit at 100.
    /// </summary>
    public static long TimeLimitMicroseconds(int tenacity) => tenacity switch
    {
        <= 10 => 50L * tenacity,
        < 100 => (long)(500.0 * Math.Pow(1.15, tenacity - 10.0)),
        _ => long.MaxValue,
    };

    /// <summary>
    /// startEvictionTimeProc: keeps evicting from a timer that runs every loop iteration until memory is back
    /// within the limit (or nothing is left to evict), so a command that ran out of time does not leave the
    /// server over the limit until the next command arrives.
    /// </summary>
    public void StartTimeProc()
    {
        if (!_timeProcRunning)
        {
            _timeProcRunning = true;
            _server.Loop.CreateTimeEvent(0, TimeProc);
        }
    }

    // The loop of performEvictions after its checks: evicts the policy's best key, measuring what each deletion
    // freed, until the excess is freed; every 16 keys it checks the time budget.
    private EvictionResult Evict()
    {
        ServerConfig config = _server.Config;
        long maxmemory = config.MaxMemoryBytes;
        long used = _server.Memory.Total;
        if (maxmemory == 0 || used <= maxmemory)
        {
            return EvictionResult.Ok;
        }
        if (config.EvictionPolicy == EvictionPolicy.NoEviction)
        {
            return EvictionResult.Fail;
        }
        long toFree = used - maxmemory;
        long limit = TimeLimitMicroseconds(config.MaxMemoryEvictionTenacity);
        long started = Stopwatch.GetTimestamp();
        long latency = _server.Latency.StartMonitor();
        long freed = 0;
        int keysFreed = 0;
        while (freed < toFree)
        {
            if (!Pool.TrySelect(_server.Keyspace, config.EvictionPolicy, config.MaxMemorySamples, out Database? db, out byte[]? key))
            {
                // cant_free. (Redis first waits up to the time limit for the lazyfree thread, when it has pending
                // jobs; here a value leaves the accounting when it is unlinked, so there is nothing to wait for.)
                _server.Latency.EndMonitor(LatencyMonitor.EvictionCycle, latency);
                return EvictionResult.Fail;
            }
            bool lazy = config.LazyFree.LazyEviction;
            _server.Propagation.PropagateDeletion(db, key, lazy); // DEL, or UNLINK under lazyfree-lazy-eviction
            long before = db.MemoryBytes;
            // dbSyncDelete, or dbAsyncDelete under lazyfree-lazy-eviction. Either way the value leaves the
            // accounting as it is unlinked, so Redis's check every 16 keys for memory the lazyfree thread has
            // freed meanwhile has nothing to add here.
            long deletion = _server.Latency.StartMonitor();
            db.DeleteStored(key, lazy);
            _server.Latency.EndMonitor(LatencyMonitor.EvictionDel, deletion);
            freed += before - db.MemoryBytes;
            _server.Stats.EvictedKeys++;
            _server.Signals.ModifiedKey(null, db, key);
            _server.Signals.Notify(NotifyFlags.Evicted, "evicted"u8, key, db.Id);
            keysFreed++;
            if (keysFreed % 16 == 0 && Stopwatch.GetElapsedTime(started).Ticks / 10 > limit)
            {
                StartTimeProc(); // out of time: go on from the timer
                break;
            }
        }
        _server.Latency.EndMonitor(LatencyMonitor.EvictionCycle, latency);
        return _timeProcRunning ? EvictionResult.Running : EvictionResult.Ok;
    }

    // evictionTimeProc: one more round per loop iteration while over the limit; removed once within it.
    private long TimeProc()
    {
        if (PerformEvictions() == EvictionResult.Running)
        {
            return 0;
        }
        _timeProcRunning = false;
        return -1;
    }

    // performEvictions' update_metrics: the time spent over the limit (INFO total/current_eviction_exceeded_time).
    private void UpdateExceededTime(EvictionResult result)
    {
        ServerStats stats = _server.Stats;
        if (result != EvictionResult.Ok)
        {
            if (stats.EvictionExceededSince == 0)
            {
                stats.EvictionExceededSince = Stopwatch.GetTimestamp();
            }
        }
        else if (stats.EvictionExceededSince != 0)
        {
            stats.TotalEvictionExceededMicroseconds += stats.CurrentEvictionExceededMicroseconds;
            stats.EvictionExceededSince = 0;
        }
    }

    // updateMaxmemory (CONFIG SET maxmemory): warns when the new limit is below what is used, and starts evicting
    // at once rather than at the next command.
    private void OnMaxMemoryChanged()
    {
        long maxmemory = _server.Config.MaxMemoryBytes;
        if (maxmemory == 0)
        {
            return;
        }
        long used = _server.Memory.Total;
        if (maxmemory < used)
        {
            _server.Log.Warning($"WARNING: the new maxmemory value set via CONFIG SET ({maxmemory}) is smaller than the current memory usage ({used}). This will result in key eviction and/or the inability to accept new write commands depending on the maxmemory-policy.");
        }
        StartTimeProc();
    }
}
