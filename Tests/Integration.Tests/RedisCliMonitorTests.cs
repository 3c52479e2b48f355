using System.Diagnostics;
using System.Globalization;
using Reactor.MiniRedis.Engine.Reactor;
using Reactor.MiniRedis.Integration.Tests.Support;

namespace Reactor.MiniRedis.Integration.Tests;

/// <summary>
/// <c>redis-cli MONITOR</c> against the server: it prints OK, then one line per command other clients run, in Redis's
/// format. Ignored where redis-cli is not installed; CI installs it.
/// </summary>
[TestFixture(IoBackend.Epoll)]
[TestFixture(IoBackend.Select)]
[Category("RedisCli")]
public sealed class RedisCliMonitorTests(IoBackend backend) : ServerTests(backend)
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(20);

    [Test]
    public async Task Monitor_CommandsOfAnotherClient_ArePrintedInRedisFormat()
    {
        string redisCli = ExternalTool.Require("redis-cli");
        var start = new ProcessStartInfo(redisCli)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[] { "-h", Server.Host, "-p", Server.Port.ToString(CultureInfo.InvariantCulture), "MONITOR" })
        {
            start.ArgumentList.Add(arg);
        }
        using Process monitor = Process.Start(start)!;
        try
        {
            Assert.That(await monitor.StandardOutput.ReadLineAsync().WaitAsync(s_deadline), Is.EqualTo("OK"));
            using RawClient client = Connect();
            client.Execute("SET", "monitored key", "a\"b\n");
            client.Execute("GET", "monitored key");
            string set = (await monitor.StandardOutput.ReadLineAsync().WaitAsync(s_deadline))!;
            string get = (await monitor.StandardOutput.ReadLineAsync().WaitAsync(s_deadline))!;
            Assert.Multiple(() =>
            {
                Assert.That(set, Does.Match(@"^\d+\.\d{6} \[0 127\.0\.0\.1:\d+\] ""SET"" ""monitored key"" ""a\\""b\\n""$"));
                Assert.That(get, Does.Match(@"^\d+\.\d{6} \[0 127\.0\.0\.1:\d+\] ""GET"" ""monitored key""$"));
            });
        }
        finally
        {
            monitor.Kill();
            await monitor.WaitForExitAsync();
        }
    }
}
