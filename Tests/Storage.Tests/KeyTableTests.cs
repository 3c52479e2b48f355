using System.Runtime.CompilerServices;
using System.Text;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Storage.Tests;

public sealed class KeyTableTests
{
    private static byte[] Key(string name) => Encoding.ASCII.GetBytes(name);

    private static string Name(ReadOnlySpan<byte> key) => Encoding.ASCII.GetString(key);

    private static KeyTable<int> TableWith(int count, string prefix = "k")
    {
        var table = new KeyTable<int>();
        for (int i = 0; i < count; i++)
        {
            table.TryAdd(Key(prefix + i), i);
        }
        return table;
    }

    // Makes lookups of a missing key until the rehash under way is done (each lookup moves one bucket).
    private static void FinishRehash(KeyTable<int> table)
    {
        while (table.IsRehashing)
        {
            table.ContainsKey("no such key"u8);
        }
    }

    private static Dictionary<string, int> Contents(KeyTable<int> table)
    {
        var contents = new Dictionary<string, int>();
        foreach (KeyTable<int>.Item entry in table)
        {
            contents.Add(Name(entry.Key), entry.Value);
        }
        return contents;
    }

    [Test]
    public void FirstValueInBucket_TheFirstEntryOfTheKeysChainOrNone()
    {
        var table = new KeyTable<int>();
        Assert.That(Unsafe.IsNullRef(ref table.FirstValueInBucket(KeyTable<int>.HashOf("a"u8))), Is.True);
        table.TryAdd(Key("a"), 7);
        Assert.That(table.FirstValueInBucket(KeyTable<int>.HashOf("a"u8)), Is.EqualTo(7));
    }

    // Prefetching is a hint: on an empty table, a table part way through a rehash (pages of table 0 already
    // dropped) and for missing keys it neither throws nor changes anything, not even the rehash's progress.
    [Test]
    public void Prefetch_AnyTableAnyKey_ChangesNothing()
    {
        var empty = new KeyTable<int>();
        empty.PrefetchBucket(KeyTable<int>.HashOf("k"u8));
        empty.PrefetchEntry(KeyTable<int>.HashOf("k"u8));

        KeyTable<int> table = TableWith(70_000);
        for (int i = 0; !table.IsRehashing; i++)
        {
            table.TryAdd(Key("more" + i), i);
        }
        for (int i = 0; i < 25_000; i++)
        {
            table.ContainsKey("no such key"u8); // moves the rehash past some pages of table 0, not to its end
        }
        Assert.That(table.IsRehashing, Is.True);
        Dictionary<string, int> before = Contents(table);
        foreach (string name in before.Keys.Concat(["no such key", "k-1", ""]))
        {
            uint hash = KeyTable<int>.HashOf(Key(name));
            table.PrefetchBucket(hash);
            table.PrefetchEntry(hash);
        }
        Dictionary<string, int> after = Contents(table);
        Assert.That(table.IsRehashing, Is.True);
        Assert.That(after.Count == before.Count && before.All(e => after.TryGetValue(e.Key, out int value) && value == e.Value), Is.True);
    }

    // Every key a full SCAN iteration reports, with how often, when nothing changes during it.
    private static Dictionary<string, int> ScanAll(KeyTable<int> table)
    {
        var seen = new Dictionary<string, int>();
        ulong cursor = 0;
        do
        {
            cursor = table.Scan(cursor, static (seen, key, ref _) => seen[Name(key)] = seen.GetValueOrDefault(Name(key)) + 1, seen);
        }
        while (cursor != 0);
        return seen;
    }

    // ---- basic operations ----

    [Test]
    public void TryGetValue_EmptyTable_ReturnsFalse() => Assert.That(new KeyTable<int>().TryGetValue("k"u8, out _), Is.False);

    [Test]
    public void TryAdd_NewKey_IsFoundByContent()
    {
        var table = new KeyTable<int>();
        table.TryAdd("k"u8, 7);
        Assert.That((table.TryGetValue(Key("k"), out int value), value, table.Count), Is.EqualTo((true, 7, 1)));
    }

    [Test]
    public void TryAdd_ExistingKey_ReturnsFalseAndKeepsValue()
    {
        var table = new KeyTable<int>();
        table.TryAdd("k"u8, 1);
        Assert.That(table.TryAdd("k"u8, 2), Is.False);
        Assert.That(table.TryGetValue("k"u8, out int value) ? value : -1, Is.EqualTo(1));
    }

    [Test]
    public void TryAdd_CopiesTheKeyBytes()
    {
        var table = new KeyTable<int>();
        byte[] key = Key("k");
        table.TryAdd(key, 1);
        key[0] = (byte)'x';
        Assert.That(table.ContainsKey("k"u8), Is.True);
    }

    [Test]
    public void GetValueRefOrAddDefault_NewKey_ReturnsDefaultSlotThatCanBeWritten()
    {
        var table = new KeyTable<int>();
        ref int slot = ref table.GetValueRefOrAddDefault("k"u8, out bool exists);
        Assert.That((exists, slot), Is.EqualTo((false, 0)));
        slot = 42;
        Assert.That(table.TryGetValue("k"u8, out int value) ? value : -1, Is.EqualTo(42));
    }

    [Test]
    public void GetValueRefOrAddDefault_ExistingKey_ReturnsItsSlot()
    {
        var table = new KeyTable<int>();
        table.TryAdd("k"u8, 5);
        ref int slot = ref table.GetValueRefOrAddDefault("k"u8, out bool exists);
        slot++;
        Assert.That((exists, table.TryGetValue("k"u8, out int value) ? value : -1), Is.EqualTo((true, 6)));
    }

    [Test]
    public void GetValueRefOrAddShared_NewLongKey_StoresTheGivenArray()
    {
        var table = new KeyTable<int>();
        byte[] key = Key("a key longer than 23 bytes");
        table.GetValueRefOrAddShared(key, key, out _) = 1;
        table.TryGetValue(key, out byte[]? stored, out _);
        Assert.That(stored, Is.SameAs(key));
    }

    [Test]
    public void GetValueRefOrAddShared_NewShortKey_StoresItInline()
    {
        var table = new KeyTable<int>();
        byte[] key = Key("k");
        table.GetValueRefOrAddShared(key, key, out _) = 1;
        key[0] = (byte)'x'; // the table holds its own copy
        Assert.That((table.TryGetValue("k"u8, out byte[]? stored, out int value), stored, value), Is.EqualTo((true, (byte[]?)null, 1)));
    }

    [Test]
    public void Remove_PresentKey_ReturnsValue()
    {
        var table = new KeyTable<int>();
        table.TryAdd("k"u8, 9);
        Assert.That(table.Remove("k"u8, out int value), Is.True);
        Assert.That((value, table.Count), Is.EqualTo((9, 0)));
    }

    [Test]
    public void Remove_MissingKey_ReturnsFalse()
    {
        KeyTable<int> table = TableWith(3);
        Assert.That((table.Remove("nope"u8), table.Count), Is.EqualTo((false, 3)));
    }

    [Test]
    public void Clear_RemovesEverything()
    {
        KeyTable<int> table = TableWith(100);
        table.Clear();
        Assert.That((table.Count, table.Slots, table.ContainsKey("k1"u8), Contents(table).Count), Is.EqualTo((0, 0L, false, 0)));
    }

    [Test]
    public void Clear_ThenAdd_Works()
    {
        KeyTable<int> table = TableWith(100);
        table.Clear();
        table.TryAdd("k"u8, 1);
        Assert.That((table.Count, table.ContainsKey("k"u8)), Is.EqualTo((1, true)));
    }

    [Test]
    public void Enumerator_AddDuringEnumeration_Throws()
    {
        KeyTable<int> table = TableWith(3);
        Assert.Throws<InvalidOperationException>(() =>
        {
            foreach (KeyTable<int>.Item entry in table)
            {
                table.TryAdd(Key("new" + entry.Value), 0);
            }
        });
    }

    [Test]
    public void Enumerator_LookupsDuringRehash_DoNotDisturbIt()
    {
        KeyTable<int> table = TableWith(1024);
        table.TryAdd("extra"u8, -1); // starts growing to 2048 buckets
        var seen = new List<int>();
        foreach (KeyTable<int>.Item entry in table)
        {
            table.ContainsKey(entry.Key); // each lookup moves a bucket
            seen.Add(entry.Value);
        }
        Assert.That(seen, Is.EquivalentTo(Enumerable.Range(0, 1024).Append(-1)));
    }

    // ---- sizing: grow at load factor 1, shrink under 10%, incremental rehash ----

    [Test]
    public void FirstAdd_CreatesFourBuckets()
    {
        var table = new KeyTable<int>();
        table.TryAdd("k"u8, 1);
        Assert.That(table.Slots, Is.EqualTo(4));
    }

    [Test]
    public void Add_WhenCountReachesSize_StartsRehashToDoubleSize()
    {
        KeyTable<int> table = TableWith(4);
        Assert.That((table.Slots, table.IsRehashing), Is.EqualTo((4L, false)));
        table.TryAdd("k4"u8, 4);
        Assert.That((table.Slots, table.IsRehashing), Is.EqualTo((4L + 8, true)));
    }

    [Test]
    public void Rehash_MovesBucketsUntilDone_ThenOnlyTheNewTableRemains()
    {
        KeyTable<int> table = TableWith(1025); // the 1025th add started growing from 1024 to 2048 buckets
        Assert.That(table.IsRehashing, Is.True);
        while (table.Rehash(1))
        {
        }
        Assert.That((table.IsRehashing, table.Slots), Is.EqualTo((false, 2048L)));
    }

    [Test]
    public void Rehash_EveryKeyStaysFindableAtEveryStep()
    {
        KeyTable<int> table = TableWith(1025);
        int steps = 0;
        do
        {
            if (steps++ % 64 == 0)
            {
                for (int i = 0; i < 1025; i++)
                {
                    Assert.That(table.TryGetValue(Key("k" + i), out int value) && value == i, Is.True, $"k{i} at step {steps}");
                }
            }
        }
        while (table.Rehash(1));
        Assert.That(Contents(table), Has.Count.EqualTo(1025));
    }

    [Test]
    public void RehashMilliseconds_FinishesASmallRehash()
    {
        KeyTable<int> table = TableWith(1025);
        Assert.That(table.RehashMilliseconds(1000), Is.GreaterThan(0));
        Assert.That(table.IsRehashing, Is.False);
    }

    [Test]
    public void RehashMilliseconds_NotRehashing_DoesNothing() =>
        Assert.That(TableWith(10).RehashMilliseconds(1), Is.Zero);

    [Test]
    public void Lookups_AdvanceTheRehash()
    {
        KeyTable<int> table = TableWith(1025);
        for (int i = 0; i < 5000 && table.IsRehashing; i++)
        {
            table.ContainsKey("missing"u8);
        }
        Assert.That(table.IsRehashing, Is.False);
    }

    [Test]
    public void Remove_BelowTenPercentFull_ShrinksToSmallestPowerOfTwoHoldingTheCount()
    {
        KeyTable<int> table = TableWith(100); // 128 buckets
        FinishRehash(table);
        for (int i = 0; i < 88; i++)
        {
            table.Remove(Key("k" + i));
        }
        // 12 keys in 128 buckets is 9%: shrink to 16.
        FinishRehash(table);
        Assert.That((table.Count, table.Slots), Is.EqualTo((12, 16L)));
    }

    [Test]
    public void Remove_AtTenPercentFull_DoesNotShrink()
    {
        KeyTable<int> table = TableWith(100);
        FinishRehash(table);
        for (int i = 0; i < 87; i++)
        {
            table.Remove(Key("k" + i));
        }
        Assert.That((table.Count, table.Slots, table.IsRehashing), Is.EqualTo((13, 128L, false)));
    }

    [Test]
    public void Remove_LastKey_LeavesAnEmptyUsableTable()
    {
        KeyTable<int> table = TableWith(1000);
        for (int i = 0; i < 1000; i++)
        {
            table.Remove(Key("k" + i));
        }
        table.TryAdd("again"u8, 1);
        Assert.That((table.Count, table.ContainsKey("again"u8), Contents(table).Count), Is.EqualTo((1, true, 1)));
    }

    [Test]
    public void GrowThenShrink_TablesSpanningManyBucketPages_KeepEveryKey()
    {
        KeyTable<int> table = TableWith(70_000); // 131,072 buckets: several bucket pages
        FinishRehash(table);
        for (int i = 5_000; i < 70_000; i++)
        {
            table.Remove(Key("k" + i)); // shrinks in steps, dropping old pages as each rehash passes them
        }
        FinishRehash(table);
        Dictionary<string, int> scanned = ScanAll(table);
        Assert.Multiple(() =>
        {
            Assert.That((table.Count, table.Slots), Is.EqualTo((5_000, 16_384L))); // shrank once, below 10% of 131,072
            Assert.That(Enumerable.Range(0, 5_000).All(i => table.TryGetValue(Key("k" + i), out int v) && v == i), Is.True);
            Assert.That((scanned.Count, scanned.Values.Max()), Is.EqualTo((5_000, 1)));
        });
    }

    /*
     * The reference-model test: random adds, in-place updates, removes and lookups against a Dictionary, in phases
     * that grow the table (mostly adds) and shrink it (mostly removes), so operations land before, during and after
     * rehashes in both directions. Every result, and the count, must match the model at every step; the contents
     * must match after every phase. (Mismatches are collected and asserted once: an assertion per step is slow.)
     */
    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(4)]
    public void RandomOperations_MatchDictionaryModel(int seed)
    {
        var random = new Random(seed);
        var table = new KeyTable<int>();
        var model = new Dictionary<string, int>();
        var mismatches = new List<string>();
        bool sawRehash = false, sawShrink = false;
        long previousSlots = 0;
        for (int phase = 0; phase < 6; phase++)
        {
            bool growing = phase % 2 == 0;
            for (int op = 0; op < 20_000; op++)
            {
                string name = "key:" + random.Next(growing ? 20_000 : 8_000);
                byte[] key = Key(name);
                int choice = random.Next(100);
                bool ok;
                if (choice < (growing ? 50 : 10))
                {
                    ok = table.TryAdd(key, op) == model.TryAdd(name, op);
                }
                else if (choice < (growing ? 65 : 20))
                {
                    ref int slot = ref table.GetValueRefOrAddDefault(key, out bool exists);
                    ok = exists == model.ContainsKey(name);
                    slot = op;
                    model[name] = op;
                }
                else if (choice < (growing ? 80 : 85))
                {
                    bool removed = table.Remove(key, out int value);
                    ok = removed == model.Remove(name, out int expected) && (!removed || value == expected);
                }
                else
                {
                    bool found = table.TryGetValue(key, out int value);
                    ok = found == model.TryGetValue(name, out int expected) && (!found || value == expected);
                }
                if (!ok || table.Count != model.Count)
                {
                    mismatches.Add($"phase {phase} op {op} choice {choice} key {name}");
                }
                sawRehash |= table.IsRehashing;
                sawShrink |= table.Slots < previousSlots && !table.IsRehashing;
                previousSlots = table.Slots;
            }
            // Same size and every pair equal (NUnit's EquivalentTo is quadratic on collections this big).
            Dictionary<string, int> contents = Contents(table);
            Assert.That(contents.Count == model.Count && model.All(p => contents.TryGetValue(p.Key, out int v) && v == p.Value), Is.True, $"after phase {phase}");
        }
        Assert.That(mismatches, Is.Empty);
        Assert.That((sawRehash, sawShrink), Is.EqualTo((true, true)));
    }

    // ---- SCAN ----

    [Test]
    public void Scan_EmptyTable_ReturnsZero() =>
        Assert.That(new KeyTable<int>().Scan(0, static (_, _, ref _) => { }, 0), Is.Zero);

    [Test]
    public void Scan_CursorOrder_IsReverseBinary()
    {
        KeyTable<int> table = TableWith(5); // 8 buckets once the rehash is done
        FinishRehash(table);
        var cursors = new List<ulong>();
        ulong cursor = 0;
        do
        {
            cursor = table.Scan(cursor, static (_, _, ref _) => { }, 0);
            cursors.Add(cursor);
        }
        while (cursor != 0);
        Assert.That(cursors, Is.EqualTo(new ulong[] { 4, 2, 6, 1, 5, 3, 7, 0 }));
    }

    [Test]
    public void Scan_NoChanges_ReturnsEveryKeyExactlyOnce()
    {
        KeyTable<int> table = TableWith(3000);
        FinishRehash(table);
        Dictionary<string, int> seen = ScanAll(table);
        Assert.That((seen.Count, seen.Values.Max()), Is.EqualTo((3000, 1)));
    }

    [Test]
    public void Scan_WholeIterationDuringARehash_ReturnsEveryKey()
    {
        KeyTable<int> table = TableWith(4097); // growing from 4096 to 8192 buckets; Scan itself does not rehash
        Assert.That(table.IsRehashing, Is.True);
        Assert.That(ScanAll(table).Keys, Is.EquivalentTo(Enumerable.Range(0, 4097).Select(i => "k" + i)));
    }

    [Test]
    public void Scan_LookupsFromTheCallback_DoNotAdvanceTheRehash()
    {
        KeyTable<int> table = TableWith(4097); // growing from 4096 to 8192 buckets
        var seen = new HashSet<string>();
        ulong cursor = 0;
        do
        {
            cursor = table.Scan(cursor, (set, key, ref _) =>
            {
                for (int i = 0; i < 100; i++)
                {
                    table.ContainsKey(key); // each would move a bucket if rehashing were not paused
                }
                set.Add(Name(key));
            }, seen);
        }
        while (cursor != 0);
        Assert.That((table.IsRehashing, seen.Count), Is.EqualTo((true, 4097)));
    }

    /*
     * SCAN's guarantee: an element present for the whole iteration is returned at least once, while the table grows
     * (many adds between calls, several doublings) and then shrinks (removing them again), with rehashes in both
     * directions under way at some calls. Stable keys are never touched; transient keys come and go.
     */
    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(4)]
    [TestCase(5)]
    public void Scan_WhileTableGrowsAndShrinks_ReturnsEveryKeyPresentThroughout(int seed)
    {
        var random = new Random(seed);
        KeyTable<int> table = TableWith(300, "stable:");
        FinishRehash(table);
        var transient = new List<string>();
        int nextTransient = 0;
        var returned = new HashSet<string>();
        long maxSlots = table.Slots, slotsAtEnd;
        int calls = 0;
        bool scannedWhileRehashing = false;
        ulong cursor = 0;
        do
        {
            scannedWhileRehashing |= table.IsRehashing;
            cursor = table.Scan(cursor, static (set, key, ref _) => set.Add(Name(key)), returned);
            calls++;
            if (calls <= 40)
            {
                // Growth: up to 1000 new keys per call (about 20,000 in all, 64 times the stable keys).
                for (int n = random.Next(1000); n > 0; n--)
                {
                    string name = "transient:" + nextTransient++;
                    table.TryAdd(Key(name), 0);
                    transient.Add(name);
                }
            }
            else
            {
                // Shrink: remove the transient keys again, in random order, a random amount per call.
                for (int n = random.Next(1500); n > 0 && transient.Count > 0; n--)
                {
                    int at = random.Next(transient.Count);
                    table.Remove(Key(transient[at]));
                    transient[at] = transient[^1];
                    transient.RemoveAt(transient.Count - 1);
                }
            }
            if (random.Next(4) == 0)
            {
                table.RehashMilliseconds(1);
            }
            maxSlots = Math.Max(maxSlots, table.Slots);
        }
        while (cursor != 0);
        slotsAtEnd = table.Slots;

        var missing = Enumerable.Range(0, 300).Select(i => "stable:" + i).Where(k => !returned.Contains(k)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(missing, Is.Empty);
            Assert.That(maxSlots, Is.GreaterThanOrEqualTo(16384), "the table grew during the iteration");
            Assert.That(slotsAtEnd, Is.LessThan(maxSlots), "the table shrank during the iteration");
            Assert.That(scannedWhileRehashing, Is.True);
        });
    }

    [Test]
    public void Scan_WhileTableShrinksInSteps_ReturnsEveryKeyPresentThroughout()
    {
        KeyTable<int> table = TableWith(5000, "gone:");
        for (int i = 0; i < 200; i++)
        {
            table.TryAdd(Key("stable:" + i), i);
        }
        FinishRehash(table);
        var returned = new HashSet<string>();
        ulong cursor = 0;
        int next = 0;
        do
        {
            cursor = table.Scan(cursor, static (set, key, ref _) => set.Add(Name(key)), returned);
            for (int n = 0; n < 50 && next < 5000; n++)
            {
                table.Remove(Key("gone:" + next++)); // shrinks 8192 -> 1024 buckets, rehashed incrementally
            }
        }
        while (cursor != 0);
        Assert.That(Enumerable.Range(0, 200).Select(i => "stable:" + i), Is.SubsetOf(returned));
    }

    // ---- random sampling ----

    [Test]
    public void TryGetRandomEntry_EmptyTable_ReturnsFalse() =>
        Assert.That(new KeyTable<int>().TryGetRandomEntry(out _, out _), Is.False);

    [TestCase(true)]  // dictGetFairRandomKey
    [TestCase(false)] // dictGetRandomKey
    public void TryGetRandomEntry_ManyDraws_CoverEveryKey(bool fair)
    {
        KeyTable<int> table = TableWith(200);
        FinishRehash(table);
        var seen = new HashSet<int>();
        var wrong = new List<string>();
        for (int i = 0; i < 20_000; i++)
        {
            byte[] key;
            int value;
            _ = fair ? table.TryGetRandomEntry(out key, out value) : table.TryGetRandomEntryFast(out key, out value);
            if (Name(key) != "k" + value)
            {
                wrong.Add(Name(key));
            }
            seen.Add(value);
        }
        Assert.That((seen.Count, wrong.Count), Is.EqualTo((200, 0)));
    }

    [Test]
    public void TryGetRandomEntry_WhileRehashing_ReturnsPresentEntries()
    {
        KeyTable<int> table = TableWith(8193); // growing to 16384 buckets
        var draws = new List<(string Key, int Value)>();
        while (table.IsRehashing)
        {
            table.TryGetRandomEntry(out byte[] key, out int value);
            draws.Add((Name(key), value));
            table.TryGetRandomEntryFast(out key, out value);
            draws.Add((Name(key), value));
        }
        Assert.That(draws.Where(d => d.Key != "k" + d.Value || d.Value < 0 || d.Value > 8192), Is.Empty);
    }

    [Test]
    public void TryGetRandomEntry_SparseTableAfterRemovals_StillCoversEveryKey()
    {
        KeyTable<int> table = TableWith(2000);
        for (int i = 10; i < 2000; i++)
        {
            table.Remove(Key("k" + i));
        }
        var seen = new HashSet<int>();
        for (int i = 0; i < 2000; i++)
        {
            table.TryGetRandomEntry(out _, out int value);
            seen.Add(value);
        }
        Assert.That(seen, Is.EquivalentTo(Enumerable.Range(0, 10)));
    }

    [Test]
    public void GetSomeEntries_DenseTable_FillsTheSpanWithDistinctPresentEntries()
    {
        KeyTable<int> table = TableWith(1000);
        FinishRehash(table);
        var sample = new KeyValuePair<byte[], int>[20];
        int found = table.GetSomeEntries(sample);
        Assert.That(found, Is.EqualTo(20));
        Assert.That(sample.Select(e => Name(e.Key)).Distinct().Count(), Is.EqualTo(20));
        Assert.That(sample.Where(e => Name(e.Key) != "k" + e.Value), Is.Empty);
    }

    [Test]
    public void GetSomeEntries_FewerEntriesThanAsked_ReturnsAtMostCount()
    {
        KeyTable<int> table = TableWith(3);
        var sample = new KeyValuePair<byte[], int>[10];
        Assert.That(table.GetSomeEntries(sample), Is.LessThanOrEqualTo(3));
    }
}
