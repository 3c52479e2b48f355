using System.Globalization;
using System.Text;
using Reactor.MiniRedis.Engine.Reactor;
using Reactor.MiniRedis.Integration.Tests.Support;

namespace Reactor.MiniRedis.Integration.Tests;

/// <summary>
/// The real <c>redis-cli</c> as a process against the server. Its output is the user-visible proof that reply types
/// are right: <c>--no-raw</c> prints <c>(integer)</c>, <c>(nil)</c>, <c>(error)</c> and quoted strings from the RESP type.
/// Expected output is redis-cli 7.0's. Ignored where redis-cli is not installed; CI installs it.
/// </summary>
[TestFixture(IoBackend.Epoll)]
[TestFixture(IoBackend.Select)]
[Category("RedisCli")]
public sealed class RedisCliTests(IoBackend backend) : ServerTests(backend)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    private string _redisCli = null!;

    [SetUp]
    public void FindRedisCli() => _redisCli = ExternalTool.Require("redis-cli");

    [Test]
    public void Ping_PrintsPong() =>
        Assert.That(Cli("ping").Text, Is.EqualTo("PONG\n"));

    [Test]
    public void SetThenGet_PrintsValue()
    {
        string key = UniqueKey();
        Assert.Multiple(() =>
        {
            Assert.That(Cli("set", key, "hello world").Text, Is.EqualTo("OK\n"));
            Assert.That(Cli("get", key).Text, Is.EqualTo("hello world\n"));
        });
    }

    [Test]
    public void UnknownCommand_PrintsServerErrorText() =>
        Assert.That(Cli("foo", "bar").Text,
            Does.StartWith("ERR unknown command 'foo', with args beginning with: 'bar' \n"));

    [Test]
    public void WrongArity_NoRaw_PrintsErrorPrefix() =>
        Assert.That(Cli("--no-raw", "get").Text, Is.EqualTo("(error) ERR wrong number of arguments for 'get' command\n"));

    [Test]
    public void StdinValue_BinaryWithNulAndCrLf_RoundTripsExactly()
    {
        string key = UniqueKey();
        byte[] value = [(byte)'a', 0, (byte)'b', (byte)'\r', (byte)'\n', 0xff, (byte)'c'];

        ToolResult set = ExternalTool.Run(_redisCli, [.. HostArgs(), "-x", "set", key], s_timeout, value);
        ToolResult get = Cli("--raw", "get", key);

        Assert.Multiple(() =>
        {
            Assert.That(set.Text, Is.EqualTo("OK\n"));
            Assert.That(get.Output, Is.EqualTo([.. value, (byte)'\n']));
        });
    }

    [Test]
    public void BinaryValue_NoRaw_PrintsEscapedQuotedString()
    {
        string key = UniqueKey();
        ExternalTool.Run(_redisCli, [.. HostArgs(), "-x", "set", key], s_timeout, [(byte)'a', 0, (byte)'b', (byte)'\r', (byte)'\n', (byte)'"']);

        Assert.That(Cli("--no-raw", "get", key).Text, Is.EqualTo("\"a\\x00b\\r\\n\\\"\"\n"));
    }

    [Test]
    public void MissingKey_NoRaw_PrintsNil() =>
        Assert.That(Cli("--no-raw", "get", UniqueKey()).Text, Is.EqualTo("(nil)\n"));

    [Test]
    public void MissingKey_Raw_PrintsEmptyLine() =>
        Assert.That(Cli("--raw", "get", UniqueKey()).Text, Is.EqualTo("\n"));

    [Test]
    public void Set_NoRaw_PrintsStatusUnquoted() =>
        Assert.That(Cli("--no-raw", "set", UniqueKey(), "v").Text, Is.EqualTo("OK\n"));

    [Test]
    public void Echo_NoRaw_PrintsQuotedBulk() =>
        Assert.That(Cli("--no-raw", "echo", "a b").Text, Is.EqualTo("\"a b\"\n"));

    [Test]
    public void Incr_NoRawAndRaw_PrintIntegerReply()
    {
        string key = UniqueKey();
        Assert.Multiple(() =>
        {
            Assert.That(Cli("--no-raw", "incr", key).Text, Is.EqualTo("(integer) 1\n"));
            Assert.That(Cli("--raw", "incr", key).Text, Is.EqualTo("2\n"));
        });
    }

    [Test]
    public void RPushThenLRange_NoRawAndRaw_PrintArray()
    {
        string key = UniqueKey();
        Cli("rpush", key, "a", "b c");
        Assert.Multiple(() =>
        {
            Assert.That(Cli("--no-raw", "lrange", key, "0", "-1").Text, Is.EqualTo("1) \"a\"\n2) \"b c\"\n"));
            Assert.That(Cli("--raw", "lrange", key, "0", "-1").Text, Is.EqualTo("a\nb c\n"));
        });
    }

    [Test]
    public void GetOnList_NoRaw_PrintsWrongType()
    {
        string key = UniqueKey();
        Cli("rpush", key, "a");
        Assert.That(Cli("--no-raw", "get", key).Text,
            Is.EqualTo("(error) WRONGTYPE Operation against a key holding the wrong kind of value\n"));
    }

    [Test]
    public void SelectDatabase_WithDashN_KeepsKeysApart()
    {
        string key = UniqueKey();
        ExternalTool.Run(_redisCli, [.. HostArgs(), "-n", "3", "set", key, "three"], s_timeout);

        Assert.Multiple(() =>
        {
            Assert.That(Cli("--no-raw", "get", key).Text, Is.EqualTo("(nil)\n"));
            Assert.That(ExternalTool.Run(_redisCli, [.. HostArgs(), "-n", "3", "get", key], s_timeout).Text, Is.EqualTo("three\n"));
        });
    }

    [Test]
    public void Resp3_Hello_PrintsMapWithProto3() =>
        Assert.That(Cli("-3", "--no-raw", "hello", "3").Text, Does.StartWith(
            "1# \"server\" => \"redis\"\n2# \"version\" => \"7.0.15\"\n3# \"proto\" => (integer) 3\n"));

    [Test]
    public void Resp3_HGetAll_NoRaw_PrintsMap()
    {
        string key = UniqueKey();
        Cli("hset", key, "a", "1", "b", "2");
        Assert.That(Cli("-3", "--no-raw", "hgetall", key).Text, Is.EqualTo("1# \"a\" => \"1\"\n2# \"b\" => \"2\"\n"));
    }

    [Test]
    public void Resp3_ZRangeWithScores_NoRaw_PrintsPairsOfMemberAndDouble()
    {
        string key = UniqueKey();
        Cli("zadd", key, "1.5", "a", "2", "b");
        Assert.That(Cli("-3", "--no-raw", "zrange", key, "0", "-1", "withscores").Text,
            Is.EqualTo("1) 1) \"a\"\n   2) (double) 1.5\n2) 1) \"b\"\n   2) (double) 2\n"));
    }

    [Test]
    public void Resp3_MissingKey_NoRaw_PrintsNil() =>
        Assert.That(Cli("-3", "--no-raw", "get", UniqueKey()).Text, Is.EqualTo("(nil)\n"));

    [Test]
    public void Resp3_Info_Raw_PrintsVerbatimTextWithoutFormat() =>
        Assert.That(Cli("-3", "info", "server").Text, Does.StartWith("# Server\r\nredis_version:7.0.15\r\n"));

    /// <summary>Pipes a redis-cli --pipe mass insertion (RESP on stdin) and checks the summary line.</summary>
    [Test]
    public void Pipe_ThousandSets_ReportsNoErrors()
    {
        string prefix = UniqueKey();
        var requests = new StringBuilder();
        for (int i = 0; i < 1000; i++)
        {
            requests.Append(Encoding.Latin1.GetString(RawClient.Encode("SET", $"{prefix}:{i}", i.ToString(CultureInfo.InvariantCulture))));
        }

        ToolResult result = ExternalTool.Run(_redisCli, [.. HostArgs(), "--pipe"], s_timeout, Encoding.Latin1.GetBytes(requests.ToString()));

        Assert.That(result.Text, Does.Contain("errors: 0, replies: 1000"));
    }

    private string[] HostArgs() => ["-h", Server.Host, "-p", Server.Port.ToString(CultureInfo.InvariantCulture)];

    private ToolResult Cli(params string[] args) => ExternalTool.Run(_redisCli, [.. HostArgs(), .. args], s_timeout);
}
