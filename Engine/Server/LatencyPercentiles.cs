using System.Globalization;
using System.Text;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Engine.Server;

/// <summary>
/// latency-tracking-info-percentiles: the percentiles INFO latencystats reports, as
/// setConfigLatencyTrackingInfoPercentilesOutputOption and its getter in redis/redis src/config.c read and show them.
/// </summary>
internal static class LatencyPercentiles
{
    /// <summary>The default, "50 99 99.9".</summary>
    public static readonly double[] Default = [50.0, 99.0, 99.9];

    /*
     * The setter: the value split on single spaces (sdssplitlen, so two spaces make an empty, invalid word); an empty
     * value is no percentile at all. Each word must be a number string2d accepts, between 0 and 100.
     */
    public static string? TryParse(string value, out double[] percentiles)
    {
        percentiles = [];
        if (value.Length == 0)
        {
            return null;
        }
        string[] words = value.Split(' ');
        var parsed = new double[words.Length];
        for (int j = 0; j < words.Length; j++)
        {
            if (!NumericText.TryParseDouble(Encoding.Latin1.GetBytes(words[j]), out double percentile))
            {
                return "Invalid latency-tracking-info-percentiles parameters";
            }
            if (percentile > 100.0 || percentile < 0.0)
            {
                return "latency-tracking-info-percentiles parameters should sit between [0.0,100.0]";
            }
            parsed[j] = percentile;
        }
        percentiles = parsed;
        return null;
    }

    /// <summary>The getter: each percentile as Format prints it, separated by spaces.</summary>
    public static string Format(double[] percentiles) => string.Join(' ', percentiles.Select(FormatOne));

    /// <summary>sprintf("%f") then trimDoubleString: six decimals with the trailing zeros (and point) removed: 99.9, 50.</summary>
    public static string FormatOne(double percentile)
    {
        string text = percentile.ToString("F6", CultureInfo.InvariantCulture);
        return text.Contains('.') ? text.TrimEnd('0').TrimEnd('.') : text;
    }
}
