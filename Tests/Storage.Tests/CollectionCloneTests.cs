using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Storage.Tests;

/// <summary>COPY's deep copies: same contents and encoding, no shared state with the original.</summary>
public sealed class CollectionCloneTests
{
    private static readonly EncodingLimits s_limits = new();

    [Test]
    public void ListClone_AfterEditingOriginal_KeepsOldElements()
    {
        var list = new RedisList();
        list.Push("a"u8, ListEnd.Tail);
        list.Push("b"u8, ListEnd.Tail);
        RedisList copy = list.Clone();
        list[0] = "z"u8.ToArray();
        list.Push("c"u8, ListEnd.Head);
        Assert.That((copy.Count, copy[0].ToArray(), copy[1].ToArray()), Is.EqualTo((2, "a"u8.ToArray(), "b"u8.ToArray())));
    }

    [Test]
    public void HashClone_SameLengthOverwriteOfOriginal_DoesNotShowInCopy()
    {
        var hash = new RedisHash(s_limits);
        hash.Set("f"u8, "1"u8);
        RedisHash copy = hash.Clone();
        hash.Set("f"u8, "9"u8);
        Assert.That(copy.TryGetValue("f"u8, out byte[] value) ? value : null, Is.EqualTo("1"u8.ToArray()));
    }

    [Test]
    public void HashClone_HashtableEncoding_IsKept()
    {
        var hash = new RedisHash(s_limits);
        hash.Set("f"u8, new byte[s_limits.HashMaxListpackValue + 1]);
        Assert.That(hash.Clone().Encoding, Is.EqualTo("hashtable"));
    }

    [Test]
    public void SetClone_IntSet_KeepsEncodingAndIsIndependent()
    {
        var set = new RedisSet(s_limits);
        set.Add("1"u8);
        RedisSet copy = set.Clone();
        set.Add("2"u8);
        Assert.That((copy.Encoding, copy.Count), Is.EqualTo(("intset", 1)));
    }

    [Test]
    public void SetClone_Hashtable_KeepsEncodingAndMembers()
    {
        var set = new RedisSet(s_limits);
        set.Add("a"u8);
        RedisSet copy = set.Clone();
        set.Remove("a"u8);
        Assert.That((copy.Encoding, copy.Contains("a"u8)), Is.EqualTo(("hashtable", true)));
    }

    [Test]
    public void SortedSetClone_AfterUpdatingOriginal_KeepsOldScores()
    {
        var zset = new RedisSortedSet(s_limits);
        zset.Add(1, "a"u8, SortedSetAddFlags.None, out _);
        zset.Add(2, "b"u8, SortedSetAddFlags.None, out _);
        RedisSortedSet copy = zset.Clone();
        zset.Add(5, "a"u8, SortedSetAddFlags.None, out _);
        Assert.That(copy.TryGetScore("a"u8, out double score) ? score : double.NaN, Is.EqualTo(1));
        Assert.That((copy.GetRank("a"u8), copy.Count, copy.Encoding), Is.EqualTo((0, 2, "listpack")));
    }
}
