using System.Runtime;
using Reactor.MiniRedis.Engine.Server;
using Reactor.MiniRedis.Protocol;

namespace Reactor.MiniRedis.Engine.Memory;

/// <summary>
/// Gives an idle server's spare heap back to the operating system: this server's counterpart of jemalloc's
/// background purging of dirty pages. The garbage collector runs only when something allocates, so a server that
/// has just expired, evicted or deleted a million keys and then sits idle keeps the whole peak heap committed (and
/// resident) until traffic resumes; MEMORY PURGE frees it on request. This timer does the same by itself, once,
/// when the server has been idle for two cron seconds and the heap holds much more than used_memory accounts for.
/// </summary>
/// <remarks>
/// Only the server binary starts it (<see cref="Start"/>): an embedded server shares the heap of the process that
/// hosts it, which is not ours to collect. The collection blocks the loop (a compacting full collection: tens to
/// hundreds of milliseconds for a heap of hundreds of megabytes), which is why it waits for idleness, and why it
/// runs again only after at least <see cref="MinimumAllocatedBetweenTrims"/> has been allocated since, so a heap
/// that cannot shrink further is not collected over and over.
/// </remarks>
public sealed class IdleHeapTrim
{
    /// <summary>How often the timer looks, in milliseconds.</summary>
    private const long PeriodMilliseconds = 1000;

    /// <summary>Quiet periods in a row before the server counts as idle.</summary>
    private const int IdlePeriods = 2;

    /// <summary>Committed heap above used_memory that is not worth a collection.</summary>
    private const long MinimumSlackBytes = 32L * 1024 * 1024;

    /// <summary>Allocation since the last trim below which a new trim cannot free anything new.</summary>
    private const long MinimumAllocatedBetweenTrims = 32L * 1024 * 1024;

    private readonly RedisServer _server;
    private long _lastCommands = -1;
    private int _quietPeriods;
    private long _allocatedAtLastTrim;

    private IdleHeapTrim(RedisServer server) => _server = server;

    /// <summary>Trims done so far.</summary>
    public int Trims { get; private set; }

    /// <summary>Registers the timer on <paramref name="server"/>'s event loop.</summary>
    public static IdleHeapTrim Start(RedisServer server)
    {
        var trim = new IdleHeapTrim(server);
        server.Loop.CreateTimeEvent(PeriodMilliseconds, trim.Check);
        return trim;
    }

    /// <summary>
    /// A compacting, decommitting full collection, the large object heap included, after letting go of the reply
    /// chunks kept for reuse: what MEMORY PURGE does and what the idle trim does by itself.
    /// </summary>
    public static void Compact()
    {
        ReplyBuffer.ReleasePooledChunks();
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }

    private long Check()
    {
        long commands = _server.Stats.TotalCommandsProcessed;
        _quietPeriods = commands == _lastCommands ? _quietPeriods + 1 : 0;
        _lastCommands = commands;
        if (_quietPeriods >= IdlePeriods && WorthTrimming())
        {
            Compact();
            _allocatedAtLastTrim = GC.GetTotalAllocatedBytes();
            Trims++;
        }
        return PeriodMilliseconds;
    }

    // The heap holds at least MinimumSlackBytes, and half again as much as used_memory, beyond what used_memory
    // counts, and enough has been allocated since the last trim for some of it to be new garbage.
    private bool WorthTrimming()
    {
        if (GC.GetTotalAllocatedBytes() - _allocatedAtLastTrim < MinimumAllocatedBetweenTrims)
        {
            return false;
        }
        long used = _server.Memory.Total;
        long committed = GC.GetGCMemoryInfo().TotalCommittedBytes;
        return committed - used > Math.Max(MinimumSlackBytes, used / 2);
    }
}
