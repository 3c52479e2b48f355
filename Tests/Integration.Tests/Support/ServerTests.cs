using NUnit.Framework.Interfaces;
using Reactor.MiniRedis.Engine.Reactor;

namespace Reactor.MiniRedis.Integration.Tests.Support;

/// <summary>
/// Base of every suite that needs a running server: one server per fixture, started on a free port with the
/// fixture's poller. Concrete suites carry <c>[TestFixture(IoBackend.Epoll)]</c> and <c>[TestFixture(IoBackend.Select)]</c>,
/// so the same tests run against both backends.
/// </summary>
public abstract class ServerTests(IoBackend backend)
{
    /// <summary>The poller this fixture runs against.</summary>
    protected IoBackend Backend { get; } = backend;

    /// <summary>The server under test.</summary>
    protected TestServer Server { get; private set; } = null!;

    [OneTimeSetUp]
    public void StartServer() => Server = TestServer.Start(Backend);

    [OneTimeTearDown]
    public void StopServer() => Server?.Dispose();

    /// <summary>On a failure, shows what the server logged: the reason a connection was closed is usually there.</summary>
    [TearDown]
    public void ShowServerLogOnFailure()
    {
        if (TestContext.CurrentContext.Result.Outcome.Status == TestStatus.Failed)
        {
            foreach (string line in Server.LogLines)
            {
                TestContext.Out.WriteLine(line);
            }
        }
    }

    /// <summary>Opens a raw TCP connection to the server.</summary>
    protected RawClient Connect() => Server.Connect();

    /// <summary>
    /// A key no other test (or earlier run against an external target) has used, so tests that add to a value
    /// (INCR, LPUSH, SADD) start from an empty key.
    /// </summary>
    protected static string UniqueKey(string name = "key") =>
        $"{TestContext.CurrentContext.Test.MethodName}:{name}:{Guid.NewGuid():N}";
}
