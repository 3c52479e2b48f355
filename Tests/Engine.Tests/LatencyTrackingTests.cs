using System.Text.RegularExpressions;
using Reactor.MiniRedis.Engine.Commands;
using Reactor.MiniRedis.Engine.Server;
using Reactor.MiniRedis.Engine.Tests.Support;

namespace Reactor.MiniRedis.Engine.Tests;

/// <summary>
/// Per-command latency histograms against redis-server 7.0.15: LATENCY HISTOGRAM's RESP2 and RESP3 shapes, INFO
/// latencystats' lines and number formats, the three settings, CONFIG RESETSTAT and blocked commands. Known
/// durations are recorded straight into a command's histogram; real calls are checked for shape only.
/// </summary>
public sealed partial class LatencyTrackingTests : CommandTestBase
{
    private static CommandSpec Command(string name) => CommandCommands.FindByFullName(System.Text.Encoding.ASCII.GetBytes(name))!;

    private void Record(string command, params long[] microseconds)
    {
        foreach (long us in microseconds)
        {
            Harness.Server.CommandLatencies.Record(Command(command).Id, us);
        }
    }

    private string LatencyStats() => Run("INFO", "latencystats");

    private static string Info(string lines) => $"${16 + lines.Length}\r\n# Latencystats\r\n{lines}\r\n";

    [GeneratedRegex(@"histogram_usec\r\n\*2\r\n:\d+\r\n")]
    private static partial Regex OneBucket();

    [Test]
    public void Histogram_KnownDurations_RepliesCallsAndCumulativeBuckets()
    {
        Record("get", 1, 1, 3, 16, 100);
        Assert.That(Run("LATENCY", "HISTOGRAM", "get"), Is.EqualTo(
            "*2\r\n$3\r\nget\r\n*4\r\n$5\r\ncalls\r\n:5\r\n$14\r\nhistogram_usec\r\n*8\r\n:1\r\n:2\r\n:4\r\n:3\r\n:16\r\n:4\r\n:132\r\n:5\r\n"));
    }

    [Test]
    public void Histogram_Resp3_RepliesMaps()
    {
        Record("get", 1);
        Run("HELLO", "3");
        Assert.That(Run("LATENCY", "HISTOGRAM", "GET"), Is.EqualTo(
            "%1\r\n$3\r\nget\r\n%2\r\n$5\r\ncalls\r\n:1\r\n$14\r\nhistogram_usec\r\n%1\r\n:1\r\n:1\r\n"));
    }

    [Test]
    public void Histogram_ContainerName_RepliesItsSubcommands()
    {
        Record("config|set", 2);
        Record("config|get", 2);
        Assert.That(Run("LATENCY", "HISTOGRAM", "config"), Does.StartWith("*4\r\n$10\r\nconfig|get\r\n").And.Contain("$10\r\nconfig|set\r\n"));
    }

    [Test]
    public void Histogram_SubcommandName_RepliesThatSubcommand()
    {
        Record("config|set", 2);
        Record("config|get", 2);
        Assert.That(Run("LATENCY", "HISTOGRAM", "CONFIG|SET"), Does.StartWith("*2\r\n$10\r\nconfig|set\r\n"));
    }

    [Test]
    public void Histogram_UnknownOrUncalledCommands_AreLeftOut() =>
        Assert.That(Run("LATENCY", "HISTOGRAM", "nosuch", "get"), Is.EqualTo("*0\r\n"));

    [Test]
    public void Histogram_SameNameTwice_RepliesTwice()
    {
        Record("get", 1);
        Assert.That(Run("LATENCY", "HISTOGRAM", "get", "get"), Does.StartWith("*4\r\n$3\r\nget\r\n"));
    }

    [Test]
    public void Histogram_NoArguments_RepliesEveryCommandWithAHistogram()
    {
        Harness.Server.CommandLatencies.Reset();
        Record("set", 2);
        Record("get", 1);
        Assert.That(Run("LATENCY", "HISTOGRAM"), Is.EqualTo(
            "*4\r\n$3\r\nget\r\n*4\r\n$5\r\ncalls\r\n:1\r\n$14\r\nhistogram_usec\r\n*2\r\n:1\r\n:1\r\n" +
            "$3\r\nset\r\n*4\r\n$5\r\ncalls\r\n:1\r\n$14\r\nhistogram_usec\r\n*2\r\n:2\r\n:1\r\n"));
    }

    [Test]
    public void Histogram_RealCall_RepliesOneBucket()
    {
        Run("SET", "k", "v");
        Assert.That(OneBucket().Replace(Run("LATENCY", "HISTOGRAM", "set"), "histogram_usec\r\n*2\r\n:B\r\n"), Is.EqualTo(
            "*2\r\n$3\r\nset\r\n*4\r\n$5\r\ncalls\r\n:1\r\n$14\r\nhistogram_usec\r\n*2\r\n:B\r\n:1\r\n"));
    }

    [Test]
    public void Call_EveryCommand_RecordsOneCall()
    {
        Run("SET", "k", "v");
        Run("SET", "k", "w");
        Assert.That(Harness.Server.CommandLatencies.For(Command("set"))!.TotalCount, Is.EqualTo(2));
    }

    [Test]
    public void Call_TrackingOff_RecordsNothing()
    {
        Run("CONFIG", "SET", "latency-tracking", "no");
        Run("SET", "k", "v");
        Assert.That(Harness.Server.CommandLatencies.For(Command("set")), Is.Null);
    }

    [Test]
    public void Info_OneMicrosecond_RepliesRedisFormat()
    {
        Record("get", 1);
        Assert.That(LatencyStats(), Is.EqualTo(Info("latency_percentiles_usec_get:p50=1.003,p99=1.003,p99.9=1.003\r\n")));
    }

    [Test]
    public void Info_ZeroDuration_RepliesOneNanosecond()
    {
        Record("get", 0);
        Assert.That(LatencyStats(), Is.EqualTo(Info("latency_percentiles_usec_get:p50=0.001,p99=0.001,p99.9=0.001\r\n")));
    }

    [Test]
    public void Info_OneToHundredMicroseconds_RepliesBucketBounds()
    {
        Record("config|get", [.. Enumerable.Range(1, 100).Select(us => (long)us)]);
        Assert.That(LatencyStats(), Is.EqualTo(Info("latency_percentiles_usec_config|get:p50=50.175,p99=99.327,p99.9=100.351\r\n")));
    }

    [Test]
    public void Info_CustomPercentiles_PrintsThemTrimmed()
    {
        Record("get", 16);
        Harness.Server.Config.LatencyTrackingInfoPercentiles = [0, 50, 100, 99.99999, 12.5];
        Assert.That(LatencyStats(), Is.EqualTo(Info(
            "latency_percentiles_usec_get:p0=16.000,p50=16.063,p100=16.063,p99.99999=16.063,p12.5=16.063\r\n")));
    }

    [Test]
    public void Info_NoPercentiles_PrintsBareNames()
    {
        Record("get", 16);
        Run("CONFIG", "SET", "latency-tracking-info-percentiles", "");
        Harness.Server.CommandLatencies.Reset(); // the CONFIG SET above recorded itself
        Record("get", 16);
        Assert.That(LatencyStats(), Is.EqualTo(Info("latency_percentiles_usec_get:\r\n")));
    }

    [Test]
    public void Info_TrackingOff_RepliesHeaderOnly()
    {
        Record("get", 16);
        Run("CONFIG", "SET", "latency-tracking", "no");
        Assert.That(LatencyStats(), Is.EqualTo("$16\r\n# Latencystats\r\n\r\n"));
    }

    [Test]
    public void Info_Default_LeavesLatencystatsOut() => Assert.That(Run("INFO"), Does.Not.Contain("# Latencystats"));

    [TestCase("all")]
    [TestCase("everything")]
    public void Info_All_PutsLatencystatsAfterErrorstats(string section) =>
        Assert.That(Run("INFO", section), Does.Contain("# Errorstats\r\n").And.Contain("\r\n# Latencystats\r\n").And.Contain("\r\n\r\n# Cluster\r\n"));

    [Test]
    public void ResetStat_DropsEveryHistogram()
    {
        Record("get", 1);
        Run("CONFIG", "RESETSTAT");
        Assert.That(Harness.Server.CommandLatencies.For(Command("get")), Is.Null);
    }

    [Test]
    public void ConfigGet_Defaults_RepliesRedisValues() =>
        Assert.That(Run("CONFIG", "GET", "latency-*"), Is.EqualTo(
            "*6\r\n$16\r\nlatency-tracking\r\n$3\r\nyes\r\n$33\r\nlatency-tracking-info-percentiles\r\n$10\r\n50 99 99.9\r\n" +
            "$25\r\nlatency-monitor-threshold\r\n$1\r\n0\r\n"));

    [Test]
    public void ConfigSet_Percentiles_RepliesThemTrimmed()
    {
        Run("CONFIG", "SET", "latency-tracking-info-percentiles", "0 50.0 100 99.99999 12.50");
        Assert.That(Run("CONFIG", "GET", "latency-tracking-info-percentiles"), Is.EqualTo(
            "*2\r\n$33\r\nlatency-tracking-info-percentiles\r\n$22\r\n0 50 100 99.99999 12.5\r\n"));
    }

    [TestCase("101", "latency-tracking-info-percentiles parameters should sit between [0.0,100.0]")]
    [TestCase("-1", "latency-tracking-info-percentiles parameters should sit between [0.0,100.0]")]
    [TestCase("abc", "Invalid latency-tracking-info-percentiles parameters")]
    [TestCase("50  99", "Invalid latency-tracking-info-percentiles parameters")]
    public void ConfigSet_BadPercentiles_RepliesRedisErrorAndKeepsOld(string value, string reason)
    {
        Assert.That(Run("CONFIG", "SET", "latency-tracking-info-percentiles", value), Is.EqualTo(
            $"-ERR CONFIG SET failed (possibly related to argument 'latency-tracking-info-percentiles') - {reason}\r\n"));
        Assert.That(Harness.Server.Config.LatencyTrackingInfoPercentiles, Is.EqualTo(new[] { 50.0, 99.0, 99.9 }));
    }

    [TestCase("-1", "argument must be between 0 and 9223372036854775807 inclusive")]
    [TestCase("abc", "argument couldn't be parsed into an integer")]
    public void ConfigSet_BadThreshold_RepliesRedisError(string value, string reason) =>
        Assert.That(Run("CONFIG", "SET", "latency-monitor-threshold", value), Is.EqualTo(
            $"-ERR CONFIG SET failed (possibly related to argument 'latency-monitor-threshold') - {reason}\r\n"));

    [Test]
    public void BlockedCommand_Served_RecordsWhenServed()
    {
        TestClient waiter = Harness.Connect();
        waiter.Execute("BLPOP", "q", "0");
        Assert.That(Harness.Server.CommandLatencies.For(Command("blpop")), Is.Null);
        Run("LPUSH", "q", "a");
        Assert.That(Harness.Server.CommandLatencies.For(Command("blpop"))!.TotalCount, Is.EqualTo(1));
    }

    [Test]
    public void BlockedCommand_TimedOut_RecordsNothing()
    {
        TestClient waiter = Harness.Connect();
        waiter.Execute("BLPOP", "q", "0.1");
        Harness.Time.Advance(TimeSpan.FromSeconds(1));
        Harness.Server.Loop.ProcessEvents(); // the timeout fires
        Assert.That(Resp.Text(waiter.SendRaw()), Is.EqualTo("*-1\r\n"));
        Assert.That(Harness.Server.CommandLatencies.For(Command("blpop")), Is.Null);
    }
}
