using System.Reflection;
using Reactor.MiniRedis.Engine.Host;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Integration.Tests;

/// <summary>
/// What the binary compiles before it serves: the generic methods written for our own types are closed over every
/// type of ours that meets their constraints, so a first ZRANGEBYSCORE, ZADD or SSCAN does not compile them on the
/// loop. Timings are BENCHMARKS.md's business; this checks which instantiations are found.
/// </summary>
public sealed class JitWarmupTests
{
    private static readonly List<MethodInfo> s_closed = JitWarmup.CloseConstrainedGenericMethods(JitWarmup.ServedTypes());

    [TestCase(typeof(RedisSortedSet), "FirstInRange", typeof(ScoreRange))]
    [TestCase(typeof(RedisSortedSet), "FirstInRange", typeof(LexRange))]
    [TestCase(typeof(RedisSortedSet), "CountInRange", typeof(LexRange))]
    [TestCase(typeof(SkipList), "DeleteRange", typeof(ScoreRange))]
    public void CloseConstrainedGenericMethods_SortedSetRanges_ClosedOverEachRangeKind(Type owner, string name, Type range) =>
        Assert.That(s_closed.Any(m => m.DeclaringType == owner && m.Name == name && m.GetGenericArguments().SequenceEqual([range])), Is.True);

    // The skip list's one walk over its step rules, including the generic rule structs closed over each range kind:
    // a fixed point over our generic structs.
    [Test]
    public void CloseConstrainedGenericMethods_SkipListWalk_ClosedOverEveryStepRule()
    {
        string[] rules = [.. s_closed.Where(m => m.DeclaringType == typeof(SkipList) && m.Name == "Descend")
            .Select(m => Describe(m.GetGenericArguments()[0]))];
        Assert.That(rules, Is.SupersetOf(new[] { "Before", "AtOrBefore", "RankAtMost", "BelowMin<ScoreRange>", "BelowMin<LexRange>", "AtMostMax<ScoreRange>", "AtMostMax<LexRange>" }));
    }

    // A type parameter without a constraint of ours (a callback's state) could be anything: none is guessed.
    [Test]
    public void CloseConstrainedGenericMethods_UnconstrainedParameter_NotClosed() =>
        Assert.That(s_closed.Where(m => m.DeclaringType == typeof(RedisSortedSet) && m.Name == "Scan"), Is.Empty);

    [Test]
    public void Run_CompilesTheServedMethodsAndTheClosedOnes()
    {
        (int methods, _) = JitWarmup.Run();
        Assert.That(methods, Is.GreaterThan(s_closed.Count + 3000));
    }

    private static string Describe(Type type) =>
        type.IsGenericType ? $"{type.Name[..type.Name.IndexOf('`')]}<{string.Join(",", type.GetGenericArguments().Select(Describe))}>" : type.Name;
}
