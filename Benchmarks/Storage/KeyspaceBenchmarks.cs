using System.Text;
using BenchmarkDotNet.Attributes;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Benchmarks.Storage;

/// <summary>
/// Keyspace lookups straight from request-like spans, and overwriting an existing key. Each invocation probes
/// 1024 different keys, so results are per key and the cost of cache misses in a large dictionary shows.
/// Allocation budget: 0 B for every benchmark.
/// </summary>
/// <remarks>BenchmarkDotNet derives from benchmark classes, so they cannot be sealed.</remarks>
[MemoryDiagnoser]
public class KeyspaceBenchmarks
{
    private const int Probes = 1024;
    private const int KeyLength = 11; // "key:0000001"

    private Database _db = null!;
    private byte[] _hitKeys = null!;   // Probes keys back to back, each KeyLength bytes, like a query buffer
    private byte[] _missKeys = null!;
    private RedisObject[] _values = null!;

    [Params(1_000, 1_000_000)]
    public int KeyCount { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _db = new Database(0, TimeProvider.System);
        for (int i = 0; i < KeyCount; i++)
        {
            _db.Set(Key("key", i), RedisString.FromBytes("value-0123456789"u8));
        }
        var random = new Random(42);
        _hitKeys = new byte[Probes * KeyLength];
        _missKeys = new byte[Probes * KeyLength];
        _values = new RedisObject[Probes];
        for (int i = 0; i < Probes; i++)
        {
            Key("key", random.Next(KeyCount)).CopyTo(_hitKeys, i * KeyLength);
            Key("nok", random.Next(KeyCount)).CopyTo(_missKeys, i * KeyLength);
            _values[i] = RedisString.FromBytes("value-9876543210"u8);
        }
        if (LookupHit() != Probes || LookupMiss() != 0)
        {
            throw new InvalidOperationException("The probe keys are not what they should be.");
        }
    }

    /// <summary>Lookup of an existing key from a span: hash, probe, compare. Budget: 0 B.</summary>
    [Benchmark(OperationsPerInvoke = Probes)]
    public int LookupHit() => CountFound(_hitKeys);

    /// <summary>Lookup of a missing key from a span. Budget: 0 B.</summary>
    [Benchmark(OperationsPerInvoke = Probes)]
    public int LookupMiss() => CountFound(_missKeys);

    /// <summary>setKey on an existing key with a ready value: the stored key is kept. Budget: 0 B.</summary>
    [Benchmark(OperationsPerInvoke = Probes)]
    public void SetOverwrite()
    {
        for (int i = 0; i < Probes; i++)
        {
            _db.Set(_hitKeys.AsSpan(i * KeyLength, KeyLength), _values[i]);
        }
    }

    private int CountFound(byte[] keys)
    {
        int found = 0;
        for (int i = 0; i < Probes; i++)
        {
            found += _db.Lookup(keys.AsSpan(i * KeyLength, KeyLength)) is null ? 0 : 1;
        }
        return found;
    }

    private static byte[] Key(string prefix, int i) => Encoding.ASCII.GetBytes($"{prefix}:{i:D7}");
}
