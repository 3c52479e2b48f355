using Reactor.MiniRedis.Engine.Tests.Support;

namespace Reactor.MiniRedis.Engine.Tests;

/// <summary>
/// client-output-buffer-limit: CONFIG GET/SET as Redis 7.0 formats and checks it, and clients that do not read
/// their replies (their transport never accepts a byte) being closed at the hard limit at once and at the soft
/// limit after its seconds, by the fake clock and the real cron.
/// </summary>
public sealed class OutputBufferLimitsTests : CommandTestBase
{
    private const string Defaults = "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60";

    private readonly List<string> _log = [];

    [SetUp]
    public void CaptureLog() => Harness.Server.Log.Sink = _log.Add;

    private string Limits => Harness.Server.Config.OutputBufferLimits.Format();

    private void SetLimits(string value) =>
        Assert.That(Run("CONFIG", "SET", "client-output-buffer-limit", value), Is.EqualTo("+OK\r\n"));

    private static string ConfigError(string reason) =>
        $"-ERR CONFIG SET failed (possibly related to argument 'client-output-buffer-limit') - {reason}\r\n";

    // A client whose socket takes nothing: every reply stays in its output buffer.
    private TestClient NonReadingClient()
    {
        TestClient client = Harness.Connect();
        client.Transport.SendBlocked = true;
        return client;
    }

    private static byte[] Pipeline(int count, params string[] command) =>
        [.. Enumerable.Repeat(Resp.Command(command), count).SelectMany(bytes => bytes)];

    private void RunCron()
    {
        Harness.Time.Advance(TimeSpan.FromMilliseconds(100));
        Harness.Server.Loop.ProcessEvents();
    }

    // ---- CONFIG ----

    [Test]
    public void ConfigGet_Defaults_AreRedisDefaults() =>
        Assert.That(Run("CONFIG", "GET", "client-output-buffer-limit"),
            Is.EqualTo($"*2\r\n$26\r\nclient-output-buffer-limit\r\n${Defaults.Length}\r\n{Defaults}\r\n"));

    [Test]
    public void ConfigSet_OneClass_ChangesOnlyThatClass()
    {
        SetLimits("pubsub 1 2 3");
        Assert.That(Limits, Is.EqualTo("normal 0 0 0 slave 268435456 67108864 60 pubsub 1 2 3"));
    }

    [Test]
    public void ConfigSet_MemoryUnitsAndReplicaName_AreAccepted()
    {
        SetLimits("NORMAL 1K 2KB 3 replica 1mb 1gb 0");
        Assert.That(Limits, Is.EqualTo("normal 1000 2048 3 slave 1048576 1073741824 0 pubsub 33554432 8388608 60"));
    }

    [Test]
    public void ConfigSet_SameClassTwice_TheLastWins()
    {
        SetLimits("normal 5 0 0 normal 7 0 0");
        Assert.That(Limits, Does.StartWith("normal 7 0 0 "));
    }

    [Test]
    public void ConfigSet_HugeSeconds_AreTruncatedToAnIntAsRedisStoresThem()
    {
        SetLimits("normal 1 0 99999999999");
        Assert.That(Limits, Does.StartWith("normal 1 0 1215752191 "));
    }

    [Test]
    public void ConfigSet_LargestByteCount_IsKept()
    {
        SetLimits("normal 18446744073709551615 0 0");
        Assert.That(Limits, Does.StartWith("normal 18446744073709551615 0 0 "));
    }

    [Test]
    public void ConfigSet_Empty_ChangesNothing()
    {
        SetLimits("");
        Assert.That(Limits, Is.EqualTo(Defaults));
    }

    [TestCase("normal 1 2", "Wrong number of arguments in buffer limit configuration.")]
    [TestCase("foo 1 2 3", "Invalid client class specified in buffer limit configuration.")]
    [TestCase("master 1 2 3", "Invalid client class specified in buffer limit configuration.")]
    [TestCase("normal 1x 2 3", "Error in hard, soft or soft_seconds setting in buffer limit configuration.")]
    [TestCase("normal -1 2 3", "Error in hard, soft or soft_seconds setting in buffer limit configuration.")]
    [TestCase("normal 1 2 3k", "Error in hard, soft or soft_seconds setting in buffer limit configuration.")]
    [TestCase("normal 1 2 -5", "Error in hard, soft or soft_seconds setting in buffer limit configuration.")]
    [TestCase("normal 0 0 0 pubsub 1 2 x", "Error in hard, soft or soft_seconds setting in buffer limit configuration.")]
    public void ConfigSet_Invalid_RepliesRedisErrorAndChangesNothing(string value, string reason)
    {
        Assert.That(Run("CONFIG", "SET", "client-output-buffer-limit", value), Is.EqualTo(ConfigError(reason)));
        Assert.That(Limits, Is.EqualTo(Defaults));
    }

    // ---- normal clients ----

    [Test]
    public void HardLimit_PipelinedBigGetsNobodyReads_ClosesTheClientAndStopsServingIt()
    {
        Run("SET", "big", new string('x', 100_000));
        SetLimits("normal 1mb 0 0");
        TestClient greedy = NonReadingClient();
        greedy.SendRaw(Pipeline(30, "GET", "big"));
        Assert.That((greedy.Connection.IsClosed, greedy.Transport.Closed), Is.EqualTo((true, true)));
        // 100 KB replies: closed once 1 MB beyond the reply buffer had piled up, the rest never ran.
        string calls = System.Text.RegularExpressions.Regex.Match(Run("INFO", "commandstats"), @"cmdstat_get:calls=(\d+),").Groups[1].Value;
        Assert.That(int.Parse(calls, System.Globalization.CultureInfo.InvariantCulture), Is.InRange(11, 12));
    }

    [Test]
    public void HardLimit_ClosedClient_IsLoggedAsRedisDoes()
    {
        Run("SET", "big", new string('x', 100_000));
        SetLimits("normal 1mb 0 0");
        NonReadingClient().SendRaw(Pipeline(30, "GET", "big"));
        Assert.That(_log, Has.Some.Match(@"Client id=\d+ addr=127\.0\.0\.1:50000 .* scheduled to be closed ASAP for overcoming of output buffer limits\."));
    }

    [Test]
    public void HardLimit_ClientThatReads_IsNotClosed()
    {
        Run("SET", "big", new string('x', 100_000));
        SetLimits("normal 1mb 0 0");
        TestClient reader = Harness.Connect();
        for (int i = 0; i < 30; i++)
        {
            reader.Execute("GET", "big"); // each reply read before the next request
        }
        Assert.That(reader.Connection.IsClosed, Is.False);
    }

    [Test]
    public void NoLimit_ByDefault_NormalClientsAreNeverClosed()
    {
        Run("SET", "big", new string('x', 100_000));
        TestClient greedy = NonReadingClient();
        greedy.SendRaw(Pipeline(30, "GET", "big"));
        Assert.That(greedy.Connection.IsClosed, Is.False);
    }

    [Test]
    public void SoftLimit_OverForLongerThanItsSeconds_IsClosedByTheCron()
    {
        Harness.Server.StartCron();
        Run("SET", "big", new string('x', 100_000));
        SetLimits("normal 0 200kb 2");
        TestClient slow = NonReadingClient();
        slow.SendRaw(Pipeline(3, "GET", "big"));
        Harness.Time.Advance(TimeSpan.FromSeconds(2));
        RunCron();
        bool openAtTheSoftSeconds = !slow.Connection.IsClosed;
        Harness.Time.Advance(TimeSpan.FromSeconds(1));
        RunCron();
        Assert.That((openAtTheSoftSeconds, slow.Connection.IsClosed), Is.EqualTo((true, true)));
        Assert.That(_log, Has.Some.EndsWith("closed for overcoming of output buffer limits."));
    }

    [Test]
    public void SoftLimit_BacklogDrainedInTime_ClientStaysAndItsClockRestarts()
    {
        Harness.Server.StartCron();
        Run("SET", "big", new string('x', 100_000));
        SetLimits("normal 0 200kb 2");
        TestClient slow = NonReadingClient();
        slow.SendRaw(Pipeline(3, "GET", "big")); // over the soft limit: its clock starts
        slow.Transport.SendBlocked = false;
        slow.SendRaw(); // reads everything
        slow.Transport.SendBlocked = true;
        Harness.Time.Advance(TimeSpan.FromSeconds(5));
        RunCron();
        slow.SendRaw(Pipeline(3, "GET", "big")); // over it again, 5 s later: seen below it first, so the clock restarted
        RunCron();
        Assert.That(slow.Connection.IsClosed, Is.False);
    }

    // ---- Pub/Sub clients ----

    [Test]
    public void PubSubLimit_SubscriberThatNeverReads_IsClosedAndItsBacklogDropped()
    {
        SetLimits("pubsub 256kb 0 0");
        TestClient subscriber = Harness.Connect();
        subscriber.Execute("SUBSCRIBE", "news");
        subscriber.Transport.SendBlocked = true;
        Run("PUBLISH", "news", "x"); // the subscriber still counts
        for (int i = 0; i < 10; i++)
        {
            Client.SendRaw(Pipeline(10, "PUBLISH", "news", new string('m', 4000)));
        }
        Harness.Server.Loop.ProcessEvents(); // before sleeping, clients flagged to close are freed
        Assert.That((subscriber.Connection.IsClosed, subscriber.Connection.Reply.Buffer.Length, Run("PUBLISH", "news", "x")),
            Is.EqualTo((true, 0L, ":0\r\n")));
    }

    [Test]
    public void PubSubLimit_AppliesToSubscribersOnly()
    {
        SetLimits("pubsub 64kb 0 0");
        Run("SET", "big", new string('x', 100_000));
        TestClient greedy = NonReadingClient();
        greedy.SendRaw(Pipeline(3, "GET", "big"));
        Assert.That(greedy.Connection.IsClosed, Is.False);
    }
}
