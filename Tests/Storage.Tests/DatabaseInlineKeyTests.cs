using Microsoft.Extensions.Time.Testing;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Storage.Tests;

/// <summary>
/// The expires table beside the main one for short keys (stored in each table's entry) and long keys (one array
/// shared by both tables): times to live, expiry, renames across the inline limit, moves, swaps and sampling.
/// </summary>
public sealed class DatabaseInlineKeyTests
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

    // A key of `length` bytes whose first byte is 0xFF (a long key's marker) and last 0x00.
    private static byte[] KeyOf(int length, byte fill = (byte)'k')
    {
        var key = new byte[length];
        key.AsSpan().Fill(fill);
        if (length > 0)
        {
            key[0] = 0xFF;
            key[^1] = 0x00;
        }
        return key;
    }

    [TestCase(1)]
    [TestCase(23)]
    [TestCase(24)]
    [TestCase(100)]
    public void SetExpireTime_KeyOfLength_IsReadBackAndExpires(int length)
    {
        byte[] key = KeyOf(length);
        _db.Set(key, Value("v"));
        _db.SetExpireTime(key, Now + 1000);
        long ttl = _db.GetExpireTime(key);
        _time.Advance(TimeSpan.FromMilliseconds(1001));
        Assert.That((ttl, _db.Lookup(key), _db.Count, _db.ExpiresCount, _db.ExpiredKeys), Is.EqualTo((Now - 1, (RedisObject?)null, 0, 0, 1L)));
    }

    [TestCase(23)]
    [TestCase(24)]
    public void RemoveExpire_KeyOfLength_KeyOutlivesItsOldTime(int length)
    {
        byte[] key = KeyOf(length);
        RedisString value = Value("v");
        _db.Set(key, value);
        _db.SetExpireTime(key, Now + 10);
        bool removed = _db.RemoveExpire(key);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.That((removed, _db.GetExpireTime(key), _db.Lookup(key)), Is.EqualTo((true, -1L, (RedisObject)value)));
    }

    [TestCase(5, 100)]
    [TestCase(100, 5)]
    [TestCase(23, 24)]
    [TestCase(24, 23)]
    public void Rename_AcrossTheInlineLimit_MovesValueAndTtl(int from, int to)
    {
        byte[] source = KeyOf(from, (byte)'s'), destination = KeyOf(to, (byte)'d');
        RedisString value = Value("v");
        _db.Set(source, value);
        _db.SetExpireTime(source, Now + 5000);
        _db.Rename(source, destination);
        Assert.That((_db.Lookup(source), _db.Lookup(destination), _db.GetExpireTime(source), _db.GetExpireTime(destination), _db.ExpiresCount),
            Is.EqualTo(((RedisObject?)null, (RedisObject)value, -1L, Now + 5000, 1)));
    }

    [TestCase(23)]
    [TestCase(24)]
    public void RemoveThenAddElsewhere_KeyWithTtl_MovesLikeMove(int length)
    {
        byte[] key = KeyOf(length);
        var other = new Database(1, _time);
        _db.Set(key, Value("v"));
        _db.SetExpireTime(key, Now + 5000);
        long when = _db.GetExpireTime(key);
        _db.Remove(key, out RedisObject? value);
        other.Add(key, value!);
        other.SetExpireTime(key, when);
        Assert.That((_db.Count, _db.ExpiresCount, other.GetExpireTime(key), other.Lookup(key)), Is.EqualTo((0, 0, Now + 5000, value)));
    }

    [TestCase(23)]
    [TestCase(24)]
    public void Delete_KeyWithTtl_EmptiesBothTablesAndTheCount(int length)
    {
        byte[] key = KeyOf(length);
        _db.Set(key, Value("v"));
        _db.SetExpireTime(key, Now + 5000);
        _db.Delete(key);
        Assert.That((_db.Count, _db.ExpiresCount, _db.MemoryBytes - _db.TableOverheadBytes), Is.EqualTo((0, 0, 0L)));
    }

    [Test]
    public void SwapWith_ShortAndLongKeysWithTtl_MoveTogether()
    {
        var other = new Database(1, _time);
        byte[] shortKey = KeyOf(3), longKey = KeyOf(40);
        _db.Set(shortKey, Value("a"));
        _db.Set(longKey, Value("b"));
        _db.SetExpireTime(shortKey, Now + 10);
        _db.SetExpireTime(longKey, Now + 20);
        _db.SwapWith(other);
        Assert.That((other.GetExpireTime(shortKey), other.GetExpireTime(longKey), _db.Count, other.Count, other.ExpiresCount),
            Is.EqualTo((Now + 10, Now + 20, 0, 2, 2)));
    }

    [Test]
    public void KeyExpired_ShortAndLongKeys_ReportTheirBytes()
    {
        var reported = new List<string>();
        _db.KeyExpired = (_, key) => reported.Add(Convert.ToHexString(key));
        byte[] shortKey = KeyOf(23), longKey = KeyOf(24);
        _db.Set(shortKey, Value("a"));
        _db.Set(longKey, Value("b"));
        _db.SetExpireTime(shortKey, Now + 10);
        _db.SetExpireTime(longKey, Now + 10);
        _time.Advance(TimeSpan.FromSeconds(1));
        _db.Lookup(shortKey);
        _db.Lookup(longKey);
        Assert.That(reported, Is.EqualTo(new[] { Convert.ToHexString(shortKey), Convert.ToHexString(longKey) }));
    }

    [Test]
    public void SampleVolatileKeys_ShortAndLongKeys_ReturnsTheirBytes()
    {
        byte[] shortKey = KeyOf(1), longKey = KeyOf(64);
        _db.Set(shortKey, Value("a"));
        _db.Set(longKey, Value("b"));
        _db.SetExpireTime(shortKey, Now + 10);
        _db.SetExpireTime(longKey, Now + 20);
        var sample = new KeyValuePair<byte[], long>[4];
        int found = _db.SampleVolatileKeys(sample);
        Assert.That(sample.Take(found).Select(e => (Convert.ToHexString(e.Key), e.Value)),
            Is.EquivalentTo(new[] { (Convert.ToHexString(shortKey), Now + 10), (Convert.ToHexString(longKey), Now + 20) }));
    }

    [Test]
    public void Keys_ShortAndLongKeys_ReturnsCopiesOfLiveOnes()
    {
        byte[] shortKey = KeyOf(23), longKey = KeyOf(24), expired = KeyOf(2);
        _db.Set(shortKey, Value("a"));
        _db.Set(longKey, Value("b"));
        _db.Set(expired, Value("c"));
        _db.SetExpireTime(expired, Now - 1);
        Assert.That(_db.Keys("*"u8).Select(Convert.ToHexString),
            Is.EquivalentTo(new[] { Convert.ToHexString(shortKey), Convert.ToHexString(longKey) }));
    }

    [Test]
    public void MemoryBytes_ShortAndLongKeys_CountOnlyTheLongKeysArray()
    {
        RedisString a = Value("a"), b = Value("b");
        _db.Set(KeyOf(23), a);
        _db.Set(KeyOf(24), b);
        Assert.That(_db.MemoryBytes - _db.TableOverheadBytes,
            Is.EqualTo(a.EstimatedBytes + b.EstimatedBytes + MemoryAccounting.ByteArray(24)));
    }
}
