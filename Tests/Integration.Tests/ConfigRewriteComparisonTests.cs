using System.Globalization;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Reactor.MiniRedis.Integration.Tests.Support;

namespace Reactor.MiniRedis.Integration.Tests;

/// <summary>
/// CONFIG REWRITE against a real redis-server 7.0.15: both start from the same config file (comments, blank lines, an
/// option set twice, an alias, options at their defaults), get the same CONFIG SETs and ACL SETUSER, rewrite their
/// files, and the two files must match line for line. Then our server restarts from its rewritten file and must
/// report the same CONFIG GET * as before. Ignored where redis-server is not installed; CI installs it.
/// </summary>
[Category("RedisServer")]
public sealed partial class ConfigRewriteComparisonTests
{
    private const string Password = "secret";

    // The starting file: what CONFIG REWRITE must keep (comments, blanks, unchanged lines) and what it must change (a
    // second hz line, the alias, the save points, the pubsub line the normal class takes over, requirepass).
    private const string StartingFile = """
        # CONFIG REWRITE comparison
        # comments and blank lines stay where they are

        bind 127.0.0.1
        protected-mode yes
        Databases 16
        logfile ""
        loglevel notice
        timeout 0
        slave-read-only no
        hz 20
           hz 30


        # memory
        maxmemory 100mb
        maxmemory-policy noeviction
        save 900 1
        save 300 10
        dir .
        dbfilename dump.rdb
        lazyfree-lazy-eviction no
        appendonly no
        appendfsync everysec
        requirepass secret
        client-output-buffer-limit pubsub 32mb 8mb 60
        """;

    private static readonly string[][] s_changes =
    [
        ["CONFIG", "SET", "maxmemory", "2gb"],
        ["CONFIG", "SET", "maxmemory-policy", "allkeys-lru"],
        ["CONFIG", "SET", "hz", "15"],
        ["CONFIG", "SET", "timeout", "60"],
        ["CONFIG", "SET", "save", "3600 1"],
        ["CONFIG", "SET", "notify-keyspace-events", "KEA"],
        ["CONFIG", "SET", "client-output-buffer-limit", "normal 1mb 512kb 10"],
        ["CONFIG", "SET", "list-max-ziplist-size", "-1"],
        ["CONFIG", "SET", "slowlog-max-len", "256"],
        ["CONFIG", "SET", "proto-max-bulk-len", "2mb"],
        ["CONFIG", "SET", "lazyfree-lazy-user-del", "yes"],
        ["CONFIG", "SET", "maxmemory-samples", "7"],
        ["CONFIG", "SET", "loglevel", "warning", "active-expire-effort", "5", "hash-max-ziplist-value", "1kb"],
        ["CONFIG", "SET", "auto-aof-rewrite-min-size", "100mb", "repl-backlog-size", "3mb", "client-query-buffer-limit", "2gb"],
        ["CONFIG", "SET", "acl-pubsub-default", "allchannels", "lua-time-limit", "6000", "min-slaves-to-write", "1"],
        ["CONFIG", "SET", "tracking-table-max-keys", "500", "latency-tracking", "no", "acllog-max-len", "64"],
        ["CONFIG", "SET", "appendfsync", "always", "set-max-intset-entries", "100", "dynamic-hz", "no"],
        ["ACL", "SETUSER", "alice", "on", ">pw", "~k*", "+get"],
        ["CONFIG", "SET", "requirepass", ""],
    ];

    // Options redis-server writes that this server does not have. latency-tracking-info-percentiles is written by
    // every Redis 7.0 rewrite (its double array never compares equal to the default).
    private static readonly string[] s_unsupportedOptions = ["latency-tracking-info-percentiles"];

    private readonly List<IDisposable> _servers = [];
    private string _redisDirectory = null!;
    private string _ourDirectory = null!;

    [SetUp]
    public void CreateDirectories()
    {
        _redisDirectory = Directory.CreateTempSubdirectory("miniredis-rewrite-real-").FullName;
        _ourDirectory = Directory.CreateTempSubdirectory("miniredis-rewrite-ours-").FullName;
    }

    [TearDown]
    public void StopServersAndRemoveDirectories()
    {
        foreach (IDisposable server in _servers)
        {
            server.Dispose();
        }
        _servers.Clear();
        Directory.Delete(_redisDirectory, recursive: true);
        Directory.Delete(_ourDirectory, recursive: true);
    }

    [Test]
    public void Rewrite_SameStartAndChanges_SameFileAsRedis()
    {
        string redisFile = Rewritten(_redisDirectory, StartRedis);
        string ourFile = Rewritten(_ourDirectory, directory => StartOurs(directory));

        Assert.That(Comparable(ourFile), Is.EqualTo(Comparable(redisFile)), $"ours:\n{ourFile}\nredis-server:\n{redisFile}");
    }

    [Test]
    public void Rewrite_ThenRestartFromTheFile_SameConfigGetAll()
    {
        string before;
        using (RawClient client = StartOurs(_ourDirectory))
        {
            Apply(client);
            Assert.That(client.Execute("CONFIG", "REWRITE"), Is.EqualTo("+OK\r\n"));
            before = ConfigWithoutPort(client);
        }

        using RawClient restarted = StartOurs(_ourDirectory, writeFile: false);

        Assert.That(ConfigWithoutPort(restarted), Is.EqualTo(before));
    }

    // Writes the starting file into `directory`, starts a server there with it, applies the changes, rewrites, and
    // returns the rewritten file.
    private static string Rewritten(string directory, Func<string, RawClient> start)
    {
        using (RawClient client = start(directory))
        {
            Apply(client);
            Assert.That(client.Execute("CONFIG", "REWRITE"), Is.EqualTo("+OK\r\n"));
        }
        return File.ReadAllText(Path.Combine(directory, "redis.conf"));
    }

    private static void Apply(RawClient client)
    {
        Assert.That(client.Execute("AUTH", Password), Is.EqualTo("+OK\r\n"));
        foreach (string[] command in s_changes)
        {
            Assert.That(client.Execute(command), Is.EqualTo("+OK\r\n"), string.Join(' ', command));
        }
    }

    private static string ConfigFile(string directory)
    {
        string path = Path.Combine(directory, "redis.conf");
        File.WriteAllText(path, StartingFile.Replace("\r\n", "\n", StringComparison.Ordinal) + "\n");
        return path;
    }

    // redis-server with the starting file: `redis-server redis.conf --port N` in the directory.
    private RawClient StartRedis(string directory)
    {
        RealRedisServer server = RealRedisServer.StartWithConfigFile(ConfigFile(directory), directory);
        _servers.Add(server);
        return server.Connect();
    }

    // Our binary, started the same way; with writeFile false it starts from the file already there.
    private RawClient StartOurs(string directory, bool writeFile = true)
    {
        string path = writeFile ? ConfigFile(directory) : Path.Combine(directory, "redis.conf");
        int port = ServerProcess.FreePort();
        ServerProcess server = ServerProcess.StartIn(directory, path, "--port", port.ToString(CultureInfo.InvariantCulture));
        _servers.Add(server);
        // Polled rather than waited for in the log: the rewritten file sets loglevel warning.
        DateTime deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                return RawClient.Connect("127.0.0.1", port);
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(20);
            }
        }
    }

    /*
     * The file as compared: the port (from the command line, a different free port each) and the absolute dir are
     * replaced by placeholders, and the lines of options this server does not have are left out. Redis appends the
     * options it walks in its dictionary's order, which its random hash seed makes different on every run, so the
     * lines after the signature are compared sorted; the lines before it, in order.
     */
    private static List<string> Comparable(string file)
    {
        var lines = new List<string>();
        foreach (string line in file.Split('\n'))
        {
            string option = line.Split(' ')[0];
            if (Array.IndexOf(s_unsupportedOptions, option) >= 0)
            {
                continue;
            }
            lines.Add(option switch
            {
                "port" => "port <port>",
                "dir" => "dir <dir>",
                _ => line,
            });
        }
        int signature = lines.IndexOf("# Generated by CONFIG REWRITE");
        if (signature >= 0)
        {
            lines.Sort(signature + 1, lines.Count - signature - 1, StringComparer.Ordinal);
        }
        return lines;
    }

    private static string ConfigWithoutPort(RawClient client) =>
        PortValue().Replace(client.Execute("CONFIG", "GET", "*"), "$4\r\nport\r\n<port>\r\n");

    [GeneratedRegex(@"\$4\r\nport\r\n\$\d+\r\n\d+\r\n")]
    private static partial Regex PortValue();
}
