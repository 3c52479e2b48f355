using BenchmarkDotNet.Running;

namespace Reactor.MiniRedis.Benchmarks;

/// <summary>
/// Entry point: <c>dotnet run -c Release -- --filter '*'</c> runs everything, <c>--filter '*Dispatch*'</c> one
/// class, <c>--list flat</c> lists them. Add <c>--job short</c> for a quick check.
/// </summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
