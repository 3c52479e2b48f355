namespace Reactor.MiniRedis.Storage;

/// <summary>
/// One member read out of a <see cref="RedisSet"/>: a 64-bit integer when the set is an intset, else the stored
/// bytes. Replies format integers straight into the reply buffer, so reading an intset member never allocates.
/// </summary>
public readonly struct SetMember
{
    private readonly byte[]? _bytes;
    private readonly long _integer;

    /// <summary>A member held as an integer (intset encoding).</summary>
    public SetMember(long integer) => _integer = integer;

    /// <summary>A member held as bytes (hashtable encoding).</summary>
    public SetMember(byte[] bytes) => _bytes = bytes;

    /// <summary>True when the member is an integer (see <see cref="Integer"/>).</summary>
    public bool IsInteger => _bytes is null;

    /// <summary>The integer value; valid only when <see cref="IsInteger"/>.</summary>
    public long Integer => _integer;

    /// <summary>The stored bytes; valid only when not <see cref="IsInteger"/>.</summary>
    public byte[] Bytes => _bytes ?? throw new InvalidOperationException("The member is an integer.");

    /// <summary>The member's bytes, formatting an integer into <paramref name="scratch"/> (at least 20 bytes).</summary>
    public ReadOnlySpan<byte> GetBytes(Span<byte> scratch) =>
        _bytes ?? (ReadOnlySpan<byte>)scratch[..NumericText.FormatInt64(_integer, scratch)];

    /// <summary>The member's bytes as an array (a new array for an integer).</summary>
    public byte[] ToArray() => _bytes ?? NumericText.Int64ToBytes(_integer);
}
