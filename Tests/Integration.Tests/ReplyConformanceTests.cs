using Reactor.MiniRedis.Engine.Reactor;
using Reactor.MiniRedis.Integration.Tests.Support;

namespace Reactor.MiniRedis.Integration.Tests;

/// <summary>
/// Our replies against a real redis-server 7.0.15's, byte for byte: every command of the table with representative
/// arguments in RESP2 and in RESP3 (Conformance/commands.txt), and client-side caching, REDIRECT and CLIENT REPLY
/// across several connections (Conformance/tracking.txt). Each run lists every line that differs. Ignored where
/// redis-server is not installed; CI installs it.
/// </summary>
[TestFixture(IoBackend.Epoll)]
[Category("RedisServer")]
public sealed class ReplyConformanceTests(IoBackend backend) : ServerTests(backend)
{
    private RealRedisServer _redis = null!;

    [OneTimeSetUp]
    public void StartRealRedis() => _redis = RealRedisServer.Start();

    [OneTimeTearDown]
    public void StopRealRedis() => _redis?.Dispose();

    [TestCase(2)]
    [TestCase(3)]
    public void EveryCommand_SameRepliesAsRedis(int protocol) =>
        Assert.That(RunScript("commands.txt", protocol), Is.Empty);

    [TestCase(2)]
    [TestCase(3)]
    public void Tracking_SameRepliesAndInvalidationsAsRedis(int protocol) =>
        Assert.That(RunScript("tracking.txt", protocol), Is.Empty);

    private List<string> RunScript(string name, int protocol) =>
        ConformanceScript.Run(Path.Combine(AppContext.BaseDirectory, "Conformance", name), _redis.Connect, Connect, protocol);
}
