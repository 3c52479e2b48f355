using System.Text;
using BenchmarkDotNet.Attributes;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Benchmarks.Storage;

/// <summary>
/// <see cref="DenseDictionary{TValue}"/>, the table behind hashes, sets and sorted sets, against a
/// <see cref="Dictionary{TKey, TValue}"/> with the same <see cref="KeyComparer"/> (what it was built on before it
/// got its own buckets for SSCAN/HSCAN/ZSCAN): lookups from request-like spans, hits and misses, 1024 random probes
/// per invocation, at a listpack-sized 100 entries and a big 100,000. Allocation budget: 0 B.
/// </summary>
/// <remarks>BenchmarkDotNet derives from benchmark classes, so they cannot be sealed.</remarks>
[MemoryDiagnoser]
public class DenseDictionaryBenchmarks
{
    private const int Probes = 1024;
    private const int KeyLength = 13; // "field:0000001"

    private DenseDictionary<int> _dense = null!;
    private Dictionary<byte[], int>.AlternateLookup<ReadOnlySpan<byte>> _dictionary;
    private byte[] _hitKeys = null!;  // Probes keys back to back, like a query buffer
    private byte[] _missKeys = null!;

    [Params(100, 100_000)]
    public int Entries { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _dense = new DenseDictionary<int>();
        var dictionary = new Dictionary<byte[], int>(KeyComparer.Instance);
        for (int i = 0; i < Entries; i++)
        {
            _dense.TryAddOwned(Key("field", i), i);
            dictionary.Add(Key("field", i), i);
        }
        _dictionary = dictionary.GetAlternateLookup<ReadOnlySpan<byte>>();
        var random = new Random(42);
        _hitKeys = new byte[Probes * KeyLength];
        _missKeys = new byte[Probes * KeyLength];
        for (int i = 0; i < Probes; i++)
        {
            Key("field", random.Next(Entries)).CopyTo(_hitKeys, i * KeyLength);
            Key("nokey", random.Next(Entries)).CopyTo(_missKeys, i * KeyLength);
        }
        if (DenseLookupHit() != Probes || DictionaryLookupHit() != Probes || DenseLookupMiss() != 0 || DictionaryLookupMiss() != 0)
        {
            throw new InvalidOperationException("The probe keys are not what they should be.");
        }
    }

    /// <summary>Dictionary lookup of an existing key from a span. Budget: 0 B.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Probes)]
    public int DictionaryLookupHit() => CountFound(_hitKeys, dense: false);

    /// <summary>DenseDictionary lookup of an existing key from a span. Budget: 0 B.</summary>
    [Benchmark(OperationsPerInvoke = Probes)]
    public int DenseLookupHit() => CountFound(_hitKeys, dense: true);

    /// <summary>Dictionary lookup of a missing key. Budget: 0 B.</summary>
    [Benchmark(OperationsPerInvoke = Probes)]
    public int DictionaryLookupMiss() => CountFound(_missKeys, dense: false);

    /// <summary>DenseDictionary lookup of a missing key. Budget: 0 B.</summary>
    [Benchmark(OperationsPerInvoke = Probes)]
    public int DenseLookupMiss() => CountFound(_missKeys, dense: true);

    private int CountFound(byte[] keys, bool dense)
    {
        int found = 0;
        for (int offset = 0; offset < keys.Length; offset += KeyLength)
        {
            ReadOnlySpan<byte> key = keys.AsSpan(offset, KeyLength);
            if (dense ? _dense.TryGetValue(key, out _) : _dictionary.TryGetValue(key, out _))
            {
                found++;
            }
        }
        return found;
    }

    private static byte[] Key(string prefix, int i) => Encoding.ASCII.GetBytes($"{prefix}:{i:D7}");
}
