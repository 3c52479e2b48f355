namespace Reactor.MiniRedis.Storage.Tests;

/// <summary>Binary-safe key comparison, and the span alternate lookup that finds keys without copying them.</summary>
public sealed class KeyComparerTests
{
    private static readonly KeyComparer Comparer = KeyComparer.Instance;

    [Test]
    public void Equals_SameContentInDifferentArrays_IsTrue() =>
        Assert.That(Comparer.Equals("key"u8.ToArray(), "key"u8.ToArray()), Is.True);

    [TestCase(new byte[] { 1, 2, 3 }, new byte[] { 1, 2, 4 })]   // different last byte
    [TestCase(new byte[] { 1, 2 }, new byte[] { 1, 2, 0 })]      // a prefix, even with a trailing NUL
    [TestCase(new byte[] { (byte)'k' }, new byte[] { (byte)'K' })] // keys are case-sensitive
    public void Equals_DifferentContent_IsFalse(byte[] x, byte[] y) =>
        Assert.That(Comparer.Equals(x, y), Is.False);

    [Test]
    public void Equals_EmptyArrays_IsTrue() =>
        Assert.That(Comparer.Equals([], []), Is.True);

    [Test]
    public void Equals_BothNull_IsTrue() =>
        Assert.That(Comparer.Equals(null, null), Is.True);

    [Test]
    public void Equals_OneNull_IsFalse() =>
        Assert.That(Comparer.Equals("k"u8.ToArray(), null), Is.False);

    [Test]
    public void Equals_SpanAndArrayWithSameContent_IsTrue() =>
        Assert.That(Comparer.Equals("a\0b"u8, "a\0b"u8.ToArray()), Is.True);

    [Test]
    public void Equals_SpanAndArrayWithDifferentContent_IsFalse() =>
        Assert.That(Comparer.Equals("a\0b"u8, "a\0c"u8.ToArray()), Is.False);

    [Test]
    public void GetHashCode_ArrayAndSpanWithSameContent_AreEqual() =>
        Assert.That(Comparer.GetHashCode("user:1000"u8.ToArray()), Is.EqualTo(Comparer.GetHashCode("user:1000"u8)));

    [Test]
    public void GetHashCode_SameContentInDifferentArrays_AreEqual()
    {
        byte[] first = "k"u8.ToArray(), second = "k"u8.ToArray();
        Assert.That(Comparer.GetHashCode(first), Is.EqualTo(Comparer.GetHashCode(second)));
    }

    [Test]
    public void Create_CopiesTheSpan()
    {
        byte[] source = "key"u8.ToArray();
        byte[] created = Comparer.Create(source);
        source[0] = (byte)'x';
        Assert.That(created, Is.EqualTo("key"u8.ToArray()));
    }

    [Test]
    public void AlternateLookup_KeyAddedFromSpan_IsFoundByArrayAndBySpan()
    {
        var dict = new Dictionary<byte[], int>(Comparer);
        var lookup = dict.GetAlternateLookup<ReadOnlySpan<byte>>();
        lookup.TryAdd("k\r\n1"u8, 7);
        Assert.Multiple(() =>
        {
            Assert.That(dict["k\r\n1"u8.ToArray()], Is.EqualTo(7));
            Assert.That(lookup.TryGetValue("k\r\n1"u8, out int value) && value == 7, Is.True);
            Assert.That(lookup.ContainsKey("k\r\n2"u8), Is.False);
        });
    }

    [Test]
    public void AlternateLookup_ManyBinaryKeys_AreAllDistinct()
    {
        var dict = new Dictionary<byte[], int>(Comparer);
        var lookup = dict.GetAlternateLookup<ReadOnlySpan<byte>>();
        Span<byte> key = stackalloc byte[2];
        for (int i = 0; i < 65536; i++)
        {
            key[0] = (byte)(i >> 8);
            key[1] = (byte)i;
            lookup.TryAdd(key, i);
        }
        int found = lookup[[0x12, 0x34]];
        Assert.Multiple(() =>
        {
            Assert.That(dict, Has.Count.EqualTo(65536));
            Assert.That(found, Is.EqualTo(0x1234));
        });
    }
}
