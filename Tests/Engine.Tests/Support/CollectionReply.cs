using System.Text;

namespace Reactor.MiniRedis.Engine.Tests.Support;

/// <summary>
/// Reads the replies of the set and hash commands back for tests whose exact bytes depend on chance (random
/// members, hashtable order): a flat RESP2 array of bulk strings and nils.
/// </summary>
internal static class CollectionReply
{
    /// <summary>The items of an array reply (null for a nil bulk); fails the test on anything else.</summary>
    public static List<string?> Items(string reply)
    {
        var items = new List<string?>();
        int position = 0;
        int count = int.Parse(ReadLine(reply, ref position, '*'));
        for (int i = 0; i < count; i++)
        {
            int length = int.Parse(ReadLine(reply, ref position, '$'));
            if (length < 0)
            {
                items.Add(null);
                continue;
            }
            items.Add(reply.Substring(position, length));
            position += length + 2;
        }
        Assert.That(position, Is.EqualTo(reply.Length), $"trailing bytes after the array: {reply}");
        return items;
    }

    /// <summary>The items of an array reply of bulk strings, as a set (fails on a repeat).</summary>
    public static HashSet<string> DistinctItems(string reply)
    {
        List<string?> items = Items(reply);
        var set = new HashSet<string>(items.Select(item => item!));
        Assert.That(set, Has.Count.EqualTo(items.Count), $"repeated items in {reply}");
        return set;
    }

    /// <summary>The encoding OBJECT ENCODING would report for <paramref name="key"/> in database 0, or null when missing.</summary>
    public static string? EncodingOf(ServerHarness harness, string key) =>
        harness.Server.Keyspace[0].Lookup(Encoding.Latin1.GetBytes(key))?.Encoding;

    private static string ReadLine(string reply, ref int position, char prefix)
    {
        Assert.That(reply[position], Is.EqualTo(prefix), $"unexpected reply: {reply}");
        int end = reply.IndexOf("\r\n", position, StringComparison.Ordinal);
        string line = reply.Substring(position + 1, end - position - 1);
        position = end + 2;
        return line;
    }
}
