using System.Text;
using Microsoft.Extensions.Time.Testing;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Storage.Tests;

/// <summary>
/// The heap model behind used_memory: each value's <see cref="RedisObject.EstimatedBytes"/> is compared with the live
/// heap it really takes (measured after full collections), after building and after changing it; and
/// <see cref="Database.MemoryBytes"/> follows every way a key comes and goes.
/// </summary>
[NonParallelizable] // measures the heap
public sealed class MemoryAccountingTests
{
    private static readonly EncodingLimits s_limits = new();

    private static byte[] Bytes(string text) => Encoding.ASCII.GetBytes(text);

    private static IEnumerable<TestCaseData> Values()
    {
        yield return Case("int string", () => RedisString.FromInt64(12345));
        yield return Case("short string", () => RedisString.FromBytes("hello world"u8));
        yield return Case("16-byte string", () => RedisString.FromBytes("0123456789abcdef"u8));
        yield return Case("string just past the inline capacity", () => RedisString.FromBytes(new byte[RedisString.InlineCapacity + 1]));
        yield return Case("int string appended within the inline capacity", () =>
        {
            RedisString s = RedisString.FromInt64(-123456);
            s.Append("x"u8);
            return s;
        });
        yield return Case("appended string", () =>
        {
            RedisString s = RedisString.FromBytes("abc"u8);
            s.Append(new byte[300]);
            return s;
        });
        yield return Case("list", () =>
        {
            var list = new RedisList();
            for (int i = 0; i < 100; i++)
            {
                list.Push(Bytes("element-" + i), ListEnd.Tail);
            }
            return list;
        });
        yield return Case("list after pops, trim, LREM, LSET and LINSERT", () =>
        {
            var list = new RedisList();
            for (int i = 0; i < 200; i++)
            {
                list.Push(Bytes(i % 3 == 0 ? "x" : "element-" + i), ListEnd.Head);
            }
            list.Pop(ListEnd.Head);
            list.Pop(ListEnd.Tail);
            list.Trim(10, 20);
            list.RemoveMatches("x"u8, 0, ListEnd.Head);
            list[3] = new byte[70];
            list.Insert(5, new byte[9]);
            list.RemoveAt(7);
            return list;
        });
        yield return Case("small hash", () =>
        {
            var hash = new RedisHash(s_limits);
            hash.Set("field"u8, "value"u8);
            return hash;
        });
        yield return Case("hash after overwrites and deletes", () =>
        {
            var hash = new RedisHash(s_limits);
            for (int i = 0; i < 300; i++)
            {
                hash.Set(Bytes("field:" + i), Bytes("value:" + i));
            }
            for (int i = 0; i < 300; i += 3)
            {
                hash.Set(Bytes("field:" + i), new byte[i % 50]);
            }
            for (int i = 1; i < 300; i += 4)
            {
                hash.Delete(Bytes("field:" + i));
            }
            return hash;
        });
        yield return Case("hash with fields past the inline capacity", () =>
        {
            var hash = new RedisHash(s_limits);
            for (int i = 0; i < 300; i++)
            {
                hash.Set(Bytes("a field name longer than the entry's key area:" + i), Bytes("v" + i));
            }
            hash.Delete(Bytes("a field name longer than the entry's key area:7"));
            return hash;
        });
        yield return Case("hash loaded from an RDB file", () =>
        {
            var hash = new RedisHash(s_limits);
            for (int i = 0; i < 300; i++)
            {
                hash.TryAddLoaded(Bytes((i % 2 == 0 ? "field:" : "a field name longer than the entry's key area:") + i), Bytes("value:" + i));
            }
            hash.ConvertToHashtable();
            return hash;
        });
        yield return Case("set with members past the inline capacity", () =>
        {
            var set = new RedisSet(s_limits);
            for (int i = 0; i < 300; i++)
            {
                set.Add(Bytes((i % 2 == 0 ? "member:" : "a member longer than the entry's key area:") + i));
            }
            set.Remove(Bytes("a member longer than the entry's key area:7"));
            set.PopRandom();
            return set;
        });
        yield return Case("intset", () =>
        {
            var set = new RedisSet(s_limits);
            for (int i = 0; i < 100; i++)
            {
                set.Add(Bytes(i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }
            return set;
        });
        yield return Case("set converted from an intset, then popped and removed", () =>
        {
            var set = new RedisSet(s_limits);
            for (int i = 0; i < 50; i++)
            {
                set.Add(Bytes(i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }
            for (int i = 0; i < 200; i++)
            {
                set.Add(Bytes("member:" + i));
            }
            set.PopRandom();
            set.Remove("member:7"u8);
            return set;
        });
        yield return Case("sorted set", () =>
        {
            var zset = new RedisSortedSet(s_limits);
            for (int i = 0; i < 300; i++)
            {
                zset.Add(i, Bytes("member:" + i), SortedSetAddFlags.None, out _);
            }
            return zset;
        });
        yield return Case("sorted set after updates and removals", () =>
        {
            var zset = new RedisSortedSet(s_limits);
            for (int i = 0; i < 300; i++)
            {
                zset.Add(i, Bytes("member:" + i), SortedSetAddFlags.None, out _);
            }
            for (int i = 0; i < 300; i += 7)
            {
                zset.Add(-i, Bytes("member:" + i), SortedSetAddFlags.None, out _);
            }
            zset.Remove("member:8"u8);
            zset.Remove(zset.Last);
            zset.RemoveRangeByRank(0, 9);
            zset.RemoveRange(new ScoreRange(100, 150));
            return zset;
        });
    }

    private static TestCaseData Case(string name, Func<RedisObject> make) => new TestCaseData(make).SetArgDisplayNames(name);

    [TestCaseSource(nameof(Values))]
    public void EstimatedBytes_Value_MatchesTheLiveHeap(Func<RedisObject> make)
    {
        // Enough copies for some 32 MB, so that what the test runner's other threads allocate meanwhile is noise.
        int count = (int)Math.Clamp(32_000_000 / make().EstimatedBytes, 300, 1_000_000);
        var values = new RedisObject[count];
        long before = LiveHeap();
        for (int i = 0; i < count; i++)
        {
            values[i] = make();
        }
        long live = LiveHeap() - before;
        long model = values.Sum(v => v.EstimatedBytes);
        Assert.That(model, Is.EqualTo(live).Within(2).Percent);
    }

    [Test]
    public void MemoryBytes_ManyKeys_MatchesTheLiveHeap()
    {
        // The keyspace tables rent their entry chunks from the shared array pool, which may still hold chunks that
        // earlier tests gave back: a first database takes those, so the measured one allocates all of its own.
        Database warmUp = FillKeyspace();
        long before = LiveHeap();
        Database db = FillKeyspace();
        long live = LiveHeap() - before;
        Assert.That(db.MemoryBytes, Is.EqualTo(live).Within(2).Percent);
        GC.KeepAlive(warmUp);
        GC.KeepAlive(db);
    }

    // 200,000 keys with values of 0 to 99 bytes, every other one with a time to live.
    private static Database FillKeyspace()
    {
        var db = new Database(0, new FakeTimeProvider());
        for (int i = 0; i < 200_000; i++)
        {
            byte[] key = Bytes("key:" + i);
            db.Set(key, RedisString.FromBytes(new byte[i % 100]));
            if (i % 2 == 0)
            {
                db.SetExpireTime(key, long.MaxValue / 2);
            }
        }
        return db;
    }

    [Test]
    public void MemoryBytes_KeysValuesAndTables_AreTheSumOfTheirParts()
    {
        var db = new Database(0, new FakeTimeProvider());
        RedisString a = RedisString.FromBytes("value"u8), b = RedisString.FromInt64(7);
        db.Set("first"u8, a);
        db.Add("second"u8, b);
        long expected = MemoryAccounting.Key(5) + a.EstimatedBytes + MemoryAccounting.Key(6) + b.EstimatedBytes + db.TableOverheadBytes;
        Assert.That(db.MemoryBytes, Is.EqualTo(expected));
    }

    [Test]
    public void MemoryBytes_SetThenDelete_CountsNothingButTheTables()
    {
        var db = new Database(0, new FakeTimeProvider());
        db.Set("k"u8, RedisString.FromBytes(new byte[500]));
        db.Delete("k"u8);
        Assert.That(db.MemoryBytes - db.TableOverheadBytes, Is.Zero);
    }

    [Test]
    public void MemoryBytes_Overwrite_CountsOnlyTheNewValue()
    {
        var db = new Database(0, new FakeTimeProvider());
        db.Set("k"u8, RedisString.FromBytes(new byte[500]));
        RedisString replacement = RedisString.FromBytes("v"u8);
        db.Set("k"u8, replacement);
        Assert.That(db.MemoryBytes - db.TableOverheadBytes, Is.EqualTo(MemoryAccounting.Key(1) + replacement.EstimatedBytes));
    }

    [Test]
    public void UpdateMemory_ValueGrewInPlace_CountsTheGrowth()
    {
        var db = new Database(0, new FakeTimeProvider());
        var list = new RedisList();
        db.Set("k"u8, list);
        list.Push(new byte[1000], ListEnd.Head);
        long stale = db.MemoryBytes;
        db.UpdateMemory("k"u8);
        // The element's own array, and the table the ring made to reference its first long element.
        Assert.That(db.MemoryBytes - stale, Is.EqualTo(MemoryAccounting.ByteArray(1000) + ListChunk.LongsBytes(4)));
    }

    [Test]
    public void Delete_ValueChangedWithoutUpdate_SubtractsWhatWasCounted()
    {
        var db = new Database(0, new FakeTimeProvider());
        var list = new RedisList();
        db.Set("k"u8, list);
        list.Push(new byte[1000], ListEnd.Head); // never recounted
        db.Delete("k"u8);
        Assert.That(db.MemoryBytes - db.TableOverheadBytes, Is.Zero);
    }

    [Test]
    public void MemoryBytes_KeyExpires_IsSubtracted()
    {
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));
        var db = new Database(0, time);
        db.Set("k"u8, RedisString.FromBytes(new byte[100]));
        db.SetExpireTime("k"u8, time.GetUtcNow().ToUnixTimeMilliseconds() + 10);
        time.Advance(TimeSpan.FromSeconds(1));
        db.Lookup("k"u8);
        Assert.That(db.MemoryBytes - db.TableOverheadBytes, Is.Zero);
    }

    [Test]
    public void MemoryBytes_Rename_MovesTheCountToTheNewKey()
    {
        var db = new Database(0, new FakeTimeProvider());
        RedisString value = RedisString.FromBytes(new byte[100]);
        db.Set("old"u8, value);
        db.Rename("old"u8, "a-longer-name"u8);
        Assert.That(db.MemoryBytes - db.TableOverheadBytes, Is.EqualTo(MemoryAccounting.Key(13) + value.EstimatedBytes));
    }

    [Test]
    public void MemoryBytes_MovedToAnotherDatabase_IsCountedThereOnly()
    {
        var time = new FakeTimeProvider();
        Database source = new(0, time), target = new(1, time);
        source.Set("k"u8, RedisString.FromBytes(new byte[100]));
        source.Remove("k"u8, out RedisObject? value);
        target.Add("k"u8, value!);
        Assert.That((source.MemoryBytes - source.TableOverheadBytes, target.MemoryBytes - target.TableOverheadBytes),
            Is.EqualTo((0L, value!.EstimatedBytes))); // a 1-byte key is stored in its table entry
    }

    [Test]
    public void SwapWith_ExchangesTheCounts()
    {
        var time = new FakeTimeProvider();
        Database first = new(0, time), second = new(1, time);
        first.Set("k"u8, RedisString.FromBytes(new byte[1000]));
        long before = first.MemoryBytes;
        first.SwapWith(second);
        Assert.That((first.MemoryBytes - first.TableOverheadBytes, second.MemoryBytes), Is.EqualTo((0L, before)));
    }

    [Test]
    public void Clear_ForgetsEveryCount()
    {
        var db = new Database(0, new FakeTimeProvider());
        for (int i = 0; i < 100; i++)
        {
            db.Set(Bytes("k" + i), RedisString.FromBytes(new byte[i]));
        }
        db.Clear();
        Assert.That(db.MemoryBytes, Is.Zero);
    }

    [Test]
    public void DeleteStored_ExpiredKey_IsRemovedWithoutCountingAnExpiration()
    {
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));
        var db = new Database(0, time);
        db.Set("k"u8, RedisString.FromInt64(1));
        db.SetExpireTime("k"u8, time.GetUtcNow().ToUnixTimeMilliseconds() - 1);
        Assert.That((db.DeleteStored("k"u8), db.Count, db.ExpiresCount, db.ExpiredKeys), Is.EqualTo((true, 0, 0, 0L)));
    }

    [Test]
    public void EstimatedBytes_ListDrained_ReturnsToAnEmptyList()
    {
        var list = new RedisList();
        long empty = list.EstimatedBytes;
        for (int i = 0; i < 1000; i++)
        {
            list.Push(new byte[i % 40], ListEnd.Tail);
        }
        while (list.Count > 0)
        {
            list.Pop(ListEnd.Head);
        }
        Assert.That(list.EstimatedBytes, Is.EqualTo(empty));
    }

    [Test]
    public void EstimatedBytes_Clone_EqualsTheOriginal()
    {
        var hash = new RedisHash(s_limits);
        for (int i = 0; i < 10; i++)
        {
            hash.Set(Bytes("f" + i), new byte[i * 3]);
        }
        Assert.That(hash.Clone().EstimatedBytes, Is.EqualTo(hash.EstimatedBytes));
    }

    [TestCase(0, 24)]
    [TestCase(1, 32)]
    [TestCase(8, 32)]
    [TestCase(9, 40)]
    [TestCase(100, 128)]
    public void ByteArray_Length_IsHeaderPlusBytesPaddedToEight(int length, long expected) =>
        Assert.That(MemoryAccounting.ByteArray(length), Is.EqualTo(expected));

    [TestCase(0, 0L)]
    [TestCase(23, 0L)]   // the longest key stored in its table entry
    [TestCase(24, 48L)]  // the shortest one with an array of its own
    [TestCase(100, 128L)]
    public void Key_Length_IsNothingInlineElseItsArray(int length, long expected) =>
        Assert.That(MemoryAccounting.Key(length), Is.EqualTo(expected));

    [Test]
    public void EntrySize_IsFortyEightBytes() => Assert.That(KeyTable<RedisObject>.EntrySize, Is.EqualTo(48));

    private static long LiveHeap()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
