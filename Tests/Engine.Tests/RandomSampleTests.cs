using Reactor.MiniRedis.Engine.Commands;

namespace Reactor.MiniRedis.Engine.Tests;

public sealed class RandomSampleTests
{
    [TestCase(10, 9)] // close to the size: one selecting pass
    [TestCase(10, 4)]
    [TestCase(1000, 3)] // few: random picks
    [TestCase(2, 1)]
    public void PickDistinct_AnyCount_FillsDistinctPositionsInRange(int size, int count)
    {
        int[] positions = new int[count];
        RandomSample.PickDistinct(size, positions);
        Assert.Multiple(() =>
        {
            Assert.That(positions, Is.Unique);
            Assert.That(positions, Has.All.InRange(0, size - 1));
        });
    }

    [Test]
    public void PickDistinct_CountCloseToSize_ComesInAscendingOrder()
    {
        int[] positions = new int[50];
        RandomSample.PickDistinct(60, positions);
        Assert.That(positions, Is.Ordered.And.Unique);
    }

    [TestCase(6, 5)]
    [TestCase(300, 2)]
    public void PickDistinct_ManyRuns_ReachesEveryPosition(int size, int count)
    {
        var seen = new HashSet<int>();
        int[] positions = new int[count];
        for (int run = 0; run < 10_000 && seen.Count < size; run++)
        {
            RandomSample.PickDistinct(size, positions);
            seen.UnionWith(positions);
        }
        Assert.That(seen, Has.Count.EqualTo(size));
    }
}
