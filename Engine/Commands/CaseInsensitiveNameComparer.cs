using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Reactor.MiniRedis.Engine.Commands;

/// <summary>
/// ASCII case-insensitive comparison of command names, with a span alternate key so the dispatcher looks up
/// <c>gEt</c> straight from the request bytes without lower-casing or allocating.
/// </summary>
internal sealed class CaseInsensitiveNameComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
{
    public static readonly CaseInsensitiveNameComparer Instance = new();

    public bool Equals(byte[]? x, byte[]? y) => x is not null && y is not null && Ascii.EqualsIgnoreCase(x, y);

    public int GetHashCode([DisallowNull] byte[] obj) => Hash(obj);

    public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => Ascii.EqualsIgnoreCase(alternate, other);

    public int GetHashCode(ReadOnlySpan<byte> alternate) => Hash(alternate);

    public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();

    // Names are short; a simple case-folded FNV-1a is enough and needs no buffer.
    private static int Hash(ReadOnlySpan<byte> name)
    {
        uint hash = 2166136261;
        foreach (byte b in name)
        {
            hash = (hash ^ (uint)(b | 0x20)) * 16777619;
        }
        return (int)hash;
    }
}
