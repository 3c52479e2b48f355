using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Reactor.MiniRedis.Engine.Blocking;
using Reactor.MiniRedis.Engine.Commands;
using Reactor.MiniRedis.Engine.Memory;
using Reactor.MiniRedis.Engine.Networking;
using Reactor.MiniRedis.Engine.Persistence;
using Reactor.MiniRedis.Engine.PubSub;
using Reactor.MiniRedis.Engine.Reactor;
using Reactor.MiniRedis.Engine.Replication;
using Reactor.MiniRedis.Engine.Security;
using Reactor.MiniRedis.Engine.Tracking;
using Reactor.MiniRedis.Engine.Transactions;
using Reactor.MiniRedis.Protocol;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Engine.Server;

/// <summary>
/// The server: the global <c>server</c> struct of redis/redis src/server.c. It owns the event loop, the listening
/// sockets, the clients, the keyspace and the command table, and runs every command (processCommand + call).
/// Everything except <see cref="Start"/>, <see cref="RequestShutdown"/> and <see cref="Dispose"/> runs on the loop thread.
/// </summary>
public sealed class RedisServer : IDisposable
{
    /// <summary>The Redis version we answer as (INFO redis_version, HELLO version): the behaviour we match.</summary>
    public const string RedisVersion = "7.0.15";

    /// <summary>Our own release.</summary>
    public static readonly string ServerVersion = typeof(RedisServer).Assembly.GetName().Version?.ToString(3) ?? "0.1.0";

    private readonly Dictionary<long, Connection> _clients = [];
    private readonly List<Connection> _pendingWrites = [];
    private readonly List<Acceptor> _acceptors = [];
    private readonly CommandContext _context;
    private readonly LazyFreeWorker _lazyFreeWorker;
    private long _nextClientId = 1;
    private int _rehashDb;
    private Thread? _thread;
    private bool _shutdown;
    private Exception? _fatal;

    /// <summary>Creates a server from <paramref name="config"/>. Nothing is bound until <see cref="Listen"/> or <see cref="Start"/>.</summary>
    public RedisServer(ServerConfig config, TimeProvider? time = null, IPoller? poller = null)
    {
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread(); // used_memory_startup: what building the server takes
        Config = config;
        Time = time ?? TimeProvider.System;
        Log = new ServerLog(config);
        Keyspace = new Keyspace(config.Databases, Time, config.Encodings, config.Access, config.LazyFree);
        _lazyFreeWorker = new LazyFreeWorker(Log);
        config.LazyFree.Queue = _lazyFreeWorker;
        ActiveExpiry = new ActiveExpiry(Keyspace, Time);
        Loop = new EventLoop(poller ?? CreatePoller(config.IoBackend), Time);
        Loop.BeforeSleep = BeforeSleep;
        Commands = new CommandLookup(CommandTable.All);
        _context = new CommandContext(this);
        WatchedKeys = new WatchedKeys(Keyspace);
        ClientPause = new ClientPause(this);
        Signals = new KeyspaceSignals(this);
        Tracking = new TrackingTable(this);
        PubSub = new PubSubRegistry(this);
        Monitors = new MonitorFeed(this);
        Blocking = new BlockedClients(this);
        SlowLog = new SlowLog(config, Time);
        Latency = new LatencyMonitor(config, Time);
        ActiveExpiry.CycleCompleted = elapsed => Latency.AddSampleIfNeeded(LatencyMonitor.ExpireCycle, elapsed / 1000);
        StartTimeUnixMilliseconds = Time.GetUtcNow().ToUnixTimeMilliseconds();
        LastSaveUnixSeconds = StartTimeUnixMilliseconds / 1000;
        RunId = RandomHex.RunId();
        ReplicationId = RandomHex.RunId();
        config.Warning ??= Log.Warning;
        Persistence = new RdbPersistence(this);
        Aof = new AofPersistence(this);
        Propagation = new Propagation(this);
        config.AppendOnlyChanged = Aof.OnAppendOnlyChanged;
        config.AppendFsyncChanged = Aof.OnAppendFsyncChanged;
        Evictor = new Evictor(this);
        Memory = new UsedMemory(this, GC.GetAllocatedBytesForCurrentThread() - allocatedBefore);
    }

    public ServerConfig Config { get; }
    public TimeProvider Time { get; }
    public ServerLog Log { get; }
    public ServerStats Stats { get; } = new();
    public Keyspace Keyspace { get; }

    /// <summary>RDB snapshots: SAVE, BGSAVE, the save schedule and loading at startup.</summary>
    public RdbPersistence Persistence { get; }

    /// <summary>The append-only file: appendonly, BGREWRITEAOF, loading at startup.</summary>
    public AofPersistence Aof { get; }

    /// <summary>What commands changed, fed to the AOF (call, alsoPropagate, propagatePendingCommands).</summary>
    public Propagation Propagation { get; }

    /// <summary>The active expiry cycle over <see cref="Keyspace"/>, run by the cron and before sleeping.</summary>
    public ActiveExpiry ActiveExpiry { get; }

    public EventLoop Loop { get; }

    /// <summary>The keys clients WATCH, by database (db->watched_keys).</summary>
    internal WatchedKeys WatchedKeys { get; }

    /// <summary>CLIENT PAUSE state and the clients it holds back.</summary>
    public ClientPause ClientPause { get; }

    /// <summary>Where commands report the keys they change (WATCH, tracking and keyspace notifications listen).</summary>
    public KeyspaceSignals Signals { get; }

    /// <summary>Client-side caching: the keys tracking clients may cache, and their invalidation (CLIENT TRACKING).</summary>
    public TrackingTable Tracking { get; }

    /// <summary>Channels, patterns and their subscribers (PUBLISH, keyspace notifications).</summary>
    public PubSubRegistry PubSub { get; }

    /// <summary>The clients in MONITOR mode.</summary>
    public MonitorFeed Monitors { get; }

    /// <summary>Clients blocked on keys (BLPOP and friends), their timeouts and the keys ready to serve them.</summary>
    public BlockedClients Blocking { get; }

    /// <summary>The slow log (server.slowlog): SLOWLOG GET, LEN, RESET.</summary>
    public SlowLog SlowLog { get; }

    /// <summary>The latency monitor (server.latency_events): LATENCY LATEST, HISTORY, GRAPH, DOCTOR, RESET.</summary>
    public LatencyMonitor Latency { get; }

    /// <summary>Every command's latency histogram (INFO latencystats, LATENCY HISTOGRAM).</summary>
    public CommandLatencies CommandLatencies { get; } = new();

    public CommandLookup Commands { get; }

    /// <summary>Per-command counters of this server, indexed by <see cref="CommandSpec.Id"/> (INFO commandstats).</summary>
    public CommandStats[] CommandStats { get; } = new CommandStats[CommandTable.Flattened.Length];

    /// <summary>Writes since the last save (server.dirty).</summary>
    public long Dirty { get; set; }

    /// <summary>Unix time of the last successful save (LASTSAVE).</summary>
    public long LastSaveUnixSeconds { get; set; }

    /// <summary>Unix time the server started.</summary>
    public long StartTimeUnixMilliseconds { get; }

    /// <summary>A random 40-hex-digit id for this run (INFO run_id).</summary>
    public string RunId { get; }

    /// <summary>The replication id of this master's history (INFO master_replid); random per run, as in Redis.</summary>
    public string ReplicationId { get; private set; }

    /// <summary>changeReplicationId (DEBUG CHANGE-REPL-ID): a new random replication id.</summary>
    internal void ChangeReplicationId() => ReplicationId = RandomHex.RunId();

    /// <summary>server.pause_cron (DEBUG PAUSE-CRON): serverCron runs but does none of its work.</summary>
    internal bool CronPaused { get; set; }

    /// <summary>
    /// server.skip_checksum_validation (DEBUG SET-SKIP-CHECKSUM-VALIDATION): RESTORE payloads and RDB files are
    /// loaded without checking their CRC-64.
    /// </summary>
    internal bool SkipChecksumValidation { get; set; }

    /// <summary>What building the server allocated (INFO used_memory_startup).</summary>
    public long UsedMemoryAtStartup => Memory.Startup;

    /// <summary>INFO used_memory and its parts: what maxmemory is compared with.</summary>
    public UsedMemory Memory { get; }

    /// <summary>maxmemory: evictions before commands, the -OOM refusal, the eviction timer.</summary>
    internal Evictor Evictor { get; }

    /// <summary>The context commands run in (its client is the last one served), for CLIENT LIST lines outside commands.</summary>
    internal CommandContext Context => _context;

    /// <summary>Set by SHUTDOWN: no further command runs, and the loop closes every client as it stops.</summary>
    public bool ShuttingDown { get; private set; }

    /// <summary>The poller backend in use.</summary>
    public string PollerName => Loop.PollerName;

    /// <summary>Connected clients by id.</summary>
    public IReadOnlyDictionary<long, Connection> Clients => _clients;

    /// <summary>The addresses actually bound.</summary>
    public IReadOnlyList<IPEndPoint> EndPoints => _acceptors.Select(a => a.EndPoint).ToList();

    /// <summary>The first bound port (the real one when port 0 was configured).</summary>
    public int Port => _acceptors.Count > 0 ? _acceptors[0].EndPoint.Port : Config.Port;

    /// <summary>Set when the loop thread died of an exception; the server is then stopped.</summary>
    public Exception? FatalError => _fatal;

    /// <summary>
    /// The command log and fault injection of a server embedded by <see cref="Embedding.MiniRedisServer"/>; null
    /// otherwise, so a standalone server pays one null check per command and per write. Set before the loop runs.
    /// </summary>
    internal Embedding.TestHooks? TestHooks { get; set; }

    /// <summary>
    /// Binds every <c>bind</c> address on <c>port</c> (0 picks a free port, shared by all addresses) and registers
    /// the listeners with the loop. An address prefixed with '-' is optional, as in redis.conf.
    /// </summary>
    public void Listen()
    {
        int port = Config.Port;
        foreach (string entry in Config.Bind)
        {
            bool optional = entry.StartsWith('-');
            string host = optional ? entry[1..] : entry;
            IPAddress address = host switch
            {
                "*" => IPAddress.Any,
                "::*" => IPAddress.IPv6Any,
                _ => IPAddress.Parse(host),
            };
            try
            {
                var acceptor = new Acceptor(this, new IPEndPoint(address, port), Config.TcpBacklog);
                port = acceptor.EndPoint.Port;
                Config.Port = port; // port 0 picked a free port: CONFIG GET port reports the real one
                _acceptors.Add(acceptor);
                acceptor.Token = Loop.Register(acceptor.Socket, acceptor, Interest.Readable);
            }
            catch (SocketException e) when (optional)
            {
                Log.Warning($"Warning: Could not create server TCP listening socket {host}:{port}: {e.Message}");
            }
        }
    }

    /// <summary>Runs the loop on the calling thread until shutdown (aeMain).</summary>
    public void Run()
    {
        StartCron();
        Loop.Run();
        CloseAll();
    }

    /// <summary>Registers serverCron as the loop's timer, first due in 1 ms (initServer's aeCreateTimeEvent).</summary>
    internal void StartCron() => Loop.CreateTimeEvent(1, ServerCron);

    /// <summary>Binds and runs the loop on its own thread; returns once the server accepts connections.</summary>
    public void Start()
    {
        Listen();
        _thread = new Thread(() =>
        {
            try
            {
                Run();
            }
            catch (Exception e)
            {
                // An exception escaping the loop is a bug: record it and stop, never swallow and continue.
                _fatal = e;
                Log.Warning($"Event loop crashed: {e}");
                CloseAll();
            }
        })
        {
            IsBackground = true,
            Name = "mini-redis-loop",
        };
        _thread.Start();
    }

    /// <summary>Asks the loop to stop at once, with no final save (Dispose). Safe from any thread.</summary>
    public void RequestShutdown() => Loop.Stop();

    /// <summary>
    /// SIGTERM and SIGINT (shutdown_asap, handled by serverCron in Redis): the loop runs prepareForShutdown, which
    /// saves first when save points are configured, and stops only if that worked; otherwise it keeps serving.
    /// Safe from any thread.
    /// </summary>
    public void ScheduleShutdown() => Loop.Post(() =>
    {
        if (ShuttingDown)
        {
            return;
        }
        Log.Warning("User requested shutdown...");
        if (Persistence.PrepareForShutdown(save: false, noSave: false, force: false))
        {
            Shutdown();
        }
    });

    /// <summary>
    /// SHUTDOWN on the loop thread: from now on requests are dropped unanswered (Redis exits at this point), and
    /// the loop stops after this iteration and closes every client.
    /// </summary>
    internal void Shutdown()
    {
        ShuttingDown = true;
        RequestShutdown();
    }

    /// <summary>Stops the loop thread started by <see cref="Start"/>, frees the port and lets the lazyfree thread finish.</summary>
    public void Dispose()
    {
        RequestShutdown();
        if (_thread is not null && _thread.ManagedThreadId != Environment.CurrentManagedThreadId)
        {
            _thread.Join();
        }
        else if (_thread is null)
        {
            CloseAll();
        }
        _lazyFreeWorker.Dispose(); // after the loop: no more jobs can come
    }

    /// <summary>Registers a freshly accepted socket as a client, or refuses it past <c>maxclients</c>.</summary>
    internal void AcceptClient(Socket socket)
    {
        var transport = new SocketTransport(socket);
        if (_clients.Count >= Config.MaxClients)
        {
            // acceptCommonHandler writes the error directly and closes, without creating a client.
            transport.Send("-ERR max number of clients reached\r\n"u8);
            transport.Close();
            Stats.RejectedConnections++;
            return;
        }
        if (ProtectedMode.Refuses(this, transport, socket.RemoteEndPoint))
        {
            return;
        }
        if (Config.TcpKeepAlive > 0)
        {
            TcpKeepAlive.Enable(socket, Config.TcpKeepAlive); // createClient's connKeepAlive
        }
        Connection client = AddClient(transport);
        client.Token = Loop.Register(socket, client, Interest.Readable);
    }

    /// <summary>Creates a client over any transport (tests use in-memory ones that are never polled).</summary>
    internal Connection AddClient(ITransport transport)
    {
        var client = new Connection(this, transport, _nextClientId++);
        _clients.Add(client.Id, client);
        Stats.TotalConnectionsReceived++;
        return client;
    }

    /// <summary>Called by a connection as it closes (freeClient): a blocked client is unblocked first.</summary>
    internal void OnClientClosed(Connection client)
    {
        if ((client.Flags & ClientFlags.Blocked) != 0)
        {
            Blocking.OnClientClosed(client);
        }
        _clients.Remove(client.Id);
        if ((client.Flags & ClientFlags.Tracking) != 0)
        {
            Tracking.Disable(client);
        }
    }

    /// <summary>Schedules <paramref name="client"/>'s replies to be written before the loop sleeps.</summary>
    internal void QueuePendingWrite(Connection client)
    {
        if ((client.Flags & ClientFlags.PendingWrite) == 0)
        {
            client.Flags |= ClientFlags.PendingWrite;
            _pendingWrites.Add(client);
        }
        if ((client.Flags & ClientFlags.CloseAsap) != 0)
        {
            client.Reply.Buffer.Clear(); // being freed (output buffer limit): nothing more is kept for it
        }
    }

    /// <summary>
    /// processCommand + call: finds the command (or subcommand), checks arity and the other preconditions, then
    /// queues it (inside MULTI), postpones it (CLIENT PAUSE) or runs it. Exactly one reply is written for every
    /// request, except a postponed one, which is answered when it runs after the pause.
    /// </summary>
    internal void ProcessCommand(Connection client, byte[] buffer, int start, ArgSlice[] args, int argc)
    {
        if (ShuttingDown)
        {
            return;
        }
        CommandContext ctx = _context;
        ctx.Load(client, buffer, start, args, argc);
        TestHooks?.RecordCommand(ctx); // an embedded server's command log: every request as sent
        CommandSpec? command = Commands.Find(ctx.Arg(0));
        if (command is null)
        {
            if (IsHttpRequest(ctx.Arg(0)))
            {
                return;
            }
            client.LastCommand = "NULL";
            Reject(ctx, ErrorText.UnknownCommand(ctx.Arg(0), args.AsSpan(0, argc), buffer.AsSpan(start)));
            return;
        }
        if (command.IsContainer && argc >= 2)
        {
            CommandSpec? sub = command.FindSubcommand(ctx.Arg(1));
            if (sub is null)
            {
                client.LastCommand = "NULL";
                Reject(ctx, ErrorText.UnknownSubcommand(ctx.Arg(1), command.Name.ToUpperInvariant()));
                return;
            }
            command = sub;
        }
        client.LastCommand = command.Name; // c->lastcmd is set at lookup, so CLIENT LIST shows the running command
        if (!command.AcceptsArgumentCount(argc) || command.Handler is null)
        {
            Reject(ctx, ErrorText.WrongArity(command.Name), command);
            return;
        }
        // CMD_PROTECTED (DEBUG): refused unless enable-debug-command allows this client.
        if ((command.Flags & CommandFlags.Protected) != 0 && ProtectedCommands.Refusal(Config, client) is { } notAllowed)
        {
            Reject(ctx, notAllowed, command);
            return;
        }
        if (!AccessControl.Allows(ctx, command)) // authentication and ACL: -NOAUTH, -NOPERM
        {
            return;
        }
        if (TestHooks?.InjectedError(ctx, command) is { } injected) // an embedded server's fault injection
        {
            Reject(ctx, injected, command);
            return;
        }
        // Writes (and PING) are refused while the last background save failed (stop-writes-on-bgsave-error):
        // writeCommandsDeniedByDiskError, after the ACL check as in processCommand.
        bool writeOrPing = (command.Flags & CommandFlags.Write) != 0 || command.Handler == ConnectionCommands.Ping;
        if (Persistence.DeniesWrites && writeOrPing)
        {
            Reject(ctx, ErrorText.BackgroundSaveError, command);
            return;
        }
        if (Aof.DeniesWrites && writeOrPing)
        {
            Reject(ctx, ErrorText.AofWriteError(Aof.LastWriteError), command);
            return;
        }
        if (MultiExec.IsRejectedInMulti(client, command))
        {
            Reject(ctx, ErrorText.CommandNotAllowedInMulti, command);
            return;
        }
        if (Config.MaxMemory != 0 && Evictor.RejectsWithOom(client, command)) // evictions, then -OOM for deny-oom commands
        {
            Reject(ctx, ErrorText.OutOfMemory, command);
            return;
        }
        if ((client.Flags & (ClientFlags.PubSub | ClientFlags.Monitor)) != 0 && PubSubContext.Refusal(client, command) is { } refusal)
        {
            Reject(ctx, refusal, command);
            return;
        }
        if (ClientPause.IsPaused && ClientPause.ShouldPostpone(client, command))
        {
            ClientPause.Postpone(client);
            return;
        }
        if (MultiExec.ShouldQueue(client, command))
        {
            MultiExec.Queue(ctx, command);
            return;
        }
        Call(ctx, command);
        // processCommand: keys the command created for blocked clients are served right after it (after EXEC as a whole).
        if (Blocking.HasReadyKeys)
        {
            Blocking.HandleClientsBlockedOnKeys();
        }
    }

    /// <summary>
    /// call: runs <paramref name="command"/> (arity already checked) on the request loaded in <paramref name="ctx"/>
    /// and counts it in the statistics. EXEC calls it for each queued command.
    /// </summary>
    internal void Call(CommandContext ctx, CommandSpec command)
    {
        ctx.SetCommand(command);
        long started = Stopwatch.GetTimestamp();
        long dirty = Dirty;
        bool completed = false;
        Propagation.EnterCall(ctx);
        // fixed_time_expire++: one time for the whole command (EXEC: for all it runs). Under the system clock that
        // time is `started` on the wall clock (Redis caches call_timer likewise), so timing the command and fixing
        // its time share one clock read (see CommandClock).
        Keyspace.Clock.EnterCommand(started);
        try
        {
            command.Handler!(ctx);
            completed = true;
        }
        finally
        {
            Keyspace.Clock.ExitCommand();
            // What the command changed is propagated (fed to the AOF once the outermost call ends).
            Propagation.ExitCall(ctx, command, Dirty - dirty, completed);
        }
        if ((ctx.Client.Flags & ClientFlags.Tracking) != 0 && (command.Flags & CommandFlags.ReadOnly) != 0)
        {
            Tracking.RememberKeys(ctx); // call(): a tracking client may now cache the keys it read
        }
        Keyspace.LazyFree.SubmitPending(); // values the command unlinked go to the lazyfree thread once it is done with them
        long duration = (long)Stopwatch.GetElapsedTime(started).TotalMicroseconds;
        ref CommandStats stats = ref CommandStats[command.Id];
        stats.Microseconds += duration;
        stats.Calls++;
        Stats.TotalCommandsProcessed++;
        if (ctx.Failed)
        {
            stats.FailedCalls++;
            Stats.TotalErrorReplies++;
        }
        Latency.AddSampleIfNeeded((command.Flags & CommandFlags.Fast) != 0 ? LatencyMonitor.FastCommand : LatencyMonitor.Command, duration / 1000);
        if ((ctx.Client.Flags & ClientFlags.Blocked) == 0)
        {
            LogCompletedCommand(ctx, command, duration); // a blocked command is logged when it is served
        }
        if (Monitors.Count != 0)
        {
            Monitors.Feed(ctx);
        }
    }

    /// <summary>
    /// What call() does for a command that has replied, and updateStatsOnUnblock for a blocked one once served: the
    /// slow log entry and, with latency-tracking, the command's latency histogram.
    /// </summary>
    internal void LogCompletedCommand(CommandContext ctx, CommandSpec command, long microseconds)
    {
        SlowLog.PushCurrentCommand(ctx, microseconds);
        if (Config.LatencyTracking)
        {
            CommandLatencies.Record(command.Id, microseconds);
        }
    }

    /// <summary>
    /// securityWarningCommand: a browser tricked into posting to the server sends "POST" or "Host:" lines. Like
    /// Redis, log it and drop the client without replying, so no cross-protocol scripting can get an answer.
    /// </summary>
    private bool IsHttpRequest(ReadOnlySpan<byte> name)
    {
        if (!System.Text.Ascii.EqualsIgnoreCase(name, "post"u8) && !System.Text.Ascii.EqualsIgnoreCase(name, "host:"u8))
        {
            return false;
        }
        Log.Warning("Possible SECURITY ATTACK detected. It looks like somebody is sending POST or Host: commands to Redis. This is likely due to an attacker attempting to use Cross Protocol Scripting to compromise your Redis instance. Connection aborted.");
        _context.Client.Flags |= ClientFlags.CloseAsap;
        return true;
    }

    // rejectCommand for a request whose command is unknown.
    private void Reject(CommandContext ctx, ReadOnlySpan<byte> error, CommandSpec? command = null)
    {
        if (command is not null)
        {
            CommandStats[command.Id].RejectedCalls++;
        }
        MultiExec.FlagTransaction(ctx.Client);
        ctx.Error(error);
        Stats.TotalErrorReplies++;
    }

    // rejectCommand: counts the rejection against the command, if known, and fails the client's transaction.
    private void Reject(CommandContext ctx, string error, CommandSpec? command = null)
    {
        if (command is not null)
        {
            CommandStats[command.Id].RejectedCalls++;
        }
        error = MultiExec.OnRejected(this, ctx.Client, command, error); // a rejected EXEC aborts its transaction
        ctx.Error(error);
        Stats.TotalErrorReplies++;
    }

    /// <summary>
    /// beforeSleep: writes pending replies straight to the sockets (handleClientsWithPendingWrites); only clients
    /// whose socket filled up get write interest and wait for the poller.
    /// </summary>
    private void BeforeSleep()
    {
        if (_shutdown)
        {
            return;
        }
        // A fast expire cycle, if the last cycle ran out of time (it returns at once otherwise).
        ActiveExpiry.RunFastCycle(Config.ActiveExpireEffort);
        // BCAST invalidations collected during this iteration go out with the replies.
        Tracking.BroadcastInvalidations();
        // processUnblockedClients: clients unblocked since the last sleep run the input that waited behind their command.
        if (Blocking.HasPendingWork)
        {
            Blocking.BeforeSleep();
        }
        Keyspace.LazyFree.SubmitPending();
        // Write the AOF (and fsync it with appendfsync always) before any reply goes out.
        Aof.BeforeSleep();
        // Index loop: writing may close a client, which never adds to this list.
        for (int i = 0; i < _pendingWrites.Count; i++)
        {
            Connection client = _pendingWrites[i];
            client.Flags &= ~ClientFlags.PendingWrite;
            client.WriteToClient();
        }
        _pendingWrites.Clear();
    }

    /// <summary>serverCron: runs <c>hz</c> times a second on the loop; returns the delay until the next run.</summary>
    private long ServerCron()
    {
        if (CronPaused)
        {
            return 1000 / Math.Max(1, Config.Hz); // for debugging: the cron's work is skipped (DEBUG PAUSE-CRON)
        }
        ClientsCron();
        DatabasesCron();
        Persistence.Cron();
        Keyspace.LazyFree.SubmitPending();
        Aof.Cron();
        Persistence.StartScheduledBackgroundSave(); // after the AOF's, as serverCron orders them
        Stats.SampleInstantaneousMetrics(Loop.NowMilliseconds);
        Stats.UpdatePeakMemory(Memory.Total);
        return 1000 / Math.Max(1, Config.Hz);
    }

    /// <summary>
    /// databasesCron: the slow active expire cycle, then, with activerehashing, 1 ms of incremental rehashing for
    /// the first database (from where the last call stopped) that has a rehash under way.
    /// </summary>
    private void DatabasesCron()
    {
        ActiveExpiry.RunSlowCycle(Config.Hz, Config.ActiveExpireEffort);
        if (!Config.ActiveRehashing)
        {
            return;
        }
        int databases = Math.Min(ActiveExpiry.DatabasesPerCall, Keyspace.Count);
        for (int j = 0; j < databases; j++)
        {
            if (Keyspace[_rehashDb].RehashStep(1))
            {
                break; // work done: more at the next cron
            }
            _rehashDb = (_rehashDb + 1) % Keyspace.Count;
        }
    }

    /*
     * clientsCron: every client, every run (Redis visits a share per run so each is seen about once a second):
     * clientsCronHandleTimeout closes clients idle longer than `timeout` seconds, except those waiting on the
     * server (blocked in BLPOP and the like, held by CLIENT PAUSE) and Pub/Sub and MONITOR clients, which are idle by
     * nature; closeClientOnOutputBufferLimitReached closes those over their output-buffer limit (a soft limit's
     * seconds may pass while nothing is written); and the clients' memory is summed for used_memory.
     */
    private void ClientsCron()
    {
        long now = Loop.NowMilliseconds;
        long limit = Config.Timeout * 1000L;
        OutputBufferLimits limits = Config.OutputBufferLimits;
        List<Connection>? idle = null, overLimit = null;
        foreach (Connection client in _clients.Values)
        {
            // Waiting on the server is not being idle (blocked in BLPOP, held back by CLIENT PAUSE), and Pub/Sub and
            // MONITOR clients are idle by nature.
            if (limit > 0 && now - client.LastInteractionMilliseconds > limit
                && (client.Flags & (ClientFlags.Blocked | ClientFlags.Postponed | ClientFlags.PubSub | ClientFlags.Monitor)) == 0)
            {
                (idle ??= []).Add(client);
            }
            else if (limits.ShouldCheck(client))
            {
                (overLimit ??= []).Add(client);
            }
        }
        for (int i = 0; i < idle?.Count; i++)
        {
            Log.Verbose("Closing idle client");
            idle[i].Close();
        }
        for (int i = 0; i < overLimit?.Count; i++)
        {
            limits.CloseIfReached(this, overLimit[i], async: false);
        }
        Memory.SampleClients();
    }

    private void CloseAll()
    {
        if (_shutdown)
        {
            return;
        }
        _shutdown = true;
        Persistence.KillBackgroundSave();
        Aof.Dispose();
        foreach (Acceptor acceptor in _acceptors)
        {
            Loop.Unregister(acceptor.Token);
            acceptor.Dispose();
        }
        foreach (Connection client in _clients.Values.ToList())
        {
            client.Close();
        }
        Loop.Dispose();
    }

    private static IPoller CreatePoller(IoBackend backend) => backend switch
    {
        IoBackend.Select => new SelectPoller(),
        IoBackend.Epoll => new EpollPoller(),
        _ => EpollPoller.IsSupported ? new EpollPoller() : new SelectPoller(),
    };
}
