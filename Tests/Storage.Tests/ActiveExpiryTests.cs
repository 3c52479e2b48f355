using System.Text;
using Microsoft.Extensions.Time.Testing;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Storage.Tests;

/// <summary>
/// activeExpireCycle driven by a fake clock. The clock stands still unless a test sets
/// <see cref="FakeTimeProvider.AutoAdvanceAmount"/>, which makes every clock read (the cycle's own timing and the
/// database's "now") move time on, the way real work takes time.
/// </summary>
public sealed class ActiveExpiryTests
{
    private const int Hz = 10; // slow cycle budget: 25 ms

    private FakeTimeProvider _time = null!;
    private Keyspace _keyspace = null!;
    private ActiveExpiry _expiry = null!;

    [SetUp]
    public void SetUp()
    {
        _time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));
        _keyspace = new Keyspace(16, _time);
        _expiry = new ActiveExpiry(_keyspace, _time);
    }

    private long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private Database Db => _keyspace[0];

    /*
     * What databasesCron does: the slow cycle, then incremental rehashing. The cycle skips an expires table that is
     * under 1% full (sampling it would mostly hit empty buckets) until it has shrunk, and mass expiry makes exactly
     * that happen: the shrink started by the deletions is finished by the cron's rehashing.
     */
    private void Cron()
    {
        _expiry.RunSlowCycle(Hz, effort: 1);
        for (int i = 0; i < _keyspace.Count; i++)
        {
            _keyspace[i].RehashStep(1);
        }
    }

    // Adds keys prefix0..prefix(count-1) to db, each expiring at 'when' (or with no time to live when null).
    private static void AddKeys(Database db, string prefix, int count, long? when)
    {
        for (int i = 0; i < count; i++)
        {
            byte[] key = Encoding.ASCII.GetBytes(prefix + i);
            db.Set(key, RedisString.FromBytes("v"u8));
            if (when is long at)
            {
                db.SetExpireTime(key, at);
            }
        }
    }

    [Test]
    public void RunSlowCycle_NoVolatileKeys_ChangesNothing()
    {
        AddKeys(Db, "k", 100, null);
        _expiry.RunSlowCycle(Hz, effort: 1);
        Assert.That((Db.Count, Db.ExpiredKeys), Is.EqualTo((100, 0L)));
    }

    [Test]
    public void RunSlowCycle_ManyExpiredKeysAndTimeToSpare_ReclaimsMostInOneCycle()
    {
        AddKeys(Db, "gone", 10_000, Now - 1);
        _expiry.RunSlowCycle(Hz, effort: 1);
        // It stops once the shrinking expires table is under 1% full: at most 1% of its slots are left.
        Assert.That(Db.Count, Is.LessThan(Db.ExpiresSlots / 100 + 1));
    }

    [Test]
    public void Cron_ManyExpiredKeysAndTimeToSpare_ReclaimsThemAllInAFewCycles()
    {
        AddKeys(Db, "gone", 10_000, Now - 1);
        AddKeys(Db, "kept", 50, null);
        for (int cycle = 0; cycle < 10 && Db.ExpiresCount > 0; cycle++)
        {
            Cron();
        }
        Assert.That((Db.Count, Db.ExpiresCount, Db.ExpiredKeys), Is.EqualTo((50, 0, 10_000L)));
    }

    [Test]
    public void RunSlowCycle_KeyExpiringExactlyNow_IsKept()
    {
        // activeExpireCycleTryExpire deletes only when now > when, like lazy expiry.
        AddKeys(Db, "k", 1, Now);
        _expiry.RunSlowCycle(Hz, effort: 1);
        Assert.That(Db.Count, Is.EqualTo(1));
    }

    [Test]
    public void RunSlowCycle_KeyExpiredOneMillisecondAgo_IsReclaimed()
    {
        AddKeys(Db, "k", 1, Now - 1);
        _expiry.RunSlowCycle(Hz, effort: 1);
        Assert.That(Db.Count, Is.Zero);
    }

    [Test]
    public void RunSlowCycle_LiveVolatileKeys_AreKept()
    {
        AddKeys(Db, "k", 500, Now + 1000);
        _expiry.RunSlowCycle(Hz, effort: 1);
        Assert.That((Db.Count, Db.ExpiresCount, Db.ExpiredKeys), Is.EqualTo((500, 500, 0L)));
    }

    [Test]
    public void RunSlowCycle_FewExpiredAmongMany_SamplesOneLoopAndStops()
    {
        AddKeys(Db, "live", 1000, Now + 60_000);
        _expiry.RunSlowCycle(Hz, effort: 1);
        // Under 10% of the sample had expired: one loop of about 20 keys, not a whole pass.
        Assert.That(Db.ExpiresCursor, Is.Not.Zero);
    }

    [Test]
    public void RunSlowCycle_Repeatedly_ReclaimsExpiredKeysHiddenAmongLiveOnes()
    {
        AddKeys(Db, "live", 1000, Now + 60_000);
        AddKeys(Db, "gone", 10, Now - 1);
        for (int cycle = 0; cycle < 200 && Db.Count > 1000; cycle++)
        {
            _expiry.RunSlowCycle(Hz, effort: 1);
        }
        Assert.That((Db.Count, Db.ExpiredKeys), Is.EqualTo((1000, 10L)));
    }

    [Test]
    public void Cron_ReportsEachExpirationOnce()
    {
        var reported = new List<string>();
        Db.KeyExpired = (_, key) => reported.Add(Encoding.ASCII.GetString(key));
        AddKeys(Db, "k", 300, Now - 1);
        for (int cycle = 0; cycle < 10 && Db.ExpiresCount > 0; cycle++)
        {
            Cron();
        }
        Assert.That((reported.Count, reported.Distinct().Count(), Db.ExpiredKeys), Is.EqualTo((300, 300, 300L)));
    }

    [Test]
    public void RunSlowCycle_OutOfTime_StopsEarlyAndCountsTheTimeCap()
    {
        AddKeys(Db, "k", 50_000, Now - 1);
        _time.AutoAdvanceAmount = TimeSpan.FromMilliseconds(1); // every clock read costs 1 ms
        _expiry.RunSlowCycle(Hz, effort: 1);
        Assert.Multiple(() =>
        {
            Assert.That(Db.Count, Is.InRange(1, 49_999), "some keys reclaimed, not all");
            Assert.That((_expiry.TimeLimitExit, _expiry.TimeCapReachedCount), Is.EqualTo((true, 1L)));
            Assert.That(Db.ExpiresCursor, Is.Not.Zero);
        });
    }

    [Test]
    public void Cron_AfterTimeCap_LaterCyclesFinishTheJob()
    {
        AddKeys(Db, "k", 50_000, Now - 1);
        AddKeys(Db, "kept", 100, Now + 3_600_000);
        _time.AutoAdvanceAmount = TimeSpan.FromMilliseconds(1);
        int cycles = 0;
        while (Db.Count > 100 && cycles < 1000)
        {
            Cron();
            cycles++;
        }
        Assert.That((Db.Count, Db.ExpiredKeys), Is.EqualTo((100, 50_000L)));
        Assert.That(cycles, Is.GreaterThan(1));
    }

    [Test]
    public void RunSlowCycle_MoreThanSixteenDatabases_VisitsTheRestNextCycle()
    {
        var keyspace = new Keyspace(20, _time);
        var expiry = new ActiveExpiry(keyspace, _time);
        AddKeys(keyspace[18], "k", 10, Now - 1);
        expiry.RunSlowCycle(Hz, effort: 1); // databases 0..15
        int afterFirst = keyspace[18].Count;
        expiry.RunSlowCycle(Hz, effort: 1); // databases 16..19, then 0..11
        Assert.That((afterFirst, keyspace[18].Count), Is.EqualTo((10, 0)));
    }

    [Test]
    public void RunSlowCycle_AllSampledExpired_MovesStaleEstimateFivePercentTowardsOne()
    {
        AddKeys(Db, "k", 100, Now - 1);
        _expiry.RunSlowCycle(Hz, effort: 1);
        Assert.That(_expiry.StaleFraction, Is.EqualTo(0.05).Within(1e-12));
    }

    [Test]
    public void RunFastCycle_LastCycleFinishedInTime_DoesNothing()
    {
        AddKeys(Db, "k", 1000, Now - 1);
        _expiry.RunFastCycle(effort: 1);
        Assert.That(Db.Count, Is.EqualTo(1000));
    }

    [Test]
    public void RunFastCycle_AfterSlowCycleRanOutOfTime_ReclaimsMore()
    {
        AddKeys(Db, "k", 50_000, Now - 1);
        _time.AutoAdvanceAmount = TimeSpan.FromMilliseconds(1);
        _expiry.RunSlowCycle(Hz, effort: 1);
        int afterSlow = Db.Count;
        _time.AutoAdvanceAmount = TimeSpan.Zero;
        _time.Advance(TimeSpan.FromMilliseconds(10));
        _expiry.RunFastCycle(effort: 1);
        Assert.That(Db.Count, Is.LessThan(afterSlow / 10));
    }

    [Test]
    public void RunFastCycle_WithinTwoFastDurationsOfTheLast_DoesNothing()
    {
        AddKeys(Db, "k", 50_000, Now - 1);
        _time.AutoAdvanceAmount = TimeSpan.FromMilliseconds(1);
        _expiry.RunSlowCycle(Hz, effort: 1);
        _time.AutoAdvanceAmount = TimeSpan.FromMicroseconds(50); // a fast cycle now runs out of its 1 ms
        _expiry.RunFastCycle(effort: 1);
        int afterFirstFast = Db.Count;
        _expiry.RunFastCycle(effort: 1); // under 2 ms after the first one started
        int afterSecondFast = Db.Count;
        _time.Advance(TimeSpan.FromMilliseconds(2));
        _expiry.RunFastCycle(effort: 1);
        Assert.Multiple(() =>
        {
            Assert.That(_expiry.TimeLimitExit, Is.True);
            Assert.That(afterSecondFast, Is.EqualTo(afterFirstFast));
            Assert.That(Db.Count, Is.LessThan(afterSecondFast));
        });
    }

    [Test]
    public void ResetStats_ZeroesTheStatistics()
    {
        AddKeys(Db, "k", 50_000, Now - 1);
        _time.AutoAdvanceAmount = TimeSpan.FromMilliseconds(1);
        _expiry.RunSlowCycle(Hz, effort: 1);
        _expiry.ResetStats();
        Assert.That((_expiry.StaleFraction, _expiry.TimeCapReachedCount, _expiry.CycleTimeUsedMicroseconds), Is.EqualTo((0.0, 0L, 0L)));
    }

    [Test]
    public void RunSlowCycle_MeasuresItsTime()
    {
        AddKeys(Db, "k", 100, Now - 1);
        _time.AutoAdvanceAmount = TimeSpan.FromMilliseconds(1);
        _expiry.RunSlowCycle(Hz, effort: 1);
        Assert.That(_expiry.CycleTimeUsedMicroseconds, Is.GreaterThanOrEqualTo(1000));
    }
}
