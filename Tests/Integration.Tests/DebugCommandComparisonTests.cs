using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Reactor.MiniRedis.Engine.Server;
using Reactor.MiniRedis.Integration.Tests.Support;

namespace Reactor.MiniRedis.Integration.Tests;

/// <summary>
/// DEBUG side by side with a real redis-server 7.0.15, both started with <c>enable-debug-command yes</c>: the same
/// dataset built in each must give the same DEBUG DIGEST and DEBUG DIGEST-VALUE hex strings, DEBUG POPULATE must
/// create the same keys and values, DEBUG PROTOCOL must reply the same bytes in RESP2 and RESP3, and DEBUG OBJECT
/// lines must have the same fields (addresses and clocks aside). Both servers also refuse DEBUG alike by default.
/// </summary>
public sealed class DebugCommandComparisonTests
{
    // Every data type and encoding: int/embstr/raw strings, a list long enough for several quicklist nodes, intset and
    // hashtable sets, listpack and hashtable hashes, listpack and skiplist sorted sets (scores that %.17g prints in
    // full, -0, infinities), TTLs, and keys in a second database.
    private static readonly string[][] s_dataset =
    [
        ["SET", "int", "12345"], ["SET", "shared", "7"], ["SET", "embstr", "hello"], ["SET", "raw", new string('r', 100)],
        ["SET", "binary", "a\0b\r\nc"], ["SET", "ttl", "v", "EX", "1000"],
        ["RPUSH", "list", "a", "b", "c", "1", "2", "-7", "9999999999"],
        ["RPUSH", "biglist", .. Enumerable.Range(0, 1500).Select(i => "element-" + i)],
        ["LPUSH", "llist", "x", "y", "z"],
        ["SADD", "intset", "3", "1", "2", "-5"], ["SADD", "set", "a", "b", "1", "2"],
        ["SADD", "bigset", .. Enumerable.Range(0, 300).Select(i => "m" + i)],
        ["HSET", "hash", "f", "v", "g", "1"],
        ["HSET", "bighash", .. Enumerable.Range(0, 200).SelectMany(i => new[] { "f" + i, "v" + i })],
        ["ZADD", "zset", "0.1", "m", "1", "n", "1e20", "o", "-0", "p", "3.0000000000000004", "q", "inf", "r", "-inf", "s"],
        ["ZADD", "bigzset", .. Enumerable.Range(0, 200).SelectMany(i => new[] { (i / 7.0).ToString("R", System.Globalization.CultureInfo.InvariantCulture), "e" + i })],
        ["ZADD", "bigzset", "-0", "negzero"],
        ["EXPIRE", "hash", "500"],
        ["SELECT", "1"], ["SET", "int", "12345"], ["RPUSH", "list", "only"], ["SELECT", "0"],
    ];

    private static readonly string[] s_protocolTypes =
        ["string", "integer", "double", "bignum", "null", "array", "set", "map", "attrib", "push", "verbatim", "true", "false", "nope"];

    [Test]
    public void Digest_SameDataset_SameDigests()
    {
        List<string> expected = AssertSameOnBoth(Digests);

        Assert.That(expected[0], Is.Not.EqualTo("+0000000000000000000000000000000000000000\r\n"));
    }

    [Test]
    public void Populate_SameKeysAndValues() => AssertSameOnBoth(Populate);

    [Test]
    public void Protocol_Resp2AndResp3_SameBytes() => AssertSameOnBoth(Protocol);

    [Test]
    public void Object_SameFields() => AssertSameOnBoth(Objects);

    [Test]
    public void Errors_SameReplies() => AssertSameOnBoth(Errors);

    [Test]
    public void Debug_DefaultSetting_SameRefusal()
    {
        using RealRedisServer redis = RealRedisServer.Start();
        using Ours ours = Ours.Start("no");
        string[][] commands = [["DEBUG", "HELP"], ["DEBUG", "DIGEST"], ["DEBUG", "nosuch"], ["DEBUG"], ["CONFIG", "GET", "enable-debug-command"],
            ["CONFIG", "SET", "enable-debug-command", "yes"]];

        Assert.That(Replies(ours.Connect, commands), Is.EqualTo(Replies(redis.Connect, commands)));
    }

    // The whole-dataset digest, then each key's DIGEST-VALUE, then the digest after RELOAD (which must keep it).
    // Runs probe against a real redis-server and against ours, both with enable-debug-command yes, asserts that
    // they answer the same lines, and returns redis-server's.
    private static List<string> AssertSameOnBoth(Func<Func<RawClient>, List<string>> probe)
    {
        using RealRedisServer redis = RealRedisServer.Start(settings: ["--enable-debug-command", "yes"]);
        using Ours ours = Ours.Start("yes");
        List<string> expected = probe(redis.Connect);

        Assert.That(probe(ours.Connect), Is.EqualTo(expected));
        return expected;
    }

    private static List<string> Digests(Func<RawClient> connect)
    {
        using RawClient client = connect();
        foreach (string[] command in s_dataset)
        {
            client.Execute(command);
        }
        var replies = new List<string> { client.Execute("DEBUG", "DIGEST") };
        string[] keys = [.. s_dataset.Where(c => c[0] != "SELECT" && c[0] != "EXPIRE").Select(c => c[1]).Distinct()];
        replies.Add(client.Execute(["DEBUG", "DIGEST-VALUE", .. keys, "missing"]));
        replies.Add(client.Execute("DEBUG", "RELOAD"));
        replies.Add(client.Execute("DEBUG", "DIGEST"));
        return replies;
    }

    private static List<string> Populate(Func<RawClient> connect)
    {
        using RawClient client = connect();
        client.Execute("SET", "key:3", "mine");
        string[][] commands =
        [
            ["DEBUG", "POPULATE", "10"], ["DEBUG", "POPULATE", "3", "pre"], ["DEBUG", "POPULATE", "3", "sz", "3"],
            ["DEBUG", "POPULATE", "3", "pad", "12"], ["DEBUG", "POPULATE", "2", "zero", "0"],
            ["DBSIZE"], ["MGET", "key:0", "key:3", "key:9", "pre:2", "sz:1", "pad:2", "zero:1"], ["DEBUG", "DIGEST"],
        ];
        return commands.Select(c => client.Execute(c)).ToList();
    }

    // Every type's reply as RESP2, then as RESP3 (attrib and push send a second, real reply).
    private static List<string> Protocol(Func<RawClient> connect)
    {
        using RawClient client = connect();
        var replies = new List<string>();
        foreach (int protocol in new[] { 2, 3 })
        {
            if (protocol == 3)
            {
                client.Execute("HELLO", "3");
            }
            foreach (string type in s_protocolTypes)
            {
                client.SendCommand("DEBUG", "PROTOCOL", type);
                bool twoReplies = protocol == 3 && type is "attrib" or "push";
                replies.Add($"{protocol} {type}: {client.ReadReplies(twoReplies ? 2 : 1)}");
            }
        }
        return replies;
    }

    // DEBUG OBJECT of every key, with the value's address and access clock blanked out.
    private static List<string> Objects(Func<RawClient> connect)
    {
        using RawClient client = connect();
        foreach (string[] command in s_dataset)
        {
            client.Execute(command);
        }
        string[] keys = [.. s_dataset.Where(c => c[0] is not ("SELECT" or "EXPIRE")).Select(c => c[1]).Distinct(), "missing"];
        return keys.Select(key => key + ": " + Regex.Replace(client.Execute("DEBUG", "OBJECT", key),
            @"Value at:0x[0-9a-f]+ (.*) lru:\d+ lru_seconds_idle:\d+", "Value at:ADDR $1 lru:CLOCK")).ToList();
    }

    private static List<string> Errors(Func<RawClient> connect)
    {
        string[][] commands =
        [
            ["DEBUG", "ERROR", "my error text"], ["DEBUG", "ERROR", "line\r\nbreak"], ["DEBUG", "SEGFAULT2"], ["DEBUG", "SLEEP"],
            ["DEBUG", "SLEEP", "0"], ["DEBUG", "SLEEP", "x"], ["DEBUG", "POPULATE", "-1"], ["DEBUG", "POPULATE", "x"],
            ["DEBUG", "POPULATE", "1", "p", "-2"], ["DEBUG", "POPULATE", "1", "a", "2", "3"], ["DEBUG", "OBJECT", "missing"],
            ["DEBUG", "RELOAD", "BAD"], ["DEBUG", "DIGEST-VALUE"], ["DEBUG", "SET-ACTIVE-EXPIRE", "1"], ["DEBUG", "LOG", "a line"],
            ["DEBUG", "help", "x"], ["DEBUG", "PAUSE-CRON", "0"], ["DEBUG", "SET-SKIP-CHECKSUM-VALIDATION", "0"],
            ["DEBUG", "CHANGE-REPL-ID"], ["DEBUG", "CONFIG-REWRITE-FORCE-ALL"], ["MULTI"], ["DEBUG", "DIGEST"], ["EXEC"],
        ];
        return Replies(connect, commands);
    }

    private static List<string> Replies(Func<RawClient> connect, string[][] commands)
    {
        using RawClient client = connect();
        return commands.Select(c => string.Join(' ', c) + " => " + client.Execute(c)).ToList();
    }

    /// <summary>Our server in-process on a free port, in a temporary directory, with enable-debug-command as given.</summary>
    private sealed class Ours : IDisposable
    {
        private readonly RedisServer _server;
        private readonly string _directory;

        private Ours(RedisServer server, string directory)
        {
            _server = server;
            _directory = directory;
        }

        public static Ours Start(string enableDebugCommand)
        {
            string directory = Directory.CreateTempSubdirectory("miniredis-debug-").FullName;
            var config = new ServerConfig { Port = 0, Bind = ["127.0.0.1"] };
            config.SetSave("");
            config.SetDir(directory);
            Assert.That(config.Find("enable-debug-command")!.Apply(enableDebugCommand), Is.Null);
            var server = new RedisServer(config);
            var log = new ConcurrentQueue<string>();
            server.Log.WriteToConsole = false;
            server.Log.Sink = log.Enqueue;
            server.Start();
            return new Ours(server, directory);
        }

        public RawClient Connect() => RawClient.Connect("127.0.0.1", _server.Port);

        public void Dispose()
        {
            _server.Dispose();
            Directory.Delete(_directory, recursive: true);
        }
    }
}
