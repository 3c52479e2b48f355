using System.Text;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Storage.Tests;

// DenseDictionary past ChunkSize (2048) entries and PageSize (32768) buckets: chunked entries and paged buckets must
// keep positions, links, SCAN and the memory model exactly as the flat layout does, and no array may outgrow a chunk
// or a page however big the dictionary gets.
public sealed class DenseDictionaryPagingTests
{
    private const int ChunkSize = DenseDictionary<int>.ChunkSize;

    [Test]
    public void Add_OneMillionEntries_NoArrayOutgrowsAPage()
    {
        var dict = new DenseDictionary<int>();
        long largest = 0;
        for (int i = 0; i < 1_000_000; i++)
        {
            dict.TryAddOwned(Key(i), i);
            if ((i & (i - 1)) == 0 || i % 100_000 == 0)
            {
                largest = Math.Max(largest, dict.LargestArrayBytes);
            }
        }
        Assert.Multiple(() =>
        {
            // A page of links (24-byte array header, 4 bytes a link) is bigger than a chunk of 48-byte entries.
            Assert.That(largest, Is.EqualTo(24 + DenseDictionary<int>.PageSize * 4));
            Assert.That(dict.Capacity, Is.EqualTo(1 << 20));
            Assert.That(dict.KeyAt(999_999), Is.EqualTo(Key(999_999)));
            Assert.That(dict.IndexOf(Key(123_456)), Is.EqualTo(123_456));
        });
    }

    [Test]
    public void ValueAt_EveryPositionOfAPagedDictionary_IsTheEntryAddedThere()
    {
        DenseDictionary<int> dict = Filled(40_000);
        for (int i = 0; i < dict.Count; i++)
        {
            if (dict.ValueAt(i) != i)
            {
                Assert.Fail($"position {i} holds {dict.ValueAt(i)}");
            }
        }
    }

    [Test]
    public void Remove_KeepOrderAcrossAChunkBoundary_ShiftsLaterEntriesDown()
    {
        DenseDictionary<int> dict = Filled(5000);
        dict.Remove(Key(100), keepOrder: true);
        Assert.Multiple(() =>
        {
            Assert.That(dict.KeyAt(ChunkSize - 1), Is.EqualTo(Key(ChunkSize)));
            Assert.That(dict.KeyAt(ChunkSize), Is.EqualTo(Key(ChunkSize + 1)));
            Assert.That(dict.IndexOf(Key(4999)), Is.EqualTo(4998));
            Assert.That(dict.IndexOf(Key(99)), Is.EqualTo(99));
        });
    }

    [Test]
    public void Remove_WithoutOrderFromChunkZero_MovesTheLastEntryFromTheLastChunk()
    {
        DenseDictionary<int> dict = Filled(5000);
        dict.Remove(Key(0), keepOrder: false);
        Assert.Multiple(() =>
        {
            Assert.That(dict.KeyAt(0), Is.EqualTo(Key(4999)));
            Assert.That(dict.IndexOf(Key(4999)), Is.Zero);
            Assert.That(dict.Count, Is.EqualTo(4999));
        });
    }

    [Test]
    public void RemoveAll_ThenRegrow_ShrinksToFlatAndFindsEveryKeyAgain()
    {
        DenseDictionary<int> dict = Filled(40_000);
        for (int i = 0; i < 40_000; i++)
        {
            dict.Remove(Key(i), keepOrder: false);
        }
        int drainedCapacity = dict.Capacity;
        for (int i = 0; i < 40_000; i++)
        {
            dict.TryAddOwned(Key(i), i);
        }
        Assert.Multiple(() =>
        {
            Assert.That(drainedCapacity, Is.LessThanOrEqualTo(8));
            Assert.That(dict.Capacity, Is.EqualTo(65_536));
            Assert.That(Enumerable.Range(0, 40_000).All(i => dict.TryGetValue(Key(i), out int v) && v == i), Is.True);
        });
    }

    [Test]
    public void Clear_PagedDictionary_EmptiesItAndItCanBeRefilled()
    {
        DenseDictionary<int> dict = Filled(20_000);
        dict.Clear();
        Assert.That((dict.Count, dict.Capacity, dict.ContainsKey(Key(1))), Is.EqualTo((0, 0, false)));
        dict.TryAddOwned(Key(7), 7);
        Assert.That(dict.IndexOf(Key(7)), Is.Zero);
    }

    // A small dictionary costs what it did before paging: the object (40 bytes) and two arrays of its capacity (48-byte
    // entries, with room for a short key inline).
    [Test]
    public void StructureBytes_SmallDictionary_IsTheObjectAndTwoFlatArrays() =>
        Assert.That(Filled(3).StructureBytes, Is.EqualTo(40 + (24 + 4 * 48) + (24 + 4 * 4)));

    // Paged: the object, the directory object and its two directories (room for 32 chunks), the 30 chunks of 2048
    // entries that 60000 entries fill (chunks are allocated on first write), 2 pages of 32768 links. The doubling
    // at 32768 entries has finished rehashing by then.
    [Test]
    public void StructureBytes_PagedDictionary_CountsChunksPagesAndDirectories()
    {
        DenseDictionary<int> dict = Filled(60_000);
        Assert.That(dict.IsRehashing, Is.False);
        Assert.That(dict.StructureBytes, Is.EqualTo(40 + 56 + (24 + 32 * 8) + 30 * (24 + 2048 * 48) + (24 + 2 * 8) + 2 * (24 + 32_768 * 4)));
    }

    // 7856 adds after the doubling at 262144 entries (the first one big enough to rehash incrementally), the old
    // table (eight pages of 32768 links) is still being emptied and counts too: 132 chunks, room for 256, 16 new pages.
    [Test]
    public void StructureBytes_WhileRehashing_CountsBothTables()
    {
        DenseDictionary<int> dict = Filled(270_000);
        Assert.That(dict.IsRehashing, Is.True);
        Assert.That(dict.StructureBytes, Is.EqualTo(40 + 56 + (24 + 256 * 8) + 132 * (24 + 2048 * 48) + (24 + 16 * 8) + 16 * (24 + 32_768 * 4) + (24 + 8 * 8) + 8 * (24 + 32_768 * 4)));
    }

    // Up to MaxRelinkAtOnce (131072) entries a resize relinks at once: no rehash is left under way.
    [Test]
    public void Add_PastASmallerPagedDoubling_RelinksAtOnce()
    {
        DenseDictionary<int> dict = Filled(131_073); // doubled from 131072 to 262144 at the last add
        Assert.That(dict.IsRehashing, Is.False);
        AssertEveryKeyAtItsPosition(dict, 131_073);
    }

    // ---- incremental rehash (paged to paged) ----

    // A doubling of a big dictionary only allocates the new buckets: the entries move over a few buckets per add,
    // every key is found at every point on the way, and the move is over before the next doubling is due.
    [Test]
    public void Add_PastABigDoubling_RehashesIncrementallyAndFinishesBeforeTheNextDoubling()
    {
        DenseDictionary<int> dict = Filled(262_144); // full: the next add doubles to 524288
        Assert.That(dict.IsRehashing, Is.False);
        dict.TryAddOwned(Key(262_144), 262_144);
        Assert.That(dict.IsRehashing, Is.True);
        int count = 262_145;
        for (; dict.IsRehashing; count++)
        {
            if (count % 4000 == 0)
            {
                AssertEveryKeyAtItsPosition(dict, count);
            }
            dict.TryAddOwned(Key(count), count);
        }
        Assert.That(count, Is.LessThanOrEqualTo(524_288));
        AssertEveryKeyAtItsPosition(dict, count);
    }

    // Shrinking a big dictionary moves the entries incrementally too: 1.1M entries take 2M slots, and under 10% full
    // (209,714 entries, more than are relinked at once) it shrinks to 262,144 slots. Removals both ways (the last
    // entry into the hole, or the tail shifted down) keep every link right in both tables while it does; every key
    // is checked at a few points of the rehash, and the empty chunks go back as the entries recede.
    [TestCase(false)]
    [TestCase(true)]
    public void Remove_PastABigShrink_RehashesIncrementallyAndKeepsEveryLink(bool keepOrder)
    {
        const int Filled = 1_100_000;
        DenseDictionary<int> dict = DenseDictionaryPagingTests.Filled(Filled);
        var order = Enumerable.Range(0, Filled).ToArray();
        new Random(5).Shuffle(order);
        var live = new bool[Filled];
        Array.Fill(live, true);
        int removed = 0, checks = 0;
        bool sawRehash = false;
        while (dict.Count > 150_000)
        {
            int victim = order[removed++];
            live[victim] = false;
            // Keeping order shifts the tail down, O(n) a removal: one removal in a thousand while the shrink rehashes.
            bool shift = keepOrder && dict.IsRehashing && removed % 1000 == 0;
            Assert.That(dict.Remove(Key(victim), shift), Is.True);
            sawRehash |= dict.IsRehashing;
            if (dict.IsRehashing && removed % 3_000 == 0 && checks++ < 4)
            {
                for (int i = 0; i < Filled; i++)
                {
                    if (live[i] && dict.ValueAt(dict.IndexOf(Key(i))) != i)
                    {
                        Assert.Fail($"k{i} lost with {dict.Count} left");
                    }
                }
            }
        }
        Assert.Multiple(() =>
        {
            Assert.That(sawRehash, Is.True, "the shrink from 2M slots rehashed incrementally");
            Assert.That(checks, Is.GreaterThan(0));
            Assert.That(dict.Count, Is.EqualTo(Filled - removed));
            Assert.That(Enumerable.Range(0, Filled).All(i => live[i] == dict.ContainsKey(Key(i))), Is.True);
            // 150,000 entries fill 74 chunks; one spare is kept.
            Assert.That(dict.StructureBytes, Is.LessThan(40 + 56 + (24 + 128 * 8) + 75 * (24 + 2048 * 48) + (24 + 8 * 8) + 8 * (24 + 32_768 * 4) + 1));
        });
    }

    // dictScan over both tables: with nothing changing between calls, every key comes back exactly once.
    [Test]
    public void Scan_WhileRehashing_ReturnsEveryKeyExactlyOnce()
    {
        DenseDictionary<int> dict = Filled(270_000);
        Assert.That(dict.IsRehashing, Is.True);
        var seen = new List<string>();
        ulong cursor = 0;
        do
        {
            cursor = dict.Scan(cursor, static (list, key, _) => list.Add(Encoding.ASCII.GetString(key)), seen);
        }
        while (cursor != 0);
        Assert.That(seen, Is.EquivalentTo(Enumerable.Range(0, 270_000).Select(i => $"k{i}")));
    }

    // Clearing mid-rehash hands back both tables and leaves an empty dictionary that works.
    [Test]
    public void Clear_WhileRehashing_LeavesAnEmptyWorkingDictionary()
    {
        DenseDictionary<int> dict = Filled(270_000);
        Assert.That(dict.IsRehashing, Is.True);
        dict.Clear();
        Assert.That((dict.Count, dict.IsRehashing, dict.ContainsKey(Key(1))), Is.EqualTo((0, false, false)));
        dict.TryAddOwned(Key(1), 1);
        Assert.That(dict.IndexOf(Key(1)), Is.Zero);
    }

    private static void AssertEveryKeyAtItsPosition(DenseDictionary<int> dict, int count)
    {
        for (int i = 0; i < count; i++)
        {
            if (dict.IndexOf(Key(i)) != i)
            {
                Assert.Fail($"k{i} is at {dict.IndexOf(Key(i))} with {count} entries");
            }
        }
    }

    private static byte[] Key(int i) => Encoding.ASCII.GetBytes($"k{i}");

    private static DenseDictionary<int> Filled(int count)
    {
        var dict = new DenseDictionary<int>();
        for (int i = 0; i < count; i++)
        {
            dict.TryAddOwned(Key(i), i);
        }
        return dict;
    }
}
