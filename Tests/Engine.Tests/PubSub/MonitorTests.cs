using Reactor.MiniRedis.Engine.Tests.Support;

namespace Reactor.MiniRedis.Engine.Tests.PubSub;

/// <summary>MONITOR: the feed of other clients' commands, its quoting, what it hides, and leaving it.</summary>
public sealed class MonitorTests : CommandTestBase
{
    // The harness clock starts at Unix time 1700000000.000000; every test client is 127.0.0.1:50000.
    private const string Prefix = "+1700000000.000000 [0 127.0.0.1:50000] ";

    private TestClient _monitor = null!;

    [SetUp]
    public void StartMonitor()
    {
        _monitor = Harness.Connect();
        Assert.That(_monitor.Execute("MONITOR"), Is.EqualTo("+OK\r\n"));
    }

    private string Feed() => Resp.Text(_monitor.SendRaw());

    [Test]
    public void Monitor_OtherClientsCommand_IsFedWithTimeDatabaseAndAddress()
    {
        Run("SET", "k", "v");
        Assert.That(Feed(), Is.EqualTo(Prefix + "\"SET\" \"k\" \"v\"\r\n"));
    }

    [Test]
    public void Monitor_Arguments_AreQuotedAsSdscatrepr()
    {
        Run("SET", "a b", "q\"\\\r\n\t\a\b\x01\xff~");
        Assert.That(Feed(), Is.EqualTo(Prefix + "\"SET\" \"a b\" \"q\\\"\\\\\\r\\n\\t\\a\\b\\x01\\xff~\"\r\n"));
    }

    [Test]
    public void Monitor_LongArgument_IsFedWhole()
    {
        string value = new('v', 100_000);
        Run("SET", "k", value);
        Assert.That(Feed(), Is.EqualTo(Prefix + $"\"SET\" \"k\" \"{value}\"\r\n"));
    }

    [Test]
    public void Monitor_Select_ShowsTheNewDatabase()
    {
        Run("SELECT", "2");
        Assert.That(Feed(), Is.EqualTo("+1700000000.000000 [2 127.0.0.1:50000] \"SELECT\" \"2\"\r\n"));
    }

    [Test]
    public void Monitor_FailedCommand_IsFed()
    {
        Run("LPUSH", "l", "a");
        Run("INCR", "l");
        Assert.That(Feed(), Does.EndWith(Prefix + "\"INCR\" \"l\"\r\n"));
    }

    [Test]
    public void Monitor_UnknownCommand_IsNotFed()
    {
        Run("NOSUCH", "x");
        Assert.That(Feed(), Is.Empty);
    }

    [Test]
    public void Monitor_WrongArity_IsNotFed()
    {
        Run("GET");
        Assert.That(Feed(), Is.Empty);
    }

    [Test]
    public void Monitor_AdminCommand_IsNotFed()
    {
        Run("CONFIG", "GET", "port");
        Assert.That(Feed(), Is.Empty);
    }

    [Test]
    public void Monitor_NonAdminSubcommand_IsFed()
    {
        Run("CLIENT", "SETNAME", "worker");
        Assert.That(Feed(), Is.EqualTo(Prefix + "\"CLIENT\" \"SETNAME\" \"worker\"\r\n"));
    }

    [Test]
    public void Monitor_Auth_IsRedacted()
    {
        Run("AUTH", "user", "secret");
        Assert.That(Feed(), Is.EqualTo(Prefix + "\"AUTH\" \"(redacted)\" \"(redacted)\"\r\n"));
    }

    [Test]
    public void Monitor_HelloAuth_RedactsOnlyTheCredentials()
    {
        Run("HELLO", "2", "SETNAME", "n", "AUTH", "default", "secret");
        Assert.That(Feed(), Is.EqualTo(Prefix + "\"HELLO\" \"2\" \"SETNAME\" \"n\" \"AUTH\" \"(redacted)\" \"(redacted)\"\r\n"));
    }

    [Test]
    public void Monitor_TwoMonitors_BothAreFed()
    {
        TestClient second = Harness.Connect();
        second.Execute("MONITOR");
        Run("PING");
        Assert.That((Feed(), Resp.Text(second.SendRaw())), Is.EqualTo((Prefix + "\"PING\"\r\n", Prefix + "\"PING\"\r\n")));
    }

    [Test]
    public void Monitor_Again_RepliesNothing() => Assert.That(_monitor.Execute("MONITOR"), Is.Empty);

    [Test]
    public void Monitor_KeyspaceCommandFromTheMonitor_RepliesReplicaError() =>
        Assert.That(_monitor.Execute("GET", "k"), Is.EqualTo("-ERR Replica can't interact with the keyspace\r\n"));

    [Test]
    public void Monitor_PingFromTheMonitor_IsFedToItself() =>
        Assert.That(_monitor.Execute("PING"), Is.EqualTo("+PONG\r\n" + Prefix + "\"PING\"\r\n"));

    [Test]
    public void Monitor_QuitFromTheMonitor_IsNotFedToItself() =>
        Assert.That(_monitor.Execute("QUIT"), Is.EqualTo("+OK\r\n"));

    [Test]
    public void Monitor_QuitFromAnotherClient_IsFed()
    {
        Run("QUIT");
        Assert.That(Feed(), Is.EqualTo(Prefix + "\"QUIT\"\r\n"));
    }

    [Test]
    public void Reset_Monitor_StopsTheFeed()
    {
        _monitor.Execute("RESET");
        Run("PING");
        Assert.That(Feed(), Is.Empty);
    }

    [Test]
    public void Close_Monitor_LeavesTheFeed()
    {
        _monitor.Connection.Close();
        Run("PING");
        Assert.That(Harness.Server.Monitors.Count, Is.Zero);
    }

    [Test]
    public void ClientList_Monitor_ShowsFlagO() =>
        Assert.That(Run("CLIENT", "LIST", "ID", _monitor.Connection.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            Does.Contain(" flags=O "));
}
