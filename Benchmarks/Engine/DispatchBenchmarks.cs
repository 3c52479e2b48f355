using System.Text;
using BenchmarkDotNet.Attributes;

namespace Reactor.MiniRedis.Benchmarks.Engine;

/// <summary>
/// GET and SET end to end without sockets: the batch is copied into the connection's query buffer by a read, then
/// decoded, dispatched through the command table, answered into the reply buffer and written to an in-memory
/// transport (Connection.OnReadable + WriteToClient, as the event loop calls them). Every invocation runs 16
/// commands (16 round trips of 1, or 1 of 16), so results are per command at both pipeline depths.
/// </summary>
/// <remarks>BenchmarkDotNet derives from benchmark classes, so they cannot be sealed.</remarks>
[MemoryDiagnoser]
public class DispatchBenchmarks
{
    private const int CommandsPerInvoke = 16;

    private InMemoryClient _client = null!;
    private byte[] _getBatch = null!;
    private byte[] _setBatch = null!;

    [Params(16, 1024)]
    public int ValueSize { get; set; }

    [Params(1, 16)]
    public int PipelineDepth { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _client = new InMemoryClient();

        string value = new('v', ValueSize);
        var gets = new StringBuilder();
        var sets = new StringBuilder();
        for (int i = 0; i < PipelineDepth; i++)
        {
            RespRequest.Append(gets, "GET", $"key:{i:D6}");
            RespRequest.Append(sets, "SET", $"key:{i:D6}", value);
        }
        _getBatch = Encoding.ASCII.GetBytes(gets.ToString());
        _setBatch = Encoding.ASCII.GetBytes(sets.ToString());

        // The first SETs create the keys; after that every SET overwrites a same-sized value in place.
        _client.Expect(_setBatch, string.Concat(Enumerable.Repeat("+OK\r\n", PipelineDepth)));
        _client.Expect(_getBatch, string.Concat(Enumerable.Repeat($"${ValueSize}\r\n{value}\r\n", PipelineDepth)));
    }

    [GlobalCleanup]
    public void Cleanup() => _client.Dispose();

    /// <summary>GET of an existing key. Budget: 0 B per GET in steady state.</summary>
    [Benchmark(OperationsPerInvoke = CommandsPerInvoke)]
    public void Get() => Run(_getBatch);

    /// <summary>SET overwriting a same-sized string (its array is reused). Budget: 0 B per SET in steady state.</summary>
    [Benchmark(OperationsPerInvoke = CommandsPerInvoke)]
    public void Set() => Run(_setBatch);

    // Runs the batch CommandsPerInvoke / PipelineDepth times: 16 commands at either pipeline depth.
    private void Run(byte[] batch)
    {
        for (int round = CommandsPerInvoke / PipelineDepth; round > 0; round--)
        {
            _client.Run(batch);
        }
    }
}
