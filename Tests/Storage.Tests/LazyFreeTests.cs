using System.Text;
using Microsoft.Extensions.Time.Testing;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Storage.Tests;

public sealed class LazyFreeTests
{
    private readonly EncodingLimits _limits = new();
    private FakeTimeProvider _time = null!;
    private RecordingQueue _queue = null!;
    private LazyFree _lazyFree = null!;
    private Database _db = null!;

    [SetUp]
    public void SetUp()
    {
        _time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));
        _queue = new RecordingQueue();
        _lazyFree = new LazyFree { Queue = _queue };
        _db = new Database(0, _time, _limits, lazyFree: _lazyFree);
    }

    private static byte[] Bytes(string text) => Encoding.ASCII.GetBytes(text);

    private RedisSet Set(int members, string prefix = "m")
    {
        var set = new RedisSet(_limits);
        for (int i = 0; i < members; i++)
        {
            set.Add(Bytes(prefix + i));
        }
        return set;
    }

    // ---- free effort (lazyfreeGetFreeEffort, in Redis's units) ----

    [Test]
    public void FreeEffort_String_IsOne() => Assert.That(LazyFree.FreeEffort(RedisString.FromBytes("v"u8), _limits), Is.EqualTo(1));

    [Test]
    public void FreeEffort_HashtableSet_IsItsSize() => Assert.That(LazyFree.FreeEffort(Set(100), _limits), Is.EqualTo(100));

    [Test]
    public void FreeEffort_Intset_IsOne()
    {
        var set = new RedisSet(_limits);
        for (int i = 0; i < 500; i++)
        {
            set.Add(Bytes(i.ToString()));
        }
        Assert.That(LazyFree.FreeEffort(set, _limits), Is.EqualTo(1));
    }

    [Test]
    public void FreeEffort_ListpackHash_IsOneAndHashtableHashItsSize()
    {
        var hash = new RedisHash(_limits);
        hash.Set("f"u8, "v"u8);
        var big = new RedisHash(_limits);
        for (int i = 0; i < 600; i++)
        {
            big.Set(Bytes("f" + i), "v"u8);
        }
        Assert.That((LazyFree.FreeEffort(hash, _limits), LazyFree.FreeEffort(big, _limits)), Is.EqualTo((1, 600)));
    }

    [Test]
    public void FreeEffort_SortedSet_IsOneAsListpackAndItsSizeAsSkiplist()
    {
        var small = new RedisSortedSet(_limits);
        var big = new RedisSortedSet(_limits);
        for (int i = 0; i < 200; i++)
        {
            big.Add(i, Bytes("m" + i), SortedSetAddFlags.None, out _);
        }
        small.Add(1, "a"u8, SortedSetAddFlags.None, out _);
        Assert.That((LazyFree.FreeEffort(small, _limits), LazyFree.FreeEffort(big, _limits)), Is.EqualTo((1, 200)));
    }

    // Redis counts quicklist nodes: 8 KB listpacks of 2 to 10 byte entries for small integers. DEBUG OBJECT on Redis
    // 7.0.15 shows ql_nodes 1, 57 and 69 for these lists; the estimate is within a few nodes.
    [TestCase(1_000, 1)]
    [TestCase(100_000, 55)]
    [TestCase(120_000, 67)]
    public void FreeEffort_ListOfIntegers_IsTheQuicklistNodesRedisWouldHave(int length, long nodes)
    {
        var list = new RedisList();
        for (int i = 1; i <= length; i++)
        {
            list.Push(Bytes(i.ToString()), ListEnd.Tail);
        }
        Assert.That(LazyFree.FreeEffort(list, _limits), Is.EqualTo(nodes));
    }

    // ql_nodes 7 on Redis 7.0.15 for 2000 strings like "element-number-1234-padding".
    [Test]
    public void FreeEffort_ListOfStrings_IsTheQuicklistNodesRedisWouldHave()
    {
        var list = new RedisList();
        for (int i = 1; i <= 2000; i++)
        {
            list.Push(Bytes($"element-number-{i}-padding"), ListEnd.Tail);
        }
        Assert.That(LazyFree.FreeEffort(list, _limits), Is.EqualTo(7));
    }

    [Test]
    public void FreeEffort_ListWithFixedEntriesPerNode_DividesByTheFill()
    {
        var list = new RedisList();
        for (int i = 0; i < 1000; i++)
        {
            list.Push("x"u8, ListEnd.Tail);
        }
        Assert.That(LazyFree.FreeEffort(list, new EncodingLimits { ListMaxListpackSize = 10 }), Is.EqualTo(100));
    }

    // ---- freeObjAsync ----

    [Test]
    public void FreeObject_SmallValue_IsDroppedNotQueued()
    {
        Assert.Multiple(() =>
        {
            Assert.That(_lazyFree.FreeObject(Set(64), _limits), Is.False);
            Assert.That(_lazyFree.PendingObjects, Is.Zero);
        });
    }

    [Test]
    public void FreeObject_WithoutAQueue_IsDropped() => Assert.That(new LazyFree().FreeObject(Set(100), _limits), Is.False);

    [Test]
    public void FreeObject_BigValue_IsPendingAndQueuedOnlyAtSubmit()
    {
        _lazyFree.FreeObject(Set(65), _limits);
        Assert.That((_lazyFree.PendingObjects, _queue.Jobs.Count), Is.EqualTo((1, 0)));
        _lazyFree.SubmitPending();
        Assert.That(_queue.Jobs.Count, Is.EqualTo(1));
    }

    [Test]
    public void Run_BigSet_ReleasesItsArraysAndCountsItFreed()
    {
        RedisSet set = Set(5000);
        _lazyFree.FreeObject(set, _limits);
        _lazyFree.SubmitPending();
        _queue.RunAll();
        Assert.Multiple(() =>
        {
            Assert.That(set.Members!.Count, Is.Zero, "the freeing thread cleared the dictionary and returned its arrays");
            Assert.That((_lazyFree.PendingObjects, _lazyFree.FreedObjects), Is.EqualTo((0, 1)));
        });
    }

    [Test]
    public void ResetStats_ClearsFreedButNotPending()
    {
        _lazyFree.FreeObject(Set(100), _limits);
        _lazyFree.FreeObject(Set(100), _limits);
        _lazyFree.SubmitPending();
        _queue.RunOne();
        _lazyFree.ResetStats();
        Assert.That((_lazyFree.PendingObjects, _lazyFree.FreedObjects), Is.EqualTo((1, 0)));
    }

    // ---- the database's deletes ----

    [Test]
    public void Delete_Lazy_UnlinksAtOnceAndQueuesTheBigValue()
    {
        _db.Set("s"u8, Set(100));
        Assert.Multiple(() =>
        {
            Assert.That(_db.Delete("s"u8, lazy: true), Is.True);
            Assert.That(_db.Lookup("s"u8), Is.Null);
            Assert.That(_lazyFree.PendingObjects, Is.EqualTo(1));
        });
    }

    [Test]
    public void Delete_Sync_QueuesNothing()
    {
        _db.Set("s"u8, Set(100));
        _db.Delete("s"u8, lazy: false);
        Assert.That(_lazyFree.PendingObjects, Is.Zero);
    }

    [Test]
    public void Delete_ServerDelWithLazyServerDel_QueuesTheBigValue()
    {
        _lazyFree.LazyServerDel = true;
        _db.Set("s"u8, Set(100));
        _db.Delete("s"u8);
        Assert.That(_lazyFree.PendingObjects, Is.EqualTo(1));
    }

    [Test]
    public void Set_OverwritingWithLazyServerDel_QueuesTheOldValue()
    {
        _lazyFree.LazyServerDel = true;
        _db.Set("s"u8, Set(100));
        _db.Set("s"u8, RedisString.FromBytes("v"u8));
        Assert.That(_lazyFree.PendingObjects, Is.EqualTo(1));
    }

    [Test]
    public void Set_SameValueAgainWithLazyServerDel_QueuesNothing()
    {
        _lazyFree.LazyServerDel = true;
        RedisSet set = Set(100);
        _db.Set("s"u8, set);
        _db.Set("s"u8, set);
        Assert.That(_lazyFree.PendingObjects, Is.Zero);
    }

    [Test]
    public void Set_OverwritingWithoutLazyServerDel_QueuesNothing()
    {
        _db.Set("s"u8, Set(100));
        _db.Set("s"u8, RedisString.FromBytes("v"u8));
        Assert.That(_lazyFree.PendingObjects, Is.Zero);
    }

    [Test]
    public void Expiry_WithLazyExpire_QueuesTheBigValue()
    {
        _lazyFree.LazyExpire = true;
        _db.Set("s"u8, Set(100));
        _db.SetExpireTime("s"u8, _time.GetUtcNow().ToUnixTimeMilliseconds() + 10);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Multiple(() =>
        {
            Assert.That(_db.Lookup("s"u8), Is.Null);
            Assert.That((_db.ExpiredKeys, _lazyFree.PendingObjects), Is.EqualTo((1, 1)));
        });
    }

    // ---- emptyDbAsync ----

    [Test]
    public void ClearLazy_EmptiesAtOnceAndCountsEveryKeyPending()
    {
        for (int i = 0; i < 3000; i++)
        {
            _db.Set(Bytes("k" + i), RedisString.FromBytes("v"u8));
        }
        _db.SetExpireTime("k1"u8, _time.GetUtcNow().ToUnixTimeMilliseconds() + 10_000);
        _db.Clear(lazy: true);
        Assert.Multiple(() =>
        {
            Assert.That((_db.Count, _db.ExpiresCount), Is.EqualTo((0, 0)));
            Assert.That(_lazyFree.PendingObjects, Is.EqualTo(3000));
        });
    }

    [Test]
    public void ClearLazy_JobTearsDownTheOldTablesAndTheirBigValues()
    {
        RedisSet big = Set(500);
        _db.Set("big"u8, big);
        for (int i = 0; i < 3000; i++)
        {
            _db.Set(Bytes("k" + i), RedisString.FromBytes("v"u8));
        }
        _db.Clear(lazy: true);
        _lazyFree.SubmitPending();
        _queue.RunAll();
        Assert.Multiple(() =>
        {
            Assert.That(big.Members!.Count, Is.Zero);
            Assert.That((_lazyFree.PendingObjects, _lazyFree.FreedObjects), Is.EqualTo((0, 3001)));
        });
    }

    // The freeing thread works on the detached tables while the database is used: they share nothing.
    [Test]
    public void ClearLazy_DatabaseUsedWhileTheJobRunsOnAnotherThread_BothComplete()
    {
        for (int i = 0; i < 200_000; i++)
        {
            _db.Set(Bytes("k" + i), Set(2));
        }
        _db.Clear(lazy: true);
        _lazyFree.SubmitPending();
        Task freeing = Task.Run(_queue.RunAll);
        for (int i = 0; i < 50_000; i++)
        {
            _db.Set(Bytes("n" + i), Set(2));
        }
        Assert.That(freeing.Wait(TimeSpan.FromSeconds(60)), Is.True);
        Assert.That((_db.Count, _lazyFree.FreedObjects), Is.EqualTo((50_000, 200_000)));
    }

    [Test]
    public void ClearLazy_EmptyDatabase_QueuesNothing()
    {
        _db.Clear(lazy: true);
        _lazyFree.SubmitPending();
        Assert.That(_queue.Jobs, Is.Empty);
    }

    [Test]
    public void ClearLazy_WithoutAQueue_ClearsSynchronously()
    {
        var db = new Database(0, _time);
        db.Set("k"u8, RedisString.FromBytes("v"u8));
        db.Clear(lazy: true);
        Assert.That(db.Count, Is.Zero);
    }

    [Test]
    public void KeyTableRelease_HandsEveryValueOverAndEmptiesTheTable()
    {
        var table = new KeyTable<int>();
        for (int i = 0; i < 5000; i++)
        {
            table.TryAdd(Bytes("k" + i), i);
        }
        for (int i = 0; i < 5000; i += 2)
        {
            table.Remove(Bytes("k" + i));
        }
        long sum = 0;
        table.Release(value => sum += value);
        Assert.Multiple(() =>
        {
            Assert.That(sum, Is.EqualTo(Enumerable.Range(0, 5000).Where(i => i % 2 == 1).Sum(i => (long)i)));
            Assert.That((table.Count, table.ContainsKey("k1"u8)), Is.EqualTo((0, false)));
        });
    }

    /// <summary>A queue that keeps the jobs until the test runs them.</summary>
    private sealed class RecordingQueue : ILazyFreeQueue
    {
        public List<LazyFreeJob> Jobs { get; } = [];

        public void Enqueue(LazyFreeJob job) => Jobs.Add(job);

        public void RunOne()
        {
            LazyFreeJob job = Jobs[0];
            Jobs.RemoveAt(0);
            job.Run();
        }

        public void RunAll()
        {
            while (Jobs.Count > 0)
            {
                RunOne();
            }
        }
    }
}
