using System.Text.RegularExpressions;
using Reactor.MiniRedis.Engine.Tests.Support;

namespace Reactor.MiniRedis.Engine.Tests;

/// <summary>
/// SLOWLOG against Redis 7.0.15's replies: with slowlog-log-slower-than 0 every command is logged, and the
/// durations (real microseconds) are masked as ":D" so the rest of each entry is compared byte for byte.
/// </summary>
public sealed partial class SlowlogCommandsTests : CommandTestBase
{
    private const string Address = "$15\r\n127.0.0.1:50000\r\n";
    private const string Time = ":1700000000\r\n";

    [SetUp]
    public void LogEverything() => Run("CONFIG", "SET", "slowlog-log-slower-than", "0"); // entry 0

    // The reply with each entry's duration (its third integer) replaced by ":D".
    private string Get(params string[] count) => Duration().Replace(Run(["SLOWLOG", "GET", .. count]), "$1:D\r\n");

    private static string Entry(long id, string arguments, string name = "") =>
        $"*6\r\n:{id}\r\n{Time}:D\r\n{arguments}{Address}${name.Length}\r\n{name}\r\n";

    [GeneratedRegex(@"(\*6\r\n:\d+\r\n:\d+\r\n):\d+\r\n")]
    private static partial Regex Duration();

    [Test]
    public void Help_RepliesRedisText() =>
        Assert.That(Run("SLOWLOG", "HELP"), Is.EqualTo(
            "*12\r\n+SLOWLOG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+GET [<count>]\r\n" +
            "+    Return top <count> entries from the slowlog (default: 10, -1 mean all).\r\n+    Entries are made of:\r\n" +
            "+    id, timestamp, time in microseconds, arguments array, client IP and port,\r\n+    client name\r\n" +
            "+LEN\r\n+    Return the length of the slowlog.\r\n+RESET\r\n+    Reset the slowlog.\r\n+HELP\r\n+    Prints this help.\r\n"));

    [Test]
    public void Get_AfterCommand_RepliesIdTimeArgumentsAddressAndName()
    {
        Run("SET", "k", "v");
        Assert.That(Get("1"), Is.EqualTo("*1\r\n" + Entry(1, Resp.BulkArray("SET", "k", "v"))));
    }

    [Test]
    public void Get_NoCount_RepliesNewestTen()
    {
        for (int i = 0; i < 12; i++)
        {
            Run("PING");
        }
        string reply = Get();
        Assert.That(reply, Does.StartWith("*10\r\n" + Entry(12, Resp.BulkArray("PING"))));
        Assert.That(reply, Does.EndWith(Entry(3, Resp.BulkArray("PING"))));
    }

    [Test]
    public void Get_MinusOne_RepliesAll()
    {
        Run("PING");
        Assert.That(Get("-1"), Is.EqualTo("*2\r\n" + Entry(1, Resp.BulkArray("PING")) +
            Entry(0, Resp.BulkArray("CONFIG", "SET", "slowlog-log-slower-than", "0"))));
    }

    [Test]
    public void Get_Zero_RepliesEmptyArray() => Assert.That(Run("SLOWLOG", "GET", "0"), Is.EqualTo("*0\r\n"));

    [TestCase("-2")]
    [TestCase("x")]
    [TestCase("99999999999999999999")]
    public void Get_BadCount_RepliesCountError(string count) =>
        Assert.That(Run("SLOWLOG", "GET", count), Is.EqualTo("-ERR count should be greater than or equal to -1\r\n"));

    [Test]
    public void Get_TwoCounts_RepliesSubcommandSyntax() =>
        Assert.That(Run("SLOWLOG", "GET", "1", "2"),
            Is.EqualTo("-ERR unknown subcommand or wrong number of arguments for 'GET'. Try SLOWLOG HELP.\r\n"));

    [Test]
    public void Unknown_Subcommand_RepliesRedisError() =>
        Assert.That(Run("SLOWLOG", "foo"), Is.EqualTo("-ERR unknown subcommand 'foo'. Try SLOWLOG HELP.\r\n"));

    [Test]
    public void Len_CountsEntries()
    {
        Run("PING");
        Assert.That(Run("SLOWLOG", "LEN"), Is.EqualTo(":2\r\n"));
    }

    [Test]
    public void Reset_EmptiesTheLogButIdsGoOn()
    {
        Run("PING");
        Assert.That(Run("SLOWLOG", "RESET"), Is.EqualTo("+OK\r\n"));
        Assert.That(Get("-1"), Is.EqualTo("*1\r\n" + Entry(2, Resp.BulkArray("SLOWLOG", "RESET"))));
    }

    [Test]
    public void Push_NegativeThreshold_LogsNothing()
    {
        Run("CONFIG", "SET", "slowlog-log-slower-than", "-1");
        Run("SLOWLOG", "RESET");
        Run("PING");
        Assert.That(Run("SLOWLOG", "LEN"), Is.EqualTo(":0\r\n"));
    }

    [Test]
    public void Push_PastMaxLen_DropsOldest()
    {
        Run("CONFIG", "SET", "slowlog-max-len", "2");
        Run("ECHO", "a");
        Run("ECHO", "b");
        Assert.That(Get("-1"), Is.EqualTo("*2\r\n" + Entry(3, Resp.BulkArray("ECHO", "b")) + Entry(2, Resp.BulkArray("ECHO", "a"))));
    }

    [Test]
    public void Push_ManyArguments_KeepsThirtyOneAndCountsTheRest()
    {
        string[] command = ["RPUSH", "l", .. Enumerable.Range(1, 40).Select(i => i.ToString())];
        Run(command);
        string[] expected = [.. command[..31], "... (11 more arguments)"];
        Assert.That(Get("1"), Is.EqualTo("*1\r\n" + Entry(1, Resp.BulkArray(expected))));
    }

    [Test]
    public void Push_LongArgument_KeepsHundredTwentyEightBytes()
    {
        Run("SET", "k", new string('x', 200));
        Assert.That(Get("1"), Is.EqualTo("*1\r\n" + Entry(1, Resp.BulkArray("SET", "k", new string('x', 128) + "... (72 more bytes)"))));
    }

    [Test]
    public void Push_ClientName_IsLogged()
    {
        Run("CLIENT", "SETNAME", "worker");
        Assert.That(Get("1"), Is.EqualTo("*1\r\n" + Entry(1, Resp.BulkArray("CLIENT", "SETNAME", "worker"), "worker")));
    }

    [Test]
    public void Push_Auth_RedactsItsArguments()
    {
        Run("AUTH", "user", "secret");
        Assert.That(Get("1"), Is.EqualTo("*1\r\n" + Entry(1, Resp.BulkArray("AUTH", "(redacted)", "(redacted)"))));
    }

    [Test]
    public void Push_HelloAuth_RedactsUserAndPassword()
    {
        Run("HELLO", "2", "AUTH", "default", "nopass", "SETNAME", "x");
        Assert.That(Get("1"), Is.EqualTo("*1\r\n" + Entry(1, Resp.BulkArray("HELLO", "2", "AUTH", "(redacted)", "(redacted)", "SETNAME", "x"), "x")));
    }

    [Test]
    public void Push_AclSetUser_RedactsUserAndRules()
    {
        Run("ACL", "SETUSER", "bob", "on", ">pw");
        Assert.That(Get("1"), Is.EqualTo("*1\r\n" + Entry(1, Resp.BulkArray("ACL", "SETUSER", "(redacted)", "(redacted)", "(redacted)"))));
    }

    [Test]
    public void Push_ConfigSetRequirePass_RedactsOnlyTheSecret()
    {
        Run("CONFIG", "SET", "requirepass", "", "maxmemory", "0");
        Assert.That(Get("1"), Is.EqualTo("*1\r\n" + Entry(1, Resp.BulkArray("CONFIG", "SET", "requirepass", "(redacted)", "maxmemory", "0"))));
    }

    [Test]
    public void Push_Exec_LogsQueuedCommandsNotExec()
    {
        Run("MULTI");
        Run("SET", "a", "1");
        Run("EXEC");
        Assert.That(Get("-1"), Does.StartWith("*3\r\n" + Entry(2, Resp.BulkArray("SET", "a", "1")) + Entry(1, Resp.BulkArray("MULTI"))));
    }

    [Test]
    public void Push_BlockedCommand_IsLoggedWhenServedAfterTheCommandServingIt()
    {
        TestClient blocked = Harness.Connect();
        blocked.Execute("BLPOP", "q", "0");
        Assert.That(Run("SLOWLOG", "LEN"), Is.EqualTo(":1\r\n"));
        Run("RPUSH", "q", "a");
        Assert.That(Get("2"), Is.EqualTo("*2\r\n" + Entry(3, Resp.BulkArray("BLPOP", "q", "0")) + Entry(2, Resp.BulkArray("RPUSH", "q", "a"))));
    }

    [Test]
    public void Config_Defaults_AreRedisOnes()
    {
        using var harness = new ServerHarness();
        Assert.That(harness.Connect().Execute("CONFIG", "GET", "slowlog-*"),
            Is.EqualTo(Resp.BulkArray("slowlog-log-slower-than", "10000", "slowlog-max-len", "128")));
    }
}
