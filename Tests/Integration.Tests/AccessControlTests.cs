using System.Globalization;
using Reactor.MiniRedis.Engine.Reactor;
using Reactor.MiniRedis.Integration.Tests.Support;
using StackExchange.Redis;

namespace Reactor.MiniRedis.Integration.Tests;

/// <summary>
/// A server with <c>requirepass</c> and an ACL user, over real sockets: exact bytes from a raw client,
/// StackExchange.Redis with a password or a user in its configuration string, and redis-cli's -a and --user/--pass.
/// </summary>
[TestFixture(IoBackend.Epoll)]
[TestFixture(IoBackend.Select)]
public sealed class AccessControlTests(IoBackend backend) : ServerTests(backend)
{
    private const string Password = "s3cret";
    private const string AppUser = "app";
    private const string AppPassword = "app-pass";
    private const string NoAuth = "-NOAUTH Authentication required.\r\n";
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [OneTimeSetUp]
    public void RequirePassword()
    {
        using RawClient admin = Connect();
        Assert.Multiple(() =>
        {
            Assert.That(admin.Execute("CONFIG", "SET", "requirepass", Password), Is.EqualTo("+OK\r\n"));
            Assert.That(admin.Execute("ACL", "SETUSER", AppUser, "reset", "on", ">" + AppPassword, "~app:*", "+@all", "-@dangerous"),
                Is.EqualTo("+OK\r\n"));
        });
    }

    [OneTimeTearDown]
    public void ClearPassword()
    {
        using RawClient admin = Connect();
        admin.Execute("AUTH", Password);
        admin.Execute("ACL", "DELUSER", AppUser);
        admin.Execute("CONFIG", "SET", "requirepass", "");
    }

    [Test]
    public void Raw_CommandBeforeAuth_RepliesNoAuth()
    {
        using RawClient client = Connect();
        Assert.That(client.Execute("GET", "k"), Is.EqualTo(NoAuth));
    }

    [Test]
    public void Raw_PipelinedWrongThenRightAuth_UnlocksAfterTheRightOne()
    {
        using RawClient client = Connect();
        client.Send([.. RawClient.Encode("PING"), .. RawClient.Encode("AUTH", "nope"), .. RawClient.Encode("AUTH", Password), .. RawClient.Encode("PING")]);
        Assert.That(client.ReadReplies(4), Is.EqualTo(
            NoAuth + "-WRONGPASS invalid username-password pair or user is disabled.\r\n+OK\r\n+PONG\r\n"));
    }

    [Test]
    public void Raw_HelloWithAuth_AuthenticatesAndReplies()
    {
        using RawClient client = Connect();
        Assert.Multiple(() =>
        {
            Assert.That(client.Execute("HELLO", "2", "AUTH", "default", Password), Does.StartWith("*14\r\n$6\r\nserver\r\n$5\r\nredis\r\n"));
            Assert.That(client.Execute("PING"), Is.EqualTo("+PONG\r\n"));
        });
    }

    [Test]
    public void Raw_AclUser_KeyOutsideItsPatterns_RepliesNoPerm()
    {
        using RawClient client = Connect();
        client.Execute("AUTH", AppUser, AppPassword);
        Assert.Multiple(() =>
        {
            Assert.That(client.Execute("SET", "app:" + UniqueKey(), "v"), Is.EqualTo("+OK\r\n"));
            Assert.That(client.Execute("SET", "other:" + UniqueKey(), "v"), Is.EqualTo(
                "-NOPERM this user has no permissions to access one of the keys used as arguments\r\n"));
            Assert.That(client.Execute("CONFIG", "GET", "maxmemory"), Is.EqualTo(
                "-NOPERM this user has no permissions to run the 'config|get' command\r\n"));
        });
    }

    [Test]
    public void StackExchange_PasswordInConfiguration_Connects()
    {
        using ConnectionMultiplexer connection = ConnectionMultiplexer.Connect(Options($"password={Password}"));
        IDatabase db = connection.GetDatabase();
        string key = UniqueKey();
        db.StringSet(key, "hello");
        Assert.That(db.StringGet(key).ToString(), Is.EqualTo("hello"));
    }

    [Test]
    public void StackExchange_WrongPassword_FailsToConnect() =>
        Assert.Throws<RedisConnectionException>(() => ConnectionMultiplexer.Connect(Options("password=wrong")).Dispose());

    [Test]
    public void StackExchange_UserAndPassword_RunsWithTheUsersPermissions()
    {
        using ConnectionMultiplexer connection = ConnectionMultiplexer.Connect(Options($"user={AppUser},password={AppPassword}"));
        IDatabase db = connection.GetDatabase();
        string key = "app:" + UniqueKey();
        db.StringSet(key, "v");
        Assert.Multiple(() =>
        {
            Assert.That(db.StringGet(key).ToString(), Is.EqualTo("v"));
            RedisServerException? denied = Assert.Throws<RedisServerException>(() => db.StringSet("other:" + UniqueKey(), "v"));
            Assert.That(denied!.Message, Does.StartWith("NOPERM this user has no permissions to access one of the keys"));
        });
    }

    [Test]
    [Category("RedisCli")]
    public void RedisCli_PasswordOption_Authenticates() =>
        Assert.That(Cli("--no-auth-warning", "-a", Password, "ping").Text, Is.EqualTo("PONG\n"));

    [Test]
    [Category("RedisCli")]
    public void RedisCli_NoPassword_PrintsNoAuth() =>
        Assert.That(Cli("ping").Text, Is.EqualTo("NOAUTH Authentication required.\n\n"));

    [Test]
    [Category("RedisCli")]
    public void RedisCli_WrongPassword_ReportsAuthFailure()
    {
        ToolResult result = Cli("--no-auth-warning", "-a", "wrong", "ping");
        Assert.That(result.Error, Does.Contain("AUTH failed: WRONGPASS invalid username-password pair or user is disabled."));
    }

    [Test]
    [Category("RedisCli")]
    public void RedisCli_UserAndPass_RunsAsThatUser() =>
        Assert.That(Cli("--no-auth-warning", "--user", AppUser, "--pass", AppPassword, "acl", "whoami").Text, Is.EqualTo("app\n"));

    private string Options(string credentials) =>
        $"{Server.EndPoint},{credentials},abortConnect=true,connectTimeout=5000,syncTimeout=10000";

    private ToolResult Cli(params string[] args) =>
        ExternalTool.Run(ExternalTool.Require("redis-cli"),
            ["-h", Server.Host, "-p", Server.Port.ToString(CultureInfo.InvariantCulture), .. args], s_timeout);
}
