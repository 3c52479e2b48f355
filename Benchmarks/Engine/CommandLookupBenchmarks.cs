using BenchmarkDotNet.Attributes;
using Reactor.MiniRedis.Engine.Commands;

namespace Reactor.MiniRedis.Benchmarks.Engine;

/// <summary>
/// The command table's name lookup, which every request makes: a short name as redis-benchmark sends it (capitals),
/// a long one in small letters, and an unknown one. Budget: 0 B.
/// </summary>
/// <remarks>BenchmarkDotNet derives from benchmark classes, so they cannot be sealed.</remarks>
[MemoryDiagnoser]
public class CommandLookupBenchmarks
{
    private readonly CommandLookup _commands = new(CommandTable.All);
    private readonly byte[] _set = "SET"u8.ToArray();
    private readonly byte[] _long = "zrevrangebyscore"u8.ToArray();
    private readonly byte[] _unknown = "foo"u8.ToArray();

    [Benchmark]
    public CommandSpec? Short() => _commands.Find(_set);

    [Benchmark]
    public CommandSpec? Long() => _commands.Find(_long);

    [Benchmark]
    public CommandSpec? Unknown() => _commands.Find(_unknown);
}
