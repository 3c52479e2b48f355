namespace Reactor.MiniRedis.Storage.Tests;

/// <summary>A <see cref="List{T}"/> of strings as the reference model that list tests check RedisList against.</summary>
internal static class ListModel
{
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
