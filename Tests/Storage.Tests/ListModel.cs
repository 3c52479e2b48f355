namespace Reactor.MiniRedis.Storage.Tests;

/// <summary>A <see cref="List{T}"/> of strings as the reference model that list tests check RedisList against.</summary>
internal static class ListModel
{
    /// <summary>
    /// Test value number <paramref name="n"/>: mostly a short number, every fourth one a string of 22 to 28 bytes,
    /// around the 23 bytes a list slot holds inline, so random operations move short and long elements alike.
    /// </summary>
    public static string Value(int n) => n % 4 == 0 ? new string('L', 20 + n % 7) + n.ToString("D2") : n.ToString();

    /// <summary>LREM on the model: removes up to limit (0: all) copies of target, scanning from one end.</summary>
    public static int RemoveMatches(List<string> model, string target, int limit, bool fromHead)
    {
        int removed = 0;
        int i = fromHead ? 0 : model.Count - 1;
        while (i >= 0 && i < model.Count && (limit == 0 || removed < limit))
        {
            if (model[i] == target)
            {
                model.RemoveAt(i);
                removed++;
                i -= fromHead ? 0 : 1;
            }
            else
            {
                i += fromHead ? 1 : -1;
            }
        }
        return removed;
    }
}
