using Reactor.MiniRedis.Engine.Tests.Support;

namespace Reactor.MiniRedis.Engine.Tests;

/// <summary>
/// CLIENT PAUSE and CLIENT UNPAUSE: held-back commands get no reply until the pause ends, then run in order. The
/// loop is stepped by hand over the harness's substituted poller; its clock is the harness's fake clock.
/// </summary>
public sealed class ClientPauseTests : CommandTestBase
{
    private TestClient _other = null!;

    [SetUp]
    public void ConnectOther() => _other = Harness.Connect();

    /// <summary>One loop iteration: runs resumed clients (posted work) and flushes replies, then due timers.</summary>
    private void Step() => Harness.Server.Loop.ProcessEvents();

    /// <summary>Moves the clock and steps the loop twice: the timer ends the pause, the next iteration resumes clients.</summary>
    private void Advance(int milliseconds)
    {
        Harness.Time.Advance(TimeSpan.FromMilliseconds(milliseconds));
        Step();
        Step();
    }

    private static string Sent(TestClient client) => Resp.Text(client.Transport.TakeSent());

    // ---- arguments ----

    [Test]
    public void Pause_RepliesOk() => Assert.That(Run("CLIENT", "PAUSE", "100"), Is.EqualTo("+OK\r\n"));

    [TestCase("x", "-ERR timeout is not an integer or out of range\r\n")]
    [TestCase("99999999999999999999", "-ERR timeout is not an integer or out of range\r\n")]
    [TestCase("-1", "-ERR timeout is negative\r\n")]
    public void Pause_BadTimeout_RepliesError(string timeout, string expected) =>
        Assert.That(Run("CLIENT", "PAUSE", timeout), Is.EqualTo(expected));

    [Test]
    public void Pause_BadMode_RepliesErrorBeforeCheckingTimeout() =>
        Assert.That(Run("CLIENT", "PAUSE", "x", "foo"), Is.EqualTo("-ERR CLIENT PAUSE mode must be WRITE or ALL\r\n"));

    [Test]
    public void Pause_ExtraArgument_RepliesSubcommandSyntaxError() =>
        Assert.That(Run("CLIENT", "PAUSE", "10", "ALL", "x"),
            Is.EqualTo("-ERR unknown subcommand or wrong number of arguments for 'PAUSE'. Try CLIENT HELP.\r\n"));

    [Test]
    public void Unpause_WithArgument_RepliesArityError() =>
        Assert.That(Run("CLIENT", "UNPAUSE", "x"), Is.EqualTo("-ERR wrong number of arguments for 'client|unpause' command\r\n"));

    [Test]
    public void Pause_ZeroTimeout_PausesNothing()
    {
        Run("CLIENT", "PAUSE", "0");
        Assert.That(_other.Execute("SET", "a", "1"), Is.EqualTo("+OK\r\n"));
    }

    [Test]
    public void Pause_TimeoutOverflowingTheClock_PausesNothing()
    {
        // Redis 7.0 adds the timeout to the clock unchecked: the end wraps negative, already past.
        Assert.That(Run("CLIENT", "PAUSE", long.MaxValue.ToString()), Is.EqualTo("+OK\r\n"));
        Assert.That(_other.Execute("SET", "a", "1"), Is.EqualTo("+OK\r\n"));
    }

    // ---- WRITE ----

    [Test]
    public void PauseWrite_WriteFromOtherClient_GetsNoReply()
    {
        Run("CLIENT", "PAUSE", "1000", "WRITE");
        Assert.That(_other.Execute("SET", "a", "1"), Is.Empty);
        Assert.That(KeyCount, Is.Zero);
    }

    [Test]
    public void PauseWrite_Reads_GoOn()
    {
        Run("SET", "a", "1");
        Run("CLIENT", "PAUSE", "1000", "WRITE");
        Assert.That((_other.Execute("GET", "a"), Run("GET", "a")), Is.EqualTo(("$1\r\n1\r\n", "$1\r\n1\r\n")));
    }

    [Test]
    public void PauseWrite_PausingClientsOwnWrite_IsHeldBackToo()
    {
        Run("CLIENT", "PAUSE", "1000", "WRITE");
        Assert.That(Run("SET", "a", "1"), Is.Empty);
    }

    [Test]
    public void PauseWrite_FlushAll_IsHeldBack()
    {
        Run("CLIENT", "PAUSE", "1000", "WRITE");
        Assert.That(_other.Execute("FLUSHALL"), Is.Empty);
    }

    [Test]
    public void PauseWrite_Publish_IsHeldBack()
    {
        // PUBLISH may replicate (CMD_MAY_REPLICATE, a flag COMMAND does not show), so a WRITE pause covers it.
        Run("CLIENT", "PAUSE", "1000", "WRITE");
        Assert.That(_other.Execute("PUBLISH", "channel", "message"), Is.Empty);
    }

    [Test]
    public void Unpause_HeldBackClients_RunInTheOrderTheyCame()
    {
        TestClient third = Harness.Connect();
        Run("CLIENT", "PAUSE", "10000", "WRITE");
        _other.Execute("SET", "a", "1");
        third.Execute("SET", "a", "2");
        Assert.That(Run("CLIENT", "UNPAUSE"), Is.EqualTo("+OK\r\n"));
        Step();
        Assert.That((Sent(_other), Sent(third), Run("GET", "a")), Is.EqualTo(("+OK\r\n", "+OK\r\n", "$1\r\n2\r\n")));
    }

    [Test]
    public void Unpause_PipelinedRequestsBehindHeldBackOne_RunAfterIt()
    {
        Run("CLIENT", "PAUSE", "10000", "WRITE");
        Assert.That(Resp.Text(_other.SendRaw([.. Resp.Command("SET", "a", "1"), .. Resp.Command("GET", "a")])), Is.Empty);
        Run("CLIENT", "UNPAUSE");
        Step();
        Assert.That(Sent(_other), Is.EqualTo("+OK\r\n$1\r\n1\r\n"));
    }

    [Test]
    public void PauseWrite_ReadBehindHeldBackWrite_WaitsForIt()
    {
        Run("CLIENT", "PAUSE", "10000", "WRITE");
        _other.Execute("SET", "a", "1");
        Assert.That(_other.Execute("GET", "a"), Is.Empty);
    }

    [Test]
    public void Pause_EndTime_ResumesHeldBackClients()
    {
        Run("CLIENT", "PAUSE", "1000", "WRITE");
        _other.Execute("SET", "a", "1");
        Advance(1001);
        Assert.That(Sent(_other), Is.EqualTo("+OK\r\n"));
    }

    [Test]
    public void Pause_LastsThroughItsEndMillisecond()
    {
        Run("CLIENT", "PAUSE", "1000", "WRITE");
        _other.Execute("SET", "a", "1");
        Advance(1000);
        Assert.That((Sent(_other), Harness.Server.ClientPause.IsPaused), Is.EqualTo(("", true)));
    }

    [Test]
    public void Pause_Again_KeepsLaterEndAndStricterType()
    {
        Run("CLIENT", "PAUSE", "1500", "WRITE");
        Run("CLIENT", "PAUSE", "100", "ALL");
        Advance(200);
        Assert.That(_other.Execute("PING"), Is.Empty);
        Advance(1400);
        Assert.That(Sent(_other), Is.EqualTo("+PONG\r\n"));
    }

    [Test]
    public void ClientList_HeldBackClient_ShowsBlockedFlagAndItsCommand()
    {
        Run("CLIENT", "PAUSE", "10000", "WRITE");
        _other.Execute("SET", "a", "1");
        string line = Run("CLIENT", "LIST").Split('\n').Single(l => l.StartsWith($"id={_other.Connection.Id} ", StringComparison.Ordinal));
        Assert.That(line, Does.Contain(" flags=b ").And.Contain(" cmd=set "));
    }

    [Test]
    public void HeldBackClient_Closing_LeavesThePause()
    {
        Run("CLIENT", "PAUSE", "10000", "WRITE");
        _other.Execute("SET", "a", "1");
        _other.Connection.Close();
        Run("CLIENT", "UNPAUSE");
        Step();
        Assert.That((Harness.Server.ClientPause.PostponedCount, KeyCount), Is.EqualTo((0, 0)));
    }

    [Test]
    public void IdleTimeout_HeldBackClient_IsNotClosed()
    {
        using var harness = new ServerHarness(config => config.Timeout = 1);
        harness.Server.StartCron();
        TestClient admin = harness.Connect(), writer = harness.Connect();
        admin.Execute("CLIENT", "PAUSE", "100000", "WRITE");
        writer.Execute("SET", "a", "1");
        harness.Time.Advance(TimeSpan.FromSeconds(3));
        harness.Server.Loop.ProcessEvents();
        Assert.That((writer.Connection.IsClosed, admin.Connection.IsClosed), Is.EqualTo((false, true)));
    }

    // ---- ALL ----

    [Test]
    public void PauseAll_Reads_AreHeldBack()
    {
        Run("CLIENT", "PAUSE", "1000", "ALL");
        Assert.That((_other.Execute("PING"), Run("PING")), Is.EqualTo(("", "")));
    }

    [Test]
    public void PauseAll_UnpauseFromAnotherClient_IsHeldBackUntilTheEnd()
    {
        Run("CLIENT", "PAUSE", "1000", "ALL");
        Assert.That(_other.Execute("CLIENT", "UNPAUSE"), Is.Empty);
        Advance(1001);
        Assert.That(Sent(_other), Is.EqualTo("+OK\r\n"));
    }

    [Test]
    public void Unpause_ThenNewPause_HoldsResumedClientBackAgain()
    {
        Run("CLIENT", "PAUSE", "10000", "WRITE");
        _other.Execute("SET", "a", "1");
        Run("CLIENT", "UNPAUSE");
        Run("CLIENT", "PAUSE", "10000", "WRITE");
        Step();
        Assert.That(Sent(_other), Is.Empty); // resumed, then held back again by the new pause
    }

    // ---- MULTI ----

    [Test]
    public void PauseWrite_QueueingAWrite_IsHeldBack()
    {
        _other.Execute("MULTI");
        Run("CLIENT", "PAUSE", "10000", "WRITE");
        Assert.That((_other.Execute("SET", "a", "1"), _other.Execute("GET", "a")), Is.EqualTo(("", "")));
        Run("CLIENT", "UNPAUSE");
        Step();
        Assert.That(Sent(_other), Is.EqualTo("+QUEUED\r\n+QUEUED\r\n"));
    }

    [Test]
    public void PauseWrite_ExecOfReads_Runs()
    {
        Run("SET", "a", "1");
        _other.Execute("MULTI");
        _other.Execute("GET", "a");
        Run("CLIENT", "PAUSE", "10000", "WRITE");
        Assert.That(_other.Execute("EXEC"), Is.EqualTo("*1\r\n$1\r\n1\r\n"));
    }

    [Test]
    public void PauseWrite_ExecOfAWrite_IsHeldBack()
    {
        _other.Execute("MULTI");
        _other.Execute("SET", "a", "1");
        Run("CLIENT", "PAUSE", "10000", "WRITE");
        Assert.That(_other.Execute("EXEC"), Is.Empty);
        Run("CLIENT", "UNPAUSE");
        Step();
        Assert.That(Sent(_other), Is.EqualTo("*1\r\n+OK\r\n"));
    }

    [Test]
    public void PauseInsideExec_LaterQueuedCommands_StillRun()
    {
        Run("MULTI");
        Run("CLIENT", "PAUSE", "10000", "WRITE");
        Run("SET", "a", "5");
        Assert.That(Run("EXEC"), Is.EqualTo("*2\r\n+OK\r\n+OK\r\n"));
        Assert.That(_other.Execute("SET", "b", "1"), Is.Empty);
    }

    // ---- expiry ----

    [Test]
    public void Pause_ExpiredKeyLookedUp_IsMissingButKept()
    {
        Run("SET", "k", "v", "PX", "100");
        Run("CLIENT", "PAUSE", "10000", "WRITE");
        Harness.Time.Advance(TimeSpan.FromMilliseconds(200));
        Assert.That((Run("GET", "k"), Run("EXISTS", "k"), Run("DBSIZE")), Is.EqualTo(("$-1\r\n", ":0\r\n", ":1\r\n")));
    }

    [Test]
    public void Unpause_ExpiredKeyLookedUp_IsDeleted()
    {
        Run("SET", "k", "v", "PX", "100");
        Run("CLIENT", "PAUSE", "10000", "WRITE");
        Harness.Time.Advance(TimeSpan.FromMilliseconds(200));
        Run("GET", "k");
        Run("CLIENT", "UNPAUSE");
        Run("GET", "k");
        Assert.That(Run("DBSIZE"), Is.EqualTo(":0\r\n"));
    }

    /// <summary>Sets 100 keys that expire in 50 ms, pauses writes, runs the cron for a while; returns the keys left.</summary>
    private int KeysLeftAfterPauseAndCron(int pauseMilliseconds, int cronPeriods)
    {
        Harness.Server.StartCron();
        for (int i = 0; i < 100; i++)
        {
            Run("SET", "k" + i, "v", "PX", "50");
        }
        Run("CLIENT", "PAUSE", pauseMilliseconds.ToString(), "WRITE");
        for (int i = 0; i < cronPeriods; i++)
        {
            Advance(100);
        }
        return KeyCount;
    }

    [Test]
    public void Pause_ActiveExpiry_DeletesNothing() => Assert.That(KeysLeftAfterPauseAndCron(10000, 10), Is.EqualTo(100));

    [Test]
    public void PauseEnd_ActiveExpiry_ReclaimsKeys() => Assert.That(KeysLeftAfterPauseAndCron(500, 20), Is.Zero);

    [Test]
    public void Pause_RandomKeyWhenEveryKeyExpired_StillReplies()
    {
        // Redis 7.0.15 loops forever here; this server gives up after 100 tries, as Redis 7.2 does.
        Run("SET", "k", "v", "PX", "100");
        Run("CLIENT", "PAUSE", "10000", "WRITE");
        Harness.Time.Advance(TimeSpan.FromMilliseconds(200));
        Assert.That(Run("RANDOMKEY"), Is.EqualTo("$1\r\nk\r\n"));
    }
}
