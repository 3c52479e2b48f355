using System.Text;
using Reactor.MiniRedis.Engine.Networking;
using Reactor.MiniRedis.Engine.Tests.Support;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Engine.Tests;

/// <summary>
/// Memory prefetching for pipelines (<see cref="MemoryPrefetch"/>): which requests a batch covers, and that a
/// pipeline over a keyspace big enough to be prefetched gets exactly the replies it gets one request at a time.
/// </summary>
public sealed class MemoryPrefetchTests : CommandTestBase
{
    // Above the size from which Database.WorthPrefetching says yes.
    private const int BigKeyspace = 70_000;

    private static byte[] Requests(params string[][] requests) => [.. requests.SelectMany(r => Resp.Command(r))];

    private static string[] Get(int i) => ["GET", $"key:{i}"];

    // key:0 to key:69999 holding value:0 to value:69999, as DEBUG POPULATE would make them.
    private static void Populate(TestClient client) =>
        client.Execute(["MSET", .. Enumerable.Range(0, BigKeyspace).SelectMany(i => new[] { $"key:{i}", $"value:{i}" })]);

    [Test]
    public void PrefetchKeys_SmallKeyspace_DoesNothing()
    {
        Run("SET", "key:1", "v");
        Assert.That(MemoryPrefetch.PrefetchKeys(Client.Connection.Db, Requests(Get(1), Get(2), Get(3))), Is.Zero);
    }

    [Test]
    public void PrefetchKeys_BigKeyspace_CoversTheCompleteRequestsOfOneBatch()
    {
        Populate(Client);
        Database db = Client.Connection.Db;
        byte[] three = Requests(Get(1), Get(2), ["SET", "key:3", "x"]);
        byte[] sixteen = Requests([.. Enumerable.Range(0, 16).Select(Get)]);
        byte[] inline = Encoding.ASCII.GetBytes("GET key:9\r\n");
        Assert.Multiple(() =>
        {
            Assert.That(MemoryPrefetch.PrefetchKeys(db, [.. three, .. Resp.Command("GET", "key:4")[..7]]), Is.EqualTo(three.Length), "a partial request ends the batch");
            Assert.That(MemoryPrefetch.PrefetchKeys(db, [.. sixteen, .. three]), Is.EqualTo(sixteen.Length), "16 requests a batch");
            Assert.That(MemoryPrefetch.PrefetchKeys(db, Requests(Get(1))), Is.Zero, "one request alone");
            Assert.That(MemoryPrefetch.PrefetchKeys(db, [.. inline, .. three]), Is.Zero, "an inline request is left to the decoder");
            Assert.That(MemoryPrefetch.PrefetchKeys(db, [.. three, .. inline, .. three]), Is.EqualTo(three.Length));
            Assert.That(MemoryPrefetch.PrefetchKeys(db, Requests(["PING"], Get(1))), Is.Zero, "a request of one argument is left to the decoder");
        });
    }

    // One read holding every kind of request the look-ahead sees or leaves alone, with a SELECT and writes in the
    // middle of the batch: the replies are those of the same requests sent one by one to a server in the same state.
    [Test]
    public void Pipeline_BigKeyspace_RepliesAsOneRequestAtATime()
    {
        string[][] requests =
        [
            Get(1), Get(69_999), ["SET", "key:2", "two"], Get(2), ["GET", "missing"], ["SELECT", "1"], Get(3),
            ["SET", "key:3", "db1"], Get(3), ["SELECT", "0"], Get(3), ["PING"], ["INCR", "counter"], ["INCR", "counter"],
            ["MSET", "a", "1", "b", "2"], ["MGET", "a", "b", "key:4"], ["DEL", "key:5", "key:6"], ["EXISTS", "key:5", "key:7"],
            ["EXPIRE", "key:8", "100"], ["TTL", "key:8"], Get(8), ["LPUSH", "list", "x"], ["GET", "list"], ["DBSIZE"],
        ];
        Populate(Client);
        byte[] pipeline = [.. Requests(requests), .. Encoding.ASCII.GetBytes("GET key:9\r\n"), .. Requests(Get(10))];
        // The last request arrives in two reads, split inside its key.
        string pipelined = Resp.Text(Client.SendRaw(pipeline[..^4], pipeline[^4..]));

        var oneByOne = new StringBuilder();
        TestClient other = Harness.Connect();
        other.Execute("FLUSHALL");
        Populate(other);
        foreach (string[] request in requests)
        {
            oneByOne.Append(other.Execute(request));
        }
        oneByOne.Append(Resp.Text(other.SendRaw(Encoding.ASCII.GetBytes("GET key:9\r\n")))).Append(other.Execute(Get(10)));
        Assert.That(pipelined, Is.EqualTo(oneByOne.ToString()));
        Assert.That(pipelined, Does.StartWith("$7\r\nvalue:1\r\n$11\r\nvalue:69999\r\n+OK\r\n$3\r\ntwo\r\n$-1\r\n"));
    }
}
