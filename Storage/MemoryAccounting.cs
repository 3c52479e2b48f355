namespace Reactor.MiniRedis.Storage;

/// <summary>
/// The heap model behind INFO used_memory: how many bytes of the managed heap a key, a value or a table takes, by
/// the 64-bit CoreCLR object layout. Redis asks its allocator (zmalloc_used_memory counts every malloc and free);
/// the .NET garbage collector cannot say what one value holds, and its heap figures include garbage until the next
/// collection, so an eviction that frees a key would not show as freed memory until then. Instead every value type
/// computes its own size in O(1) from what it knows (its arrays' capacities and a running sum of its elements'
/// arrays, kept up to date as it grows and shrinks: <see cref="RedisObject.EstimatedBytes"/>), and each database
/// keeps the sum for its keys (<see cref="Database.MemoryBytes"/>).
/// </summary>
/// <remarks>
/// <para><b>The layout</b>: every object has a 16-byte header (object header word and method table pointer) and its
/// size is a multiple of 8, at least 24. An array adds an 8-byte length: a <c>byte[]</c> of n bytes takes
/// 24 + n rounded up to 8, an array of n references 24 + 8n. The instance sizes of the value types are constants
/// next to their fields. Tests compare the model with the live heap measured after a full collection
/// (Storage.Tests MemoryAccountingTests): it is exact to a few bytes per object.</para>
/// <para><b>Not counted</b>: objects shared by many values (encoding limits, comparers), the keyspace table's pool
/// slots freed by deletions and not yet reused, arrays shared between two sets (SINTERSTORE's results share member
/// arrays; each set counts them), and garbage the collector has not reclaimed yet. The last is what separates this
/// figure from the process's resident set: BENCHMARKS.md records the ratio for a few workloads.</para>
/// </remarks>
public static class MemoryAccounting
{
    /// <summary>An object's header: the object header word and the method table pointer.</summary>
    public const int ObjectHeader = 16;

    /// <summary>An array's header: the object header plus the 8-byte length.</summary>
    public const int ArrayHeader = 24;

    /// <summary>A reference field or array slot.</summary>
    public const int Reference = 8;

    /// <summary>The size of an object whose fields take <paramref name="fieldBytes"/> bytes: header plus fields, padded to 8, at least 24.</summary>
    public static long Object(int fieldBytes) => Math.Max(24, (ObjectHeader + fieldBytes + 7) & ~7);

    /// <summary>A <c>byte[]</c> of <paramref name="length"/> bytes: header, length, the bytes, padded to 8.</summary>
    public static long ByteArray(int length) => (ArrayHeader + (long)length + 7) & ~7L;

    /// <summary>An array of <paramref name="length"/> elements of <paramref name="elementBytes"/> bytes each, padded to 8.</summary>
    public static long Array(int length, int elementBytes) => (ArrayHeader + (long)length * elementBytes + 7) & ~7L;

    /// <summary>
    /// A keyspace key of <paramref name="length"/> bytes beyond its table entry: nothing when it is stored in the
    /// entry (<see cref="KeyTable{TValue}.InlineCapacity"/> bytes or fewer), else its own byte array.
    /// </summary>
    public static long Key(int length) => length <= KeyTable<StoredValue>.InlineCapacity ? 0 : ByteArray(length);

    /// <summary>An array of <paramref name="length"/> references.</summary>
    public static long ReferenceArray(int length) => ArrayHeader + (long)length * Reference;
}
