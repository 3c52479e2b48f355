using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Reactor.MiniRedis.Engine.Server;

/// <summary>
/// The latency monitor (redis/redis src/latency.c): while latency-monitor-threshold is set, every monitored step
/// that takes at least that many milliseconds adds a sample to its event's <see cref="LatencyTimeSeries"/>, created
/// on the first sample. LATENCY LATEST, HISTORY, GRAPH, DOCTOR and RESET read and clear the events.
/// </summary>
public sealed class LatencyMonitor
{
    /// <summary>A command without the fast flag (call()).</summary>
    public const string Command = "command";

    /// <summary>A command flagged fast (call()).</summary>
    public const string FastCommand = "fast-command";

    /// <summary>Serving a blocked command once its key is ready (updateStatsOnUnblock's reply time).</summary>
    public const string CommandUnblocking = "command-unblocking";

    /// <summary>One active expire cycle, slow or fast (activeExpireCycle).</summary>
    public const string ExpireCycle = "expire-cycle";

    /// <summary>One round of evictions (performEvictions).</summary>
    public const string EvictionCycle = "eviction-cycle";

    /// <summary>Deleting one evicted key (performEvictions).</summary>
    public const string EvictionDel = "eviction-del";

    /// <summary>Every write of the AOF buffer (flushAppendOnlyFile), besides one of the three below.</summary>
    public const string AofWrite = "aof-write";

    /// <summary>An AOF write while a background fsync is in progress.</summary>
    public const string AofWritePendingFsync = "aof-write-pending-fsync";

    /// <summary>An AOF write while a background save or rewrite runs.</summary>
    public const string AofWriteActiveChild = "aof-write-active-child";

    /// <summary>An AOF write with neither.</summary>
    public const string AofWriteAlone = "aof-write-alone";

    /// <summary>The fsync of appendfsync always.</summary>
    public const string AofFsyncAlways = "aof-fsync-always";

    /// <summary>Renaming the rewritten AOF base file into place (backgroundRewriteDoneHandler).</summary>
    public const string AofRename = "aof-rename";

    private const int GraphColumns = 80;

    private readonly ServerConfig _config;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, LatencyTimeSeries> _events = new(StringComparer.Ordinal);

    internal LatencyMonitor(ServerConfig config, TimeProvider time)
    {
        _config = config;
        _time = time;
    }

    /// <summary>The events with samples, in the order they were first seen.</summary>
    public IReadOnlyDictionary<string, LatencyTimeSeries> Events => _events;

    private long Threshold => _config.LatencyMonitorThreshold;

    private long UnixSeconds => _time.GetUtcNow().ToUnixTimeSeconds();

    /// <summary>
    /// latencyAddSampleIfNeeded: adds <paramref name="milliseconds"/> to <paramref name="eventName"/> when the
    /// monitor is on and the latency reaches the threshold. Inlined: the usual case is one compare.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AddSampleIfNeeded(string eventName, long milliseconds)
    {
        long threshold = Threshold;
        if (threshold != 0 && milliseconds >= threshold)
        {
            AddSample(eventName, milliseconds);
        }
    }

    /// <summary>latencyStartMonitor: the time in milliseconds (mstime) when the monitor is on, otherwise 0.</summary>
    public long StartMonitor() => Threshold != 0 ? _time.GetUtcNow().ToUnixTimeMilliseconds() : 0;

    /// <summary>
    /// latencyEndMonitor + latencyAddSampleIfNeeded for a step timed by <see cref="StartMonitor"/>; returns the
    /// milliseconds it took (0 when the monitor was off), for a step Redis also counts under a second event.
    /// </summary>
    public long EndMonitor(string eventName, long started)
    {
        if (started == 0)
        {
            return 0;
        }
        long milliseconds = _time.GetUtcNow().ToUnixTimeMilliseconds() - started;
        AddSampleIfNeeded(eventName, milliseconds);
        return milliseconds;
    }

    /// <summary>latencyAddSample: creates the event's series on its first sample.</summary>
    public void AddSample(string eventName, long milliseconds)
    {
        if (!_events.TryGetValue(eventName, out LatencyTimeSeries? series))
        {
            series = new LatencyTimeSeries();
            _events.Add(eventName, series);
        }
        series.Add(UnixSeconds, milliseconds);
    }

    /// <summary>latencyResetEvent: drops the named event (any case), or every event when null; returns how many.</summary>
    public int Reset(string? eventName)
    {
        int resets = 0;
        foreach (string name in _events.Keys.ToList())
        {
            if (eventName is null || string.Equals(name, eventName, StringComparison.OrdinalIgnoreCase))
            {
                _events.Remove(name);
                resets++;
            }
        }
        return resets;
    }

    /*
     * latencyCommandGenSparkeline: a header with the high, low and all-time-high latencies, 80 dashes, then the
     * samples oldest first as a 4-row sparkline labelled with how long ago each was (s, m, h or d).
     */
    internal string Graph(string eventName, LatencyTimeSeries series)
    {
        var sparkline = new Sparkline();
        long min = 0, max = 0, now = UnixSeconds;
        bool first = true;
        for (int j = 0; j < LatencyTimeSeries.Length; j++)
        {
            int i = (series.Index + j) % LatencyTimeSeries.Length;
            if (series.TimeAt(i) == 0)
            {
                continue;
            }
            long latency = series.LatencyAt(i);
            if (first)
            {
                min = max = latency;
                first = false;
            }
            else
            {
                max = Math.Max(max, latency);
                min = Math.Min(min, latency);
            }
            int elapsed = (int)(now - series.TimeAt(i));
            string label = elapsed switch
            {
                < 60 => $"{elapsed}s",
                < 3600 => $"{elapsed / 60}m",
                < 3600 * 24 => $"{elapsed / 3600}h",
                _ => $"{elapsed / (3600 * 24)}d",
            };
            sparkline.Add(latency, label);
        }
        var graph = new StringBuilder();
        graph.Append(CultureInfo.InvariantCulture, $"{eventName} - high {max} ms, low {min} ms (all time high {series.Max} ms)\n");
        graph.Append('-', GraphColumns).Append('\n');
        sparkline.Render(graph, GraphColumns, 4);
        return graph.ToString();
    }
}
