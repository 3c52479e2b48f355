namespace Reactor.MiniRedis.Engine.Commands;

/// <summary>The index rules GETRANGE, BITCOUNT and BITPOS share for a start/end pair over a string.</summary>
internal static class StringRange
{
    /// <summary>
    /// Negative indexes count back from <paramref name="total"/> (bytes or bits), then both ends are clamped into
    /// the string, as getrangeCommand and bitcountCommand do. An empty result has start past end.
    /// </summary>
    public static void Clamp(ref long start, ref long end, long total)
    {
        if (start < 0)
        {
            start += total;
        }
        if (end < 0)
        {
            end += total;
        }
        start = Math.Max(start, 0);
        end = Math.Max(end, 0);
        if (end >= total)
        {
            end = total - 1;
        }
    }
}
