using Reactor.MiniRedis.Engine.Replication;
using Reactor.MiniRedis.Protocol;
using Reactor.MiniRedis.Storage;
using Reactor.MiniRedis.Storage.Rdb;

namespace Reactor.MiniRedis.Engine.Commands;

/// <summary>
/// DUMP and RESTORE (redis/redis src/cluster.c): a value serialized in Redis's own RDB format with the RDB
/// version and a CRC-64 appended, so payloads move between this server and redis-server 7.0 in both directions.
/// </summary>
public static class DumpCommands
{
    /// <summary>DUMP key</summary>
    /// <remarks>Mirrors dumpCommand: a null reply for a missing key, else createDumpPayload's bytes.</remarks>
    public static void Dump(CommandContext ctx)
    {
        RedisObject? value = ctx.LookupRead(ctx.Arg(1));
        if (value is null)
        {
            ctx.Reply.WriteNullBulk();
            return;
        }
        EncodingLimits limits = ctx.Db.EncodingLimits;
        ctx.Reply.WriteBulk(DumpPayload.Create(value, ctx.Server.Config.RdbCompression, limits.ListMaxListpackSize));
    }

    /// <summary>RESTORE key ttl serialized-value [REPLACE] [ABSTTL] [IDLETIME seconds] [FREQ frequency]</summary>
    /// <remarks>
    /// Mirrors restoreCommand, checks in its order: the options (IDLETIME and FREQ exclude each other), an existing
    /// key without REPLACE (BUSYKEY), the TTL, the payload's version and checksum, then the value itself ("Bad data
    /// format" for anything malformed, empty, or of a type this server does not hold). A TTL already in the past
    /// (ABSTTL) stores nothing, but REPLACE still deletes the old key.
    /// </remarks>
    public static void Restore(CommandContext ctx)
    {
        bool replace = false, absoluteTtl = false;
        long lfuFrequency = -1, lruIdle = -1;
        for (int j = 4; j < ctx.ArgCount; j++)
        {
            int additional = ctx.ArgCount - j - 1;
            if (ctx.ArgIs(j, "replace"u8))
            {
                replace = true;
            }
            else if (ctx.ArgIs(j, "absttl"u8))
            {
                absoluteTtl = true;
            }
            else if (ctx.ArgIs(j, "idletime"u8) && additional >= 1 && lfuFrequency == -1)
            {
                if (!ctx.TryGetInt64(++j, out lruIdle))
                {
                    return;
                }
                if (lruIdle < 0)
                {
                    ctx.Error(ErrorText.InvalidIdleTimeValue);
                    return;
                }
            }
            else if (ctx.ArgIs(j, "freq"u8) && additional >= 1 && lruIdle == -1)
            {
                if (!ctx.TryGetInt64(++j, out lfuFrequency))
                {
                    return;
                }
                if (lfuFrequency is < 0 or > 255)
                {
                    ctx.Error(ErrorText.InvalidFreqValue);
                    return;
                }
            }
            else
            {
                ctx.SyntaxError();
                return;
            }
        }

        ReadOnlySpan<byte> key = ctx.Arg(1);
        Database db = ctx.Db;
        if (!replace && db.Lookup(key) is not null)
        {
            ctx.Error(ErrorText.BusyKey);
            return;
        }
        if (!ctx.TryGetInt64(2, out long ttl))
        {
            return;
        }
        if (ttl < 0)
        {
            ctx.Error(ErrorText.InvalidTtlValue);
            return;
        }
        byte[] payload = ctx.Arg(3).ToArray();
        if (!DumpPayload.Verify(payload, ctx.Server.SkipChecksumValidation))
        {
            ctx.Error(ErrorText.DumpPayloadInvalid);
            return;
        }
        RedisObject? value;
        try
        {
            value = DumpPayload.Load(payload, db.EncodingLimits);
        }
        catch (RdbFormatException)
        {
            value = null;
        }
        if (value is null)
        {
            ctx.Error(ErrorText.BadDataFormat);
            return;
        }

        bool deleted = replace && db.Delete(key);
        if (ttl != 0 && !absoluteTtl)
        {
            ttl += db.LiveMilliseconds;
        }
        if (ttl != 0 && db.IsAlreadyExpired(ttl))
        {
            // checkAlreadyExpired: nothing is stored; a replaced key is gone, which counts as a change.
            if (deleted)
            {
                CommandRewrites.Delete(ctx, key);
                ctx.MarkDirty();
            }
            ctx.Reply.WriteOk();
            return;
        }
        db.Add(key, value);
        if (ttl != 0)
        {
            db.SetExpireTime(key, ttl);
            if (!absoluteTtl)
            {
                CommandRewrites.RestoreAbsoluteTtl(ctx, ttl);
            }
        }
        db.SetAccessInfo(value, lfuFrequency, lruIdle);
        ctx.MarkDirty();
        ctx.Reply.WriteOk();
    }
}
