using System.Diagnostics;
using Reactor.MiniRedis.Engine.Reactor;
using Reactor.MiniRedis.Integration.Tests.Support;

namespace Reactor.MiniRedis.Integration.Tests;

/// <summary>FLUSHALL ASYNC and UNLINK on the running server, with its real freeing thread.</summary>
[TestFixture(IoBackend.Epoll)]
public sealed class LazyFreeTests(IoBackend backend) : ServerTests(backend)
{
    private const int Keys = 1_000_000;
    private const int KeysPerMSet = 1000;

    private static long InfoField(RawClient client, string name)
    {
        string info = client.Execute("INFO", "memory");
        int at = info.IndexOf(name + ":", StringComparison.Ordinal) + name.Length + 1;
        return long.Parse(info[at..info.IndexOf('\r', at)]);
    }

    /// <summary>Polls <paramref name="condition"/> until it holds or 30 seconds pass.</summary>
    private static bool Eventually(Func<bool> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(30))
            {
                return false;
            }
            Thread.Yield();
        }
        return true;
    }

    // A million keys, loaded with pipelined MSETs; the flush replies, the server answers at once, and the freeing
    // thread eventually reports every key freed. Nothing here measures time.
    [Test]
    public void FlushAllAsync_MillionKeys_RepliesAndKeepsServingWhileTheThreadFrees()
    {
        using RawClient client = Connect();
        client.Execute("FLUSHALL");
        long freedBefore = InfoField(client, "lazyfreed_objects");
        for (int batch = 0; batch < Keys / KeysPerMSet; batch++)
        {
            var command = new List<string>(1 + 2 * KeysPerMSet) { "MSET" };
            for (int i = batch * KeysPerMSet; i < (batch + 1) * KeysPerMSet; i++)
            {
                command.Add("key:" + i);
                command.Add("v");
            }
            client.SendCommand([.. command]);
            if (batch % 50 == 49)
            {
                Assert.That(client.ReadReplies(50), Is.EqualTo(string.Concat(Enumerable.Repeat("+OK\r\n", 50))));
            }
        }
        Assert.That(client.Execute("DBSIZE"), Is.EqualTo($":{Keys}\r\n"));

        Assert.Multiple(() =>
        {
            Assert.That(client.Execute("FLUSHALL", "ASYNC"), Is.EqualTo("+OK\r\n"));
            Assert.That(client.Execute("PING"), Is.EqualTo("+PONG\r\n"));
            Assert.That(client.Execute("DBSIZE"), Is.EqualTo(":0\r\n"));
            Assert.That(client.Execute("SET", "after", "flush"), Is.EqualTo("+OK\r\n"));
        });
        Assert.That(Eventually(() => InfoField(client, "lazyfreed_objects") - freedBefore == Keys), Is.True);
        Assert.That(InfoField(client, "lazyfree_pending_objects"), Is.Zero);
    }

    [Test]
    public void Unlink_BigSet_IsFreedByTheThread()
    {
        using RawClient client = Connect();
        long freedBefore = InfoField(client, "lazyfreed_objects");
        client.Execute(["SADD", "big", .. Enumerable.Range(0, 10_000).Select(i => "member:" + i)]);
        Assert.That(client.Execute("UNLINK", "big"), Is.EqualTo(":1\r\n"));
        Assert.That(Eventually(() => InfoField(client, "lazyfreed_objects") - freedBefore == 1), Is.True);
    }
}
