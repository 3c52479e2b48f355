using Reactor.MiniRedis.Protocol;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Engine.Commands;

/// <summary>
/// The search loop of LPOS (lposCommand in redis/redis src/t_list.c), with the options already parsed. It can be
/// run more than once over an unchanged list: LPOS with COUNT runs it to size the array, then to write it.
/// </summary>
internal readonly ref struct ListPositionSearch
{
    private readonly RedisList _list;
    private readonly ReadOnlySpan<byte> _element;
    private readonly long _rank;
    private readonly long _count;
    private readonly long _maxLength;
    private readonly ListEnd _towards;

    /// <summary>
    /// <paramref name="rank"/> is not 0 (negative searches from the tail); <paramref name="count"/> is -1 without
    /// COUNT, else ≥ 0 (0: every match); <paramref name="maxLength"/> ≥ 0 (0: no cap).
    /// </summary>
    public ListPositionSearch(RedisList list, ReadOnlySpan<byte> element, long rank, long count, long maxLength)
    {
        _list = list;
        _element = element;
        _count = count;
        _maxLength = maxLength;
        _towards = rank < 0 ? ListEnd.Head : ListEnd.Tail;
        // Like Redis's `rank = -rank` on a C long: LONG_MIN stays negative, so every match counts as reaching the
        // rank and the search returns from the first match on (what redis-server 7.0 answers).
        _rank = rank < 0 ? unchecked(-rank) : rank;
    }

    /// <summary>
    /// Without COUNT: the head-based index of the rank-th match, or -1. With COUNT: how many indexes match (from
    /// the rank-th on, at most count unless count is 0), each written to <paramref name="reply"/> when given.
    /// </summary>
    public long Run(ReplyWriter? reply)
    {
        bool towardsTail = _towards == ListEnd.Tail;
        int length = _list.Count;
        long scanned = 0;
        long matches = 0;
        long emitted = 0;
        ListIterator iterator = _list.Iterate(towardsTail ? 0 : length - 1, _towards);
        while (iterator.MoveNext() && (_maxLength == 0 || scanned < _maxLength))
        {
            scanned++;
            if (!iterator.Current.SequenceEqual(_element))
            {
                continue;
            }
            matches++;
            if (matches < _rank)
            {
                continue;
            }
            if (_count == -1)
            {
                return iterator.Index;
            }
            reply?.WriteInteger(iterator.Index);
            emitted++;
            if (_count != 0 && unchecked(matches - _rank + 1) >= _count)
            {
                break;
            }
        }
        return _count == -1 ? -1 : emitted;
    }
}
