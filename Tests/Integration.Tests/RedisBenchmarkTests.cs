using System.Globalization;
using System.Text.RegularExpressions;
using Reactor.MiniRedis.Engine.Reactor;
using Reactor.MiniRedis.Integration.Tests.Support;

namespace Reactor.MiniRedis.Integration.Tests;

/// <summary>
/// The real <c>redis-benchmark</c> against the server: every test of its default suite must complete, with no
/// error replies and with the server's CONFIG readable (redis-benchmark warns when it is not). These are correctness
/// runs with small request counts, not measurements; scripts/compare.sh measures. Ignored where redis-benchmark
/// is not installed; CI installs it.
/// </summary>
[TestFixture(IoBackend.Epoll)]
[TestFixture(IoBackend.Select)]
[Category("RedisBenchmark")]
public sealed partial class RedisBenchmarkTests(IoBackend backend) : ServerTests(backend)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(2);

    /// <summary>The default suite of redis-benchmark 7.0 (no <c>-t</c>), in the order it runs.</summary>
    private static readonly string[] s_defaultSuite =
    [
        "PING_INLINE", "PING_MBULK", "SET", "GET", "INCR", "LPUSH", "RPUSH", "LPOP", "RPOP", "SADD", "HSET", "SPOP",
        "ZADD", "ZPOPMIN", "LPUSH (needed to benchmark LRANGE)", "LRANGE_100 (first 100 elements)",
        "LRANGE_300 (first 300 elements)", "LRANGE_500 (first 500 elements)", "LRANGE_600 (first 600 elements)",
        "MSET (10 keys)",
    ];

    private string _redisBenchmark = null!;

    [SetUp]
    public void FindRedisBenchmark() => _redisBenchmark = ExternalTool.Require("redis-benchmark");

    [Test]
    public void DefaultSuite_TwoThousandRequests_EveryTestReportsThroughput() =>
        Assert.That(RunBenchmark("-n", "2000"), Is.EqualTo(s_defaultSuite));

    [Test]
    public void DefaultSuite_Resp3_EveryTestReportsThroughput() =>
        Assert.That(RunBenchmark("-3", "-n", "2000"), Is.EqualTo(s_defaultSuite));

    [Test]
    public void SetGet_ThousandClients_EveryTestReportsThroughput() =>
        Assert.That(RunBenchmark("-c", "1000", "-n", "20000", "-t", "set,get"), Is.EqualTo(new[] { "SET", "GET" }));

    [Test]
    public void DefaultSuite_PipelineSixteen_EveryTestReportsThroughput() =>
        Assert.That(RunBenchmark("-P", "16", "-n", "20000"), Is.EqualTo(s_defaultSuite));

    [Test]
    public void SetGet_BigValuesPipelined_EveryTestReportsThroughput() =>
        Assert.That(RunBenchmark("-P", "16", "-n", "5000", "-d", "65536", "-t", "set,get"), Is.EqualTo(new[] { "SET", "GET" }));

    /// <summary>
    /// Runs <c>redis-benchmark -q</c> with <paramref name="args"/> and returns the names of the tests that reported
    /// requests per second. Fails on a non-zero exit, on any error line, on the CONFIG warning, and on any final line
    /// that is not a throughput report.
    /// </summary>
    private string[] RunBenchmark(params string[] args)
    {
        ToolResult result = ExternalTool.Run(_redisBenchmark,
            ["-h", Server.Host, "-p", Server.Port.ToString(CultureInfo.InvariantCulture), "-q", .. args], s_timeout);

        // -q rewrites a progress line in place with '\r'; the text after the last '\r' of each line is final.
        string[] lines = result.Text.Split('\n')
            .Select(line => line[(line.LastIndexOf('\r') + 1)..].Trim())
            .Where(line => line.Length > 0)
            .ToArray();
        string all = string.Join('\n', lines) + "\n" + result.Error;
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Zero, all);
            Assert.That(all, Does.Not.Contain("WARNING: Could not fetch server CONFIG"));
            Assert.That(all, Does.Not.Contain("ERR").And.Not.Contain("Error").And.Not.Contain("WRONGTYPE"));
            Assert.That(lines, Has.All.Match(ThroughputPattern), all);
        });
        return lines.Select(line => ThroughputLine().Match(line).Groups["test"].Value).ToArray();
    }

    /// <summary>
    /// A final -q line: "SET: 123456.79 requests per second, p50=0.191 msec" ("inf" when a run took under a
    /// millisecond, which redis-benchmark prints as is).
    /// </summary>
    private const string ThroughputPattern = @"^(?<test>.+): (?<rps>[0-9.]+|inf) requests per second";

    [GeneratedRegex(ThroughputPattern)]
    private static partial Regex ThroughputLine();
}
