using System.Diagnostics;
using System.Globalization;
using Reactor.MiniRedis.Storage.Rdb;

namespace Reactor.MiniRedis.Engine.Persistence;

/// <summary>The start-up half of <see cref="AofPersistence"/>: the manifest, loading the files, opening the AOF.</summary>
public sealed partial class AofPersistence
{
    /*
     * main()'s persistence start-up (aofLoadManifestFromDisk, loadDataFromDisk, aofOpenIfNeededOnServerStart,
     * aofDelHistoryFiles): reads the manifest if there is one (a bad manifest stops the server even with appendonly
     * no), loads the AOF when appendonly is yes (the RDB file is then ignored, as in Redis) or else the RDB file,
     * then opens the AOF for appending, creating a base from the loaded dataset when there is none. Returns false,
     * with the reason logged, when the server must not start.
     */
    public bool LoadDataFromDisk()
    {
        if (!LoadManifestFromDisk())
        {
            return false;
        }
        // The AOF stays off while it is replayed, so that what the replayed commands propagate (EXEC's commands,
        // rewritten forms) is not appended to the file being read (loadSingleAppendOnlyFile sets AOF_OFF too).
        State = AofState.Off;
        if (Config.AppendOnly)
        {
            long started = Stopwatch.GetTimestamp();
            AofLoadStatus status = LoadAppendOnlyFiles();
            if (status is AofLoadStatus.Failed or AofLoadStatus.OpenError)
            {
                return false;
            }
            if (status != AofLoadStatus.NotExist)
            {
                Log.Notice(string.Create(CultureInfo.InvariantCulture,
                    $"DB loaded from append only file: {Stopwatch.GetElapsedTime(started).TotalSeconds:F3} seconds"));
            }
        }
        else if (!_server.Persistence.LoadDataFromDisk())
        {
            return false;
        }
        State = Config.AppendOnly ? AofState.On : AofState.Off;
        if (!OpenOnServerStart())
        {
            State = AofState.Off;
            return false;
        }
        DeleteHistoryFiles();
        return true;
    }

    // aofLoadManifestFromDisk: no directory or no manifest is an empty manifest; a bad one is fatal.
    private bool LoadManifestFromDisk()
    {
        _manifest = new AofManifest();
        string path = Path.Combine(Directory, AofManifest.FileName(Config.AppendFilename));
        if (!System.IO.Directory.Exists(Directory) || !File.Exists(path))
        {
            return true;
        }
        try
        {
            _manifest = AofManifest.Parse(File.ReadAllBytes(path));
            return true;
        }
        catch (AofManifestException e)
        {
            Log.Warning("*** FATAL AOF MANIFEST FILE ERROR ***");
            if (e.Line is not null)
            {
                Log.Warning(string.Create(CultureInfo.InvariantCulture, $"Reading the manifest file, at line {e.LineNumber}"));
                Log.Warning($">>> '{e.Line}'");
            }
            Log.Warning(e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.Warning($"Fatal error: can't open the AOF manifest file {AofManifest.FileName(Config.AppendFilename)} for reading: {Describe(e)}");
        }
        return false;
    }

    /*
     * loadAppendOnlyFiles: an old single-file AOF (appendfilename in dir, no manifest for it) is first moved into
     * the directory as the base. Then the base and each incremental file are loaded in order. Only the last file
     * may have a torn tail; every file the manifest names must exist. Keys never expire meanwhile (server.loading).
     */
    internal AofLoadStatus LoadAppendOnlyFiles()
    {
        string oldStyle = Path.Combine(Config.Dir, Config.AppendFilename);
        if (File.Exists(oldStyle) && (!System.IO.Directory.Exists(Directory) || _manifest.IsEmpty
            || (_manifest.Base?.FileName == Config.AppendFilename && _manifest.Incr.Count == 0
                && !File.Exists(Path.Combine(Directory, Config.AppendFilename)))))
        {
            if (!UpgradePrepare(oldStyle))
            {
                return AofLoadStatus.Failed;
            }
        }
        if (_manifest.IsEmpty)
        {
            return AofLoadStatus.NotExist;
        }
        var files = new List<AofInfo>();
        if (_manifest.Base is { } baseInfo)
        {
            files.Add(baseInfo);
        }
        files.AddRange(_manifest.Incr);
        long totalSize = 0;
        foreach (AofInfo info in files)
        {
            try
            {
                totalSize += new FileInfo(Path.Combine(Directory, info.FileName)).Length;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Log.Warning($"Unable to obtain the AOF file {info.FileName} length. stat: {Describe(e)}");
                return AofLoadStatus.Failed;
            }
        }
        if (totalSize == 0)
        {
            return AofLoadStatus.Empty;
        }

        var loader = new AofLoader(_server, Directory);
        AofLoadStatus status = AofLoadStatus.Ok;
        _server.Keyspace.Loading = true;
        try
        {
            for (int i = 0; i < files.Count; i++)
            {
                AofInfo info = files[i];
                bool last = i == files.Count - 1;
                long started = Stopwatch.GetTimestamp();
                status = loader.Load(info.FileName, oldStyle: info.FileName == Config.AppendFilename);
                if (status == AofLoadStatus.Ok || (status == AofLoadStatus.Truncated && last))
                {
                    Log.Notice(string.Create(CultureInfo.InvariantCulture,
                        $"DB loaded from {(info.Type == AofFileType.Base ? "base" : "incr")} file {info.FileName}: {Stopwatch.GetElapsedTime(started).TotalSeconds:F3} seconds"));
                }
                if (status == AofLoadStatus.Empty && info.Type == AofFileType.Incr)
                {
                    status = AofLoadStatus.Ok; // another file has data, so an empty incremental file is fine
                }
                if (status == AofLoadStatus.NotExist)
                {
                    status = AofLoadStatus.Failed; // named in the manifest but gone
                }
                if (status == AofLoadStatus.Truncated && !last)
                {
                    Log.Warning("Fatal error: the truncated file is not the last file");
                    status = AofLoadStatus.Failed;
                }
                if (status is AofLoadStatus.OpenError or AofLoadStatus.Failed)
                {
                    return status;
                }
            }
        }
        finally
        {
            _server.Keyspace.Loading = false;
        }
        CurrentSize = totalSize;
        BaseSize = _manifest.Base is { } loadedBase ? FileSize(loadedBase.FileName) : 0;
        _fsyncOffset = CurrentSize;
        return status;
    }

    /*
     * aofUpgradePrepare: an AOF written before Redis 7 (one file, appendfilename, in dir) becomes the base of a
     * multi-part AOF: the manifest naming it is written first, then the file is moved into the directory.
     */
    private bool UpgradePrepare(string oldStylePath)
    {
        if (!CreateDirectory())
        {
            return false;
        }
        var manifest = new AofManifest();
        manifest.NewBaseFileNamed(Config.AppendFilename);
        if (!PersistManifest(manifest))
        {
            return false;
        }
        try
        {
            File.Move(oldStylePath, Path.Combine(Directory, Config.AppendFilename));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.Warning($"Error trying to rename the existing AOF to the new AOF dir: {Describe(e)}");
            return false;
        }
        _manifest = manifest;
        Log.Notice($"Successfully migrated an old-style AOF into the AOF directory {Config.AppendDirname}.");
        return true;
    }

    /*
     * aofOpenIfNeededOnServerStart: with the AOF on, a dataset without any AOF file gets a base written at once
     * (synchronously: nothing runs yet), then the last incremental file is opened for appending (created, and
     * named in the manifest, if there is none) and the manifest written.
     */
    private bool OpenOnServerStart()
    {
        if (State != AofState.On)
        {
            return true;
        }
        if (!CreateDirectory())
        {
            return false;
        }
        bool hadIncr = _manifest.Incr.Count > 0;
        if (_manifest.IsEmpty)
        {
            string baseName = _manifest.NewBaseFile(Config.AppendFilename, Config.AofUseRdbPreamble);
            RdbSnapshot snapshot = RdbSnapshot.Capture(_server.Keyspace, _server.Persistence.AccessInfo, copyValues: false);
            string? error = AofBaseWriter.Write(snapshot, Config.AofUseRdbPreamble ? BaseRdbOptions() : null,
                Path.Combine(Config.Dir, TempFileName("temp-rewriteaof-")), Path.Combine(Directory, baseName),
                new RdbSaveProgress(), Config.AofRewriteIncrementalFsync);
            if (error is not null)
            {
                Log.Warning(error);
                return false;
            }
            Log.Notice($"Creating AOF base file {baseName} on server start");
        }
        string name = _manifest.LastIncrFile(Config.AppendFilename);
        try
        {
            _fd = File.OpenHandle(Path.Combine(Directory, name), FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.Warning($"Can't open the append-only file {name}: {Describe(e)}");
            return false;
        }
        if (!PersistManifest(_manifest))
        {
            return false;
        }
        _lastIncrSize = RandomAccess.GetLength(_fd);
        Log.Notice(hadIncr ? $"Opening AOF incr file {name} on server start" : $"Creating AOF incr file {name} on server start");
        return true;
    }
}
