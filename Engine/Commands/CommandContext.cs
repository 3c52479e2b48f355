using System.Runtime.CompilerServices;
using System.Text;
using Reactor.MiniRedis.Engine.Networking;
using Reactor.MiniRedis.Engine.PubSub;
using Reactor.MiniRedis.Engine.Replication;
using Reactor.MiniRedis.Engine.Server;
using Reactor.MiniRedis.Protocol;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Engine.Commands;

/// <summary>
/// What a handler sees of the command being run: its arguments (slices of the client's query buffer, never
/// copied), the client, its selected database and its reply writer. The server owns one instance and refills it
/// for every command; that is safe because everything runs on the loop thread.
/// </summary>
public sealed class CommandContext
{
    private byte[] _buffer = [];
    private int _base;
    private ArgSlice[] _args = [];
    private CommandBuffer? _rewritten;

    internal CommandContext(RedisServer server) => Server = server;

    /// <summary>The server (config, keyspace, stats, clients).</summary>
    public RedisServer Server { get; }

    /// <summary>The client that sent the command.</summary>
    public Connection Client { get; private set; } = null!;

    /// <summary>The command being run (the subcommand for containers).</summary>
    public CommandSpec Command { get; private set; } = null!;

    /// <summary>The client's selected database.</summary>
    public Database Db => Client.Db;

    /// <summary>Where the reply goes.</summary>
    public ReplyWriter Reply => Client.Reply;

    /// <summary>Arguments including the command name (argc).</summary>
    public int ArgCount { get; private set; }

    /// <summary>Set by handlers that replied with an error, for INFO's failed_calls and error stats.</summary>
    public bool Failed { get; set; }

    internal void Load(Connection client, byte[] buffer, int start, ArgSlice[] args, int argc)
    {
        Client = client;
        _buffer = buffer;
        _base = start;
        _args = args;
        ArgCount = argc;
        Failed = false;
    }

    internal void SetCommand(CommandSpec command) => Command = command;

    /// <summary>Argument <paramref name="index"/> (0 is the command name) as a span of the query buffer.</summary>
    public ReadOnlySpan<byte> Arg(int index)
    {
        ArgSlice slice = _args[index];
        return new ReadOnlySpan<byte>(_buffer, _base + slice.Offset, slice.Length);
    }

    /// <summary>
    /// Copies every argument (the command name included) out of the query buffer, which the next request reuses,
    /// into one array, and returns it with each argument's slice of it in <paramref name="slices"/>: for a command
    /// that runs later from these (queued by MULTI, blocked by BLPOP and the like), loaded back with
    /// <see cref="Load"/>.
    /// </summary>
    internal byte[] CopyArguments(out ArgSlice[] slices)
    {
        int total = 0;
        for (int i = 0; i < ArgCount; i++)
        {
            total += Arg(i).Length;
        }
        byte[] bytes = new byte[total];
        slices = new ArgSlice[ArgCount];
        int offset = 0;
        for (int i = 0; i < ArgCount; i++)
        {
            ReadOnlySpan<byte> arg = Arg(i);
            arg.CopyTo(bytes.AsSpan(offset));
            slices[i] = new ArgSlice(offset, arg.Length);
            offset += arg.Length;
        }
        return bytes;
    }

    /// <summary>A copy of argument <paramref name="index"/>, for values that outlive the command.</summary>
    public byte[] ArgBytes(int index) => Arg(index).ToArray();

    /// <summary>Argument <paramref name="index"/> decoded as UTF-8 (config values, client names).</summary>
    public string ArgString(int index) => Encoding.UTF8.GetString(Arg(index));

    /// <summary>True when argument <paramref name="index"/> equals <paramref name="option"/> ignoring ASCII case (NX, WITHSCORES, ...).</summary>
    public bool ArgIs(int index, ReadOnlySpan<byte> option) => Ascii.EqualsIgnoreCase(Arg(index), option);

    /// <summary>
    /// Parses argument <paramref name="index"/> as a 64-bit integer with string2ll rules; on failure replies
    /// <c>-ERR value is not an integer or out of range</c> and returns false (getLongLongFromObjectOrReply).
    /// </summary>
    public bool TryGetInt64(int index, out long value)
    {
        if (NumericText.TryParseInt64(Arg(index), out value))
        {
            return true;
        }
        Error(ErrorText.NotInteger);
        return false;
    }

    /// <summary>
    /// getPositiveLongFromObjectOrReply: parses argument <paramref name="index"/> as an integer ≥ 0; on failure (not
    /// an integer, or negative) replies <c>-ERR value is out of range, must be positive</c> and returns false.
    /// </summary>
    public bool TryGetNonNegativeInt64(int index, out long value)
    {
        if (NumericText.TryParseInt64(Arg(index), out value) && value >= 0)
        {
            return true;
        }
        Error(ErrorText.MustBePositive);
        return false;
    }

    /// <summary>Parses argument <paramref name="index"/> as a float; on failure replies <c>-ERR value is not a valid float</c>.</summary>
    public bool TryGetDouble(int index, out double value)
    {
        if (NumericText.TryParseDouble(Arg(index), out value))
        {
            return true;
        }
        Error(ErrorText.NotFloat);
        return false;
    }

    /// <summary>
    /// lookupKeyRead: finds a live key for reading and counts a keyspace hit or miss; a miss fires the "keymiss"
    /// event. With <paramref name="touch"/> false (LOOKUP_NOTOUCH: EXISTS, TYPE, TTL, OBJECT) the value's access
    /// clock is left alone; with <paramref name="notify"/> false (LOOKUP_NONOTIFY: OBJECT) a miss fires nothing.
    /// </summary>
    public RedisObject? LookupRead(ReadOnlySpan<byte> key, bool touch = true, bool notify = true)
    {
        RedisObject? value = Db.Lookup(key, touch);
        if (value is null)
        {
            Server.Stats.KeyspaceMisses++;
            if (notify)
            {
                Notify(NotifyFlags.KeyMiss, "keymiss"u8, key);
            }
        }
        else
        {
            Server.Stats.KeyspaceHits++;
        }
        return value;
    }

    /// <summary>
    /// lookupKeyRead for the string fast paths: the key's slot as stored (a bare string is not materialised, see
    /// <see cref="StoredValue"/>), or a null reference when it is missing; counts the hit or miss like
    /// <see cref="LookupRead(ReadOnlySpan{byte}, bool, bool)"/>. The reference is valid until the next key is added
    /// or removed.
    /// </summary>
    public ref StoredValue LookupReadStored(ReadOnlySpan<byte> key, bool touch = true, bool notify = true)
    {
        ref StoredValue value = ref Db.LookupStored(key, touch);
        if (Unsafe.IsNullRef(ref value))
        {
            Server.Stats.KeyspaceMisses++;
            if (notify)
            {
                Notify(NotifyFlags.KeyMiss, "keymiss"u8, key);
            }
            return ref value;
        }
        Server.Stats.KeyspaceHits++;
        return ref value;
    }

    /// <summary>lookupKeyRead with a type check: WrongType when the key holds another type (the caller replies).</summary>
    /// <remarks>A bare string (<see cref="StoredValue"/>) is materialised only when a string is asked for.</remarks>
    public LookupStatus LookupRead<T>(ReadOnlySpan<byte> key, out T? value) where T : RedisObject =>
        Db.TypeChecked(ref LookupReadStored(key), out value);

    /// <summary>Replies with an error, marks the call failed and counts the error code for INFO errorstats.</summary>
    public void Error(ReadOnlySpan<byte> text)
    {
        Failed = true;
        Server.Stats.CountErrorReply(text);
        Reply.WriteError(text);
    }

    /// <summary>Replies with an error, marks the call failed and counts the error code for INFO errorstats.</summary>
    public void Error(string text)
    {
        Span<byte> bytes = text.Length <= 256 ? stackalloc byte[text.Length] : new byte[text.Length];
        for (int i = 0; i < text.Length; i++)
        {
            bytes[i] = (byte)text[i];
        }
        Error(bytes);
    }

    /// <summary>Replies <c>-WRONGTYPE ...</c>.</summary>
    public void WrongType() => Error(ErrorText.WrongType);

    /// <summary>Replies <c>-ERR syntax error</c>.</summary>
    public void SyntaxError() => Error(ErrorText.Syntax);

    /// <summary>Counts a write for persistence and INFO (server.dirty in Redis).</summary>
    public void MarkDirty(long changes = 1) => Server.Dirty += changes;

    /// <summary>
    /// signalModifiedKey: call after changing <paramref name="key"/> in the selected database. A write that stored
    /// the value through <see cref="Database.SetString"/> has counted its memory already and says
    /// <paramref name="memoryCounted"/>, which spares the keyspace lookup that counts it again.
    /// </summary>
    public void SignalModifiedKey(ReadOnlySpan<byte> key, bool memoryCounted = false) =>
        Server.Signals.ModifiedKey(Client, Db, key, memoryCounted);

    /// <summary>notifyKeyspaceEvent for <paramref name="key"/> in the selected database (e.g. <c>"lpush"u8</c>).</summary>
    public void Notify(NotifyFlags type, ReadOnlySpan<byte> evt, ReadOnlySpan<byte> key) =>
        Server.Signals.Notify(type, evt, key, Db.Id);

    /// <summary>What the running command asked of its own propagation (reset by each call).</summary>
    internal PropagationFlags PropagationFlags { get; set; }

    /// <summary>The command as <see cref="Rewrite"/> recorded it, encoded.</summary>
    internal ReadOnlySpan<byte> RewrittenCommand => _rewritten is null ? default : _rewritten.Span;

    /// <summary>True while commands are propagated (AOF on): only then do rewrites record anything.</summary>
    public bool Propagates => Server.Propagation.IsActive;

    /// <summary>
    /// rewriteClientCommandVector: the command is to be propagated as the <paramref name="argc"/> arguments added
    /// to the returned writer instead of as sent (EXPIRE as PEXPIREAT with an absolute time, and so on). The last
    /// rewrite wins. Does nothing when nothing is propagated.
    /// </summary>
    public CommandWriter Rewrite(int argc)
    {
        if (!Server.Propagation.IsActive)
        {
            return default;
        }
        CommandBuffer buffer = _rewritten ??= new CommandBuffer();
        buffer.Clear();
        buffer.AppendHeader(argc);
        PropagationFlags |= PropagationFlags.Rewritten;
        return new CommandWriter(buffer);
    }

    /// <summary>
    /// alsoPropagate in the selected database: propagates a command of <paramref name="argc"/> arguments, added
    /// to the returned writer, before this one (SPOP's SREMs). Does nothing when nothing is propagated.
    /// </summary>
    public CommandWriter AlsoPropagate(int argc) => Server.Propagation.AlsoPropagate(Db.Id, argc);

    /// <summary>preventCommandPropagation: this command is not propagated itself (what it alsoPropagated still is).</summary>
    public void PreventPropagation() => PropagationFlags |= PropagationFlags.Prevented;

    /// <summary>forceCommandPropagation: this command is propagated even when it changed nothing (FLUSHALL).</summary>
    public void ForcePropagation() => PropagationFlags |= PropagationFlags.Forced;
}
