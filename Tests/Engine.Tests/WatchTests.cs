using Reactor.MiniRedis.Engine.Tests.Support;

namespace Reactor.MiniRedis.Engine.Tests;

/// <summary>
/// WATCH and UNWATCH: what breaks a watch (writes from any client, expiry, flushes, SWAPDB) and what does not,
/// with two clients on one in-memory server. A broken watch makes EXEC reply the null array.
/// </summary>
public sealed class WatchTests : CommandTestBase
{
    private const string NullArray = "*-1\r\n";
    private const string RanPing = "*1\r\n+PONG\r\n";

    private TestClient _other = null!;

    [SetUp]
    public void ConnectOther() => _other = Harness.Connect();

    /// <summary>MULTI, PING, EXEC from the watching client: "*1\r\n+PONG\r\n" when the watch held.</summary>
    private string ExecPing()
    {
        Run("MULTI");
        Run("PING");
        return Run("EXEC");
    }

    [Test]
    public void Watch_RepliesOk() => Assert.That(Run("WATCH", "a", "b"), Is.EqualTo("+OK\r\n"));

    [Test]
    public void Watch_KeyUntouched_ExecRuns()
    {
        Run("SET", "a", "1");
        Run("WATCH", "a");
        Assert.That(ExecPing(), Is.EqualTo(RanPing));
    }

    [Test]
    public void Watch_KeyWrittenByOtherClient_ExecRepliesNullArray()
    {
        Run("WATCH", "a");
        _other.Execute("SET", "a", "1");
        Assert.That(ExecPing(), Is.EqualTo(NullArray));
    }

    [Test]
    public void Watch_KeyWrittenByWatcherBeforeMulti_ExecRepliesNullArray()
    {
        Run("WATCH", "a");
        Run("SET", "a", "1");
        Assert.That(ExecPing(), Is.EqualTo(NullArray));
    }

    [Test]
    public void Watch_KeyWrittenAfterMulti_ExecRepliesNullArrayWithoutRunningQueued()
    {
        Run("WATCH", "a");
        Run("MULTI");
        Run("SET", "b", "1");
        _other.Execute("SET", "a", "1");
        Assert.That((Run("EXEC"), Run("EXISTS", "b")), Is.EqualTo((NullArray, ":0\r\n")));
    }

    [Test]
    public void Watch_KeyWrittenInsideOwnTransaction_ExecRuns()
    {
        Run("WATCH", "a");
        Run("MULTI");
        Run("SET", "a", "1");
        Assert.That(Run("EXEC"), Is.EqualTo("*1\r\n+OK\r\n"));
    }

    [Test]
    public void Watch_SameKeyInOtherDatabaseWritten_ExecRuns()
    {
        Run("WATCH", "a");
        _other.Execute("SELECT", "1");
        _other.Execute("SET", "a", "1");
        Assert.That(ExecPing(), Is.EqualTo(RanPing));
    }

    [Test]
    public void Watch_MissingKeyDeletedAgain_ExecRuns()
    {
        Run("WATCH", "a");
        _other.Execute("DEL", "a");
        Assert.That(ExecPing(), Is.EqualTo(RanPing));
    }

    [Test]
    public void Watch_KeyRenamedAway_ExecRepliesNullArray()
    {
        Run("SET", "a", "1");
        Run("WATCH", "a");
        _other.Execute("RENAME", "a", "b");
        Assert.That(ExecPing(), Is.EqualTo(NullArray));
    }

    [Test]
    public void Watch_KeyMovedAway_ExecRepliesNullArray()
    {
        Run("SET", "a", "1");
        Run("WATCH", "a");
        _other.Execute("MOVE", "a", "1");
        Assert.That(ExecPing(), Is.EqualTo(NullArray));
    }

    [Test]
    public void Watch_SeveralKeysOneTouched_ExecRepliesNullArray()
    {
        Run("WATCH", "a", "b", "c");
        _other.Execute("LPUSH", "c", "x");
        Assert.That(ExecPing(), Is.EqualTo(NullArray));
    }

    [Test]
    public void Watch_TwoWatchersOfOneKey_BothFail()
    {
        Run("WATCH", "a");
        _other.Execute("WATCH", "a");
        Harness.Connect().Execute("SET", "a", "1");
        _other.Execute("MULTI");
        _other.Execute("PING");
        Assert.That((ExecPing(), _other.Execute("EXEC")), Is.EqualTo((NullArray, NullArray)));
    }

    [Test]
    public void Watch_AfterWatchBroke_StaysBroken()
    {
        Run("WATCH", "a");
        _other.Execute("SET", "a", "1");
        Run("WATCH", "b");
        Assert.That(ExecPing(), Is.EqualTo(NullArray));
    }

    [Test]
    public void Unwatch_BeforeWrite_ExecRuns()
    {
        Run("WATCH", "a");
        Assert.That(Run("UNWATCH"), Is.EqualTo("+OK\r\n"));
        _other.Execute("SET", "a", "1");
        Assert.That(ExecPing(), Is.EqualTo(RanPing));
    }

    [Test]
    public void Unwatch_AfterWatchBroke_ExecRuns()
    {
        Run("WATCH", "a");
        _other.Execute("SET", "a", "1");
        Run("UNWATCH");
        Assert.That(ExecPing(), Is.EqualTo(RanPing));
    }

    [Test]
    public void Exec_Done_UnwatchesKeys()
    {
        Run("WATCH", "a");
        ExecPing();
        _other.Execute("SET", "a", "1");
        Assert.That(ExecPing(), Is.EqualTo(RanPing));
    }

    [Test]
    public void Discard_UnwatchesKeys()
    {
        Run("WATCH", "a");
        Run("MULTI");
        Run("DISCARD");
        _other.Execute("SET", "a", "1");
        Assert.That(ExecPing(), Is.EqualTo(RanPing));
    }

    [Test]
    public void Reset_UnwatchesKeys()
    {
        Run("WATCH", "a");
        Run("RESET");
        _other.Execute("SET", "a", "1");
        Assert.That(ExecPing(), Is.EqualTo(RanPing));
    }

    [Test]
    public void ClosedWatcher_LeavesNothingWatched()
    {
        _other.Execute("WATCH", "a", "b");
        _other.Connection.Close();
        Assert.That(Harness.Server.WatchedKeys.Count, Is.Zero);
    }

    [Test]
    public void BrokenWatch_IsUnwatchedAtOnce()
    {
        Run("WATCH", "a", "b");
        _other.Execute("SET", "a", "1");
        Assert.That(Harness.Server.WatchedKeys.Count, Is.Zero);
    }

    [Test]
    public void ClientList_BrokenWatch_ShowsDirtyFlag()
    {
        Run("WATCH", "a");
        _other.Execute("SET", "a", "1");
        Assert.That(Run("CLIENT", "INFO"), Does.Contain(" flags=d "));
    }

    // ---- expiry ----

    [Test]
    public void Watch_KeyExpiresUntouched_ExecRepliesNullArray()
    {
        Run("SET", "a", "1", "PX", "100");
        Run("WATCH", "a");
        Harness.Time.Advance(TimeSpan.FromMilliseconds(200));
        Assert.That(ExecPing(), Is.EqualTo(NullArray));
    }

    [Test]
    public void Watch_KeyExpiresAndIsLazilyDeleted_ExecRepliesNullArray()
    {
        Run("SET", "a", "1", "PX", "100");
        Run("WATCH", "a");
        Harness.Time.Advance(TimeSpan.FromMilliseconds(200));
        _other.Execute("GET", "a");
        Assert.That(ExecPing(), Is.EqualTo(NullArray));
    }

    [Test]
    public void Watch_KeyExpiredAlreadyWhenWatched_ExecRuns()
    {
        Run("SET", "a", "1", "PX", "100");
        Harness.Time.Advance(TimeSpan.FromMilliseconds(200)); // expired, still stored: nothing looked at it
        Run("WATCH", "a");
        Assert.That(ExecPing(), Is.EqualTo(RanPing));
    }

    [Test]
    public void Watch_KeyExpiredAlreadyWhenWatchedThenDeleted_ExecRuns()
    {
        Run("SET", "a", "1", "PX", "100");
        Harness.Time.Advance(TimeSpan.FromMilliseconds(200));
        Run("WATCH", "a");
        _other.Execute("GET", "a"); // deletes the expired key: no logical change
        Assert.That(ExecPing(), Is.EqualTo(RanPing));
    }

    [Test]
    public void Watch_KeyExpiredAlreadyWhenWatchedThenSetAgain_ExecRepliesNullArray()
    {
        Run("SET", "a", "1", "PX", "100");
        Harness.Time.Advance(TimeSpan.FromMilliseconds(200));
        Run("WATCH", "a");
        _other.Execute("SET", "a", "2");
        Assert.That(ExecPing(), Is.EqualTo(NullArray));
    }

    // ---- flushes and SWAPDB ----

    [Test]
    public void FlushDb_WatchedKeyExists_ExecRepliesNullArray()
    {
        Run("SET", "a", "1");
        Run("WATCH", "a");
        _other.Execute("FLUSHDB");
        Assert.That(ExecPing(), Is.EqualTo(NullArray));
    }

    [Test]
    public void FlushDb_WatchedKeyMissing_ExecRuns()
    {
        Run("SET", "other", "1");
        Run("WATCH", "a");
        _other.Execute("FLUSHDB");
        Assert.That(ExecPing(), Is.EqualTo(RanPing));
    }

    [Test]
    public void FlushDb_OfAnotherDatabase_ExecRuns()
    {
        Run("SET", "a", "1");
        Run("WATCH", "a");
        _other.Execute("SELECT", "1");
        _other.Execute("FLUSHDB");
        Assert.That(ExecPing(), Is.EqualTo(RanPing));
    }

    [Test]
    public void FlushAll_WatchedKeyExists_ExecRepliesNullArray()
    {
        Run("SELECT", "2");
        Run("SET", "a", "1");
        Run("WATCH", "a");
        _other.Execute("FLUSHALL");
        Assert.That(ExecPing(), Is.EqualTo(NullArray));
    }

    [Test]
    public void FlushAll_WatchedKeyExpiredAlreadyWhenWatched_ExecRuns()
    {
        Run("SET", "a", "1", "PX", "100");
        Harness.Time.Advance(TimeSpan.FromMilliseconds(200));
        Run("WATCH", "a");
        _other.Execute("FLUSHALL");
        Assert.That(ExecPing(), Is.EqualTo(RanPing));
    }

    [Test]
    public void SwapDb_WatchedKeyArrivesFromOtherDatabase_ExecRepliesNullArray()
    {
        Run("WATCH", "a");
        _other.Execute("SELECT", "1");
        _other.Execute("SET", "a", "1");
        _other.Execute("SWAPDB", "0", "1");
        Assert.That(ExecPing(), Is.EqualTo(NullArray));
    }

    [Test]
    public void SwapDb_WatchedKeyLeaves_ExecRepliesNullArray()
    {
        Run("SET", "a", "1");
        Run("WATCH", "a");
        _other.Execute("SWAPDB", "0", "1");
        Assert.That(ExecPing(), Is.EqualTo(NullArray));
    }

    [Test]
    public void SwapDb_WatchedKeyInNeither_ExecRuns()
    {
        Run("SET", "other", "1");
        Run("WATCH", "a");
        _other.Execute("SWAPDB", "0", "1");
        Assert.That(ExecPing(), Is.EqualTo(RanPing));
    }

    [Test]
    public void SwapDb_MissingKeyReplacedByExpiredKey_ExecRuns()
    {
        _other.Execute("SELECT", "1");
        _other.Execute("SET", "a", "1", "PX", "100");
        Harness.Time.Advance(TimeSpan.FromMilliseconds(200));
        Run("WATCH", "a");
        _other.Execute("SWAPDB", "0", "1");
        Assert.That(ExecPing(), Is.EqualTo(RanPing));
    }
}
