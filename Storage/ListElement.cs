using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Reactor.MiniRedis.Storage;

/// <summary>
/// An element popped from a <see cref="RedisList"/>: a short one's bytes copied into the value itself, a long one's
/// array as the list held it. A pop therefore allocates nothing, and pushing the element into another list
/// (LMOVE, BLMOVE) copies a short one's bytes into the destination's slot or hands a long one's array over.
/// </summary>
public readonly struct ListElement
{
    private readonly byte[]? _array;
    private readonly InlineBytes _inline;
    private readonly byte _length;

    /// <summary>A short element (at most <see cref="ListChunk.InlineCapacity"/> bytes), copied.</summary>
    internal ListElement(ReadOnlySpan<byte> element)
    {
        element.CopyTo(_inline);
        _length = (byte)element.Length;
    }

    /// <summary>A long element, by reference.</summary>
    internal ListElement(byte[] element) => _array = element;

    /// <summary>The element's bytes (valid while this value is).</summary>
    [UnscopedRef]
    public ReadOnlySpan<byte> Span => _array ?? ((ReadOnlySpan<byte>)_inline)[.._length];

    /// <summary>A long element's array, which the list no longer holds; null for a short element.</summary>
    internal byte[]? Array => _array;

    [InlineArray(ListChunk.InlineCapacity)]
    private struct InlineBytes
    {
        private byte _first;
    }
}
