using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Reactor.MiniRedis.Engine.Server;
using Reactor.MiniRedis.Protocol;
using Reactor.MiniRedis.Storage;
using Reactor.MiniRedis.Storage.Rdb;

namespace Reactor.MiniRedis.Engine.Commands;

/// <summary>
/// DEBUG, the subcommands client test suites use (debugCommand in redis/redis src/debug.c, Redis 7.0.15). The
/// command is CMD_PROTECTED: the dispatcher refuses it unless <c>enable-debug-command</c> allows the client. Like
/// Redis, the subcommands are an if-chain on the name and the argument count, and anything else (including the
/// subcommands that crash or inspect the C allocator: SEGFAULT, PANIC, ASSERT, OOM, LEAK, MALLCTL, SDSLEN...)
/// gets the unknown-subcommand error.
/// </summary>
public static class DebugCommand
{
    private static readonly string[] s_help =
    [
        "CHANGE-REPL-ID",
        "    Change the replication IDs of the instance.",
        "    Dangerous: should be used only for testing the replication subsystem.",
        "CONFIG-REWRITE-FORCE-ALL",
        "    Like CONFIG REWRITE but writes all configuration options, including",
        "    keywords not listed in original configuration file or default values.",
        "DIGEST",
        "    Output a hex signature representing the current DB content.",
        "DIGEST-VALUE <key> [<key> ...]",
        "    Output a hex signature of the values of all the specified keys.",
        "ERROR <string>",
        "    Return a Redis protocol error with <string> as message. Useful for clients",
        "    unit tests to simulate Redis errors.",
        "LOG <message>",
        "    Write <message> to the server log.",
        "OBJECT <key>",
        "    Show low level info about `key` and associated value.",
        "POPULATE <count> [<prefix>] [<size>]",
        "    Create <count> string keys named key:<num>. If <prefix> is specified then",
        "    it is used instead of the 'key' prefix. These are not propagated to",
        "    replicas. Cluster slots are not respected so keys not belonging to the",
        "    current node can be created in cluster mode.",
        "PROTOCOL <type>",
        "    Reply with a test value of the specified type. <type> can be: string,",
        "    integer, double, bignum, null, array, set, map, attrib, push, verbatim,",
        "    true, false.",
        "RELOAD [option ...]",
        "    Save the RDB on disk and reload it back to memory. Valid <option> values:",
        "    * MERGE: conflicting keys will be loaded from RDB.",
        "    * NOFLUSH: the existing database will not be removed before load, but",
        "      conflicting keys will generate an exception and kill the server.",
        "    * NOSAVE: the database will be loaded from an existing RDB file.",
        "    Examples:",
        "    * DEBUG RELOAD: verify that the server is able to persist, flush and reload",
        "      the database.",
        "    * DEBUG RELOAD NOSAVE: replace the current database with the contents of an",
        "      existing RDB file.",
        "    * DEBUG RELOAD NOSAVE NOFLUSH MERGE: add the contents of an existing RDB",
        "      file to the database.",
        "SET-ACTIVE-EXPIRE <0|1>",
        "    Setting it to 0 disables expiring keys in background when they are not",
        "    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the",
        "    default.",
        "SET-SKIP-CHECKSUM-VALIDATION <0|1>",
        "    Enables or disables checksum checks for RDB files and RESTORE's payload.",
        "SLEEP <seconds>",
        "    Stop the server for <seconds>. Decimals allowed.",
        "PAUSE-CRON <0|1>",
        "    Stop periodic cron job processing.",
    ];

    /// <summary>strerror(EFAULT): what Redis 7.0.15 reports when CONFIG-REWRITE-FORCE-ALL has no config file to rewrite.</summary>
    private const int BadAddress = 14;

    /// <summary>DEBUG subcommand [argument ...]</summary>
    /// <remarks>Mirrors debugCommand: each subcommand is recognised only with its own argument count.</remarks>
    public static void Debug(CommandContext ctx)
    {
        int argc = ctx.ArgCount;
        if (argc == 2 && ctx.ArgIs(1, "help"u8))
        {
            HelpReply.Write(ctx, s_help);
        }
        else if (argc == 3 && ctx.ArgIs(1, "log"u8))
        {
            ctx.Server.Log.Warning($"DEBUG LOG: {CString(ctx.Arg(2))}");
            ctx.Reply.WriteOk();
        }
        else if (ctx.ArgIs(1, "reload"u8))
        {
            Reload(ctx);
        }
        else if (argc == 3 && ctx.ArgIs(1, "object"u8))
        {
            Object(ctx);
        }
        else if (argc is >= 3 and <= 5 && ctx.ArgIs(1, "populate"u8))
        {
            Populate(ctx);
        }
        else if (argc == 2 && ctx.ArgIs(1, "digest"u8))
        {
            Span<byte> digest = stackalloc byte[DatasetDigest.Length];
            DatasetDigest.Compute(ctx.Server.Keyspace, digest);
            ctx.Reply.WriteSimpleString(DatasetDigest.ToHex(digest));
        }
        else if (ctx.ArgIs(1, "digest-value"u8))
        {
            DigestValue(ctx);
        }
        else if (argc == 3 && ctx.ArgIs(1, "protocol"u8))
        {
            Protocol(ctx);
        }
        else if (argc == 3 && ctx.ArgIs(1, "sleep"u8))
        {
            long microseconds = SleepMicroseconds(ctx.Arg(2));
            if (microseconds > 0)
            {
                Thread.Sleep(TimeSpan.FromMilliseconds(Math.Min(microseconds / 1000.0, int.MaxValue))); // the whole server stops, as in Redis
            }
            ctx.Reply.WriteOk();
        }
        else if (argc == 3 && ctx.ArgIs(1, "set-active-expire"u8))
        {
            ctx.Server.ActiveExpiry.Enabled = Atoi(ctx.Arg(2)) != 0;
            ctx.Reply.WriteOk();
        }
        else if (argc == 3 && ctx.ArgIs(1, "set-skip-checksum-validation"u8))
        {
            ctx.Server.SkipChecksumValidation = Atoi(ctx.Arg(2)) != 0;
            ctx.Reply.WriteOk();
        }
        else if (argc == 3 && ctx.ArgIs(1, "error"u8))
        {
            // addReplySds of "-<string>\r\n": a raw error line (CR and LF become spaces), not counted in errorstats.
            ctx.Reply.WriteError(ctx.Arg(2));
        }
        else if (argc == 2 && ctx.ArgIs(1, "change-repl-id"u8))
        {
            ctx.Server.Log.Warning("Changing replication IDs after receiving DEBUG change-repl-id");
            ctx.Server.ChangeReplicationId(); // changeReplicationId; replid2 is always cleared here (no failover history)
            ctx.Reply.WriteOk();
        }
        else if (argc == 2 && ctx.ArgIs(1, "config-rewrite-force-all"u8))
        {
            ConfigRewriteForceAll(ctx);
        }
        else if (argc == 3 && ctx.ArgIs(1, "pause-cron"u8))
        {
            ctx.Server.CronPaused = Atoi(ctx.Arg(2)) != 0;
            ctx.Reply.WriteOk();
        }
        else
        {
            ctx.Error(ErrorText.SubcommandSyntax(ctx.Arg(1), ctx.Arg(0)));
        }
    }

    /*
     * DEBUG OBJECT key: the key found without expiring or touching it (dictFind), then Redis's status line. "Value
     * at" is the value's identity hash (a managed object has no stable address); refcount is Redis's for shared
     * integers, else 1; serializedlength is the length of the value's RDB encoding (rdbSavedObjectLen, with the
     * current rdbcompression); lru and lru_seconds_idle come from the value's access clock. A list adds the
     * quicklist fields for the nodes Redis would have after pushing it head to tail.
     */
    private static void Object(CommandContext ctx)
    {
        RedisObject? value = ctx.Db.FindStored(ctx.Arg(2));
        if (value is null)
        {
            ctx.Error(ErrorText.NoSuchKey);
            return;
        }
        ServerConfig config = ctx.Server.Config;
        long serializedLength;
        using (var writer = new RdbWriter(Stream.Null, bufferSize: 4096)
        {
            Compression = config.RdbCompression,
            ListMaxListpackSize = config.Encodings.ListMaxListpackSize,
        })
        {
            writer.WriteObject(value);
            serializedLength = writer.Position;
        }
        var line = new StringBuilder(160);
        line.Append(CultureInfo.InvariantCulture,
            $"Value at:0x{RuntimeHelpers.GetHashCode(value):x} refcount:{(ObjectCommands.IsSharedInteger(config, value) ? ObjectCommands.SharedRefCount : 1)} ");
        line.Append(CultureInfo.InvariantCulture,
            $"encoding:{value.Encoding} serializedlength:{serializedLength} lru:{value.Lru} lru_seconds_idle:{ctx.Db.IdleMilliseconds(value) / Database.LruClockResolution}");
        if (value is RedisList list)
        {
            (int nodes, long bytes) = RdbWriter.QuicklistLayout(list, config.Encodings.ListMaxListpackSize);
            line.Append(CultureInfo.InvariantCulture,
                $" ql_nodes:{nodes} ql_avg_node:{(double)list.Count / nodes:F2} ql_listpack_max:{RdbWriter.QuicklistFill(config.Encodings.ListMaxListpackSize)}");
            line.Append(CultureInfo.InvariantCulture,
                $" ql_compressed:{(config.Encodings.ListCompressDepth != 0 ? 1 : 0)} ql_uncompressed_size:{bytes}");
        }
        ctx.Reply.WriteSimpleString(Encoding.ASCII.GetBytes(line.ToString()));
    }

    /*
     * DEBUG POPULATE count [prefix] [size]: keys prefix:0 .. prefix:count-1 (prefix "key"; like snprintf into
     * Redis's 128-byte buffer, the prefix stops at a NUL byte and the key at 127 bytes), each holding "value:<n>",
     * or with a size that many bytes: "value:<n>" cut or padded with zero bytes. Existing keys are left alone.
     * Nothing is propagated and the change counter is untouched, as in Redis. A size over proto-max-bulk-len is
     * refused (Redis would try to allocate it).
     */
    private static void Populate(CommandContext ctx)
    {
        if (!TryGetPositive(ctx, 2, out long count))
        {
            return;
        }
        long size = 0;
        if (ctx.ArgCount == 5 && !TryGetPositive(ctx, 4, out size))
        {
            return;
        }
        if (size > ctx.Server.Config.Limits.MaxBulkLength || size > Array.MaxLength)
        {
            ctx.Error(ErrorText.StringTooLong);
            return;
        }
        byte[] prefix = ctx.ArgCount == 3 ? "key"u8.ToArray() : CBytes(ctx.Arg(3)).ToArray();
        Span<byte> key = stackalloc byte[127];
        Span<byte> text = stackalloc byte[32];
        Database db = ctx.Db;
        for (long j = 0; j < count; j++)
        {
            int keyLength = Format(key, prefix, j);
            if (db.Lookup(key[..keyLength]) is not null)
            {
                continue;
            }
            int textLength = Format(text, "value"u8, j);
            RedisString value;
            if (size == 0)
            {
                value = RedisString.FromBytes(text[..textLength]);
            }
            else
            {
                byte[] bytes = new byte[size];
                text[..(int)Math.Min(size, textLength)].CopyTo(bytes);
                value = RedisString.FromOwnedBytes(bytes);
            }
            db.Add(key[..keyLength], value);
            ctx.SignalModifiedKey(key[..keyLength]);
        }
        ctx.Reply.WriteOk();
    }

    /*
     * DEBUG DIGEST-VALUE [key ...]: one status reply per key, the digest of its value (xorObjectDigest, TTL mark
     * included), forty zeros for a missing key. Keys are found without expiring them: a debug command works on
     * logically expired keys too.
     */
    private static void DigestValue(CommandContext ctx)
    {
        ctx.Reply.WriteArrayHeader(ctx.ArgCount - 2);
        Span<byte> digest = stackalloc byte[DatasetDigest.Length];
        for (int j = 2; j < ctx.ArgCount; j++)
        {
            digest.Clear();
            if (ctx.Db.FindStored(ctx.Arg(j)) is { } value)
            {
                DatasetDigest.XorObject(ctx.Db, ctx.Arg(j), value, digest);
            }
            ctx.Reply.WriteSimpleString(DatasetDigest.ToHex(digest));
        }
    }

    /// <summary>DEBUG PROTOCOL type: a test value of each RESP3 type, in the shape the connection's protocol gives it.</summary>
    private static void Protocol(CommandContext ctx)
    {
        ReplyWriter reply = ctx.Reply;
        ReadOnlySpan<byte> name = ctx.Arg(2);
        if (Ascii.EqualsIgnoreCase(name, "string"u8))
        {
            reply.WriteBulk("Hello World"u8);
        }
        else if (Ascii.EqualsIgnoreCase(name, "integer"u8))
        {
            reply.WriteInteger(12345);
        }
        else if (Ascii.EqualsIgnoreCase(name, "double"u8))
        {
            reply.WriteDouble("3.141"u8); // addReplyDouble(3.141): %.17g gives 3.141
        }
        else if (Ascii.EqualsIgnoreCase(name, "bignum"u8))
        {
            reply.WriteBigNumber("1234567999999999999999999999999999999"u8);
        }
        else if (Ascii.EqualsIgnoreCase(name, "null"u8))
        {
            reply.WriteNullBulk();
        }
        else if (Ascii.EqualsIgnoreCase(name, "array"u8) || Ascii.EqualsIgnoreCase(name, "set"u8))
        {
            if (Ascii.EqualsIgnoreCase(name, "set"u8))
            {
                reply.WriteSetHeader(3);
            }
            else
            {
                reply.WriteArrayHeader(3);
            }
            for (int j = 0; j < 3; j++)
            {
                reply.WriteInteger(j);
            }
        }
        else if (Ascii.EqualsIgnoreCase(name, "map"u8))
        {
            reply.WriteMapHeader(3);
            for (int j = 0; j < 3; j++)
            {
                reply.WriteInteger(j);
                reply.WriteBoolean(j == 1);
            }
        }
        else if (Ascii.EqualsIgnoreCase(name, "attrib"u8))
        {
            if (reply.IsResp3)
            {
                reply.WriteRaw("|1\r\n"u8); // addReplyAttributeLen(c, 1): RESP3 only
                reply.WriteBulk("key-popularity"u8);
                reply.WriteArrayHeader(2);
                reply.WriteBulk("key:123"u8);
                reply.WriteInteger(90);
            }
            // Attributes are not real replies: a real reply follows.
            reply.WriteBulk("Some real reply following the attribute"u8);
        }
        else if (Ascii.EqualsIgnoreCase(name, "push"u8))
        {
            if (!reply.IsResp3)
            {
                ctx.Error(ErrorText.Resp2NotSupported);
                return;
            }
            reply.WritePushHeader(2);
            reply.WriteBulk("server-cpu-usage"u8);
            reply.WriteInteger(42);
            // Push replies are not synchronous replies: a normal reply follows for clients that skip pushes.
            reply.WriteBulk("Some real reply following the push reply"u8);
        }
        else if (Ascii.EqualsIgnoreCase(name, "true"u8) || Ascii.EqualsIgnoreCase(name, "false"u8))
        {
            reply.WriteBoolean(Ascii.EqualsIgnoreCase(name, "true"u8));
        }
        else if (Ascii.EqualsIgnoreCase(name, "verbatim"u8))
        {
            reply.WriteVerbatim("This is a verbatim\nstring"u8, "txt"u8);
        }
        else
        {
            ctx.Error(ErrorText.DebugProtocolWrongType);
        }
    }

    /*
     * DEBUG RELOAD [MERGE] [NOFLUSH] [NOSAVE]: saves the RDB file (unless NOSAVE), empties every database (unless
     * NOFLUSH) and loads the file back. The file is read into a scratch keyspace first and its keys then added to
     * the live one; with NOFLUSH a key present in both is replaced by the file's under MERGE. Without MERGE Redis
     * panics on such a key ("Duplicated key found in RDB file"); this server logs Redis's line and replies the
     * load error instead, keeping the keys added before it.
     */
    private static void Reload(CommandContext ctx)
    {
        bool merge = false, flush = true, save = true;
        for (int j = 2; j < ctx.ArgCount; j++)
        {
            if (ctx.ArgIs(j, "merge"u8))
            {
                merge = true;
            }
            else if (ctx.ArgIs(j, "noflush"u8))
            {
                flush = false;
            }
            else if (ctx.ArgIs(j, "nosave"u8))
            {
                save = false;
            }
            else
            {
                ctx.Error(ErrorText.DebugReloadOptions);
                return;
            }
        }
        RedisServer server = ctx.Server;
        if (save && !server.Persistence.Save())
        {
            ctx.Error(ErrorText.SaveFailed);
            return;
        }
        if (flush)
        {
            server.Signals.FlushedDb(-1); // emptyData
            server.Keyspace.FlushAll(lazy: false);
        }
        Keyspace? loaded = server.Persistence.LoadFile(server.Config.RdbPath, atStartup: false);
        if (loaded is null || !TryAddAll(server, loaded, merge))
        {
            ctx.Error(ErrorText.DebugReloadFailed);
            return;
        }
        server.Log.Warning("DB reloaded by DEBUG RELOAD");
        ctx.Reply.WriteOk();
    }

    // The loaded keys, values, TTLs and access clocks go into the live databases; false at a key already there
    // (without MERGE), after logging it as rdbLoad does.
    private static bool TryAddAll(RedisServer server, Keyspace loaded, bool merge)
    {
        for (int i = 0; i < loaded.Count; i++)
        {
            Database source = loaded[i], target = server.Keyspace[i];
            foreach (KeyTable<StoredValue>.Item entry in source)
            {
                if (target.IsStored(entry.Key))
                {
                    if (!merge)
                    {
                        server.Log.Warning($"RDB has duplicated key '{CString(entry.Key)}' in DB {i}");
                        return false;
                    }
                    target.Delete(entry.Key, lazy: false);
                }
                uint lru = entry.Value.Lru;
                if (entry.Value.Object is { } value)
                {
                    target.Add(entry.Key, value);
                    value.Lru = lru;
                }
                else
                {
                    target.AddString(entry.Key, entry.Value.StringBytes.ToArray()); // a bare string stays bare
                    target.LookupStored(entry.Key, touch: false).Lru = lru;
                }
                long expireTime = source.GetExpireTime(entry.Key);
                if (expireTime != -1)
                {
                    target.SetExpireTime(entry.Key, expireTime);
                }
            }
        }
        return true;
    }

    // rewriteConfig(server.configfile, 1): every parameter written, defaults included. Without a config file
    // Redis 7.0.15 fails fopen(NULL) with EFAULT.
    private static void ConfigRewriteForceAll(CommandContext ctx)
    {
        ServerConfig config = ctx.Server.Config;
        string? reason = config.ConfigFile.Length == 0
            ? Marshal.GetPInvokeErrorMessage(BadAddress)
            : ConfigFileWriter.Rewrite(config.ConfigFile, config, ctx.Server.Log, forceAll: true);
        if (reason is not null)
        {
            ctx.Error(ErrorText.ConfigRewriteForceAllFailed(reason));
            return;
        }
        ctx.Reply.WriteOk();
    }

    /// <summary>
    /// DEBUG SLEEP's duration: <c>strtod</c> of the argument (its longest numeric prefix; 0 when there is none)
    /// times a million, truncated to whole microseconds as Redis's <c>long long</c> conversion does. Zero or less
    /// means no sleep at all.
    /// </summary>
    internal static long SleepMicroseconds(ReadOnlySpan<byte> argument)
    {
        double seconds = StrtodPrefix(argument);
        double microseconds = seconds * 1_000_000;
        return double.IsNaN(microseconds) || microseconds <= 0 ? 0 : microseconds >= long.MaxValue ? long.MaxValue : (long)microseconds;
    }

    // strtod's reading of decimal text: leading white space, a sign, digits with an optional fraction and
    // exponent, or inf/infinity/nan; whatever follows is ignored, and text with no number is 0.
    private static double StrtodPrefix(ReadOnlySpan<byte> text)
    {
        int start = 0;
        while (start < text.Length && IsSpace(text[start]))
        {
            start++;
        }
        int i = start;
        if (i < text.Length && (text[i] == '+' || text[i] == '-'))
        {
            i++;
        }
        ReadOnlySpan<byte> rest = text[i..];
        if (rest.Length >= 3 && (Ascii.EqualsIgnoreCase(rest[..3], "inf"u8) || Ascii.EqualsIgnoreCase(rest[..3], "nan"u8)))
        {
            bool negative = i > start && text[start] == '-';
            return Ascii.EqualsIgnoreCase(rest[..3], "nan"u8) ? double.NaN : negative ? double.NegativeInfinity : double.PositiveInfinity;
        }
        int digits = 0;
        while (i < text.Length && char.IsAsciiDigit((char)text[i]))
        {
            i++;
            digits++;
        }
        if (i < text.Length && text[i] == '.')
        {
            i++;
            while (i < text.Length && char.IsAsciiDigit((char)text[i]))
            {
                i++;
                digits++;
            }
        }
        if (digits == 0)
        {
            return 0;
        }
        if (i < text.Length && (text[i] == 'e' || text[i] == 'E'))
        {
            int exponent = i + 1;
            if (exponent < text.Length && (text[exponent] == '+' || text[exponent] == '-'))
            {
                exponent++;
            }
            int exponentDigits = exponent;
            while (exponentDigits < text.Length && char.IsAsciiDigit((char)text[exponentDigits]))
            {
                exponentDigits++;
            }
            if (exponentDigits > exponent)
            {
                i = exponentDigits;
            }
        }
        return double.Parse(text[start..i], NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    // atoi: leading white space, a sign, then digits up to the first non-digit (0 when there are none). Only
    // whether the result is zero matters to the callers; an overflowing number saturates.
    private static long Atoi(ReadOnlySpan<byte> text)
    {
        int i = 0;
        while (i < text.Length && IsSpace(text[i]))
        {
            i++;
        }
        bool negative = i < text.Length && text[i] == '-';
        if (i < text.Length && (text[i] == '+' || text[i] == '-'))
        {
            i++;
        }
        long value = 0;
        for (; i < text.Length && char.IsAsciiDigit((char)text[i]); i++)
        {
            value = value > (long.MaxValue - 9) / 10 ? long.MaxValue : value * 10 + (text[i] - '0');
        }
        return negative ? -value : value;
    }

    // getPositiveLongFromObjectOrReply with Redis's message for anything that is not a non-negative integer.
    private static bool TryGetPositive(CommandContext ctx, int index, out long value)
    {
        if (NumericText.TryParseInt64(ctx.Arg(index), out value) && value >= 0)
        {
            return true;
        }
        ctx.Error(ErrorText.MustBePositive);
        return false;
    }

    // snprintf(buf, sizeof(buf), "%s:%lu", prefix, number): the text cut at the buffer's end.
    private static int Format(Span<byte> destination, ReadOnlySpan<byte> prefix, long number)
    {
        Span<byte> digits = stackalloc byte[20];
        int digitCount = NumericText.FormatInt64(number, digits);
        int length = Append(destination, 0, prefix);
        length = Append(destination, length, ":"u8);
        return Append(destination, length, digits[..digitCount]);
    }

    private static int Append(Span<byte> destination, int length, ReadOnlySpan<byte> part)
    {
        int take = Math.Min(part.Length, destination.Length - length);
        part[..take].CopyTo(destination[length..]);
        return length + take;
    }

    // A C string's view of an argument: the bytes before the first NUL.
    private static ReadOnlySpan<byte> CBytes(ReadOnlySpan<byte> bytes)
    {
        int nul = bytes.IndexOf((byte)0);
        return nul < 0 ? bytes : bytes[..nul];
    }

    private static string CString(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(CBytes(bytes));

    // isspace in the C locale.
    private static bool IsSpace(byte c) => c is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\v' or (byte)'\f' or (byte)'\r';
}
