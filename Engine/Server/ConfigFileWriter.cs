using System.Runtime.InteropServices;
using System.Text;
using Reactor.MiniRedis.Engine.Persistence;

namespace Reactor.MiniRedis.Engine.Server;

/// <summary>
/// CONFIG REWRITE's file work: reading the old config file and replacing it atomically (rewriteConfigReadOldFile's
/// I/O and rewriteConfigOverwriteFile in redis/redis src/config.c, Redis 7.0). Failures come back as strerror text,
/// which is what Redis puts in its reply and log.
/// </summary>
internal static class ConfigFileWriter
{
    /// <summary>
    /// Mirrors rewriteConfig: reads <paramref name="path"/> (a missing file is empty), rewrites it for
    /// <paramref name="config"/> and writes it back. Returns null, or the reason (strerror) it failed; each step's
    /// failure is logged on <paramref name="log"/> as Redis logs it.
    /// </summary>
    /// <remarks><paramref name="forceAll"/>: every parameter is written, defaults included (DEBUG CONFIG-REWRITE-FORCE-ALL).</remarks>
    public static string? Rewrite(string path, ServerConfig config, ServerLog log, bool forceAll = false)
    {
        string oldContent;
        try
        {
            // One char per byte, so the lines the rewrite keeps are written back byte for byte.
            oldContent = File.ReadAllText(path, Encoding.Latin1);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            // fopen's ENOENT: nothing to keep; creating the temporary file then reports a missing directory.
            oldContent = "";
        }
        catch (UnauthorizedAccessException) when (Directory.Exists(path))
        {
            // fopen succeeds on a directory and fread fails with EISDIR; .NET refuses to open it at all.
            return Marshal.GetPInvokeErrorMessage(21);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return StrError(e);
        }
        return Overwrite(path, Encoding.Latin1.GetBytes(ConfigRewriter.Rewrite(oldContent, config, forceAll)), log);
    }

    /*
     * Mirrors rewriteConfigOverwriteFile: the content goes to a new temporary file next to the config file (mkostemp's
     * "<file>.XXXXXX"), is fsynced, gets mode 0644 less the umask, is renamed over the config file (TempFileWrite,
     * which removes the temporary file when a step fails), and then the directory is fsynced so the new name
     * survives a crash. Each failure is logged with Redis's line.
     */
    private static string? Overwrite(string path, byte[] content, ServerLog log)
    {
        string temporary = $"{path}.{Path.GetRandomFileName().Replace(".", "", StringComparison.Ordinal)[..6]}";
        const UnixFileMode Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        if (TempFileWrite.Run(temporary, path, file => file.Write(content), Mode) is ({ } stage, { } error))
        {
            string reason = StrError(error);
            log.Warning(stage switch
            {
                TempFileStage.Open => $"Could not create tmp config file ({reason})",
                TempFileStage.Write => $"Failed after writing (0) bytes to tmp config file ({reason})",
                TempFileStage.Sync => $"Could not sync tmp config file to disk ({reason})",
                _ => $"Could not rename tmp config file ({reason})",
            });
            return reason;
        }
        if (DirectorySync.SyncDirectoryOf(path) is { } failure)
        {
            log.Warning($"Could not sync config file dir ({failure})");
            return failure;
        }
        log.Debug($"Rewritten config file ({path}) successfully");
        return null;
    }

    /*
     * strerror(errno) for an I/O exception. On Unix .NET keeps the errno as the HResult of a plain IOException, and
     * turns ENOENT, EACCES and ENAMETOOLONG into their own exception types.
     */
    private static string StrError(Exception e) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException => Marshal.GetPInvokeErrorMessage(2),   // ENOENT
        UnauthorizedAccessException => Marshal.GetPInvokeErrorMessage(13),                           // EACCES
        PathTooLongException => Marshal.GetPInvokeErrorMessage(36),                                  // ENAMETOOLONG
        IOException { HResult: > 0 and < 4096 } io => Marshal.GetPInvokeErrorMessage(io.HResult),
        _ => e.Message,
    };
}
