using System.Globalization;
using System.Runtime;
using System.Runtime.CompilerServices;
using System.Text;
using Reactor.MiniRedis.Engine.Memory;
using Reactor.MiniRedis.Engine.Server;
using Reactor.MiniRedis.Protocol;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Engine.Commands;

/// <summary>
/// The MEMORY subcommands (memoryCommand, getMemoryOverheadData and getMemoryDoctorReport in redis/redis
/// src/object.c). Redis's allocator is jemalloc; ours is the .NET garbage collector, so "allocated" is what INFO
/// reports as used_memory (the server's own accounting, <see cref="Memory.UsedMemory"/>), "active" the managed heap's
/// size including garbage and free space between objects, and "resident" the memory the collector has committed.
/// The per-key estimate is <see cref="MemoryUsage"/>.
/// </summary>
public static class MemoryCommand
{
    private const long EmptyInstanceBytes = 5 * 1024 * 1024;
    private const long ReportableBytes = 10 << 20;

    private static readonly string[] s_help =
    [
        "DOCTOR",
        "    Return memory problems reports.",
        "MALLOC-STATS",
        "    Return internal statistics report from the memory allocator.",
        "PURGE",
        "    Attempt to purge dirty pages for reclamation by the allocator.",
        "STATS",
        "    Return information about the memory usage of the server.",
        "USAGE <key> [SAMPLES <count>]",
        "    Return memory in bytes used by <key> and its value. Nested values are",
        "    sampled up to <count> times (default: 5, 0 means sample all).",
    ];

    /// <summary>MEMORY HELP</summary>
    public static void Help(CommandContext ctx) => HelpReply.Write(ctx, s_help);

    /// <summary>MEMORY USAGE key [SAMPLES count]</summary>
    /// <remarks>
    /// The options are parsed first (SAMPLES takes an integer; a negative one, an unknown option or a missing value
    /// is a syntax error; 0 means every element), then a missing key replies nil. The key is inspected without
    /// touching its access clock or counting a keyspace hit; unlike Redis's raw dictFind, a key whose time to live
    /// has passed is expired here rather than measured.
    /// </remarks>
    public static void Usage(CommandContext ctx)
    {
        long samples = MemoryUsage.DefaultSamples;
        for (int j = 3; j < ctx.ArgCount; j++)
        {
            if (ctx.ArgIs(j, "samples"u8) && j + 1 < ctx.ArgCount)
            {
                if (!ctx.TryGetInt64(j + 1, out samples))
                {
                    return;
                }
                if (samples < 0)
                {
                    ctx.SyntaxError();
                    return;
                }
                j++;
            }
            else
            {
                ctx.SyntaxError();
                return;
            }
        }
        ReadOnlySpan<byte> key = ctx.Arg(2);
        ref StoredValue value = ref ctx.Db.LookupStored(key, touch: false);
        if (Unsafe.IsNullRef(ref value))
        {
            ctx.Reply.WriteNullBulk();
            return;
        }
        ctx.Reply.WriteInteger(MemoryUsage.KeyUsage(key, in value, samples));
    }

    /// <summary>MEMORY STATS</summary>
    /// <remarks>Redis 7.0's fields in its order, as a map (a flat array in RESP2); ratios and percentages are doubles.</remarks>
    public static void Stats(CommandContext ctx)
    {
        MemoryOverhead mh = MemoryOverhead.Measure(ctx.Server);
        ctx.Reply.WriteMapHeader(27 + mh.Databases.Count);
        Pair(ctx, "peak.allocated"u8, mh.PeakAllocated);
        Pair(ctx, "total.allocated"u8, mh.TotalAllocated);
        Pair(ctx, "startup.allocated"u8, mh.StartupAllocated);
        Pair(ctx, "replication.backlog"u8, 0);
        Pair(ctx, "clients.slaves"u8, 0);
        Pair(ctx, "clients.normal"u8, mh.ClientsNormal);
        Pair(ctx, "cluster.links"u8, 0);
        Pair(ctx, "aof.buffer"u8, 0);
        Pair(ctx, "lua.caches"u8, 0);
        Pair(ctx, "functions.caches"u8, 0);
        foreach ((int id, long main, long expires) in mh.Databases)
        {
            ctx.Reply.WriteBulk(Encoding.ASCII.GetBytes($"db.{id}"));
            ctx.Reply.WriteMapHeader(3);
            Pair(ctx, "overhead.hashtable.main"u8, main);
            Pair(ctx, "overhead.hashtable.expires"u8, expires);
            Pair(ctx, "overhead.hashtable.slot-to-keys"u8, 0);
        }
        Pair(ctx, "overhead.total"u8, mh.OverheadTotal);
        Pair(ctx, "keys.count"u8, mh.TotalKeys);
        Pair(ctx, "keys.bytes-per-key"u8, mh.BytesPerKey);
        Pair(ctx, "dataset.bytes"u8, mh.Dataset);
        Pair(ctx, "dataset.percentage"u8, mh.DatasetPercentage);
        Pair(ctx, "peak.percentage"u8, mh.PeakPercentage);
        Pair(ctx, "allocator.allocated"u8, mh.TotalAllocated);
        Pair(ctx, "allocator.active"u8, mh.Active);
        Pair(ctx, "allocator.resident"u8, mh.Resident);
        Pair(ctx, "allocator-fragmentation.ratio"u8, Ratio(mh.Active, mh.TotalAllocated));
        Pair(ctx, "allocator-fragmentation.bytes"u8, mh.Active - mh.TotalAllocated);
        Pair(ctx, "allocator-rss.ratio"u8, Ratio(mh.Resident, mh.Active));
        Pair(ctx, "allocator-rss.bytes"u8, mh.Resident - mh.Active);
        Pair(ctx, "rss-overhead.ratio"u8, Ratio(mh.ProcessRss, mh.Resident));
        Pair(ctx, "rss-overhead.bytes"u8, mh.ProcessRss - mh.Resident);
        Pair(ctx, "fragmentation"u8, Ratio(mh.ProcessRss, mh.TotalAllocated));
        Pair(ctx, "fragmentation.bytes"u8, mh.ProcessRss - mh.TotalAllocated);
    }

    /// <summary>MEMORY DOCTOR</summary>
    /// <remarks>
    /// getMemoryDoctorReport's checks on this server's figures: under 5 MB in use it declines (Redis's text), with
    /// nothing found it says so (Redis's text), otherwise it lists what it found: a peak over 150% of current use,
    /// more than 1.4 times (and 10 MB) the heap in RSS, heap fragmentation or committed-but-unused memory over 1.1
    /// times (and 10 MB), or clients' buffers over 200 KB each on average. The advice in those entries is about
    /// this server (a garbage-collected heap, MEMORY PURGE compacting it), not jemalloc's.
    /// </remarks>
    public static void Doctor(CommandContext ctx)
    {
        MemoryOverhead mh = MemoryOverhead.Measure(ctx.Server);
        var issues = new List<string>();
        if (mh.TotalAllocated >= EmptyInstanceBytes)
        {
            if ((double)mh.PeakAllocated / mh.TotalAllocated > 1.5)
            {
                issues.Add(" * Peak memory: In the past this instance used more than 150% the memory that is currently using. The garbage collector keeps part of the heap it grew for the peak committed, so the RSS can stay above what the data needs until the memory is reused. If the peak was only occasional and you want to try to reclaim memory, please try the MEMORY PURGE command, which compacts the heap and returns free pages to the operating system.");
            }
            if (Ratio(mh.ProcessRss, mh.TotalAllocated) > 1.4 && mh.ProcessRss - mh.TotalAllocated > ReportableBytes)
            {
                issues.Add(" * High total RSS: This instance has a memory fragmentation and RSS overhead greater than 1.4 (this means that the Resident Set Size of the process is much larger than the managed heap in use). This is usually due either to a large peak memory (check if there is a peak memory entry above in the report) or to free space the garbage collector keeps for future allocations. MEMORY PURGE compacts the heap and releases what it can.");
            }
            if (Ratio(mh.Active, mh.TotalAllocated) > 1.1 && mh.Active - mh.TotalAllocated > ReportableBytes)
            {
                issues.Add(" * High heap fragmentation: The managed heap holds more than 10% of free space between live objects. A compacting collection (MEMORY PURGE) removes it.");
            }
            if (Ratio(mh.Resident, mh.Active) > 1.1 && mh.Resident - mh.Active > ReportableBytes)
            {
                issues.Add(" * High committed memory: The garbage collector has committed more than 110% of the heap's size. This is usually due to a large peak memory; MEMORY PURGE asks the collector to decommit what it does not need.");
            }
            int clients = ctx.Server.Clients.Count;
            if (clients > 0 && mh.ClientsNormal / clients > 1024 * 200)
            {
                issues.Add(" * Big client buffers: The clients output buffers in this instance are greater than 200K per client (on average). This may result from different causes, like Pub/Sub clients subscribed to channels bot not receiving data fast enough, so that data piles on the Redis instance output buffer, or clients sending commands with large replies or very large sequences of commands in the same pipeline. Please use the CLIENT LIST command in order to investigate the issue if it causes problems in your instance, or to understand better why certain clients are using a big amount of memory.");
            }
        }
        string report;
        if (mh.TotalAllocated < EmptyInstanceBytes)
        {
            report = "Hi Sam, this instance is empty or is using very little memory, my issues detector can't be used in these conditions. Please, leave for your mission on Earth and fill it with some data. The new Sam and I will be back to our programming as soon as I finished rebooting.\n";
        }
        else if (issues.Count == 0)
        {
            report = "Hi Sam, I can't find any memory issue in your instance. I can only account for what occurs on this base.\n";
        }
        else
        {
            var text = new StringBuilder("Sam, I detected a few issues in this Redis instance memory implants:\n\n");
            foreach (string issue in issues)
            {
                text.Append(issue).Append("\n\n");
            }
            report = text.Append("I'm here to keep you safe, Sam. I want to help you.\n").ToString();
        }
        ctx.Reply.WriteVerbatim(Encoding.ASCII.GetBytes(report), "txt"u8);
    }

    /// <summary>MEMORY MALLOC-STATS</summary>
    /// <remarks>
    /// Redis prints jemalloc's statistics. Our allocator is the garbage collector, so this is its report: the heap,
    /// what the last collection found, and the counts and pauses so far (<see cref="GC.GetGCMemoryInfo()"/>).
    /// </remarks>
    public static void MallocStats(CommandContext ctx)
    {
        GCMemoryInfo info = GC.GetGCMemoryInfo();
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"___ Begin .NET garbage collector statistics ___\n");
        text.Append(CultureInfo.InvariantCulture, $"Mode: {(GCSettings.IsServerGC ? "server" : "workstation")}, latency mode: {GCSettings.LatencyMode}, concurrent: {info.Concurrent}\n");
        text.Append(CultureInfo.InvariantCulture, $"Allocated (in use, including garbage not yet collected): {GC.GetTotalMemory(false)}\n");
        text.Append(CultureInfo.InvariantCulture, $"Allocated since start: {GC.GetTotalAllocatedBytes(false)}\n");
        text.Append(CultureInfo.InvariantCulture, $"Heap size at last collection: {info.HeapSizeBytes}, fragmented: {info.FragmentedBytes}, committed: {info.TotalCommittedBytes}\n");
        text.Append(CultureInfo.InvariantCulture, $"Promoted by last collection: {info.PromotedBytes}, pinned objects: {info.PinnedObjectsCount}, finalization pending: {info.FinalizationPendingCount}\n");
        text.Append(CultureInfo.InvariantCulture, $"Memory load: {info.MemoryLoadBytes}, high load threshold: {info.HighMemoryLoadThresholdBytes}, available: {info.TotalAvailableMemoryBytes}\n");
        ReadOnlySpan<GCGenerationInfo> generations = info.GenerationInfo;
        string[] names = ["gen0", "gen1", "gen2", "loh", "poh"];
        for (int i = 0; i < generations.Length && i < names.Length; i++)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"{names[i]}: size before {generations[i].SizeBeforeBytes}, after {generations[i].SizeAfterBytes}, fragmentation after {generations[i].FragmentationAfterBytes}\n");
        }
        text.Append(CultureInfo.InvariantCulture, $"Collections: gen0 {GC.CollectionCount(0)}, gen1 {GC.CollectionCount(1)}, gen2 {GC.CollectionCount(2)}\n");
        text.Append(CultureInfo.InvariantCulture, $"Pause time total: {GC.GetTotalPauseDuration().TotalMilliseconds:F3} ms, last collection paused {info.PauseTimePercentage:F2}% of the time\n");
        text.Append("___ End .NET garbage collector statistics ___\n");
        ctx.Reply.WriteVerbatim(Encoding.ASCII.GetBytes(text.ToString()), "txt"u8);
    }

    /// <summary>MEMORY PURGE</summary>
    /// <remarks>
    /// Redis asks jemalloc to return dirty pages to the system. The counterpart here is a full, compacting, blocking
    /// collection that also compacts the large object heap and decommits what it frees
    /// (<see cref="GCCollectionMode.Aggressive"/>). Like Redis's purge it runs on the loop and can take a while on a
    /// big heap ("could be slow", says the command's documentation).
    /// </remarks>
    public static void Purge(CommandContext ctx)
    {
        IdleHeapTrim.Compact();
        ctx.Reply.WriteOk();
    }

    private static double Ratio(long part, long whole) => whole <= 0 ? 0 : (double)part / whole;

    private static void Pair(CommandContext ctx, ReadOnlySpan<byte> name, long value)
    {
        ctx.Reply.WriteBulk(name);
        ctx.Reply.WriteInteger(value);
    }

    // Redis keeps these as floats and replies them with addReplyDouble (%.17g of the float's value).
    private static void Pair(CommandContext ctx, ReadOnlySpan<byte> name, double value)
    {
        ctx.Reply.WriteBulk(name);
        Span<byte> text = stackalloc byte[ScoreFormat.MaxLength];
        ctx.Reply.WriteDouble(text[..ScoreFormat.Format((float)value, text)]);
    }

    /// <summary>
    /// getMemoryOverheadData: where the memory goes. Overheads are what Redis counts as overhead (startup memory,
    /// client buffers, the keyspace tables' entries and buckets); the dataset is the rest of what is allocated.
    /// </summary>
    private sealed record MemoryOverhead(
        long PeakAllocated,
        long TotalAllocated,
        long StartupAllocated,
        long ClientsNormal,
        List<(int Id, long Main, long Expires)> Databases,
        long OverheadTotal,
        long TotalKeys,
        long Active,
        long Resident,
        long ProcessRss)
    {
        private long NetUsage => TotalAllocated > StartupAllocated ? TotalAllocated - StartupAllocated : 1;

        public long BytesPerKey => TotalKeys == 0 ? 0 : NetUsage / TotalKeys;

        public long Dataset => TotalAllocated > OverheadTotal ? TotalAllocated - OverheadTotal : 0;

        public double DatasetPercentage => Dataset * 100.0 / NetUsage;

        public double PeakPercentage => PeakAllocated == 0 ? 0 : TotalAllocated * 100.0 / PeakAllocated;

        public static MemoryOverhead Measure(RedisServer server)
        {
            long clients = server.Memory.SampleClients();
            long allocated = server.Memory.Total;
            server.Stats.UpdatePeakMemory(allocated);
            long overhead = server.UsedMemoryAtStartup + clients;
            long keys = 0;
            var databases = new List<(int, long, long)>();
            for (int i = 0; i < server.Keyspace.Count; i++)
            {
                Database db = server.Keyspace[i];
                if (db.Count == 0)
                {
                    continue;
                }
                long main = MemoryUsage.TableOverhead<StoredValue>(db.Count, db.Slots);
                long expires = MemoryUsage.TableOverhead<long>(db.ExpiresCount, db.ExpiresSlots);
                databases.Add((i, main, expires));
                overhead += main + expires;
                keys += db.Count;
            }
            GCMemoryInfo info = GC.GetGCMemoryInfo();
            long active = Math.Max(allocated, Math.Max(GC.GetTotalMemory(false), info.HeapSizeBytes));
            long resident = Math.Max(active, info.TotalCommittedBytes);
            return new MemoryOverhead(server.Stats.PeakMemory, allocated, server.UsedMemoryAtStartup, clients, databases,
                overhead, keys, active, resident, ResourceUsage.ResidentSetSize());
        }
    }
}
