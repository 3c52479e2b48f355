using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using Reactor.MiniRedis.Engine.Server;
using Reactor.MiniRedis.Storage.Rdb;

namespace Reactor.MiniRedis.Engine.Persistence;

/// <summary>
/// The append-only file of one server, Redis 7.0's multi-part AOF (redis/redis src/aof.c): a directory
/// (<c>appenddirname</c> in <c>dir</c>) holding a base file, incremental files of commands, and a manifest naming
/// them, in the exact formats redis-server and redis-check-aof read. Everything runs on the loop thread except the
/// everysec fsyncs (<see cref="AofFsyncWorker"/>) and the rewrite's writer (<see cref="AofRewriteChild"/>).
/// </summary>
/// <remarks>
/// <para>
/// Writing: <see cref="Replication.Propagation"/> feeds each propagated command to <see cref="Feed"/>, which
/// appends it (after a SELECT when the database changes) to an in-memory buffer (aof_buf). Before the loop sleeps,
/// and so before any reply is written, the buffer is written to the current incremental file and, with
/// <c>appendfsync always</c>, fsynced: an acknowledged write is on disk. With <c>everysec</c> a background thread
/// fsyncs about once a second; if that fsync is slow, writing is postponed for up to two seconds (the rules of
/// flushAppendOnlyFile), so at most about two seconds of writes are lost if the machine (not just the process) dies.
/// </para>
/// <para>
/// Rewriting (BGREWRITEAOF, automatic growth, turning the AOF on at runtime): on the loop, the buffer is flushed,
/// a new incremental file is opened (and the manifest updated) and a point-in-time snapshot is started, which the
/// loop captures a slice per iteration as for BGSAVE (<see cref="SnapshotChild"/>); a thread writes the new base from
/// the captured copies; when it is done the loop renames it into the directory, marks the old base and the
/// incremental files it covers as history, writes the manifest and deletes the history. Commands keep going to the
/// new incremental file throughout, so, as in Redis 7.0, no rewrite buffer exists.
/// </para>
/// <para>
/// Loading (<see cref="LoadDataFromDisk"/>): with <c>appendonly yes</c> the AOF, not the RDB file, is the dataset:
/// the base, then each incremental file in order, replayed by <see cref="AofLoader"/>.
/// </para>
/// </remarks>
public sealed partial class AofPersistence : IDisposable
{
    /// <summary>AOF_WRITE_LOG_ERROR_RATE: write errors are logged at most once per this many seconds.</summary>
    private const int WriteErrorLogRateSeconds = 30;

    /// <summary>AOF_REWRITE_LIMITE_THRESHOLD: consecutive rewrite failures before automatic rewrites are delayed.</summary>
    private const int RewriteLimitThreshold = 3;

    /// <summary>AOF_REWRITE_LIMITE_MAX_MINUTES: the longest delay between limited rewrites.</summary>
    private const int RewriteLimitMaxMinutes = 60;

    /// <summary>
    /// The buffer keeps its memory up to this size after a write, so a busy server does not allocate a new one every
    /// iteration; a burst larger than this is given back (flushAppendOnlyFile's 4000 bytes are about jemalloc arenas).
    /// </summary>
    private const int BufferReuseLimit = 1024 * 1024;

    private readonly RedisServer _server;
    private readonly Replication.CommandBuffer _buffer = new(4096);
    private readonly AofFsyncWorker _bio = new();
    private AofManifest _manifest = new();
    private SafeFileHandle? _fd;
    private int _selectedDb = -1;
    private long _lastIncrSize;
    private long _fsyncOffset;
    private long _lastFsync;
    private long _flushPostponedStart;
    private string _lastWriteError = "";
    private long _lastWriteErrorLog;
    private AofRewriteChild? _child;
    private bool _childRdbFormat;
    private long _rewriteTimeStart = -1;
    private int _nextDelayMinutes;
    private long _nextRewriteTime;
    private long _lastCronSecond;

    internal AofPersistence(RedisServer server)
    {
        _server = server;
        _lastFsync = UnixSeconds;
    }

    /// <summary>server.aof_state.</summary>
    public AofState State { get; private set; }

    /// <summary>aof_current_size: bytes of the base and incremental files (as loaded, plus everything written since).</summary>
    public long CurrentSize { get; private set; }

    /// <summary>aof_rewrite_base_size: the size after the last rewrite (or of the base loaded at startup), for automatic rewrites.</summary>
    public long BaseSize { get; private set; }

    /// <summary>Bytes waiting in the AOF buffer (aof_buffer_length).</summary>
    public int BufferLength => _buffer.Length;

    /// <summary>Background fsyncs not finished yet (aof_pending_bio_fsync).</summary>
    public int PendingFsyncs => _bio.Pending;

    /// <summary>Writes done while a background fsync was still running after two seconds (aof_delayed_fsync).</summary>
    public long DelayedFsyncs { get; private set; }

    /// <summary>False after a failed write or background fsync, until a write succeeds (aof_last_write_status).</summary>
    public bool LastWriteOk => _lastWriteError.Length == 0 && _bio.Error is null;

    /// <summary>The reason of the last write or fsync error (aof_last_write_errno's strerror).</summary>
    public string LastWriteError => _bio.Error ?? _lastWriteError;

    /// <summary>writeCommandsDeniedByDiskError's AOF part: writes are refused (MISCONF) while the AOF cannot be written.</summary>
    public bool DeniesWrites => State != AofState.Off && !LastWriteOk;

    /// <summary>A BGREWRITEAOF (or automatic rewrite) is running (aof_rewrite_in_progress).</summary>
    public bool RewriteInProgress => _child is not null;

    /// <summary>A rewrite waits for the running background save to finish (aof_rewrite_scheduled).</summary>
    public bool RewriteScheduled { get; private set; }

    /// <summary>aof_last_bgrewrite_status.</summary>
    public bool LastRewriteOk { get; private set; } = true;

    /// <summary>stat_aof_rewrites: rewrites started.</summary>
    public long Rewrites { get; private set; }

    /// <summary>stat_aofrw_consecutive_failures.</summary>
    public int ConsecutiveFailures { get; private set; }

    /// <summary>aof_rewrite_time_last: seconds the last rewrite took, -1 before any.</summary>
    public long LastRewriteSeconds { get; private set; } = -1;

    /// <summary>Seconds the running rewrite has taken so far, -1 when none runs.</summary>
    public long CurrentRewriteSeconds => _rewriteTimeStart == -1 ? -1 : UnixSeconds - _rewriteTimeStart;

    /// <summary>The manifest as last written.</summary>
    public AofManifest Manifest => _manifest;

    /// <summary>
    /// With <c>appendfsync always</c>, replies must not leave before the commands they acknowledge are on disk: true
    /// while the buffer holds commands not yet written (the AE_BARRIER of handleClientsWithPendingWrites), so a
    /// client's write event waits for beforeSleep, which writes the AOF first.
    /// </summary>
    public bool HoldsReplies => _buffer.Length > 0 && _server.Config.AppendFsync == AofFsyncPolicy.Always;

    /// <summary>The running rewrite, for tests that wait for it.</summary>
    internal AofRewriteChild? Child => _child;

    /// <summary>When set, a rewrite's writer thread waits for it before writing (tests look at a running rewrite).</summary>
    internal ManualResetEventSlim? RewriteGate { get; set; }

    /// <summary>The background fsync thread, for tests that hold it.</summary>
    internal AofFsyncWorker FsyncWorker => _bio;

    private ServerConfig Config => _server.Config;

    private ServerLog Log => _server.Log;

    private long UnixSeconds => _server.Time.GetUtcNow().ToUnixTimeSeconds();

    private string Directory => Config.AofDirectory;

    // hasActiveChildProcess: a rewrite or a background save.
    private bool HasActiveChild => _server.Persistence.HasActiveChildProcess;

    /*
     * feedAppendOnlyFile: appends a propagated command, preceded by a SELECT when it targets another database than
     * the last one. While the AOF waits for its first rewrite, commands are kept only once that rewrite runs (they
     * go to the temporary incremental file it opened).
     */
    public void Feed(int dbid, ReadOnlySpan<byte> command)
    {
        bool keep = State == AofState.On || (State == AofState.WaitRewrite && _child is not null);
        if (dbid != _selectedDb)
        {
            if (keep)
            {
                _buffer.AppendHeader(2);
                _buffer.AppendBulk("SELECT"u8);
                _buffer.AppendBulk(dbid);
            }
            _selectedDb = dbid;
        }
        if (keep)
        {
            _buffer.AppendRaw(command);
        }
    }

    /// <summary>beforeSleep's AOF step: writes the buffer before any reply goes out (and fsyncs it with appendfsync always).</summary>
    internal void BeforeSleep()
    {
        if (State != AofState.Off)
        {
            Flush(force: false);
        }
    }

    /*
     * flushAppendOnlyFile: writes the buffer to the incremental file in one write, then fsyncs as appendfsync says.
     * With everysec and a background fsync still running, the write is postponed (unless forced) for up to two
     * seconds, then done anyway and counted in aof_delayed_fsync. A failed write keeps the data in the buffer and
     * sets the error that refuses writes (MISCONF) until a later write succeeds; with appendfsync always a write or
     * fsync error stops the server, since replies may already promise data that is not on disk.
     */
    public void Flush(bool force)
    {
        if (_fd is null)
        {
            return;
        }
        long now = UnixSeconds;
        bool syncInProgress = false;
        AofFsyncPolicy policy = Config.AppendFsync;
        if (_buffer.Length == 0)
        {
            // An everysec fsync is still due for data written earlier, even though nothing new came.
            if (policy == AofFsyncPolicy.EverySec && _fsyncOffset != CurrentSize && now > _lastFsync
                && !(syncInProgress = _bio.Pending > 0))
            {
                TryFsync(policy, now, syncInProgress);
            }
            return;
        }
        if (policy == AofFsyncPolicy.EverySec)
        {
            syncInProgress = _bio.Pending > 0;
        }
        if (policy == AofFsyncPolicy.EverySec && !force && syncInProgress)
        {
            if (_flushPostponedStart == 0)
            {
                _flushPostponedStart = now;
                return;
            }
            if (now - _flushPostponedStart < 2)
            {
                return;
            }
            DelayedFsyncs++;
            Log.Notice("Asynchronous AOF fsync is taking too long (disk is busy?). Writing the AOF buffer without waiting for fsync to complete, this may slow down Redis.");
        }
        _flushPostponedStart = 0;
        long latency = _server.Latency.StartMonitor();
        bool written = Write(now, policy);
        latency = _server.Latency.EndMonitor(syncInProgress ? LatencyMonitor.AofWritePendingFsync
            : HasActiveChild ? LatencyMonitor.AofWriteActiveChild : LatencyMonitor.AofWriteAlone, latency);
        _server.Latency.AddSampleIfNeeded(LatencyMonitor.AofWrite, latency); // every write, for graphing
        if (!written)
        {
            return;
        }
        if (_buffer.Capacity < BufferReuseLimit)
        {
            _buffer.Clear();
        }
        else
        {
            _buffer.Reset(maxKept: 0);
        }
        TryFsync(policy, now, syncInProgress);
    }

    // aofWrite and its error handling: true when the whole buffer was written.
    private bool Write(long now, AofFsyncPolicy policy)
    {
        int length = _buffer.Length;
        try
        {
            RandomAccess.Write(_fd!, _buffer.Span, _lastIncrSize);
        }
        catch (IOException e)
        {
            bool canLog = now - _lastWriteErrorLog > WriteErrorLogRateSeconds;
            if (canLog)
            {
                _lastWriteErrorLog = now;
                Log.Warning($"Error writing to the AOF file: {Describe(e)}");
            }
            try
            {
                // A partial write would leave half a command: cut the file back to where this write started.
                RandomAccess.SetLength(_fd!, _lastIncrSize);
            }
            catch (IOException truncateError)
            {
                if (canLog)
                {
                    Log.Warning($"Could not remove short write from the append-only file.  Redis may refuse to load the AOF the next time it starts.  ftruncate: {Describe(truncateError)}");
                }
            }
            if (policy == AofFsyncPolicy.Always)
            {
                Log.Warning("Can't recover from AOF write error when the AOF fsync policy is 'always'. Exiting...");
                Environment.Exit(1);
            }
            _lastWriteError = Describe(e);
            return false; // the data stays in the buffer: the next call tries again
        }
        if (_lastWriteError.Length != 0)
        {
            Log.Warning("AOF write error looks solved, Redis can write again.");
            _lastWriteError = "";
        }
        CurrentSize += length;
        _lastIncrSize += length;
        return true;
    }

    // The fsync part of flushAppendOnlyFile.
    private void TryFsync(AofFsyncPolicy policy, long now, bool syncInProgress)
    {
        if (Config.NoAppendFsyncOnRewrite && HasActiveChild)
        {
            return;
        }
        if (policy == AofFsyncPolicy.Always)
        {
            long latency = _server.Latency.StartMonitor();
            try
            {
                RandomAccess.FlushToDisk(_fd!);
            }
            catch (IOException e)
            {
                Log.Warning($"Can't persist AOF for fsync error when the AOF fsync policy is 'always': {Describe(e)}. Exiting...");
                Environment.Exit(1);
            }
            _server.Latency.EndMonitor(LatencyMonitor.AofFsyncAlways, latency);
            _fsyncOffset = CurrentSize;
            _lastFsync = now;
        }
        else if (policy == AofFsyncPolicy.EverySec && now > _lastFsync)
        {
            if (!syncInProgress)
            {
                _bio.Fsync(_fd!);
                _fsyncOffset = CurrentSize;
            }
            _lastFsync = now;
        }
    }

    /*
     * The AOF part of serverCron: starts a rewrite that was scheduled (BGREWRITEAOF during a BGSAVE, the AOF turned
     * on during one), reaps a finished rewrite, starts an automatic rewrite when the AOF has grown by
     * auto-aof-rewrite-percentage since the last one (and is over auto-aof-rewrite-min-size), retries a postponed
     * flush, and once a second retries a failed write.
     */
    internal void Cron()
    {
        long now = UnixSeconds;
        bool everySecond = now != _lastCronSecond; // run_with_period(1000)
        _lastCronSecond = now;
        if (!HasActiveChild && RewriteScheduled && !RewriteLimited())
        {
            RewriteBackground();
        }
        if (_child is not null)
        {
            CheckRewriteDone();
        }
        else if (!HasActiveChild && State == AofState.On && Config.AutoAofRewritePercentage != 0
            && CurrentSize > Config.AutoAofRewriteMinSize)
        {
            long baseSize = BaseSize != 0 ? BaseSize : 1;
            long growth = CurrentSize * 100 / baseSize - 100;
            if (growth >= Config.AutoAofRewritePercentage && !RewriteLimited())
            {
                Log.Notice(string.Create(CultureInfo.InvariantCulture, $"Starting automatic rewriting of AOF on {growth}% growth"));
                RewriteBackground();
            }
        }
        if (State != AofState.Off && _flushPostponedStart != 0)
        {
            Flush(force: false);
        }
        if (everySecond && State != AofState.Off && _lastWriteError.Length != 0)
        {
            Flush(force: false);
        }
    }

    /*
     * updateAppendonly for CONFIG SET appendonly: startAppendOnly or stopAppendOnly. Returns null, or the reason
     * CONFIG SET fails.
     */
    internal string? OnAppendOnlyChanged(bool enabled)
    {
        if (enabled && State == AofState.Off)
        {
            return Start() ? null : "Unable to turn on AOF. Check server logs.";
        }
        if (!enabled && State != AofState.Off)
        {
            Stop();
        }
        return null;
    }

    /*
     * startAppendOnly: the AOF goes to WaitRewrite and a rewrite starts (or is scheduled, during a background save
     * or inside EXEC); the AOF is on once that rewrite has written the base. Old write errors are forgotten.
     */
    public bool Start()
    {
        State = AofState.WaitRewrite;
        if (HasActiveChild && _child is null)
        {
            RewriteScheduled = true;
            Log.Warning("AOF was enabled but there is already another background operation. An AOF background was scheduled to start when possible.");
        }
        else if (_server.Propagation.InNestedCall)
        {
            RewriteScheduled = true;
            Log.Warning("AOF was enabled during a transaction. An AOF background was scheduled to start when possible.");
        }
        else
        {
            if (_child is not null)
            {
                Log.Warning("AOF was enabled but there is already an AOF rewriting in background. Stopping background AOF and starting a rewrite now.");
                KillRewrite();
            }
            if (!RewriteBackground())
            {
                State = AofState.Off;
                Log.Warning("Redis needs to enable the AOF but can't trigger a background AOF rewrite operation. Check the above logs for more info about the error.");
                return false;
            }
        }
        _lastFsync = UnixSeconds;
        if (_bio.Error is not null)
        {
            Log.Warning("AOF reopen, just ignore the AOF fsync error in bio job");
            _bio.ClearError();
        }
        if (_lastWriteError.Length != 0)
        {
            Log.Warning("AOF reopen, just ignore the last error.");
            _lastWriteError = "";
        }
        return true;
    }

    /// <summary>stopAppendOnly: flushes and fsyncs what is buffered, closes the file and stops any rewrite.</summary>
    public void Stop()
    {
        Flush(force: true);
        SyncAndClose();
        _selectedDb = -1;
        State = AofState.Off;
        RewriteScheduled = false;
        _lastIncrSize = 0;
        KillRewrite();
        _buffer.Reset(maxKept: 0);
    }

    /// <summary>updateAppendFsync: switching to always first waits for the background fsyncs, so none races the loop's.</summary>
    internal void OnAppendFsyncChanged()
    {
        if (Config.AppendFsync == AofFsyncPolicy.Always)
        {
            _bio.Drain();
        }
    }

    /*
     * prepareForShutdown's AOF part: a running rewrite is killed (the AOF we have holds the whole dataset anyway),
     * except that while the AOF waits for its first rewrite there is no complete AOF yet, so the shutdown fails
     * unless forced; then the buffer is written and fsynced.
     */
    internal bool PrepareForShutdown(bool force)
    {
        if (State == AofState.Off)
        {
            return true;
        }
        if (_child is not null)
        {
            if (State == AofState.WaitRewrite)
            {
                if (!force)
                {
                    Log.Warning("Writing initial AOF, can't exit.");
                    return false;
                }
                Log.Warning("Writing initial AOF. Exit anyway.");
            }
            Log.Warning("There is a child rewriting the AOF. Killing it!");
            KillRewrite();
        }
        Log.Notice("Calling fsync() on the AOF file.");
        Flush(force: true);
        if (_fd is not null)
        {
            try
            {
                RandomAccess.FlushToDisk(_fd);
            }
            catch (IOException e)
            {
                Log.Warning($"Fail to fsync the AOF file: {Describe(e)}.");
            }
        }
        return true;
    }

    /// <summary>Stops the rewrite, writes and fsyncs what is buffered, closes the file and stops the fsync thread.</summary>
    public void Dispose()
    {
        KillRewrite();
        if (State != AofState.Off)
        {
            Flush(force: true);
        }
        SyncAndClose();
        _bio.Dispose();
    }

    private void SyncAndClose()
    {
        if (_fd is null)
        {
            return;
        }
        try
        {
            RandomAccess.FlushToDisk(_fd);
            _fsyncOffset = CurrentSize;
            _lastFsync = UnixSeconds;
        }
        catch (IOException e)
        {
            Log.Warning($"Fail to fsync the AOF file: {Describe(e)}");
        }
        _fd.Dispose();
        _fd = null;
    }

    // dirCreateIfMissing for the AOF directory.
    private bool CreateDirectory()
    {
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.Warning($"Can't open or create append-only dir {Config.AppendDirname}: {Describe(e)}");
            return false;
        }
    }

    private bool TryMove(string from, string to, string failure)
    {
        try
        {
            File.Move(from, to, overwrite: true);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.Warning($"{failure}: {Describe(e)}");
            return false;
        }
    }

    // getAppendOnlyFileSize: the size of a file of the AOF directory, 0 if it cannot be read.
    private long FileSize(string name)
    {
        try
        {
            return new FileInfo(Path.Combine(Directory, name)).Length;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.Warning($"Unable to obtain the AOF file {name} length. stat: {Describe(e)}");
            return 0;
        }
    }

    /// <summary>
    /// strerror of a failed file operation, as Redis logs and replies it ("No space left on device"): .NET keeps
    /// the errno in an IOException's HResult on Unix; otherwise the exception's message.
    /// </summary>
    internal static string Describe(Exception e) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException => "No such file or directory",
        UnauthorizedAccessException => "Permission denied",
        IOException when e.HResult is > 0 and < 4096 => Marshal.GetPInvokeErrorMessage(e.HResult),
        _ => e.Message,
    };

    // The RDB aux fields of a base (rdbSaveRio with RDBFLAGS_AOF_PREAMBLE: aof-base 1).
    private RdbSaveOptions BaseRdbOptions() => _server.Persistence.SaveOptions() with { AofBase = true };

    // "temp-rewriteaof-<pid>.aof" and "temp-rewriteaof-bg-<pid>.aof" (Redis's child writes the first and renames it to the second).
    private static string TempFileName(string prefix) =>
        string.Create(CultureInfo.InvariantCulture, $"{prefix}{Environment.ProcessId}.aof");
}
