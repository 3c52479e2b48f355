using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Reactor.MiniRedis.Engine.Reactor;
using Reactor.MiniRedis.Integration.Tests.Support;
using StackExchange.Redis;

namespace Reactor.MiniRedis.Integration.Tests;

/// <summary>
/// Blocking commands over real sockets: a blocked connection is served when another one pushes, keeps its
/// pipelined requests for later, times out on the loop's timer, is unblocked by CLIENT UNBLOCK and cleaned up when
/// it disconnects; and the job-queue pattern (producers LPUSH, consumers BRPOP with timeouts) under concurrency,
/// over raw connections and StackExchange.Redis, consumes every job exactly once.
/// </summary>
[TestFixture(IoBackend.Epoll)]
[TestFixture(IoBackend.Select)]
public sealed class BlockingTests(IoBackend backend) : ServerTests(backend)
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(30);

    [Test]
    public void BLPop_PushFromAnotherConnection_ServesTheBlockedOne()
    {
        string key = UniqueKey();
        using RawClient consumer = Connect();
        using RawClient producer = Connect();
        long id = ClientId(consumer);
        consumer.SendCommand("BLPOP", key, "0");
        WaitUntilBlocked(producer, id);
        producer.Execute("LPUSH", key, "job");
        Assert.That(consumer.ReadReply(), Is.EqualTo($"*2\r\n{RawClient.Bulk(key)}$3\r\njob\r\n"));
    }

    [Test]
    public void BLPop_PipelinedRequestsBehind_AnsweredAfterTheServedReply()
    {
        string key = UniqueKey();
        using RawClient consumer = Connect();
        using RawClient producer = Connect();
        long id = ClientId(consumer);
        consumer.Send([.. RawClient.Encode("BLPOP", key, "0"), .. RawClient.Encode("PING"), .. RawClient.Encode("LLEN", key)]);
        WaitUntilBlocked(producer, id);
        producer.Execute("RPUSH", key, "a");
        Assert.That(consumer.ReadReplies(3), Is.EqualTo($"*2\r\n{RawClient.Bulk(key)}$1\r\na\r\n+PONG\r\n:0\r\n"));
    }

    [Test]
    public void BRPop_ShortTimeout_RepliesNilArray()
    {
        using RawClient client = Connect();
        Assert.That(client.Execute("BRPOP", UniqueKey(), "0.05"), Is.EqualTo("*-1\r\n"));
    }

    [Test]
    public void ClientUnblock_Error_UnblocksWithUnblockedError()
    {
        using RawClient blocked = Connect();
        using RawClient admin = Connect();
        long id = ClientId(blocked);
        blocked.SendCommand("BZPOPMIN", UniqueKey(), "0");
        WaitUntilBlocked(admin, id);
        Assert.Multiple(() =>
        {
            Assert.That(admin.Execute("CLIENT", "UNBLOCK", id.ToString(CultureInfo.InvariantCulture), "ERROR"), Is.EqualTo(":1\r\n"));
            Assert.That(blocked.ReadReply(), Is.EqualTo("-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n"));
        });
    }

    [Test]
    public void BlockedClient_Disconnects_LeavesThePushedElement()
    {
        string key = UniqueKey();
        using RawClient admin = Connect();
        var blocked = Connect();
        long id = ClientId(blocked);
        blocked.SendCommand("BLPOP", key, "0");
        WaitUntilBlocked(admin, id);
        blocked.Dispose();
        WaitFor(() => !admin.Execute("CLIENT", "LIST").Contains($"id={id} ", StringComparison.Ordinal), "the closed client to go");
        admin.Execute("RPUSH", key, "v");
        Assert.That(admin.Execute("LLEN", key), Is.EqualTo(":1\r\n"));
    }

    [Test]
    public void JobQueue_RawProducersAndConsumers_EveryJobConsumedOnce()
    {
        const int producers = 4, consumers = 4, jobsPerProducer = 250;
        string queue = UniqueKey("queue");
        var consumed = new ConcurrentBag<string>();
        int total = producers * jobsPerProducer;
        var stopwatch = Stopwatch.StartNew();

        Task[] consumerTasks = Enumerable.Range(0, consumers).Select(_ => Task.Run(() =>
        {
            using RawClient client = Connect();
            while (consumed.Count < total && stopwatch.Elapsed < s_deadline)
            {
                string reply = client.Execute("BRPOP", queue, "0.2");
                if (reply != "*-1\r\n")
                {
                    consumed.Add(reply.Split("\r\n")[4]);
                }
            }
        })).ToArray();
        Task[] producerTasks = Enumerable.Range(0, producers).Select(p => Task.Run(() =>
        {
            using RawClient client = Connect();
            for (int j = 0; j < jobsPerProducer; j++)
            {
                client.Execute("LPUSH", queue, $"job:{p}:{j}");
            }
        })).ToArray();

        Assert.That(Task.WaitAll([.. producerTasks, .. consumerTasks], s_deadline), Is.True, "the queue did not drain in time");
        Assert.That(consumed.Order(), Is.EqualTo(AllJobs(producers, jobsPerProducer)));
    }

    [Test]
    public void JobQueue_StackExchangeRedis_EveryJobConsumedOnce()
    {
        const int producers = 2, consumers = 3, jobsPerProducer = 200;
        string queue = UniqueKey("queue");
        var consumed = new ConcurrentBag<string>();
        int total = producers * jobsPerProducer;
        var stopwatch = Stopwatch.StartNew();
        string options = $"{Server.EndPoint},abortConnect=true,connectTimeout=10000,syncTimeout=10000";

        // StackExchange.Redis multiplexes commands over one connection, so a blocking command would stall every
        // caller sharing it: each consumer gets its own multiplexer, the producers share one.
        Task[] consumerTasks = Enumerable.Range(0, consumers).Select(_ => Task.Run(() =>
        {
            using ConnectionMultiplexer connection = ConnectionMultiplexer.Connect(options);
            IDatabase db = connection.GetDatabase();
            while (consumed.Count < total && stopwatch.Elapsed < s_deadline)
            {
                RedisResult result = db.Execute("BRPOP", queue, 0.2);
                if (!result.IsNull)
                {
                    consumed.Add(((RedisResult[])result!)[1].ToString()!);
                }
            }
        })).ToArray();
        using ConnectionMultiplexer shared = ConnectionMultiplexer.Connect(options);
        IDatabase producerDb = shared.GetDatabase();
        Task[] producerTasks = Enumerable.Range(0, producers).Select(p => Task.Run(async () =>
        {
            for (int j = 0; j < jobsPerProducer; j++)
            {
                await producerDb.ListLeftPushAsync(queue, $"job:{p}:{j}");
            }
        })).ToArray();

        Assert.That(Task.WaitAll([.. producerTasks, .. consumerTasks], s_deadline), Is.True, "the queue did not drain in time");
        Assert.That(consumed.Order(), Is.EqualTo(AllJobs(producers, jobsPerProducer)));
    }

    private static IEnumerable<string> AllJobs(int producers, int jobsPerProducer) =>
        Enumerable.Range(0, producers).SelectMany(p => Enumerable.Range(0, jobsPerProducer).Select(j => $"job:{p}:{j}")).Order();

    private static long ClientId(RawClient client) =>
        long.Parse(client.Execute("CLIENT", "ID").AsSpan(1).TrimEnd("\r\n"), CultureInfo.InvariantCulture);

    /// <summary>Polls CLIENT LIST (from <paramref name="admin"/>) until client <paramref name="id"/> shows flags=b.</summary>
    private static void WaitUntilBlocked(RawClient admin, long id) =>
        WaitFor(() => admin.Execute("CLIENT", "LIST").Split('\n').Any(l => l.StartsWith($"id={id} ", StringComparison.Ordinal) && l.Contains(" flags=b ", StringComparison.Ordinal)),
            $"client {id} to block");

    private static void WaitFor(Func<bool> condition, string what)
    {
        var stopwatch = Stopwatch.StartNew();
        while (!condition())
        {
            if (stopwatch.Elapsed > s_deadline)
            {
                Assert.Fail($"Timed out waiting for {what}");
            }
            Thread.Yield();
        }
    }
}
