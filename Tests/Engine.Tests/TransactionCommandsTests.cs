using System.Text.RegularExpressions;
using Reactor.MiniRedis.Engine.Tests.Support;

namespace Reactor.MiniRedis.Engine.Tests;

/// <summary>
/// MULTI, EXEC, DISCARD and the queueing rules of processCommand, with Redis 7.0.15's replies byte for byte.
/// WATCH is covered by <see cref="WatchTests"/>.
/// </summary>
public sealed class TransactionCommandsTests : CommandTestBase
{
    private const string ExecAbortReply = "-EXECABORT Transaction discarded because of previous errors.\r\n";

    private string CommandStat(string command)
    {
        Match match = Regex.Match(Run("INFO", "commandstats"), $@"cmdstat_{Regex.Escape(command)}:calls=(\d+),usec=\d+,usec_per_call=[\d.]+,rejected_calls=(\d+),failed_calls=(\d+)");
        return match.Success ? $"calls={match.Groups[1]},rejected={match.Groups[2]},failed={match.Groups[3]}" : "none";
    }

    // ---- MULTI / EXEC / DISCARD ----

    [Test]
    public void Multi_OutsideTransaction_RepliesOk() => Assert.That(Run("MULTI"), Is.EqualTo("+OK\r\n"));

    [Test]
    public void Multi_InsideTransaction_RepliesNestedError()
    {
        Run("MULTI");
        Assert.That(Run("MULTI"), Is.EqualTo("-ERR MULTI calls can not be nested\r\n"));
    }

    [Test]
    public void Multi_Nested_DoesNotAbortTransaction()
    {
        Run("MULTI");
        Run("MULTI");
        Run("SET", "a", "1");
        Assert.That(Run("EXEC"), Is.EqualTo("*1\r\n+OK\r\n"));
    }

    [Test]
    public void Exec_WithoutMulti_RepliesError() => Assert.That(Run("EXEC"), Is.EqualTo("-ERR EXEC without MULTI\r\n"));

    [Test]
    public void Discard_WithoutMulti_RepliesError() => Assert.That(Run("DISCARD"), Is.EqualTo("-ERR DISCARD without MULTI\r\n"));

    [Test]
    public void Command_InsideMulti_RepliesQueuedWithoutRunning()
    {
        Run("MULTI");
        Assert.That(Run("SET", "a", "1"), Is.EqualTo("+QUEUED\r\n"));
        Assert.That(KeyCount, Is.Zero);
    }

    [Test]
    public void Exec_QueuedCommands_RunInOrderWithOneReplyEach()
    {
        Run("MULTI");
        Run("SET", "a", "1");
        Run("INCR", "a");
        Run("GET", "a");
        Assert.That(Run("EXEC"), Is.EqualTo("*3\r\n+OK\r\n:2\r\n$1\r\n2\r\n"));
    }

    [Test]
    public void Exec_NothingQueued_RepliesEmptyArray()
    {
        Run("MULTI");
        Assert.That(Run("EXEC"), Is.EqualTo("*0\r\n"));
    }

    [Test]
    public void Exec_RuntimeErrorInside_RunsTheRestWithTheErrorInTheArray()
    {
        Run("MULTI");
        Run("SET", "a", "1");
        Run("LPUSH", "a", "x");
        Run("INCR", "a");
        Assert.That(Run("EXEC"), Is.EqualTo("*3\r\n+OK\r\n" + WrongTypeReply + ":2\r\n"));
    }

    [Test]
    public void Exec_Done_LeavesMulti()
    {
        Run("MULTI");
        Run("EXEC");
        Assert.That(Run("SET", "a", "1"), Is.EqualTo("+OK\r\n"));
    }

    [Test]
    public void Exec_QueuedArguments_SurviveLaterRequests()
    {
        // The queued copy must not point into the query buffer, which later requests overwrite.
        Run("MULTI");
        Client.SendRaw(Resp.Command("SET", "key1", "value1"), Resp.Command("SET", "key2", "value2"));
        Run("GET", "key1");
        Assert.That(Run("EXEC"), Is.EqualTo("*3\r\n+OK\r\n+OK\r\n$6\r\nvalue1\r\n"));
    }

    [Test]
    public void Queueing_UnknownCommand_RepliesErrorAndExecAborts()
    {
        Run("MULTI");
        Assert.That(Run("NOSUCH", "x"), Is.EqualTo("-ERR unknown command 'NOSUCH', with args beginning with: 'x' \r\n"));
        Run("SET", "a", "1");
        Assert.That(Run("EXEC"), Is.EqualTo(ExecAbortReply));
    }

    [Test]
    public void Queueing_WrongArity_ExecAbortsWithoutRunningAnything()
    {
        Run("MULTI");
        Run("SET", "a", "1");
        Assert.That(Run("SET", "b"), Is.EqualTo("-ERR wrong number of arguments for 'set' command\r\n"));
        Assert.That(Run("EXEC"), Is.EqualTo(ExecAbortReply));
        Assert.That(Run("GET", "a"), Is.EqualTo("$-1\r\n"));
    }

    [Test]
    public void Queueing_UnknownSubcommand_ExecAborts()
    {
        Run("MULTI");
        Run("CLIENT", "NOSUCH");
        Assert.That(Run("EXEC"), Is.EqualTo(ExecAbortReply));
    }

    [Test]
    public void Queueing_NoMultiCommand_RepliesNotAllowedAndExecAborts()
    {
        Run("MULTI");
        Assert.That(Run("SHUTDOWN"), Is.EqualTo("-ERR Command not allowed inside a transaction\r\n"));
        Assert.That(Run("EXEC"), Is.EqualTo(ExecAbortReply));
    }

    [Test]
    public void ExecAbort_LeavesMulti()
    {
        Run("MULTI");
        Run("SET", "b");
        Run("EXEC");
        Assert.That(Run("EXEC"), Is.EqualTo("-ERR EXEC without MULTI\r\n"));
    }

    [Test]
    public void Exec_WrongArity_AbortsTheTransaction()
    {
        Run("MULTI");
        Run("SET", "a", "1");
        Assert.That(Run("EXEC", "x"),
            Is.EqualTo("-EXECABORT Transaction discarded because of: wrong number of arguments for 'exec' command\r\n"));
        Assert.That((Run("EXEC"), Run("GET", "a")), Is.EqualTo(("-ERR EXEC without MULTI\r\n", "$-1\r\n")));
    }

    [Test]
    public void Exec_WrongArityOutsideMulti_RepliesExecAbort() =>
        Assert.That(Run("EXEC", "x"),
            Is.EqualTo("-EXECABORT Transaction discarded because of: wrong number of arguments for 'exec' command\r\n"));

    [Test]
    public void Discard_InsideMulti_DropsQueuedCommandsAndLeavesMulti()
    {
        Run("MULTI");
        Run("SET", "a", "1");
        Assert.That(Run("DISCARD"), Is.EqualTo("+OK\r\n"));
        Assert.That((Run("GET", "a"), Run("EXEC")), Is.EqualTo(("$-1\r\n", "-ERR EXEC without MULTI\r\n")));
    }

    [Test]
    public void Discard_WrongArityInsideMulti_IsRejectedAndExecAborts()
    {
        Run("MULTI");
        Assert.That(Run("DISCARD", "x"), Is.EqualTo("-ERR wrong number of arguments for 'discard' command\r\n"));
        Assert.That(Run("EXEC"), Is.EqualTo(ExecAbortReply));
    }

    [Test]
    public void Watch_InsideMulti_RepliesErrorWithoutAbortingTransaction()
    {
        Run("MULTI");
        Assert.That(Run("WATCH", "a"), Is.EqualTo("-ERR WATCH inside MULTI is not allowed\r\n"));
        Run("SET", "a", "1");
        Assert.That(Run("EXEC"), Is.EqualTo("*1\r\n+OK\r\n"));
    }

    [Test]
    public void Unwatch_InsideMulti_IsQueued()
    {
        Run("MULTI");
        Assert.That(Run("UNWATCH"), Is.EqualTo("+QUEUED\r\n"));
        Assert.That(Run("EXEC"), Is.EqualTo("*1\r\n+OK\r\n"));
    }

    [Test]
    public void Quit_InsideMulti_RunsAtOnce()
    {
        Run("MULTI");
        Assert.That(Run("QUIT"), Is.EqualTo("+OK\r\n"));
        Assert.That(Client.Transport.Closed, Is.True);
    }

    [Test]
    public void Reset_InsideMulti_DiscardsTheTransaction()
    {
        Run("MULTI");
        Run("SET", "a", "1");
        Assert.That(Run("RESET"), Is.EqualTo("+RESET\r\n"));
        Assert.That((Run("EXEC"), Run("GET", "a")), Is.EqualTo(("-ERR EXEC without MULTI\r\n", "$-1\r\n")));
    }

    [Test]
    public void Exec_Resp3BrokenWatch_RepliesResp3Null()
    {
        Client.Connection.ProtocolVersion = 3;
        Run("WATCH", "a");
        Run("SET", "a", "1");
        Run("MULTI");
        Assert.That(Run("EXEC"), Is.EqualTo("_\r\n"));
    }

    // ---- statistics ----

    [Test]
    public void Exec_QueuedCommands_AreCountedWhenRunNotWhenQueued()
    {
        Run("MULTI");
        Run("SET", "a", "1");
        Assert.That(CommandStat("set"), Is.EqualTo("none"));
        Run("EXEC");
        Assert.That((CommandStat("set"), CommandStat("exec"), CommandStat("multi")),
            Is.EqualTo(("calls=1,rejected=0,failed=0", "calls=1,rejected=0,failed=0", "calls=1,rejected=0,failed=0")));
    }

    [Test]
    public void Exec_FailingQueuedCommand_CountsAgainstThatCommandNotExec()
    {
        Run("MULTI");
        Run("SET", "a", "1");
        Run("LPUSH", "a", "x");
        Run("EXEC");
        Assert.That((CommandStat("lpush"), CommandStat("exec")), Is.EqualTo(("calls=1,rejected=0,failed=1", "calls=1,rejected=0,failed=0")));
    }

    [Test]
    public void ExecAbort_CountsRejectedCommandAndFailedExec()
    {
        Run("MULTI");
        Run("SET", "a");
        Run("EXEC");
        Assert.That((CommandStat("set"), CommandStat("exec")), Is.EqualTo(("calls=0,rejected=1,failed=0", "calls=1,rejected=0,failed=1")));
        Assert.That(Run("INFO", "errorstats"), Does.Contain("errorstat_ERR:count=1\r\nerrorstat_EXECABORT:count=1\r\n"));
    }

    [Test]
    public void Exec_IsNotItselfAWrite()
    {
        Run("MULTI");
        Run("SET", "a", "1");
        Run("PING");
        Run("EXEC");
        Assert.That(Dirty, Is.EqualTo(1));
    }

    // ---- CLIENT LIST ----

    [Test]
    public void ClientList_InsideMulti_ShowsFlagQueuedCountAndMemory()
    {
        Run("CLIENT", "SETNAME", "tx");
        Run("MULTI");
        Run("SET", "abc", "defgh");
        Run("PING");
        string line = Harness.Connect().Execute("CLIENT", "LIST").Split('\n').Single(l => l.Contains("name=tx "));
        // multi-mem: "set" "abc" "defgh" (11 bytes) and "ping" (4), plus 8 bytes per argument (Redis 7.0.15).
        Assert.That(line, Does.Contain(" flags=x db=0 sub=0 psub=0 ssub=0 multi=2 ").And.Contain(" multi-mem=47 "));
    }

    [Test]
    public void ClientInfo_RunInsideExec_ShowsTheTransactionAndExec()
    {
        Run("MULTI");
        Run("CLIENT", "INFO");
        Assert.That(Run("EXEC"), Does.Contain(" flags=x ").And.Contain(" multi=1 ").And.Contain(" cmd=exec "));
    }

    [Test]
    public void ClientList_AfterExec_ShowsNoTransaction()
    {
        Run("MULTI");
        Run("PING");
        Run("EXEC");
        Assert.That(Run("CLIENT", "INFO"), Does.Contain(" flags=N ").And.Contain(" multi=-1 ").And.Contain(" multi-mem=0 "));
    }
}
