using Microsoft.Extensions.Time.Testing;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Storage.Tests;

/// <summary>The access clock on values (robj.lru) and its idle-time estimate (estimateObjectIdleTime).</summary>
public sealed class AccessClockTests
{
    private FakeTimeProvider _time = null!;
    private Database _db = null!;

    [SetUp]
    public void SetUp()
    {
        _time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));
        _db = new Database(0, _time);
    }

    private static RedisString Value(string text) => RedisString.FromBytes(System.Text.Encoding.ASCII.GetBytes(text));

    [Test]
    public void LruClock_IsUnixSecondsModulo24Bits() =>
        Assert.That(_db.LruClock, Is.EqualTo((uint)(1_700_000_000L & 0xFFFFFF)));

    [Test]
    public void Set_StampsTheValue()
    {
        RedisString value = Value("v");
        _db.Set("k"u8, value);
        Assert.That(value.Lru, Is.EqualTo(_db.LruClock));
    }

    [Test]
    public void Lookup_UpdatesTheClock()
    {
        RedisString value = Value("v");
        _db.Set("k"u8, value);
        _time.Advance(TimeSpan.FromSeconds(30));
        _db.Lookup("k"u8);
        Assert.That(_db.IdleMilliseconds(value), Is.Zero);
    }

    [Test]
    public void LookupWithoutTouch_LeavesTheClock()
    {
        RedisString value = Value("v");
        _db.Set("k"u8, value);
        _time.Advance(TimeSpan.FromSeconds(30));
        _db.Lookup("k"u8, touch: false);
        Assert.That(_db.IdleMilliseconds(value), Is.EqualTo(30_000));
    }

    [Test]
    public void IdleMilliseconds_HasOneSecondResolution()
    {
        RedisString value = Value("v");
        _db.Set("k"u8, value);
        _time.Advance(TimeSpan.FromMilliseconds(1999));
        Assert.That(_db.IdleMilliseconds(value), Is.EqualTo(1000));
    }

    [Test]
    public void IdleMilliseconds_ClockWrapped_CountsAcrossTheWrap()
    {
        // estimateObjectIdleTime's wrap branch: (clock + (LRU_CLOCK_MAX - lru)) * resolution.
        RedisString value = Value("v");
        _db.Set("k"u8, value);
        value.Lru = Database.LruClockMax - 10;
        Assert.That(_db.IdleMilliseconds(value), Is.EqualTo((_db.LruClock + 10L) * 1000));
    }

    [Test]
    public void Set_UnderLfu_StartsAtInitialCounter()
    {
        var db = new Database(0, _time, access: new AccessPolicy { Lfu = true });
        RedisString value = Value("v");
        db.Set("k"u8, value);
        Assert.That(db.LfuFrequency(value), Is.EqualTo(Database.LfuInitialValue));
    }

    [Test]
    public void Lookup_UnderLfuWithLogFactorZero_CountsEveryAccess()
    {
        var db = new Database(0, _time, access: new AccessPolicy { Lfu = true, LfuLogFactor = 0 });
        RedisString value = Value("v");
        db.Set("k"u8, value);
        db.Lookup("k"u8);
        db.Lookup("k"u8);
        Assert.That(db.LfuFrequency(value), Is.EqualTo(Database.LfuInitialValue + 2));
    }

    [Test]
    public void Lookup_UnderLfu_SaturatesAt255()
    {
        var db = new Database(0, _time, access: new AccessPolicy { Lfu = true, LfuLogFactor = 0 });
        RedisString value = Value("v");
        db.Set("k"u8, value);
        for (int i = 0; i < 300; i++)
        {
            db.Lookup("k"u8);
        }
        Assert.That(db.LfuFrequency(value), Is.EqualTo(255));
    }
}
