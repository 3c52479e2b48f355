using Reactor.MiniRedis.Engine.Server;

namespace Reactor.MiniRedis.Engine.Tests;

public class RandomHexTests
{
    [Test]
    public void RunId_IsFortyLowercaseHexCharacters() =>
        Assert.That(RandomHex.RunId(), Does.Match("^[0-9a-f]{40}$"));

    [Test]
    public void RunId_DiffersEachTime()
    {
        var ids = Enumerable.Range(0, 1000).Select(_ => RandomHex.RunId()).ToHashSet();
        Assert.That(ids, Has.Count.EqualTo(1000));
    }

    [Test]
    public void RunId_EveryPositionVaries()
    {
        // The GUIDs' fixed version and variant bits must not leak into the id: every hex position takes many values.
        string[] ids = Enumerable.Range(0, 2000).Select(_ => RandomHex.RunId()).ToArray();
        for (int position = 0; position < RandomHex.Length; position++)
        {
            int distinct = ids.Select(id => id[position]).Distinct().Count();
            Assert.That(distinct, Is.EqualTo(16), $"position {position}");
        }
    }
}
