using System.Globalization;
using NSubstitute;
using Reactor.MiniRedis.Engine.Tests.Support;
using Reactor.MiniRedis.Protocol;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Engine.Tests;

/// <summary>
/// maxmemory through the dispatcher: the -OOM refusal of deny-oom commands (inside MULTI too), every eviction
/// policy choosing its victims before a command runs, and what eviction reports (evicted_keys, the "evicted"
/// keyspace event, WATCH). Keys are stored a second apart on the fake clock, and maxmemory-samples covers every
/// key, so the sampled LRU/LFU/TTL order is exact.
/// </summary>
public sealed class MaxMemoryTests : CommandTestBase
{
    private const string OomReply = "-OOM command not allowed when used memory > 'maxmemory'.\r\n";

    private static readonly string s_kilobyte = new('v', 1024);

    private long UsedMemory => Harness.Server.Memory.Total;

    private string[] Keys => [.. Harness.Server.Keyspace[0].Keys("*"u8).Select(k => System.Text.Encoding.ASCII.GetString(k)).Order()];

    private void Config(string name, string value) => Assert.That(Run("CONFIG", "SET", name, value), Is.EqualTo("+OK\r\n"));

    // Stores 1 KB values under the given keys, one second apart (the first is the idlest).
    private void SetKeysOneSecondApart(params string[] keys)
    {
        foreach (string key in keys)
        {
            Run("SET", key, s_kilobyte);
            Harness.Time.Advance(TimeSpan.FromSeconds(1));
        }
    }

    // maxmemory so that the next command must free about `bytes` first, sampling every key.
    private void LimitToFree(string policy, long bytes)
    {
        Config("maxmemory-policy", policy);
        Config("maxmemory-samples", "64");
        Config("maxmemory", (UsedMemory - bytes).ToString(CultureInfo.InvariantCulture));
    }

    private string InfoField(string section, string name)
    {
        string text = Run("INFO", section);
        int start = text.IndexOf(name + ":", StringComparison.Ordinal) + name.Length + 1;
        return text[start..text.IndexOf("\r\n", start, StringComparison.Ordinal)];
    }

    // ---- noeviction ----

    [Test]
    public void NoEviction_OverTheLimit_DenyOomCommandIsRefused()
    {
        Config("maxmemory", "1");
        Assert.That(Run("SET", "k", "v"), Is.EqualTo(OomReply));
    }

    [Test]
    public void NoEviction_OverTheLimit_ReadsAndDeletesStillRun()
    {
        Run("SET", "a", "1");
        Config("maxmemory", "1");
        Assert.That((Run("GET", "a"), Run("DEL", "a")), Is.EqualTo(("$1\r\n1\r\n", ":1\r\n")));
    }

    [Test]
    public void NoEviction_Refusal_IsCountedAsARejectedCallWithAnOomError()
    {
        Config("maxmemory", "1");
        Run("SET", "k", "v");
        Assert.That((InfoField("commandstats", "cmdstat_set"), InfoField("errorstats", "errorstat_OOM")),
            Is.EqualTo(("calls=0,usec=0,usec_per_call=0.00,rejected_calls=1,failed_calls=0", "count=1")));
    }

    [Test]
    public void NoEviction_UnderTheLimit_WritesRun()
    {
        Config("maxmemory", (UsedMemory + 10_000).ToString(CultureInfo.InvariantCulture));
        Assert.That(Run("SET", "k", "v"), Is.EqualTo("+OK\r\n"));
    }

    [Test]
    public void NoEviction_OverTheLimit_NothingIsEvicted()
    {
        SetKeysOneSecondApart("a", "b");
        Config("maxmemory", "1");
        Run("GET", "a");
        Assert.That((Keys, InfoField("stats", "evicted_keys")), Is.EqualTo((new[] { "a", "b" }, "0")));
    }

    // ---- MULTI ----

    [Test]
    public void Multi_OverTheLimit_EveryQueuedCommandIsRefusedAndExecAborts()
    {
        Config("maxmemory", "1");
        Assert.That(
            (Run("MULTI"), Run("GET", "a"), Run("PING"), Run("EXEC")),
            Is.EqualTo(("+OK\r\n", OomReply, OomReply, "-EXECABORT Transaction discarded because of previous errors.\r\n")));
    }

    [Test]
    public void Multi_LimitReachedAfterQueueingWrites_ExecIsRefused()
    {
        TestClient admin = Harness.Connect();
        Run("MULTI");
        Run("SET", "k", "v");
        admin.Execute("CONFIG", "SET", "maxmemory", "1");
        Assert.That(Run("EXEC"), Is.EqualTo("-EXECABORT Transaction discarded because of: OOM command not allowed when used memory > 'maxmemory'.\r\n"));
    }

    [Test]
    public void Multi_LimitReachedAfterQueueingReads_ExecRuns()
    {
        TestClient admin = Harness.Connect();
        Run("SET", "k", "v");
        Run("MULTI");
        Run("GET", "k");
        admin.Execute("CONFIG", "SET", "maxmemory", "1");
        Assert.That(Run("EXEC"), Is.EqualTo("*1\r\n$1\r\nv\r\n"));
    }

    [Test]
    public void Multi_OverTheLimit_DiscardStillRuns()
    {
        Config("maxmemory", "1");
        Run("MULTI");
        Assert.That(Run("DISCARD"), Is.EqualTo("+OK\r\n"));
    }

    [Test]
    public void Multi_OverTheLimit_WatchIsRefusedBeforeItsOwnCheck()
    {
        Config("maxmemory", "1");
        Run("MULTI");
        Assert.That(Run("WATCH", "k"), Is.EqualTo(OomReply));
    }

    // ---- the policies ----

    [Test]
    public void AllKeysLru_OverTheLimit_EvictsTheIdlestKeysThenRunsTheCommand()
    {
        SetKeysOneSecondApart("k1", "k2", "k3", "k4", "k5", "k6");
        Run("GET", "k1"); // now the most recently used
        LimitToFree("allkeys-lru", 2500); // three keys of about 1.1 KB each
        Assert.That((Run("SET", "new", "v"), Keys), Is.EqualTo(("+OK\r\n", new[] { "k1", "k5", "k6", "new" })));
    }

    [Test]
    public void AllKeysLru_Evictions_AreCountedInInfo()
    {
        SetKeysOneSecondApart("k1", "k2", "k3", "k4");
        LimitToFree("allkeys-lru", 2500);
        Run("PING");
        Assert.That(InfoField("stats", "evicted_keys"), Is.EqualTo("3"));
    }

    [Test]
    public void AllKeysLru_AfterEvicting_UsedMemoryIsWithinTheLimit()
    {
        SetKeysOneSecondApart("k1", "k2", "k3", "k4");
        LimitToFree("allkeys-lru", 2500);
        Run("PING");
        Assert.That(UsedMemory, Is.LessThanOrEqualTo(Harness.Server.Config.MaxMemoryBytes));
    }

    [Test]
    public void VolatileLru_PersistentKeysOnly_RefusesWithOom()
    {
        SetKeysOneSecondApart("a", "b");
        LimitToFree("volatile-lru", 100);
        Assert.That((Run("SET", "c", "v"), Keys), Is.EqualTo((OomReply, new[] { "a", "b" })));
    }

    [Test]
    public void VolatileLru_OverTheLimit_EvictsOnlyKeysWithATimeToLive()
    {
        SetKeysOneSecondApart("old-persistent", "volatile1", "volatile2", "new-persistent");
        Run("EXPIRE", "volatile1", "1000");
        Run("EXPIRE", "volatile2", "1000");
        LimitToFree("volatile-lru", 2000);
        Run("GET", "old-persistent");
        Assert.That(Keys, Is.EqualTo(new[] { "new-persistent", "old-persistent" }));
    }

    [Test]
    public void VolatileTtl_OverTheLimit_EvictsTheNearestExpiry()
    {
        SetKeysOneSecondApart("late", "soon", "persistent");
        Run("EXPIRE", "late", "3000");
        Run("EXPIRE", "soon", "1000");
        LimitToFree("volatile-ttl", 500);
        Run("PING");
        Assert.That(Keys, Is.EqualTo(new[] { "late", "persistent" }));
    }

    [Test]
    public void AllKeysLfu_OverTheLimit_EvictsTheLeastFrequentlyUsed()
    {
        Config("maxmemory-policy", "allkeys-lfu");
        SetKeysOneSecondApart("used", "unused");
        Run("GET", "used");
        LimitToFree("allkeys-lfu", 500);
        Run("PING");
        Assert.That(Keys, Is.EqualTo(new[] { "used" }));
    }

    [Test]
    public void VolatileLfu_OverTheLimit_EvictsOnlyKeysWithATimeToLive()
    {
        Config("maxmemory-policy", "volatile-lfu");
        SetKeysOneSecondApart("persistent", "volatile");
        Run("GET", "volatile");
        Run("EXPIRE", "volatile", "1000");
        LimitToFree("volatile-lfu", 500);
        Run("PING");
        Assert.That(Keys, Is.EqualTo(new[] { "persistent" }));
    }

    [Test]
    public void AllKeysRandom_OverTheLimit_EvictsUntilWithinIt()
    {
        SetKeysOneSecondApart("a", "b", "c", "d", "e", "f", "g", "h");
        LimitToFree("allkeys-random", 4000);
        Run("PING");
        Assert.That((KeyCount, UsedMemory <= Harness.Server.Config.MaxMemoryBytes), Is.EqualTo((4, true)));
    }

    [Test]
    public void VolatileRandom_OverTheLimit_EvictsOnlyKeysWithATimeToLive()
    {
        SetKeysOneSecondApart("p1", "v1", "p2", "v2");
        Run("EXPIRE", "v1", "1000");
        Run("EXPIRE", "v2", "1000");
        LimitToFree("volatile-random", 1500);
        Run("PING");
        Assert.That(Keys, Is.EqualTo(new[] { "p1", "p2" }));
    }

    [Test]
    public void Eviction_EveryKeyGoneAndStillOver_RefusesWithOom()
    {
        SetKeysOneSecondApart("a");
        Config("maxmemory-policy", "allkeys-lru");
        Config("maxmemory", "1");
        Assert.That((Run("SET", "b", "v"), KeyCount), Is.EqualTo((OomReply, 0)));
    }

    // ---- what an eviction tells ----

    [Test]
    public void Eviction_EvictedKey_FiresTheEvictedKeyspaceEvent()
    {
        TestClient subscriber = Harness.Connect();
        Config("notify-keyspace-events", "Ee");
        subscriber.Execute("SUBSCRIBE", "__keyevent@0__:evicted");
        SetKeysOneSecondApart("a", "b");
        LimitToFree("allkeys-lru", 500);
        Run("PING");
        subscriber.Connection.WriteToClient();
        Assert.That(Resp.Text(subscriber.Transport.TakeSent()),
            Is.EqualTo("*3\r\n$7\r\nmessage\r\n$22\r\n__keyevent@0__:evicted\r\n$1\r\na\r\n"));
    }

    [Test]
    public void Eviction_WatchedKeyEvicted_FailsTheTransaction()
    {
        TestClient watcher = Harness.Connect();
        SetKeysOneSecondApart("a", "b");
        watcher.Execute("WATCH", "a");
        LimitToFree("allkeys-lru", 500);
        Run("PING");
        watcher.Execute("MULTI");
        watcher.Execute("PING");
        Assert.That(watcher.Execute("EXEC"), Is.EqualTo("*-1\r\n"));
    }

    [TestCase("yes", "1")]
    [TestCase("no", "0")]
    public void LazyFreeLazyEviction_EvictedBigValue_GoesToTheFreeingThreadOnlyWhenSet(string lazy, string pending)
    {
        Harness.Server.Keyspace.LazyFree.Queue = Substitute.For<ILazyFreeQueue>(); // jobs wait: they stay pending
        Config("lazyfree-lazy-eviction", lazy);
        Run(["SADD", "big", .. Enumerable.Range(0, 100).Select(i => "member" + i)]);
        LimitToFree("allkeys-lru", 100);
        Run("PING");
        Assert.That((KeyCount, InfoField("memory", "lazyfree_pending_objects")), Is.EqualTo((0, pending)));
    }

    [Test]
    public void ConfigSetMaxmemoryBelowUsage_EvictsFromTheTimerBeforeAnyCommand()
    {
        var log = new List<string>();
        Harness.Server.Log.Sink = log.Add;
        SetKeysOneSecondApart("a", "b", "c");
        LimitToFree("allkeys-lru", 500);
        Harness.Server.Loop.ProcessEvents();
        Assert.That((Keys, log.Any(line => line.Contains("WARNING: the new maxmemory value set via CONFIG SET", StringComparison.Ordinal))),
            Is.EqualTo((new[] { "b", "c" }, true)));
    }

    [Test]
    public void TenacityZero_ManyKeysToFree_EvictsSixteenPerRoundAndTheRestFromTheTimer()
    {
        for (int i = 0; i < 100; i++)
        {
            Run("SET", "k" + i, s_kilobyte);
        }
        Config("maxmemory-eviction-tenacity", "0");
        LimitToFree("allkeys-lru", 60_000);
        Run("PING");
        int afterCommand = KeyCount;
        Harness.Server.Loop.ProcessEvents();
        Assert.That((afterCommand, KeyCount < afterCommand), Is.EqualTo((84, true)));
    }

    [Test]
    public void ClientPause_OverTheLimit_NothingIsEvicted()
    {
        SetKeysOneSecondApart("a", "b");
        Run("CLIENT", "PAUSE", "100000", "WRITE");
        LimitToFree("allkeys-lru", 500);
        Run("GET", "a");
        Assert.That(KeyCount, Is.EqualTo(2));
    }

    // ---- INFO and CONFIG ----

    [Test]
    public void Info_UsedMemory_GrowsWithAValueAndShrinksBackWhenItIsDeleted()
    {
        Run("SET", "other", "1"); // the keyspace table exists before and after
        long before = long.Parse(InfoField("memory", "used_memory"), CultureInfo.InvariantCulture);
        Run("SET", "k", new string('x', 10_000));
        long during = long.Parse(InfoField("memory", "used_memory"), CultureInfo.InvariantCulture);
        Run("DEL", "k");
        long after = long.Parse(InfoField("memory", "used_memory"), CultureInfo.InvariantCulture);
        Assert.That((during - before >= 10_000, after - before), Is.EqualTo((true, 0L)));
    }

    [Test]
    public void Info_UsedMemory_CountsInPlaceGrowth()
    {
        Run("RPUSH", "list", new string('a', 30)); // a long element: the ring already has its table of them
        long before = UsedMemory;
        Run("RPUSH", "list", new string('x', 5000));
        Assert.That(UsedMemory - before, Is.EqualTo(MemoryAccounting.ByteArray(5000)));
    }

    [Test]
    public void Info_Memory_ReportsTheLimitAndThePolicy()
    {
        Config("maxmemory", "100mb");
        Config("maxmemory-policy", "allkeys-lru");
        Assert.That((InfoField("memory", "maxmemory"), InfoField("memory", "maxmemory_human"), InfoField("memory", "maxmemory_policy")),
            Is.EqualTo(("104857600", "100.00M", "allkeys-lru")));
    }

    [Test]
    public void Info_Memory_DatasetAndOverheadAddUpToUsedMemory()
    {
        Run("SET", "k", "v");
        string text = Run("INFO", "memory");
        long Field(string name)
        {
            int start = text.IndexOf(name + ":", StringComparison.Ordinal) + name.Length + 1;
            return long.Parse(text[start..text.IndexOf("\r\n", start, StringComparison.Ordinal)], CultureInfo.InvariantCulture);
        }
        Assert.That(Field("used_memory_overhead") + Field("used_memory_dataset"), Is.EqualTo(Field("used_memory")));
    }

    [Test]
    public void Info_EvictionExceededTime_IsZeroWithinTheLimit() =>
        Assert.That((InfoField("stats", "total_eviction_exceeded_time"), InfoField("stats", "current_eviction_exceeded_time")),
            Is.EqualTo(("0", "0")));

    [TestCase("maxmemory-samples", "0", "argument must be between 1 and 2147483647 inclusive")]
    [TestCase("maxmemory-eviction-tenacity", "101", "argument must be between 0 and 100 inclusive")]
    public void ConfigSet_OutOfRange_RepliesRedisError(string name, string value, string reason) =>
        Assert.That(Run("CONFIG", "SET", name, value),
            Is.EqualTo($"-ERR CONFIG SET failed (possibly related to argument '{name}') - {reason}\r\n"));

    [Test]
    public void ConfigGet_EvictionTenacity_DefaultsToTen() =>
        Assert.That(Run("CONFIG", "GET", "maxmemory-eviction-tenacity"), Is.EqualTo("*2\r\n$27\r\nmaxmemory-eviction-tenacity\r\n$2\r\n10\r\n"));

    [TestCase(0, 0)]
    [TestCase(10, 500)]
    [TestCase(11, 575)]
    [TestCase(100, long.MaxValue)]
    public void TimeLimit_Tenacity_FollowsRedisProgression(int tenacity, long microseconds) =>
        Assert.That(Engine.Server.Evictor.TimeLimitMicroseconds(tenacity), Is.EqualTo(microseconds));

    [Test]
    public void ErrorText_OutOfMemory_IsRedisText() =>
        Assert.That(ErrorText.OutOfMemory, Is.EqualTo("OOM command not allowed when used memory > 'maxmemory'."));
}
