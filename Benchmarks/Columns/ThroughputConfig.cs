using BenchmarkDotNet.Configs;

namespace Reactor.MiniRedis.Benchmarks.Columns;

/// <summary>Adds <see cref="ThroughputColumn"/> to a benchmark class: <c>[Config(typeof(ThroughputConfig))]</c>.</summary>
public sealed class ThroughputConfig : ManualConfig
{
    public ThroughputConfig() => AddColumn(new ThroughputColumn());
}
