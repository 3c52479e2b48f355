using System.Diagnostics;
using System.Globalization;
using System.Text;
using Reactor.MiniRedis.Integration.Tests.Support;

namespace Reactor.MiniRedis.Integration.Tests;

/// <summary>
/// The server binary gives an idle heap back by itself (Engine/Memory/IdleHeapTrim.cs): after a FLUSHALL of a few
/// hundred thousand keys and a couple of quiet seconds, its resident set falls without anyone sending MEMORY PURGE.
/// </summary>
public sealed class IdleHeapTrimProcessTests
{
    private const int Keys = 300_000;
    private const int Batch = 10_000;

    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan s_trimTimeout = TimeSpan.FromSeconds(20);

    [Test]
    public void FlushAllThenIdle_ResidentSetFallsWithoutPurge()
    {
        int port = ServerProcess.FreePort();
        using ServerProcess server = ServerProcess.Start("--port", port.ToString(CultureInfo.InvariantCulture), "--save", "");
        Assert.That(server.WaitForOutput("Ready to accept connections", s_startTimeout), Is.True, server.Output);
        using RawClient client = RawClient.Connect("127.0.0.1", port);
        Load(client);
        long loaded = Rss(client);

        Assert.That(client.Execute("FLUSHALL"), Is.EqualTo("+OK\r\n"));

        // INFO is a command too: polling every 2.5 s leaves the trim the two quiet cron seconds it waits for.
        var clock = Stopwatch.StartNew();
        long now = loaded;
        while (clock.Elapsed < s_trimTimeout && loaded - now < loaded / 3)
        {
            Thread.Sleep(TimeSpan.FromSeconds(2.5));
            now = Rss(client);
        }
        Assert.That(loaded - now, Is.GreaterThanOrEqualTo(loaded / 3),
            $"RSS after loading {Keys} keys: {loaded} bytes; {clock.Elapsed.TotalSeconds:F0} s after FLUSHALL: {now} bytes");
    }

    private static void Load(RawClient client)
    {
        string value = new('v', 100);
        for (int first = 0; first < Keys; first += Batch)
        {
            var commands = new StringBuilder();
            for (int i = first; i < first + Batch; i++)
            {
                commands.Append(Encoding.Latin1.GetString(RawClient.Encode("SET", $"key:{i:D8}", value)));
            }
            client.Send(commands.ToString());
            client.ReadReplies(Batch);
        }
    }

    private static long Rss(RawClient client)
    {
        string info = client.Execute("INFO", "memory");
        string line = info.Split("\r\n").Single(l => l.StartsWith("used_memory_rss:", StringComparison.Ordinal));
        return long.Parse(line["used_memory_rss:".Length..], CultureInfo.InvariantCulture);
    }
}
