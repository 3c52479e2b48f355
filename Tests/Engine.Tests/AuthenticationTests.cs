using Reactor.MiniRedis.Engine.Tests.Support;

namespace Reactor.MiniRedis.Engine.Tests;

/// <summary>
/// requirepass, AUTH, HELLO AUTH/SETNAME, the NOAUTH gate of processCommand and RESET, with Redis 7.0.15's replies.
/// </summary>
public sealed class AuthenticationTests : CommandTestBase
{
    private const string NoAuth = "-NOAUTH Authentication required.\r\n";
    private const string WrongPass = "-WRONGPASS invalid username-password pair or user is disabled.\r\n";
    private const string HelloNoAuth =
        "-NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time\r\n";

    // SHA-256 of "secret", as Redis stores and shows it.
    private const string SecretHash = "2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b";

    /// <summary>Sets requirepass from the test's client (already authenticated) and returns a new, unauthenticated client.</summary>
    private TestClient RequirePassword(string password = "secret")
    {
        Run("CONFIG", "SET", "requirepass", password);
        return Harness.Connect();
    }

    [Test]
    public void Command_RequirePassNotAuthenticated_RepliesNoAuth() =>
        Assert.That(RequirePassword().Execute("GET", "k"), Is.EqualTo(NoAuth));

    [Test]
    public void Ping_RequirePassNotAuthenticated_RepliesNoAuth() =>
        Assert.That(RequirePassword().Execute("PING"), Is.EqualTo(NoAuth));

    [Test]
    public void UnknownCommand_RequirePassNotAuthenticated_RepliesUnknownCommandFirst() =>
        Assert.That(RequirePassword().Execute("NOSUCH", "a"), Is.EqualTo("-ERR unknown command 'NOSUCH', with args beginning with: 'a' \r\n"));

    [Test]
    public void WrongArity_RequirePassNotAuthenticated_RepliesArityErrorFirst() =>
        Assert.That(RequirePassword().Execute("GET"), Is.EqualTo("-ERR wrong number of arguments for 'get' command\r\n"));

    [Test]
    public void Quit_RequirePassNotAuthenticated_IsAllowed() =>
        Assert.That(RequirePassword().Execute("QUIT"), Is.EqualTo("+OK\r\n"));

    [Test]
    public void Auth_RightPassword_RepliesOkAndUnlocksCommands()
    {
        TestClient client = RequirePassword();
        Assert.Multiple(() =>
        {
            Assert.That(client.Execute("AUTH", "secret"), Is.EqualTo("+OK\r\n"));
            Assert.That(client.Execute("PING"), Is.EqualTo("+PONG\r\n"));
        });
    }

    [Test]
    public void Auth_DefaultUserAndPassword_RepliesOk() =>
        Assert.That(RequirePassword().Execute("AUTH", "default", "secret"), Is.EqualTo("+OK\r\n"));

    [Test]
    public void Auth_WrongPassword_RepliesWrongPassAndStaysLocked()
    {
        TestClient client = RequirePassword();
        Assert.Multiple(() =>
        {
            Assert.That(client.Execute("AUTH", "nope"), Is.EqualTo(WrongPass));
            Assert.That(client.Execute("PING"), Is.EqualTo(NoAuth));
        });
    }

    [Test]
    public void Auth_UnknownUser_RepliesWrongPass() =>
        Assert.That(RequirePassword().Execute("AUTH", "bob", "secret"), Is.EqualTo(WrongPass));

    [Test]
    public void Auth_BinaryPasswordOfAclUser_IsComparedAsBytes()
    {
        Run("ACL", "SETUSER", "bin", "on", ">a\0\u00ffb", "+@all", "~*");
        Assert.Multiple(() =>
        {
            Assert.That(Run("AUTH", "bin", "a\0\u00ffb"), Is.EqualTo("+OK\r\n"));
            Assert.That(Run("AUTH", "bin", "a\0\u00ff"), Is.EqualTo(WrongPass));
        });
    }

    [Test]
    public void Auth_PasswordOnlyWithoutRequirePass_RepliesNoPasswordConfigured() =>
        Assert.That(Run("AUTH", "x"), Is.EqualTo(
            "-ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?\r\n"));

    [Test]
    public void Auth_AfterRequirePassCleared_PasswordOnlyFormIsRefusedAgain()
    {
        Run("CONFIG", "SET", "requirepass", "secret");
        Run("CONFIG", "SET", "requirepass", "");
        Assert.That(Run("AUTH", "secret"), Does.StartWith("-ERR AUTH <password> called without any password configured"));
    }

    [Test]
    public void RequirePass_ExistingAuthenticatedClient_KeepsWorking()
    {
        Run("CONFIG", "SET", "requirepass", "secret");
        Assert.That(Run("PING"), Is.EqualTo("+PONG\r\n"));
    }

    [Test]
    public void RequirePass_SetsDefaultUsersPasswordHash() =>
        Assert.That(Run("CONFIG", "SET", "requirepass", "secret") + Run("ACL", "LIST"),
            Is.EqualTo("+OK\r\n" + Resp.BulkArray($"user default on #{SecretHash} ~* &* +@all")));

    [Test]
    public void RequirePass_Cleared_DefaultUserIsNoPassAgain()
    {
        Run("CONFIG", "SET", "requirepass", "secret");
        Run("CONFIG", "SET", "requirepass", "");
        Assert.Multiple(() =>
        {
            Assert.That(Run("ACL", "LIST"), Is.EqualTo(Resp.BulkArray("user default on nopass ~* &* +@all")));
            Assert.That(Harness.Connect().Execute("PING"), Is.EqualTo("+PONG\r\n"));
        });
    }

    [Test]
    public void RequirePass_FromConfig_NewClientMustAuthenticate()
    {
        using var harness = new ServerHarness(c => c.Find("requirepass")!.Apply("secret"));
        Assert.That(harness.Connect().Execute("GET", "k"), Is.EqualTo(NoAuth));
    }

    [Test]
    public void DefaultUserOff_NewClient_MustAuthenticate()
    {
        Run("ACL", "SETUSER", "default", "off");
        Assert.That(Harness.Connect().Execute("PING"), Is.EqualTo(NoAuth));
    }

    // ---- HELLO ----

    [Test]
    public void Hello_NotAuthenticated_RepliesHelloNoAuth() =>
        Assert.That(RequirePassword().Execute("HELLO", "2"), Is.EqualTo(HelloNoAuth));

    [Test]
    public void Hello_AuthRightPassword_RepliesServerInfo() =>
        Assert.That(RequirePassword().Execute("HELLO", "2", "AUTH", "default", "secret"), Does.StartWith("*14\r\n$6\r\nserver\r\n"));

    [Test]
    public void Hello_AuthWrongPassword_RepliesWrongPass() =>
        Assert.That(RequirePassword().Execute("HELLO", "2", "AUTH", "default", "nope"), Is.EqualTo(WrongPass));

    [Test]
    public void Hello_SetNameBeforeNoAuth_NameIsSetAnyway()
    {
        // helloCommand applies SETNAME as it parses, before it finds the client unauthenticated.
        TestClient client = RequirePassword();
        client.Execute("HELLO", "2", "SETNAME", "early");
        client.Execute("AUTH", "secret");
        Assert.That(client.Execute("CLIENT", "GETNAME"), Is.EqualTo("$5\r\nearly\r\n"));
    }

    [Test]
    public void Hello_AuthThenBadOption_StaysAuthenticated()
    {
        TestClient client = RequirePassword();
        Assert.Multiple(() =>
        {
            Assert.That(client.Execute("HELLO", "2", "AUTH", "default", "secret", "foo"), Is.EqualTo("-ERR Syntax error in HELLO option 'foo'\r\n"));
            Assert.That(client.Execute("PING"), Is.EqualTo("+PONG\r\n"));
        });
    }

    [Test]
    public void Hello_AuthAsAclUser_SwitchesUser()
    {
        Run("ACL", "SETUSER", "alice", "on", ">pw", "+@all", "~*");
        Run("HELLO", "2", "AUTH", "alice", "pw", "SETNAME", "app");
        Assert.That(Run("ACL", "WHOAMI"), Is.EqualTo("$5\r\nalice\r\n"));
    }

    // ---- RESET and CLIENT ----

    [Test]
    public void Reset_AfterAuthWithRequirePass_ClientMustAuthenticateAgain()
    {
        TestClient client = RequirePassword();
        client.Execute("AUTH", "secret");
        client.Execute("RESET");
        Assert.That(client.Execute("PING"), Is.EqualTo(NoAuth));
    }

    [Test]
    public void Reset_AsAclUser_BecomesDefaultUser()
    {
        Run("ACL", "SETUSER", "alice", "on", "nopass", "+@all", "~*");
        Run("AUTH", "alice", "x");
        Run("RESET");
        Assert.That(Run("ACL", "WHOAMI"), Is.EqualTo("$7\r\ndefault\r\n"));
    }

    [Test]
    public void ClientList_AuthenticatedAsAclUser_ShowsUserField()
    {
        Run("ACL", "SETUSER", "alice", "on", "nopass", "+@all", "~*");
        Run("AUTH", "alice", "x");
        Assert.That(Run("CLIENT", "INFO"), Does.Contain(" user=alice redir=-1 "));
    }

    [Test]
    public void ClientKill_ByUser_KillsThatUsersClients()
    {
        Run("ACL", "SETUSER", "alice", "on", "nopass", "+@all", "~*");
        TestClient alice = Harness.Connect();
        alice.Execute("AUTH", "alice", "x");
        Assert.Multiple(() =>
        {
            Assert.That(Run("CLIENT", "KILL", "USER", "alice"), Is.EqualTo(":1\r\n"));
            Assert.That(alice.Connection.IsClosed, Is.True);
        });
    }

    [Test]
    public void ClientKill_UnknownUser_RepliesNoSuchUser() =>
        Assert.That(Run("CLIENT", "KILL", "USER", "bob"), Is.EqualTo("-ERR No such user 'bob'\r\n"));

    // ---- statistics ----

    [Test]
    public void NoAuth_CountsRejectedCallAndErrorStat()
    {
        RequirePassword().Execute("GET", "k");
        string info = Run("INFO", "everything");
        Assert.Multiple(() =>
        {
            Assert.That(info, Does.Contain("cmdstat_get:calls=0,").And.Contain(",rejected_calls=1,failed_calls=0"));
            Assert.That(info, Does.Contain("errorstat_NOAUTH:count=1\r\n"));
        });
    }

    [Test]
    public void FailedAuth_CountsAclAccessDeniedAuth()
    {
        RequirePassword().Execute("AUTH", "nope");
        Assert.That(Run("INFO", "stats"), Does.Contain("acl_access_denied_auth:1\r\n"));
    }

    [Test]
    public void ConfigResetStat_ZeroesAclCounters()
    {
        RequirePassword().Execute("AUTH", "nope");
        Run("CONFIG", "RESETSTAT");
        Assert.That(Run("INFO", "stats"), Does.Contain("acl_access_denied_auth:0\r\n"));
    }
}
