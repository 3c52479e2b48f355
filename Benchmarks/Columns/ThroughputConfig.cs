using BenchmarkDotNet.Configs;

namespace Reactor.MiniRedis.Benchmarks.Columns;

/// <summary>
/// Adds the throughput columns (from the mean and from the fastest iteration) to a benchmark class:
/// <c>[Config(typeof(ThroughputConfig))]</c>.
/// </summary>
public sealed class ThroughputConfig : ManualConfig
{
    public ThroughputConfig() => AddColumn(new ThroughputColumn(), new ThroughputColumn(fromMinimum: true));
}
