using System.Globalization;
using Microsoft.Win32.SafeHandles;
using Reactor.MiniRedis.Engine.Server;
using Reactor.MiniRedis.Storage.Rdb;

namespace Reactor.MiniRedis.Engine.Persistence;

/// <summary>The rewrite half of <see cref="AofPersistence"/>: BGREWRITEAOF, the new base and incremental files, the manifest on disk.</summary>
public sealed partial class AofPersistence
{
    /*
     * bgrewriteaofCommand: the reply text of BGREWRITEAOF, or null when a rewrite is already running (the caller
     * replies the error). During a background save, or inside EXEC, the rewrite is scheduled for the cron.
     */
    internal string? RewriteCommand(out bool failed)
    {
        failed = false;
        if (_child is not null)
        {
            return null;
        }
        if (HasActiveChild || _server.Propagation.InNestedCall)
        {
            RewriteScheduled = true;
            ConsecutiveFailures = 0; // a manual rewrite may go at once, whatever the limit says
            return "Background append only file rewriting scheduled";
        }
        if (RewriteBackground())
        {
            return "Background append only file rewriting started";
        }
        failed = true;
        return null;
    }

    /*
     * rewriteAppendOnlyFileBackground: flushes the buffer, starts a new incremental file (so the new base plus what
     * follows it make the whole dataset), starts a point-in-time snapshot of the keyspace and the writer thread.
     * The snapshot is BGSAVE's incremental one (IncrementalSnapshot): starting it is O(databases), and the loop
     * captures it a slice per iteration while it keeps serving, so the base holds exactly the keyspace as it was
     * here, whatever the commands that follow change; those commands go to the new incremental file, which is
     * what Redis 7.0's child and parent split gives. False when another child runs or the directory or the new
     * file cannot be created.
     */
    public bool RewriteBackground()
    {
        if (HasActiveChild)
        {
            return false;
        }
        if (!CreateDirectory())
        {
            LastRewriteOk = false;
            return false;
        }
        _selectedDb = -1; // the new incremental file starts with a SELECT
        Flush(force: true);
        if (!OpenNewIncrForAppend())
        {
            LastRewriteOk = false;
            return false;
        }
        Rewrites++;
        IncrementalSnapshot snapshot = _server.Persistence.StartSnapshot();
        _childRdbFormat = Config.AofUseRdbPreamble;
        _child = new AofRewriteChild(snapshot, _childRdbFormat ? BaseRdbOptions() : null, Config.AofRewriteIncrementalFsync,
            Path.Combine(Config.Dir, TempFileName("temp-rewriteaof-")), Path.Combine(Config.Dir, TempFileName("temp-rewriteaof-bg-")),
            () => _server.Loop.Post(CheckRewriteDone), RewriteGate);
        Log.Notice(string.Create(CultureInfo.InvariantCulture,
            $"Background append only file rewriting started by pid {Environment.ProcessId} (snapshot of {snapshot.Snapshot.TotalKeys} keys started in {_server.Persistence.LatestSnapshotMicroseconds} us)"));
        RewriteScheduled = false;
        _rewriteTimeStart = UnixSeconds;
        _child.Start(_server.Loop);
        return true;
    }

    /*
     * openNewIncrAofForAppend: with the AOF on, the next incremental file (named in a new manifest, written before
     * anything changes); while waiting for the first rewrite, the temporary incremental file. The old file is
     * fsynced and closed in the background.
     */
    private bool OpenNewIncrForAppend()
    {
        if (State == AofState.Off)
        {
            return true;
        }
        AofManifest? updated = null;
        string name;
        if (State == AofState.WaitRewrite)
        {
            name = AofManifest.TempIncrFileName(Config.AppendFilename);
        }
        else
        {
            updated = _manifest.Clone();
            name = updated.NewIncrFile(Config.AppendFilename);
        }
        SafeFileHandle fd;
        try
        {
            fd = File.OpenHandle(Path.Combine(Directory, name), FileMode.Create, FileAccess.Write, FileShare.ReadWrite);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.Warning($"Can't open the append-only file {name}: {Describe(e)}");
            return false;
        }
        if (updated is not null && !PersistManifest(updated))
        {
            fd.Dispose();
            return false;
        }
        Log.Notice($"Creating AOF incr file {name} on background rewrite");
        if (_fd is not null)
        {
            _bio.FsyncAndClose(_fd);
            _fsyncOffset = CurrentSize;
            _lastFsync = UnixSeconds;
        }
        _fd = fd;
        _lastIncrSize = 0;
        if (updated is not null)
        {
            _manifest = updated;
        }
        return true;
    }

    /// <summary>checkChildrenDone for the rewrite: handles a finished rewrite (posted by its thread; also polled by the cron).</summary>
    public void CheckRewriteDone()
    {
        AofRewriteChild? child = _child;
        if (child is null || !child.IsCompleted)
        {
            return;
        }
        if (child.Error is null)
        {
            Log.Notice("Background AOF rewrite terminated with success");
            InstallRewrite(child);
        }
        else if (child.Killed)
        {
            Log.Warning("Background AOF rewrite terminated by signal 10");
        }
        else
        {
            LastRewriteOk = false;
            ConsecutiveFailures++;
            Log.Warning(child.Error);
            Log.Warning("Background AOF rewrite terminated with error");
        }
        FinishChild(child);
    }

    /*
     * backgroundRewriteDoneHandler on success: the new base is renamed into the directory under the next base name
     * (the old base becomes history); while waiting for the first rewrite the temporary incremental file becomes
     * the first real one; the incremental files the base covers become history; the manifest is written, and only
     * then is the change made in memory. The history files are then deleted.
     */
    private void InstallRewrite(AofRewriteChild child)
    {
        AofManifest updated = _manifest.Clone();
        string baseName = updated.NewBaseFile(Config.AppendFilename, _childRdbFormat);
        string basePath = Path.Combine(Directory, baseName);
        long latency = _server.Latency.StartMonitor();
        bool renamed = TryMove(child.ResultPath, basePath, $"Error trying to rename the temporary AOF base file {Path.GetFileName(child.ResultPath)} into {baseName}");
        _server.Latency.EndMonitor(LatencyMonitor.AofRename, latency);
        if (!renamed)
        {
            return;
        }
        Log.Notice($"Successfully renamed the temporary AOF base file {Path.GetFileName(child.ResultPath)} into {baseName}");
        string? incrPath = null;
        if (State == AofState.WaitRewrite)
        {
            string tempIncr = AofManifest.TempIncrFileName(Config.AppendFilename);
            string incrName = updated.NewIncrFile(Config.AppendFilename);
            incrPath = Path.Combine(Directory, incrName);
            if (!TryMove(Path.Combine(Directory, tempIncr), incrPath, $"Error trying to rename the temporary AOF incr file {tempIncr} into {incrName}"))
            {
                RdbPersistence.TryDelete(basePath);
                return;
            }
            Log.Notice($"Successfully renamed the temporary AOF incr file {tempIncr} into {incrName}");
        }
        updated.MarkRewrittenIncrAsHistory(keepLast: _fd is not null);
        if (!PersistManifest(updated))
        {
            RdbPersistence.TryDelete(basePath);
            if (incrPath is not null)
            {
                RdbPersistence.TryDelete(incrPath);
            }
            return;
        }
        _manifest = updated;
        if (_fd is not null)
        {
            CurrentSize = FileSize(baseName) + _lastIncrSize;
            BaseSize = CurrentSize;
            _fsyncOffset = CurrentSize;
            _lastFsync = UnixSeconds;
        }
        DeleteHistoryFiles();
        LastRewriteOk = true;
        ConsecutiveFailures = 0;
        Log.Notice("Background AOF rewrite finished successfully");
        if (State == AofState.WaitRewrite)
        {
            State = AofState.On;
        }
    }

    // The cleanup of backgroundRewriteDoneHandler, whatever the outcome.
    private void FinishChild(AofRewriteChild child)
    {
        child.Snapshot.Abort(); // a writer that failed early leaves a capture behind: detach it
        RdbPersistence.TryDelete(child.ResultPath);
        RdbPersistence.TryDelete(child.TemporaryPath);
        if (State == AofState.WaitRewrite)
        {
            // The first rewrite failed: what the temporary file collected is dropped, and a new rewrite will start
            // from a new snapshot.
            _buffer.Clear();
            RdbPersistence.TryDelete(Path.Combine(Directory, AofManifest.TempIncrFileName(Config.AppendFilename)));
            RewriteScheduled = true;
        }
        LastRewriteSeconds = UnixSeconds - _rewriteTimeStart;
        _rewriteTimeStart = -1;
        _child = null;
    }

    /// <summary>killAppendOnlyChild: stops a running rewrite and removes its files; not an error (SIGUSR1).</summary>
    public void KillRewrite()
    {
        AofRewriteChild? child = _child;
        if (child is null)
        {
            return;
        }
        Log.Notice(string.Create(CultureInfo.InvariantCulture, $"Killing running AOF rewrite child: {Environment.ProcessId}"));
        child.Kill();
        RdbPersistence.TryDelete(child.ResultPath);
        RdbPersistence.TryDelete(child.TemporaryPath);
        _child = null;
        _rewriteTimeStart = -1;
    }


    /*
     * aofRewriteLimited: after 3 consecutive failures, automatic and scheduled rewrites wait 1 minute, then 2, 4, ...
     * up to an hour between attempts.
     */
    private bool RewriteLimited()
    {
        if (ConsecutiveFailures < RewriteLimitThreshold)
        {
            _nextDelayMinutes = 0;
            _nextRewriteTime = 0;
            return false;
        }
        long now = UnixSeconds;
        if (_nextRewriteTime != 0)
        {
            if (now < _nextRewriteTime)
            {
                return true;
            }
            _nextRewriteTime = 0;
            return false;
        }
        _nextDelayMinutes = Math.Min(_nextDelayMinutes == 0 ? 1 : _nextDelayMinutes * 2, RewriteLimitMaxMinutes);
        _nextRewriteTime = now + _nextDelayMinutes * 60L;
        Log.Warning(string.Create(CultureInfo.InvariantCulture,
            $"Background AOF rewrite has repeatedly failed and triggered the limit, will retry in {_nextDelayMinutes} minutes"));
        return true;
    }

    /*
     * persistAofManifest and writeAofManifestFile: a changed manifest is written to a temporary file, fsynced,
     * renamed over the manifest, and the directory fsynced, so the manifest on disk is always a complete one.
     */
    private bool PersistManifest(AofManifest manifest)
    {
        if (!manifest.Dirty)
        {
            return true;
        }
        string tempName = AofManifest.TempFileName(Config.AppendFilename);
        string tempPath = Path.Combine(Directory, tempName);
        string name = AofManifest.FileName(Config.AppendFilename);
        try
        {
            using (var file = new FileStream(tempPath, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1))
            {
                file.Write(manifest.Format());
                file.Flush(flushToDisk: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.Warning($"Error trying to write the temporary AOF manifest file {tempName}: {Describe(e)}");
            return false;
        }
        if (!TryMove(tempPath, Path.Combine(Directory, name), $"Error trying to rename the temporary AOF manifest file {tempName} into {name}"))
        {
            return false;
        }
        if (DirectorySync.Sync(Directory) is { } error)
        {
            Log.Warning($"Fail to fsync AOF directory {Path.Combine(Directory, name)}: {error}.");
            return false;
        }
        manifest.Dirty = false;
        return true;
    }

    // aofDelHistoryFiles: deletes the history files (unless aof-disable-auto-gc) and writes the manifest without them.
    private void DeleteHistoryFiles()
    {
        if (Config.AofDisableAutoGc || _manifest.History.Count == 0)
        {
            return;
        }
        foreach (AofInfo info in _manifest.History)
        {
            Log.Notice($"Removing the history file {info.FileName} in the background");
            RdbPersistence.TryDelete(Path.Combine(Directory, info.FileName));
        }
        _manifest.History.Clear();
        _manifest.Dirty = true;
        PersistManifest(_manifest);
    }
}
