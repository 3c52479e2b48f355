using System.Globalization;
using System.Reflection;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Reactor.MiniRedis.Benchmarks.Columns;

/// <summary>
/// A "Throughput" column: the benchmark's <see cref="BytesPerOperationAttribute"/> divided by its mean time per
/// operation, in GB/s (10^9 bytes per second, i.e. bytes per nanosecond). Empty for benchmarks without the attribute.
/// </summary>
public sealed class ThroughputColumn : IColumn
{
    public string Id => nameof(ThroughputColumn);

    public string ColumnName => "Throughput";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Input bytes per operation divided by the mean time per operation (1 GB/s = 10^9 bytes/s)";

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        long? bytes = benchmarkCase.Descriptor.WorkloadMethod.GetCustomAttribute<BytesPerOperationAttribute>()?.Bytes;
        double? nanoseconds = summary[benchmarkCase]?.ResultStatistics?.Mean;
        if (bytes is null || nanoseconds is not > 0)
        {
            return "-";
        }
        return (bytes.Value / nanoseconds.Value).ToString("0.00", CultureInfo.InvariantCulture) + " GB/s";
    }

    public override string ToString() => ColumnName;
}
