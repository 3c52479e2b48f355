namespace Reactor.MiniRedis.Engine.Tracking;

/// <summary>
/// Orders byte strings as memcmp then length does, which is the order a radix tree (rax in Redis) iterates its
/// keys in: prefixes and broadcast key lists come out in that order.
/// </summary>
internal sealed class ByteOrder : IComparer<byte[]>
{
    /// <summary>The one instance.</summary>
    public static readonly ByteOrder Instance = new();

    private ByteOrder()
    {
    }

    /// <inheritdoc />
    public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
}
