using System.Globalization;

namespace Reactor.MiniRedis.Engine.Persistence;

/// <summary>
/// The <c>save</c> setting (setConfigSaveOption and getConfigSaveOption in redis/redis src/config.c): pairs of
/// "seconds changes", "" for none. Redis's default is <c>3600 1 300 100 60 10000</c>.
/// </summary>
public static class SaveSchedule
{
    /// <summary>Redis 7.0's built-in schedule: after an hour and 1 change, 5 minutes and 100, a minute and 10000.</summary>
    public const string Default = "3600 1 300 100 60 10000";

    /// <summary>
    /// Parses <paramref name="text"/>: an even number of integers, seconds at least 1 and changes at least 0.
    /// Returns null (and "Invalid save parameters" in <paramref name="error"/>) when it is not.
    /// </summary>
    public static SavePoint[]? Parse(string text, out string? error)
    {
        error = null;
        string[] parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var points = new SavePoint[parts.Length / 2];
        long[] numbers = new long[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!long.TryParse(parts[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out numbers[i]) ||
                numbers[i] < (i % 2 == 0 ? 1 : 0))
            {
                error = "Invalid save parameters";
                return null;
            }
        }
        if (parts.Length % 2 != 0)
        {
            error = "Invalid save parameters";
            return null;
        }
        for (int i = 0; i < points.Length; i++)
        {
            points[i] = new SavePoint(numbers[2 * i], numbers[2 * i + 1]);
        }
        return points;
    }

    /// <summary>getConfigSaveOption: "seconds changes" pairs separated by spaces.</summary>
    public static string Format(IEnumerable<SavePoint> points) =>
        string.Join(' ', points.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Seconds} {p.Changes}")));
}
