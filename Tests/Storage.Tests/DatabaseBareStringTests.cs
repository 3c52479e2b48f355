using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Extensions.Time.Testing;

namespace Reactor.MiniRedis.Storage.Tests;

/// <summary>
/// Bare strings in the keyspace (<see cref="StoredValue"/>): in the entry up to 16 bytes, in an array beyond. What
/// <see cref="Database.SetString"/> stores, what the string fast paths read, and how every other access sees the
/// same <see cref="RedisString"/> it would have seen before (materialisation), with the access clock, the memory count
/// and the time to live intact.
/// </summary>
public sealed class DatabaseBareStringTests
{
    private const long Now = 1_700_000_000_000;

    private FakeTimeProvider _time = null!;
    private Database _db = null!;

    [SetUp]
    public void SetUp()
    {
        _time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(Now));
        _db = new Database(0, _time);
    }

    private static byte[] Bytes(string text) => Encoding.ASCII.GetBytes(text);

    private bool IsBare(string key) => _db.LookupStored(Bytes(key), touch: false).IsBareString;

    [TestCase("")]
    [TestCase("v")]
    [TestCase("12345")]
    [TestCase("0123456789abcdef")] // 16 bytes: the most the entry holds
    public void SetString_UpToSixteenBytes_IsHeldInTheEntry(string value)
    {
        _db.SetString("k"u8, Bytes(value));
        ref StoredValue stored = ref _db.LookupStored("k"u8);
        (bool, RedisObject?, byte[], ObjectType) seen = (stored.IsBareString, stored.Object, stored.StringBytes.ToArray(), stored.Type);
        Assert.That(seen, Is.EqualTo((true, (RedisObject?)null, Bytes(value), ObjectType.String)));
    }

    [TestCase(17)]
    [TestCase(100)]
    [TestCase(100_000)]
    public void SetString_LongerThanTheEntryHolds_IsABareArray(int length)
    {
        byte[] value = Bytes(new string('x', length));
        _db.SetString("k"u8, value);
        ref StoredValue stored = ref _db.LookupStored("k"u8);
        (bool, RedisObject?, byte[]) seen = (stored.IsBareString, stored.Object, stored.StringBytes.ToArray());
        Assert.That(seen, Is.EqualTo((true, (RedisObject?)null, value)));
    }

    // The value step of a prefetch (Database.PrefetchValue) loads the array or object an entry refers to: none for an
    // inline string, the array itself for a long one. The array is a large object, which the collector does not
    // move, so its address is the same when read twice.
    [Test]
    public void HeapAddress_InlineNoneArrayAndObjectTheirOwn()
    {
        _db.SetString("short"u8, "v"u8);
        byte[] value = Bytes(new string('x', 100_000));
        _db.SetString("long"u8, value);
        _db.Lookup("long"u8); // materialises it: now an object
        _db.SetString("array"u8, value);
        byte[] stored = _db.LookupStored("array"u8).BareArray!;
        nint expected = Unsafe.As<byte[], nint>(ref stored);
        Assert.Multiple(() =>
        {
            Assert.That(_db.LookupStored("short"u8).HeapAddress, Is.EqualTo(nint.Zero));
            Assert.That(_db.LookupStored("array"u8).HeapAddress, Is.EqualTo(expected));
            Assert.That(_db.LookupStored("long"u8).HeapAddress, Is.Not.EqualTo(nint.Zero));
        });
        foreach (string key in new[] { "short", "long", "array", "missing" })
        {
            _db.PrefetchValue(KeyTable<StoredValue>.HashOf(Bytes(key))); // a hint: never throws, changes nothing
        }
        Assert.That(_db.LookupStored("array"u8).StringBytes.ToArray(), Is.EqualTo(value));
    }

    [Test]
    public void SetString_SameLengthOverABareArray_ReusesTheArray()
    {
        _db.SetString("k"u8, Bytes(new string('a', 40)));
        ref byte before = ref MemoryMarshal.GetReference(_db.LookupStored("k"u8).StringBytes);
        _db.SetString("k"u8, Bytes(new string('b', 40)));
        ReadOnlySpan<byte> after = _db.LookupStored("k"u8).StringBytes;
        bool same = Unsafe.AreSame(ref before, ref MemoryMarshal.GetReference(after));
        Assert.That((same, after.ToArray()), Is.EqualTo((true, Bytes(new string('b', 40)))));
    }

    [Test]
    public void SetString_BinaryValue_RoundTrips()
    {
        byte[] value = [0, 0xFF, 0xFE, 13, 10, 0];
        _db.SetString([0xFF, 0], value);
        Assert.That(_db.LookupStored([0xFF, 0]).StringBytes.ToArray(), Is.EqualTo(value));
    }

    [Test]
    public void LookupStored_MissingKey_IsANullReference() =>
        Assert.That(Unsafe.IsNullRef(ref _db.LookupStored("k"u8)), Is.True);

    [TestCase("12345", "int")]
    [TestCase("-9", "int")]
    [TestCase("0123", "embstr")]
    [TestCase("abc", "embstr")]
    [TestCase("", "embstr")]
    [TestCase("12345678901234567890", "embstr")] // over long.MaxValue
    [TestCase("1234567890123456789", "int")]
    [TestCase("-1234567890123456789", "int")]
    [TestCase("0123456789abcdefg", "embstr")]
    [TestCase("01234567890123456789012345678901234567890123", "embstr")] // 44 bytes, OBJ_ENCODING_EMBSTR_SIZE_LIMIT
    [TestCase("012345678901234567890123456789012345678901234", "raw")]
    public void Lookup_BareString_MaterialisesTheStringSetWouldHaveMade(string value, string encoding)
    {
        _db.SetString("k"u8, Bytes(value));
        var materialised = (RedisString)_db.Lookup("k"u8)!;
        Assert.Multiple(() =>
        {
            Assert.That(materialised.ToArray(), Is.EqualTo(Bytes(value)));
            Assert.That(materialised.Encoding, Is.EqualTo(encoding));
            Assert.That(IsBare("k"), Is.False, "the key now holds the object");
            Assert.That(_db.Lookup("k"u8), Is.SameAs(materialised));
        });
    }

    [Test]
    public void Lookup_BareString_KeepsItsAccessClock()
    {
        _db.SetString("k"u8, "v"u8);
        _time.Advance(TimeSpan.FromSeconds(30));
        RedisObject value = _db.Lookup("k"u8, touch: false)!;
        Assert.That(_db.IdleMilliseconds(value), Is.EqualTo(30_000));
    }

    [Test]
    public void LookupStored_Touch_StampsTheInlineClock()
    {
        _db.SetString("k"u8, "v"u8);
        _time.Advance(TimeSpan.FromSeconds(30));
        _db.LookupStored("k"u8, touch: false);
        Assert.That(_db.IdleMilliseconds(_db.LookupStored("k"u8, touch: false).Lru), Is.EqualTo(30_000));
        _db.LookupStored("k"u8, touch: true);
        Assert.That(_db.IdleMilliseconds(_db.LookupStored("k"u8, touch: false).Lru), Is.Zero);
    }

    [Test]
    public void SetString_NewKeyUnderLfu_StartsAtTheInitialCounter()
    {
        var db = new Database(0, _time, access: new AccessPolicy { Lfu = true });
        db.SetString("k"u8, "v"u8);
        Assert.That(db.LfuFrequency(db.LookupStored("k"u8, touch: false).Lru), Is.EqualTo(Database.LfuInitialValue));
    }

    [Test]
    public void LookupOfAnotherType_BareString_IsWrongTypeAndStaysBare()
    {
        _db.SetString("k"u8, "v"u8);
        Assert.Multiple(() =>
        {
            Assert.That(_db.Lookup("k"u8, out RedisList? list), Is.EqualTo(LookupStatus.WrongType));
            Assert.That(list, Is.Null);
            Assert.That(IsBare("k"), Is.True);
            Assert.That(_db.Lookup("k"u8, out RedisString? text), Is.EqualTo(LookupStatus.Found));
            Assert.That(text!.GetBytes(default).ToArray(), Is.EqualTo("v"u8.ToArray()));
        });
    }

    [Test]
    public void Exists_BareString_StaysBare()
    {
        _db.SetString("k"u8, "v"u8);
        Assert.Multiple(() =>
        {
            Assert.That(_db.Exists("k"u8), Is.True);
            Assert.That(_db.Exists("k"u8, touch: true), Is.True);
            Assert.That(IsBare("k"), Is.True);
        });
    }

    // ---- overwriting ----

    [Test]
    public void SetString_ShortOverLongString_GoesIntoTheEntry()
    {
        _db.SetString("k"u8, Bytes(new string('x', 40)));
        _db.SetString("k"u8, "short"u8);
        Assert.That(_db.LookupStored("k"u8).StringBytes.ToArray(), Is.EqualTo("short"u8.ToArray()));
    }

    [Test]
    public void SetString_LongOverInlineString_IsABareArray()
    {
        _db.SetString("k"u8, "short"u8);
        _db.SetString("k"u8, Bytes(new string('x', 40)));
        Assert.That(_db.LookupStored("k"u8).StringBytes.Length, Is.EqualTo(40));
    }

    [Test]
    public void SetString_LongOverAStringObject_OverwritesTheObjectInPlace()
    {
        _db.SetString("k"u8, Bytes(new string('x', 40)));
        RedisObject materialised = _db.Lookup("k"u8)!;
        _db.SetString("k"u8, Bytes(new string('y', 30)));
        Assert.Multiple(() =>
        {
            Assert.That(_db.LookupStored("k"u8).Object, Is.SameAs(materialised));
            Assert.That(((RedisString)materialised).ToArray(), Is.EqualTo(Bytes(new string('y', 30))));
        });
    }

    [Test]
    public void SetString_OverAList_ReplacesIt()
    {
        var list = RedisList.Create(_db.EncodingLimits);
        list.Push("a"u8, ListEnd.Tail);
        _db.Set("k"u8, list);
        _db.SetString("k"u8, "v"u8);
        Assert.That(_db.LookupStored("k"u8).IsBareString, Is.True);
    }

    [Test]
    public void Set_ObjectOverBareString_ReplacesIt()
    {
        _db.SetString("k"u8, "v"u8);
        RedisString value = RedisString.FromBytes("other"u8);
        _db.Set("k"u8, value);
        Assert.That(_db.Lookup("k"u8), Is.SameAs(value));
    }

    [Test]
    public void SetString_ExistingKey_KeepsTheClockItsLookupLeft()
    {
        _db.SetString("k"u8, "v"u8);
        _time.Advance(TimeSpan.FromSeconds(30));
        _db.SetString("k"u8, "w"u8); // no lookup in between: the clock is the one stored
        Assert.That(_db.IdleMilliseconds(_db.LookupStored("k"u8, touch: false).Lru), Is.EqualTo(30_000));
    }

    [Test]
    public void SetString_WithoutKeepTtl_RemovesTheTimeToLive()
    {
        _db.SetString("k"u8, "v"u8);
        _db.SetExpireTime("k"u8, Now + 10_000);
        _db.SetString("k"u8, "w"u8);
        Assert.That(_db.GetExpireTime("k"u8), Is.EqualTo(-1));
    }

    [Test]
    public void SetString_KeepTtl_KeepsTheTimeToLive()
    {
        _db.SetString("k"u8, "v"u8);
        _db.SetExpireTime("k"u8, Now + 10_000);
        _db.SetString("k"u8, "w"u8, keepTtl: true);
        Assert.That(_db.GetExpireTime("k"u8), Is.EqualTo(Now + 10_000));
    }

    [Test]
    public void SetString_ReportsOnlyNewKeysToKeyAdded()
    {
        var added = new List<string>();
        _db.KeyAdded = (_, key) => added.Add(Encoding.ASCII.GetString(key));
        _db.SetString("a"u8, "1"u8);
        _db.SetString("a"u8, "2"u8);
        _db.SetString("b"u8, Bytes(new string('x', 40)));
        Assert.That(added, Is.EqualTo(new[] { "a", "b" }));
    }

    // ---- expiry, removal, rename ----

    [Test]
    public void LookupStored_ExpiredBareString_IsGone()
    {
        _db.SetString("k"u8, "v"u8);
        _db.SetExpireTime("k"u8, Now - 1);
        Assert.Multiple(() =>
        {
            Assert.That(Unsafe.IsNullRef(ref _db.LookupStored("k"u8)), Is.True);
            Assert.That((_db.Count, _db.ExpiresCount, _db.ExpiredKeys), Is.EqualTo((0, 0, 1L)));
        });
    }

    [Test]
    public void Remove_BareString_HandsBackTheString()
    {
        _db.SetString("k"u8, "42"u8);
        Assert.That(_db.Remove("k"u8, out RedisObject? value), Is.True);
        Assert.That(((RedisString)value!).TryGetInt64(out long n) ? n : -1, Is.EqualTo(42));
    }

    [Test]
    public void Rename_BareString_MovesValueAndTimeToLive()
    {
        _db.SetString("a"u8, "v"u8);
        _db.SetExpireTime("a"u8, Now + 5_000);
        Assert.That(_db.Rename("a"u8, "b"u8), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(_db.Exists("a"u8), Is.False);
            Assert.That(((RedisString)_db.Lookup("b"u8)!).GetBytes(default).ToArray(), Is.EqualTo("v"u8.ToArray()));
            Assert.That(_db.GetExpireTime("b"u8), Is.EqualTo(Now + 5_000));
        });
    }

    [Test]
    public void SampleKeys_BareString_ReportsItsClock()
    {
        _db.SetString("k"u8, "v"u8);
        _time.Advance(TimeSpan.FromSeconds(7));
        var samples = new KeyValuePair<byte[], StoredValue>[4];
        int found = _db.SampleKeys(samples);
        Assert.That((found, _db.IdleMilliseconds(samples[0].Value.Lru)), Is.EqualTo((1, 7_000L)));
    }

    // ---- memory accounting ----

    [Test]
    public void MemoryBytes_InlineString_IsTheEntryOnly()
    {
        long empty = _db.MemoryBytes;
        _db.SetString("k"u8, "v"u8);
        Assert.That(_db.MemoryBytes - empty, Is.EqualTo(MemoryUsage.TableOverhead<StoredValue>(1, _db.Slots)));
    }

    [Test]
    public void MemoryBytes_BareArray_IsTheEntryAndTheArray()
    {
        long empty = _db.MemoryBytes;
        _db.SetString("k"u8, Bytes(new string('x', 100)));
        Assert.That(_db.MemoryBytes - empty,
            Is.EqualTo(MemoryUsage.TableOverhead<StoredValue>(1, _db.Slots) + MemoryAccounting.ByteArray(100)));
    }

    [Test]
    public void MemoryBytes_BareArrayMaterialised_IsTheObjectWithItsArray()
    {
        _db.SetString("k"u8, Bytes(new string('x', 100)));
        long bare = _db.MemoryBytes;
        RedisObject value = _db.Lookup("k"u8)!;
        Assert.That(_db.MemoryBytes - bare, Is.EqualTo(value.EstimatedBytes - MemoryAccounting.ByteArray(100)));
    }

    [Test]
    public void MemoryBytes_Materialised_AddsTheObject()
    {
        _db.SetString("k"u8, "v"u8);
        long inline = _db.MemoryBytes;
        RedisObject value = _db.Lookup("k"u8)!;
        Assert.That(_db.MemoryBytes - inline, Is.EqualTo(value.EstimatedBytes));
    }

    [Test]
    public void MemoryBytes_EveryTransitionAndRemoval_ReturnsToEmpty()
    {
        _db.SetString("k"u8, "v"u8);                               // inline
        _db.Lookup("k"u8);                                          // materialised
        _db.SetString("k"u8, "w"u8);                               // inline again
        _db.SetString("k"u8, Bytes(new string('x', 40)));          // bare array
        _db.SetString("k"u8, Bytes(new string('y', 40)));          // same array
        _db.SetString("k"u8, Bytes(new string('y', 50)));          // new array
        _db.Lookup("k"u8);                                          // materialised, taking the array
        _db.SetString("k"u8, Bytes(new string('y', 60)));          // object, in place
        _db.SetString("j"u8, Bytes(new string('y', 60)));
        _db.Delete("j"u8);
        _db.SetString("k"u8, "z"u8);                               // inline
        var list = RedisList.Create(_db.EncodingLimits);
        list.Push("a"u8, ListEnd.Tail);
        _db.Set("k"u8, list);                                       // another type
        _db.SetString("k"u8, "v"u8);                               // inline
        _db.SetString("j"u8, "v"u8);
        _db.Delete("k"u8);
        _db.Remove("j"u8, out _);
        Assert.That((_db.Count, _db.MemoryBytes - _db.TableOverheadBytes), Is.EqualTo((0, 0L)), "nothing counted but the table");
    }
}
