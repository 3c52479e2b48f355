using System.Runtime.CompilerServices;

namespace Reactor.MiniRedis.Storage;

/// <summary>
/// The storage of one <see cref="InlineSlot"/> inside a struct (a dictionary entry's key, a hash value): a length
/// byte and up to <see cref="InlineSlot.Capacity"/> bytes, with no array of its own.
/// </summary>
[InlineArray(InlineSlot.Bytes)]
internal struct InlineSlotBytes
{
    private byte _byte0;
}
