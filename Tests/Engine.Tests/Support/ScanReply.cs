namespace Reactor.MiniRedis.Engine.Tests.Support;

/// <summary>Reads a SCAN, SSCAN, HSCAN or ZSCAN reply back: the cursor, then the elements (values included).</summary>
internal static class ScanReply
{
    /// <summary>Splits <paramref name="reply"/> into its cursor and elements; fails the test when it is not a scan reply.</summary>
    public static (string Cursor, List<string> Elements) Parse(string reply)
    {
        string[] lines = reply.Split("\r\n");
        Assert.That((lines[0], lines[3][0]), Is.EqualTo(("*2", '*')), reply);
        int count = int.Parse(lines[3][1..]);
        var elements = new List<string>();
        for (int i = 0; i < count; i++)
        {
            elements.Add(lines[5 + 2 * i]);
        }
        return (lines[2], elements);
    }
}
