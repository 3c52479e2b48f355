using System.Globalization;
using System.Net;
using Reactor.MiniRedis.Engine.Networking;
using Reactor.MiniRedis.Engine.Reactor;
using Reactor.MiniRedis.Engine.Server;

namespace Reactor.MiniRedis.Engine.Embedding;

/// <summary>
/// A Redis 7.0-compatible server running inside this process, for tests: it listens on a free port of 127.0.0.1,
/// real clients (StackExchange.Redis, redis-cli) talk to it over TCP, and the test drives it through this API:
/// its clock (<see cref="Clock"/>), a log of the commands received (<see cref="GetCommandLogAsync"/>), fault
/// injection (<see cref="Faults"/>) and flushes between tests (<see cref="ResetAsync"/>).
/// </summary>
/// <remarks>
/// Each server has its own event-loop thread, keyspace and port, so any number can run side by side. Everything
/// that touches the server's state runs on that thread: the methods here post the work to it and return a task
/// that completes once it is done, so they are safe from any thread. Disposing stops the loop, closes every
/// connection and frees the port.
/// <code>
/// await using var server = await MiniRedisServer.StartAsync();
/// await using var redis = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString);
/// </code>
/// </remarks>
public sealed class MiniRedisServer : IAsyncDisposable, IDisposable
{
    private readonly RedisServer _server;
    private readonly TestHooks _hooks;
    private readonly WakeUpSocket _wakeUp;
    private readonly LoopDispatcher _dispatcher;
    private readonly InternalCaller _caller;
    private readonly Thread _thread;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Exception? _fatal;
    private int _disposed;

    private MiniRedisServer(RedisServer server, MiniRedisClock clock, TestHooks hooks)
    {
        _server = server;
        _hooks = hooks;
        EndPoint = server.EndPoints.Count > 0
            ? server.EndPoints[0]
            : throw new InvalidOperationException("The server could not bind any address.");
        _wakeUp = new WakeUpSocket();
        try
        {
            server.Loop.Register(_wakeUp.Socket, _wakeUp, Interest.Readable);
            _dispatcher = new LoopDispatcher(server.Loop, _wakeUp);
            _caller = new InternalCaller(server);
        }
        catch
        {
            _wakeUp.Dispose();
            throw;
        }
        hooks.Dispatcher = _dispatcher;
        clock.Dispatcher = _dispatcher;
        clock.Loop = server.Loop;
        Clock = clock;
        Faults = new MiniRedisFaults(server, hooks, _dispatcher);
        _thread = new Thread(RunLoop)
        {
            IsBackground = true,
            Name = $"mini-redis-loop:{EndPoint.Port}",
        };
        _thread.Start();
    }

    /// <summary>The port the server listens on (chosen by the system unless <c>port</c> was set).</summary>
    public int Port => EndPoint.Port;

    /// <summary>The address the server listens on, <c>127.0.0.1:port</c> unless <c>bind</c> was set.</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>
    /// A StackExchange.Redis configuration string for this server, <c>127.0.0.1:port,allowAdmin=true</c>
    /// (admin commands such as FLUSHALL and CONFIG are allowed, as a test usually wants). Append more options
    /// after a comma.
    /// </summary>
    public string ConnectionString => string.Create(CultureInfo.InvariantCulture, $"{EndPoint},allowAdmin=true");

    /// <summary>The server's clock: advance it to expire keys and time out blocking commands without sleeping.</summary>
    public MiniRedisClock Clock { get; }

    /// <summary>Fault injection: error replies, slow and split replies, dropped connections.</summary>
    public MiniRedisFaults Faults { get; }

    /// <summary>Starts a server and returns once it accepts connections.</summary>
    /// <exception cref="ArgumentException">A setting in <paramref name="options"/> is unknown or has a bad value.</exception>
    /// <exception cref="System.Net.Sockets.SocketException">The address could not be bound.</exception>
    public static async Task<MiniRedisServer> StartAsync(MiniRedisServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new MiniRedisServerOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(options.CommandLogCapacity);
        ServerConfig config = CreateConfig(options);
        var clock = new MiniRedisClock(options.TimeProvider ?? TimeProvider.System);
        var redis = new RedisServer(config, clock);
        redis.Log.WriteToConsole = false;
        redis.Log.Sink = options.Log;
        var hooks = new TestHooks(redis, options.CommandLogCapacity);
        redis.TestHooks = hooks;
        MiniRedisServer server;
        try
        {
            redis.Listen();
            server = new MiniRedisServer(redis, clock, hooks);
        }
        catch
        {
            redis.Dispose(); // no loop thread yet: closes the listeners on this thread
            throw;
        }
        try
        {
            await server._dispatcher.InvokeAsync(() => { }).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return server;
    }

    /// <summary>
    /// The requests received so far, oldest first, up to <see cref="MiniRedisServerOptions.CommandLogCapacity"/>
    /// of the latest. Every client's requests are there, including the handshake a client library sends when it
    /// connects (CLIENT SETNAME, INFO, ...): filter by <see cref="MiniRedisCommand.Name"/> or
    /// <see cref="MiniRedisCommand.ClientName"/>.
    /// </summary>
    public async Task<IReadOnlyList<MiniRedisCommand>> GetCommandLogAsync() =>
        await _dispatcher.InvokeAsync(_hooks.CommandLog).ConfigureAwait(false);

    /// <summary>Empties the command log.</summary>
    public Task ClearCommandLogAsync() => _dispatcher.InvokeAsync(_hooks.ClearCommandLog);

    /// <summary>Empties every database, exactly as FLUSHALL does.</summary>
    public Task FlushAllAsync() => _dispatcher.InvokeAsync(FlushAll);

    /// <summary>
    /// Prepares the server for the next test: empties every database (FLUSHALL), drops pending faults (sending
    /// held replies), and empties the command log. Connections, settings changed with CONFIG SET, statistics
    /// and the clock are left as they are.
    /// </summary>
    public Task ResetAsync() => _dispatcher.InvokeAsync(() =>
    {
        FlushAll();
        _hooks.ClearFaults();
        _hooks.ClearCommandLog();
    });

    /// <summary>The clients connected now (a few of CLIENT LIST's fields).</summary>
    public async Task<IReadOnlyList<MiniRedisClient>> GetClientsAsync() =>
        await _dispatcher.InvokeAsync(() => _server.Clients.Values.Select(Describe).ToArray()).ConfigureAwait(false);

    /// <summary>Stops the loop, closes every connection and frees the port. Waits for the loop thread to finish.</summary>
    public async ValueTask DisposeAsync()
    {
        RequestStop();
        await _stopped.Task.ConfigureAwait(false);
        _wakeUp.Dispose();
    }

    /// <summary>Stops the loop, closes every connection and frees the port. Blocks until the loop thread has finished.</summary>
    public void Dispose()
    {
        RequestStop();
        _thread.Join();
        _wakeUp.Dispose();
    }

    /// <summary>What the embedding API shows of a client.</summary>
    internal static MiniRedisClient Describe(Connection client) =>
        new(client.Id, client.Name, client.RemoteAddress, client.Db.Id, client.LibraryName, client.LastCommand);

    /// <summary>
    /// The settings of an embedded server: loopback, a free port, no snapshots and no console log, then the
    /// options, each applied through its redis.conf parameter so the values are checked exactly as in a config file.
    /// </summary>
    private static ServerConfig CreateConfig(MiniRedisServerOptions options)
    {
        var config = new ServerConfig();
        Apply(config, "bind", "127.0.0.1");
        Apply(config, "port", "0");
        Apply(config, "save", "");
        Apply(config, "databases", options.Databases.ToString(CultureInfo.InvariantCulture));
        Apply(config, "io-backend", options.IoBackend.ToString().ToLowerInvariant());
        foreach ((string name, string value) in options.Settings)
        {
            Apply(config, name, value);
        }
        return config;
    }

    private static void Apply(ServerConfig config, string name, string value)
    {
        ConfigParameter parameter = config.Find(name)
            ?? throw new ArgumentException($"'{name}' is not a setting of this server.", nameof(MiniRedisServerOptions.Settings));
        if (parameter.Apply(value) is { } error)
        {
            throw new ArgumentException($"Bad value '{value}' for '{name}': {error}", nameof(MiniRedisServerOptions.Settings));
        }
    }

    /// <summary>Runs the FLUSHALL command's own code (loop thread).</summary>
    private void FlushAll()
    {
        string reply = _caller.Call("FLUSHALL");
        if (reply != "+OK\r\n")
        {
            throw new InvalidOperationException($"FLUSHALL failed: {reply.TrimEnd()}");
        }
    }

    private void RequestStop()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _server.RequestShutdown();
            _wakeUp.Wake();
        }
    }

    /// <summary>
    /// The loop thread: runs the loop until disposal (or SHUTDOWN), then fails whatever was still posted to it.
    /// An exception escaping the loop is a server bug: it is logged, the server is closed, and every later call
    /// reports it.
    /// </summary>
    private void RunLoop()
    {
        try
        {
            _server.Run();
        }
        catch (Exception e)
        {
            _fatal = e;
            _server.Log.Warning($"Event loop crashed: {e}");
            try
            {
                _server.Dispose(); // on the loop thread, which owns what it closes
            }
            catch (Exception closing)
            {
                // Rethrowing on this background thread would end the whole test run; the crash is already recorded.
                _server.Log.Warning($"Closing after the crash failed: {closing}");
            }
        }
        finally
        {
            _dispatcher.Stop(StoppedError);
            _stopped.TrySetResult();
        }
    }

    private Exception StoppedError() =>
        _fatal is not null ? new InvalidOperationException("The embedded Redis server stopped after an internal error.", _fatal)
        : Volatile.Read(ref _disposed) != 0 ? new ObjectDisposedException(nameof(MiniRedisServer))
        : new InvalidOperationException("The embedded Redis server has shut down (SHUTDOWN).");
}
