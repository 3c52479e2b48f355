using Microsoft.Extensions.Time.Testing;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Storage.Tests;

public sealed class DatabaseTests
{
    private FakeTimeProvider _time = null!;
    private Database _db = null!;

    [SetUp]
    public void SetUp()
    {
        _time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));
        _db = new Database(0, _time);
    }

    private long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private static RedisString Value(string text) => RedisString.FromBytes(System.Text.Encoding.ASCII.GetBytes(text));

    // ---- lookup and lazy expiry ----

    [Test]
    public void Lookup_MissingKey_ReturnsNull() => Assert.That(_db.Lookup("k"u8), Is.Null);

    [Test]
    public void Lookup_BeforeExpireTime_ReturnsValue()
    {
        RedisString value = Value("v");
        _db.Set("k"u8, value);
        _db.SetExpireTime("k"u8, Now + 1);
        Assert.That(_db.Lookup("k"u8), Is.SameAs(value));
    }

    [Test]
    public void Lookup_AtExpireTime_RemovesKeyAndCountsIt()
    {
        _db.Set("k"u8, Value("v"));
        _db.SetExpireTime("k"u8, Now);
        Assert.Multiple(() =>
        {
            Assert.That(_db.Lookup("k"u8), Is.Null);
            Assert.That((_db.Count, _db.ExpiresCount, _db.ExpiredKeys), Is.EqualTo((0, 0, 1L)));
        });
    }

    [Test]
    public void Lookup_ExpiredKey_ReportsItToKeyExpired()
    {
        byte[]? reported = null;
        _db.KeyExpired = (_, key) => reported = key;
        _db.Set("k"u8, Value("v"));
        _db.SetExpireTime("k"u8, Now);
        _db.Lookup("k"u8);
        Assert.That(reported, Is.EqualTo("k"u8.ToArray()));
    }

    [Test]
    public void SetExpireTime_MissingKey_ReturnsFalse() => Assert.That(_db.SetExpireTime("k"u8, Now + 1000), Is.False);

    [Test]
    public void GetExpireTime_NoTtl_ReturnsMinusOne()
    {
        _db.Set("k"u8, Value("v"));
        Assert.That(_db.GetExpireTime("k"u8), Is.EqualTo(-1));
    }

    [Test]
    public void Set_ExistingKeyWithTtl_RemovesTtl()
    {
        _db.Set("k"u8, Value("v"));
        _db.SetExpireTime("k"u8, Now + 1000);
        _db.Set("k"u8, Value("w"));
        Assert.That(_db.GetExpireTime("k"u8), Is.EqualTo(-1));
    }

    [Test]
    public void Set_KeepTtl_KeepsTtl()
    {
        _db.Set("k"u8, Value("v"));
        _db.SetExpireTime("k"u8, Now + 1000);
        _db.Set("k"u8, Value("w"), keepTtl: true);
        Assert.That(_db.GetExpireTime("k"u8), Is.EqualTo(Now + 1000));
    }

    [Test]
    public void Delete_ExpiredKey_ReturnsFalse()
    {
        _db.Set("k"u8, Value("v"));
        _db.SetExpireTime("k"u8, Now);
        Assert.That(_db.Delete("k"u8), Is.False);
    }

    [Test]
    public void Delete_KeyWithTtl_RemovesBoth()
    {
        _db.Set("k"u8, Value("v"));
        _db.SetExpireTime("k"u8, Now + 1000);
        Assert.That(_db.Delete("k"u8), Is.True);
        Assert.That((_db.Count, _db.ExpiresCount), Is.EqualTo((0, 0)));
    }

    [Test]
    public void Keys_SkipsExpiredKeys()
    {
        _db.Set("a"u8, Value("1"));
        _db.Set("b"u8, Value("2"));
        _db.SetExpireTime("b"u8, Now);
        Assert.That(_db.Keys("*"u8), Is.EqualTo(new[] { "a"u8.ToArray() }));
    }

    [Test]
    public void RandomKey_AllExpired_ReclaimsThemAndReturnsNull()
    {
        _db.Set("a"u8, Value("1"));
        _db.Set("b"u8, Value("2"));
        _db.SetExpireTime("a"u8, Now);
        _db.SetExpireTime("b"u8, Now);
        Assert.That(_db.RandomKey(), Is.Null);
        Assert.That(_db.Count, Is.Zero);
    }

    // ---- Rename ----

    [Test]
    public void Rename_MissingSource_ReturnsFalse() => Assert.That(_db.Rename("a"u8, "b"u8), Is.False);

    [Test]
    public void Rename_ExpiredSource_ReturnsFalseAndReclaimsIt()
    {
        _db.Set("a"u8, Value("1"));
        _db.SetExpireTime("a"u8, Now);
        Assert.That(_db.Rename("a"u8, "b"u8), Is.False);
        Assert.That(_db.Count, Is.Zero);
    }

    [Test]
    public void Rename_MovesTheValueObject()
    {
        RedisString value = Value("1");
        _db.Set("a"u8, value);
        Assert.That(_db.Rename("a"u8, "b"u8), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(_db.Lookup("b"u8), Is.SameAs(value));
            Assert.That(_db.Lookup("a"u8), Is.Null);
            Assert.That(_db.Count, Is.EqualTo(1));
        });
    }

    [Test]
    public void Rename_SourceWithTtl_MovesTtl()
    {
        _db.Set("a"u8, Value("1"));
        _db.SetExpireTime("a"u8, Now + 5000);
        _db.Rename("a"u8, "b"u8);
        Assert.Multiple(() =>
        {
            Assert.That(_db.GetExpireTime("b"u8), Is.EqualTo(Now + 5000));
            Assert.That(_db.GetExpireTime("a"u8), Is.EqualTo(-1));
            Assert.That(_db.ExpiresCount, Is.EqualTo(1));
        });
    }

    [Test]
    public void Rename_OverDestinationWithTtl_DropsDestinationTtl()
    {
        _db.Set("a"u8, Value("1"));
        _db.Set("b"u8, Value("2"));
        _db.SetExpireTime("b"u8, Now + 5000);
        _db.Rename("a"u8, "b"u8);
        Assert.Multiple(() =>
        {
            Assert.That(_db.GetExpireTime("b"u8), Is.EqualTo(-1));
            Assert.That(_db.ExpiresCount, Is.Zero);
            Assert.That(_db.Count, Is.EqualTo(1));
        });
    }

    [Test]
    public void Rename_OntoExpiredDestination_CountsItExpired()
    {
        _db.Set("a"u8, Value("1"));
        _db.Set("b"u8, Value("2"));
        _db.SetExpireTime("b"u8, Now);
        _db.Rename("a"u8, "b"u8);
        Assert.That((_db.ExpiredKeys, _db.Count), Is.EqualTo((1L, 1)));
    }

    [Test]
    public void Rename_OntoItself_ReturnsTrueAndKeepsValueAndTtl()
    {
        RedisString value = Value("1");
        _db.Set("a"u8, value);
        _db.SetExpireTime("a"u8, Now + 5000);
        Assert.That(_db.Rename("a"u8, "a"u8), Is.True);
        Assert.That((_db.Lookup("a"u8), _db.GetExpireTime("a"u8)), Is.EqualTo((value, Now + 5000)));
    }
}
