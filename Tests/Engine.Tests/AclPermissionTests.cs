using Reactor.MiniRedis.Engine.Tests.Support;

namespace Reactor.MiniRedis.Engine.Tests;

/// <summary>
/// What an authenticated ACL user may run: command bits, categories, subcommands, first arguments, key patterns
/// with read/write permissions, selectors, and the -NOPERM replies and ACL LOG entries of denials.
/// </summary>
public sealed class AclPermissionTests : CommandTestBase
{
    private const string NoPermKey = "-NOPERM this user has no permissions to access one of the keys used as arguments\r\n";

    private static string NoPermCommand(string name) => $"-NOPERM this user has no permissions to run the '{name}' command\r\n";

    /// <summary>Creates <paramref name="name"/> with <paramref name="rules"/> (plus on, nopass) and a client authenticated as it.</summary>
    private TestClient ConnectAs(string name, params string[] rules)
    {
        Run(["ACL", "SETUSER", name, "on", "nopass", .. rules]);
        TestClient client = Harness.Connect();
        client.Execute("AUTH", name, "x");
        return client;
    }

    [Test]
    public void Command_NotAllowed_RepliesNoPermNamingIt() =>
        Assert.That(ConnectAs("u", "+get", "~*").Execute("DEL", "k"), Is.EqualTo(NoPermCommand("del")));

    [Test]
    public void Command_Allowed_Runs() =>
        Assert.That(ConnectAs("u", "+get", "~*").Execute("GET", "k"), Is.EqualTo("$-1\r\n"));

    [Test]
    public void Subcommand_NotAllowed_RepliesNoPermWithFullName() =>
        Assert.That(ConnectAs("u", "+config|get").Execute("CONFIG", "SET", "maxmemory", "1"), Is.EqualTo(NoPermCommand("config|set")));

    [Test]
    public void Subcommand_Allowed_Runs() =>
        Assert.That(ConnectAs("u", "+config|get").Execute("CONFIG", "GET", "maxmemory"), Is.EqualTo(Resp.BulkArray("maxmemory", "0")));

    [Test]
    public void Category_Allowed_RunsItsCommands() =>
        Assert.That(ConnectAs("u", "+@string", "~*").Execute("SET", "k", "v"), Is.EqualTo("+OK\r\n"));

    [Test]
    public void Category_Removed_DeniesItsCommands() =>
        Assert.That(ConnectAs("u", "+@all", "-@dangerous").Execute("CONFIG", "GET", "maxmemory"), Is.EqualTo(NoPermCommand("config|get")));

    [Test]
    public void NoAuthCommands_WithoutPermission_StillRun() =>
        Assert.That(ConnectAs("u", "-@all").Execute("AUTH", "u", "x"), Is.EqualTo("+OK\r\n"));

    [Test]
    public void FirstArg_Allowed_RunsOnlyWithThatArgument()
    {
        TestClient client = ConnectAs("u", "-@all", "+select|0");
        Assert.Multiple(() =>
        {
            Assert.That(client.Execute("SELECT", "0"), Is.EqualTo("+OK\r\n"));
            Assert.That(client.Execute("SELECT", "1"), Is.EqualTo(NoPermCommand("select")));
        });
    }

    [Test]
    public void KeyPattern_MatchingKey_Runs() =>
        Assert.That(ConnectAs("u", "+@all", "~a*").Execute("SET", "a1", "v"), Is.EqualTo("+OK\r\n"));

    [Test]
    public void KeyPattern_OtherKey_RepliesNoPermKey() =>
        Assert.That(ConnectAs("u", "+@all", "~a*").Execute("GET", "b1"), Is.EqualTo(NoPermKey));

    [Test]
    public void KeyPattern_OneOfManyKeysOutside_RepliesNoPermKey() =>
        Assert.That(ConnectAs("u", "+@all", "~a*").Execute("MGET", "a1", "b1", "a2"), Is.EqualTo(NoPermKey));

    [Test]
    public void ReadPattern_Read_Runs() =>
        Assert.That(ConnectAs("u", "+@all", "%R~r*").Execute("GET", "r1"), Is.EqualTo("$-1\r\n"));

    [Test]
    public void ReadPattern_Write_RepliesNoPermKey() =>
        Assert.That(ConnectAs("u", "+@all", "%R~r*").Execute("SET", "r1", "v"), Is.EqualTo(NoPermKey));

    [Test]
    public void WritePattern_Write_Runs() =>
        Assert.That(ConnectAs("u", "+@all", "%W~w*").Execute("SET", "w1", "v"), Is.EqualTo("+OK\r\n"));

    [Test]
    public void WritePattern_Read_RepliesNoPermKey() =>
        Assert.That(ConnectAs("u", "+@all", "%W~w*").Execute("GET", "w1"), Is.EqualTo(NoPermKey));

    [Test]
    public void ReadAndWritePatterns_CopyReadsSourceWritesDestination() =>
        Assert.That(ConnectAs("u", "+@all", "%R~r*", "%W~w*").Execute("COPY", "r1", "w1"), Is.EqualTo(":0\r\n"));

    [Test]
    public void ReadPattern_MoveFromReadOnlySource_RepliesNoPermKey() =>
        Assert.That(ConnectAs("u", "+@all", "%R~r*", "%W~w*").Execute("LMOVE", "r1", "w1", "LEFT", "RIGHT"), Is.EqualTo(NoPermKey));

    [Test]
    public void KeyPattern_MetadataOnlyCommand_NeedsNoReadPermission() =>
        Assert.That(ConnectAs("u", "+@all", "%W~w*").Execute("EXISTS", "w1"), Is.EqualTo(":0\r\n"));

    [Test]
    public void KeyPattern_CommandWithoutKeys_Runs() =>
        Assert.That(ConnectAs("u", "+@all").Execute("DBSIZE"), Is.EqualTo(":0\r\n"));

    [Test]
    public void Selector_SecondSelectorAllows_Runs()
    {
        TestClient client = ConnectAs("u", "+get", "~a*", "(+set ~w*)");
        Assert.Multiple(() =>
        {
            Assert.That(client.Execute("SET", "w1", "v"), Is.EqualTo("+OK\r\n"));
            Assert.That(client.Execute("SET", "a1", "v"), Is.EqualTo(NoPermKey));
            Assert.That(client.Execute("GET", "w1"), Is.EqualTo(NoPermKey));
        });
    }

    [Test]
    public void Selector_NoneAllowsCommand_RepliesNoPermCommand() =>
        Assert.That(ConnectAs("u", "+get", "~a*", "(+set ~w*)").Execute("DEL", "a1"), Is.EqualTo(NoPermCommand("del")));

    [Test]
    public void SetUser_ChangesApplyToConnectedClients()
    {
        TestClient client = ConnectAs("u", "+get", "~*");
        Run("ACL", "SETUSER", "u", "-get");
        Assert.That(client.Execute("GET", "k"), Is.EqualTo(NoPermCommand("get")));
    }

    [Test]
    public void DeniedCommand_IsLoggedWithCommandName()
    {
        ConnectAs("u", "+get").Execute("CONFIG", "SET", "maxmemory", "1");
        Assert.That(Run("ACL", "LOG"), Does.StartWith(
            "*1\r\n*14\r\n$5\r\ncount\r\n:1\r\n$6\r\nreason\r\n$7\r\ncommand\r\n$7\r\ncontext\r\n$8\r\ntoplevel\r\n"
            + "$6\r\nobject\r\n$10\r\nconfig|set\r\n$8\r\nusername\r\n$1\r\nu\r\n"));
    }

    [Test]
    public void DeniedKey_IsLoggedWithTheKey()
    {
        ConnectAs("u", "+@all", "~a*").Execute("MGET", "a1", "b1");
        Assert.That(Run("ACL", "LOG"), Does.Contain("$6\r\nreason\r\n$3\r\nkey\r\n").And.Contain("$6\r\nobject\r\n$2\r\nb1\r\n"));
    }

    [Test]
    public void DeniedCommand_CountsInInfo()
    {
        ConnectAs("u", "+get", "~a*").Execute("GET", "b");
        ConnectAs("v", "+get").Execute("SET", "k", "v");
        string info = Run("INFO", "everything");
        Assert.Multiple(() =>
        {
            Assert.That(info, Does.Contain("acl_access_denied_cmd:1\r\nacl_access_denied_key:1\r\n"));
            Assert.That(info, Does.Contain("errorstat_NOPERM:count=2\r\n"));
            Assert.That(info, Does.Contain("cmdstat_set:calls=0,usec=0,usec_per_call=0.00,rejected_calls=1,failed_calls=0\r\n"));
        });
    }

    [Test]
    public void AclUserWithoutAuthentication_RunsAsDefaultUser() =>
        Assert.That(Run("ACL", "WHOAMI"), Is.EqualTo("$7\r\ndefault\r\n"));

    [Test]
    public void DefaultUserRestricted_NewClientsAreRestricted()
    {
        Run("ACL", "SETUSER", "default", "-flushall");
        Assert.That(Harness.Connect().Execute("FLUSHALL"), Is.EqualTo(NoPermCommand("flushall")));
    }
}
