using BenchmarkDotNet.Attributes;
using Reactor.MiniRedis.Engine.Server;

namespace Reactor.MiniRedis.Benchmarks.Engine;

/// <summary>
/// What call() adds per command with latency-tracking on: one <see cref="LatencyHistogram.Record"/> of a duration
/// (microseconds times 1000, as Redis records). The durations vary, as real ones do, so the bucket lookups are not
/// all one branch. Budget: a few ns and 0 B per record.
/// </summary>
/// <remarks>BenchmarkDotNet derives from benchmark classes, so they cannot be sealed.</remarks>
[MemoryDiagnoser]
public class LatencyHistogramBenchmarks
{
    private const int Durations = 1024;

    private readonly LatencyHistogram _histogram = new();
    private readonly long[] _microseconds = new long[Durations];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        for (int i = 0; i < Durations; i++)
        {
            _microseconds[i] = (long)Math.Pow(2, random.NextDouble() * 12); // 1 us to 4 ms
        }
    }

    /// <summary>One record per duration. Budget: 0 B.</summary>
    [Benchmark(OperationsPerInvoke = Durations)]
    public void Record()
    {
        long[] microseconds = _microseconds;
        for (int i = 0; i < microseconds.Length; i++)
        {
            _histogram.Record(microseconds[i] * 1000);
        }
    }
}
