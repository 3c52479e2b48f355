using Reactor.MiniRedis.Engine.Replication;
using Reactor.MiniRedis.Storage;
using Reactor.MiniRedis.Storage.Rdb;

namespace Reactor.MiniRedis.Engine.Persistence;

/// <summary>
/// Writes an AOF base file from a point-in-time snapshot (rewriteAppendOnlyFile in redis/redis src/aof.c): an RDB
/// marked <c>aof-base</c> with <c>aof-use-rdb-preamble yes</c>, else the commands that rebuild the dataset
/// (rewriteAppendOnlyFileRio). Runs on whichever thread writes the base and reads only the snapshot.
/// </summary>
internal static class AofBaseWriter
{
    /// <summary>AOF_REWRITE_ITEMS_PER_CMD: elements per RPUSH, SADD, ZADD or HMSET of a rewritten collection.</summary>
    public const int ItemsPerCommand = 64;

    /// <summary>REDIS_AUTOSYNC_BYTES: with aof-rewrite-incremental-fsync, the file is fsynced every 4 MB written.</summary>
    private const int AutoSyncBytes = 4 * 1024 * 1024;

    private const int FlushBytes = 64 * 1024;

    /*
     * rewriteAppendOnlyFile: writes the base to temporaryPath, fsyncs it and renames it to finalPath, so finalPath
     * is either absent or complete. rdbOptions null means the command form. Returns null on success, else the line
     * Redis logs (the temporary file is removed). A cancelled write throws OperationCanceledException.
     */
    public static string? Write(RdbSnapshot snapshot, RdbSaveOptions? rdbOptions, string temporaryPath, string finalPath,
        RdbSaveProgress progress, bool incrementalFsync)
    {
        (TempFileStage Stage, Exception Error)? failure = TempFileWrite.Run(temporaryPath, finalPath, file =>
        {
            if (rdbOptions is not null)
            {
                RdbFile.Save(file, snapshot, rdbOptions, progress);
            }
            else
            {
                WriteCommands(file, snapshot, progress, incrementalFsync);
            }
        });
        return failure switch
        {
            null => null,
            (TempFileStage.Open, Exception e) => $"Opening the temp file for AOF rewrite in rewriteAppendOnlyFile(): {AofPersistence.Describe(e)}",
            (_, Exception e) => $"Write error writing append only file on disk: {AofPersistence.Describe(e)}",
        };
    }

    /*
     * rewriteAppendOnlyFileRio: per non-empty database a SELECT, then per key the command that recreates its value
     * (SET, or RPUSH/SADD/ZADD/HMSET in batches of 64 elements, in the value's iteration order) and, for a key with a
     * time to live, PEXPIREAT with the absolute time.
     */
    public static void WriteCommands(Stream output, RdbSnapshot snapshot, RdbSaveProgress? progress, bool incrementalFsync)
    {
        var buffer = new CommandBuffer(FlushBytes + 1024);
        long sinceSync = 0;
        foreach (RdbDatabaseSnapshot db in snapshot.Databases)
        {
            buffer.AppendHeader(2);
            buffer.AppendBulk("SELECT"u8);
            buffer.AppendBulk(db.Id);
            foreach (RdbEntry entry in db.ReadEntries())
            {
                ThrowIfCancelled(progress);
                if (entry.Value is null)
                {
                    WriteSet(buffer, entry.Key.Span, entry.BareString.Span); // a bare string (StoredValue)
                }
                else
                {
                    WriteKey(buffer, output, entry.Key.Span, entry.Value);
                }
                if (entry.ExpireTime != -1)
                {
                    buffer.AppendHeader(3);
                    buffer.AppendBulk("PEXPIREAT"u8);
                    buffer.AppendBulk(entry.Key.Span);
                    buffer.AppendBulk(entry.ExpireTime);
                }
                if (buffer.Length >= FlushBytes)
                {
                    sinceSync += Drain(buffer, output);
                    if (incrementalFsync && sinceSync >= AutoSyncBytes && output is FileStream file)
                    {
                        file.Flush(flushToDisk: true);
                        sinceSync = 0;
                    }
                }
            }
        }
        ThrowIfCancelled(progress); // a streamed database also ends early when its capture is abandoned
        Drain(buffer, output);
    }

    private static void ThrowIfCancelled(RdbSaveProgress? progress)
    {
        if (progress?.IsCancelled == true)
        {
            throw new OperationCanceledException("The rewrite was cancelled.");
        }
    }

    private static void WriteSet(CommandBuffer buffer, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        buffer.AppendHeader(3);
        buffer.AppendBulk("SET"u8);
        buffer.AppendBulk(key);
        buffer.AppendBulk(value);
    }

    private static void WriteKey(CommandBuffer buffer, Stream output, ReadOnlySpan<byte> key, RedisObject value)
    {
        Span<byte> scratch = stackalloc byte[ScoreText.MaxLength];
        switch (value)
        {
            case RedisString text:
                WriteSet(buffer, key, text.GetBytes(scratch));
                break;
            case RedisList list:
                int index = 0;
                foreach (ReadOnlySpan<byte> element in list.Iterate(0, ListEnd.Tail))
                {
                    StartBatch(buffer, output, "RPUSH"u8, key, index++, list.Count, 1);
                    buffer.AppendBulk(element);
                }
                break;
            case RedisSet set:
                for (int i = 0; i < set.Count; i++)
                {
                    StartBatch(buffer, output, "SADD"u8, key, i, set.Count, 1);
                    buffer.AppendBulk(set.MemberAt(i).GetBytes(scratch));
                }
                break;
            case RedisSortedSet zset:
                int rank = 0;
                for (SkipListNode node = zset.First; node.Exists; node = node.Next)
                {
                    StartBatch(buffer, output, "ZADD"u8, key, rank++, zset.Count, 2);
                    buffer.AppendBulk(scratch[..ScoreText.Format(node.Score, scratch)]);
                    buffer.AppendBulk(node.Member);
                }
                break;
            case RedisHash hash:
                for (int i = 0; i < hash.Count; i++)
                {
                    StartBatch(buffer, output, "HMSET"u8, key, i, hash.Count, 2);
                    buffer.AppendBulk(hash.FieldSpanAt(i));
                    buffer.AppendBulk(hash.ValueSpanAt(i));
                }
                break;
            default:
                throw new ArgumentException($"No AOF form for {value.GetType().Name}.", nameof(value));
        }
    }

    // Every 64 items a new command starts: its header counts the items left, up to 64, times the words per item.
    private static void StartBatch(CommandBuffer buffer, Stream output, ReadOnlySpan<byte> command, ReadOnlySpan<byte> key,
        int item, int items, int words)
    {
        if (item % ItemsPerCommand != 0)
        {
            return;
        }
        if (buffer.Length >= FlushBytes)
        {
            Drain(buffer, output);
        }
        buffer.AppendHeader(2 + Math.Min(ItemsPerCommand, items - item) * words);
        buffer.AppendBulk(command);
        buffer.AppendBulk(key);
    }

    private static int Drain(CommandBuffer buffer, Stream output)
    {
        int written = buffer.Length;
        output.Write(buffer.Span);
        buffer.Clear();
        return written;
    }
}
