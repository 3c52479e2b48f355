using System.Text.RegularExpressions;
using Reactor.MiniRedis.Engine.Tests.Support;

namespace Reactor.MiniRedis.Engine.Tests;

/// <summary>CLIENT subcommands and the connection-state commands HELLO, AUTH and RESET.</summary>
public sealed partial class ClientCommandsTests : CommandTestBase
{
    // Redis 7.0.15's CLIENT LIST line, field by field.
    [GeneratedRegex(@"^id=(\d+) addr=\S+ laddr=\S+ fd=-?\d+ name=\S* age=\d+ idle=\d+ flags=[A-Za-z]+ db=\d+ sub=0 psub=0 ssub=0 multi=-1 "
        + @"qbuf=\d+ qbuf-free=\d+ argv-mem=\d+ multi-mem=0 rbs=\d+ rbp=\d+ obl=\d+ oll=\d+ omem=\d+ tot-mem=\d+ events=r?w? "
        + @"cmd=\S+ user=default redir=-1 resp=2$")]
    private static partial Regex ClientLine();

    // ---- HELLO ----

    [Test]
    public void Hello_NoVersion_RepliesServerInfoInResp2()
    {
        long id = Client.Connection.Id;
        Assert.That(Client.Execute("HELLO"), Is.EqualTo(
            "*14\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n$5\r\nproto\r\n:2\r\n"
            + $"$2\r\nid\r\n:{id}\r\n$4\r\nmode\r\n$10\r\nstandalone\r\n$4\r\nrole\r\n$6\r\nmaster\r\n$7\r\nmodules\r\n*0\r\n"));
    }

    [Test]
    public void Hello_Version2_RepliesProto2() =>
        Assert.That(Client.Execute("HELLO", "2"), Does.StartWith("*14\r\n").And.Contain("$5\r\nproto\r\n:2\r\n"));

    [TestCase("4")]
    [TestCase("1")]
    [TestCase("-1")]
    public void Hello_UnsupportedVersion_RepliesNoProto(string version) =>
        Assert.That(Client.Execute("HELLO", version), Is.EqualTo("-NOPROTO unsupported protocol version\r\n"));

    [TestCase("x")]
    [TestCase("99999999999999999999")]
    public void Hello_VersionNotInteger_RepliesError(string version) =>
        Assert.That(Client.Execute("HELLO", version), Is.EqualTo("-ERR Protocol version is not an integer or out of range\r\n"));

    [Test]
    public void Hello_AuthDefaultUser_Succeeds() =>
        Assert.That(Client.Execute("HELLO", "2", "AUTH", "default", "anything"), Does.StartWith("*14\r\n"));

    [Test]
    public void Hello_AuthOtherUser_RepliesWrongPass() =>
        Assert.That(Client.Execute("HELLO", "2", "AUTH", "bob", "pw"), Is.EqualTo("-WRONGPASS invalid username-password pair or user is disabled.\r\n"));

    [Test]
    public void Hello_SetName_SetsTheName()
    {
        Client.Execute("HELLO", "2", "SETNAME", "worker");
        Assert.That(Client.Execute("CLIENT", "GETNAME"), Is.EqualTo("$6\r\nworker\r\n"));
    }

    [Test]
    public void Hello_SetNameWithSpace_RepliesNameError() =>
        Assert.That(Client.Execute("HELLO", "2", "SETNAME", "a b"), Is.EqualTo("-ERR Client names cannot contain spaces, newlines or special characters.\r\n"));

    [TestCase("FOO")]
    [TestCase("AUTH", "onlyuser")]
    [TestCase("SETNAME")]
    public void Hello_BadOption_RepliesSyntaxErrorNamingIt(params string[] options) =>
        Assert.That(Client.Execute(["HELLO", "2", .. options]), Is.EqualTo($"-ERR Syntax error in HELLO option '{options[0]}'\r\n"));

    // ---- AUTH ----

    [Test]
    public void Auth_PasswordOnly_RepliesNoPasswordConfigured() =>
        Assert.That(Client.Execute("AUTH", "secret"), Is.EqualTo(
            "-ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?\r\n"));

    [Test]
    public void Auth_DefaultUser_RepliesOk() => Assert.That(Client.Execute("AUTH", "default", "x"), Is.EqualTo("+OK\r\n"));

    [Test]
    public void Auth_OtherUser_RepliesWrongPass() =>
        Assert.That(Client.Execute("AUTH", "bob", "x"), Is.EqualTo("-WRONGPASS invalid username-password pair or user is disabled.\r\n"));

    [Test]
    public void Auth_TooManyArguments_RepliesSyntaxError() =>
        Assert.That(Client.Execute("AUTH", "a", "b", "c"), Is.EqualTo("-ERR syntax error\r\n"));

    // ---- RESET ----

    [Test]
    public void Reset_RepliesResetStatus() => Assert.That(Client.Execute("RESET"), Is.EqualTo("+RESET\r\n"));

    [Test]
    public void Reset_ClearsNameAndDatabase()
    {
        Client.Execute("CLIENT", "SETNAME", "x");
        Client.Execute("SELECT", "3");
        Client.Execute("RESET");
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("CLIENT", "GETNAME"), Is.EqualTo("$-1\r\n"));
            Assert.That(Client.Connection.Db.Id, Is.Zero);
        });
    }

    // ---- CLIENT ID / SETNAME / GETNAME / SETINFO ----

    [Test]
    public void ClientId_RepliesConnectionId() =>
        Assert.That(Client.Execute("CLIENT", "ID"), Is.EqualTo($":{Client.Connection.Id}\r\n"));

    [Test]
    public void ClientId_IdsGrowWithEachConnection()
    {
        TestClient second = Harness.Connect();
        Assert.That(second.Connection.Id, Is.GreaterThan(Client.Connection.Id));
    }

    [Test]
    public void ClientGetName_NoName_RepliesNil() => Assert.That(Client.Execute("CLIENT", "GETNAME"), Is.EqualTo("$-1\r\n"));

    [Test]
    public void ClientSetName_ThenGetName_RepliesName()
    {
        Assert.That(Client.Execute("CLIENT", "SETNAME", "conn-1"), Is.EqualTo("+OK\r\n"));
        Assert.That(Client.Execute("CLIENT", "GETNAME"), Is.EqualTo("$6\r\nconn-1\r\n"));
    }

    [Test]
    public void ClientSetName_Empty_ClearsName()
    {
        Client.Execute("CLIENT", "SETNAME", "x");
        Client.Execute("CLIENT", "SETNAME", "");
        Assert.That(Client.Execute("CLIENT", "GETNAME"), Is.EqualTo("$-1\r\n"));
    }

    [TestCase("a b")]
    [TestCase("a\nb")]
    [TestCase("caf\u00e9")]
    public void ClientSetName_InvalidCharacters_RepliesError(string name) =>
        Assert.That(Client.Execute("CLIENT", "SETNAME", name), Is.EqualTo("-ERR Client names cannot contain spaces, newlines or special characters.\r\n"));

    [Test]
    public void ClientSetInfo_LibName_StoresIt()
    {
        Assert.That(Client.Execute("CLIENT", "SETINFO", "LIB-NAME", "SE.Redis"), Is.EqualTo("+OK\r\n"));
        Assert.That(Client.Connection.LibraryName, Is.EqualTo("SE.Redis"));
    }

    [Test]
    public void ClientSetInfo_LibVer_StoresIt()
    {
        Assert.That(Client.Execute("CLIENT", "SETINFO", "lib-ver", "2.8.0"), Is.EqualTo("+OK\r\n"));
        Assert.That(Client.Connection.LibraryVersion, Is.EqualTo("2.8.0"));
    }

    [Test]
    public void ClientSetInfo_UnknownAttribute_RepliesError() =>
        Assert.That(Client.Execute("CLIENT", "SETINFO", "lib-foo", "x"), Is.EqualTo("-ERR Unrecognized option 'lib-foo'\r\n"));

    [Test]
    public void ClientSetInfo_ValueWithSpace_RepliesErrorNamingTheAttribute() =>
        Assert.That(Client.Execute("CLIENT", "SETINFO", "LIB-NAME", "redis py"), Is.EqualTo("-ERR LIB-NAME cannot contain spaces, newlines or special characters.\r\n"));

    // ---- CLIENT LIST / INFO ----

    [Test]
    public void ClientList_OneClient_RepliesRedisLineFormat()
    {
        string reply = Client.Execute("CLIENT", "LIST");
        string body = BulkBody(reply);
        Assert.Multiple(() =>
        {
            Assert.That(body, Does.EndWith("\n"));
            Assert.That(body.TrimEnd('\n'), Does.Match(ClientLine()));
            Assert.That(body, Does.Contain($"id={Client.Connection.Id} addr=127.0.0.1:50000 laddr=127.0.0.1:6379 fd=-1 name= "));
            Assert.That(body, Does.Contain(" argv-mem=10 ").And.Contain(" cmd=client|list "));
        });
    }

    [Test]
    public void ClientList_TwoClients_OneLineEachInIdOrder()
    {
        TestClient second = Harness.Connect();
        second.Execute("CLIENT", "SETNAME", "second");
        second.Execute("SELECT", "2");
        string[] lines = BulkBody(Client.Execute("CLIENT", "LIST")).TrimEnd('\n').Split('\n');
        Assert.Multiple(() =>
        {
            Assert.That(lines, Has.Length.EqualTo(2));
            Assert.That(lines, Has.All.Match(ClientLine()));
            Assert.That(lines[1], Does.Contain(" name=second ").And.Contain(" db=2 ").And.Contain(" cmd=select ").And.Contain(" argv-mem=0 "));
        });
    }

    [Test]
    public void ClientList_AgeAndIdle_CountSeconds()
    {
        TestClient second = Harness.Connect();
        Harness.Time.Advance(TimeSpan.FromSeconds(5));
        second.Execute("PING");
        Harness.Time.Advance(TimeSpan.FromSeconds(2));
        string line = BulkBody(Client.Execute("CLIENT", "LIST", "ID", second.Connection.Id.ToString()));
        Assert.That(line, Does.Contain(" age=7 idle=2 "));
    }

    [Test]
    public void ClientList_IdFilter_ListsOnlyThoseIds()
    {
        TestClient second = Harness.Connect();
        string body = BulkBody(Client.Execute("CLIENT", "LIST", "ID", second.Connection.Id.ToString(), "999"));
        Assert.That(body, Does.StartWith($"id={second.Connection.Id} ").And.Not.Contain($"id={Client.Connection.Id} "));
    }

    [Test]
    public void ClientList_IdFilterNotInteger_RepliesInvalidClientId() =>
        Assert.That(Client.Execute("CLIENT", "LIST", "ID", "x"), Is.EqualTo("-ERR Invalid client ID\r\n"));

    [Test]
    public void ClientList_TypeNormal_ListsEveryClient() =>
        Assert.That(BulkBody(Client.Execute("CLIENT", "LIST", "TYPE", "normal")), Does.Match(ClientLine().ToString().TrimEnd('$') + "\n$"));

    [TestCase("master")]
    [TestCase("replica")]
    [TestCase("PUBSUB")]
    public void ClientList_OtherType_ListsNobody(string type) =>
        Assert.That(Client.Execute("CLIENT", "LIST", "TYPE", type), Is.EqualTo("$0\r\n\r\n"));

    [Test]
    public void ClientList_UnknownType_RepliesError() =>
        Assert.That(Client.Execute("CLIENT", "LIST", "TYPE", "foo"), Is.EqualTo("-ERR Unknown client type 'foo'\r\n"));

    [TestCase("TYPE")]
    [TestCase("FOO")]
    [TestCase("ID")]
    public void ClientList_BadOptions_RepliesSyntaxError(string option) =>
        Assert.That(Client.Execute("CLIENT", "LIST", option), Is.EqualTo("-ERR syntax error\r\n"));

    [Test]
    public void ClientInfo_RepliesCurrentClientLine()
    {
        string body = BulkBody(Client.Execute("CLIENT", "INFO"));
        Assert.That(body, Does.Match(ClientLine().ToString().TrimEnd('$') + "\n$").And.Contain(" cmd=client|info "));
    }

    // ---- CLIENT KILL ----

    [Test]
    public void ClientKill_ById_ClosesThatClientAndRepliesCount()
    {
        TestClient victim = Harness.Connect();
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("CLIENT", "KILL", "ID", victim.Connection.Id.ToString()), Is.EqualTo(":1\r\n"));
            Assert.That(victim.Transport.Closed, Is.True);
            Assert.That(Harness.Server.Clients.ContainsKey(victim.Connection.Id), Is.False);
        });
    }

    [Test]
    public void ClientKill_OwnIdWithSkipMeDefault_KillsNobody() =>
        Assert.That(Client.Execute("CLIENT", "KILL", "ID", Client.Connection.Id.ToString()), Is.EqualTo(":0\r\n"));

    [Test]
    public void ClientKill_SkipMeNo_RepliesThenClosesCaller()
    {
        string reply = Client.Execute("CLIENT", "KILL", "ID", Client.Connection.Id.ToString(), "SKIPME", "no");
        Assert.Multiple(() =>
        {
            Assert.That(reply, Is.EqualTo(":1\r\n"));
            Assert.That(Client.Transport.Closed, Is.True);
        });
    }

    [Test]
    public void ClientKill_OldFormAddress_KillsMatchingClientsIncludingCaller()
    {
        TestClient other = Harness.Connect();
        string reply = Client.Execute("CLIENT", "KILL", "127.0.0.1:50000");
        Assert.Multiple(() =>
        {
            Assert.That(reply, Is.EqualTo("+OK\r\n"));
            Assert.That(other.Transport.Closed, Is.True);
            Assert.That(Client.Transport.Closed, Is.True);
        });
    }

    [Test]
    public void ClientKill_OldFormUnknownAddress_RepliesNoSuchClient() =>
        Assert.That(Client.Execute("CLIENT", "KILL", "1.2.3.4:5"), Is.EqualTo("-ERR No such client\r\n"));

    [Test]
    public void ClientKill_NoMatch_RepliesZero() =>
        Assert.That(Client.Execute("CLIENT", "KILL", "LADDR", "1.2.3.4:5", "TYPE", "normal"), Is.EqualTo(":0\r\n"));

    [TestCase("ID", "x", "-ERR client-id should be greater than 0\r\n")]
    [TestCase("ID", "0", "-ERR client-id should be greater than 0\r\n")]
    [TestCase("TYPE", "foo", "-ERR Unknown client type 'foo'\r\n")]
    [TestCase("USER", "bob", "-ERR No such user 'bob'\r\n")]
    [TestCase("SKIPME", "maybe", "-ERR syntax error\r\n")]
    [TestCase("FOO", "bar", "-ERR syntax error\r\n")]
    public void ClientKill_BadFilter_RepliesRedisError(string filter, string value, string expected) =>
        Assert.That(Client.Execute("CLIENT", "KILL", filter, value), Is.EqualTo(expected));

    [Test]
    public void ClientKill_FilterWithoutValue_RepliesSyntaxError() =>
        Assert.That(Client.Execute("CLIENT", "KILL", "ID", "1", "SKIPME"), Is.EqualTo("-ERR syntax error\r\n"));

    // ---- CLIENT NO-EVICT ----

    [Test]
    public void ClientNoEvict_On_SetsFlagE()
    {
        Assert.That(Client.Execute("CLIENT", "NO-EVICT", "on"), Is.EqualTo("+OK\r\n"));
        Assert.That(BulkBody(Client.Execute("CLIENT", "INFO")), Does.Contain(" flags=e "));
    }

    [Test]
    public void ClientNoEvict_Off_ClearsFlag()
    {
        Client.Execute("CLIENT", "NO-EVICT", "on");
        Assert.That(Client.Execute("CLIENT", "NO-EVICT", "OFF"), Is.EqualTo("+OK\r\n"));
        Assert.That(BulkBody(Client.Execute("CLIENT", "INFO")), Does.Contain(" flags=N "));
    }

    [Test]
    public void ClientNoEvict_BadValue_RepliesSyntaxError() =>
        Assert.That(Client.Execute("CLIENT", "NO-EVICT", "maybe"), Is.EqualTo("-ERR syntax error\r\n"));

    [Test]
    public void Reset_ClearsNoEvict()
    {
        Client.Execute("CLIENT", "NO-EVICT", "on");
        Client.Execute("RESET");
        Assert.That(BulkBody(Client.Execute("CLIENT", "INFO")), Does.Contain(" flags=N "));
    }

    // ---- CLIENT REPLY ----

    [Test]
    public void ClientReplyOff_SuppressesRepliesAndErrors()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("CLIENT", "REPLY", "OFF"), Is.Empty);
            Assert.That(Client.Execute("SET", "k", "v"), Is.Empty);
            Assert.That(Client.Execute("NOSUCH"), Is.Empty);
            Assert.That(Client.Execute("GET"), Is.Empty);
        });
    }

    [Test]
    public void ClientReplyOff_CommandsStillRun()
    {
        Client.Execute("CLIENT", "REPLY", "OFF");
        Client.Execute("SET", "k", "v");
        Client.Execute("CLIENT", "REPLY", "ON");
        Assert.That(Client.Execute("GET", "k"), Is.EqualTo("$1\r\nv\r\n"));
    }

    [Test]
    public void ClientReplyOn_AfterOff_RepliesOk()
    {
        Client.Execute("CLIENT", "REPLY", "OFF");
        Assert.That(Client.Execute("CLIENT", "REPLY", "ON"), Is.EqualTo("+OK\r\n"));
    }

    [Test]
    public void ClientReplySkip_DropsOnlyTheNextReply()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("CLIENT", "REPLY", "SKIP"), Is.Empty);
            Assert.That(Client.Execute("PING"), Is.Empty);
            Assert.That(Client.Execute("PING"), Is.EqualTo("+PONG\r\n"));
        });
    }

    [Test]
    public void ClientReplySkip_Twice_DropsTheReplyAfterTheSecond()
    {
        Client.Execute("CLIENT", "REPLY", "SKIP");
        Client.Execute("CLIENT", "REPLY", "SKIP");
        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("PING"), Is.Empty);
            Assert.That(Client.Execute("PING"), Is.EqualTo("+PONG\r\n"));
        });
    }

    [Test]
    public void ClientReplySkip_Pipelined_DropsOnlyThatReply()
    {
        byte[] pipeline = [.. Resp.Command("CLIENT", "REPLY", "SKIP"), .. Resp.Command("ECHO", "a"), .. Resp.Command("ECHO", "b")];
        Assert.That(Resp.Text(Client.SendRaw(pipeline)), Is.EqualTo("$1\r\nb\r\n"));
    }

    [Test]
    public void ClientReplySkip_WhileOff_StaysOff()
    {
        Client.Execute("CLIENT", "REPLY", "OFF");
        Client.Execute("CLIENT", "REPLY", "SKIP");
        Client.Execute("PING");
        Assert.That(Client.Execute("PING"), Is.Empty);
    }

    [Test]
    public void ClientReplyOff_InvalidationPushesStillArrive()
    {
        TestClient writer = Harness.Connect();
        Client.Execute("HELLO", "3");
        Client.Execute("CLIENT", "TRACKING", "on");
        Client.Execute("GET", "k");
        Client.Execute("CLIENT", "REPLY", "OFF");
        writer.Execute("SET", "k", "v");
        Assert.That(Resp.Text(Client.SendRaw()), Is.EqualTo(">2\r\n$10\r\ninvalidate\r\n*1\r\n$1\r\nk\r\n"));
    }

    [Test]
    public void ClientReply_BadValue_RepliesSyntaxError() =>
        Assert.That(Client.Execute("CLIENT", "REPLY", "maybe"), Is.EqualTo("-ERR syntax error\r\n"));

    [Test]
    public void Reset_TurnsRepliesBackOnAndReplies()
    {
        Client.Execute("CLIENT", "REPLY", "OFF");
        Assert.That(Client.Execute("RESET"), Is.EqualTo("+RESET\r\n"));
    }

    // ---- CLIENT HELP and dispatch ----

    [Test]
    public void ClientHelp_ListsRedisSubcommands()
    {
        string reply = Client.Execute("CLIENT", "HELP");
        Assert.That(reply, Does.StartWith("*52\r\n+CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+CACHING (YES|NO)\r\n")
            .And.EndWith("+HELP\r\n+    Prints this help.\r\n"));
    }

    [Test]
    public void Client_UnknownSubcommand_RepliesRedisError() =>
        Assert.That(Client.Execute("CLIENT", "FOO"), Is.EqualTo("-ERR unknown subcommand 'FOO'. Try CLIENT HELP.\r\n"));

    [Test]
    public void Client_NoSubcommand_RepliesArityError() =>
        Assert.That(Client.Execute("CLIENT"), Is.EqualTo("-ERR wrong number of arguments for 'client' command\r\n"));

    // The payload of a bulk-string reply.
    private static string BulkBody(string reply)
    {
        Assert.That(reply, Does.StartWith("$"));
        int headerEnd = reply.IndexOf("\r\n", StringComparison.Ordinal);
        int length = int.Parse(reply[1..headerEnd]);
        Assert.That(reply, Has.Length.EqualTo(headerEnd + 2 + length + 2));
        return reply.Substring(headerEnd + 2, length);
    }
}
