using Reactor.MiniRedis.Engine.Reactor;

namespace Reactor.MiniRedis.Engine.Blocking;

/// <summary>
/// The deadlines of blocked clients, soonest first: the timeout table of redis/redis src/timeout.c (a radix tree
/// keyed by deadline and client id there, a sorted set of the same pairs here), so finding the clients whose time
/// is up costs O(log n) each however many clients wait. One loop timer is armed for the soonest deadline and
/// re-armed as deadlines come and go, so a timeout fires within the loop's millisecond timer resolution rather than
/// at the next server cron (Redis checks in beforeSleep and so answers up to one cron period late).
/// </summary>
internal sealed class BlockedTimeouts
{
    private readonly EventLoop _loop;
    private readonly Action<long> _timedOut;
    private readonly SortedSet<(long Deadline, long ClientId)> _table = [];
    private long _timerId = -1;
    private long _timerDue = long.MaxValue;

    /// <summary>Creates an empty table on <paramref name="loop"/>; <paramref name="timedOut"/> gets the id of each client whose deadline passed.</summary>
    public BlockedTimeouts(EventLoop loop, Action<long> timedOut)
    {
        _loop = loop;
        _timedOut = timedOut;
    }

    /// <summary>Clients in the table (INFO clients_in_timeout_table).</summary>
    public int Count => _table.Count;

    /// <summary>
    /// addClientToTimeoutTable: the client times out once the loop clock passes <paramref name="deadline"/>
    /// (checkBlockedClientTimeout's <c>timeout &lt; now</c>). Arms the timer earlier if this deadline is the soonest.
    /// </summary>
    public void Add(long deadline, long clientId)
    {
        _table.Add((deadline, clientId));
        long due = deadline + 1; // the first millisecond past the deadline
        if (due < _timerDue)
        {
            if (_timerId >= 0)
            {
                _loop.DeleteTimeEvent(_timerId);
            }
            _timerDue = due;
            _timerId = _loop.CreateTimeEvent(Math.Max(0, due - _loop.NowMilliseconds), OnTimer);
        }
    }

    /// <summary>removeClientFromTimeoutTable. The timer stays armed; if nothing is due when it fires, it re-arms or stops.</summary>
    public void Remove(long deadline, long clientId) => _table.Remove((deadline, clientId));

    /// <summary>
    /// handleBlockedClientsTimeout, run by the timer: hands every client whose deadline has passed to the
    /// time-out callback, then returns the delay until the next deadline is past, or -1 (no timer) when none is left.
    /// </summary>
    private long OnTimer()
    {
        long now = _loop.NowMilliseconds;
        while (_table.Count > 0)
        {
            (long deadline, long clientId) = _table.Min;
            if (deadline >= now)
            {
                break; // all the remaining deadlines are in the future
            }
            _table.Remove((deadline, clientId));
            _timedOut(clientId);
        }
        if (_table.Count == 0)
        {
            _timerId = -1;
            _timerDue = long.MaxValue;
            return -1;
        }
        _timerDue = _table.Min.Deadline + 1;
        return _timerDue - now;
    }
}
