using System.Text;
using Microsoft.Extensions.Time.Testing;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Storage.Tests;

/// <summary>
/// The choice of eviction victims (evictionPoolPopulate and performEvictions' selection). With maxmemory-samples
/// at least the number of keys every key is sampled, so the sampled approximation picks exactly.
/// </summary>
public sealed class EvictionPoolTests
{
    private const int AllSampled = 64;

    private FakeTimeProvider _time = null!;
    private AccessPolicy _access = null!;
    private Keyspace _keyspace = null!;
    private EvictionPool _pool = null!;

    private Database Db => _keyspace[0];

    [SetUp]
    public void CreateKeyspace()
    {
        _time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));
        _access = new AccessPolicy();
        _keyspace = new Keyspace(2, _time, access: _access);
        _pool = new EvictionPool();
    }

    private static byte[] Key(string name) => Encoding.ASCII.GetBytes(name);

    // Stores keys a second apart, so each is idler than the next.
    private void SetKeysOneSecondApart(Database db, params string[] names)
    {
        foreach (string name in names)
        {
            db.Set(Key(name), RedisString.FromInt64(1));
            _time.Advance(TimeSpan.FromSeconds(1));
        }
    }

    private string Select(EvictionPolicy policy)
    {
        Assert.That(_pool.TrySelect(_keyspace, policy, AllSampled, out Database? db, out byte[]? key), Is.True);
        return $"{db!.Id}:{Encoding.ASCII.GetString(key!)}";
    }

    // Selects and evicts count keys, as performEvictions does, and lists them in order.
    private string[] Evict(EvictionPolicy policy, int count)
    {
        var evicted = new string[count];
        for (int i = 0; i < count; i++)
        {
            Assert.That(_pool.TrySelect(_keyspace, policy, AllSampled, out Database? db, out byte[]? key), Is.True);
            db!.DeleteStored(key!);
            evicted[i] = Encoding.ASCII.GetString(key!);
        }
        return evicted;
    }

    [Test]
    public void TrySelect_AllKeysLru_EvictsTheIdlestKeysFirst()
    {
        SetKeysOneSecondApart(Db, "a", "b", "c", "d", "e");
        Assert.That(Evict(EvictionPolicy.AllKeysLru, 3), Is.EqualTo(new[] { "a", "b", "c" }));
    }

    [Test]
    public void TrySelect_AllKeysLru_RecentlyReadKeyIsKept()
    {
        SetKeysOneSecondApart(Db, "a", "b", "c");
        Db.Lookup("a"u8);
        Assert.That(Evict(EvictionPolicy.AllKeysLru, 2), Is.EqualTo(new[] { "b", "c" }));
    }

    [Test]
    public void TrySelect_AllKeysLru_ComparesKeysOfEveryDatabase()
    {
        SetKeysOneSecondApart(_keyspace[1], "old");
        SetKeysOneSecondApart(Db, "new");
        Assert.That(Select(EvictionPolicy.AllKeysLru), Is.EqualTo("1:old"));
    }

    [Test]
    public void TrySelect_VolatileLru_NeverPicksPersistentKeys()
    {
        SetKeysOneSecondApart(Db, "persistent", "volatile");
        Db.SetExpireTime("volatile"u8, long.MaxValue / 2);
        Assert.That(Select(EvictionPolicy.VolatileLru), Is.EqualTo("0:volatile"));
    }

    [TestCase(EvictionPolicy.VolatileLru)]
    [TestCase(EvictionPolicy.VolatileLfu)]
    [TestCase(EvictionPolicy.VolatileTtl)]
    [TestCase(EvictionPolicy.VolatileRandom)]
    public void TrySelect_VolatilePolicyWithOnlyPersistentKeys_FindsNothing(EvictionPolicy policy)
    {
        SetKeysOneSecondApart(Db, "a", "b");
        Assert.That(_pool.TrySelect(_keyspace, policy, AllSampled, out _, out _), Is.False);
    }

    [Test]
    public void TrySelect_NoEviction_FindsNothing()
    {
        SetKeysOneSecondApart(Db, "a");
        Assert.That(_pool.TrySelect(_keyspace, EvictionPolicy.NoEviction, AllSampled, out _, out _), Is.False);
    }

    [Test]
    public void TrySelect_EmptyKeyspace_FindsNothing() =>
        Assert.That(_pool.TrySelect(_keyspace, EvictionPolicy.AllKeysLru, AllSampled, out _, out _), Is.False);

    [Test]
    public void TrySelect_VolatileTtl_EvictsTheNearestExpiryFirst()
    {
        long now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        SetKeysOneSecondApart(Db, "late", "soon", "middle", "persistent");
        Db.SetExpireTime("late"u8, now + 300_000);
        Db.SetExpireTime("soon"u8, now + 100_000);
        Db.SetExpireTime("middle"u8, now + 200_000);
        Assert.That(Evict(EvictionPolicy.VolatileTtl, 3), Is.EqualTo(new[] { "soon", "middle", "late" }));
    }

    [Test]
    public void TrySelect_AllKeysLfu_EvictsTheLeastFrequentlyUsedKey()
    {
        _access.Lfu = true;
        SetKeysOneSecondApart(Db, "used", "unused");
        Db.Lookup("used"u8); // LFU_INIT_VAL 5 becomes 6 at the first access, with certainty
        Assert.That(Select(EvictionPolicy.AllKeysLfu), Is.EqualTo("0:unused"));
    }

    [Test]
    public void TrySelect_VolatileLfu_NeverPicksPersistentKeys()
    {
        _access.Lfu = true;
        SetKeysOneSecondApart(Db, "persistent", "volatile");
        Db.Lookup("volatile"u8);
        Db.SetExpireTime("volatile"u8, long.MaxValue / 2);
        Assert.That(Select(EvictionPolicy.VolatileLfu), Is.EqualTo("0:volatile"));
    }

    [Test]
    public void TrySelect_VolatileRandom_PicksOnlyVolatileKeys()
    {
        SetKeysOneSecondApart(Db, "p1", "p2", "p3", "v1", "v2");
        Db.SetExpireTime("v1"u8, long.MaxValue / 2);
        Db.SetExpireTime("v2"u8, long.MaxValue / 2);
        Assert.That(Evict(EvictionPolicy.VolatileRandom, 2), Is.EquivalentTo(new[] { "v1", "v2" }));
    }

    [Test]
    public void TrySelect_AllKeysRandom_EvictsEveryKeyEventually()
    {
        SetKeysOneSecondApart(Db, "a", "b");
        SetKeysOneSecondApart(_keyspace[1], "c");
        Assert.That(Evict(EvictionPolicy.AllKeysRandom, 3), Is.EquivalentTo(new[] { "a", "b", "c" }));
    }

    [Test]
    public void TrySelect_PooledKeyDeletedMeanwhile_IsSkippedAsAGhost()
    {
        SetKeysOneSecondApart(Db, "a", "b", "c");
        Assert.That(Select(EvictionPolicy.AllKeysLru), Is.EqualTo("0:a")); // b and c stay pooled
        Db.Delete("a"u8);
        Db.Delete("b"u8);
        Assert.That(Select(EvictionPolicy.AllKeysLru), Is.EqualTo("0:c"));
    }

    [Test]
    public void TrySelect_Candidates_AreKeptBestFirst()
    {
        SetKeysOneSecondApart(Db, "a", "b", "c");
        Select(EvictionPolicy.AllKeysLru); // takes "a" out of the pool, leaves the rest sampled
        Assert.That(_pool.Candidates.Select(c => Encoding.ASCII.GetString(c.Key)).Take(2), Is.EqualTo(new[] { "b", "c" }));
    }
}
