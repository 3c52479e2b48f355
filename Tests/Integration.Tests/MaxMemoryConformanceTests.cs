using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Reactor.MiniRedis.Engine.Reactor;
using Reactor.MiniRedis.Integration.Tests.Support;

namespace Reactor.MiniRedis.Integration.Tests;

/// <summary>
/// maxmemory and client-output-buffer-limit over TCP, side by side with a real redis-server 7.0.15: the -OOM
/// refusals (alone and inside MULTI), evicting everything and then refusing, and the CONFIG forms give the same
/// bytes; a subscriber that never reads while a publisher floods, and a client pipelining big GETs without
/// reading, are disconnected by both servers while their memory stays bounded.
/// </summary>
[Category("RedisServer")]
public sealed class MaxMemoryConformanceTests
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(30);

    private TestServer _ours = null!;
    private RealRedisServer _real = null!;

    [OneTimeSetUp]
    public void StartServers()
    {
        _real = RealRedisServer.Start();
        _ours = TestServer.Start(IoBackend.Auto);
    }

    [OneTimeTearDown]
    public void StopServers()
    {
        _ours?.Dispose();
        _real?.Dispose();
    }

    // Each step: the client's letter, then the command. Run on flushed databases with the defaults restored after.
    private static readonly (string Name, string[][] Steps)[] s_scripts =
    [
        ("NoEvictionRefusesDenyOomCommands", [
            ["A", "SET", "a", "1"], ["A", "CONFIG", "SET", "maxmemory", "1"], ["A", "SET", "k", "v"], ["A", "APPEND", "a", "x"],
            ["A", "GET", "a"], ["A", "EXISTS", "k"], ["A", "DEL", "a"], ["A", "PING"]]),
        ("QueueingWhileOutOfMemoryAbortsExec", [
            ["A", "CONFIG", "SET", "maxmemory", "1"], ["B", "MULTI"], ["B", "GET", "a"], ["B", "PING"], ["B", "WATCH", "a"],
            ["B", "EXEC"], ["B", "MULTI"], ["B", "DISCARD"]]),
        ("ExecOfQueuedWritesRefusedOnceOutOfMemory", [
            ["B", "MULTI"], ["B", "SET", "k", "v"], ["B", "GET", "k"], ["A", "CONFIG", "SET", "maxmemory", "1"], ["B", "EXEC"],
            ["A", "CONFIG", "SET", "maxmemory", "0"], ["B", "MULTI"], ["B", "GET", "k"], ["A", "CONFIG", "SET", "maxmemory", "1"],
            ["B", "EXEC"]]),
        ("VolatilePolicyWithOnlyPersistentKeysRefuses", [
            ["A", "SET", "p", "1"], ["A", "CONFIG", "SET", "maxmemory-policy", "volatile-lru"], ["A", "CONFIG", "SET", "maxmemory", "1"],
            ["A", "SET", "k", "v"], ["A", "EXISTS", "p"], ["A", "CONFIG", "GET", "maxmemory-policy"]]),
        ("AllKeysPolicyEvictsEverythingThenRefuses", [
            ["A", "SET", "a", "1"], ["A", "SET", "b", "2"], ["A", "EXPIRE", "b", "1000"], ["A", "CONFIG", "SET", "maxmemory-policy", "allkeys-lru"],
            ["A", "CONFIG", "SET", "maxmemory", "1"], ["A", "SET", "c", "3"], ["A", "DBSIZE"]]),
        ("ConfigOfLimits", [
            ["A", "CONFIG", "GET", "client-output-buffer-limit"], ["A", "CONFIG", "SET", "client-output-buffer-limit", "NORMAL 1K 2KB 3 replica 1mb 1gb 0"],
            ["A", "CONFIG", "GET", "client-output-buffer-limit"], ["A", "CONFIG", "SET", "client-output-buffer-limit", "foo 1 2 3"],
            ["A", "CONFIG", "SET", "client-output-buffer-limit", "normal 1 2"], ["A", "CONFIG", "SET", "client-output-buffer-limit", "normal 1 2 3k"],
            ["A", "CONFIG", "SET", "client-output-buffer-limit", "master 1 2 3"], ["A", "CONFIG", "SET", "client-output-buffer-limit", "normal 1 0 99999999999"],
            ["A", "CONFIG", "GET", "client-output-buffer-limit"], ["A", "CONFIG", "SET", "maxmemory-eviction-tenacity", "101"],
            ["A", "CONFIG", "GET", "maxmemory-eviction-tenacity"], ["A", "CONFIG", "SET", "maxmemory-samples", "0"],
            ["A", "CONFIG", "SET", "maxmemory-policy", "lru"], ["A", "CONFIG", "SET", "maxmemory", "-1"]]),
    ];

    public static IEnumerable<TestCaseData> Scripts() =>
        s_scripts.Select(s => new TestCaseData((object)s.Steps).SetName($"Conformance_{s.Name}_RepliesLikeRedis"));

    [TestCaseSource(nameof(Scripts))]
    public void Script(string[][] steps) =>
        Assert.That(Run(_ours.Port, steps), Is.EqualTo(Run(_real.Port, steps)));

    [TestCase(false)]
    [TestCase(true)]
    public void PubSubLimit_SubscriberThatNeverReadsWhileAPublisherFloods_IsDisconnected(bool real)
    {
        int port = real ? _real.Port : _ours.Port;
        using RawClient admin = RawClient.Connect("127.0.0.1", port);
        admin.Execute("CONFIG", "SET", "client-output-buffer-limit", "pubsub 1mb 256kb 60");
        using Socket subscriber = ConnectNonReading(port);
        subscriber.Send(RawClient.Encode("SUBSCRIBE", "flood"));
        using RawClient publisher = RawClient.Connect("127.0.0.1", port);
        while (publisher.Execute("PUBSUB", "NUMSUB", "flood") != "*2\r\n$5\r\nflood\r\n:1\r\n")
        {
            Thread.Yield(); // the SUBSCRIBE is on its way
        }
        string message = new('m', 8 * 1024);
        byte[] batch = [.. Enumerable.Repeat(RawClient.Encode("PUBLISH", "flood", message), 64).SelectMany(b => b)];
        DateTime deadline = DateTime.UtcNow + s_deadline;
        long published = 0;
        do
        {
            publisher.Send(batch);
            published += 64;
        }
        while (DateTime.UtcNow < deadline && !publisher.ReadReplies(64).EndsWith(":0\r\n", StringComparison.Ordinal));
        Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "the subscriber was never disconnected");
        Assert.That(UsedMemory(admin), Is.LessThan(64L * 1024 * 1024), $"{published} messages of 8 KB published");
        Assert.That(ClosedByServer(subscriber), Is.True);
        if (!real)
        {
            Assert.That(_ours.LogLines, Has.Some.Contains("scheduled to be closed ASAP for overcoming of output buffer limits."));
        }
        Restore(admin);
    }

    [TestCase(false)]
    [TestCase(true)]
    public void NormalLimit_ClientPipeliningBigGetsWithoutReading_IsDisconnected(bool real)
    {
        int port = real ? _real.Port : _ours.Port;
        using RawClient admin = RawClient.Connect("127.0.0.1", port);
        admin.Execute("SET", "big", new string('x', 1024 * 1024));
        admin.Execute("CONFIG", "SET", "client-output-buffer-limit", "normal 8mb 0 0");
        using Socket greedy = ConnectNonReading(port);
        greedy.Send([.. Enumerable.Repeat(RawClient.Encode("GET", "big"), 100).SelectMany(b => b)]);
        DateTime deadline = DateTime.UtcNow + s_deadline;
        // Polling for the server to run some of the GETs and then drop the client, not waiting for time to pass.
        while (DateTime.UtcNow < deadline && !(admin.Execute("INFO", "commandstats").Contains("cmdstat_get:", StringComparison.Ordinal) && ConnectedClients(admin) == 1))
        {
            Thread.Yield();
        }
        Assert.That(ConnectedClients(admin), Is.EqualTo(1));
        Assert.That(UsedMemory(admin), Is.LessThan(64L * 1024 * 1024));
        Assert.That(admin.Execute("INFO", "commandstats"), Does.Not.Contain("cmdstat_get:calls=100,"));
        Restore(admin);
    }

    // A client whose receive buffer is as small as the kernel allows, and which never reads.
    private static Socket ConnectNonReading(int port)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096, NoDelay = true };
        socket.Connect("127.0.0.1", port);
        return socket;
    }

    // Reads what the server had sent until it closed the connection (or reset it).
    private static bool ClosedByServer(Socket socket)
    {
        socket.ReceiveTimeout = (int)s_deadline.TotalMilliseconds;
        byte[] buffer = new byte[256 * 1024];
        try
        {
            while (socket.Receive(buffer) > 0)
            {
            }
            return true;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            return true;
        }
    }

    private static long UsedMemory(RawClient admin) => long.Parse(InfoField(admin.Execute("INFO", "memory"), "used_memory"), CultureInfo.InvariantCulture);

    private static int ConnectedClients(RawClient admin) => int.Parse(InfoField(admin.Execute("INFO", "clients"), "connected_clients"), CultureInfo.InvariantCulture);

    private static string InfoField(string info, string name)
    {
        int start = info.IndexOf("\r\n" + name + ":", StringComparison.Ordinal) + name.Length + 3;
        return info[start..info.IndexOf("\r\n", start, StringComparison.Ordinal)];
    }

    private static void Restore(RawClient admin)
    {
        admin.Execute("CONFIG", "SET", "client-output-buffer-limit", "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60");
        admin.Execute("FLUSHALL");
    }

    // Runs the steps on fresh connections to a flushed server, then restores the defaults the steps change; returns
    // the transcript of every step and its reply.
    private static string Run(int port, string[][] steps)
    {
        var clients = new Dictionary<string, RawClient>();
        var transcript = new StringBuilder();
        try
        {
            foreach (string[] step in steps)
            {
                if (!clients.TryGetValue(step[0], out RawClient? client))
                {
                    clients[step[0]] = client = RawClient.Connect("127.0.0.1", port);
                }
                transcript.Append(string.Join(' ', step)).Append(" => ").Append(client.Execute(step[1..])).Append('\n');
            }
        }
        finally
        {
            foreach (RawClient client in clients.Values)
            {
                client.Dispose();
            }
            using RawClient admin = RawClient.Connect("127.0.0.1", port);
            admin.Execute("CONFIG", "SET", "maxmemory", "0");
            admin.Execute("CONFIG", "SET", "maxmemory-policy", "noeviction");
            Restore(admin);
        }
        return transcript.ToString();
    }
}
