using System.Text;
using BenchmarkDotNet.Attributes;
using Reactor.MiniRedis.Storage;
using Reactor.MiniRedis.Storage.Rdb;

namespace Reactor.MiniRedis.Benchmarks.Storage;

/// <summary>
/// RDB throughput on 100,000 keys: writing a whole file (rdbSaveRio: serialization, LZF, CRC-64), reading it back
/// into an empty keyspace (rdbLoadRio), and taking the point-in-time snapshot a BGSAVE starts with (values
/// deep-copied on the loop thread: the pause BGSAVE costs). Results are per key. Datasets: short strings only, or a
/// mix of every type (strings, small and large lists, sets, hashes and sorted sets).
/// Allocation budget: Save ~0 B per key (reused buffers); Load and Snapshot allocate the values they build.
/// </summary>
[MemoryDiagnoser]
public class RdbBenchmarks
{
    private const int Keys = 100_000;

    private Keyspace _keyspace = null!;
    private RdbSnapshot _snapshot = null!;
    private byte[] _file = null!;
    private readonly MemoryStream _output = new();
    private readonly RdbSaveOptions _options = new() { RedisVersion = "7.0.15" };

    [Params("strings", "mixed")]
    public string Dataset { get; set; } = "strings";

    [GlobalSetup]
    public void Setup()
    {
        _keyspace = new Keyspace(1, TimeProvider.System);
        Database db = _keyspace[0];
        EncodingLimits limits = _keyspace.EncodingLimits;
        for (int i = 0; i < Keys; i++)
        {
            byte[] key = Encoding.ASCII.GetBytes($"key:{i:D8}");
            db.Set(key, Dataset == "strings" ? RedisString.FromBytes(Encoding.ASCII.GetBytes($"value-{i:D10}")) : MixedValue(i, limits));
        }
        _snapshot = RdbSnapshot.Capture(_keyspace, RdbAccessInfo.None, copyValues: false);
        RdbFile.Save(_output, _snapshot, _options);
        _file = _output.ToArray();
    }

    /// <summary>Writing the whole file to memory.</summary>
    [Benchmark(OperationsPerInvoke = Keys)]
    public long Save()
    {
        _output.SetLength(0);
        RdbFile.Save(_output, _snapshot, _options);
        return _output.Length;
    }

    /// <summary>Reading the whole file into a new keyspace, checksum included.</summary>
    [Benchmark(OperationsPerInvoke = Keys)]
    public long Load()
    {
        var keyspace = new Keyspace(1, TimeProvider.System);
        return RdbFile.Load(new MemoryStream(_file, writable: false), keyspace, new RdbLoadOptions()).KeysLoaded;
    }

    /// <summary>The snapshot BGSAVE takes on the loop thread before its writer starts.</summary>
    [Benchmark(OperationsPerInvoke = Keys)]
    public long Snapshot() => RdbSnapshot.Capture(_keyspace, RdbAccessInfo.None, copyValues: true).TotalKeys;

    // One value of each kind in turn: a string, a list, a set, a hash, a sorted set (every 100th one large).
    private static RedisObject MixedValue(int i, EncodingLimits limits)
    {
        int size = i % 100 == 0 ? 1000 : 8;
        switch (i % 5)
        {
            case 0:
                return RedisString.FromBytes(Encoding.ASCII.GetBytes($"value-{i:D10}"));
            case 1:
                var list = new RedisList();
                for (int j = 0; j < size; j++)
                {
                    list.Push(Encoding.ASCII.GetBytes($"element-{j}"), ListEnd.Tail);
                }
                return list;
            case 2:
                var set = new RedisSet(limits);
                for (int j = 0; j < size; j++)
                {
                    set.Add(Encoding.ASCII.GetBytes(j % 2 == 0 ? $"{j}" : $"member-{j}"));
                }
                return set;
            case 3:
                var hash = new RedisHash(limits);
                for (int j = 0; j < size; j++)
                {
                    hash.Set(Encoding.ASCII.GetBytes($"field-{j}"), Encoding.ASCII.GetBytes($"value-{j}"));
                }
                return hash;
            default:
                var zset = new RedisSortedSet(limits);
                for (int j = 0; j < size; j++)
                {
                    zset.Add(j * 1.5, Encoding.ASCII.GetBytes($"member-{j}"), SortedSetAddFlags.None, out _);
                }
                return zset;
        }
    }
}
