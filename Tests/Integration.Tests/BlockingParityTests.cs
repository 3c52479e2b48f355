using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Reactor.MiniRedis.Engine.Reactor;
using Reactor.MiniRedis.Integration.Tests.Support;

namespace Reactor.MiniRedis.Integration.Tests;

/// <summary>
/// Blocking-command scenarios run side by side against our server and a real redis-server 7.0.15, several
/// connections each: every reply (the served ones included, in the order they arrive) must be the same bytes.
/// </summary>
[TestFixture(IoBackend.Epoll)]
public sealed class BlockingParityTests(IoBackend backend) : ServerTests(backend)
{
    private RealRedisServer _redis = null!;

    [OneTimeSetUp]
    public void StartRedis() => _redis = RealRedisServer.Start();

    [OneTimeTearDown]
    public void StopRedis() => _redis?.Dispose();

    [Test]
    public void Serving_FirstBlockedFirstServed_SameAsRedis() => AssertSameAsRedis(s =>
    {
        s.Block("a", "BLPOP", "q", "0");
        s.Block("b", "BLPOP", "q", "0");
        s.Block("c", "BRPOP", "q", "0");
        s.Do("p", "RPUSH", "q", "1", "2");
        s.Read("a");
        s.Read("b");
        s.Do("p", "RPUSH", "q", "3", "4");
        s.Read("c");
        s.Do("p", "LRANGE", "q", "0", "-1");
    });

    [Test]
    public void Serving_PipelinedBehindBlockedCommand_SameAsRedis() => AssertSameAsRedis(s =>
    {
        s.Block("a", [["BLPOP", "q", "0"], ["PING"], ["BLPOP", "q", "0"], ["LLEN", "q"]]);
        s.Do("p", "RPUSH", "q", "x");
        s.Read("a");
        s.Read("a");
        s.WaitUntilBlocked("a");
        s.Do("p", "RPUSH", "q", "y", "z");
        s.Read("a");
        s.Read("a");
    });

    [Test]
    public void Serving_WrongTypes_SameAsRedis() => AssertSameAsRedis(s =>
    {
        s.Block("a", "BLPOP", "w", "0");
        s.Do("p", "SET", "w", "str");
        s.Do("p", "DEL", "w");
        s.Do("p", "RPUSH", "w", "v");
        s.Read("a");
        s.Block("a", "BZPOPMIN", "m", "0");
        s.Block("b", "BLPOP", "m", "0");
        s.Do("p", "RPUSH", "m", "v");
        s.Read("b");
        s.Do("p", "ZADD", "m", "1", "x");
        s.Read("a");
        s.Do("p", "SET", "dst", "str");
        s.Block("a", "BLMOVE", "src", "dst", "LEFT", "LEFT", "0");
        s.Block("b", "BLPOP", "src", "0");
        s.Do("p", "LPUSH", "src", "e1", "e2");
        s.Read("a");
        s.Read("b");
        s.Do("p", "LRANGE", "src", "0", "-1");
    });

    [Test]
    public void Serving_BLMoveChainAndMultiPops_SameAsRedis() => AssertSameAsRedis(s =>
    {
        s.Block("a", "BLMOVE", "s1", "s2", "RIGHT", "LEFT", "0");
        s.Block("b", "BRPOPLPUSH", "s2", "s3", "0");
        s.Block("c", "BLMPOP", "0", "2", "x", "s3", "LEFT", "COUNT", "3");
        s.Do("p", "LPUSH", "s1", "job");
        s.Read("a");
        s.Read("b");
        s.Read("c");
        s.Do("p", "EXISTS", "s1", "s2", "s3");
        s.Block("a", "BZMPOP", "0", "1", "zz", "MAX", "COUNT", "5");
        s.Block("b", "BZPOPMAX", "zz", "0");
        s.Do("p", "ZADD", "zz", "1", "a", "2", "b");
        s.Read("a");
        s.Do("p", "ZADD", "zz", "0.1", "q");
        s.Read("b");
    });

    [Test]
    public void Serving_EveryKeyCreationPath_SameAsRedis() => AssertSameAsRedis(s =>
    {
        s.Block("a", "BLPOP", "k", "0");
        s.Do("p", "RPUSH", "tmp", "renamed");
        s.Do("p", "RENAME", "tmp", "k");
        s.Read("a");
        s.Block("a", "BLPOP", "k", "0");
        s.Do("p", "SET", "k", "str");
        s.Do("p", "RPUSH", "src", "copied");
        s.Do("p", "COPY", "src", "k", "REPLACE");
        s.Read("a");
        s.Block("a", "BLPOP", "k", "0");
        s.Do("p", "SELECT", "3");
        s.Do("p", "RPUSH", "k", "moved");
        s.Do("p", "MOVE", "k", "0");
        s.Read("a");
        s.Block("a", "BLPOP", "k", "0");
        s.Do("p", "RPUSH", "k", "swapped");
        s.Do("p", "SWAPDB", "0", "3");
        s.Read("a");
        s.Do("p", "SWAPDB", "0", "3");
        s.Do("p", "SELECT", "0");
        s.Block("a", "BLPOP", "k", "0");
        s.Do("p", "RPUSH", "nums", "3", "1", "2");
        s.Do("p", "SORT", "nums", "STORE", "k");
        s.Read("a");
        s.Block("a", "BZPOPMIN", "z", "0");
        s.Do("p", "ZADD", "za", "2", "a");
        s.Do("p", "ZUNIONSTORE", "z", "1", "za");
        s.Read("a");
    });

    [Test]
    public void Timeouts_EveryCommand_SameAsRedis() => AssertSameAsRedis(s =>
    {
        s.Do("a", "BLPOP", "t", "0.01");
        s.Do("a", "BRPOP", "t", "u", "0.02");
        s.Do("a", "BLMOVE", "t", "d", "LEFT", "RIGHT", "0.01");
        s.Do("a", "BRPOPLPUSH", "t", "d", "0.0001");
        s.Do("a", "BLMPOP", "0.01", "1", "t", "LEFT");
        s.Do("a", "BZPOPMIN", "t", "0.01");
        s.Do("a", "BZPOPMAX", "t", "0.01");
        s.Do("a", "BZMPOP", "0.01", "1", "t", "MIN", "COUNT", "2");
        s.Do("a", "SET", "s", "v");
        s.Do("a", "BLMOVE", "t", "s", "LEFT", "LEFT", "0.01");
    });

    [Test]
    public void Errors_ArgumentsAndTypes_SameAsRedis() => AssertSameAsRedis(s =>
    {
        s.Do("a", "SET", "s", "v");
        s.Do("a", "RPUSH", "l", "a");
        foreach (string timeout in (string[])["abc", "-1", "inf", "nan", "1e20", "9.3e15", "", " 1", "1e400", "0x"])
        {
            s.Do("a", "BLPOP", "nokey", timeout);
        }
        s.Do("a", "BLPOP", "missing", "s", "0");
        s.Do("a", "BZPOPMIN", "l", "0");
        s.Do("a", "BLMOVE", "s", "d", "LEFT", "LEFT", "0");
        s.Do("a", "BLMOVE", "l", "s", "LEFT", "LEFT", "0");
        s.Do("a", "BLMOVE", "l", "d", "UP", "LEFT", "x");
        s.Do("a", "BLMOVE", "l", "d", "LEFT", "LEFT", "x");
        s.Do("a", "BLMPOP", "x", "0", "l", "LEFT");
        s.Do("a", "BLMPOP", "x", "5", "l", "LEFT");
        s.Do("a", "BLMPOP", "x", "1", "l", "UP");
        s.Do("a", "BLMPOP", "x", "1", "l", "LEFT", "COUNT", "0");
        s.Do("a", "BLMPOP", "x", "1", "l", "LEFT");
        s.Do("a", "BZMPOP", "x", "1", "z", "LEFT");
        s.Do("a", "BZMPOP", "x", "1", "z", "MIN", "COUNT", "1", "COUNT", "2");
        s.Do("a", "BZMPOP", "x", "1", "z", "MIN");
        s.Do("a", "BLPOP", "k");
        s.Do("a", "BLMPOP", "0", "1");
        s.Do("a", "CLIENT", "UNBLOCK", "abc");
        s.Do("a", "CLIENT", "UNBLOCK", "999999");
        s.Do("a", "CLIENT", "UNBLOCK", "1", "later");
        s.Do("a", "CLIENT", "UNBLOCK", "1", "timeout", "x");
    });

    [Test]
    public void ClientUnblock_AndIntrospection_SameAsRedis() => AssertSameAsRedis(s =>
    {
        s.Do("p", "CONFIG", "RESETSTAT");
        s.Block("a", "BLPOP", "q", "0");
        s.Block("b", "BZPOPMIN", "z", "100");
        s.DoFiltered("p", "blocked_clients|clients_in_timeout_table", "INFO", "clients");
        s.DoFiltered("p", @"flags=\S+|argv-mem=\d+|cmd=\S+", "CLIENT", "LIST");
        s.Unblock("p", "a", "ERROR");
        s.Read("a");
        s.Unblock("p", "b", null);
        s.Read("b");
        s.Unblock("p", "b", null);
        s.DoFiltered("p", "blocked_clients|clients_in_timeout_table", "INFO", "clients");
        s.DoCommandStats("p", "blpop", "bzpopmin", "client|unblock");
        s.DoFiltered("p", @"errorstat_\w+:count=\d+", "INFO", "errorstats");
    });

    /// <summary>Runs <paramref name="script"/> against both servers (each flushed first) and compares the transcripts.</summary>
    private void AssertSameAsRedis(Action<Scenario> script)
    {
        string ours = Scenario.Run(Server.Host, Server.Port, script);
        string redis = Scenario.Run("127.0.0.1", _redis.Port, script);
        Assert.That(ours, Is.EqualTo(redis));
    }

    /// <summary>
    /// A script over named connections that records every request and reply. <see cref="Block"/> sends without
    /// reading and waits (polling CLIENT LIST from a separate connection) until the connection is blocked, so a
    /// push that follows always finds it waiting.
    /// </summary>
    private sealed class Scenario : IDisposable
    {
        private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(10);

        private readonly string _host;
        private readonly int _port;
        private readonly Dictionary<string, (RawClient Client, long Id)> _clients = [];
        private readonly StringBuilder _transcript = new();
        private readonly RawClient _admin;

        private Scenario(string host, int port)
        {
            _host = host;
            _port = port;
            _admin = RawClient.Connect(host, port);
            _admin.Execute("FLUSHALL");
        }

        public static string Run(string host, int port, Action<Scenario> script)
        {
            using var scenario = new Scenario(host, port);
            script(scenario);
            return scenario._transcript.ToString();
        }

        /// <summary>Sends a request on <paramref name="name"/> and records its reply.</summary>
        public void Do(string name, params string[] args) => Record(name, args, Get(name).Execute(args));

        /// <summary>Records INFO commandstats' calls and failed_calls of <paramref name="commands"/> (timings differ, and so does the line order).</summary>
        public void DoCommandStats(string name, params string[] commands)
        {
            string reply = Get(name).Execute("INFO", "commandstats");
            IEnumerable<string> lines = reply.Split("\r\n")
                .Where(l => commands.Any(c => l.StartsWith($"cmdstat_{c}:", StringComparison.Ordinal)))
                .Select(l => Regex.Replace(l, @"usec=\d+,usec_per_call=[\d.]+,", ""))
                .Order(StringComparer.Ordinal);
            Record(name, ["INFO", "commandstats"], string.Join(' ', lines));
        }

        /// <summary>Sends a request on <paramref name="name"/> and records the parts of its reply matching <paramref name="pattern"/>.</summary>
        public void DoFiltered(string name, string pattern, params string[] args) =>
            Record(name, args, string.Join(' ', Regex.Matches(Get(name).Execute(args), pattern).Select(m => m.Value)));

        /// <summary>Sends one request that blocks <paramref name="name"/>, and waits until it has.</summary>
        public void Block(string name, params string[] args) => Block(name, [args]);

        /// <summary>Sends several requests at once (the first blocks), and waits until <paramref name="name"/> is blocked.</summary>
        public void Block(string name, string[][] requests)
        {
            RawClient client = Get(name);
            client.Send([.. requests.SelectMany(r => RawClient.Encode(r))]);
            foreach (string[] request in requests)
            {
                _transcript.Append(name).Append("> ").AppendLine(string.Join(' ', request));
            }
            WaitUntilBlocked(name);
        }

        /// <summary>Reads and records the next reply on <paramref name="name"/>.</summary>
        public void Read(string name) => _transcript.Append(name).Append(" < ").AppendLine(Get(name).ReadReply());

        /// <summary>CLIENT UNBLOCK (from <paramref name="name"/>) of connection <paramref name="target"/>, whose id differs between servers.</summary>
        public void Unblock(string name, string target, string? reason)
        {
            string id = GetEntry(target).Id.ToString(CultureInfo.InvariantCulture);
            string[] args = reason is null ? ["CLIENT", "UNBLOCK", id] : ["CLIENT", "UNBLOCK", id, reason];
            Record(name, ["CLIENT", "UNBLOCK", target, reason ?? ""], Get(name).Execute(args));
        }

        /// <summary>Polls CLIENT LIST until connection <paramref name="name"/> shows flags=b.</summary>
        public void WaitUntilBlocked(string name)
        {
            string prefix = $"id={GetEntry(name).Id} ";
            var stopwatch = Stopwatch.StartNew();
            while (!_admin.Execute("CLIENT", "LIST").Split('\n').Any(l => l.StartsWith(prefix, StringComparison.Ordinal) && l.Contains(" flags=b ", StringComparison.Ordinal)))
            {
                if (stopwatch.Elapsed > s_deadline)
                {
                    Assert.Fail($"{name} did not block");
                }
                Thread.Yield();
            }
        }

        public void Dispose()
        {
            foreach ((RawClient client, _) in _clients.Values)
            {
                client.Dispose();
            }
            _admin.Dispose();
        }

        private void Record(string name, string[] args, string reply) =>
            _transcript.Append(name).Append("> ").AppendLine(string.Join(' ', args)).Append(name).Append(" < ").AppendLine(reply);

        private (RawClient Client, long Id) GetEntry(string name)
        {
            if (!_clients.TryGetValue(name, out var entry))
            {
                RawClient client = RawClient.Connect(_host, _port);
                long id = long.Parse(client.Execute("CLIENT", "ID").AsSpan(1).TrimEnd("\r\n"), CultureInfo.InvariantCulture);
                entry = (client, id);
                _clients.Add(name, entry);
            }
            return entry;
        }

        private RawClient Get(string name) => GetEntry(name).Client;
    }
}
