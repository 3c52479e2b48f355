using System.Globalization;
using System.Text;
using Reactor.MiniRedis.Engine.Networking;
using Reactor.MiniRedis.Engine.Persistence;
using Reactor.MiniRedis.Engine.PubSub;
using Reactor.MiniRedis.Engine.Reactor;
using Reactor.MiniRedis.Engine.Security;
using Reactor.MiniRedis.Protocol;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Engine.Server;

/// <summary>
/// The server's settings with redis.conf names, types, defaults, aliases and error texts (the standardConfig table
/// of redis/redis src/config.c, Redis 7.0). Hot settings are plain properties; <see cref="Parameters"/> exposes them
/// all to CONFIG GET/SET and to the config-file parser. A setting is either used by the server or stored and
/// reported unchanged because the feature that reads it does not exist yet (slow log, pidfile, maxmemory-clients).
/// Settings that would promise a mode the server cannot run in (daemonize, cluster) refuse the value that turns
/// it on, with the reason.
/// </summary>
public sealed class ServerConfig
{
    private const string YesOrNo = "argument must be 'yes' or 'no'";
    private const string NotAnInteger = "argument couldn't be parsed into an integer";
    private const string NotAMemoryValue = "argument must be a memory value";

    private readonly Dictionary<string, ConfigParameter> _byName = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<ConfigParameter> _parameters = [];
    private readonly Dictionary<string, string> _stored = new(StringComparer.OrdinalIgnoreCase);
    private string _maxMemoryPolicy = "noeviction";
    private bool _saveLoadedFromConfig;

    /// <summary>Creates the defaults.</summary>
    public ServerConfig()
    {
        // ---- network ----
        AddInteger("port", () => Port, v => Port = (int)v, 0, 65535, mutable: false);
        Add(new ConfigParameter("bind", () => string.Join(' ', Bind), null, v =>
        {
            string[] parts = v.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0 || parts.Length > 16)
            {
                return "Too many bind addresses specified.";
            }
            Bind = parts;
            return null;
        }));
        AddInteger("tcp-backlog", () => TcpBacklog, v => TcpBacklog = (int)v, 0, int.MaxValue, mutable: false);
        AddInteger("maxclients", () => MaxClients, v => MaxClients = (int)Math.Min(v, int.MaxValue), 1, uint.MaxValue);
        AddInteger("timeout", () => Timeout, v => Timeout = (int)v, 0, int.MaxValue);
        AddInteger("tcp-keepalive", () => TcpKeepAlive, v => TcpKeepAlive = (int)v, 0, int.MaxValue);
        AddBool("protected-mode", () => ProtectedMode, v => ProtectedMode = v);
        Add(new ConfigParameter("io-backend", () => IoBackend.ToString().ToLowerInvariant(), null, v =>
        {
            if (!Enum.TryParse(v, ignoreCase: true, out IoBackend backend) || !Enum.IsDefined(backend))
            {
                return "argument(s) must be one of the following: auto, epoll, select";
            }
            IoBackend = backend;
            return null;
        }));

        // ---- general ----
        AddInteger("databases", () => Databases, v => Databases = (int)v, 1, int.MaxValue, mutable: false);
        AddInteger("hz", () => Hz, v => Hz = (int)Math.Clamp(v, 1, 500), 0, int.MaxValue);
        AddBool("dynamic-hz", () => DynamicHz, v => DynamicHz = v);
        AddEnum("loglevel", () => LogLevel, v => LogLevel = v, "debug", "verbose", "notice", "warning");
        AddString("logfile", () => LogFile, v => LogFile = v, mutable: false);
        AddStored("pidfile", "", mutable: false, rewrite: ConfigRewriteKind.NullableString);
        Add(new ConfigParameter("daemonize", () => "no", null,
            v => Refuse(v, "yes", "daemonizing is not supported: run the server under a supervisor instead")));
        Add(new ConfigParameter("dir", () => Dir, SetDir) { Protected = true, RewriteKind = ConfigRewriteKind.NullableString });
        Add(new ConfigParameter("requirepass", () => Acl.RequirePass, v =>
        {
            Acl.SetRequirePass(v);
            return null;
        }) { RewriteKind = ConfigRewriteKind.NullableString });
        AddString("aclfile", () => Acl.AclFile, v => Acl.AclFile = v, mutable: false);
        AddInteger("acllog-max-len", () => Acl.Log.MaxLength, v => Acl.Log.MaxLength = v, 0, long.MaxValue);
        AddEnum("acl-pubsub-default", () => Acl.AllChannelsByDefault ? "allchannels" : "resetchannels",
            v => Acl.AllChannelsByDefault = v == "allchannels", "allchannels", "resetchannels");
        Add(new ConfigParameter("cluster-enabled", () => "no", null, v => Refuse(v, "yes", "cluster mode is not supported")));
        // enable-debug-command: immutable (config file and command line only), like Redis's protected_action_enum.
        Add(new ConfigParameter("enable-debug-command", () => EnableDebugCommand, null, v =>
        {
            string lower = v.ToLowerInvariant();
            if (lower is not ("no" or "yes" or "local"))
            {
                return "argument(s) must be one of the following: no, yes, local";
            }
            EnableDebugCommand = lower;
            return null;
        }));

        // ---- limits ----
        AddMemory("proto-max-bulk-len", () => Limits.MaxBulkLength, v => Limits.MaxBulkLength = v, 1024 * 1024, long.MaxValue);
        AddMemory("client-query-buffer-limit", () => Limits.QueryBufferLimit, v => Limits.QueryBufferLimit = v, 1024 * 1024, long.MaxValue);
        // maxmemory is an unsigned long long in Redis (0 to 2^64-1): every memory value is in range.
        Add(new ConfigParameter("maxmemory", () => MaxMemory.ToString(CultureInfo.InvariantCulture), v =>
        {
            if (!TryParseMemory(v.AsSpan(), out ulong value))
            {
                return NotAMemoryValue;
            }
            MaxMemory = value;
            MaxMemoryChanged?.Invoke();
            return null;
        }) { RewriteKind = ConfigRewriteKind.Memory });
        AddEnum("maxmemory-policy", () => MaxMemoryPolicy, v => MaxMemoryPolicy = v, "volatile-lru", "volatile-lfu",
            "volatile-random", "volatile-ttl", "allkeys-lru", "allkeys-lfu", "allkeys-random", "noeviction");
        AddInteger("maxmemory-samples", () => MaxMemorySamples, v => MaxMemorySamples = (int)v, 1, int.MaxValue);
        AddInteger("maxmemory-eviction-tenacity", () => MaxMemoryEvictionTenacity, v => MaxMemoryEvictionTenacity = (int)v, 0, 100);
        AddStoredMemory("maxmemory-clients", "0");
        Add(new ConfigParameter("client-output-buffer-limit", OutputBufferLimits.Format, OutputBufferLimits.Set)
            { RewriteKind = ConfigRewriteKind.ClientOutputBufferLimit });

        // ---- persistence: RDB snapshots and the append-only file ----
        Add(new ConfigParameter("save", () => Save, v => SetSave(v, fromConfigFile: false), v => SetSave(v, fromConfigFile: true))
            { RewriteKind = ConfigRewriteKind.Save });
        Add(new ConfigParameter("appendonly", () => AppendOnly ? "yes" : "no", v => SetAppendOnly(v, runtime: true), v => SetAppendOnly(v, runtime: false)));
        AddEnum("appendfsync", () => AppendFsync switch { AofFsyncPolicy.Always => "always", AofFsyncPolicy.No => "no", _ => "everysec" },
            v =>
            {
                AppendFsync = v switch { "always" => AofFsyncPolicy.Always, "no" => AofFsyncPolicy.No, _ => AofFsyncPolicy.EverySec };
                AppendFsyncChanged?.Invoke();
            }, "everysec", "always", "no");
        Add(new ConfigParameter("appenddirname", () => AppendDirname, null,
            v => SetAofName(v, dirname => AppendDirname = dirname, "appenddirname can't be empty", "appenddirname can't be a path, just a dirname"))
            { RewriteKind = ConfigRewriteKind.String });
        Add(new ConfigParameter("appendfilename", () => AppendFilename, null,
            v => SetAofName(v, filename => AppendFilename = filename, "appendfilename can't be empty", "appendfilename can't be a path, just a filename"))
            { RewriteKind = ConfigRewriteKind.String });
        AddBool("aof-use-rdb-preamble", () => AofUseRdbPreamble, v => AofUseRdbPreamble = v);
        AddBool("aof-load-truncated", () => AofLoadTruncated, v => AofLoadTruncated = v);
        AddBool("no-appendfsync-on-rewrite", () => NoAppendFsyncOnRewrite, v => NoAppendFsyncOnRewrite = v);
        AddBool("aof-rewrite-incremental-fsync", () => AofRewriteIncrementalFsync, v => AofRewriteIncrementalFsync = v);
        AddBool("aof-disable-auto-gc", () => AofDisableAutoGc, v => AofDisableAutoGc = v);
        Add(new ConfigParameter("aof-timestamp-enabled", () => "no",
            v => Refuse(v, "yes", "AOF timestamp annotations are not supported by this server")));
        AddInteger("auto-aof-rewrite-percentage", () => AutoAofRewritePercentage, v => AutoAofRewritePercentage = (int)v, 0, int.MaxValue);
        AddMemory("auto-aof-rewrite-min-size", () => AutoAofRewriteMinSize, v => AutoAofRewriteMinSize = v, 0, long.MaxValue);
        Add(new ConfigParameter("dbfilename", () => DbFilename, v =>
        {
            // isValidDBfilename: the file lives in `dir`.
            if (v.Contains('/') || v.Contains('\\'))
            {
                return "dbfilename can't be a path, just a filename";
            }
            DbFilename = v;
            return null;
        }) { Protected = true, RewriteKind = ConfigRewriteKind.String });
        AddBool("stop-writes-on-bgsave-error", () => StopWritesOnBackgroundSaveError, v => StopWritesOnBackgroundSaveError = v);
        AddBool("rdbcompression", () => RdbCompression, v => RdbCompression = v);
        AddBool("rdbchecksum", () => RdbChecksum, v => RdbChecksum = v);

        // ---- replication (a standalone master: reported, not used) ----
        AddStoredBool("replica-read-only", true, "slave-read-only");
        AddStoredMemory("repl-backlog-size", "1048576");
        AddStoredInteger("min-replicas-to-write", 0, 0, int.MaxValue, "min-slaves-to-write");

        // ---- keyspace and encodings (stored until the features that read them exist) ----
        Add(new ConfigParameter("notify-keyspace-events", () => KeyspaceEventClasses.Format(NotifyKeyspaceEvents), v =>
        {
            if (!KeyspaceEventClasses.TryParse(v, out NotifyFlags flags))
            {
                return KeyspaceEventClasses.InvalidClassError;
            }
            NotifyKeyspaceEvents = flags;
            return null;
        }) { RewriteKind = ConfigRewriteKind.String });
        AddBool("lazyfree-lazy-eviction", () => LazyFree.LazyEviction, v => LazyFree.LazyEviction = v);
        AddBool("lazyfree-lazy-expire", () => LazyFree.LazyExpire, v => LazyFree.LazyExpire = v);
        AddBool("lazyfree-lazy-server-del", () => LazyFree.LazyServerDel, v => LazyFree.LazyServerDel = v);
        AddBool("lazyfree-lazy-user-del", () => LazyFree.LazyUserDel, v => LazyFree.LazyUserDel = v);
        AddBool("lazyfree-lazy-user-flush", () => LazyFree.LazyUserFlush, v => LazyFree.LazyUserFlush = v);
        AddBool("activerehashing", () => ActiveRehashing, v => ActiveRehashing = v);
        AddInteger("active-expire-effort", () => ActiveExpireEffort, v => ActiveExpireEffort = (int)v, 1, 10);
        AddInteger("list-max-listpack-size", () => Encodings.ListMaxListpackSize, v => Encodings.ListMaxListpackSize = v, int.MinValue, int.MaxValue, aliases: "list-max-ziplist-size");
        AddInteger("list-compress-depth", () => Encodings.ListCompressDepth, v => Encodings.ListCompressDepth = v, 0, int.MaxValue);
        AddInteger("hash-max-listpack-entries", () => Encodings.HashMaxListpackEntries, v => Encodings.HashMaxListpackEntries = v, 0, long.MaxValue, aliases: "hash-max-ziplist-entries");
        AddMemory("hash-max-listpack-value", () => Encodings.HashMaxListpackValue, v => Encodings.HashMaxListpackValue = v, 0, long.MaxValue, "hash-max-ziplist-value");
        AddInteger("set-max-intset-entries", () => Encodings.SetMaxIntsetEntries, v => Encodings.SetMaxIntsetEntries = v, 0, long.MaxValue);
        AddInteger("zset-max-listpack-entries", () => Encodings.ZsetMaxListpackEntries, v => Encodings.ZsetMaxListpackEntries = v, 0, long.MaxValue, aliases: "zset-max-ziplist-entries");
        AddMemory("zset-max-listpack-value", () => Encodings.ZsetMaxListpackValue, v => Encodings.ZsetMaxListpackValue = v, 0, long.MaxValue, "zset-max-ziplist-value");
        AddInteger("lfu-log-factor", () => Access.LfuLogFactor, v => Access.LfuLogFactor = v, 0, int.MaxValue);
        AddInteger("lfu-decay-time", () => Access.LfuDecayTime, v => Access.LfuDecayTime = v, 0, int.MaxValue);

        // ---- diagnostics ----
        AddInteger("tracking-table-max-keys", () => TrackingTableMaxKeys, v => TrackingTableMaxKeys = v, 0, long.MaxValue);
        AddBool("latency-tracking", () => LatencyTracking, v => LatencyTracking = v);
        Add(new ConfigParameter("latency-tracking-info-percentiles", () => LatencyPercentiles.Format(LatencyTrackingInfoPercentiles), v =>
        {
            string? error = LatencyPercentiles.TryParse(v, out double[] percentiles);
            LatencyTrackingInfoPercentiles = percentiles; // as Redis: a refused value leaves none (CONFIG SET then puts the old one back)
            return error;
        }) { RewriteKind = ConfigRewriteKind.ForcedList });
        AddInteger("slowlog-log-slower-than", () => SlowlogLogSlowerThan, v => SlowlogLogSlowerThan = v, -1, long.MaxValue);
        AddInteger("slowlog-max-len", () => SlowlogMaxLen, v => SlowlogMaxLen = v, 0, long.MaxValue);
        AddInteger("latency-monitor-threshold", () => LatencyMonitorThreshold, v => LatencyMonitorThreshold = v, 0, long.MaxValue);
        AddStoredInteger("busy-reply-threshold", 5000, 0, long.MaxValue, "lua-time-limit");

        // What CONFIG REWRITE compares with to decide whether an unmentioned parameter must be written.
        foreach (ConfigParameter parameter in _parameters)
        {
            parameter.Default = parameter.Get();
        }
    }

    /// <summary>Every parameter in registration order (CONFIG GET iterates it).</summary>
    public IReadOnlyList<ConfigParameter> Parameters => _parameters;

    /// <summary>The decoder limits; shared with every connection's decoder so CONFIG SET applies at once.</summary>
    public RespLimits Limits { get; } = new();

    /// <summary>The collection encoding thresholds; shared with the keyspace so CONFIG SET applies to the next write.</summary>
    public EncodingLimits Encodings { get; } = new();

    /// <summary>Receives warnings a setting wants logged (the server points it at its log).</summary>
    public Action<string>? Warning { get; set; }

    /// <summary>The absolute path of the config file the server started with, or "" (INFO config_file, CONFIG REWRITE).</summary>
    public string ConfigFile { get; set; } = "";

    public int Port { get; set; } = 6379;
    public string[] Bind { get; set; } = ["127.0.0.1"];
    public int TcpBacklog { get; set; } = 511;
    public int Databases { get; set; } = 16;
    public int Hz { get; set; } = 10;
    public bool DynamicHz { get; set; } = true;
    public int MaxClients { get; set; } = 10000;
    public int Timeout { get; set; }
    public int TcpKeepAlive { get; set; } = 300;
    public bool ProtectedMode { get; set; } = true;
    public ulong MaxMemory { get; set; }

    /// <summary>
    /// <see cref="MaxMemory"/> as the signed byte count used memory is compared with: a limit of 2^63 bytes or more
    /// can never be reached, so it is no limit in practice.
    /// </summary>
    internal long MaxMemoryBytes => (long)Math.Min(MaxMemory, long.MaxValue);

    /// <summary>
    /// Raised after CONFIG SET maxmemory (updateMaxmemory): the server starts evicting at once, and the host may
    /// adapt the garbage collector. Not raised while the config file is read.
    /// </summary>
    public event Action? MaxMemoryChanged;

    /// <summary>maxmemory-samples: keys sampled per database for each eviction (evictionPoolPopulate).</summary>
    public int MaxMemorySamples { get; set; } = 5;

    /// <summary>maxmemory-eviction-tenacity (0 to 100): how long one eviction round may run (evictionTimeLimitUs).</summary>
    public int MaxMemoryEvictionTenacity { get; set; } = 10;

    /// <summary>maxmemory-policy as the eviction code reads it.</summary>
    public EvictionPolicy EvictionPolicy { get; private set; }

    /// <summary>client-output-buffer-limit: the reply backlog at which normal and Pub/Sub clients are disconnected.</summary>
    public OutputBufferLimits OutputBufferLimits { get; } = new();

    /// <summary>slowlog-log-slower-than: commands running at least this many microseconds go to the slow log (negative: none).</summary>
    public long SlowlogLogSlowerThan { get; set; } = 10000;

    /// <summary>slowlog-max-len: the most entries the slow log keeps (the oldest are dropped).</summary>
    public long SlowlogMaxLen { get; set; } = 128;

    /// <summary>latency-monitor-threshold: steps taking at least this many milliseconds are latency samples (0: off).</summary>
    public long LatencyMonitorThreshold { get; set; }

    /// <summary>latency-tracking: every command's duration goes to its latency histogram.</summary>
    public bool LatencyTracking { get; set; } = true;

    /// <summary>latency-tracking-info-percentiles: the percentiles INFO latencystats shows.</summary>
    public double[] LatencyTrackingInfoPercentiles { get; set; } = LatencyPercentiles.Default;

    /// <summary>tracking-table-max-keys: the most keys client-side caching remembers before evicting some (0: no limit).</summary>
    public long TrackingTableMaxKeys { get; set; } = 1_000_000;

    /// <summary>maxmemory-policy; an LFU policy switches every value's access clock to LFU counting (<see cref="Access"/>).</summary>
    public string MaxMemoryPolicy
    {
        get => _maxMemoryPolicy;
        set
        {
            _maxMemoryPolicy = value;
            Access.Lfu = value is "allkeys-lfu" or "volatile-lfu";
            EvictionPolicy = value switch
            {
                "volatile-lru" => EvictionPolicy.VolatileLru,
                "volatile-lfu" => EvictionPolicy.VolatileLfu,
                "volatile-random" => EvictionPolicy.VolatileRandom,
                "volatile-ttl" => EvictionPolicy.VolatileTtl,
                "allkeys-lru" => EvictionPolicy.AllKeysLru,
                "allkeys-lfu" => EvictionPolicy.AllKeysLfu,
                "allkeys-random" => EvictionPolicy.AllKeysRandom,
                _ => EvictionPolicy.NoEviction,
            };
        }
    }

    /// <summary>
    /// The ACL users and log; <c>requirepass</c> sets the default user's password, as in Redis. Each server has
    /// its own config, so its own users.
    /// </summary>
    public Acl Acl { get; } = new();

    /// <summary>What values' access clocks record (LRU or LFU), shared with every database.</summary>
    public AccessPolicy Access { get; } = new();

    /// <summary>
    /// The lazyfree-lazy-* settings, shared with every database and read by eviction. The server attaches its
    /// freeing thread to it.
    /// </summary>
    public LazyFree LazyFree { get; } = new();

    public IoBackend IoBackend { get; set; } = IoBackend.Auto;

    /// <summary>
    /// enable-debug-command (server.enable_debug_cmd): <c>no</c> (the default) refuses DEBUG, <c>yes</c> allows it,
    /// <c>local</c> allows it from loopback connections only (allowProtectedAction in redis/redis src/server.c).
    /// </summary>
    public string EnableDebugCommand { get; private set; } = "no";

    /// <summary>notify-keyspace-events: the keyspace event classes published (none by default).</summary>
    public NotifyFlags NotifyKeyspaceEvents { get; set; }

    /// <summary>activerehashing: the server cron spends 1 ms per call finishing incremental rehashes.</summary>
    public bool ActiveRehashing { get; set; } = true;

    /// <summary>active-expire-effort (1 to 10): how hard the active expiry cycle works (keys per loop, time budget).</summary>
    public int ActiveExpireEffort { get; set; } = 1;

    public string LogLevel { get; set; } = "notice";
    public string LogFile { get; set; } = "";

    /// <summary>The snapshot schedule as CONFIG GET save shows it: "seconds changes" pairs, "" for none.</summary>
    public string Save => SaveSchedule.Format(SavePoints);

    /// <summary>The save points (server.saveparams): the cron starts a BGSAVE when one is reached.</summary>
    public IReadOnlyList<SavePoint> SavePoints { get; private set; } = SaveSchedule.Parse(SaveSchedule.Default, out _)!;

    /// <summary>
    /// dir: the directory the RDB file (and its temporary files) live in, as an absolute path. Redis chdirs there;
    /// this server keeps the path instead, so several servers can share one process (tests, embedding).
    /// </summary>
    public string Dir { get; private set; } = Directory.GetCurrentDirectory();

    /// <summary>dbfilename: the RDB file's name inside <see cref="Dir"/>.</summary>
    public string DbFilename { get; set; } = "dump.rdb";

    /// <summary>The RDB file's full path.</summary>
    public string RdbPath => Path.Combine(Dir, DbFilename);

    /// <summary>rdbcompression: LZF-compress long strings in RDB files and DUMP payloads.</summary>
    public bool RdbCompression { get; set; } = true;

    /// <summary>rdbchecksum: write and verify the CRC-64 at the end of RDB files.</summary>
    public bool RdbChecksum { get; set; } = true;

    /// <summary>stop-writes-on-bgsave-error: refuse writes (MISCONF) while the last background save failed.</summary>
    public bool StopWritesOnBackgroundSaveError { get; set; } = true;

    /// <summary>appendonly: whether the server keeps an append-only file (CONFIG SET turns it on or off at runtime).</summary>
    public bool AppendOnly { get; set; }

    /// <summary>
    /// Called when CONFIG SET changes <c>appendonly</c> (updateAppendonly): the server starts or stops the AOF and
    /// returns null, or the reason it could not. Not called for the config file: the server reads
    /// <see cref="AppendOnly"/> when it starts.
    /// </summary>
    public Func<bool, string?>? AppendOnlyChanged { get; set; }

    /// <summary>appendfsync.</summary>
    public AofFsyncPolicy AppendFsync { get; set; } = AofFsyncPolicy.EverySec;

    /// <summary>Called when CONFIG SET changes <c>appendfsync</c> (updateAppendFsync).</summary>
    public Action? AppendFsyncChanged { get; set; }

    /// <summary>appenddirname: the AOF directory, inside <see cref="Dir"/>.</summary>
    public string AppendDirname { get; private set; } = "appendonlydir";

    /// <summary>appendfilename: the prefix of the AOF files' names (and the name of a pre-7.0 single-file AOF).</summary>
    public string AppendFilename { get; private set; } = "appendonly.aof";

    /// <summary>The AOF directory's full path.</summary>
    public string AofDirectory => Path.Combine(Dir, AppendDirname);

    /// <summary>aof-use-rdb-preamble: rewrites write the base as an RDB file rather than as commands.</summary>
    public bool AofUseRdbPreamble { get; set; } = true;

    /// <summary>aof-load-truncated: a torn last command is cut off at startup (logged) rather than refusing to start.</summary>
    public bool AofLoadTruncated { get; set; } = true;

    /// <summary>no-appendfsync-on-rewrite: no fsync of the AOF while a rewrite or background save runs.</summary>
    public bool NoAppendFsyncOnRewrite { get; set; }

    /// <summary>aof-rewrite-incremental-fsync: a command-form base is fsynced every 4 MB while it is written.</summary>
    public bool AofRewriteIncrementalFsync { get; set; } = true;

    /// <summary>aof-disable-auto-gc: history files are kept instead of deleted after a rewrite.</summary>
    public bool AofDisableAutoGc { get; set; }

    /// <summary>auto-aof-rewrite-percentage: rewrite when the AOF has grown this much since the last rewrite (0: never).</summary>
    public int AutoAofRewritePercentage { get; set; } = 100;

    /// <summary>auto-aof-rewrite-min-size: no automatic rewrite below this size.</summary>
    public long AutoAofRewriteMinSize { get; set; } = 64 * 1024 * 1024;

    /// <summary>The parameter named <paramref name="name"/> (or one of its aliases, any case), or null.</summary>
    public ConfigParameter? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>The current value of parameter <paramref name="name"/> as CONFIG GET reports it.</summary>
    public string GetPassive(string name) => _byName[name].Get();

    /*
     * memtoull (redis/redis src/util.c) as redis-server 7.0.15 has it, for every memory amount (the memory settings
     * and client-output-buffer-limit): a leading '-' is an error; then digits and nothing or a unit (b, k, kb, m,
     * mb, g, gb in any case; k is 1000, kb 1024); 128 digits or more are an error; no digits is 0 (strtoull of "",
     * so "k" is 0); digits past 2^64-1 saturate (strtoull's ERANGE is not checked) and the product with the unit
     * wraps (7.0 checks no overflow: CONFIG SET maxmemory 18446744073709551615gb is accepted).
     */
    public static bool TryParseMemory(ReadOnlySpan<char> text, out ulong bytes)
    {
        bytes = 0;
        if (text.StartsWith('-'))
        {
            return false;
        }
        int digits = 0;
        while (digits < text.Length && char.IsAsciiDigit(text[digits]))
        {
            digits++;
        }
        ulong multiplier = text[digits..].ToString().ToLowerInvariant() switch
        {
            "" or "b" => 1,
            "k" => 1000,
            "kb" => 1024,
            "m" => 1000 * 1000,
            "mb" => 1024 * 1024,
            "g" => 1000UL * 1000 * 1000,
            "gb" => 1024UL * 1024 * 1024,
            _ => 0,
        };
        if (multiplier == 0 || digits >= 128)
        {
            return false;
        }
        ulong value = 0;
        foreach (char c in text[..digits])
        {
            value = value > (ulong.MaxValue - 9) / 10 ? ulong.MaxValue : value * 10 + (ulong)(c - '0');
        }
        bytes = unchecked(value * multiplier);
        return true;
    }

    /// <summary>
    /// <see cref="TryParseMemory(ReadOnlySpan{char}, out ulong)"/> for the memory settings this server keeps as
    /// 64-bit signed numbers: an amount past <see cref="long.MaxValue"/> is not a memory value here.
    /// </summary>
    public static bool TryParseMemory(string text, out long bytes)
    {
        bool parsed = TryParseMemory(text.AsSpan(), out ulong value) && value <= long.MaxValue;
        bytes = parsed ? (long)value : 0;
        return parsed;
    }

    /// <summary>
    /// setConfigSaveOption: "seconds changes" pairs (seconds at least 1, changes at least 0), "" for none. CONFIG SET
    /// replaces the schedule; in a config file the first <c>save</c> line replaces the default and later ones add
    /// to it, so a file can list one point per line as redis.conf does.
    /// </summary>
    private string? SetSave(string value, bool fromConfigFile)
    {
        SavePoint[]? points = SaveSchedule.Parse(value, out string? error);
        if (points is null)
        {
            return error;
        }
        if (fromConfigFile && _saveLoadedFromConfig)
        {
            SavePoints = [.. SavePoints, .. points];
        }
        else
        {
            SavePoints = points;
        }
        _saveLoadedFromConfig |= fromConfigFile;
        return null;
    }

    /// <summary>Replaces the save schedule, as CONFIG SET save does (tests and embedders turn snapshots off with "").</summary>
    public string? SetSave(string value) => SetSave(value, fromConfigFile: false);

    /// <summary>Sets the <c>dir</c> setting to an existing directory, as an absolute path.</summary>
    /// <remarks>Also settable from code before the server starts (tests, embedding), where the parameter is protected.</remarks>
    public string? SetDir(string value)
    {
        try
        {
            string full = Path.GetFullPath(value);
            if (!Directory.Exists(full))
            {
                return "No such file or directory";
            }
            Dir = full;
            return null;
        }
        catch (Exception e) when (e is ArgumentException or IOException or NotSupportedException)
        {
            return e.Message;
        }
    }

    // appendonly: at startup only the flag; by CONFIG SET also the switch itself (startAppendOnly, stopAppendOnly).
    private string? SetAppendOnly(string value, bool runtime)
    {
        bool yes = value.Equals("yes", StringComparison.OrdinalIgnoreCase);
        if (!yes && !value.Equals("no", StringComparison.OrdinalIgnoreCase))
        {
            return YesOrNo;
        }
        bool previous = AppendOnly;
        AppendOnly = yes;
        if (runtime && previous != yes && AppendOnlyChanged?.Invoke(yes) is { } error)
        {
            AppendOnly = previous;
            return error;
        }
        return null;
    }

    // isValidAOFfilename, isValidAOFdirname: a plain name, not empty.
    private static string? SetAofName(string value, Action<string> set, string empty, string notAName)
    {
        if (value.Length == 0)
        {
            return empty;
        }
        if (value.Contains('/') || value.Contains('\\'))
        {
            return notAName;
        }
        set(value);
        return null;
    }

    // A boolean or enum that only one value may take: the other value names a feature this server does not have.
    private static string? Refuse(string value, string refused, string reason)
    {
        if (value.Equals(refused, StringComparison.OrdinalIgnoreCase))
        {
            return reason;
        }
        return refused is "yes" && !value.Equals("no", StringComparison.OrdinalIgnoreCase) ? YesOrNo : null;
    }

    private void Add(ConfigParameter parameter)
    {
        _parameters.Add(parameter);
        _byName[parameter.Name] = parameter;
        foreach (string alias in parameter.Aliases)
        {
            _byName[alias] = parameter;
        }
    }

    /// <summary>An integer setting (numericParseString + the range check of redis/redis src/config.c).</summary>
    private void AddInteger(string name, Func<long> get, Action<long> set, long min, long max, bool mutable = true, params string[] aliases)
    {
        Func<string, string?> apply = v =>
        {
            if (!NumericText.TryParseInt64(Encoding.ASCII.GetBytes(v), out long value))
            {
                return NotAnInteger;
            }
            if (value < min || value > max)
            {
                return string.Create(CultureInfo.InvariantCulture, $"argument must be between {min} and {max} inclusive");
            }
            set(value);
            return null;
        };
        Add(new ConfigParameter(name, () => get().ToString(CultureInfo.InvariantCulture), mutable ? apply : null, apply) { Aliases = aliases });
    }

    /// <summary>A memory setting: a byte count with an optional unit, reported in bytes.</summary>
    private void AddMemory(string name, Func<long> get, Action<long> set, long min, long max, params string[] aliases) =>
        Add(new ConfigParameter(name, () => get().ToString(CultureInfo.InvariantCulture), v =>
        {
            if (!TryParseMemory(v, out long value))
            {
                return NotAMemoryValue;
            }
            if (value < min || value > max)
            {
                return string.Create(CultureInfo.InvariantCulture, $"argument must be between {min} and {max} inclusive");
            }
            set(value);
            return null;
        }) { Aliases = aliases, RewriteKind = ConfigRewriteKind.Memory });

    private void AddBool(string name, Func<bool> get, Action<bool> set, params string[] aliases) =>
        Add(new ConfigParameter(name, () => get() ? "yes" : "no", v =>
        {
            if (v.Equals("yes", StringComparison.OrdinalIgnoreCase) || v.Equals("no", StringComparison.OrdinalIgnoreCase))
            {
                set(v.Equals("yes", StringComparison.OrdinalIgnoreCase));
                return null;
            }
            return YesOrNo;
        }) { Aliases = aliases });

    private void AddString(string name, Func<string> get, Action<string> set, bool mutable = true, bool isProtected = false,
        ConfigRewriteKind rewrite = ConfigRewriteKind.String)
    {
        Func<string, string?> apply = v =>
        {
            set(v);
            return null;
        };
        Add(new ConfigParameter(name, get, mutable ? apply : null, apply) { Protected = isProtected, RewriteKind = rewrite });
    }

    /// <summary>An enum setting: any case in, lower case stored, Redis's list of values in the error.</summary>
    private void AddEnum(string name, Func<string> get, Action<string> set, params string[] allowed) =>
        Add(new ConfigParameter(name, get, v =>
        {
            string lower = v.ToLowerInvariant();
            if (!allowed.Contains(lower))
            {
                return $"argument(s) must be one of the following: {string.Join(", ", allowed)}";
            }
            set(lower);
            return null;
        }));

    // Stored settings: the value lives in _stored under the canonical name.
    private void AddStored(string name, string defaultValue, bool mutable = true, bool isProtected = false,
        ConfigRewriteKind rewrite = ConfigRewriteKind.String)
    {
        _stored[name] = defaultValue;
        AddString(name, () => _stored[name], v => _stored[name] = v, mutable, isProtected, rewrite);
    }

    private void AddStoredBool(string name, bool defaultValue, params string[] aliases)
    {
        _stored[name] = defaultValue ? "yes" : "no";
        AddBool(name, () => _stored[name] == "yes", v => _stored[name] = v ? "yes" : "no", aliases);
    }

    private void AddStoredInteger(string name, long defaultValue, long min, long max, params string[] aliases)
    {
        _stored[name] = defaultValue.ToString(CultureInfo.InvariantCulture);
        AddInteger(name, () => long.Parse(_stored[name], CultureInfo.InvariantCulture),
            v => _stored[name] = v.ToString(CultureInfo.InvariantCulture), min, max, true, aliases);
    }

    private void AddStoredMemory(string name, string defaultValue, params string[] aliases)
    {
        _stored[name] = defaultValue;
        AddMemory(name, () => long.Parse(_stored[name], CultureInfo.InvariantCulture),
            v => _stored[name] = v.ToString(CultureInfo.InvariantCulture), 0, long.MaxValue, aliases);
    }
}
