using System.Text;
using Reactor.MiniRedis.Engine.Tests.Support;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Engine.Tests;

/// <summary>
/// UNLINK, DEL, FLUSHALL and FLUSHDB with their lazyfree options and settings, and INFO's lazyfree counters. The
/// freeing thread is replaced by a queue the test runs by hand, so "pending" and "freed" are observed exactly.
/// </summary>
public sealed class LazyFreeCommandsTests : CommandTestBase
{
    private ManualQueue _queue = null!;

    [SetUp]
    public void UseManualQueue()
    {
        _queue = new ManualQueue();
        Harness.Server.Keyspace.LazyFree.Queue = _queue;
    }

    private string Pending => Field("lazyfree_pending_objects");

    private string Freed => Field("lazyfreed_objects");

    private string Field(string name)
    {
        string info = Run("INFO", "memory");
        int at = info.IndexOf(name + ":", StringComparison.Ordinal) + name.Length + 1;
        return info[at..info.IndexOf('\r', at)];
    }

    private void BigSet(string key, int members = 100) => Run(["SADD", key, .. Enumerable.Range(0, members).Select(i => "m" + i)]);

    [Test]
    public void Info_Idle_ReportsNothingPendingOrFreed() => Assert.That((Pending, Freed), Is.EqualTo(("0", "0")));

    [Test]
    public void Unlink_BigSet_RepliesAtOnceAndFreesInTheBackground()
    {
        BigSet("s");
        Assert.Multiple(() =>
        {
            Assert.That(Run("UNLINK", "s"), Is.EqualTo(":1\r\n"));
            Assert.That(Run("EXISTS", "s"), Is.EqualTo(":0\r\n"));
            Assert.That((Pending, Freed), Is.EqualTo(("1", "0")));
        });
        _queue.RunAll();
        Assert.That((Pending, Freed), Is.EqualTo(("0", "1")));
    }

    // LAZYFREE_THRESHOLD is 64: a hashtable set of 64 members is freed at once, 65 go to the background.
    [TestCase(64, "0")]
    [TestCase(65, "1")]
    public void Unlink_AtTheThreshold_FreesLazilyOnlyAbove(int members, string pending)
    {
        BigSet("s", members);
        Run("UNLINK", "s");
        Assert.That(Pending, Is.EqualTo(pending));
    }

    [Test]
    public void Unlink_SmallValues_AreFreedAtOnce()
    {
        Run("SET", "k", "v");
        Run(["SADD", "intset", .. Enumerable.Range(0, 500).Select(i => i.ToString())]);
        Assert.That((Run("UNLINK", "k", "intset", "missing"), Pending), Is.EqualTo((":2\r\n", "0")));
    }

    [Test]
    public void Del_BigSet_FreesAtOnce()
    {
        BigSet("s");
        Run("DEL", "s");
        Assert.That(Pending, Is.EqualTo("0"));
    }

    [Test]
    public void Del_WithLazyUserDel_FreesInTheBackground()
    {
        Run("CONFIG", "SET", "lazyfree-lazy-user-del", "yes");
        BigSet("s");
        Run("DEL", "s");
        Assert.That(Pending, Is.EqualTo("1"));
    }

    [Test]
    public void Set_OverBigSetWithLazyServerDel_FreesTheOldValueInTheBackground()
    {
        Run("CONFIG", "SET", "lazyfree-lazy-server-del", "yes");
        BigSet("s");
        Assert.That((Run("SET", "s", "v"), Pending), Is.EqualTo(("+OK\r\n", "1")));
    }

    [Test]
    public void Rename_OverBigSetWithLazyServerDel_FreesTheDestinationInTheBackground()
    {
        Run("CONFIG", "SET", "lazyfree-lazy-server-del", "yes");
        BigSet("dst");
        Run("SET", "src", "v");
        Assert.That((Run("RENAME", "src", "dst"), Pending), Is.EqualTo(("+OK\r\n", "1")));
    }

    [Test]
    public void Expiry_OfBigSetWithLazyExpire_FreesInTheBackground()
    {
        Run("CONFIG", "SET", "lazyfree-lazy-expire", "yes");
        BigSet("s");
        Run("PEXPIRE", "s", "10");
        Harness.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.That((Run("EXISTS", "s"), Pending), Is.EqualTo((":0\r\n", "1")));
    }

    [Test]
    public void FlushAllAsync_CountsEveryKeyOfEveryDatabase()
    {
        Run("SET", "a", "1");
        Run("SET", "b", "2");
        Run("SELECT", "3");
        Run("SET", "c", "3");
        Assert.Multiple(() =>
        {
            Assert.That(Run("FLUSHALL", "ASYNC"), Is.EqualTo("+OK\r\n"));
            Assert.That(Run("DBSIZE"), Is.EqualTo(":0\r\n"));
            Assert.That(Pending, Is.EqualTo("3"));
        });
        _queue.RunAll();
        Assert.That((Pending, Freed), Is.EqualTo(("0", "3")));
    }

    [Test]
    public void FlushAllSync_FreesAtOnce()
    {
        Run("SET", "a", "1");
        Assert.That((Run("FLUSHALL", "SYNC"), Pending, Run("DBSIZE")), Is.EqualTo(("+OK\r\n", "0", ":0\r\n")));
    }

    [Test]
    public void FlushAll_WithLazyUserFlush_IsAsync()
    {
        Run("CONFIG", "SET", "lazyfree-lazy-user-flush", "yes");
        Run("SET", "a", "1");
        Run("FLUSHALL");
        Assert.That(Pending, Is.EqualTo("1"));
    }

    [Test]
    public void FlushAllSync_WithLazyUserFlush_IsSync()
    {
        Run("CONFIG", "SET", "lazyfree-lazy-user-flush", "yes");
        Run("SET", "a", "1");
        Run("FLUSHALL", "SYNC");
        Assert.That(Pending, Is.EqualTo("0"));
    }

    [Test]
    public void FlushDbAsync_EmptiesOnlyTheSelectedDatabase()
    {
        Run("SET", "a", "1");
        Run("SELECT", "1");
        Run("SET", "b", "1");
        Run("SET", "c", "1");
        Run("FLUSHDB", "ASYNC");
        Run("SELECT", "0");
        Assert.That((Run("DBSIZE"), Pending), Is.EqualTo((":1\r\n", "2")));
    }

    [TestCase("FLUSHALL")]
    [TestCase("FLUSHDB")]
    public void Flush_UnknownOption_RepliesSyntaxError(string command) => Assert.That(Run(command, "LATER"), Is.EqualTo(SyntaxErrorReply));

    [Test]
    public void ConfigResetStat_ResetsFreedObjects()
    {
        BigSet("s");
        Run("UNLINK", "s");
        _queue.RunAll();
        Run("CONFIG", "RESETSTAT");
        Assert.That(Freed, Is.EqualTo("0"));
    }

    [Test]
    public void ConfigGet_LazyfreeSettings_ReportWhatWasSet()
    {
        Run("CONFIG", "SET", "lazyfree-lazy-expire", "yes");
        Assert.That(Run("CONFIG", "GET", "lazyfree-lazy-expire"), Is.EqualTo(Resp.BulkArray("lazyfree-lazy-expire", "yes")));
    }

    /*
     * FLUSHALL ASYNC of a million keys: the command replies at once, and the server keeps answering while the old
     * tables are torn down on another thread. The job is held back until the server has been seen answering with the
     * million keys still pending, then runs on a background thread while more commands are served; no timing.
     */
    [Test]
    public void FlushAllAsync_MillionKeys_ServerKeepsAnsweringWhileFreeing()
    {
        Database db = Harness.Server.Keyspace[0];
        for (int i = 0; i < 1_000_000; i++)
        {
            db.Set(Encoding.ASCII.GetBytes("key:" + i), RedisString.FromInt64(i));
        }
        Assert.Multiple(() =>
        {
            Assert.That(Run("FLUSHALL", "ASYNC"), Is.EqualTo("+OK\r\n"));
            Assert.That(Run("PING"), Is.EqualTo("+PONG\r\n"));
            Assert.That(Run("DBSIZE"), Is.EqualTo(":0\r\n"));
            Assert.That(Pending, Is.EqualTo("1000000"));
        });

        Task freeing = Task.Run(_queue.RunAll);
        for (int i = 0; i < 1000; i++)
        {
            Assert.That(Run("SET", "new:" + i, "v"), Is.EqualTo("+OK\r\n"));
            Assert.That(Run("PING"), Is.EqualTo("+PONG\r\n"));
        }
        Assert.That(freeing.Wait(TimeSpan.FromMinutes(1)), Is.True, "the freeing job finished");
        Assert.That((Pending, Freed, Run("DBSIZE")), Is.EqualTo(("0", "1000000", ":1000\r\n")));
    }

    /// <summary>A lazyfree queue that holds jobs until the test runs them (possibly from another thread).</summary>
    private sealed class ManualQueue : ILazyFreeQueue
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<LazyFreeJob> _jobs = new();

        public void Enqueue(LazyFreeJob job) => _jobs.Enqueue(job);

        public void RunAll()
        {
            while (_jobs.TryDequeue(out LazyFreeJob? job))
            {
                job.Run();
            }
        }
    }
}
