using System.Text.RegularExpressions;
using Reactor.MiniRedis.Engine.Reactor;
using Reactor.MiniRedis.Integration.Tests.Support;

namespace Reactor.MiniRedis.Integration.Tests;

/// <summary>
/// LATENCY, the latency settings and INFO latencystats side by side with a real redis-server 7.0: fixed texts and
/// errors must be the same bytes; replies that carry measured durations must have the same shape once the
/// durations are masked.
/// </summary>
[TestFixture(IoBackend.Epoll)]
public sealed partial class LatencyComparisonTests(IoBackend backend) : ServerTests(backend)
{
    private RealRedisServer _redis = null!;

    [OneTimeSetUp]
    public void StartRedis() => _redis = RealRedisServer.Start();

    [OneTimeTearDown]
    public void StopRedis() => _redis?.Dispose();

    [GeneratedRegex(@"histogram_usec\r\n(\*2|%1)\r\n:\d+\r\n")]
    private static partial Regex OneBucket();

    [GeneratedRegex(@"=\d+\.\d{3}")]
    private static partial Regex Microseconds();

    private static IEnumerable<TestCaseData> FixedReplies()
    {
        string[][] commands =
        [
            ["LATENCY", "HELP"], ["LATENCY", "DOCTOR"], ["LATENCY", "LATEST"], ["LATENCY", "HISTORY", "command"],
            ["LATENCY", "GRAPH", "command"], ["LATENCY", "RESET"], ["LATENCY", "RESET", "command", "fast-command"],
            ["LATENCY", "HISTOGRAM", "nosuch"], ["LATENCY", "foo"], ["LATENCY"], ["LATENCY", "HISTORY"],
            ["LATENCY", "HISTORY", "a", "b"], ["LATENCY", "GRAPH"], ["LATENCY", "LATEST", "x"], ["LATENCY", "DOCTOR", "x"],
            ["LATENCY", "HELP", "x"],
            // One subcommand at a time: Redis lists a container's subcommands in its dict's order, which its random
            // hash seed changes from run to run.
            ["COMMAND", "INFO", "latency|help", "latency|reset", "latency|doctor", "latency|graph", "latency|histogram",
                "latency|history", "latency|latest"],
            ["COMMAND", "DOCS", "latency|help"], ["COMMAND", "DOCS", "latency|reset"], ["COMMAND", "DOCS", "latency|doctor"],
            ["COMMAND", "DOCS", "latency|graph"], ["COMMAND", "DOCS", "latency|histogram"], ["COMMAND", "DOCS", "latency|history"],
            ["COMMAND", "DOCS", "latency|latest"],
            ["CONFIG", "GET", "latency-monitor-threshold"], ["CONFIG", "GET", "latency-tracking"],
            ["CONFIG", "GET", "latency-tracking-info-percentiles"],
            ["CONFIG", "SET", "latency-tracking-info-percentiles", "101"],
            ["CONFIG", "SET", "latency-tracking-info-percentiles", "abc"],
            ["CONFIG", "SET", "latency-tracking-info-percentiles", "50  99"],
            ["CONFIG", "SET", "latency-monitor-threshold", "-1"], ["CONFIG", "SET", "latency-monitor-threshold", "x"],
            ["CONFIG", "SET", "latency-tracking", "maybe"],
        ];
        return commands.Select(c => new TestCaseData((object)c).SetName("Fixed_" + string.Join('_', c).Replace(' ', '_')));
    }

    [TestCaseSource(nameof(FixedReplies))]
    public void Fixed_RepliesAsRedisDoes(string[] command)
    {
        using RawClient redis = _redis.Connect();
        using RawClient ours = Connect();
        Assert.That(ours.Execute(command), Is.EqualTo(redis.Execute(command)));
    }

    [Test]
    public void ConfigSet_Percentiles_ReadBackAsRedisDoes()
    {
        string[] set = ["CONFIG", "SET", "latency-tracking-info-percentiles", "0 50.0 100 99.99999 12.50 1e1"];
        string[] get = ["CONFIG", "GET", "latency-tracking-info-percentiles"];
        string[] restore = ["CONFIG", "SET", "latency-tracking-info-percentiles", "50 99 99.9"];
        Assert.That(Script(Connect, set, get, restore), Is.EqualTo(Script(_redis.Connect, set, get, restore)));
    }

    [Test]
    public void Histogram_AfterCalls_HasRedisShape()
    {
        string[][] script = [["CONFIG", "RESETSTAT"], ["SET", "k", "v"], ["GET", "k"], ["LATENCY", "HISTOGRAM", "set", "get", "nosuch"]];
        Assert.That(OneBucket().Replace(Script(Connect, script), "histogram_usec\r\n$1\r\n:N\r\n"),
            Is.EqualTo(OneBucket().Replace(Script(_redis.Connect, script), "histogram_usec\r\n$1\r\n:N\r\n")));
    }

    [Test]
    public void Histogram_Resp3_HasRedisShape()
    {
        string[][] script = [["CONFIG", "RESETSTAT"], ["SET", "k", "v"], ["HELLO", "3"], ["LATENCY", "HISTOGRAM", "set"]];
        string Last(Func<RawClient> connect) => OneBucket().Replace(Script(connect, script), "histogram_usec\r\n$1\r\n:N\r\n")
            .Split("%1\r\n$3\r\nset", 2)[1];
        Assert.That(Last(Connect), Is.EqualTo(Last(_redis.Connect)));
    }

    [Test]
    public void InfoLatencystats_AfterCalls_HasRedisLines()
    {
        string[][] script = [["CONFIG", "RESETSTAT"], ["SET", "k", "v"], ["CONFIG", "SET", "latency-tracking-info-percentiles", "0 50 99.99999"],
            ["INFO", "latencystats"], ["CONFIG", "SET", "latency-tracking-info-percentiles", "50 99 99.9"]];
        string[] Lines(Func<RawClient> connect)
        {
            using RawClient client = connect();
            string info = "";
            foreach (string[] command in script)
            {
                string reply = client.Execute(command);
                info = command[0] == "INFO" ? reply : info;
            }
            return [.. Microseconds().Replace(info, "=N").Split("\r\n").Skip(1).Order(StringComparer.Ordinal)];
        }
        Assert.That(Lines(Connect), Is.EqualTo(Lines(_redis.Connect)));
    }

    [TestCase("all")]
    [TestCase("everything")]
    [TestCase("default")]
    public void Info_Sections_AreRedisSections(string section)
    {
        string Headers(Func<RawClient> connect)
        {
            using RawClient client = connect();
            return string.Join(' ', client.Execute("INFO", section).Split("\r\n").Where(l => l.StartsWith('#')));
        }
        Assert.That(Headers(Connect), Is.EqualTo(Headers(_redis.Connect)));
    }

    [Test]
    public void Doctor_MonitorOnNoEvents_RepliesAsRedisDoes()
    {
        string[][] script = [["CONFIG", "SET", "latency-monitor-threshold", "100000"], ["LATENCY", "RESET"], ["LATENCY", "DOCTOR"],
            ["CONFIG", "SET", "latency-monitor-threshold", "0"]];
        Assert.That(Script(Connect, script), Is.EqualTo(Script(_redis.Connect, script)));
    }

    // Every reply of the script, in order, from one connection.
    private static string Script(Func<RawClient> connect, params string[][] commands)
    {
        using RawClient client = connect();
        return string.Concat(commands.Select(c => client.Execute(c)));
    }
}
