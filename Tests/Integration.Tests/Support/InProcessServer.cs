using System.Collections.Concurrent;
using Reactor.MiniRedis.Engine.Server;

namespace Reactor.MiniRedis.Integration.Tests.Support;

/// <summary>
/// Our server started in-process on a free port with its RDB file in a chosen directory (snapshots off unless
/// asked), for the persistence tests that put it next to a real redis-server.
/// </summary>
public sealed class InProcessServer : IDisposable
{
    private InProcessServer(RedisServer server, ConcurrentQueue<string> log)
    {
        Server = server;
        Log = log;
    }

    /// <summary>The server.</summary>
    public RedisServer Server { get; }

    /// <summary>What it logged.</summary>
    public ConcurrentQueue<string> Log { get; }

    /// <summary>
    /// Starts a server with <c>dir</c> <paramref name="directory"/> and <c>dbfilename</c>
    /// <paramref name="dbFilename"/>; with <paramref name="load"/> it first loads that file, as the program does at
    /// startup, and fails the test if loading fails.
    /// </summary>
    public static InProcessServer Start(string directory, string dbFilename = "dump.rdb", bool load = false)
    {
        var config = new ServerConfig { Port = 0, Bind = ["127.0.0.1"], DbFilename = dbFilename };
        config.SetSave("");
        config.SetDir(directory);
        var server = new RedisServer(config);
        var log = new ConcurrentQueue<string>();
        server.Log.WriteToConsole = false;
        server.Log.Sink = log.Enqueue;
        if (load && !server.Persistence.LoadDataFromDisk())
        {
            server.Dispose();
            Assert.Fail($"Loading {dbFilename} failed:\n{string.Join("\n", log)}");
        }
        server.Start();
        return new InProcessServer(server, log);
    }

    /// <summary>Opens a raw client to it.</summary>
    public RawClient Connect() => RawClient.Connect("127.0.0.1", Server.Port);

    /// <summary>Stops it.</summary>
    public void Dispose() => Server.Dispose();
}
