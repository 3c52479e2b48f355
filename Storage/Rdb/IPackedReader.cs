namespace Reactor.MiniRedis.Storage.Rdb;

/// <summary>
/// What <see cref="ListpackReader"/> and <see cref="ZiplistReader"/> share: a validating walk over the elements of
/// a packed encoding, each an integer or a string, so the loader reads both encodings with one piece of code.
/// </summary>
internal interface IPackedReader
{
    /// <summary>True when the current element is an integer (<see cref="Integer"/>), else it is <see cref="String"/>.</summary>
    bool IsInteger { get; }

    /// <summary>The current element's value when <see cref="IsInteger"/>.</summary>
    long Integer { get; }

    /// <summary>The current element's bytes when it is a string.</summary>
    ReadOnlySpan<byte> String { get; }

    /// <summary>Steps to the next element; false at the end (after the end checks).</summary>
    bool MoveNext();
}
