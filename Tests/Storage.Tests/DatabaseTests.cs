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
    public void Lookup_AtExpireTime_KeyStillLives()
    {
        // keyIsExpired is "now > when": the key lives through its expire millisecond itself.
        RedisString value = Value("v");
        _db.Set("k"u8, value);
        _db.SetExpireTime("k"u8, Now);
        Assert.That(_db.Lookup("k"u8), Is.SameAs(value));
    }

    [Test]
    public void Lookup_PastExpireTime_RemovesKeyAndCountsIt()
    {
        _db.Set("k"u8, Value("v"));
        _db.SetExpireTime("k"u8, Now - 1);
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
        _db.KeyExpired = (_, key) => reported = key.ToArray();
        _db.Set("k"u8, Value("v"));
        _db.SetExpireTime("k"u8, Now - 1);
        _db.Lookup("k"u8);
        Assert.That(reported, Is.EqualTo("k"u8.ToArray()));
    }

    [Test]
    public void Set_NewKey_ReportsItToKeyAdded()
    {
        var reported = new List<string>();
        _db.KeyAdded = (_, key) => reported.Add(System.Text.Encoding.ASCII.GetString(key));
        _db.Set("k"u8, Value("v"));
        _db.Set("k"u8, Value("w"));
        Assert.That(reported, Is.EqualTo(new[] { "k" }));
    }

    [Test]
    public void Add_NewKey_ReportsItToKeyAdded()
    {
        var reported = new List<string>();
        _db.KeyAdded = (_, key) => reported.Add(System.Text.Encoding.ASCII.GetString(key));
        _db.Add("k"u8, Value("v"));
        _db.Add("k"u8, Value("w"));
        Assert.That(reported, Is.EqualTo(new[] { "k" }));
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
        _db.SetExpireTime("k"u8, Now - 1);
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
        _db.SetExpireTime("b"u8, Now - 1);
        Assert.That(_db.Keys("*"u8), Is.EqualTo(new[] { "a"u8.ToArray() }));
    }

    [Test]
    public void RandomKey_AllExpired_ReclaimsThemAndReturnsNull()
    {
        _db.Set("a"u8, Value("1"));
        _db.Set("b"u8, Value("2"));
        _db.SetExpireTime("a"u8, Now - 1);
        _db.SetExpireTime("b"u8, Now - 1);
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
        _db.SetExpireTime("a"u8, Now - 1);
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
        _db.SetExpireTime("b"u8, Now - 1);
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

    // ---- SCAN, random keys, active expiry support, rehashing ----

    private void AddKeys(int count, long? when = null)
    {
        for (int i = 0; i < count; i++)
        {
            byte[] key = System.Text.Encoding.ASCII.GetBytes("k" + i);
            _db.Set(key, Value("v"));
            if (when is long at)
            {
                _db.SetExpireTime(key, at);
            }
        }
    }

    [Test]
    public void Scan_FullIteration_ReturnsEveryKeyOnce()
    {
        AddKeys(1000);
        var keys = new List<byte[]>();
        ulong cursor = 0;
        do
        {
            cursor = _db.Scan(cursor, keys);
        }
        while (cursor != 0);
        Assert.That(keys.Select(k => System.Text.Encoding.ASCII.GetString(k)), Is.EquivalentTo(Enumerable.Range(0, 1000).Select(i => "k" + i)));
    }

    [Test]
    public void Scan_EmptyDatabase_ReturnsZeroAndNoKeys()
    {
        var keys = new List<byte[]>();
        Assert.That((_db.Scan(0, keys), keys.Count), Is.EqualTo((0UL, 0)));
    }

    [Test]
    public void RandomKey_ManyCalls_ReturnEveryKey()
    {
        AddKeys(50);
        var seen = new HashSet<string>();
        for (int i = 0; i < 5000; i++)
        {
            seen.Add(System.Text.Encoding.ASCII.GetString(_db.RandomKey()!));
        }
        Assert.That(seen, Has.Count.EqualTo(50));
    }

    [Test]
    public void RandomKey_SomeExpired_ReturnsOnlyLiveKeys()
    {
        AddKeys(20, Now - 1);
        _db.Set("live"u8, Value("v"));
        Assert.That(_db.RandomKey(), Is.EqualTo("live"u8.ToArray()));
    }

    [Test]
    public void SampleExpires_FullPassNoneExpired_CountsEveryVolatileKeyAndCopiesNone()
    {
        AddKeys(100, Now + 5000);
        _db.Set("persistent"u8, Value("v"));
        var sample = new ExpireSample();
        sample.Reset(Now);
        ulong cursor = 0;
        do
        {
            cursor = _db.SampleExpires(cursor, sample);
        }
        while (cursor != 0);
        Assert.That((sample.Sampled, sample.Expired.Count), Is.EqualTo((100, 0)));
    }

    [Test]
    public void SampleExpires_ShortAndLongKeysExpired_ReportsTheirBytesAndTimes()
    {
        byte[] longKey = new byte[100];
        longKey.AsSpan().Fill(0xFF);
        _db.Set("k"u8, Value("v"));
        _db.Set(longKey, Value("v"));
        _db.Set("live"u8, Value("v"));
        _db.SetExpireTime("k"u8, Now - 6000);
        _db.SetExpireTime(longKey, Now - 5000);
        _db.SetExpireTime("live"u8, Now + 5000);
        var sample = new ExpireSample();
        sample.Reset(Now);
        ulong cursor = 0;
        do
        {
            cursor = _db.SampleExpires(cursor, sample);
        }
        while (cursor != 0);
        Assert.That(sample.Sampled, Is.EqualTo(3));
        Assert.That(sample.Expired.OrderBy(e => e.Value).Select(e => (Convert.ToHexString(e.Key), e.Value)),
            Is.EqualTo(new[] { ("6B", Now - 6000), (Convert.ToHexString(longKey), Now - 5000) }));
    }

    [Test]
    public void TryExpire_ExpiredKey_DeletesAndCountsIt()
    {
        _db.Set("k"u8, Value("v"));
        _db.SetExpireTime("k"u8, Now - 1);
        Assert.That(_db.TryExpire("k"u8.ToArray(), Now - 1, Now), Is.True);
        Assert.That((_db.Count, _db.ExpiresCount, _db.ExpiredKeys), Is.EqualTo((0, 0, 1L)));
    }

    [Test]
    public void TryExpire_LiveKey_KeepsIt()
    {
        _db.Set("k"u8, Value("v"));
        _db.SetExpireTime("k"u8, Now + 1);
        Assert.That(_db.TryExpire("k"u8.ToArray(), Now + 1, Now), Is.False);
        Assert.That((_db.Count, _db.ExpiredKeys), Is.EqualTo((1, 0L)));
    }

    [Test]
    public void TryExpire_ExpiredKey_ReportsItToKeyExpired()
    {
        byte[]? reported = null;
        _db.KeyExpired = (_, key) => reported = key.ToArray();
        _db.Set("k"u8, Value("v"));
        _db.SetExpireTime("k"u8, Now - 1);
        _db.TryExpire("k"u8.ToArray(), Now - 1, Now);
        Assert.That(reported, Is.EqualTo("k"u8.ToArray()));
    }

    [Test]
    public void RehashStep_MainTableRehashing_FinishesItAndReportsWork()
    {
        AddKeys(1025); // the 1025th key started growing the main table
        Assert.That(_db.RehashStep(1000), Is.True);
        Assert.That(_db.RehashStep(1000), Is.False);
    }

    [Test]
    public void RehashStep_NothingToDo_ReturnsFalse() => Assert.That(_db.RehashStep(1), Is.False);

    [Test]
    public void Clear_ResetsTheExpiresCursor()
    {
        AddKeys(10, Now + 1000);
        _db.ExpiresCursor = 5;
        _db.Clear();
        Assert.That((_db.ExpiresCursor, _db.Count, _db.ExpiresCount), Is.EqualTo((0UL, 0, 0)));
    }

    [Test]
    public void Set_ManyKeysThenDeleteAll_LeavesAnEmptyDatabase()
    {
        AddKeys(5000, Now + 1000);
        for (int i = 0; i < 5000; i++)
        {
            _db.Delete(System.Text.Encoding.ASCII.GetBytes("k" + i));
        }
        Assert.That((_db.Count, _db.ExpiresCount, _db.Keys("*"u8).Count), Is.EqualTo((0, 0, 0)));
    }

    // ---- short keys (stored in the table entries) and long keys (one array shared by both tables) ----

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
