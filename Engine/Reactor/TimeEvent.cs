namespace Reactor.MiniRedis.Engine.Reactor;

/// <summary>
/// A timer on the loop, like aeTimeEvent in redis/redis src/ae.h. The callback runs on the loop thread and returns
/// the delay in milliseconds until its next run, or a negative number to be removed (AE_NOMORE).
/// </summary>
internal sealed class TimeEvent(long id, long whenMilliseconds, Func<long> callback)
{
    public long Id { get; } = id;

    public long WhenMilliseconds { get; set; } = whenMilliseconds;

    public Func<long> Callback { get; } = callback;

    public bool Deleted { get; set; }
}
