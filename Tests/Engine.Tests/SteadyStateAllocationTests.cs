using Reactor.MiniRedis.Engine.Tests.Support;

namespace Reactor.MiniRedis.Engine.Tests;

/// <summary>
/// The allocation budget of issue 6 as a guard: once warmed up, a batch of data-type writes that leaves the data
/// the same size (a push and a pop, an overwritten field, a moved member) allocates nothing on the loop thread
/// through decode, dispatch and encode. BenchmarkDotNet's DataTypeDispatchBenchmarks measures the same paths.
/// (GET, SET, INCR and MGET are guarded in StringCommandsTests.)
/// </summary>
public sealed class SteadyStateAllocationTests : CommandTestBase
{
    [SetUp]
    public void Fill()
    {
        for (int i = 0; i < 10; i++)
        {
            Run("RPUSH", "list", "xxx");
            Run("HSET", "hash", $"field:{i}", "xxx");
            Run("ZADD", "zset", $"{i}", $"member:{i}");
        }
    }

    [Test]
    public void LPushLPop_SameLengthElement_DoesNotAllocate() =>
        AssertNoAllocation(Resp.Command("LPUSH", "list", "yyy"), Resp.Command("LPOP", "list"));

    [Test]
    public void RPushRPop_SameLengthElement_DoesNotAllocate() =>
        AssertNoAllocation(Resp.Command("RPUSH", "list", "yyy"), Resp.Command("RPOP", "list"));

    [Test]
    public void HSet_ExistingFieldSameLength_DoesNotAllocate() =>
        AssertNoAllocation(Resp.Command("HSET", "hash", "field:3", "yyy"));

    [Test]
    public void ZAdd_ExistingMemberNewScore_DoesNotAllocate() =>
        AssertNoAllocation(Resp.Command("ZADD", "zset", "7.5", "member:2"), Resp.Command("ZADD", "zset", "2", "member:2"));

    [Test]
    public void Incr_ExistingCounter_DoesNotAllocate()
    {
        Run("SET", "counter", "1000");
        AssertNoAllocation(Resp.Command("INCR", "counter"));
    }
}
