using System.Globalization;
using System.Reflection;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Reactor.MiniRedis.Benchmarks.Columns;

/// <summary>
/// A "Throughput" column: the benchmark's <see cref="BytesPerOperationAttribute"/> divided by its mean time per
/// operation, in GB/s (10^9 bytes per second, i.e. bytes per nanosecond), or with <c>fromMinimum</c> a "Best
/// throughput" column divided by the fastest iteration instead, which other load on a shared machine disturbs least.
/// Shows "-" for benchmarks without the attribute.
/// </summary>
public sealed class ThroughputColumn(bool fromMinimum = false) : IColumn
{
    public string Id => nameof(ThroughputColumn) + (fromMinimum ? ".Min" : ".Mean");

    public string ColumnName => fromMinimum ? "Best throughput" : "Throughput";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => fromMinimum ? 1 : 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => fromMinimum
        ? "Input bytes per operation divided by the fastest iteration's time per operation"
        : "Input bytes per operation divided by the mean time per operation (1 GB/s = 10^9 bytes/s)";

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        long? bytes = benchmarkCase.Descriptor.WorkloadMethod.GetCustomAttribute<BytesPerOperationAttribute>()?.Bytes;
        var statistics = summary[benchmarkCase]?.ResultStatistics;
        double? nanoseconds = fromMinimum ? statistics?.Min : statistics?.Mean;
        if (bytes is null || nanoseconds is not > 0)
        {
            return "-";
        }
        return (bytes.Value / nanoseconds.Value).ToString("0.00", CultureInfo.InvariantCulture) + " GB/s";
    }

    public override string ToString() => ColumnName;
}
