namespace Reactor.MiniRedis.Engine.Persistence;

/// <summary>
/// The temp-file-then-rename write that rdbSave, rewriteAppendOnlyFile, ACLSaveToFile and rewriteConfigOverwriteFile
/// share (redis/redis src/rdb.c, aof.c, acl.c, config.c): the content goes to a temporary name, is flushed to disk
/// (fsync) and renamed over the final name, so the final file is always either the old one or the complete new one.
/// Fsyncing the directory after the rename is the caller's (<see cref="DirectorySync"/>), as not all of them do.
/// </summary>
internal static class TempFileWrite
{
    /*
     * Creates temporaryPath, lets write fill it, fsyncs it and renames it over finalPath. Returns null on success,
     * else the stage that failed and its I/O error, after removing the temporary file (when it was created). A
     * cancelled write (OperationCanceledException from write) also removes it, then propagates. With
     * unixCreateMode the temporary file must be new (mkostemp's O_EXCL) and gets that mode less the umask.
     */
    public static (TempFileStage Stage, Exception Error)? Run(string temporaryPath, string finalPath, Action<FileStream> write,
        UnixFileMode? unixCreateMode = null)
    {
        FileStream file;
        try
        {
            var options = new FileStreamOptions
            {
                Mode = unixCreateMode is null ? FileMode.Create : FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.None,
                BufferSize = 0,
            };
            if (unixCreateMode is { } mode && !OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = mode;
            }
            file = new FileStream(temporaryPath, options);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (TempFileStage.Open, e);
        }
        TempFileStage stage = TempFileStage.Write;
        try
        {
            using (file)
            {
                write(file);
                stage = TempFileStage.Sync;
                file.Flush(flushToDisk: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            RdbPersistence.TryDelete(temporaryPath);
            return (stage, e);
        }
        catch (OperationCanceledException)
        {
            RdbPersistence.TryDelete(temporaryPath);
            throw;
        }
        try
        {
            File.Move(temporaryPath, finalPath, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            RdbPersistence.TryDelete(temporaryPath);
            return (TempFileStage.Rename, e);
        }
        return null;
    }
}
