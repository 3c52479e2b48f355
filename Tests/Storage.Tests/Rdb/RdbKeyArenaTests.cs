using Reactor.MiniRedis.Storage.Rdb;

namespace Reactor.MiniRedis.Storage.Tests.Rdb;

public sealed class RdbKeyArenaTests
{
    private static byte[] KeyOf(int length, int seed) => [.. Enumerable.Range(0, length).Select(i => (byte)(seed + i))];

    [Test]
    public void Copy_MoreKeysThanOneBlockHolds_EveryCopyKeepsItsBytes()
    {
        var arena = new RdbKeyArena();
        var keys = Enumerable.Range(0, 5000).Select(i => KeyOf(i % 40, i)).ToList(); // about 100 KB: several blocks
        var copies = keys.Select(k => arena.Copy(k)).ToList();
        Assert.That(copies.Select((c, i) => c.Span.SequenceEqual(keys[i])).All(same => same), Is.True);
    }

    [Test]
    public void Copy_KeyTooLongToPack_GetsAnArrayOfItsOwn()
    {
        var arena = new RdbKeyArena();
        byte[] key = KeyOf(10_000, 1);
        ReadOnlyMemory<byte> copy = arena.Copy(key);
        arena.Reset();
        arena.Copy(KeyOf(100, 2));
        Assert.That(copy.Span.SequenceEqual(key), Is.True);
    }

    [Test]
    public void Reset_ThenCopy_ReusesTheBlockFromItsStart()
    {
        var arena = new RdbKeyArena();
        ReadOnlyMemory<byte> first = arena.Copy("abc"u8);
        arena.Reset();
        arena.Copy("xyz"u8);
        Assert.That(first.Span.SequenceEqual("xyz"u8), Is.True);
    }
}
