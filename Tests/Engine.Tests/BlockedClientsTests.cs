using Reactor.MiniRedis.Engine.Networking;
using Reactor.MiniRedis.Engine.Tests.Support;

namespace Reactor.MiniRedis.Engine.Tests;

/// <summary>
/// Clients that block: served when another client creates the key (first blocked, first served), timed out by
/// the loop's timer on the fake clock, unblocked by CLIENT UNBLOCK, cleaned up when they disconnect. Several
/// in-memory clients share one server; the loop is stepped (<see cref="Step"/>) where Redis's beforeSleep would run.
/// </summary>
public sealed class BlockedClientsTests : CommandTestBase
{
    private TestClient _a = null!;
    private TestClient _b = null!;
    private TestClient _c = null!;

    [SetUp]
    public void ConnectMore()
    {
        _a = Harness.Connect();
        _b = Harness.Connect();
        _c = Harness.Connect();
    }

    /// <summary>What <paramref name="client"/> has been sent since the last look.</summary>
    private static string Replies(TestClient client) => Resp.Text(client.SendRaw());

    /// <summary>One loop iteration: timers that are due, then before-sleep (unblocked clients' input, reply flushing).</summary>
    private void Step() => Harness.Server.Loop.ProcessEvents();

    /// <summary>Moves the fake clock by <paramref name="milliseconds"/> and runs one loop iteration.</summary>
    private void Elapse(int milliseconds)
    {
        Harness.Time.Advance(TimeSpan.FromMilliseconds(milliseconds));
        Step();
    }

    private string InfoField(string name)
    {
        string text = Run("INFO", "everything");
        int start = text.IndexOf(name + ":", StringComparison.Ordinal) + name.Length + 1;
        return text[start..text.IndexOf("\r\n", start, StringComparison.Ordinal)];
    }

    // ---- blocking and serving ----

    [Test]
    public void BLPop_MissingKey_RepliesNothingYet()
    {
        Assert.That((_a.Execute("BLPOP", "q", "0"), Harness.Server.Blocking.Count), Is.EqualTo(("", 1)));
    }

    [Test]
    public void BLPop_PushFromAnotherClient_ServesKeyAndElement()
    {
        _a.Execute("BLPOP", "q", "0");
        Run("LPUSH", "q", "job");
        Assert.That(Replies(_a), Is.EqualTo(Resp.BulkArray("q", "job")));
    }

    [Test]
    public void BLPop_Served_PusherSeesLengthBeforeThePop()
    {
        _a.Execute("BLPOP", "q", "0");
        Assert.That((Run("RPUSH", "q", "a", "b"), Run("LRANGE", "q", "0", "-1")), Is.EqualTo((":2\r\n", Resp.BulkArray("b"))));
    }

    [Test]
    public void BLPop_ServedLastElement_DeletesKey()
    {
        _a.Execute("BLPOP", "q", "0");
        Run("RPUSH", "q", "a");
        Assert.That(KeyCount, Is.Zero);
    }

    [Test]
    public void BRPop_PushOfSeveral_ServesTheTail()
    {
        _a.Execute("BRPOP", "q", "0");
        Run("RPUSH", "q", "a", "b", "c");
        Assert.That(Replies(_a), Is.EqualTo(Resp.BulkArray("q", "c")));
    }

    [Test]
    public void BLPop_SeveralKeys_ServedFromTheKeyCreated()
    {
        _a.Execute("BLPOP", "k1", "k2", "0");
        Run("RPUSH", "k2", "v");
        Assert.That(Replies(_a), Is.EqualTo(Resp.BulkArray("k2", "v")));
    }

    [Test]
    public void BLPop_ThreeBlocked_ServedInTheOrderTheyBlocked()
    {
        _a.Execute("BLPOP", "q", "0");
        _b.Execute("BLPOP", "q", "0");
        _c.Execute("BLPOP", "q", "0");
        Run("RPUSH", "q", "1", "2", "3");
        Assert.That((Replies(_a), Replies(_b), Replies(_c)),
            Is.EqualTo((Resp.BulkArray("q", "1"), Resp.BulkArray("q", "2"), Resp.BulkArray("q", "3"))));
    }

    [Test]
    public void BLPop_ThreeBlockedOnePush_OnlyTheFirstIsServed()
    {
        _a.Execute("BLPOP", "q", "0");
        _b.Execute("BLPOP", "q", "0");
        _c.Execute("BLPOP", "q", "0");
        Run("RPUSH", "q", "1");
        Assert.That((Replies(_a), Replies(_b), Replies(_c), Harness.Server.Blocking.Count),
            Is.EqualTo((Resp.BulkArray("q", "1"), "", "", 2)));
    }

    [Test]
    public void BLPop_SecondPush_ServesTheNextInLine()
    {
        _a.Execute("BLPOP", "q", "0");
        _b.Execute("BLPOP", "q", "0");
        Run("RPUSH", "q", "1");
        Run("RPUSH", "q", "2");
        Assert.That(Replies(_b), Is.EqualTo(Resp.BulkArray("q", "2")));
    }

    [Test]
    public void BLPop_SameKeyTwice_IsQueuedOnce()
    {
        _a.Execute("BLPOP", "q", "q", "0");
        Run("RPUSH", "q", "1", "2");
        Assert.That((Replies(_a), Run("LLEN", "q")), Is.EqualTo((Resp.BulkArray("q", "1"), ":1\r\n")));
    }

    [Test]
    public void BLPop_KeyBecomesString_StaysBlocked()
    {
        _a.Execute("BLPOP", "q", "0");
        Run("SET", "q", "str");
        Assert.That((Replies(_a), Harness.Server.Blocking.Count), Is.EqualTo(("", 1)));
    }

    [Test]
    public void BLPop_KeyBecameStringThenList_IsServed()
    {
        _a.Execute("BLPOP", "q", "0");
        Run("SET", "q", "str");
        Run("DEL", "q");
        Run("RPUSH", "q", "v");
        Assert.That(Replies(_a), Is.EqualTo(Resp.BulkArray("q", "v")));
    }

    [Test]
    public void BZPopMin_ListCreated_StaysBlockedWhileListClientIsServed()
    {
        _a.Execute("BZPOPMIN", "k", "0");
        _b.Execute("BLPOP", "k", "0");
        Run("RPUSH", "k", "v");
        Assert.That((Replies(_a), Replies(_b)), Is.EqualTo(("", Resp.BulkArray("k", "v"))));
    }

    [Test]
    public void BLPop_KeyInAnotherDatabase_IsNotServed()
    {
        _a.Execute("SELECT", "1");
        _a.Execute("BLPOP", "q", "0");
        Run("RPUSH", "q", "v");
        Assert.That((Replies(_a), Run("LLEN", "q")), Is.EqualTo(("", ":1\r\n")));
    }

    [Test]
    public void BLMPop_Served_PopsUpToCount()
    {
        _a.Execute("BLMPOP", "0", "2", "k1", "k2", "RIGHT", "COUNT", "2");
        Run("RPUSH", "k2", "a", "b", "c");
        Assert.That((Replies(_a), Run("LRANGE", "k2", "0", "-1")),
            Is.EqualTo(("*2\r\n$2\r\nk2\r\n*2\r\n$1\r\nc\r\n$1\r\nb\r\n", Resp.BulkArray("a"))));
    }

    [Test]
    public void BZPopMax_ZAddFromAnotherClient_ServesKeyMemberScore()
    {
        _a.Execute("BZPOPMAX", "z", "0");
        Run("ZADD", "z", "1", "a", "2", "b");
        Assert.That(Replies(_a), Is.EqualTo(Resp.BulkArray("z", "b", "2")));
    }

    [Test]
    public void BZMPop_ServedAfterBZPopMinEmptiesTheSet_StaysBlocked()
    {
        _a.Execute("BZPOPMIN", "z", "0");
        _b.Execute("BZMPOP", "0", "1", "z", "MAX", "COUNT", "5");
        Run("ZADD", "z", "1", "a");
        Assert.That((Replies(_a), Replies(_b), Harness.Server.Blocking.Count), Is.EqualTo((Resp.BulkArray("z", "a", "1"), "", 1)));
    }

    [Test]
    public void BZMPop_Served_RepliesNestedPairs()
    {
        _a.Execute("BZMPOP", "0", "1", "z", "MAX", "COUNT", "5");
        Run("ZADD", "z", "1", "a", "2", "b");
        Assert.That(Replies(_a), Is.EqualTo("*2\r\n$1\r\nz\r\n*2\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n"));
    }

    // ---- BLMOVE ----

    [Test]
    public void BLMove_Served_RepliesElementAndPushesIt()
    {
        _a.Execute("BLMOVE", "src", "dst", "RIGHT", "LEFT", "0");
        Run("RPUSH", "src", "a", "b");
        Assert.That((Replies(_a), Run("LRANGE", "src", "0", "-1"), Run("LRANGE", "dst", "0", "-1")),
            Is.EqualTo(("$1\r\nb\r\n", Resp.BulkArray("a"), Resp.BulkArray("b"))));
    }

    // The served move pops the element (a copy of a short one) and pushes it into the destination before the
    // source's slot is reused.
    [TestCase("x")]
    [TestCase("a long element of more than 23 bytes")]
    public void BLMove_Served_DestinationKeepsTheElementAfterTheSourceChanges(string element)
    {
        _a.Execute("BLMOVE", "src", "dst", "LEFT", "RIGHT", "0");
        Run("RPUSH", "src", element, "b");
        Run("LPUSH", "src", "c");
        Assert.That((Replies(_a), Run("LRANGE", "src", "0", "-1"), Run("LRANGE", "dst", "0", "-1")),
            Is.EqualTo(($"${element.Length}\r\n{element}\r\n", Resp.BulkArray("c", "b"), Resp.BulkArray(element))));
    }

    [Test]
    public void BLMove_Chain_EveryLinkIsServedByOnePush()
    {
        _a.Execute("BLMOVE", "s1", "s2", "RIGHT", "LEFT", "0");
        _b.Execute("BRPOPLPUSH", "s2", "s3", "0");
        _c.Execute("BLPOP", "s3", "0");
        Run("LPUSH", "s1", "job");
        Assert.That((Replies(_a), Replies(_b), Replies(_c), KeyCount),
            Is.EqualTo(("$3\r\njob\r\n", "$3\r\njob\r\n", Resp.BulkArray("s3", "job"), 0)));
    }

    [Test]
    public void BLMove_OntoItself_RotatesAndLeavesTheElement()
    {
        _a.Execute("BLMOVE", "k", "k", "LEFT", "RIGHT", "0");
        Run("RPUSH", "k", "a");
        Assert.That((Replies(_a), Run("LRANGE", "k", "0", "-1")), Is.EqualTo(("$1\r\na\r\n", Resp.BulkArray("a"))));
    }

    [Test]
    public void BLMove_DestinationWrongTypeWhenServed_RepliesWrongTypeAndNextClientIsServed()
    {
        Run("SET", "dst", "str");
        _a.Execute("BLMOVE", "src", "dst", "LEFT", "LEFT", "0");
        _b.Execute("BLPOP", "src", "0");
        Run("LPUSH", "src", "e");
        Assert.That((Replies(_a), Replies(_b)), Is.EqualTo((WrongTypeReply, Resp.BulkArray("src", "e"))));
    }

    // ---- every path that creates a key ----

    /// <summary>Commands that end with the list ["v"] at key "q" in database 0, each by another way of creating a key.</summary>
    private static readonly Dictionary<string, string[][]> s_keyCreations = new()
    {
        ["LPUSH"] = [["LPUSH", "q", "v"]],
        ["LMOVE"] = [["RPUSH", "src", "v"], ["LMOVE", "src", "q", "LEFT", "LEFT"]],
        ["RENAME"] = [["RPUSH", "tmp", "v"], ["RENAME", "tmp", "q"]],
        ["RENAME over a string"] = [["SET", "q", "str"], ["RPUSH", "tmp", "v"], ["RENAME", "tmp", "q"]],
        ["COPY REPLACE over a string"] = [["SET", "q", "str"], ["RPUSH", "src", "v"], ["COPY", "src", "q", "REPLACE"]],
        ["MOVE"] = [["SELECT", "2"], ["RPUSH", "q", "v"], ["MOVE", "q", "0"]],
        ["SWAPDB"] = [["SELECT", "1"], ["RPUSH", "q", "v"], ["SWAPDB", "0", "1"]],
        ["SORT STORE"] = [["RPUSH", "src", "v"], ["SORT", "src", "ALPHA", "STORE", "q"]],
    };

    private static IEnumerable<string> KeyCreations => s_keyCreations.Keys;

    [TestCaseSource(nameof(KeyCreations))]
    public void KeyCreated_AnyWay_ServesTheBlockedClient(string way)
    {
        _a.Execute("BLPOP", "q", "0");
        foreach (string[] command in s_keyCreations[way])
        {
            Run(command);
        }
        Assert.That(Replies(_a), Is.EqualTo(Resp.BulkArray("q", "v")));
    }

    [Test]
    public void ZUnionStore_CreatesKeyBlockedOn_ServesIt()
    {
        _a.Execute("BZPOPMIN", "z", "0");
        Run("ZADD", "src", "1", "a");
        Run("ZUNIONSTORE", "z", "1", "src");
        Assert.That(Replies(_a), Is.EqualTo(Resp.BulkArray("z", "a", "1")));
    }

    // ---- the blocked client's own input ----

    [Test]
    public void BLPop_PipelinedCommandBehind_WaitsWhileBlocked()
    {
        Assert.That(Resp.Text(_a.SendRaw([.. Resp.Command("BLPOP", "q", "0"), .. Resp.Command("PING")])), Is.Empty);
    }

    [Test]
    public void BLPop_InputArrivingWhileBlocked_IsKeptInTheQueryBuffer()
    {
        _a.Execute("BLPOP", "q", "0");
        Assert.That((_a.Execute("PING"), _a.Connection.QueryBufferLength), Is.EqualTo(("", 14)));
    }

    [Test]
    public void BLPop_PipelinedCommandsBehind_RunAfterTheServedReply()
    {
        _a.SendRaw([.. Resp.Command("BLPOP", "q", "0"), .. Resp.Command("PING"), .. Resp.Command("LLEN", "q")]);
        Run("RPUSH", "q", "x");
        Step();
        Assert.That(Replies(_a), Is.EqualTo(Resp.BulkArray("q", "x") + "+PONG\r\n:0\r\n"));
    }

    [Test]
    public void BLPop_PipelinedBlockingCommandBehind_BlocksAgain()
    {
        _a.SendRaw([.. Resp.Command("BLPOP", "q", "0"), .. Resp.Command("BLPOP", "q", "0")]);
        Run("RPUSH", "q", "1");
        Step();
        Run("RPUSH", "q", "2");
        Step();
        Assert.That(Replies(_a), Is.EqualTo(Resp.BulkArray("q", "1") + Resp.BulkArray("q", "2")));
    }

    // ---- timeouts (the fake clock) ----

    [Test]
    public void BLPop_BeforeTheDeadline_StaysBlocked()
    {
        _a.Execute("BLPOP", "q", "1");
        Elapse(1000);
        Assert.That(Replies(_a), Is.Empty);
    }

    [Test]
    public void BLPop_DeadlinePassed_RepliesNilArray()
    {
        _a.Execute("BLPOP", "q", "1");
        Elapse(1001);
        Assert.That((Replies(_a), Harness.Server.Blocking.Count), Is.EqualTo(("*-1\r\n", 0)));
    }

    [Test]
    public void BLPop_SubSecondTimeout_FiresAfterThatManyMilliseconds()
    {
        _a.Execute("BLPOP", "q", "0.25");
        Elapse(250);
        string before = Replies(_a);
        Elapse(1);
        Assert.That((before, Replies(_a)), Is.EqualTo(("", "*-1\r\n")));
    }

    [Test]
    public void BLPop_TinyTimeout_RoundsUpToOneMillisecond()
    {
        _a.Execute("BLPOP", "q", "0.0001");
        Elapse(2);
        Assert.That(Replies(_a), Is.EqualTo("*-1\r\n"));
    }

    [Test]
    public void BLPop_TimeoutZero_WaitsForever()
    {
        _a.Execute("BLPOP", "q", "0");
        Elapse(100_000_000);
        Assert.That((Replies(_a), Harness.Server.Blocking.Count), Is.EqualTo(("", 1)));
    }

    [Test]
    public void BLPop_NegativeTimeoutRoundingToZero_WaitsForever()
    {
        _a.Execute("BLPOP", "q", "-0.0001");
        Elapse(100_000);
        Assert.That(Harness.Server.Blocking.Count, Is.EqualTo(1));
    }

    [TestCase("BLMOVE", "q", "d", "LEFT", "LEFT", "0.1")]
    [TestCase("BRPOPLPUSH", "q", "d", "0.1")]
    [TestCase("BZPOPMIN", "q", "0.1")]
    [TestCase("BLMPOP", "0.1", "1", "q", "LEFT")]
    [TestCase("BZMPOP", "0.1", "1", "q", "MAX")]
    public void BlockingCommand_TimedOut_RepliesNilArray(params string[] command)
    {
        _a.Execute(command);
        Elapse(101);
        Assert.That(Replies(_a), Is.EqualTo("*-1\r\n"));
    }

    [Test]
    public void Timeouts_ManyClients_FireInDeadlineOrder()
    {
        _a.Execute("BLPOP", "q", "3");
        _b.Execute("BLPOP", "q", "1");
        _c.Execute("BLPOP", "q", "2");
        Elapse(1001);
        string first = Replies(_a) + "|" + Replies(_b) + "|" + Replies(_c);
        Elapse(1000);
        string second = Replies(_a) + "|" + Replies(_c);
        Assert.That((first, second), Is.EqualTo(("|*-1\r\n|", "|*-1\r\n")));
    }

    [Test]
    public void BLPop_ServedBeforeTheDeadline_GetsNoTimeoutLater()
    {
        _a.Execute("BLPOP", "q", "1");
        Run("RPUSH", "q", "v");
        Replies(_a);
        Elapse(2000);
        Assert.That((Replies(_a), InfoField("clients_in_timeout_table")), Is.EqualTo(("", "0")));
    }

    [Test]
    public void BLPop_TimedOut_ThenPush_KeepsTheElement()
    {
        _a.Execute("BLPOP", "q", "0.5");
        Elapse(501);
        Run("RPUSH", "q", "v");
        Assert.That(Run("LLEN", "q"), Is.EqualTo(":1\r\n"));
    }

    [Test]
    public void BLPop_TimedOutWithPipelinedInput_RunsItAfterwards()
    {
        _a.SendRaw([.. Resp.Command("BLPOP", "q", "0.5"), .. Resp.Command("PING")]);
        Elapse(501);
        Step();
        Assert.That(Replies(_a), Is.EqualTo("*-1\r\n+PONG\r\n"));
    }

    // ---- CLIENT UNBLOCK ----

    [Test]
    public void ClientUnblock_Default_RepliesOneAndTimesTheClientOut()
    {
        _a.Execute("BLPOP", "q", "0");
        Assert.That((Run("CLIENT", "UNBLOCK", _a.Connection.Id.ToString()), Replies(_a)), Is.EqualTo((":1\r\n", "*-1\r\n")));
    }

    [Test]
    public void ClientUnblock_Error_SendsUnblockedError()
    {
        _a.Execute("BZPOPMIN", "q", "10");
        Run("CLIENT", "UNBLOCK", _a.Connection.Id.ToString(), "ERROR");
        Assert.That((Replies(_a), InfoField("clients_in_timeout_table")),
            Is.EqualTo(("-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n", "0")));
    }

    [Test]
    public void ClientUnblock_Timeout_BlpopCountsAsFailedCall()
    {
        _a.Execute("BLPOP", "q", "0");
        Run("CLIENT", "UNBLOCK", _a.Connection.Id.ToString(), "TIMEOUT");
        Assert.That(Run("INFO", "commandstats"), Does.Contain("cmdstat_blpop:calls=1,").And.Contain("failed_calls=1\r\n"));
    }

    [Test]
    public void ClientUnblock_Error_CountsOneErrorReply()
    {
        _a.Execute("BLPOP", "q", "0");
        Run("CLIENT", "UNBLOCK", _a.Connection.Id.ToString(), "ERROR");
        Assert.That((InfoField("total_error_replies"), InfoField("errorstat_UNBLOCKED")), Is.EqualTo(("1", "count=1")));
    }

    [Test]
    public void ClientUnblock_Error_CountsAsAFailedClientUnblock()
    {
        _a.Execute("BLPOP", "q", "0");
        Run("CLIENT", "UNBLOCK", _a.Connection.Id.ToString(), "ERROR");
        Assert.That(Run("INFO", "commandstats"), Does.Match(@"cmdstat_client\|unblock:calls=1,usec=\d+,usec_per_call=[\d.]+,rejected_calls=0,failed_calls=1"));
    }

    [Test]
    public void ClientUnblock_NotBlocked_RepliesZero() =>
        Assert.That(Run("CLIENT", "UNBLOCK", _a.Connection.Id.ToString()), Is.EqualTo(":0\r\n"));

    [Test]
    public void ClientUnblock_UnknownId_RepliesZero() => Assert.That(Run("CLIENT", "UNBLOCK", "999999"), Is.EqualTo(":0\r\n"));

    [Test]
    public void ClientUnblock_BadReason_RepliesReasonErrorBeforeParsingTheId() =>
        Assert.That(Run("CLIENT", "UNBLOCK", "x", "later"), Is.EqualTo("-ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR\r\n"));

    [Test]
    public void ClientUnblock_IdNotInteger_RepliesNotInteger() =>
        Assert.That(Run("CLIENT", "UNBLOCK", "x"), Is.EqualTo("-ERR value is not an integer or out of range\r\n"));

    [Test]
    public void ClientUnblock_TooManyArguments_RepliesSubcommandSyntaxError() =>
        Assert.That(Run("CLIENT", "unblock", "1", "timeout", "x"),
            Is.EqualTo("-ERR unknown subcommand or wrong number of arguments for 'unblock'. Try CLIENT HELP.\r\n"));

    [Test]
    public void ClientUnblock_ClientWithPipelinedInput_RunsIt()
    {
        _a.SendRaw([.. Resp.Command("BLPOP", "q", "0"), .. Resp.Command("PING")]);
        Run("CLIENT", "UNBLOCK", _a.Connection.Id.ToString());
        Step();
        Assert.That(Replies(_a), Is.EqualTo("*-1\r\n+PONG\r\n"));
    }

    // ---- disconnects, introspection, statistics ----

    [Test]
    public void Disconnect_BlockedClient_IsForgotten()
    {
        _a.Execute("BLPOP", "q", "10");
        _a.Connection.Close();
        Run("RPUSH", "q", "v");
        Assert.That((Run("LLEN", "q"), InfoField("blocked_clients"), InfoField("clients_in_timeout_table")), Is.EqualTo((":1\r\n", "0", "0")));
    }

    [Test]
    public void Disconnect_FirstInLine_NextClientIsServed()
    {
        _a.Execute("BLPOP", "q", "0");
        _b.Execute("BLPOP", "q", "0");
        _a.Connection.Close();
        Run("RPUSH", "q", "v");
        Assert.That(Replies(_b), Is.EqualTo(Resp.BulkArray("q", "v")));
    }

    [Test]
    public void Disconnect_LastBlockedClient_LeavesLaterPushesInTheList()
    {
        _a.Execute("BLPOP", "q", "0");
        _a.Connection.Close();
        Run("RPUSH", "q", "v");
        Assert.That((Run("LLEN", "q"), Harness.Server.Blocking.Count), Is.EqualTo((":1\r\n", 0)));
    }

    [Test]
    public void Info_BlockedClients_CountsThemAndTheirTimeouts()
    {
        _a.Execute("BLPOP", "q", "0");
        _b.Execute("BZPOPMIN", "z", "5");
        Assert.That((InfoField("blocked_clients"), InfoField("clients_in_timeout_table")), Is.EqualTo(("2", "1")));
    }

    [Test]
    public void ClientList_BlockedClient_ShowsFlagBAndItsArguments()
    {
        _a.Execute("BLPOP", "q", "0");
        string line = Run("CLIENT", "LIST").Split('\n').Single(l => l.Contains($"id={_a.Connection.Id} "));
        Assert.That(line, Does.Contain(" flags=b ").And.Contain(" argv-mem=7 ").And.Contain(" cmd=blpop "));
    }

    [Test]
    public void ClientList_JustUnblockedClient_ShowsFlagU()
    {
        _a.Execute("BLPOP", "q", "0");
        Run("RPUSH", "q", "v");
        string line = Run("CLIENT", "LIST").Split('\n').Single(l => l.Contains($"id={_a.Connection.Id} "));
        Assert.That(line, Does.Contain(" flags=u "));
    }

    [Test]
    public void ServedCommand_CountsOneCall()
    {
        _a.Execute("BLPOP", "q", "0");
        Run("RPUSH", "q", "v");
        Assert.That(Run("INFO", "commandstats"), Does.Contain("cmdstat_blpop:calls=1,").And.Contain("rejected_calls=0,failed_calls=0"));
    }

    [Test]
    public void ServedBLMoveToWrongType_CountsAFailedCall()
    {
        Run("SET", "dst", "str");
        _a.Execute("BLMOVE", "src", "dst", "LEFT", "LEFT", "0");
        Run("RPUSH", "src", "v");
        Assert.That(Run("INFO", "commandstats"), Does.Match(@"cmdstat_blmove:calls=1,usec=\d+,usec_per_call=[\d.]+,rejected_calls=0,failed_calls=1"));
    }

    [Test]
    public void IdleTimeout_BlockedClient_IsNotClosed()
    {
        Run("CONFIG", "SET", "timeout", "1");
        Harness.Server.StartCron();
        _a.Execute("BLPOP", "q", "0");
        Elapse(2500);
        Elapse(100);
        Assert.That(_a.Connection.IsClosed, Is.False);
    }

    [Test]
    public void Connection_AfterServedAndFlushed_IsNoLongerFlagged()
    {
        _a.Execute("BLPOP", "q", "0");
        Run("RPUSH", "q", "v");
        Step();
        Assert.That(_a.Connection.Flags & (ClientFlags.Blocked | ClientFlags.Unblocked), Is.EqualTo(ClientFlags.None));
    }
}
