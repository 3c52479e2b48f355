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

    // Paged: the object, the directory object and its two directories (room for 32 chunks), the 20 chunks of 2048
    // entries that 40000 entries fill (chunks are allocated on first write), 2 pages of 32768 links.
    [Test]
    public void StructureBytes_PagedDictionary_CountsChunksPagesAndDirectories() =>
        Assert.That(Filled(40_000).StructureBytes, Is.EqualTo(40 + 40 + (24 + 32 * 8) + 20 * (24 + 2048 * 48) + (24 + 2 * 8) + 2 * (24 + 32_768 * 4)));

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
