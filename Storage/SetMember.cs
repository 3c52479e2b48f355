namespace Reactor.MiniRedis.Storage;

/// <summary>
/// One member read out of a <see cref="RedisSet"/>: a 64-bit integer when the set is an intset, else the member's
/// bytes, either in an array or as a position in a hashtable set's dictionary (read in place, valid until that set
/// changes: <see cref="RedisSet.MemberAt"/> hands members out so, because a short member lives inside its dictionary
/// entry and has no array to hand out). Replies format integers straight into the reply buffer and write bytes from
/// the entry, so reading a member never allocates.
/// </summary>
public readonly struct SetMember
{
    private readonly byte[]? _bytes;
    private readonly DenseDictionary<byte>? _members; // with _integer as the position, when the bytes are read in place
    private readonly long _integer;

    /// <summary>A member held as an integer (intset encoding).</summary>
    public SetMember(long integer) => _integer = integer;

    /// <summary>A member held as bytes (hashtable encoding).</summary>
    public SetMember(byte[] bytes) => _bytes = bytes;

    /// <summary>The member at <paramref name="position"/> of a hashtable set's dictionary, read in place.</summary>
    internal SetMember(DenseDictionary<byte> members, int position)
    {
        _members = members;
        _integer = position;
    }

    /// <summary>True when the member is an integer (see <see cref="Integer"/>).</summary>
    public bool IsInteger => _bytes is null && _members is null;

    /// <summary>The integer value; valid only when <see cref="IsInteger"/>.</summary>
    public long Integer => _integer;

    /// <summary>
    /// The member's bytes as an array; valid only when not <see cref="IsInteger"/>. A short member read in place is
    /// copied (see <see cref="DenseDictionary{TValue}.KeyAt"/>): prefer <see cref="Span"/> to read it.
    /// </summary>
    public byte[] Bytes => _bytes ?? _members?.KeyAt((int)_integer) ?? throw NotBytes();

    /// <summary>The member's bytes, without copying; valid only when not <see cref="IsInteger"/>.</summary>
    public ReadOnlySpan<byte> Span
    {
        get
        {
            if (_bytes is not null)
            {
                return _bytes;
            }
            return _members is not null ? _members.KeySpanAt((int)_integer) : throw NotBytes();
        }
    }

    /// <summary>The member's bytes, formatting an integer into <paramref name="scratch"/> (at least 20 bytes).</summary>
    public ReadOnlySpan<byte> GetBytes(Span<byte> scratch) =>
        IsInteger ? scratch[..NumericText.FormatInt64(_integer, scratch)] : Span;

    /// <summary>The member's bytes as an array (a new array for an integer or a short member read in place).</summary>
    public byte[] ToArray() => IsInteger ? NumericText.Int64ToBytes(_integer) : Bytes;

    private static InvalidOperationException NotBytes() => new("The member is an integer.");
}
