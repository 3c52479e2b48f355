using System.Diagnostics;
using System.Globalization;
using System.Text;
using Reactor.MiniRedis.Engine.Reactor;
using Reactor.MiniRedis.Integration.Tests.Support;

namespace Reactor.MiniRedis.Integration.Tests;

/// <summary>
/// The same AUTH and ACL command scripts sent to our server and to a real redis-server (7.0) started for the
/// fixture: every reply must be byte for byte the same. Scripts avoid what legitimately differs (client ids, ages,
/// commands this server does not have, and the order Redis's hash table lists single command rules in).
/// Ignored where redis-server is not installed; CI installs it.
/// </summary>
[Category("RedisServer")]
public sealed class AclRedisComparisonTests
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(10);

    private Process? _redis;
    private string? _redisDirectory;
    private int _redisPort;
    private TestServer? _ours;

    [OneTimeSetUp]
    public void StartServers()
    {
        string? redisServer = ExternalTool.Find("redis-server");
        if (redisServer is null)
        {
            Assert.Ignore("redis-server is not installed (apt-get install redis-server)");
        }
        _redisDirectory = Directory.CreateTempSubdirectory("acl-compare-").FullName;
        _redisPort = ServerProcess.FreePort();
        var start = new ProcessStartInfo(redisServer!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in (string[])["--port", _redisPort.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
            "--save", "", "--appendonly", "no", "--dir", _redisDirectory, "--daemonize", "no"])
        {
            start.ArgumentList.Add(arg);
        }
        _redis = Process.Start(start) ?? throw new InvalidOperationException("Could not start redis-server");
        _redis.OutputDataReceived += (_, _) => { };
        _redis.ErrorDataReceived += (_, _) => { };
        _redis.BeginOutputReadLine();
        _redis.BeginErrorReadLine();
        WaitUntilServing(_redisPort);
        _ours = TestServer.Start(IoBackend.Auto);
    }

    [OneTimeTearDown]
    public void StopServers()
    {
        _ours?.Dispose();
        if (_redis is not null)
        {
            _redis.Kill();
            _redis.WaitForExit();
            _redis.Dispose();
        }
        if (_redisDirectory is not null)
        {
            Directory.Delete(_redisDirectory, recursive: true);
        }
    }

    private static IEnumerable<TestCaseData> Scripts()
    {
        yield return Script("users: create, describe, list and delete",
            ["ACL", "SETUSER", "cmp1"],
            ["ACL", "GETUSER", "cmp1"],
            ["ACL", "SETUSER", "cmp2", "on", ">pass1", ">pass2", ">pass1", "~foo*", "%R~bar*", "%W~baz*", "%RW~qux", "&chan*", "-@all", "+@string", "-append"],
            ["ACL", "GETUSER", "cmp2"],
            ["ACL", "SETUSER", "cmp3", "on", "nopass", "allkeys", "allchannels", "allcommands", "-flushall"],
            ["ACL", "SETUSER", "cmp4", "on", "nopass", "+@all", "~*", "reset"],
            ["ACL", "SETUSER", "cmp5", "-@all", "+select|0", "+select|1", "%R"],
            ["ACL", "SETUSER", "cmp6", "+@all", "-client", "+client|id", "(+get ~a*)", "(+set %W~w*)"],
            ["ACL", "GETUSER", "cmp6"],
            ["ACL", "SETUSER", "cmp7", "on", ">x", ">y", "<x", "resetpass", "nopass", ">z", "!" + new string('0', 64)],
            ["ACL", "SETUSER", "cmp8", "-@all", "+@read", "+@write"],
            ["ACL", "LIST"],
            ["ACL", "USERS"],
            ["ACL", "DELUSER", "cmp1", "cmp2", "cmp3", "cmp4", "cmp5", "cmp6", "cmp7", "cmp8", "nosuch"],
            ["ACL", "GETUSER", "cmp1"],
            ["ACL", "LIST"]);

        yield return Script("users: refused rules",
            ["ACL", "SETUSER", "bad", "on", "foo"],
            ["ACL", "SETUSER", "bad", "allkeys", "~a*"],
            ["ACL", "SETUSER", "bad", "allchannels", "&a*"],
            ["ACL", "SETUSER", "bad", "<nonexist"],
            ["ACL", "SETUSER", "bad", "#abc"],
            ["ACL", "SETUSER", "bad", "!abc"],
            ["ACL", "SETUSER", "bad", "+nosuchcmd"],
            ["ACL", "SETUSER", "bad", "+@nosuchcat"],
            ["ACL", "SETUSER", "bad", "+config|get|x"],
            ["ACL", "SETUSER", "bad", "+get|"],
            ["ACL", "SETUSER", "bad", "-select|0"],
            ["ACL", "SETUSER", "bad", "%~a"],
            ["ACL", "SETUSER", "bad", "%"],
            ["ACL", "SETUSER", "bad", "&"],
            ["ACL", "SETUSER", "bad", "+"],
            ["ACL", "SETUSER", "bad", "-@"],
            ["ACL", "SETUSER", "bad", "~"],
            ["ACL", "SETUSER", "bad", "%RWR~a"],
            ["ACL", "SETUSER", "bad", "~a b"],
            ["ACL", "SETUSER", "bad", "(on)"],
            ["ACL", "SETUSER", "bad", "(+get", "~a"],
            ["ACL", "SETUSER", "a b"],
            ["ACL", "SETUSER", "bad", ""],
            ["ACL", "DELUSER", "bad", "default"],
            ["ACL", "DELUSER", "bad"]);

        yield return Script("subcommands: errors, CAT, GENPASS, LOG, HELP",
            ["ACL", "CAT"],
            ["ACL", "CAT", "nosuch"],
            ["ACL", "CAT", "a", "b"],
            ["ACL", "GENPASS", "0"],
            ["ACL", "GENPASS", "4097"],
            ["ACL", "GENPASS", "abc"],
            ["ACL", "GENPASS", "1", "2"],
            ["ACL", "LOG", "abc"],
            ["ACL", "LOG", "1", "2"],
            ["ACL", "LOG", "RESET"],
            ["ACL", "LOG", "-1"],
            ["ACL", "WHOAMI"],
            ["ACL", "LOAD"],
            ["ACL", "SAVE"],
            ["ACL", "HELP"],
            ["ACL", "NOSUCH"],
            ["ACL"],
            ["ACL", "SETUSER"],
            ["ACL", "LIST", "x"],
            ["ACL", "DRYRUN", "nosuch", "get", "k"],
            ["ACL", "DRYRUN", "default", "nosuch", "k"],
            ["ACL", "DRYRUN", "default", "config", "nosuch"],
            ["ACL", "DRYRUN", "default", "get"],
            ["ACL", "DRYRUN", "default", "get", "k"]);

        yield return Script("requirepass and AUTH",
            ["AUTH", "x"],
            ["AUTH", "default", "x"],
            ["AUTH", "a", "b", "c"],
            ["CONFIG", "SET", "requirepass", "secret"],
            ["CONFIG", "GET", "requirepass"],
            ["ACL", "LIST"],
            ["RESET"],
            ["PING"],
            ["GET", "k"],
            ["NOSUCHCMD", "a"],
            ["GET"],
            ["HELLO", "2"],
            ["HELLO", "2", "SETNAME", "early"],
            ["HELLO", "2", "AUTH", "default", "wrong"],
            ["HELLO", "2", "SETNAME", "a b", "AUTH", "default", "wrong"],
            ["HELLO", "2", "AUTH", "default"],
            ["HELLO", "4", "AUTH", "default", "secret"],
            ["AUTH", "wrong"],
            ["AUTH", "nosuchuser", "secret"],
            ["AUTH", "secret"],
            ["CLIENT", "GETNAME"],
            ["CONFIG", "SET", "requirepass", ""],
            ["ACL", "LIST"],
            ["AUTH", "x"]);

        yield return Script("permissions: NOPERM and DRYRUN",
            ["ACL", "SETUSER", "perm", "on", ">p", "~a*", "%R~r*", "%W~w*", "+get", "+set", "+mget", "+copy", "+lmove", "+config|get", "-@dangerous", "+acl|whoami"],
            ["ACL", "DRYRUN", "perm", "get", "a1"],
            ["ACL", "DRYRUN", "perm", "get", "b1"],
            ["ACL", "DRYRUN", "perm", "del", "a1"],
            ["ACL", "DRYRUN", "perm", "config", "set", "maxmemory", "1"],
            ["ACL", "DRYRUN", "perm", "mget", "a1", "r1", "b1"],
            ["ACL", "DRYRUN", "perm", "set", "r1", "v"],
            ["ACL", "DRYRUN", "perm", "lmove", "r1", "w1", "left", "right"],
            ["AUTH", "perm", "p"],
            ["ACL", "WHOAMI"],
            ["GET", "acl-compare-a"],
            ["GET", "b1"],
            ["GET", "w1"],
            ["SET", "r1", "v"],
            ["MGET", "a1", "b1"],
            ["COPY", "r-acl-compare", "w-acl-compare"],
            ["DEL", "a1"],
            ["CONFIG", "GET", "maxmemory"],
            ["CONFIG", "SET", "maxmemory", "1"],
            ["PING"],
            ["AUTH", "perm", "wrong"],
            ["ACL", "WHOAMI"],
            ["RESET"],
            ["ACL", "WHOAMI"],
            ["ACL", "SETUSER", "perm", "off"],
            ["AUTH", "perm", "p"],
            ["ACL", "DELUSER", "perm"]);
    }

    [TestCaseSource(nameof(Scripts))]
    public void Script_RepliesAsRedisDoes(string[][] commands)
    {
        string expected = Run(_redisPort, commands);
        string actual = Run(_ours!.Port, commands);
        Assert.That(actual, Is.EqualTo(expected));
    }

    private static TestCaseData Script(string name, params string[][] commands) => new TestCaseData((object)commands).SetName(name);

    // Runs the script on one connection; the transcript pairs each command with its reply.
    private static string Run(int port, string[][] commands)
    {
        using RawClient client = RawClient.Connect("127.0.0.1", port);
        var transcript = new StringBuilder();
        foreach (string[] command in commands)
        {
            transcript.Append("> ").AppendJoin(' ', command).Append('\n').Append(client.Execute(command)).Append('\n');
        }
        return transcript.ToString();
    }

    // Polls until the server answers PING, with a deadline (never a fixed sleep).
    private static void WaitUntilServing(int port)
    {
        var elapsed = Stopwatch.StartNew();
        while (elapsed.Elapsed < s_startTimeout)
        {
            try
            {
                using RawClient client = RawClient.Connect("127.0.0.1", port);
                if (client.Execute("PING") == "+PONG\r\n")
                {
                    return;
                }
            }
            catch (System.Net.Sockets.SocketException)
            {
                // not listening yet
            }
            Thread.Yield();
        }
        Assert.Fail($"redis-server did not answer on port {port} within {s_startTimeout.TotalSeconds} s");
    }
}
