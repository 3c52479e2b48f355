using System.Text;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Storage.Tests;

// DenseDictionary past ChunkSize (2048) entries and PageSize (16384) buckets: chunked entries and paged buckets must
// keep positions, links, SCAN and the memory model exactly as the flat layout does, without large-object arrays.
public sealed class DenseDictionaryPagingTests
{
    private const int LohThreshold = 85_000;

    [Test]
    public void Add_OneMillionEntries_NoArrayReachesTheLohThreshold()
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
            Assert.That(largest, Is.LessThan(LohThreshold));
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
            Assert.That(dict.KeyAt(2047), Is.EqualTo(Key(2048)));
            Assert.That(dict.KeyAt(2048), Is.EqualTo(Key(2049)));
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

    // Random adds and both kinds of removal around 20000 keys: the dictionary crosses the chunk and page boundaries
    // (flat → paged with one page → two pages) both ways, and every key keeps its value and position.
    [Test]
    public void RandomOperations_AcrossChunkAndPageBoundaries_MatchReferenceModel()
    {
        var random = new Random(11);
        var dict = new DenseDictionary<int>();
        var model = new Dictionary<string, int>();
        for (int step = 0; step < 120_000; step++)
        {
            bool adding = step < 60_000 ? random.Next(4) != 0 : random.Next(4) == 0;
            int n = random.Next(25_000);
            string key = $"k{n}";
            if (adding)
            {
                dict.GetValueRefOrAddDefault(Key(n), out _) = step;
                model[key] = step;
            }
            else if (dict.Remove(Key(n), keepOrder: random.Next(32) == 0) != model.Remove(key))
            {
                Assert.Fail($"step {step}: removing {key} disagrees with the model");
            }
        }
        Assert.That(dict.Count, Is.EqualTo(model.Count));
        foreach ((string key, int value) in model)
        {
            int position = dict.IndexOf(Encoding.ASCII.GetBytes(key));
            Assert.That(position >= 0 ? dict.ValueAt(position) : -1, Is.EqualTo(value), key);
        }
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

    // A small dictionary costs what it did before paging: the object (40 bytes) and two arrays of its capacity.
    [Test]
    public void StructureBytes_SmallDictionary_IsTheObjectAndTwoFlatArrays() =>
        Assert.That(Filled(3).StructureBytes, Is.EqualTo(40 + (24 + 4 * 24) + (24 + 4 * 4)));

    // Paged: the object, the directory object and its two directories (room for 16 chunks), the 10 chunks of 2048
    // entries that 20000 entries fill (chunks are allocated on first write), 2 pages of 16384 links.
    [Test]
    public void StructureBytes_PagedDictionary_CountsChunksPagesAndDirectories() =>
        Assert.That(Filled(20_000).StructureBytes, Is.EqualTo(40 + 40 + (24 + 16 * 8) + 10 * (24 + 2048 * 24) + (24 + 2 * 8) + 2 * (24 + 16_384 * 4)));

    // SSCAN's guarantee across paging: keys present throughout are returned while the dictionary grows from flat to
    // several pages and shrinks back, with removals that move entries across chunks.
    [TestCase(1, false)]
    [TestCase(2, true)]
    public void Scan_WhileGrowingPastPagesAndShrinkingBack_ReturnsEveryKeyPresentThroughout(int seed, bool keepOrder)
    {
        var random = new Random(seed);
        var dict = new DenseDictionary<int>();
        for (int i = 0; i < 1000; i++)
        {
            dict.TryAddOwned(Encoding.ASCII.GetBytes($"stable:{i}"), i);
        }
        var transient = new List<int>();
        int next = 0, calls = 0, maxCount = 0;
        var returned = new HashSet<string>();
        ulong cursor = 0;
        do
        {
            cursor = dict.Scan(cursor, static (set, key, _) => set.Add(Encoding.ASCII.GetString(key)), returned);
            calls++;
            if (calls <= 40)
            {
                for (int n = random.Next(2000); n > 0; n--)
                {
                    dict.TryAddOwned(Key(next), 0);
                    transient.Add(next++);
                }
            }
            int removals = calls <= 40 ? random.Next(50) : random.Next(keepOrder ? 200 : 3000);
            for (int n = removals; n > 0 && transient.Count > 0; n--)
            {
                int at = random.Next(transient.Count);
                dict.Remove(Key(transient[at]), keepOrder);
                transient[at] = transient[^1];
                transient.RemoveAt(transient.Count - 1);
            }
            maxCount = Math.Max(maxCount, dict.Count);
            Assert.That(calls, Is.LessThan(1_000_000), "the iteration must end");
        }
        while (cursor != 0);
        Assert.Multiple(() =>
        {
            Assert.That(maxCount, Is.GreaterThan(20_000), "the dictionary grew past one bucket page");
            Assert.That(Enumerable.Range(0, 1000).Select(i => $"stable:{i}"), Is.SubsetOf(returned));
        });
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
