using System.Collections.Concurrent;
using System.Globalization;
using Reactor.MiniRedis.Engine.Reactor;
using Reactor.MiniRedis.Engine.Server;

namespace Reactor.MiniRedis.Integration.Tests.Support;

/// <summary>
/// The server under test. Normally our <see cref="RedisServer"/>, started in-process on 127.0.0.1 with port 0 (the
/// kernel picks a free port) and the chosen poller, as tokio-rs/mini-redis tests/server.rs does. When the
/// <c>MINIREDIS_TEST_TARGET=host:port</c> environment variable is set, the same tests talk to that server instead:
/// pointed at a real redis-server, they check the expectations themselves (redis/redis tests/README.md, --host/--port).
/// </summary>
public sealed class TestServer : IDisposable
{
    /// <summary>The environment variable that points the suite at an already running server.</summary>
    public const string TargetVariable = "MINIREDIS_TEST_TARGET";

    private readonly ConcurrentQueue<string> _log;
    private readonly RedisServer? _server;

    private TestServer(string host, int port, RedisServer? server, ConcurrentQueue<string> log)
    {
        Host = host;
        Port = port;
        _server = server;
        _log = log;
    }

    /// <summary>The address clients connect to.</summary>
    public string Host { get; }

    /// <summary>The bound port.</summary>
    public int Port { get; }

    /// <summary>"host:port", as client libraries take it.</summary>
    public string EndPoint => $"{Host}:{Port}";

    /// <summary>True when the suite runs against <see cref="TargetVariable"/> rather than our own server.</summary>
    public bool IsExternal => _server is null;

    /// <summary>What our server logged so far (empty for an external target).</summary>
    public IReadOnlyCollection<string> LogLines => _log;

    /// <summary>
    /// Starts our server with <paramref name="backend"/> on a free port and returns once it accepts connections,
    /// or returns the external target when <see cref="TargetVariable"/> is set.
    /// </summary>
    public static TestServer Start(IoBackend backend)
    {
        string? target = Environment.GetEnvironmentVariable(TargetVariable);
        if (!string.IsNullOrEmpty(target))
        {
            int colon = target.LastIndexOf(':');
            return new TestServer(target[..colon], int.Parse(target[(colon + 1)..], CultureInfo.InvariantCulture), null, []);
        }

        var config = new ServerConfig { Port = 0, Bind = ["127.0.0.1"], IoBackend = backend };
        config.SetSave(""); // as redis-server is started for tests: --save ''
        var server = new RedisServer(config);
        var log = new ConcurrentQueue<string>();
        server.Log.WriteToConsole = false;
        server.Log.Sink = log.Enqueue;
        server.Start();
        return new TestServer("127.0.0.1", server.Port, server, log);
    }

    /// <summary>Opens a raw TCP connection to the server.</summary>
    public RawClient Connect() => RawClient.Connect(Host, Port);

    /// <summary>
    /// Stops the loop and frees the port. Fails if the loop thread died of an exception: a crash that the tests
    /// happened not to notice is still a bug.
    /// </summary>
    public void Dispose()
    {
        if (_server is null)
        {
            return;
        }
        _server.Dispose();
        if (_server.FatalError is { } fatal)
        {
            Assert.Fail($"The event loop crashed: {fatal}");
        }
    }
}
