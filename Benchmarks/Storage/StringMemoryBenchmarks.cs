using BenchmarkDotNet.Attributes;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Benchmarks.Storage;

/// <summary>
/// What a string value costs, in bytes and time, by value size: around <see cref="RedisString.InlineCapacity"/>
/// (values up to it live inside the object, longer ones in an array of their own) and a long value. The Allocated
/// column of <see cref="Create"/> is the heap a new value takes (the object, plus its array if any), the same
/// figure as <see cref="RedisObject.EstimatedBytes"/> (INFO used_memory counts it). Budgets: Create allocates
/// exactly EstimatedBytes (64 B up to 20 bytes of value); Overwrite, Read and IncrementInPlace 0 B.
/// </summary>
/// <remarks>BenchmarkDotNet derives from benchmark classes, so they cannot be sealed.</remarks>
[MemoryDiagnoser]
public class StringMemoryBenchmarks
{
    private byte[] _value = null!;
    private byte[] _other = null!;
    private RedisString _string = null!;
    private RedisString _counter = null!;

    [Params(8, 16, 20, 21, 64, 1024)]
    public int ValueSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _value = new byte[ValueSize];
        _other = new byte[ValueSize];
        _value.AsSpan().Fill((byte)'v');
        _other.AsSpan().Fill((byte)'w');
        _string = RedisString.FromBytes(_value);
        _counter = RedisString.FromInt64(0);
    }

    /// <summary>A new value from request bytes (SET of a new key). Budget: EstimatedBytes.</summary>
    [Benchmark]
    public RedisString Create() => RedisString.FromBytes(_value);

    /// <summary>Overwriting a value with another of the same size (SET of an existing key). Budget: 0 B.</summary>
    [Benchmark]
    public void Overwrite() => _string.SetBytes(_other);

    /// <summary>Reading the value's bytes (GET). Budget: 0 B.</summary>
    [Benchmark]
    public int Read() => _string.GetBytes(default).Length;

    /// <summary>INCR of an int-encoded value in place (the integer lives in the inline buffer). Budget: 0 B.</summary>
    [Benchmark]
    public long IncrementInPlace()
    {
        _counter.SetInt64(_counter.Integer + 1);
        return _counter.Integer;
    }
}
