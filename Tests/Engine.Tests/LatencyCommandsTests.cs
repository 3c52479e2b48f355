using System.Text.RegularExpressions;
using Reactor.MiniRedis.Engine.Commands;
using Reactor.MiniRedis.Engine.Server;
using Reactor.MiniRedis.Engine.Tests.Support;

namespace Reactor.MiniRedis.Engine.Tests;

/// <summary>
/// LATENCY and the latency monitor against redis-server 7.0.15's replies. Samples are added through the monitor at
/// times set by the fake clock, so the per-second sampling, the 160-sample ring, the graph and the doctor's report
/// are compared with texts Redis produced for the same samples.
/// </summary>
public sealed partial class LatencyCommandsTests : CommandTestBase
{
    private const long Start = 1_700_000_000; // the harness clock's unix time

    private static readonly string s_dashes = new('-', 80);

    private LatencyMonitor Monitor => Harness.Server.Latency;

    private static string Verbatim(string text) => $"${text.Length}\r\n{text}\r\n";

    // The advice Redis adds when the process has transparent huge pages (depends on the machine the tests run on).
    private static string HugePagesAdvice => LatencyDoctor.AnonHugePagesBytes() > 0
        ? "- I detected a non zero amount of anonymous huge pages used by your process. This creates very serious latency events in different conditions, especially when Redis is persisting on disk. To disable THP support use the command 'echo never > /sys/kernel/mm/transparent_hugepage/enabled', make sure to also add it into /etc/rc.local so that the command will be executed again after a reboot. Note that even if you have already disabled THP, you still need to restart the Redis process to get rid of the huge pages already created.\n"
        : "";

    // Adds each (seconds after Start, milliseconds) sample with the clock at that second, then sets the clock to `now`.
    private void AddSamples(string eventName, long now, params (long Second, long Milliseconds)[] samples)
    {
        foreach ((long second, long milliseconds) in samples)
        {
            Harness.Time.SetUtcNow(DateTimeOffset.FromUnixTimeSeconds(Start + second));
            Monitor.AddSample(eventName, milliseconds);
        }
        Harness.Time.SetUtcNow(DateTimeOffset.FromUnixTimeSeconds(Start + now));
    }

    // The samples Redis recorded for seven DEBUG SLEEPs, one per second but one (LATENCY HISTORY command).
    private void AddRedisSamples() => AddSamples("command", 8, (0, 5), (1, 12), (2, 3), (4, 20), (5, 8), (6, 15), (7, 40));

    [GeneratedRegex(@":\d+\r\n")]
    private static partial Regex Integer();

    [Test]
    public void Help_RepliesRedisText() =>
        Assert.That(Run("LATENCY", "HELP"), Is.EqualTo(
            "*17\r\n+LATENCY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+DOCTOR\r\n" +
            "+    Return a human readable latency analysis report.\r\n+GRAPH <event>\r\n" +
            "+    Return an ASCII latency graph for the <event> class.\r\n+HISTORY <event>\r\n" +
            "+    Return time-latency samples for the <event> class.\r\n+LATEST\r\n" +
            "+    Return the latest latency samples for all events.\r\n+RESET [<event> ...]\r\n" +
            "+    Reset latency data of one or more <event> classes.\r\n" +
            "+    (default: reset all data for all event classes)\r\n+HISTOGRAM [COMMAND ...]\r\n" +
            "+    Return a cumulative distribution of latencies in the format of a histogram for the specified command names.\r\n" +
            "+    If no commands are specified then all histograms are replied.\r\n+HELP\r\n+    Prints this help.\r\n"));

    [Test]
    public void Unknown_Subcommand_RepliesRedisError() =>
        Assert.That(Run("LATENCY", "foo"), Is.EqualTo("-ERR unknown subcommand 'foo'. Try LATENCY HELP.\r\n"));

    [TestCase("HISTORY", "latency|history")]
    [TestCase("GRAPH", "latency|graph")]
    [TestCase("LATEST x", "latency|latest")]
    [TestCase("DOCTOR x", "latency|doctor")]
    [TestCase("HISTORY a b", "latency|history")]
    public void Subcommand_WrongArity_RepliesArityError(string arguments, string name) =>
        Assert.That(Run(["LATENCY", .. arguments.Split(' ')]), Is.EqualTo($"-ERR wrong number of arguments for '{name}' command\r\n"));

    [Test]
    public void Bare_RepliesArityError() =>
        Assert.That(Run("LATENCY"), Is.EqualTo("-ERR wrong number of arguments for 'latency' command\r\n"));

    [Test]
    public void Latest_NoEvents_RepliesEmptyArray() => Assert.That(Run("LATENCY", "LATEST"), Is.EqualTo("*0\r\n"));

    [Test]
    public void History_UnknownEvent_RepliesEmptyArray() => Assert.That(Run("LATENCY", "HISTORY", "command"), Is.EqualTo("*0\r\n"));

    [Test]
    public void Graph_UnknownEvent_RepliesNoSamples() =>
        Assert.That(Run("LATENCY", "GRAPH", "x"), Is.EqualTo("-ERR No samples available for event 'x'\r\n"));

    [Test]
    public void AddSampleIfNeeded_MonitorOff_AddsNothing()
    {
        Monitor.AddSampleIfNeeded("command", 500);
        Assert.That(Run("LATENCY", "LATEST"), Is.EqualTo("*0\r\n"));
    }

    [Test]
    public void AddSampleIfNeeded_BelowThreshold_AddsNothing()
    {
        Run("CONFIG", "SET", "latency-monitor-threshold", "10");
        Monitor.AddSampleIfNeeded("command", 9);
        Assert.That(Run("LATENCY", "LATEST"), Is.EqualTo("*0\r\n"));
    }

    [Test]
    public void AddSampleIfNeeded_AtThreshold_AddsSample()
    {
        Run("CONFIG", "SET", "latency-monitor-threshold", "10");
        Monitor.AddSampleIfNeeded("command", 10);
        Assert.That(Run("LATENCY", "LATEST"), Is.EqualTo($"*1\r\n*4\r\n$7\r\ncommand\r\n:{Start}\r\n:10\r\n:10\r\n"));
    }

    [Test]
    public void AddSample_SameSecond_KeepsHighest()
    {
        AddSamples("command", 0, (0, 5), (0, 9), (0, 7));
        Assert.That(Run("LATENCY", "HISTORY", "command"), Is.EqualTo($"*1\r\n*2\r\n:{Start}\r\n:9\r\n"));
    }

    [Test]
    public void History_SamplesInDifferentSeconds_RepliesOldestFirst()
    {
        AddSamples("command", 3, (0, 5), (1, 12), (3, 3));
        Assert.That(Run("LATENCY", "HISTORY", "command"),
            Is.EqualTo($"*3\r\n*2\r\n:{Start}\r\n:5\r\n*2\r\n:{Start + 1}\r\n:12\r\n*2\r\n:{Start + 3}\r\n:3\r\n"));
    }

    [Test]
    public void History_EventNameOtherCase_RepliesEmptyArray()
    {
        AddSamples("command", 0, (0, 5));
        Assert.That(Run("LATENCY", "HISTORY", "COMMAND"), Is.EqualTo("*0\r\n"));
    }

    [Test]
    public void History_MoreThan160Seconds_KeepsNewest160()
    {
        AddSamples("command", 200, [.. Enumerable.Range(0, 170).Select(s => ((long)s, s + 1L))]);
        string history = Run("LATENCY", "HISTORY", "command");
        Assert.That(history, Does.StartWith($"*160\r\n*2\r\n:{Start + 10}\r\n:11\r\n"));
        Assert.That(history, Does.EndWith($"*2\r\n:{Start + 169}\r\n:170\r\n"));
    }

    [Test]
    public void Latest_AfterRingWrapped_RepliesNewestAndAllTimeMax()
    {
        AddSamples("command", 200, [(0, 900), .. Enumerable.Range(1, 170).Select(s => ((long)s, 2L))]);
        Assert.That(Run("LATENCY", "LATEST"), Is.EqualTo($"*1\r\n*4\r\n$7\r\ncommand\r\n:{Start + 170}\r\n:2\r\n:900\r\n"));
    }

    [Test]
    public void Latest_TwoEvents_RepliesOneEntryEach()
    {
        AddSamples("command", 1, (0, 5));
        AddSamples("expire-cycle", 1, (1, 7));
        Assert.That(Run("LATENCY", "LATEST"), Is.EqualTo(
            $"*2\r\n*4\r\n$7\r\ncommand\r\n:{Start}\r\n:5\r\n:5\r\n*4\r\n$12\r\nexpire-cycle\r\n:{Start + 1}\r\n:7\r\n:7\r\n"));
    }

    [Test]
    public void Graph_RedisSamples_RepliesRedisGraph()
    {
        AddRedisSamples();
        Assert.That(Run("LATENCY", "GRAPH", "command"), Is.EqualTo(Verbatim(
            $"command - high 40 ms, low 3 ms (all time high 40 ms)\n{s_dashes}\n      #\n      |\n   # _|\n_#_|o||\n       \n8764321\nsssssss\n")));
    }

    [Test]
    public void Graph_OneSample_RepliesFlatGraph()
    {
        AddSamples("expire-cycle", 75, (0, 7));
        Assert.That(Run("LATENCY", "GRAPH", "expire-cycle"), Is.EqualTo(Verbatim(
            $"expire-cycle - high 7 ms, low 7 ms (all time high 7 ms)\n{s_dashes}\n \n \n \n_\n \n1\nm\n")));
    }

    [Test]
    public void Graph_Resp3_RepliesVerbatimString()
    {
        AddSamples("command", 0, (0, 7));
        Run("HELLO", "3");
        Assert.That(Run("LATENCY", "GRAPH", "command"), Does.StartWith("=150\r\ntxt:command - high 7 ms"));
    }

    [Test]
    public void Doctor_MonitorOff_RepliesDisabledText() =>
        Assert.That(Run("LATENCY", "DOCTOR"), Is.EqualTo(Verbatim(
            "I'm sorry, Dave, I can't do that. Latency monitoring is disabled in this Redis instance. You may use \"CONFIG SET latency-monitor-threshold <milliseconds>.\" in order to enable it. If we weren't in a deep space mission I'd suggest to take a look at https://redis.io/topics/latency-monitor.\n")));

    [Test]
    public void Doctor_MonitorOnNoEvents_RepliesNoSpikeText()
    {
        Run("CONFIG", "SET", "latency-monitor-threshold", "1");
        string expected = HugePagesAdvice.Length == 0
            ? "Dave, no latency spike was observed during the lifetime of this Redis instance, not in the slightest bit. I honestly think you ought to sit down calmly, take a stress pill, and think things over.\n"
            : "\nI have a few advices for you:\n\n" + HugePagesAdvice;
        Assert.That(Run("LATENCY", "DOCTOR"), Is.EqualTo(Verbatim(expected)));
    }

    [Test]
    public void Doctor_RedisSamples_RepliesRedisReport()
    {
        Run("CONFIG", "SET", "latency-monitor-threshold", "1");
        AddRedisSamples();
        Assert.That(Run("LATENCY", "DOCTOR"), Is.EqualTo(Verbatim(
            "Dave, I have observed latency spikes in this Redis instance. You don't mind talking about it, do you Dave?\n\n" +
            "1. command: 7 latency spikes (average 14ms, mean deviation 8ms, period 1.14 sec). Worst all time event 40ms.\n\n" +
            "I have a few advices for you:\n\n" +
            "- Your current Slow Log configuration only logs events that are slower than your configured latency monitor threshold. Please use 'CONFIG SET slowlog-log-slower-than 1000'.\n" +
            "- Check your Slow Log to understand what are the commands you are running which are too slow to execute. Please check https://redis.io/commands/slowlog for more information.\n" +
            "- Deleting, expiring or evicting (because of maxmemory policy) large objects is a blocking operation. If you have very large objects that are often deleted, expired, or evicted, try to fragment those objects into multiple smaller objects.\n" +
            HugePagesAdvice)));
    }

    [Test]
    public void Doctor_SlowlogDisabled_AdvisesEnablingIt()
    {
        Run("CONFIG", "SET", "latency-monitor-threshold", "5", "slowlog-log-slower-than", "-1");
        AddSamples("command", 0, (0, 5));
        Assert.That(Run("LATENCY", "DOCTOR"), Does.Contain(
            "- There are latency issues with potentially slow commands you are using. Try to enable the Slow Log Redis feature using the command 'CONFIG SET slowlog-log-slower-than 5000'. If the Slow log is disabled Redis is not able to log slow commands execution for you.\n"));
    }

    [Test]
    public void Doctor_ExpireAndEvictionEvents_AdviseHzLargeObjectsAndMassEviction()
    {
        Run("CONFIG", "SET", "latency-monitor-threshold", "1");
        AddSamples("expire-cycle", 1, (0, 3));
        AddSamples("eviction-cycle", 2, (1, 4));
        string report = Run("LATENCY", "DOCTOR");
        Assert.That(report, Does.Contain(
            "1. expire-cycle: 1 latency spikes (average 3ms, mean deviation 0ms, period 2.00 sec). Worst all time event 3ms.\n" +
            "2. eviction-cycle: 1 latency spikes (average 4ms, mean deviation 0ms, period 1.00 sec). Worst all time event 4ms.\n\n" +
            "I have a few advices for you:\n\n" +
            "- In order to make the Redis keys expiring process more incremental, try to set the 'hz' configuration parameter to 100 using 'CONFIG SET hz 100'.\n" +
            "- Deleting, expiring or evicting (because of maxmemory policy) large objects is a blocking operation."));
        Assert.That(report, Does.Contain("- Sudden changes to the 'maxmemory' setting via 'CONFIG SET', or allocation of large objects via sets or sorted sets intersections, STORE option of SORT, Redis Cluster large keys migrations (RESTORE command), may create sudden memory pressure forcing the server to block trying to evict keys. \n"));
    }

    [Test]
    public void Doctor_FastCommand_AdvisesOnTheScheduler()
    {
        Run("CONFIG", "SET", "latency-monitor-threshold", "1");
        AddSamples("fast-command", 0, (0, 3));
        Assert.That(Run("LATENCY", "DOCTOR"), Does.Contain(
            "- The system is slow to execute Redis code paths not containing system calls. This usually means the system does not provide Redis CPU time to run for long periods. You should try to:\n  1) Lower the system load.\n"));
    }

    [Test]
    public void Reset_NoArguments_DropsEveryEventAndCountsThem()
    {
        AddSamples("command", 0, (0, 5));
        AddSamples("expire-cycle", 0, (0, 5));
        Assert.That((Run("LATENCY", "RESET"), Run("LATENCY", "LATEST")), Is.EqualTo((":2\r\n", "*0\r\n")));
    }

    [Test]
    public void Reset_NamedEventsAnyCase_DropsThoseOnly()
    {
        AddSamples("command", 0, (0, 5));
        AddSamples("expire-cycle", 0, (0, 5));
        Assert.That(Run("LATENCY", "RESET", "COMMAND", "nosuch", "command"), Is.EqualTo(":1\r\n"));
        Assert.That(Run("LATENCY", "LATEST"), Does.StartWith("*1\r\n*4\r\n$12\r\nexpire-cycle\r\n"));
    }

    [Test]
    public void EndMonitor_StepTookMilliseconds_AddsThemToTheEvent()
    {
        Run("CONFIG", "SET", "latency-monitor-threshold", "5");
        long started = Monitor.StartMonitor();
        Harness.Time.Advance(TimeSpan.FromMilliseconds(7));
        Monitor.EndMonitor(LatencyMonitor.EvictionCycle, started);
        Assert.That(Run("LATENCY", "HISTORY", "eviction-cycle"), Is.EqualTo($"*1\r\n*2\r\n:{Start}\r\n:7\r\n"));
    }

    [Test]
    public void StartMonitor_MonitorOff_TimesNothing()
    {
        long started = Monitor.StartMonitor();
        Run("CONFIG", "SET", "latency-monitor-threshold", "1");
        Harness.Time.Advance(TimeSpan.FromMilliseconds(7));
        Monitor.EndMonitor(LatencyMonitor.EvictionCycle, started);
        Assert.That((started, Run("LATENCY", "LATEST")), Is.EqualTo((0L, "*0\r\n")));
    }

    [Test]
    public void ExpireCycle_SlowCycle_AddsExpireCycleSample()
    {
        Run("CONFIG", "SET", "latency-monitor-threshold", "2");
        Harness.Server.ActiveExpiry.CycleCompleted!(3500); // what the cycle reports as it ends: 3.5 ms
        Assert.That(Run("LATENCY", "HISTORY", "expire-cycle"), Is.EqualTo($"*1\r\n*2\r\n:{Start}\r\n:3\r\n"));
    }

    [Test]
    public void Call_SlowCommand_AddsCommandSample()
    {
        Run("CONFIG", "SET", "latency-monitor-threshold", "1");
        Run(["RPUSH", "l", .. Enumerable.Range(0, 300_000).Select(i => ((i * 7919) % 300_000).ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        Run("LATENCY", "RESET");
        Run("SORT", "l", "LIMIT", "0", "1"); // sorting 300,000 numbers takes well over a millisecond
        Assert.That(Integer().Replace(Run("LATENCY", "LATEST"), ":N\r\n"), Is.EqualTo("*1\r\n*4\r\n$7\r\ncommand\r\n:N\r\n:N\r\n:N\r\n"));
    }

    [Test]
    public void Call_SlowFastCommand_AddsFastCommandSample()
    {
        Run("CONFIG", "SET", "latency-monitor-threshold", "1");
        Run(["MGET", .. Enumerable.Range(0, 200_000).Select(i => "k" + i)]); // MGET is flagged fast
        Assert.That(Run("LATENCY", "LATEST"), Does.StartWith("*1\r\n*4\r\n$12\r\nfast-command\r\n"));
    }

    [Test]
    public void Call_FastCommandUnderThreshold_AddsNothing()
    {
        Run("CONFIG", "SET", "latency-monitor-threshold", "1000");
        Run("PING");
        Assert.That(Run("LATENCY", "LATEST"), Is.EqualTo("*0\r\n"));
    }
}
