namespace Reactor.MiniRedis.Engine.Persistence;

/// <summary>
/// The temp-file-then-rename write that rdbSave and rewriteAppendOnlyFile share (redis/redis src/rdb.c, src/aof.c):
/// the content goes to a temporary name, is flushed to disk (fsync) and renamed over the final name, so the final
/// file is always either the old one or the complete new one.
/// </summary>
internal static class TempFileWrite
{
    /*
     * Creates temporaryPath, lets write fill it, fsyncs it and renames it over finalPath. Returns null on success,
     * else the stage that failed and its I/O error, after removing the temporary file (when it was created). A
     * cancelled write (OperationCanceledException from write) also removes it, then propagates.
     */
    public static (TempFileStage Stage, Exception Error)? Run(string temporaryPath, string finalPath, Action<FileStream> write)
    {
        FileStream file;
        try
        {
            file = new FileStream(temporaryPath, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (TempFileStage.Open, e);
        }
        try
        {
            using (file)
            {
                write(file);
                file.Flush(flushToDisk: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            RdbPersistence.TryDelete(temporaryPath);
            return (TempFileStage.Write, e);
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
