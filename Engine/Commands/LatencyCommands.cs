using System.Text;
using Reactor.MiniRedis.Engine.Server;
using Reactor.MiniRedis.Protocol;

namespace Reactor.MiniRedis.Engine.Commands;

/// <summary>LATENCY DOCTOR, GRAPH, HISTORY, LATEST, RESET, HISTOGRAM, HELP: latencyCommand in redis/redis src/latency.c.</summary>
public static class LatencyCommands
{
    /// <summary>fillCommandCDF's first bucket: 1024 ns, each next one twice as wide.</summary>
    private const long FirstBucketNanoseconds = 1024;

    private static readonly string[] s_help =
    [
        "DOCTOR",
        "    Return a human readable latency analysis report.",
        "GRAPH <event>",
        "    Return an ASCII latency graph for the <event> class.",
        "HISTORY <event>",
        "    Return time-latency samples for the <event> class.",
        "LATEST",
        "    Return the latest latency samples for all events.",
        "RESET [<event> ...]",
        "    Reset latency data of one or more <event> classes.",
        "    (default: reset all data for all event classes)",
        "HISTOGRAM [COMMAND ...]",
        "    Return a cumulative distribution of latencies in the format of a histogram for the specified command names.",
        "    If no commands are specified then all histograms are replied.",
    ];

    /// <summary>
    /// LATENCY HISTORY event: the event's samples oldest first, each [unix time, milliseconds]
    /// (latencyCommandReplyWithSamples); an unknown event (names are case-sensitive) is an empty array.
    /// </summary>
    public static void History(CommandContext ctx)
    {
        if (!ctx.Server.Latency.Events.TryGetValue(ctx.ArgString(2), out LatencyTimeSeries? series))
        {
            ctx.Reply.WriteArrayHeader(0);
            return;
        }
        int samples = 0;
        for (int j = 0; j < LatencyTimeSeries.Length; j++)
        {
            samples += series.TimeAt(j) != 0 ? 1 : 0;
        }
        ctx.Reply.WriteArrayHeader(samples);
        for (int j = 0; j < LatencyTimeSeries.Length; j++)
        {
            int i = (series.Index + j) % LatencyTimeSeries.Length;
            if (series.TimeAt(i) == 0)
            {
                continue;
            }
            ctx.Reply.WriteArrayHeader(2);
            ctx.Reply.WriteInteger(series.TimeAt(i));
            ctx.Reply.WriteInteger(series.LatencyAt(i));
        }
    }

    /// <summary>
    /// LATENCY LATEST: per event, [name, unix time of the newest sample, its latency, the all-time max]
    /// (latencyCommandReplyWithLatestEvents).
    /// </summary>
    public static void Latest(CommandContext ctx)
    {
        IReadOnlyDictionary<string, LatencyTimeSeries> events = ctx.Server.Latency.Events;
        ctx.Reply.WriteArrayHeader(events.Count);
        foreach ((string name, LatencyTimeSeries series) in events)
        {
            int last = series.LastSlot;
            ctx.Reply.WriteArrayHeader(4);
            ctx.Reply.WriteBulk(Encoding.ASCII.GetBytes(name));
            ctx.Reply.WriteInteger(series.TimeAt(last));
            ctx.Reply.WriteInteger(series.LatencyAt(last));
            ctx.Reply.WriteInteger(series.Max);
        }
    }

    /// <summary>LATENCY GRAPH event: the event's ASCII graph; <c>ERR No samples available for event 'x'</c> for an unknown one.</summary>
    public static void Graph(CommandContext ctx)
    {
        string name = ctx.ArgString(2);
        if (!ctx.Server.Latency.Events.TryGetValue(name, out LatencyTimeSeries? series))
        {
            ctx.Error(ErrorText.NoLatencySamples(ctx.Arg(2)));
            return;
        }
        ctx.Reply.WriteVerbatim(Encoding.ASCII.GetBytes(ctx.Server.Latency.Graph(name, series)), "txt"u8);
    }

    /// <summary>LATENCY DOCTOR: the human-readable report (createLatencyReport).</summary>
    public static void Doctor(CommandContext ctx)
    {
        RedisServer server = ctx.Server;
        string report = LatencyDoctor.CreateReport(server.Latency, server.Config, server.Time.GetUtcNow().ToUnixTimeSeconds());
        ctx.Reply.WriteVerbatim(Encoding.ASCII.GetBytes(report), "txt"u8);
    }

    /// <summary>LATENCY RESET [event ...]: drops the named events (any case), or all; replies how many were dropped.</summary>
    public static void Reset(CommandContext ctx)
    {
        LatencyMonitor latency = ctx.Server.Latency;
        if (ctx.ArgCount == 2)
        {
            ctx.Reply.WriteInteger(latency.Reset(null));
            return;
        }
        int resets = 0;
        for (int j = 2; j < ctx.ArgCount; j++)
        {
            resets += latency.Reset(ctx.ArgString(j));
        }
        ctx.Reply.WriteInteger(resets);
    }

    /*
     * LATENCY HISTOGRAM [command ...]: a map of command name to {calls, histogram_usec}, for every command with a
     * histogram (latencyAllCommandsFillCDF), or for the named ones (latencySpecificCommandsFillCDF): a name may be a
     * subcommand ("config|get"); a container adds its subcommands; unknown names and commands never called are left
     * out; a name given twice is answered twice.
     */
    public static void Histogram(CommandContext ctx)
    {
        CommandLatencies latencies = ctx.Server.CommandLatencies;
        var replied = new List<(CommandSpec Command, LatencyHistogram Histogram)>();
        void Add(CommandSpec command)
        {
            if (latencies.For(command) is { } histogram)
            {
                replied.Add((command, histogram));
            }
        }
        if (ctx.ArgCount == 2)
        {
            foreach (CommandSpec command in CommandTable.Flattened)
            {
                Add(command);
            }
        }
        for (int j = 2; j < ctx.ArgCount; j++)
        {
            if (CommandCommands.FindByFullName(ctx.Arg(j)) is not { } command)
            {
                continue;
            }
            Add(command);
            foreach (CommandSpec sub in command.Subcommands ?? [])
            {
                Add(sub);
            }
        }
        ctx.Reply.WriteMapHeader(replied.Count);
        foreach ((CommandSpec command, LatencyHistogram histogram) in replied)
        {
            ctx.Reply.WriteBulk(Encoding.ASCII.GetBytes(command.Name));
            FillCommandCdf(ctx, histogram);
        }
    }

    /// <summary>LATENCY HELP</summary>
    public static void Help(CommandContext ctx) => HelpReply.Write(ctx, s_help);

    /*
     * fillCommandCDF: {"calls": total, "histogram_usec": {bucket: cumulative count}} where the buckets are the
     * log-scaled steps of the histogram (1024 ns doubling) that add calls, each keyed by its highest value in
     * microseconds (1, 2, 4, 8, 16, 33, 66, ...).
     */
    private static void FillCommandCdf(CommandContext ctx, LatencyHistogram histogram)
    {
        ctx.Reply.WriteMapHeader(2);
        ctx.Reply.WriteBulk("calls"u8);
        ctx.Reply.WriteInteger(histogram.TotalCount);
        ctx.Reply.WriteBulk("histogram_usec"u8);
        List<(long HighestEquivalentValue, long CumulativeCount)> steps = histogram.LogBuckets(FirstBucketNanoseconds, 2);
        int buckets = 0;
        long previous = 0;
        foreach ((_, long cumulative) in steps)
        {
            buckets += cumulative > previous ? 1 : 0;
            previous = cumulative;
        }
        ctx.Reply.WriteMapHeader(buckets);
        previous = 0;
        foreach ((long highest, long cumulative) in steps)
        {
            if (cumulative > previous)
            {
                ctx.Reply.WriteInteger(highest / 1000);
                ctx.Reply.WriteInteger(cumulative);
            }
            previous = cumulative;
        }
    }
}
