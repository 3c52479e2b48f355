namespace Reactor.MiniRedis.Storage;

/// <summary>
/// Active expiry: activeExpireCycle of redis/redis src/expire.c. Lazy expiry only removes keys somebody touches; this
/// cycle finds the rest by sampling the keys that have a time to live, a few at a time, so a million keys expiring at
/// once are reclaimed over many short cycles instead of in one long stall. One instance per keyspace; loop thread only.
/// </summary>
/// <remarks>
/// Two entry points, as in Redis: the slow cycle from the server cron (<see cref="RunSlowCycle"/>, up to 25% of the
/// cron period) and the fast cycle from beforeSleep (<see cref="RunFastCycle"/>, 1 ms), which only runs while the
/// previous cycle ran out of time, i.e. while there is a backlog. Each database is sampled through its expires
/// table's SCAN cursor (<see cref="Database.ExpiresCursor"/>, as Redis 7.2 does), so a cycle resumes where the last
/// one stopped and every volatile key is looked at once per pass even while the table is resized.
/// </remarks>
public sealed class ActiveExpiry
{
    /// <summary>ACTIVE_EXPIRE_CYCLE_KEYS_PER_LOOP: keys sampled per database per loop.</summary>
    public const int KeysPerLoop = 20;

    /// <summary>ACTIVE_EXPIRE_CYCLE_FAST_DURATION: the fast cycle's budget in microseconds.</summary>
    public const int FastDurationMicroseconds = 1000;

    /// <summary>ACTIVE_EXPIRE_CYCLE_SLOW_TIME_PERC: the share of the cron period the slow cycle may use.</summary>
    public const int SlowTimePercent = 25;

    /// <summary>ACTIVE_EXPIRE_CYCLE_ACCEPTABLE_STALE: a database is sampled again while more than this percentage of the sample had expired.</summary>
    public const int AcceptableStalePercent = 10;

    /// <summary>CRON_DBS_PER_CALL: databases visited per cycle, unless the last cycle ran out of time.</summary>
    public const int DatabasesPerCall = 16;

    private readonly Keyspace _keyspace;
    private readonly TimeProvider _time;
    private readonly ExpireSample _sample = new();
    private int _currentDb;             // the next database to sample (current_db)
    private bool _timeLimitExit;        // the last cycle stopped because its time ran out (timelimit_exit)
    private long _lastFastCycle = long.MinValue; // when the last fast cycle started, in microseconds (last_fast_cycle)

    /// <summary>Creates the cycle for every database of <paramref name="keyspace"/>, timing itself with <paramref name="time"/>.</summary>
    public ActiveExpiry(Keyspace keyspace, TimeProvider time)
    {
        _keyspace = keyspace;
        _time = time;
    }

    /// <summary>
    /// stat_expired_stale_perc: a running estimate (each cycle weighs 5%) of the fraction of volatile keys that have
    /// expired but are not reclaimed yet, from 0 to 1 (INFO expired_stale_perc shows it as a percentage).
    /// </summary>
    public double StaleFraction { get; private set; }

    /// <summary>stat_expired_time_cap_reached_count: cycles that stopped because their time ran out.</summary>
    public long TimeCapReachedCount { get; private set; }

    /// <summary>stat_expire_cycle_time_used: microseconds spent in cycles (INFO expire_cycle_cpu_milliseconds).</summary>
    public long CycleTimeUsedMicroseconds { get; private set; }

    /// <summary>True when the last cycle ran out of time, so expired keys are probably waiting.</summary>
    public bool TimeLimitExit => _timeLimitExit;

    /// <summary>
    /// The cycle serverCron runs (databasesCron): may use <see cref="SlowTimePercent"/>% (plus 2 points per
    /// effort level above 1) of the cron period of a server running at <paramref name="hz"/>.
    /// <paramref name="effort"/> is active-expire-effort (1 to 10).
    /// </summary>
    public void RunSlowCycle(int hz, int effort) => Run(fast: false, hz, effort);

    /// <summary>
    /// The cycle beforeSleep runs: does nothing unless the previous cycle ran out of time, and never starts within
    /// two fast-cycle durations of the last one; otherwise may use <see cref="FastDurationMicroseconds"/> (plus a
    /// quarter per effort level above 1).
    /// </summary>
    public void RunFastCycle(int effort) => Run(fast: true, hz: 1, effort);

    /// <summary>
    /// checkClientPauseTimeoutAndReturnIfPaused, as activeExpireCycle asks it first: while this returns true (a
    /// CLIENT PAUSE is in force) no cycle runs, so the dataset stays static for the pause.
    /// </summary>
    public Func<bool>? Paused { get; set; }

    /// <summary>
    /// server.active_expire_enabled: false stops both cycles, so keys expire only when accessed (DEBUG
    /// SET-ACTIVE-EXPIRE 0); true (the default) is Redis's normal behaviour.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Told each cycle's duration in microseconds as it ends (the server's latency monitor listens).</summary>
    public Action<long>? CycleCompleted { get; set; }

    /// <summary>resetServerStats (CONFIG RESETSTAT): zeroes the expiry statistics.</summary>
    public void ResetStats()
    {
        StaleFraction = 0;
        TimeCapReachedCount = 0;
        CycleTimeUsedMicroseconds = 0;
    }

    /*
     * activeExpireCycle. Per database: sample up to KeysPerLoop volatile keys by advancing the database's expires
     * cursor (at most 20 buckets per key wanted, so a sparse table cannot hold us), delete the expired ones, and
     * sample the same database again while more than AcceptableStalePercent of the sample had expired: a high ratio
     * means many more are waiting. The clock is read every 16 loops; past the time limit the cycle stops and
     * remembers it (the next cycle then visits every database, and beforeSleep runs fast cycles until the backlog is
     * gone). Databases are taken round-robin from where the last cycle stopped, one more each time, so time is spread
     * evenly. A database whose expires table is under 1% full is skipped until it shrinks: sampling it would mostly
     * find empty buckets.
     *
     * Effort 1..10 (active-expire-effort) scales the keys per loop, the time budgets and the acceptable stale
     * percentage exactly as Redis does.
     */
    private void Run(bool fast, int hz, int effort)
    {
        int level = Math.Clamp(effort, 1, 10) - 1;
        int keysPerLoop = KeysPerLoop + KeysPerLoop / 4 * level;
        long fastDuration = FastDurationMicroseconds + FastDurationMicroseconds / 4 * level;
        long slowTimePercent = SlowTimePercent + 2 * level;
        int acceptableStale = AcceptableStalePercent - level;

        if (!Enabled || Paused?.Invoke() == true)
        {
            return;
        }
        long start = NowMicroseconds();
        if (fast)
        {
            // Redis also starts a fast cycle when stat_expired_stale_perc is at least the acceptable stale
            // percentage, but compares a fraction (0..1) with a percentage (1..10), so only the time limit counts.
            if (!_timeLimitExit || start < _lastFastCycle + fastDuration * 2)
            {
                return;
            }
            _lastFastCycle = start;
        }

        int databases = _keyspace.Count;
        int databasesPerCall = _timeLimitExit ? databases : Math.Min(DatabasesPerCall, databases);
        long timeLimit = fast ? fastDuration : Math.Max(1, slowTimePercent * 1_000_000 / Math.Max(1, hz) / 100);
        _timeLimitExit = false;

        long totalSampled = 0, totalExpired = 0;
        int iteration = 0;
        for (int j = 0; j < databasesPerCall && !_timeLimitExit; j++)
        {
            // Advance now, so running out of time in this database resumes at the next one.
            Database db = _keyspace[_currentDb % databases];
            _currentDb = (_currentDb + 1) % databases;
            bool repeat;
            do
            {
                iteration++;
                long volatileKeys = db.ExpiresCount;
                if (volatileKeys == 0)
                {
                    break;
                }
                long slots = db.ExpiresSlots;
                if (slots > 4 && volatileKeys * 100 / slots < 1)
                {
                    break;
                }
                SampleResult result = SampleDatabase(db, Math.Min(volatileKeys, keysPerLoop));
                totalSampled += result.Sampled;
                totalExpired += result.Expired;

                if ((iteration & 0xf) == 0 && NowMicroseconds() - start > timeLimit)
                {
                    _timeLimitExit = true;
                    TimeCapReachedCount++;
                    break;
                }
                // A full pass over this database's volatile keys ends its turn.
                repeat = !result.PassComplete
                    && (result.Sampled == 0 || result.Expired * 100 / result.Sampled > acceptableStale);
            }
            while (repeat);
        }

        long elapsed = NowMicroseconds() - start;
        CycleTimeUsedMicroseconds += elapsed;
        CycleCompleted?.Invoke(elapsed); // latencyAddSampleIfNeeded("expire-cycle", elapsed / 1000)
        double current = totalSampled == 0 ? 0 : (double)totalExpired / totalSampled;
        StaleFraction = current * 0.05 + StaleFraction * 0.95;
    }

    /// <summary>
    /// One sampling loop over <paramref name="db"/>: advances its expires cursor until <paramref name="wanted"/> keys
    /// were looked at (or 20 times as many buckets, or the end of a pass) and deletes the expired ones.
    /// </summary>
    private SampleResult SampleDatabase(Database db, long wanted)
    {
        long now = db.NowMilliseconds;
        long maxBuckets = wanted * 20;
        int sampled = 0, expired = 0;
        bool passComplete = false;
        for (long checkedBuckets = 0; sampled < wanted && checkedBuckets < maxBuckets; checkedBuckets++)
        {
            // Collect first, delete after: the table must not change while its scan callback runs.
            _sample.Reset(now);
            db.ExpiresCursor = db.SampleExpires(db.ExpiresCursor, _sample);
            sampled += _sample.Sampled;
            foreach (KeyValuePair<byte[], long> entry in _sample.Expired)
            {
                if (db.TryExpire(entry.Key, entry.Value, now))
                {
                    expired++;
                }
            }
            if (db.ExpiresCursor == 0)
            {
                passComplete = true;
                break;
            }
        }
        _sample.Reset(0);
        return new SampleResult(sampled, expired, passComplete);
    }

    private long NowMicroseconds() => (long)((Int128)_time.GetTimestamp() * 1_000_000 / _time.TimestampFrequency);

    private readonly record struct SampleResult(int Sampled, int Expired, bool PassComplete);
}
