using System.Runtime;
using System.Runtime.InteropServices;
using Reactor.MiniRedis.Engine.Memory;
using Reactor.MiniRedis.Engine.Security;
using Reactor.MiniRedis.Engine.Server;

namespace Reactor.MiniRedis.Engine.Host;

/// <summary>
/// The server binary. Arguments follow redis-server: an optional config file first, then <c>--name value</c>
/// pairs with redis.conf names (<c>--port 6380 --io-backend select</c>). The AOF (appendonly yes) or else the RDB
/// file in <c>dir</c> is loaded at startup; SIGINT and SIGTERM shut down cleanly (the AOF fsynced, the RDB file
/// saved first when save points are configured).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        SignalDisposition.RestoreIgnoredInterrupt(); // first: before the runtime's signal handling reads it
        var config = new ServerConfig();
        if (args.Length == 1 && args[0] is "-v" or "--version")
        {
            Console.WriteLine($"Reactor.MiniRedis server v={RedisServer.ServerVersion} redis_compat={RedisServer.RedisVersion} bits=64");
            return 0;
        }
        if (args.Length == 1 && args[0] is "-h" or "--help")
        {
            Console.WriteLine("Usage: mini-redis-server [/path/to/redis.conf] [--port 6379] [--bind 127.0.0.1] [--io-backend epoll|select] [--<config-name> <value>]...");
            return 0;
        }
        try
        {
            ConfigLoader.Load(config, args);
        }
        catch (ConfigException e)
        {
            Console.Error.WriteLine("*** FATAL CONFIG FILE ERROR ***");
            Console.Error.WriteLine(e.Message);
            return 1;
        }

        using var server = new RedisServer(config);
        ApplyCollectorMode(config);
        config.MaxMemoryChanged += () => ApplyCollectorMode(config);
        server.Log.Notice("oO0OoO0OoO0Oo Reactor.MiniRedis is starting oO0OoO0OoO0Oo");
        server.Log.Notice($"Reactor.MiniRedis version={RedisServer.ServerVersion}, redis_version={RedisServer.RedisVersion}, bits=64, pid={Environment.ProcessId}, just started");
        // ACLLoadUsersAtStartup: the users of aclfile, or no start at all.
        if (config.Acl.AclFile.Length > 0 && AclFile.Load(config.Acl, config.Acl.AclFile, out _) is { } aclErrors)
        {
            server.Log.Warning($"Aborting Redis startup because of ACL errors: {aclErrors}");
            return 1;
        }
        try
        {
            server.Listen();
        }
        catch (System.Net.Sockets.SocketException e)
        {
            server.Log.Warning($"Failed listening on port {config.Port} (tcp), aborting: {e.Message}");
            return 1;
        }
        using PosixSignalRegistration sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using PosixSignalRegistration sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

        server.Log.Notice($"Running mode=standalone, port={server.Port}, io-backend={server.PollerName}.");
        server.Log.Notice("Server initialized");
        // loadDataFromDisk: before the loop serves anyone, the AOF with appendonly yes, else the RDB file; a file
        // that cannot be loaded stops the server.
        if (!server.Aof.LoadDataFromDisk())
        {
            return 1;
        }
        (int methods, TimeSpan elapsed) = JitWarmup.Run();
        if (methods > 0)
        {
            server.Log.Notice($"Compiled {methods} methods in {elapsed.TotalMilliseconds:F0} ms");
        }
        // Start-up (the config, the command table, loading, the warm-up's compiles) leaves a few megabytes of young
        // objects, garbage and keepers mixed. The first collection under load otherwise compacts them, and it is a
        // blocking full one: the runtime does not collect in the background while the old generation and the large
        // object heap are under 4 MB each (gen_gen2_too_small), which is where a growing keyspace first fills the
        // large object budget. A young collection here, before any client connects, promotes the keepers and frees
        // the rest: that first pause went from 4.0-4.3 ms to 2.6-2.9 ms (a full collection here did no better, and
        // would count as a gen2 in INFO; BENCHMARKS.md, "Issue 6, session 11"). Idle RSS is unchanged.
        GC.Collect(1);
        // Only the binary trims an idle heap: an embedded server shares its host's heap.
        IdleHeapTrim.Start(server);
        server.Log.Notice("Ready to accept connections tcp");
        server.Run();
        server.Log.Notice("Reactor.MiniRedis is now ready to exit, bye bye...");
        return 0;

        // With maxmemory, full collections block (GCLatencyMode.Batch) instead of running in the background:
        // background collections never compact, and under eviction churn the committed heap grew without bound
        // while the data stayed at the limit (BENCHMARKS.md, "maxmemory under a write flood"). Without a limit the
        // background collector's shorter pauses are kept.
        static void ApplyCollectorMode(ServerConfig config) =>
            GCSettings.LatencyMode = config.MaxMemory > 0 ? GCLatencyMode.Batch : GCLatencyMode.Interactive;

        void OnSignal(PosixSignalContext context)
        {
            // Handled by the loop (prepareForShutdown, which saves first when save points are configured): the
            // runtime's signal thread only asks for the shutdown.
            context.Cancel = true;
            server.Log.Warning($"Received {(context.Signal == PosixSignal.SIGINT ? "SIGINT" : "SIGTERM")} scheduling shutdown...");
            server.ScheduleShutdown();
        }
    }
}
