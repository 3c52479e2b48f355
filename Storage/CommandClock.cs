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
/// <para>The reading is taken at the first use inside a command rather than when the command starts. A command that
/// never asks the time (PING, ECHO) reads no clock, and a command over many keys (MGET, MSET, DEL of 100 keys)
/// reads it once instead of once or twice per key (each lookup stamps the access clock, and a key with a time to
/// live is checked against the time).</para>
/// </remarks>
public sealed class CommandClock
{
    private readonly TimeProvider _time;
    private int _depth;      // nested calls: EXEC runs its queued commands inside its own call
    private long _snapshot;  // Unix milliseconds of the outermost call, once read
    private bool _taken;

    /// <summary>A clock over <paramref name="time"/>.</summary>
    public CommandClock(TimeProvider time) => _time = time;

    /// <summary>The system clock (or the test's fake one) under the snapshot.</summary>
    public TimeProvider Time => _time;

    /// <summary>True while a command runs.</summary>
    public bool InCommand => _depth != 0;

    /// <summary>
    /// Unix time in milliseconds: inside a command, the same reading for the whole command (taken at the first
    /// use); outside one (the active expiry cycle, timers, loading), the clock now.
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
                _snapshot = LiveMilliseconds;
                _taken = true;
            }
            return _snapshot;
        }
    }

    /// <summary>The clock now, whether or not a command runs (mstime).</summary>
    public long LiveMilliseconds => _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>
    /// A command starts (call's <c>fixed_time_expire++</c>). Only the outermost call starts a new reading, so
    /// commands run by EXEC keep the EXEC's time. Every call must be paired with <see cref="ExitCommand"/>.
    /// </summary>
    public void EnterCommand()
    {
        if (_depth++ == 0)
        {
            _taken = false;
        }
    }

    /// <summary>A command ended (call's <c>fixed_time_expire--</c>).</summary>
    public void ExitCommand() => _depth--;
}
