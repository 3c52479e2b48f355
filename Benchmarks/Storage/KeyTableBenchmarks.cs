using System.Text;
using BenchmarkDotNet.Attributes;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Benchmarks.Storage;

/// <summary>
/// <see cref="KeyTable{TValue}"/> against the <see cref="Dictionary{TKey, TValue}"/> it replaced (same
/// <see cref="KeyComparer"/>, so the same hash function): lookups from request-like spans, hits and misses, 1024
/// random probes per invocation so cache misses in a large table show; and building a table of every key from empty,
/// resizes included (the table copies the 11-byte keys into its entries; the dictionary keeps the given arrays).
/// Allocation budget: 0 B for lookups; for inserts, the table's arrays only.
/// </summary>
/// <remarks>BenchmarkDotNet derives from benchmark classes, so they cannot be sealed.</remarks>
[MemoryDiagnoser]
public class KeyTableBenchmarks
{
    private const int Probes = 1024;
    private const int KeyLength = 11; // "key:0000001"

    private KeyTable<int> _table = null!;
    private Dictionary<byte[], int> _dictionary = null!;
    private Dictionary<byte[], int>.AlternateLookup<ReadOnlySpan<byte>> _dictionaryLookup;
    private byte[][] _keys = null!;
    private byte[] _hitKeys = null!;  // Probes keys back to back, each KeyLength bytes, like a query buffer
    private byte[] _missKeys = null!;

    [Params(1_000, 1_000_000)]
    public int KeyCount { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _keys = new byte[KeyCount][];
        for (int i = 0; i < KeyCount; i++)
        {
            _keys[i] = Key("key", i);
        }
        _table = BuildTable();
        _dictionary = BuildDictionary();
        _dictionaryLookup = _dictionary.GetAlternateLookup<ReadOnlySpan<byte>>();
        while (_table.IsRehashing)
        {
            _table.Rehash(1000); // measure the steady state, not the tail of the last resize
        }

        var random = new Random(42);
        _hitKeys = new byte[Probes * KeyLength];
        _missKeys = new byte[Probes * KeyLength];
        for (int i = 0; i < Probes; i++)
        {
            Key("key", random.Next(KeyCount)).CopyTo(_hitKeys, i * KeyLength);
            Key("nok", random.Next(KeyCount)).CopyTo(_missKeys, i * KeyLength);
        }
        if (KeyTableLookupHit() != Probes || DictionaryLookupHit() != Probes || KeyTableLookupMiss() != 0 || DictionaryLookupMiss() != 0)
        {
            throw new InvalidOperationException("The probe keys are not what they should be.");
        }
    }

    /// <summary>Dictionary lookup of an existing key from a span. Budget: 0 B.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Probes)]
    public int DictionaryLookupHit() => DictionaryCountFound(_hitKeys);

    /// <summary>KeyTable lookup of an existing key from a span. Budget: 0 B.</summary>
    [Benchmark(OperationsPerInvoke = Probes)]
    public int KeyTableLookupHit() => KeyTableCountFound(_hitKeys);

    /// <summary>Dictionary lookup of a missing key from a span. Budget: 0 B.</summary>
    [Benchmark(OperationsPerInvoke = Probes)]
    public int DictionaryLookupMiss() => DictionaryCountFound(_missKeys);

    /// <summary>KeyTable lookup of a missing key from a span. Budget: 0 B.</summary>
    [Benchmark(OperationsPerInvoke = Probes)]
    public int KeyTableLookupMiss() => KeyTableCountFound(_missKeys);

    /// <summary>Dictionary: every key inserted into an empty dictionary (divide by KeyCount for per key). Budget: its arrays.</summary>
    [Benchmark]
    public int DictionaryInsertAll() => BuildDictionary().Count;

    /// <summary>KeyTable: every key inserted into an empty table (divide by KeyCount for per key). Budget: its chunks and bucket arrays.</summary>
    [Benchmark]
    public int KeyTableInsertAll() => BuildTable().Count;

    private KeyTable<int> BuildTable()
    {
        var table = new KeyTable<int>();
        for (int i = 0; i < _keys.Length; i++)
        {
            table.GetValueRefOrAddDefault(_keys[i], out _) = i;
        }
        return table;
    }

    private Dictionary<byte[], int> BuildDictionary()
    {
        var dictionary = new Dictionary<byte[], int>(KeyComparer.Instance);
        for (int i = 0; i < _keys.Length; i++)
        {
            dictionary.TryAdd(_keys[i], i);
        }
        return dictionary;
    }

    private int KeyTableCountFound(byte[] keys)
    {
        int found = 0;
        for (int offset = 0; offset < keys.Length; offset += KeyLength)
        {
            if (_table.TryGetValue(keys.AsSpan(offset, KeyLength), out _))
            {
                found++;
            }
        }
        return found;
    }

    private int DictionaryCountFound(byte[] keys)
    {
        int found = 0;
        for (int offset = 0; offset < keys.Length; offset += KeyLength)
        {
            if (_dictionaryLookup.TryGetValue(keys.AsSpan(offset, KeyLength), out _))
            {
                found++;
            }
        }
        return found;
    }

    private static byte[] Key(string prefix, int i) => Encoding.ASCII.GetBytes($"{prefix}:{i:D7}");
}
