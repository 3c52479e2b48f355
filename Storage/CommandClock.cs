namespace Reactor.MiniRedis.Storage;

/// <summary>
/// The time the keyspace reads: the live clock between commands, and one fixed reading for the whole of a command.
/// This is Redis's <c>server.fixed_time_expire</c> with the <c>server.mstime</c> that call() caches (redis/redis
/// src/server.c, keyIsExpired in src/db.c): a command that looks the same key up twice (RPOPLPUSH, SMOVE, a handler
/// that reads and then writes) must not see it alive the first time and expired the second, and every command a
/// MULTI/EXEC runs sees the time of the EXEC. Owned by the event-loop thread, like the databases that share it.
/// </summary>
/// <remarks>
/// <para>As in Redis 7.0, only deciding whether a stored key has expired (and stamping the access clock) uses the
/// fixed time. Adding a relative time to live (EXPIRE, SET EX, RESTORE) and measuring TTL/PTTL read the clock now
/// (<see cref="LiveMilliseconds"/>, Redis's mstime()), which differs from the fixed time only inside a command that
/// takes long, such as a MULTI with DEBUG SLEEP.</para>
/// <para>Under <see cref="TimeProvider.System"/> the fixed time costs no clock read of its own. Redis's call() reads
/// ustime() once as <c>call_timer</c> and caches it as the command's time (<c>updateCachedTimeWithUs(0,
/// call_timer)</c>). Our call() reads the monotonic clock (a Stopwatch timestamp) when the command starts, to time
/// it, and the fixed time is that same instant on the wall clock: a base wall-clock reading plus the monotonic time
/// elapsed since the base was read. On Linux NTP slews CLOCK_REALTIME and CLOCK_MONOTONIC alike (they drift apart
/// only when the wall clock is stepped), so the derived time is the wall clock's to within a tick or two (where the
/// two clocks are not slewed alike, they part by microseconds at most between resynchronisations). The base
/// is read again when a command starts more than <see cref="ResyncMilliseconds"/> after it, which bounds how long a
/// step of the wall clock (settimeofday, an NTP step) goes unnoticed. This saves one clock_gettime per command: a
/// pipelined GET or SET read the clock three times (start, wall time at the first lookup, end), now twice.</para>
/// <para>Any other <see cref="TimeProvider"/> (a test's FakeTimeProvider, an embedded server's virtual clock) is
/// read directly, so all time comes from it: once per command, at the first use rather than when the command
/// starts, so that a command that never asks the time (PING, ECHO) reads no clock, and a command over many keys
/// (MGET, MSET, DEL of 100 keys) reads it once instead of once or twice per key. Only a command that runs long
/// before it first asks the time (a MULTI that starts with DEBUG SLEEP) can tell the two apart; the derived
/// reading, the command's start, is the one Redis 7.0 gives.</para>
/// </remarks>
public sealed class CommandClock
{
    /// <summary>How old the base of a derived reading may get before it is read again from the wall clock.</summary>
    public const long ResyncMilliseconds = 100;

    // DateTimeOffset.UnixEpoch.UtcTicks / TimeSpan.TicksPerMillisecond, as DateTimeOffset.ToUnixTimeMilliseconds has it.
    private const long UnixEpochMilliseconds = 62_135_596_800_000;

    private readonly TimeProvider _time;
    private readonly bool _derived;          // the fixed time derives from the command's start timestamp
    private readonly long _resyncTimestampTicks;   // ResyncMilliseconds in timestamp ticks
    private readonly double _utcTicksPerTimestampTick;
    private int _depth;      // nested calls: EXEC runs its queued commands inside its own call
    private long _snapshot;  // Unix milliseconds of the outermost call, once read
    private bool _taken;
    private long _started;   // the outermost call's start timestamp (derived readings only)
    private long _baseTimestamp;  // the timestamp at which _baseUtcTicks was read
    private long _baseUtcTicks;   // the wall clock at _baseTimestamp, in DateTimeOffset.UtcTicks

    /// <summary>
    /// A clock over <paramref name="time"/>. Under <see cref="TimeProvider.System"/> a command's fixed time derives
    /// from the timestamp its call starts at (see the remarks); any other provider is read directly.
    /// </summary>
    public CommandClock(TimeProvider time)
        : this(time, deriveFromTimestamps: ReferenceEquals(time, TimeProvider.System))
    {
    }

    // deriveFromTimestamps: tests drive the derived readings with a provider whose wall clock and timestamps they
    // move apart, to see a step of the wall clock picked up at the next resynchronisation.
    internal CommandClock(TimeProvider time, bool deriveFromTimestamps)
    {
        _time = time;
        _derived = deriveFromTimestamps;
        _resyncTimestampTicks = ResyncMilliseconds * time.TimestampFrequency / 1000;
        _utcTicksPerTimestampTick = (double)TimeSpan.TicksPerSecond / time.TimestampFrequency;
        if (_derived)
        {
            Resync();
        }
    }

    /// <summary>The system clock (or the test's fake one) under the snapshot.</summary>
    public TimeProvider Time => _time;

    /// <summary>True while a command runs.</summary>
    public bool InCommand => _depth != 0;

    /// <summary>
    /// Unix time in milliseconds: inside a command, the same reading for the whole command (the wall-clock time of
    /// its start under the system clock, otherwise taken at the first use); outside one (the active expiry cycle,
    /// timers, loading), the clock now.
    /// </summary>
    public long NowMilliseconds
    {
        get
        {
            if (_depth == 0)
            {
                return LiveMilliseconds;
            }
            if (!_taken)
            {
                _snapshot = _derived ? DerivedMilliseconds(_started) : LiveMilliseconds;
                _taken = true;
            }
            return _snapshot;
        }
    }

    /// <summary>The clock now, whether or not a command runs (mstime).</summary>
    public long LiveMilliseconds => _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>
    /// A command starts (call's <c>fixed_time_expire++</c>). Only the outermost call starts a new reading, so
    /// commands run by EXEC keep the EXEC's time. <paramref name="startedTimestamp"/> is when the call started, as
    /// <see cref="Time"/>'s <see cref="TimeProvider.GetTimestamp"/> gives it (under the system clock that is
    /// <c>Stopwatch.GetTimestamp()</c>, which call() reads anyway to time the command); only derived readings use
    /// it. Every call must be paired with <see cref="ExitCommand"/>.
    /// </summary>
    public void EnterCommand(long startedTimestamp)
    {
        if (_depth++ == 0)
        {
            _taken = false;
            _started = startedTimestamp;
            // The base is read again once it is ResyncMilliseconds old (or, for a timestamp before it, which a real
            // call never passes, at once): so the elapsed time a reading adds stays within that bound.
            if (_derived && (ulong)(startedTimestamp - _baseTimestamp) > (ulong)_resyncTimestampTicks)
            {
                Resync();
            }
        }
    }

    /// <summary>A command ended (call's <c>fixed_time_expire--</c>).</summary>
    public void ExitCommand() => _depth--;

    /*
     * The wall-clock time at `timestamp` (the command's start), in Unix milliseconds: the base reading plus the
     * monotonic time since it, truncated as ToUnixTimeMilliseconds truncates. Called once per command, at its first
     * use of the time. EnterCommand keeps the elapsed time between a few nanoseconds before the base (a command that
     * resynchronised: its start was read just before the base) and ResyncMilliseconds after it. The conversion to
     * ticks multiplies by a double, as Stopwatch.GetElapsedTime does, rather than dividing 64-bit integers: within a
     * tick (100 ns) over that range, and cheaper than the clock read it replaces.
     */
    private long DerivedMilliseconds(long timestamp)
    {
        long elapsedTicks = (long)((timestamp - _baseTimestamp) * _utcTicksPerTimestampTick);
        return (_baseUtcTicks + elapsedTicks) / TimeSpan.TicksPerMillisecond - UnixEpochMilliseconds;
    }

    // Reads the wall clock and the timestamp together: the base that derived readings add the elapsed time to.
    private void Resync()
    {
        _baseUtcTicks = _time.GetUtcNow().UtcTicks;
        _baseTimestamp = _time.GetTimestamp();
    }
}
