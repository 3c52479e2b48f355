using System.Diagnostics.CodeAnalysis;

namespace Reactor.MiniRedis.Storage;

/// <summary>
/// Compares keys as raw bytes. It also accepts <see cref="ReadOnlySpan{T}"/> as an alternate key, so a
/// <see cref="Dictionary{TKey, TValue}"/> can be searched straight from the request bytes without copying the key;
/// a byte[] is created only when a new key is added. Hashes use the per-process random seed of
/// <see cref="HashCode"/>, which keeps hash flooding out the way Redis's seeded siphash does.
/// </summary>
public sealed class KeyComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
{
    /// <summary>The one instance every keyspace and collection shares.</summary>
    public static readonly KeyComparer Instance = new();

    private KeyComparer()
    {
    }

    /// <inheritdoc />
    public bool Equals(byte[]? x, byte[]? y) =>
        ReferenceEquals(x, y) || (x is not null && y is not null && x.AsSpan().SequenceEqual(y));

    /// <inheritdoc />
    public int GetHashCode([DisallowNull] byte[] obj) => Hash(obj);

    /// <inheritdoc />
    public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

    /// <inheritdoc />
    public int GetHashCode(ReadOnlySpan<byte> alternate) => Hash(alternate);

    /// <inheritdoc />
    public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();

    private static int Hash(ReadOnlySpan<byte> key)
    {
        var hash = new HashCode();
        hash.AddBytes(key);
        return hash.ToHashCode();
    }
}
