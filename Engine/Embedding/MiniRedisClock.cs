using Reactor.MiniRedis.Engine.Reactor;

namespace Reactor.MiniRedis.Engine.Embedding;

/// <summary>
/// The clock of an embedded server: the time source from <see cref="MiniRedisServerOptions.TimeProvider"/> (the
/// system clock by default) plus an offset that only <see cref="AdvanceAsync"/> moves. Everything time-based in the
/// server reads it: key expiry (EX, PX, EXPIRE...), TTL, TIME, OBJECT IDLETIME, client idle times, and the loop's
/// timers (the cron and its active expiry). Advancing it is how a test makes a key expire or a timeout pass without
/// sleeping.
/// </summary>
/// <remarks>
/// Over the system clock, time also flows normally between advances. For a clock that stands still unless
/// advanced (so PTTL answers exactly), pass a <c>FakeTimeProvider</c> (Microsoft.Extensions.TimeProvider.Testing)
/// as the time provider; the server then sees it plus this clock's offset. Until the first advance, the loop then
/// wakes every millisecond for its first cron tick, which never comes due: a few percent of a core.
/// </remarks>
public sealed class MiniRedisClock : TimeProvider
{
    private readonly TimeProvider _inner;
    private long _offsetTicks;      // TimeSpan ticks added to the inner clock's UTC time
    private long _offsetTimestamp;  // the same offset in the inner clock's timestamp units

    internal MiniRedisClock(TimeProvider inner) => _inner = inner;

    /// <summary>How far <see cref="AdvanceAsync"/> has moved this clock ahead of its time source.</summary>
    public TimeSpan Offset => TimeSpan.FromTicks(Volatile.Read(ref _offsetTicks));

    /// <summary>Set once the server exists: advancing runs on its loop thread.</summary>
    internal LoopDispatcher? Dispatcher { get; set; }

    /// <summary>Set once the server exists: lets an advance finish only after the loop's due timers ran.</summary>
    internal EventLoop? Loop { get; set; }

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => _inner.GetUtcNow().AddTicks(Volatile.Read(ref _offsetTicks));

    /// <inheritdoc />
    public override long GetTimestamp() => _inner.GetTimestamp() + Volatile.Read(ref _offsetTimestamp);

    /// <inheritdoc />
    public override long TimestampFrequency => _inner.TimestampFrequency;

    /// <inheritdoc />
    public override TimeZoneInfo LocalTimeZone => _inner.LocalTimeZone;

    /// <summary>Timers follow the time source alone; the server's own timers run on its loop and follow advances too.</summary>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        _inner.CreateTimer(callback, state, dueTime, period);

    /// <summary>
    /// Moves the server's time forward by <paramref name="delta"/>. The change is made on the server's loop thread,
    /// between two commands, and the returned task completes after the loop has run what became due: keys whose TTL
    /// passed are gone for every command from then on, and beforeSleep and every loop timer that came due (the
    /// cron, with its active expiry cycle and idle-client timeout) have run.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delta"/> is negative: server time never goes back.</exception>
    public Task AdvanceAsync(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        LoopDispatcher dispatcher = Dispatcher ?? throw new InvalidOperationException("The clock is not attached to a running server.");
        return dispatcher.Start(completion =>
        {
            long ticks = _offsetTicks + delta.Ticks;
            Volatile.Write(ref _offsetTimestamp, (long)((Int128)ticks * _inner.TimestampFrequency / TimeSpan.TicksPerSecond));
            Volatile.Write(ref _offsetTicks, ticks);
            // A timer due at once runs after every timer that became due by this advance (the loop runs them in
            // order), and the loop runs beforeSleep before it: completing from it means all of that has happened.
            Loop!.CreateTimeEvent(0, () =>
            {
                dispatcher.Complete(completion, null);
                return -1;
            });
        });
    }

    /// <summary>Blocking form of <see cref="AdvanceAsync"/>, for synchronous tests.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delta"/> is negative: server time never goes back.</exception>
    public void Advance(TimeSpan delta) => AdvanceAsync(delta).GetAwaiter().GetResult();
}
