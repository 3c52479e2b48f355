using System.Text;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Storage.Tests;

public sealed class DenseDictionaryTests
{
    [Test]
    public void GetValueRefOrAddDefault_NewKey_AddsDefault()
    {
        var dict = new DenseDictionary<int>();
        dict.GetValueRefOrAddDefault("a"u8, out bool exists) = 5;
        Assert.Multiple(() =>
        {
            Assert.That(exists, Is.False);
            Assert.That(dict.TryGetValue("a"u8, out int value) ? value : -1, Is.EqualTo(5));
        });
    }

    [Test]
    public void TryAddOwned_ExistingKey_ReturnsFalse()
    {
        var dict = new DenseDictionary<int>();
        dict.TryAddOwned("a"u8.ToArray(), 1);
        Assert.That(dict.TryAddOwned("a"u8.ToArray(), 2), Is.False);
    }

    [Test]
    public void Remove_KeepOrder_ShiftsLaterEntries()
    {
        DenseDictionary<int> dict = Filled(4);
        dict.Remove("k1"u8, keepOrder: true);
        Assert.Multiple(() =>
        {
            Assert.That(Keys(dict), Is.EqualTo(new[] { "k0", "k2", "k3" }));
            Assert.That(dict.IndexOf("k3"u8), Is.EqualTo(2));
        });
    }

    [Test]
    public void Remove_WithoutOrder_MovesLastIntoHole()
    {
        DenseDictionary<int> dict = Filled(4);
        dict.Remove("k0"u8, keepOrder: false);
        Assert.Multiple(() =>
        {
            Assert.That(Keys(dict), Is.EqualTo(new[] { "k3", "k1", "k2" }));
            Assert.That(dict.IndexOf("k3"u8), Is.EqualTo(0));
            Assert.That(dict.ValueAt(0), Is.EqualTo(3));
        });
    }

    [Test]
    public void Remove_Missing_ReturnsFalse() => Assert.That(Filled(2).Remove("x"u8, keepOrder: false), Is.False);

    [Test]
    public void KeyAt_OutOfRange_Throws() => Assert.Throws<ArgumentOutOfRangeException>(() => Filled(2).KeyAt(2));

    [Test]
    public void Clear_RemovesEverything()
    {
        DenseDictionary<int> dict = Filled(10);
        dict.Clear();
        Assert.Multiple(() =>
        {
            Assert.That(dict.Count, Is.Zero);
            Assert.That(dict.ContainsKey("k1"u8), Is.False);
        });
    }

    // Random adds and both kinds of removal against Dictionary<string, int>, checking positions stay consistent.
    [Test]
    public void RandomOperations_MatchReferenceModel()
    {
        var random = new Random(5);
        var dict = new DenseDictionary<int>();
        var model = new Dictionary<string, int>();
        for (int step = 0; step < 20_000; step++)
        {
            string key = $"k{random.Next(500)}";
            byte[] bytes = Encoding.ASCII.GetBytes(key);
            if (random.Next(2) == 0)
            {
                dict.GetValueRefOrAddDefault(bytes, out bool exists) = step;
                Assert.That(exists, Is.EqualTo(model.ContainsKey(key)));
                model[key] = step;
            }
            else
            {
                Assert.That(dict.Remove(bytes, keepOrder: random.Next(2) == 0), Is.EqualTo(model.Remove(key)));
            }
        }
        Assert.That(dict.Count, Is.EqualTo(model.Count));
        for (int i = 0; i < dict.Count; i++)
        {
            string key = Encoding.ASCII.GetString(dict.KeyAt(i));
            Assert.That(dict.ValueAt(i), Is.EqualTo(model[key]));
            Assert.That(dict.IndexOf(dict.KeyAt(i)), Is.EqualTo(i));
        }
    }

    private static DenseDictionary<int> Filled(int count)
    {
        var dict = new DenseDictionary<int>();
        for (int i = 0; i < count; i++)
        {
            dict.GetValueRefOrAddDefault(Encoding.ASCII.GetBytes($"k{i}"), out _) = i;
        }
        return dict;
    }

    private static List<string> Keys(DenseDictionary<int> dict)
    {
        var keys = new List<string>();
        for (int i = 0; i < dict.Count; i++)
        {
            keys.Add(Encoding.ASCII.GetString(dict.KeyAt(i)));
        }
        return keys;
    }
}
