using System.Diagnostics;
using System.Globalization;
using Reactor.MiniRedis.Engine.Server;
using Reactor.MiniRedis.Storage;
using Reactor.MiniRedis.Storage.Rdb;

namespace Reactor.MiniRedis.Engine.Persistence;

/// <summary>
/// RDB persistence for one server, on the loop thread: SAVE (rdbSave), BGSAVE (rdbSaveBackground with a writer
/// thread in place of the fork child), the save schedule and the child bookkeeping of serverCron
/// (checkChildrenDone), the final save of SHUTDOWN, and loading the file at startup (loadDataFromDisk), all from
/// redis/redis src/rdb.c and src/server.c.
/// </summary>
/// <remarks>
/// BGSAVE starts a point-in-time <see cref="IncrementalSnapshot"/> (INFO latest_fork_usec reports that start,
/// the field Redis uses for the fork's pause) and the writer thread; a timer then captures a slice of keys per
/// loop iteration (<see cref="SnapshotChild.Start"/>), while the
/// databases capture any key about to change first. The writer reads only the copies.
/// </remarks>
public sealed class RdbPersistence
{
    /// <summary>CONFIG_BGSAVE_RETRY_DELAY: after a failed BGSAVE the schedule waits this long before trying again.</summary>
    private const int BackgroundSaveRetryDelaySeconds = 5;

    private readonly RedisServer _server;
    private BackgroundSave? _child;
    private long _dirtyBeforeBackgroundSave;
    private long _backgroundSaveStart = -1;
    private int _backgroundSaveCount;

    /// <summary>Persistence for <paramref name="server"/>.</summary>
    public RdbPersistence(RedisServer server) => _server = server;

    /// <summary>lastbgsave_status: whether the last background save (or SAVE) succeeded.</summary>
    public bool LastBackgroundSaveOk { get; private set; } = true;

    /// <summary>lastbgsave_try: Unix seconds of the last BGSAVE attempt.</summary>
    public long LastBackgroundSaveTry { get; private set; }

    /// <summary>rdb_save_time_last: how long the last background save took, in seconds (-1 before any).</summary>
    public long LastBackgroundSaveSeconds { get; private set; } = -1;

    /// <summary>stat_rdb_saves: SAVE commands run and background saves started (rdb_saves).</summary>
    public long Saves { get; private set; }

    /// <summary>stat_fork_time: microseconds the loop spent starting the last child's snapshot, BGSAVE or BGREWRITEAOF (latest_fork_usec).</summary>
    public long LatestSnapshotMicroseconds { get; private set; }

    /// <summary>rdb_last_load_keys_loaded.</summary>
    public long LastLoadKeysLoaded { get; private set; }

    /// <summary>rdb_last_load_keys_expired.</summary>
    public long LastLoadKeysExpired { get; private set; }

    /// <summary>True while a BGSAVE's writer thread runs (rdb_bgsave_in_progress).</summary>
    public bool BackgroundSaveInProgress => _child is not null;

    /// <summary>
    /// hasActiveChildProcess: a BGSAVE or an AOF rewrite runs. Only one child at a time, as in Redis (where two
    /// forks would double the copy-on-write); here the two also share the databases' snapshot hook.
    /// </summary>
    public bool HasActiveChildProcess => _child is not null || _server.Aof.RewriteInProgress;

    /// <summary>
    /// rdb_bgsave_scheduled: a BGSAVE SCHEDULE (or a BGSAVE inside EXEC) waits for the running child to end; the
    /// cron starts it (<see cref="StartScheduledBackgroundSave"/>).
    /// </summary>
    public bool BackgroundSaveScheduled { get; internal set; }

    /// <summary>Seconds the running BGSAVE has taken so far, or -1 (rdb_current_bgsave_time_sec).</summary>
    public long CurrentBackgroundSaveSeconds => _child is null ? -1 : UnixSeconds - _backgroundSaveStart;

    /// <summary>Keys written by the running BGSAVE (current_save_keys_processed).</summary>
    public long CurrentSaveKeysProcessed => _child?.Progress.KeysProcessed ?? 0;

    /// <summary>Keys in the running BGSAVE's snapshot (current_save_keys_total).</summary>
    public long CurrentSaveKeysTotal => _child?.TotalKeys ?? 0;

    /// <summary>
    /// writeCommandsDeniedByDiskError for RDB: with stop-writes-on-bgsave-error and a save schedule, writes are
    /// refused (MISCONF) while the last background save failed.
    /// </summary>
    public bool DeniesWrites => !LastBackgroundSaveOk && _server.Config.StopWritesOnBackgroundSaveError && _server.Config.SavePoints.Count > 0;

    /// <summary>When set, a BGSAVE's writer thread waits for it before writing (tests look at a running save).</summary>
    internal ManualResetEventSlim? BackgroundSaveGate { get; set; }

    /// <summary>The running BGSAVE, for tests that wait for it.</summary>
    internal BackgroundSave? Child => _child;

    private long UnixSeconds => _server.Time.GetUtcNow().ToUnixTimeSeconds();

    private ServerLog Log => _server.Log;

    /// <summary>
    /// rdbSave: writes the whole keyspace to a temp file in <c>dir</c>, fsyncs it and renames it over the RDB file,
    /// on the loop thread. On success the change counter is reset and LASTSAVE moves; false (with the reason
    /// logged) on any error, leaving the previous file in place. <paramref name="countAsSave"/> counts it in
    /// rdb_saves, as redis-server 7.0.15 does for SAVE (not for the saves FLUSHALL and SHUTDOWN make).
    /// </summary>
    public bool Save(bool countAsSave = false)
    {
        if (countAsSave)
        {
            Saves++;
        }
        string temporary = Path.Combine(_server.Config.Dir, string.Create(CultureInfo.InvariantCulture, $"temp-{Environment.ProcessId}.rdb"));
        string? error = WriteFile(RdbSnapshot.Capture(_server.Keyspace, AccessInfo, copyValues: false), SaveOptions(),
            temporary, _server.Config.RdbPath, progress: null);
        if (error is not null)
        {
            Log.Warning(error);
            return false;
        }
        Log.Notice("DB saved on disk");
        _server.Dirty = 0;
        _server.LastSaveUnixSeconds = UnixSeconds;
        LastBackgroundSaveOk = true;
        return true;
    }

    /// <summary>
    /// rdbSaveBackground: starts an incremental snapshot of the keyspace, the writer thread, and the timer that
    /// captures the snapshot a slice per loop iteration. False when a child (a BGSAVE or an AOF rewrite) runs.
    /// </summary>
    public bool BackgroundSave()
    {
        if (HasActiveChildProcess)
        {
            return false;
        }
        Saves++;
        _dirtyBeforeBackgroundSave = _server.Dirty;
        LastBackgroundSaveTry = UnixSeconds;

        IncrementalSnapshot snapshot = StartSnapshot();
        string temporary = Path.Combine(_server.Config.Dir,
            string.Create(CultureInfo.InvariantCulture, $"temp-{Environment.ProcessId}-{++_backgroundSaveCount}.rdb"));
        var child = new BackgroundSave(snapshot, SaveOptions(), temporary, _server.Config.RdbPath,
            () => _server.Loop.Post(CheckBackgroundSaveDone), BackgroundSaveGate);
        _child = child;
        _backgroundSaveStart = UnixSeconds;
        Log.Notice(string.Create(CultureInfo.InvariantCulture,
            $"Background saving started (snapshot of {snapshot.Snapshot.TotalKeys} keys started in {LatestSnapshotMicroseconds} us)"));
        child.Start(_server.Loop);
        return true;
    }

    /// <summary>
    /// redisFork's part for both children (BGSAVE and BGREWRITEAOF): starts a point-in-time snapshot of the
    /// keyspace and records how long the loop spent on it in stat_fork_time (INFO latest_fork_usec), where Redis
    /// records the fork's pause.
    /// </summary>
    internal IncrementalSnapshot StartSnapshot()
    {
        long started = Stopwatch.GetTimestamp();
        IncrementalSnapshot snapshot = IncrementalSnapshot.Start(_server.Keyspace, AccessInfo);
        LatestSnapshotMicroseconds = (long)Stopwatch.GetElapsedTime(started).TotalMicroseconds;
        return snapshot;
    }

    /// <summary>
    /// checkChildrenDone and backgroundSaveDoneHandlerDisk: when the writer thread has finished, records the
    /// outcome. Success subtracts the changes the snapshot covered from the change counter and moves LASTSAVE;
    /// failure sets the error status that MISCONF and the schedule's retry delay read.
    /// </summary>
    public void CheckBackgroundSaveDone()
    {
        BackgroundSave? child = _child;
        if (child is null || !child.IsCompleted)
        {
            return;
        }
        if (child.Error is null)
        {
            Log.Notice("Background saving terminated with success");
            _server.Dirty -= _dirtyBeforeBackgroundSave;
            _server.LastSaveUnixSeconds = UnixSeconds;
            LastBackgroundSaveOk = true;
        }
        else
        {
            Log.Warning(child.Error);
            Log.Warning("Background saving error");
            LastBackgroundSaveOk = false;
        }
        FinishChild();
    }

    /// <summary>
    /// killRDBChild: stops a running BGSAVE (FLUSHALL, SHUTDOWN) and removes its temp file. The error status is not
    /// changed, as for a child killed with SIGUSR1.
    /// </summary>
    public void KillBackgroundSave()
    {
        BackgroundSave? child = _child;
        if (child is null)
        {
            return;
        }
        child.Kill();
        if (child.Error is null)
        {
            CheckBackgroundSaveDone(); // it finished (and renamed its file) before it saw the request
            return;
        }
        Log.Warning("Background saving terminated: stopped by the server");
        FinishChild();
    }

    /// <summary>
    /// serverCron's persistence part: reaps a finished BGSAVE, or else (no child running) starts one when a save point is reached: at
    /// least that many changes and more than that many seconds since the last save, unless the last attempt failed
    /// less than 5 seconds ago.
    /// </summary>
    public void Cron()
    {
        if (HasActiveChildProcess)
        {
            CheckBackgroundSaveDone(); // the AOF's cron reaps a finished rewrite
            return;
        }
        long now = UnixSeconds;
        foreach (SavePoint point in _server.Config.SavePoints)
        {
            if (_server.Dirty >= point.Changes && now - _server.LastSaveUnixSeconds > point.Seconds &&
                (now - LastBackgroundSaveTry > BackgroundSaveRetryDelaySeconds || LastBackgroundSaveOk))
            {
                Log.Notice(string.Create(CultureInfo.InvariantCulture, $"{point.Changes} changes in {point.Seconds} seconds. Saving..."));
                BackgroundSave();
                break;
            }
        }
    }

    /// <summary>
    /// The end of serverCron: starts the BGSAVE that BGSAVE SCHEDULE (or BGSAVE inside EXEC) asked for, once no
    /// child runs, unless the last background save failed less than 5 seconds ago; the request stays until a save
    /// starts.
    /// </summary>
    public void StartScheduledBackgroundSave()
    {
        if (!HasActiveChildProcess && BackgroundSaveScheduled &&
            (UnixSeconds - LastBackgroundSaveTry > BackgroundSaveRetryDelaySeconds || LastBackgroundSaveOk) &&
            BackgroundSave())
        {
            BackgroundSaveScheduled = false;
        }
    }

    /// <summary>
    /// The persistence steps of finishShutdown: kills a running BGSAVE, then, with save points configured (unless
    /// <paramref name="noSave"/>) or with <paramref name="save"/>, saves synchronously. Returns false when that
    /// save failed and <paramref name="force"/> was not given: the server must then keep running.
    /// </summary>
    public bool PrepareForShutdown(bool save, bool noSave, bool force)
    {
        if (_child is not null)
        {
            Log.Warning("There is a child saving an .rdb. Killing it!");
            KillBackgroundSave();
        }
        if (!_server.Aof.PrepareForShutdown(force)) // kill an AOF rewrite, write and fsync the AOF
        {
            return false;
        }
        if ((_server.Config.SavePoints.Count > 0 && !noSave) || save)
        {
            Log.Notice("Saving the final RDB snapshot before exiting.");
            if (!Save())
            {
                if (!force)
                {
                    Log.Warning("Error trying to save the DB, can't exit.");
                    Log.Warning("Errors trying to shut down the server. Check the logs for more information.");
                    return false;
                }
                Log.Warning("Error trying to save the DB. Exit anyway.");
            }
        }
        return true;
    }

    /// <summary>
    /// loadDataFromDisk: loads the RDB file if there is one, before the server serves anyone. The file is read
    /// into a scratch keyspace that replaces the (empty) live databases only once the whole file, checksum
    /// included, has been read, so a truncated or corrupt file never leaves part of its data behind. Returns false
    /// (with Redis's log lines) when the file exists but cannot be loaded: the server must then refuse to start.
    /// </summary>
    public bool LoadDataFromDisk()
    {
        string path = _server.Config.RdbPath;
        if (!File.Exists(path))
        {
            return true;
        }
        long started = Stopwatch.GetTimestamp();
        Keyspace? staging = LoadFile(path, atStartup: true);
        if (staging is null)
        {
            return false;
        }
        Keyspace live = _server.Keyspace;
        for (int i = 0; i < live.Count; i++)
        {
            live[i].SwapWith(staging[i]);
        }
        Log.Notice(string.Create(CultureInfo.InvariantCulture,
            $"DB loaded from disk: {Stopwatch.GetElapsedTime(started).TotalSeconds:F3} seconds"));
        return true;
    }

    /// <summary>
    /// rdbLoad: reads the RDB file at <paramref name="path"/> into a new scratch keyspace shaped like the live one
    /// and returns it, with Redis's log lines (aux fields, "Done loading RDB"); null (logged) when the file cannot
    /// be read or is corrupt. <paramref name="atStartup"/> adds the lines Redis logs before exiting at startup.
    /// Used by <see cref="LoadDataFromDisk"/> and DEBUG RELOAD.
    /// </summary>
    internal Keyspace? LoadFile(string path, bool atStartup)
    {
        Keyspace live = _server.Keyspace;
        var staging = new Keyspace(live.Count, live.Time, live.EncodingLimits, _server.Config.Access);
        RdbLoadResult result;
        try
        {
            using FileStream file = File.OpenRead(path);
            result = RdbFile.Load(file, staging, new RdbLoadOptions
            {
                NowMilliseconds = _server.Time.GetUtcNow().ToUnixTimeMilliseconds(),
                VerifyChecksum = _server.Config.RdbChecksum && !_server.SkipChecksumValidation,
                AuxField = LogAuxField,
                Warning = Log.Warning,
            });
        }
        catch (RdbFormatException e)
        {
            if (e.ShortRead)
            {
                Log.Warning("Short read or OOM loading DB. Unrecoverable error, aborting now.");
            }
            Log.Warning(string.Create(CultureInfo.InvariantCulture, $"Internal error in RDB reading offset {e.Offset} -> {e.Message}"));
            if (atStartup)
            {
                Log.Warning("Terminating server after rdb file reading failure.");
            }
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.Warning(atStartup ? $"Fatal error loading the DB: {e.Message}. Exiting." : $"Fatal error loading the DB: {e.Message}");
            return null;
        }
        LastLoadKeysLoaded = result.KeysLoaded;
        LastLoadKeysExpired = result.KeysExpired;
        if (result.EmptyKeysSkipped > 0)
        {
            Log.Warning(string.Create(CultureInfo.InvariantCulture,
                $"Done loading RDB, keys loaded: {result.KeysLoaded}, keys expired: {result.KeysExpired}, empty keys skipped: {result.EmptyKeysSkipped}."));
        }
        else
        {
            Log.Notice(string.Create(CultureInfo.InvariantCulture,
                $"Done loading RDB, keys loaded: {result.KeysLoaded}, keys expired: {result.KeysExpired}."));
        }
        return staging;
    }

    /// <summary>
    /// rdbSave's file handling, on whichever thread saves: writes <paramref name="snapshot"/> to
    /// <paramref name="temporaryPath"/>, flushes it to disk (fsync) and renames it over <paramref name="finalPath"/>,
    /// so the RDB file is always either the old one or the complete new one. Returns null on success, else the line
    /// Redis logs for the failure (the temp file is then removed). A cancelled save throws
    /// <see cref="OperationCanceledException"/>.
    /// </summary>
    internal static string? WriteFile(RdbSnapshot snapshot, RdbSaveOptions options, string temporaryPath, string finalPath, RdbSaveProgress? progress)
    {
        string directory = Path.GetDirectoryName(temporaryPath) ?? "";
        (TempFileStage Stage, Exception Error)? failure = TempFileWrite.Run(temporaryPath, finalPath,
            file => RdbFile.Save(file, snapshot, options, progress));
        return failure switch
        {
            // rdbSave fsyncs the directory after the rename, so the new name survives a crash too.
            null => DirectorySync.SyncDirectoryOf(finalPath) is { } error
                ? $"Failed to fsync directory while saving DB: {error}"
                : null,
            (TempFileStage.Open, Exception e) =>
                $"Failed opening the temp RDB file {Path.GetFileName(temporaryPath)} (in server root dir {directory}) for saving: {e.Message}",
            (TempFileStage.Write or TempFileStage.Sync, Exception e) => $"Write error saving DB on disk: {e.Message}",
            (_, Exception e) =>
                $"Error moving temp DB file {Path.GetFileName(temporaryPath)} on the final destination {Path.GetFileName(finalPath)} (in server root dir {directory}): {e.Message}",
        };
    }

    // What rdbSaveKeyValuePair stores per key under the current maxmemory-policy.
    internal RdbAccessInfo AccessInfo => _server.Config.MaxMemoryPolicy switch
    {
        "allkeys-lru" or "volatile-lru" => RdbAccessInfo.IdleTime,
        "allkeys-lfu" or "volatile-lfu" => RdbAccessInfo.Frequency,
        _ => RdbAccessInfo.None,
    };

    internal RdbSaveOptions SaveOptions() => new()
    {
        RedisVersion = RedisServer.RedisVersion,
        CreationTime = UnixSeconds,
        UsedMemory = GC.GetTotalMemory(false),
        Compression = _server.Config.RdbCompression,
        Checksum = _server.Config.RdbChecksum,
        ListMaxListpackSize = _server.Config.Encodings.ListMaxListpackSize,
    };

    // The aux fields rdbLoadRio logs while loading.
    private void LogAuxField(string name, string value)
    {
        if (name.StartsWith('%'))
        {
            Log.Notice($"RDB '{name}': {value}");
            return;
        }
        switch (name.ToLowerInvariant())
        {
            case "redis-ver":
                Log.Notice($"Loading RDB produced by version {value}");
                break;
            case "ctime":
                long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long created);
                Log.Notice(string.Create(CultureInfo.InvariantCulture, $"RDB age {Math.Max(0, UnixSeconds - created)} seconds"));
                break;
            case "used-mem":
                long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long used);
                Log.Notice(string.Create(CultureInfo.InvariantCulture, $"RDB memory usage when created {used / (1024.0 * 1024):F2} Mb"));
                break;
            case "aof-preamble" when value != "0":
                Log.Notice("RDB has an AOF tail");
                break;
            case "aof-base" when value != "0":
                Log.Notice("RDB is base AOF");
                break;
            case "redis-bits" or "aof-preamble" or "aof-base" or "repl-stream-db" or "repl-id" or "repl-offset" or "lua":
                break;
            default:
                Log.Debug($"Unrecognized RDB AUX field: '{name}'");
                break;
        }
    }

    // Reaps the child; a writer that failed early leaves a capture behind, which is abandoned (detached).
    private void FinishChild()
    {
        _child?.Snapshot.Abort();
        LastBackgroundSaveSeconds = UnixSeconds - _backgroundSaveStart;
        _backgroundSaveStart = -1;
        _child = null;
    }

    /// <summary>Removes a temp file if it is there; a failure only leaves it for the next save or rewrite to overwrite.</summary>
    internal static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left for the next save to overwrite.
        }
    }
}
