namespace Reactor.MiniRedis.Benchmarks.Columns;

/// <summary>
/// Declares how many input bytes one operation of a benchmark processes, so <see cref="ThroughputColumn"/> can
/// show the table's mean as bytes per second. The benchmark's setup should check the figure against its real input.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BytesPerOperationAttribute(long bytes) : Attribute
{
    /// <summary>Input bytes per operation (per request when the benchmark sets OperationsPerInvoke).</summary>
    public long Bytes { get; } = bytes;
}
