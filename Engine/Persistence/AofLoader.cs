using System.Globalization;
using System.Text;
using Reactor.MiniRedis.Engine.Commands;
using Reactor.MiniRedis.Engine.Networking;
using Reactor.MiniRedis.Engine.Server;
using Reactor.MiniRedis.Engine.Transactions;
using Reactor.MiniRedis.Protocol;
using Reactor.MiniRedis.Storage;
using Reactor.MiniRedis.Storage.Rdb;

namespace Reactor.MiniRedis.Engine.Persistence;

/// <summary>
/// Replays one AOF file into the keyspace: loadSingleAppendOnlyFile of redis/redis src/aof.c. A file that starts
/// with "REDIS" is an RDB (a base file, or the preamble of an old single-file AOF) followed by any commands; the rest
/// is commands in the RESP request form, run one by one by the command handlers for a fake client whose replies are
/// dropped, MULTI ... EXEC included. The caller sets <see cref="Storage.Keyspace.Loading"/>, so nothing expires
/// while the file replays.
/// </summary>
/// <remarks>
/// The parser reads as Redis's does with fgets and fread: lines of at most 1023 bytes, <c>#</c> lines skipped as
/// annotations, <c>*argc</c>, then per argument <c>$len</c>, the bytes, and two bytes for the CRLF. Reaching the end
/// of the file inside a command (or inside MULTI without its EXEC) is a truncated file: with aof-load-truncated the
/// file is cut after the last complete command (before the MULTI) and loading goes on, otherwise it fails. Anything
/// else that does not parse is a format error, and an unknown command fails the load: never a silent partial load.
/// </remarks>
internal sealed class AofLoader
{
    /// <summary>AOF_ANNOTATION_LINE_MAX_LEN: fgets reads lines into a buffer this long.</summary>
    private const int LineBufferLength = 1024;

    private static readonly CommandHandler s_multi = TransactionCommands.Multi;

    private readonly RedisServer _server;
    private readonly string _directory;
    private readonly byte[] _line = new byte[LineBufferLength];
    private byte[] _arguments = new byte[4096];
    private ArgSlice[] _slices = new ArgSlice[16];

    public AofLoader(RedisServer server, string directory)
    {
        _server = server;
        _directory = directory;
    }

    private ServerLog Log => _server.Log;

    /*
     * loadSingleAppendOnlyFile: loads file `name` of the AOF directory. `oldStyle` is true for a file named
     * appendfilename itself (an AOF from before Redis 7, moved into the directory), which only changes the log
     * lines. Returns NotExist and Empty without touching anything, Truncated when the file was cut (the caller
     * decides whether that is acceptable: only for the last file), OpenError or Failed with the reason logged.
     */
    public AofLoadStatus Load(string name, bool oldStyle)
    {
        string path = Path.Combine(_directory, name);
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, bufferSize: 64 * 1024);
        }
        catch (FileNotFoundException e)
        {
            Log.Warning($"The append log file {name} doesn't exist: {AofPersistence.Describe(e)}");
            return AofLoadStatus.NotExist;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.Warning($"Fatal error: can't open the append log file {name} for reading: {AofPersistence.Describe(e)}");
            return AofLoadStatus.OpenError;
        }
        using (file)
        {
            if (file.Length == 0)
            {
                return AofLoadStatus.Empty;
            }
            try
            {
                return Load(file, name, oldStyle);
            }
            catch (IOException e)
            {
                Log.Warning($"Unrecoverable error reading the append only file {name}: {AofPersistence.Describe(e)}");
                return AofLoadStatus.Failed;
            }
        }
    }

    private AofLoadStatus Load(FileStream file, string name, bool oldStyle)
    {
        var reader = new LineReader(file);
        if (!LoadRdbPart(file, reader, name, oldStyle))
        {
            return AofLoadStatus.Failed;
        }
        Connection client = CreateClient();
        var ctx = new CommandContext(_server);
        long validUpTo = 0, validBeforeMulti = 0;
        bool truncationAllowed = _server.Config.AofLoadTruncated;
        while (true)
        {
            int n = reader.ReadLine(_line);
            if (n == 0)
            {
                break; // the end of the file, between commands
            }
            if (_line[0] == (byte)'#')
            {
                continue; // an annotation
            }
            if (_line[0] != (byte)'*')
            {
                return FormatError(name);
            }
            if (n == 1)
            {
                return UnexpectedEnd(file, name, validUpTo); // fgets got only the '*' before the end of the file
            }
            long argc = unchecked((int)NumericText.Strtoll(_line.AsSpan(1, n - 1))); // atoi(buf+1): the CRLF ends the digits
            if (argc < 1)
            {
                return FormatError(name);
            }
            ParseResult parsed = ReadArguments(reader, argc);
            if (parsed == ParseResult.Truncated)
            {
                return UnexpectedEnd(file, name, validUpTo);
            }
            if (parsed == ParseResult.BadFormat)
            {
                return FormatError(name);
            }
            ctx.Load(client, _arguments, 0, _slices, (int)argc);
            CommandSpec? command = Lookup(ctx);
            if (command is null)
            {
                Log.Warning($"Unknown command '{Encoding.UTF8.GetString(ctx.Arg(0))}' reading the append only file {name}");
                return AofLoadStatus.Failed;
            }
            if (!command.AcceptsArgumentCount(ctx.ArgCount))
            {
                Log.Warning($"Wrong number of arguments for '{command.Name}' reading the append only file {name}");
                return AofLoadStatus.Failed;
            }
            if (command.Handler == s_multi)
            {
                validBeforeMulti = validUpTo;
            }
            Run(ctx, client, command);
            if (truncationAllowed)
            {
                validUpTo = reader.Position;
            }
        }
        // The end of the file inside MULTI: the transaction never completed, so it is dropped like a torn tail.
        if ((client.Flags & ClientFlags.Multi) != 0)
        {
            Log.Warning($"Revert incomplete MULTI/EXEC transaction in AOF file {name}");
            return UnexpectedEnd(file, name, validBeforeMulti);
        }
        return AofLoadStatus.Ok;
    }

    /*
     * The RDB part: a file starting with "REDIS" is loaded with the RDB loader first (an AOF base keeps its
     * expired keys: the deletions that follow are in the incremental files), then the commands after it, if any,
     * are read from where the RDB ended. A corrupt RDB fails the load, with the RDB loader's reason.
     */
    private bool LoadRdbPart(FileStream file, LineReader reader, string name, bool oldStyle)
    {
        Span<byte> signature = stackalloc byte[5];
        if (file.ReadAtLeast(signature, 5, throwOnEndOfStream: false) != 5 || !signature.SequenceEqual("REDIS"u8))
        {
            reader.Seek(0);
            return true;
        }
        Log.Notice(oldStyle ? "Reading RDB preamble from AOF file..." : "Reading RDB base file on AOF loading...");
        file.Position = 0;
        RdbLoadResult result;
        try
        {
            result = RdbFile.Load(file, _server.Keyspace, new RdbLoadOptions
            {
                NowMilliseconds = long.MinValue,
                VerifyChecksum = _server.Config.RdbChecksum && !_server.SkipChecksumValidation,
                Warning = Log.Warning,
                AuxField = LogAuxField,
            });
        }
        catch (RdbFormatException e)
        {
            if (e.ShortRead)
            {
                Log.Warning("Short read or OOM loading DB. Unrecoverable error, aborting now.");
            }
            Log.Warning(string.Create(CultureInfo.InvariantCulture, $"Internal error in RDB reading offset {e.Offset} -> {AofPersistence.Describe(e)}"));
            Log.Warning(oldStyle
                ? $"Error reading the RDB preamble of the AOF file {name}, AOF loading aborted"
                : $"Error reading the RDB base file {name}, AOF loading aborted");
            return false;
        }
        reader.Seek(result.BytesRead);
        if (oldStyle)
        {
            Log.Notice("Reading the remaining AOF tail...");
        }
        return true;
    }

    // The aux fields rdbLoadRio logs when loading an AOF's RDB part (the others are verbose for it).
    private void LogAuxField(string name, string value)
    {
        if (name == "aof-base" && value != "0")
        {
            Log.Notice("RDB is base AOF");
        }
        else if (name == "aof-preamble" && value != "0")
        {
            Log.Notice("RDB has an AOF tail");
        }
    }

    /*
     * The arguments of one command: per argument a "$len" line, len bytes and two more (the CRLF, not checked, as
     * fread(buf,2,1) does not). All of them go into one buffer, sliced by _slices. The end of the file anywhere in
     * here is a truncated command; a line that is not "$..." is a format error.
     */
    private ParseResult ReadArguments(LineReader reader, long argc)
    {
        int total = 0;
        Span<byte> crlf = stackalloc byte[2];
        for (long j = 0; j < argc; j++)
        {
            int n = reader.ReadLine(_line);
            if (n == 0)
            {
                return ParseResult.Truncated;
            }
            if (_line[0] != (byte)'$')
            {
                return ParseResult.BadFormat;
            }
            long length = NumericText.Strtoll(_line.AsSpan(1, n - 1)); // strtol(buf+1,NULL,10)
            if (length < 0)
            {
                return ParseResult.BadFormat;
            }
            if (length > reader.Remaining - 2)
            {
                return ParseResult.Truncated; // fread would come up short: no need to allocate for it
            }
            if (length > Array.MaxLength - total)
            {
                return ParseResult.BadFormat;
            }
            if (j >= _slices.Length)
            {
                Array.Resize(ref _slices, (int)Math.Min(Math.Max(j + 1, _slices.Length * 2L), Array.MaxLength));
            }
            if (total + length > _arguments.Length)
            {
                Array.Resize(ref _arguments, (int)Math.Min(Math.Max(total + length, _arguments.Length * 2L), Array.MaxLength));
            }
            if (reader.Read(_arguments.AsSpan(total, (int)length)) != length || reader.Read(crlf) != 2)
            {
                return ParseResult.Truncated;
            }
            _slices[j] = new ArgSlice(total, (int)length);
            total += (int)length;
        }
        return ParseResult.Complete;
    }

    // lookupCommand: the command, or the subcommand of a container; null when either is unknown.
    private CommandSpec? Lookup(CommandContext ctx)
    {
        CommandSpec? command = _server.Commands.Find(ctx.Arg(0));
        if (command is { IsContainer: true })
        {
            command = ctx.ArgCount >= 2 ? command.FindSubcommand(ctx.Arg(1)) : command.Handler is null ? null : command;
        }
        return command;
    }

    /*
     * Runs one command for the fake client: inside MULTI everything but EXEC is queued (queueMultiCommand), anything
     * else runs its handler directly, as cmd->proc(fakeClient) does. Replies (errors included) are dropped.
     */
    private static void Run(CommandContext ctx, Connection client, CommandSpec command)
    {
        if ((client.Flags & ClientFlags.Multi) != 0 && !MultiExec.IsExec(command))
        {
            MultiExec.Queue(ctx, command);
        }
        else
        {
            ctx.SetCommand(command);
            command.Handler!(ctx);
        }
        client.Reply.Buffer.Clear();
    }

    // createAOFClient: no socket, not in the client list, never blocked.
    private Connection CreateClient() =>
        new(_server, new AofClientTransport(), id: long.MaxValue) { Flags = ClientFlags.DenyBlocking };

    private AofLoadStatus FormatError(string name)
    {
        Log.Warning($"Bad file format reading the append only file {name}: make a backup of your AOF file, then use ./redis-check-aof --fix <filename.manifest>");
        return AofLoadStatus.Failed;
    }

    /*
     * The uxeof path: the file ends in the middle of a command. With aof-load-truncated the file is cut after the
     * last complete command and the load counts as Truncated; otherwise (or if the cut fails) it fails.
     */
    private AofLoadStatus UnexpectedEnd(FileStream file, string name, long validUpTo)
    {
        if (_server.Config.AofLoadTruncated)
        {
            Log.Warning($"!!! Warning: short read while loading the AOF file {name}!!!");
            Log.Warning(string.Create(CultureInfo.InvariantCulture, $"!!! Truncating the AOF {name} at offset {validUpTo} !!!"));
            try
            {
                file.SetLength(validUpTo);
                file.Flush(flushToDisk: true);
                Log.Warning($"AOF {name} loaded anyway because aof-load-truncated is enabled");
                return AofLoadStatus.Truncated;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Log.Warning($"Error truncating the AOF file {name}: {AofPersistence.Describe(e)}");
            }
        }
        Log.Warning($"Unexpected end of file reading the append only file {name}. You can: 1) Make a backup of your AOF file, then use ./redis-check-aof --fix <filename.manifest>. 2) Alternatively you can set the 'aof-load-truncated' configuration option to yes and restart the server.");
        return AofLoadStatus.Failed;
    }

    private enum ParseResult
    {
        Complete,
        Truncated,
        BadFormat,
    }

    /// <summary>The AOF client's transport: nothing to read, nowhere to write (its replies are dropped).</summary>
    private sealed class AofClientTransport : ITransport
    {
        public string RemoteAddress => "";

        public string LocalAddress => "";

        public int Receive(Span<byte> buffer) => -1;

        public int Send(ReadOnlySpan<byte> data) => data.Length;

        public void Close()
        {
        }
    }

    /// <summary>fgets and fread over a buffered file, with ftello's position.</summary>
    private sealed class LineReader(FileStream file)
    {
        private readonly byte[] _buffer = new byte[64 * 1024];
        private int _start;
        private int _end;
        private long _bufferOffset;

        /// <summary>The offset of the next byte to read.</summary>
        public long Position => _bufferOffset + _start;

        /// <summary>Bytes left in the file.</summary>
        public long Remaining => file.Length - Position;

        public void Seek(long offset)
        {
            file.Position = offset;
            _bufferOffset = offset;
            _start = _end = 0;
        }

        /// <summary>fgets: up to <paramref name="line"/>.Length - 1 bytes, stopping after a newline; 0 at the end of the file.</summary>
        public int ReadLine(Span<byte> line)
        {
            int n = 0;
            int max = line.Length - 1;
            while (n < max)
            {
                if (_start == _end && !Fill())
                {
                    break;
                }
                byte b = _buffer[_start++];
                line[n++] = b;
                if (b == (byte)'\n')
                {
                    break;
                }
            }
            return n;
        }

        /// <summary>fread: as many of <paramref name="destination"/>'s bytes as the file still has.</summary>
        public int Read(Span<byte> destination)
        {
            int n = 0;
            while (n < destination.Length)
            {
                if (_start == _end && !Fill())
                {
                    break;
                }
                int chunk = Math.Min(destination.Length - n, _end - _start);
                _buffer.AsSpan(_start, chunk).CopyTo(destination[n..]);
                _start += chunk;
                n += chunk;
            }
            return n;
        }

        private bool Fill()
        {
            _bufferOffset += _end;
            _start = _end = 0;
            _end = file.Read(_buffer, 0, _buffer.Length);
            return _end > 0;
        }
    }
}
