using System.Globalization;
using Reactor.MiniRedis.Engine.Reactor;
using Reactor.MiniRedis.Protocol;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Engine.Server;

/// <summary>
/// The server's settings with redis.conf names and defaults (redis/redis src/config.c). Hot settings are plain
/// properties; <see cref="Parameters"/> exposes them all to CONFIG GET/SET and to the config-file parser.
/// </summary>
public sealed class ServerConfig
{
    private readonly Dictionary<string, ConfigParameter> _byName = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<ConfigParameter> _parameters = [];
    private readonly Dictionary<string, string> _passive = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates the defaults.</summary>
    public ServerConfig()
    {
        AddInt("port", () => Port, v => Port = v, 0, 65535, mutable: false);
        Add(new ConfigParameter("bind", () => string.Join(' ', Bind), null, v =>
        {
            string[] parts = v.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0)
            {
                return "Too many bind addresses specified.";
            }
            Bind = parts;
            return null;
        }));
        AddInt("tcp-backlog", () => TcpBacklog, v => TcpBacklog = v, 0, int.MaxValue, mutable: false);
        AddInt("databases", () => Databases, v => Databases = v, 1, int.MaxValue, mutable: false);
        AddInt("hz", () => Hz, v => Hz = Math.Clamp(v, 1, 500), 0, int.MaxValue);
        AddInt("maxclients", () => MaxClients, v => MaxClients = v, 1, int.MaxValue);
        AddInt("timeout", () => Timeout, v => Timeout = v, 0, int.MaxValue);
        AddInt("tcp-keepalive", () => TcpKeepAlive, v => TcpKeepAlive = v, 0, int.MaxValue);
        AddMemory("proto-max-bulk-len", () => Limits.MaxBulkLength, v => Limits.MaxBulkLength = v, 1024 * 1024);
        AddMemory("client-query-buffer-limit", () => Limits.QueryBufferLimit, v => Limits.QueryBufferLimit = v, 1024 * 1024);
        AddMemory("maxmemory", () => MaxMemory, v => MaxMemory = v, 0);
        Add(new ConfigParameter("io-backend", () => IoBackend.ToString().ToLowerInvariant(), null, v =>
        {
            if (!Enum.TryParse(v, ignoreCase: true, out IoBackend backend) || !Enum.IsDefined(backend))
            {
                return "argument(s) must be one of the following: auto, epoll, select";
            }
            IoBackend = backend;
            return null;
        }));
        AddEnum("loglevel", () => LogLevel, v => LogLevel = v, "debug", "verbose", "notice", "warning", "nothing");
        AddString("logfile", () => LogFile, v => LogFile = v, mutable: false);
        AddString("dir", () => Directory.GetCurrentDirectory(), v =>
        {
            try
            {
                Directory.SetCurrentDirectory(v);
                return null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
            {
                return e.Message;
            }
        });
        Add(new ConfigParameter("save", () => Save, v =>
        {
            // Pairs of "<seconds> <changes>", or "" to disable snapshots.
            string[] parts = v.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length % 2 != 0 || parts.Any(p => !long.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
            {
                return "Invalid save parameters";
            }
            Save = string.Join(' ', parts);
            return null;
        }));

        // Settings that are stored and reported faithfully; the features that read them land in later work.
        AddPassive("appendonly", "no", "yes", "no");
        AddPassive("appendfsync", "everysec", "always", "everysec", "no");
        AddPassive("appenddirname", "appendonlydir");
        AddPassive("appendfilename", "appendonly.aof");
        AddPassive("dbfilename", "dump.rdb");
        AddPassive("maxmemory-policy", "noeviction", "volatile-lru", "allkeys-lru", "volatile-lfu", "allkeys-lfu",
            "volatile-random", "allkeys-random", "volatile-ttl", "noeviction");
        AddPassive("maxmemory-samples", "5");
        AddPassive("requirepass", "");
        AddPassive("protected-mode", "yes", "yes", "no");
        AddPassive("daemonize", "no", "yes", "no");
        AddPassive("pidfile", "");
        AddPassive("notify-keyspace-events", "");
        AddPassive("replica-read-only", "yes", "yes", "no");
        AddPassive("slave-read-only", "yes", "yes", "no");
        AddPassive("cluster-enabled", "no", "yes", "no");
        AddPassive("lazyfree-lazy-user-del", "no", "yes", "no");
        AddPassive("lazyfree-lazy-user-flush", "no", "yes", "no");
        AddPassive("list-max-listpack-size", "-2");
        AddPassive("list-compress-depth", "0");
        AddPassive("hash-max-listpack-entries", "128");
        AddPassive("hash-max-listpack-value", "64");
        AddPassive("set-max-intset-entries", "512");
        AddPassive("zset-max-listpack-entries", "128");
        AddPassive("zset-max-listpack-value", "64");
        AddPassive("client-output-buffer-limit", "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60");
        AddPassive("stop-writes-on-bgsave-error", "yes", "yes", "no");
        AddPassive("rdbcompression", "yes", "yes", "no");
        AddPassive("rdbchecksum", "yes", "yes", "no");
        AddPassive("latency-tracking", "yes", "yes", "no");
        AddPassive("slowlog-log-slower-than", "10000");
        AddPassive("slowlog-max-len", "128");
    }

    /// <summary>Every parameter in registration order (CONFIG GET iterates it).</summary>
    public IReadOnlyList<ConfigParameter> Parameters => _parameters;

    /// <summary>The decoder limits; shared with every connection's decoder so CONFIG SET applies at once.</summary>
    public RespLimits Limits { get; } = new();

    public int Port { get; set; } = 6379;
    public string[] Bind { get; set; } = ["127.0.0.1"];
    public int TcpBacklog { get; set; } = 511;
    public int Databases { get; set; } = 16;
    public int Hz { get; set; } = 10;
    public int MaxClients { get; set; } = 10000;
    public int Timeout { get; set; }
    public int TcpKeepAlive { get; set; } = 300;
    public long MaxMemory { get; set; }
    public IoBackend IoBackend { get; set; } = IoBackend.Auto;
    public string LogLevel { get; set; } = "notice";
    public string LogFile { get; set; } = "";
    public string Save { get; set; } = "3600 1 300 100 60 10000";

    /// <summary>The parameter named <paramref name="name"/> (or one of its aliases), or null.</summary>
    public ConfigParameter? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>The current value of a stored-only parameter, e.g. <c>maxmemory-policy</c>.</summary>
    public string GetPassive(string name) => _passive[name];

    /// <summary>
    /// Parses a memory amount like memtoll in redis/redis src/util.c: a number optionally followed by
    /// k, kb, m, mb, g or gb (any case; "k" is 1000 and "kb" is 1024).
    /// </summary>
    public static bool TryParseMemory(string text, out long bytes)
    {
        bytes = 0;
        string t = text.Trim().ToLowerInvariant();
        long multiplier = 1;
        (string suffix, long factor)[] units = [("gb", 1L << 30), ("mb", 1L << 20), ("kb", 1L << 10), ("g", 1_000_000_000), ("m", 1_000_000), ("k", 1000), ("b", 1)];
        foreach ((string suffix, long factor) in units)
        {
            if (t.EndsWith(suffix, StringComparison.Ordinal))
            {
                multiplier = factor;
                t = t[..^suffix.Length];
                break;
            }
        }
        if (!NumericText.TryParseInt64(System.Text.Encoding.ASCII.GetBytes(t), out long value))
        {
            return false;
        }
        bytes = value * multiplier;
        return true;
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

    private void AddInt(string name, Func<int> get, Action<int> set, int min, int max, bool mutable = true)
    {
        Func<string, string?> apply = v =>
        {
            if (!int.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value))
            {
                return "argument couldn't be parsed into an integer";
            }
            if (value < min || value > max)
            {
                return $"argument must be between {min} and {max} inclusive";
            }
            set(value);
            return null;
        };
        Add(new ConfigParameter(name, () => get().ToString(CultureInfo.InvariantCulture), mutable ? apply : null, apply));
    }

    private void AddMemory(string name, Func<long> get, Action<long> set, long min)
    {
        Add(new ConfigParameter(name, () => get().ToString(CultureInfo.InvariantCulture), v =>
        {
            if (!TryParseMemory(v, out long value))
            {
                return "argument must be a memory value";
            }
            if (value < min)
            {
                return $"argument must be between {min} and {long.MaxValue} inclusive";
            }
            set(value);
            return null;
        }));
    }

    private void AddString(string name, Func<string> get, Func<string, string?> set, bool mutable = true) =>
        Add(new ConfigParameter(name, get, mutable ? set : null, set));

    private void AddString(string name, Func<string> get, Action<string> set, bool mutable = true) =>
        AddString(name, get, v =>
        {
            set(v);
            return null;
        }, mutable);

    private void AddEnum(string name, Func<string> get, Action<string> set, params string[] allowed) =>
        AddString(name, get, v =>
        {
            string lower = v.ToLowerInvariant();
            if (!allowed.Contains(lower))
            {
                return $"argument(s) must be one of the following: {string.Join(", ", allowed)}";
            }
            set(lower);
            return null;
        });

    private void AddPassive(string name, string defaultValue, params string[] allowed)
    {
        _passive[name] = defaultValue;
        AddString(name, () => _passive[name], v =>
        {
            string value = allowed.Length > 0 ? v.ToLowerInvariant() : v;
            if (allowed.Length > 0 && !allowed.Contains(value))
            {
                return $"argument(s) must be one of the following: {string.Join(", ", allowed)}";
            }
            _passive[name] = value;
            return null;
        });
    }
}
