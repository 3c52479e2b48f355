using System.Globalization;
using System.Text;
using Reactor.MiniRedis.Engine.Persistence;

namespace Reactor.MiniRedis.Engine.Server;

/// <summary>
/// LATENCY DOCTOR's report (createLatencyReport and analyzeLatencyForEvent in redis/redis src/latency.c), with
/// Redis's exact texts: a line per event, then the advice its events call for.
/// </summary>
internal static class LatencyDoctor
{
    [Flags]
    private enum Advice
    {
        None = 0,
        SlowlogEnabled = 1 << 0,
        SlowlogTuning = 1 << 1,
        SlowlogInspect = 1 << 2,
        Scheduler = 1 << 3,
        LocalDisk = 1 << 4,
        Ssd = 1 << 5,
        DataWriteback = 1 << 6,
        DiskContention = 1 << 7,
        NoAppendfsync = 1 << 8,
        RelaxFsyncPolicy = 1 << 9,
        WriteLoadInfo = 1 << 10,
        Hz = 1 << 11,
        LargeObjects = 1 << 12,
        MassEviction = 1 << 13,
        DisableThp = 1 << 14,
    }

    // The advice texts of createLatencyReport, in the order Redis prints them; {0} is the threshold in microseconds.
    private static readonly (Advice Advice, string Text)[] s_advice =
    [
        (Advice.SlowlogEnabled, "- There are latency issues with potentially slow commands you are using. Try to enable the Slow Log Redis feature using the command 'CONFIG SET slowlog-log-slower-than {0}'. If the Slow log is disabled Redis is not able to log slow commands execution for you.\n"),
        (Advice.SlowlogTuning, "- Your current Slow Log configuration only logs events that are slower than your configured latency monitor threshold. Please use 'CONFIG SET slowlog-log-slower-than {0}'.\n"),
        (Advice.SlowlogInspect, "- Check your Slow Log to understand what are the commands you are running which are too slow to execute. Please check https://redis.io/commands/slowlog for more information.\n"),
        (Advice.Scheduler, "- The system is slow to execute Redis code paths not containing system calls. This usually means the system does not provide Redis CPU time to run for long periods. You should try to:\n"
            + "  1) Lower the system load.\n"
            + "  2) Use a computer / VM just for Redis if you are running other software in the same system.\n"
            + "  3) Check if you have a \"noisy neighbour\" problem.\n"
            + "  4) Check with 'redis-cli --intrinsic-latency 100' what is the intrinsic latency in your system.\n"
            + "  5) Check if the problem is allocator-related by recompiling Redis with MALLOC=libc, if you are using Jemalloc. However this may create fragmentation problems.\n"),
        (Advice.LocalDisk, "- It is strongly advised to use local disks for persistence, especially if you are using AOF. Remote disks provided by platform-as-a-service providers are known to be slow.\n"),
        (Advice.Ssd, "- SSD disks are able to reduce fsync latency, and total time needed for snapshotting and AOF log rewriting (resulting in smaller memory usage and smaller final AOF rewrite buffer flushes). With extremely high write load SSD disks can be a good option. However Redis should perform reasonably with high load using normal disks. Use this advice as a last resort.\n"),
        (Advice.DataWriteback, "- Mounting ext3/4 filesystems with data=writeback can provide a performance boost compared to data=ordered, however this mode of operation provides less guarantees, and sometimes it can happen that after a hard crash the AOF file will have a half-written command at the end and will require to be repaired before Redis restarts.\n"),
        (Advice.DiskContention, "- Try to lower the disk contention. This is often caused by other disk intensive processes running in the same computer (including other Redis instances).\n"),
        (Advice.NoAppendfsync, "- Assuming from the point of view of data safety this is viable in your environment, you could try to enable the 'no-appendfsync-on-rewrite' option, so that fsync will not be performed while there is a child rewriting the AOF file or producing an RDB file (the moment where there is high disk contention).\n"),
        (Advice.RelaxFsyncPolicy, "- Your fsync policy is set to 'always'. It is very hard to get good performances with such a setup, if possible try to relax the fsync policy to 'onesec'.\n"),
        (Advice.WriteLoadInfo, "- Latency during the AOF atomic rename operation or when the final difference is flushed to the AOF file at the end of the rewrite, sometimes is caused by very high write load, causing the AOF buffer to get very large. If possible try to send less commands to accomplish the same work, or use Lua scripts to group multiple operations into a single EVALSHA call.\n"),
        (Advice.Hz, "- In order to make the Redis keys expiring process more incremental, try to set the 'hz' configuration parameter to 100 using 'CONFIG SET hz 100'.\n"),
        (Advice.LargeObjects, "- Deleting, expiring or evicting (because of maxmemory policy) large objects is a blocking operation. If you have very large objects that are often deleted, expired, or evicted, try to fragment those objects into multiple smaller objects.\n"),
        (Advice.MassEviction, "- Sudden changes to the 'maxmemory' setting via 'CONFIG SET', or allocation of large objects via sets or sorted sets intersections, STORE option of SORT, Redis Cluster large keys migrations (RESTORE command), may create sudden memory pressure forcing the server to block trying to evict keys. \n"),
        (Advice.DisableThp, "- I detected a non zero amount of anonymous huge pages used by your process. This creates very serious latency events in different conditions, especially when Redis is persisting on disk. To disable THP support use the command 'echo never > /sys/kernel/mm/transparent_hugepage/enabled', make sure to also add it into /etc/rc.local so that the command will be executed again after a reboot. Note that even if you have already disabled THP, you still need to restart the Redis process to get rid of the huge pages already created.\n"),
    ];

    /*
     * createLatencyReport. With no event and the monitor off, the "I'm sorry, Dave" line. Otherwise one line per event
     * (spikes, average, mean deviation, seconds between spikes, worst ever) and then each advice its events call for,
     * once, in Redis's order; the count of advices decides between the closing texts as in Redis, even where an
     * advice is then not printed (the fsync one under another policy, the hz one at hz 100 or more). The fork advice
     * is never given: this server does not fork.
     */
    public static string CreateReport(LatencyMonitor monitor, ServerConfig config, long now)
    {
        if (monitor.Events.Count == 0 && config.LatencyMonitorThreshold == 0)
        {
            return "I'm sorry, Dave, I can't do that. Latency monitoring is disabled in this Redis instance. You may use \"CONFIG SET latency-monitor-threshold <milliseconds>.\" in order to enable it. If we weren't in a deep space mission I'd suggest to take a look at https://redis.io/topics/latency-monitor.\n";
        }
        var report = new StringBuilder();
        Advice advice = Advice.None;
        int advices = 0;
        int eventNumber = 0;
        foreach ((string name, LatencyTimeSeries series) in monitor.Events)
        {
            eventNumber++;
            if (eventNumber == 1)
            {
                report.Append("Dave, I have observed latency spikes in this Redis instance. You don't mind talking about it, do you Dave?\n\n");
            }
            (int samples, long average, long deviation, long period) = Analyze(series, now);
            report.Append(CultureInfo.InvariantCulture,
                $"{eventNumber}. {name}: {samples} latency spikes (average {average}ms, mean deviation {deviation}ms, period {(double)period / samples:F2} sec). Worst all time event {series.Max}ms.");
            advices += ForEvent(name, config, ref advice);
            report.Append('\n');
        }
        if (AnonHugePagesBytes() > 0)
        {
            advice |= Advice.DisableThp;
            advices++;
        }
        if (eventNumber == 0 && advices == 0)
        {
            report.Append("Dave, no latency spike was observed during the lifetime of this Redis instance, not in the slightest bit. I honestly think you ought to sit down calmly, take a stress pill, and think things over.\n");
        }
        else if (eventNumber > 0 && advices == 0)
        {
            report.Append("\nWhile there are latency events logged, I'm not able to suggest any easy fix. Please use the Redis community to get some help, providing this report in your help request.\n");
        }
        else
        {
            report.Append("\nI have a few advices for you:\n\n");
            AppendAdvice(report, advice, config);
        }
        return report.ToString();
    }

    /*
     * analyzeLatencyForEvent: over the samples kept, their count, integer average, mean absolute deviation from that
     * average, and the period (seconds since the oldest, at least 1).
     */
    private static (int Samples, long Average, long Deviation, long Period) Analyze(LatencyTimeSeries series, long now)
    {
        int samples = 0;
        long sum = 0, oldest = 0;
        for (int j = 0; j < LatencyTimeSeries.Length; j++)
        {
            long time = series.TimeAt(j);
            if (time == 0)
            {
                continue;
            }
            samples++;
            sum += series.LatencyAt(j);
            if (oldest == 0 || time < oldest)
            {
                oldest = time;
            }
        }
        if (samples == 0)
        {
            return (0, 0, 0, 0);
        }
        long average = sum / samples;
        long deviations = 0;
        for (int j = 0; j < LatencyTimeSeries.Length; j++)
        {
            if (series.TimeAt(j) != 0)
            {
                deviations += Math.Abs(average - series.LatencyAt(j));
            }
        }
        return (samples, average, deviations / samples, Math.Max(1, now - oldest));
    }

    // The per-event part of createLatencyReport: which advices an event calls for, and how many it counts.
    private static int ForEvent(string name, ServerConfig config, ref Advice advice)
    {
        switch (name.ToLowerInvariant())
        {
            case LatencyMonitor.Command:
                int count = 2;
                if (config.SlowlogLogSlowerThan < 0)
                {
                    advice |= Advice.SlowlogEnabled;
                    count++;
                }
                else if (config.SlowlogLogSlowerThan / 1000 > config.LatencyMonitorThreshold)
                {
                    advice |= Advice.SlowlogTuning;
                    count++;
                }
                advice |= Advice.SlowlogInspect | Advice.LargeObjects;
                return count;
            case LatencyMonitor.FastCommand:
                advice |= Advice.Scheduler;
                return 1;
            case LatencyMonitor.AofWritePendingFsync:
                advice |= Advice.LocalDisk | Advice.DiskContention | Advice.Ssd | Advice.DataWriteback;
                return 4;
            case LatencyMonitor.AofWriteActiveChild:
                advice |= Advice.NoAppendfsync | Advice.DataWriteback | Advice.Ssd;
                return 3;
            case LatencyMonitor.AofWriteAlone:
                advice |= Advice.LocalDisk | Advice.DataWriteback | Advice.Ssd;
                return 3;
            case LatencyMonitor.AofFsyncAlways:
                advice |= Advice.RelaxFsyncPolicy;
                return 1;
            case "aof-fstat" or "rdb-unlink-temp-file":
                advice |= Advice.DiskContention | Advice.LocalDisk;
                return 2;
            case "aof-rewrite-diff-write" or LatencyMonitor.AofRename:
                advice |= Advice.WriteLoadInfo | Advice.DataWriteback | Advice.Ssd | Advice.LocalDisk;
                return 4;
            case LatencyMonitor.ExpireCycle:
                advice |= Advice.Hz | Advice.LargeObjects;
                return 2;
            case LatencyMonitor.EvictionDel:
                advice |= Advice.LargeObjects;
                return 1;
            case LatencyMonitor.EvictionCycle:
                advice |= Advice.MassEviction;
                return 1;
            default:
                return 0;
        }
    }

    // The advice part of createLatencyReport: each advice called for, once, in Redis's order. The fsync advice is only
    // printed under appendfsync always, the hz one below hz 100.
    private static void AppendAdvice(StringBuilder report, Advice advice, ServerConfig config)
    {
        if (config.AppendFsync != AofFsyncPolicy.Always)
        {
            advice &= ~Advice.RelaxFsyncPolicy;
        }
        if (config.Hz >= 100)
        {
            advice &= ~Advice.Hz;
        }
        foreach ((Advice flag, string text) in s_advice)
        {
            if ((advice & flag) != 0)
            {
                report.Append(string.Format(CultureInfo.InvariantCulture, text, config.LatencyMonitorThreshold * 1000));
            }
        }
    }

    /*
     * THPGetAnonHugePagesSize: this process's AnonHugePages (zmalloc_get_smap_bytes_by_field sums them over
     * /proc/self/smaps; smaps_rollup holds the sum). 0 where there is no such file.
     */
    internal static long AnonHugePagesBytes()
    {
        try
        {
            foreach (string line in File.ReadLines("/proc/self/smaps_rollup"))
            {
                if (line.StartsWith("AnonHugePages:", StringComparison.Ordinal))
                {
                    string[] parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    return long.Parse(parts[1], CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        return 0;
    }
}
