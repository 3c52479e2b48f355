using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Storage.Tests;

/// <summary>
/// Keys on both sides of the inline limit (23 bytes stored in the entry, longer ones in an array of their own) and
/// binary keys, through every path of <see cref="KeyTable{TValue}"/> that stores, finds or hands out a key.
/// </summary>
public sealed class KeyTableInlineKeyTests
{
    private static readonly int[] s_lengths = [0, 1, 22, 23, 24, 100, 254, 255];

    // A key of `length` bytes, distinct for each (length, seed); the bytes cycle through 0x00..0xFF.
    private static byte[] KeyOf(int length, int seed = 0)
    {
        var key = new byte[length];
        for (int i = 0; i < length; i++)
        {
            key[i] = (byte)(seed * 31 + i * 7);
        }
        if (length >= 4)
        {
            BitConverter.TryWriteBytes(key.AsSpan(length - 4), seed);
        }
        return key;
    }

    // Keys of every length of interest, `perLength` of each (distinct: the seed is in the last 4 bytes; the
    // lengths under 4 only get one key each, and the empty key one in all).
    private static List<byte[]> MixedKeys(int perLength)
    {
        var keys = new List<byte[]>();
        foreach (int length in s_lengths)
        {
            for (int seed = 0; seed < (length < 4 ? 1 : perLength); seed++)
            {
                keys.Add(KeyOf(length, seed));
            }
        }
        return keys;
    }

    private static KeyTable<int> TableOf(IReadOnlyList<byte[]> keys)
    {
        var table = new KeyTable<int>();
        for (int i = 0; i < keys.Count; i++)
        {
            Assert.That(table.TryAdd(keys[i], i), Is.True);
        }
        return table;
    }

    private static string Hex(ReadOnlySpan<byte> key) => Convert.ToHexString(key);

    // 254: the length would read as the free-slot marker if a long key's length were stored in the length byte.
    [TestCaseSource(nameof(s_lengths))]
    public void AddFindRemove_KeyOfLength_RoundTrips(int length)
    {
        var table = new KeyTable<int>();
        byte[] key = KeyOf(length);
        table.TryAdd(key, 7);
        bool found = table.TryGetValue(key, out int value);
        bool foundShorter = length > 0 && table.ContainsKey(key.AsSpan(0, length - 1));
        bool foundLonger = table.ContainsKey([.. key, 0]);
        bool removed = table.Remove(key, out int removedValue);
        Assert.That((found, value, foundShorter, foundLonger, removed, removedValue, table.Count, table.ContainsKey(key)),
            Is.EqualTo((true, 7, false, false, true, 7, 0, false)));
    }

    [TestCaseSource(nameof(s_lengths))]
    public void Enumerator_KeyOfLength_ShowsItsBytes(int length)
    {
        KeyTable<int> table = TableOf([KeyOf(length)]);
        var seen = new List<string>();
        foreach (KeyTable<int>.Item entry in table)
        {
            seen.Add(Hex(entry.Key));
        }
        Assert.That(seen, Is.EqualTo(new[] { Hex(KeyOf(length)) }));
    }

    [Test]
    public void TryGetValue_LongKey_HandsOutItsArrayAndShortKeyNone()
    {
        KeyTable<int> table = TableOf([KeyOf(23), KeyOf(24)]);
        table.TryGetValue(KeyOf(23), out byte[]? shortArray, out _);
        table.TryGetValue(KeyOf(24), out byte[]? longArray, out _);
        Assert.That((shortArray, Hex(longArray)), Is.EqualTo(((byte[]?)null, Hex(KeyOf(24)))));
    }

    [Test]
    public void Keys_BinaryBytes_AreFoundAndKeptApart()
    {
        byte[][] keys =
        [
            [0x00],
            [0xFF],
            [0x00, 0x00],
            [0xFF, 0x00],
            [0xFE],
            [.. Enumerable.Repeat((byte)0xFF, 23)], // all marker bytes, the longest inline key
            [.. Enumerable.Repeat((byte)0xFF, 24)],
            [.. Enumerable.Repeat((byte)0x00, 23)],
            [.. Enumerable.Repeat((byte)0x00, 24)],
            [0xFF, .. KeyOf(22)], // first byte 0xFF, 23 bytes
            [0xFF, .. KeyOf(50)],
        ];
        KeyTable<int> table = TableOf(keys);
        int[] values = keys.Select(k => table.TryGetValue(k, out int v) ? v : -1).ToArray();
        var enumerated = new HashSet<string>();
        foreach (KeyTable<int>.Item entry in table)
        {
            enumerated.Add(Hex(entry.Key));
        }
        Assert.Multiple(() =>
        {
            Assert.That(values, Is.EqualTo(Enumerable.Range(0, keys.Length)));
            Assert.That(enumerated, Is.EquivalentTo(keys.Select(k => Hex(k))));
            Assert.That(table.ContainsKey([0xFF, 0xFF]), Is.False);
            Assert.That(table.ContainsKey([]), Is.False);
        });
    }

    [Test]
    public void RemoveThenAdd_ReusedSlotsWithOtherLengths_KeepEveryKey()
    {
        List<byte[]> keys = MixedKeys(50);
        KeyTable<int> table = TableOf(keys);
        // Free every other slot, then fill them with keys of other lengths (the free list hands them out again).
        for (int i = 0; i < keys.Count; i += 2)
        {
            table.Remove(keys[i]);
        }
        var added = new List<byte[]>();
        for (int i = 0; i < keys.Count; i += 2)
        {
            byte[] key = KeyOf(s_lengths[(i / 2) % s_lengths.Length], 1000 + i);
            if (table.TryAdd(key, -i))
            {
                added.Add(key);
            }
        }
        var expected = keys.Where((_, i) => i % 2 == 1).Concat(added).Select(k => Hex(k)).ToList();
        var seen = new List<string>();
        foreach (KeyTable<int>.Item entry in table)
        {
            seen.Add(Hex(entry.Key));
        }
        Assert.That((seen.Count, table.Count), Is.EqualTo((expected.Count, expected.Count)));
        Assert.That(seen, Is.EquivalentTo(expected));
    }

    [Test]
    public void Rehash_MixedLengths_EveryKeyFoundWithItsValue()
    {
        List<byte[]> keys = MixedKeys(500); // about 3,000 keys: several doublings, rehashed by the adds themselves
        KeyTable<int> table = TableOf(keys);
        while (table.IsRehashing)
        {
            table.Rehash(100);
        }
        int wrong = keys.Select((k, i) => table.TryGetValue(k, out int v) && v == i ? 0 : 1).Sum();
        Assert.That((wrong, table.Count), Is.EqualTo((0, keys.Count)));
    }

    [Test]
    public void Scan_RehashDuringTheScanMixedLengths_ReturnsEveryKeyPresentThroughout()
    {
        List<byte[]> stable = MixedKeys(40);
        KeyTable<int> table = TableOf(stable);
        var returned = new HashSet<string>();
        bool rehashedDuringScan = false;
        int batch = 0;
        ulong cursor = 0;
        do
        {
            cursor = table.Scan(cursor, static (set, key, ref _) => set.Add(Hex(key)), returned);
            // Between calls: add transient keys on both sides of the inline limit (growing, so rehashes run), then
            // remove them. At least 4 bytes long, so their seed makes them distinct from the stable keys.
            for (int n = 0; n < 8; n++)
            {
                table.TryAdd(TransientKey(batch, n), -1);
            }
            if (batch % 3 == 2)
            {
                for (int b = batch - 2; b <= batch; b++)
                {
                    for (int n = 0; n < 8; n++)
                    {
                        table.Remove(TransientKey(b, n));
                    }
                }
            }
            batch++;
            rehashedDuringScan |= table.IsRehashing;
        }
        while (cursor != 0);
        Assert.That(rehashedDuringScan, Is.True);
        Assert.That(stable.Select(k => Hex(k)).Where(k => !returned.Contains(k)), Is.Empty);
    }

    // Lengths of at least 4 bytes, whose seed (in their last 4 bytes) tells them apart from every stable key.
    private static readonly int[] s_transientLengths = [4, 22, 23, 24, 100, 255];

    private static byte[] TransientKey(int batch, int n) =>
        KeyOf(s_transientLengths[n % s_transientLengths.Length], 100_000 + batch * 8 + n);

    [Test]
    public void TryGetRandomEntry_MixedLengths_ReturnsAStoredKeyWithItsValue()
    {
        List<byte[]> keys = MixedKeys(20);
        KeyTable<int> table = TableOf(keys);
        var seenLengths = new HashSet<int>();
        for (int i = 0; i < 2000; i++)
        {
            Assert.That(table.TryGetRandomEntry(out byte[] key, out int value), Is.True);
            Assert.That(Hex(key), Is.EqualTo(Hex(keys[value])));
            Assert.That(table.TryGetRandomEntryFast(out byte[] fastKey, out int fastValue), Is.True);
            Assert.That(Hex(fastKey), Is.EqualTo(Hex(keys[fastValue])));
            seenLengths.Add(key.Length);
        }
        Assert.That(seenLengths, Is.SupersetOf(new[] { 23, 24, 100 }));
    }

    [Test]
    public void GetSomeEntries_MixedLengths_ReturnsStoredKeysWithTheirValues()
    {
        List<byte[]> keys = MixedKeys(20);
        KeyTable<int> table = TableOf(keys);
        var sample = new KeyValuePair<byte[], int>[keys.Count];
        int found = table.GetSomeEntries(sample);
        Assert.That(found, Is.GreaterThan(0));
        Assert.That(sample.Take(found).Where(e => Hex(e.Key) != Hex(keys[e.Value])), Is.Empty);
        Assert.That(sample.Take(found).Select(e => e.Value).Distinct().Count(), Is.EqualTo(found));
    }

    [Test]
    public void Release_MixedLengths_HandsOverEveryValue()
    {
        List<byte[]> keys = MixedKeys(10);
        KeyTable<int> table = TableOf(keys);
        table.Remove(keys[0]); // a freed slot is not handed over
        var values = new List<int>();
        table.Release(values.Add);
        Assert.That(values, Is.EquivalentTo(Enumerable.Range(1, keys.Count - 1)));
    }
}
