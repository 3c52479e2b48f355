namespace Reactor.MiniRedis.Storage;

/// <summary>
/// A handle to one element of a <see cref="SkipList"/>: what a zskiplistNode pointer is in redis/redis. The element
/// itself lives in the list's arrays (see <see cref="SkipList"/>'s remarks); the handle is the list and the
/// element's place there, so it costs nothing to hand out. <c>default</c> is Redis's NULL: no element
/// (<see cref="Exists"/> is false), returned past either end.
/// </summary>
/// <remarks>
/// A handle stays valid while its element is in the list, through score updates; once the element is removed its
/// place may be reused by a later insert, as a freed node's memory is in Redis.
/// </remarks>
public readonly struct SkipListNode : IEquatable<SkipListNode>
{
    private readonly SkipList? _list;

    internal SkipListNode(SkipList list, int block)
    {
        _list = list;
        Block = block;
    }

    /// <summary>False for <c>default</c>, the handle past either end (Redis's NULL node pointer).</summary>
    public bool Exists => _list is not null;

    /// <summary>The member's bytes, where the list keeps them: valid until the element is removed.</summary>
    public ReadOnlySpan<byte> Member => _list!.MemberOf(Block);

    /// <summary>The heap bytes the member takes beyond the node: its own array when it is too long to keep inline.</summary>
    internal long MemberHeapBytes => _list!.MemberHeapBytesOf(Block);

    /// <summary>The score.</summary>
    public double Score => _list!.ScoreOf(Block);

    /// <summary>The next element in score order, or none at the tail.</summary>
    public SkipListNode Next => _list!.NextOf(Block);

    /// <summary>The previous element in score order, or none at the head.</summary>
    public SkipListNode Previous => _list!.PreviousOf(Block);

    /// <summary>How many levels the element has (zslRandomLevel's pick).</summary>
    internal int Height => _list!.HeightOf(Block);

    /// <summary>Where the element's levels start in its list (see <see cref="SkipList"/>).</summary>
    internal int Block { get; }

    /// <inheritdoc />
    public bool Equals(SkipListNode other) => ReferenceEquals(_list, other._list) && Block == other.Block;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is SkipListNode other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => Block;

    /// <summary>Whether both handles name the same element (or both none).</summary>
    public static bool operator ==(SkipListNode left, SkipListNode right) => left.Equals(right);

    /// <summary>Whether the handles name different elements.</summary>
    public static bool operator !=(SkipListNode left, SkipListNode right) => !left.Equals(right);
}
