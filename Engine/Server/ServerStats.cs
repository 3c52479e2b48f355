using System.Text;

namespace Reactor.MiniRedis.Engine.Server;

/// <summary>
/// The counters INFO reports, named after the stat_* fields of redis/redis src/server.h, plus the sampled
/// instantaneous rates (ops/sec, kbps) and the per-error-code counts of INFO errorstats. Loop thread only.
/// </summary>
public sealed class ServerStats
{
    /// <summary>STATS_METRIC_SAMPLES: how many samples an instantaneous rate averages.</summary>
    public const int MetricSamples = 16;

    /// <summary>How often the rates are sampled (serverCron's run_with_period(100)).</summary>
    public const int SamplePeriodMilliseconds = 100;

    /// <summary>ERROR_STATS_NUMBER: distinct error codes tracked before tracking stops (a guard against junk codes).</summary>
    public const int MaxErrorCodes = 128;

    private readonly InstantaneousMetric _ops = new();
    private readonly InstantaneousMetric _netInput = new();
    private readonly InstantaneousMetric _netOutput = new();
    private readonly List<(byte[] Code, long Count)> _errorCodes = [];
    private long _lastSampleMilliseconds = long.MinValue;

    public long TotalConnectionsReceived { get; set; }
    public long TotalCommandsProcessed { get; set; }
    public long NetInputBytes { get; set; }
    public long NetOutputBytes { get; set; }
    public long RejectedConnections { get; set; }
    public long KeyspaceHits { get; set; }
    public long KeyspaceMisses { get; set; }
    public long TotalErrorReplies { get; set; }
    public long ExpiredKeys { get; set; }
    public long EvictedKeys { get; set; }

    /// <summary>
    /// stat_last_eviction_exceeded_time: the Stopwatch timestamp at which used memory went over maxmemory without
    /// eviction getting it back within (performEvictions returning EVICT_RUNNING or EVICT_FAIL), 0 while within.
    /// </summary>
    public long EvictionExceededSince { get; set; }

    /// <summary>stat_total_eviction_exceeded_time: microseconds spent over maxmemory in past episodes.</summary>
    public long TotalEvictionExceededMicroseconds { get; set; }

    /// <summary>Microseconds of the current episode over maxmemory, 0 when within (INFO current_eviction_exceeded_time).</summary>
    public long CurrentEvictionExceededMicroseconds =>
        EvictionExceededSince == 0 ? 0 : System.Diagnostics.Stopwatch.GetElapsedTime(EvictionExceededSince).Ticks / 10;

    /// <summary>Failed AUTH and HELLO AUTH attempts (acl_access_denied_auth, a Redis 7.2 field).</summary>
    public long AclDeniedAuth { get; set; }

    /// <summary>Commands refused by the ACL (acl_access_denied_cmd).</summary>
    public long AclDeniedCommand { get; set; }

    /// <summary>Commands refused by the ACL for a key (acl_access_denied_key).</summary>
    public long AclDeniedKey { get; set; }

    /// <summary>Commands refused by the ACL for a channel (acl_access_denied_channel).</summary>
    public long AclDeniedChannel { get; set; }

    /// <summary>Reads from client sockets that returned data (stat_total_reads_processed).</summary>
    public long TotalReadsProcessed { get; set; }

    /// <summary>Writes to client sockets that sent data (stat_total_writes_processed).</summary>
    public long TotalWritesProcessed { get; set; }

    /// <summary>
    /// Keys the databases had expired when the stats were last reset. The databases count expirations themselves;
    /// INFO expired_keys is their total minus this, so CONFIG RESETSTAT can zero it.
    /// </summary>
    public long ExpiredKeysAtReset { get; set; }

    /// <summary>The highest heap size seen (INFO used_memory_peak); not reset by CONFIG RESETSTAT, as in Redis.</summary>
    public long PeakMemory { get; private set; }

    /// <summary>Counts per error code (<c>ERR</c>, <c>WRONGTYPE</c>, ...) in byte order of the code, for INFO errorstats.</summary>
    public IEnumerable<(string Code, long Count)> ErrorCodes =>
        _errorCodes.OrderBy(e => e.Code, Comparer<byte[]>.Create((a, b) => a.AsSpan().SequenceCompareTo(b)))
            .Select(e => (Encoding.Latin1.GetString(e.Code), e.Count));

    /// <summary>Commands per second, averaged over the last samples (instantaneous_ops_per_sec).</summary>
    public long InstantaneousOpsPerSecond => _ops.Average;

    /// <summary>Bytes read per second, averaged over the last samples (instantaneous_input_kbps is this / 1024).</summary>
    public long InstantaneousInputBytesPerSecond => _netInput.Average;

    /// <summary>Bytes written per second, averaged over the last samples.</summary>
    public long InstantaneousOutputBytesPerSecond => _netOutput.Average;

    /// <summary>
    /// incrementErrorCount (redis/redis src/server.c) via afterErrorReply (src/networking.c): counts an error
    /// reply under its code, the text before the first space when that space is within the first 32 bytes, else
    /// under <c>ERR</c>. Past <see cref="MaxErrorCodes"/> distinct codes, new codes are not tracked.
    /// </summary>
    public void CountErrorReply(ReadOnlySpan<byte> errorText)
    {
        int space = errorText[..Math.Min(errorText.Length, 32)].IndexOf((byte)' ');
        ReadOnlySpan<byte> code = space > 0 ? errorText[..space] : "ERR"u8;
        // A handful of codes in practice: a linear scan finds them without allocating.
        for (int i = 0; i < _errorCodes.Count; i++)
        {
            if (code.SequenceEqual(_errorCodes[i].Code))
            {
                _errorCodes[i] = (_errorCodes[i].Code, _errorCodes[i].Count + 1);
                return;
            }
        }
        if (_errorCodes.Count < MaxErrorCodes)
        {
            _errorCodes.Add((code.ToArray(), 1));
        }
    }

    /// <summary>Raises the memory peak to <paramref name="usedMemory"/> if higher (serverCron and INFO call it).</summary>
    public void UpdatePeakMemory(long usedMemory) => PeakMemory = Math.Max(PeakMemory, usedMemory);

    /// <summary>
    /// Called from serverCron: every <see cref="SamplePeriodMilliseconds"/> takes one sample of each rate
    /// (trackInstantaneousMetric in redis/redis src/server.c).
    /// </summary>
    public void SampleInstantaneousMetrics(long nowMilliseconds)
    {
        if (_lastSampleMilliseconds != long.MinValue && nowMilliseconds - _lastSampleMilliseconds < SamplePeriodMilliseconds)
        {
            return;
        }
        _lastSampleMilliseconds = nowMilliseconds;
        _ops.Sample(nowMilliseconds, TotalCommandsProcessed);
        _netInput.Sample(nowMilliseconds, NetInputBytes);
        _netOutput.Sample(nowMilliseconds, NetOutputBytes);
    }

    /// <summary>
    /// resetServerStats (CONFIG RESETSTAT): zeroes the counters, the rates and the error codes.
    /// <paramref name="expiredKeysNow"/> is the databases' current expiration total, which becomes the new zero.
    /// </summary>
    public void Reset(long expiredKeysNow = 0)
    {
        TotalConnectionsReceived = 0;
        TotalCommandsProcessed = 0;
        NetInputBytes = 0;
        NetOutputBytes = 0;
        RejectedConnections = 0;
        KeyspaceHits = 0;
        KeyspaceMisses = 0;
        TotalErrorReplies = 0;
        ExpiredKeys = 0;
        EvictedKeys = 0;
        TotalEvictionExceededMicroseconds = 0;
        EvictionExceededSince = 0;
        AclDeniedAuth = AclDeniedCommand = AclDeniedKey = AclDeniedChannel = 0;
        TotalReadsProcessed = 0;
        TotalWritesProcessed = 0;
        ExpiredKeysAtReset = expiredKeysNow;
        _errorCodes.Clear();
        _ops.Reset();
        _netInput.Reset();
        _netOutput.Reset();
        _lastSampleMilliseconds = long.MinValue;
    }

    /// <summary>One rate: a ring of per-second samples (the inst_metric entries of Redis's server struct).</summary>
    private sealed class InstantaneousMetric
    {
        private readonly long[] _samples = new long[MetricSamples];
        private int _index;
        private long _lastTime = long.MinValue;
        private long _lastCount;

        public long Average
        {
            get
            {
                long sum = 0;
                foreach (long sample in _samples)
                {
                    sum += sample;
                }
                return sum / MetricSamples;
            }
        }

        public void Sample(long now, long count)
        {
            if (_lastTime != long.MinValue)
            {
                long elapsed = now - _lastTime;
                _samples[_index] = elapsed > 0 ? (count - _lastCount) * 1000 / elapsed : 0;
                _index = (_index + 1) % MetricSamples;
            }
            _lastTime = now;
            _lastCount = count;
        }

        public void Reset()
        {
            Array.Clear(_samples);
            _index = 0;
            _lastTime = long.MinValue;
            _lastCount = 0;
        }
    }
}
