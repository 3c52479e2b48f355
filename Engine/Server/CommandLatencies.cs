using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Reactor.MiniRedis.Engine.Commands;

namespace Reactor.MiniRedis.Engine.Server;

/// <summary>
/// The per-command latency histograms (the latency_histogram of each struct redisCommand): indexed by
/// <see cref="CommandSpec.Id"/>, each created on its command's first recorded call, as Redis's hdr_init in
/// updateCommandLatencyHistogram. Read by INFO latencystats and LATENCY HISTOGRAM; CONFIG RESETSTAT drops them.
/// </summary>
public sealed class CommandLatencies
{
    private readonly LatencyHistogram?[] _histograms = new LatencyHistogram?[CommandTable.Flattened.Length];

    /// <summary>The histogram of <paramref name="command"/>, or null when it has recorded nothing since the last reset.</summary>
    public LatencyHistogram? For(CommandSpec command) => _histograms[command.Id];

    /// <summary>
    /// updateCommandLatencyHistogram(duration * 1000): records a call of <paramref name="microseconds"/> in
    /// nanoseconds, as Redis does.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Record(int commandId, long microseconds) =>
        (_histograms[commandId] ?? Create(commandId)).Record(microseconds * 1000);

    /// <summary>resetCommandTableStats: every histogram is freed (the next call starts a new one).</summary>
    public void Reset() => Array.Clear(_histograms);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private LatencyHistogram Create(int commandId) => _histograms[commandId] = new LatencyHistogram();

    /*
     * The latencystats section (genRedisInfoStringLatencyStats + fillPercentileDistributionLatencies): a line per
     * command with a histogram, "latency_percentiles_usec_<name>:p50=1.003,p99=..." with each percentile as %f trimmed
     * and each value in microseconds with three decimals. Commands come in table order (Redis: its dict's order).
     */
    internal void AppendInfo(StringBuilder text, double[] percentiles)
    {
        foreach (CommandSpec command in CommandTable.Flattened)
        {
            LatencyHistogram? histogram = _histograms[command.Id];
            if (histogram is null)
            {
                continue;
            }
            text.Append("latency_percentiles_usec_").Append(command.Name).Append(':');
            for (int j = 0; j < percentiles.Length; j++)
            {
                if (j != 0)
                {
                    text.Append(',');
                }
                double micros = histogram.ValueAtPercentile(percentiles[j]) / 1000.0;
                text.Append('p').Append(LatencyPercentiles.FormatOne(percentiles[j])).Append('=')
                    .Append(micros.ToString("F3", CultureInfo.InvariantCulture));
            }
            text.Append("\r\n");
        }
    }
}
