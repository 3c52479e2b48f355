using System.Text;
using Reactor.MiniRedis.Engine.Commands;

namespace Reactor.MiniRedis.Engine.Server;

/// <summary>
/// The slow log (server.slowlog; redis/redis src/slowlog.c): the commands that ran for at least
/// slowlog-log-slower-than microseconds, newest first, at most slowlog-max-len of them. call() offers each command
/// once it has run; SLOWLOG GET, LEN and RESET read and clear it.
/// </summary>
public sealed class SlowLog
{
    /// <summary>SLOWLOG_ENTRY_MAX_ARGC: arguments kept per entry (the last one says how many more there were).</summary>
    private const int MaxArguments = 32;

    /// <summary>SLOWLOG_ENTRY_MAX_STRING: bytes kept per argument.</summary>
    private const int MaxArgumentBytes = 128;

    private readonly ServerConfig _config;
    private readonly TimeProvider _time;
    private readonly LinkedList<SlowLogEntry> _entries = new();
    private long _nextId;

    internal SlowLog(ServerConfig config, TimeProvider time)
    {
        _config = config;
        _time = time;
    }

    /// <summary>The entries kept (SLOWLOG LEN).</summary>
    public int Count => _entries.Count;

    /// <summary>The entries, newest first.</summary>
    public IEnumerable<SlowLogEntry> Entries => _entries;

    /// <summary>
    /// slowlogPushCurrentCommand: called by call() once <paramref name="ctx"/>'s command has run for
    /// <paramref name="duration"/> microseconds (and by the blocking code when a blocked command is served).
    /// Commands flagged skip-slowlog (EXEC) are never logged; their queued commands are, each by its own call().
    /// </summary>
    internal void PushCurrentCommand(CommandContext ctx, long duration)
    {
        if ((ctx.Command.Flags & CommandFlags.SkipSlowlog) != 0)
        {
            return;
        }
        PushEntryIfNeeded(ctx, duration);
    }

    /// <summary>
    /// slowlogPushEntryIfNeeded: logs the command at the head when logging is on (slowlog-log-slower-than not
    /// negative) and it ran at least that long, then drops the oldest entries past slowlog-max-len, which also
    /// applies a lowered max-len at the next command as in Redis.
    /// </summary>
    private void PushEntryIfNeeded(CommandContext ctx, long duration)
    {
        long slowerThan = _config.SlowlogLogSlowerThan;
        if (slowerThan < 0)
        {
            return;
        }
        if (duration >= slowerThan)
        {
            _entries.AddFirst(CreateEntry(ctx, duration));
        }
        while (_entries.Count > _config.SlowlogMaxLen)
        {
            _entries.RemoveLast();
        }
    }

    /// <summary>slowlogReset: SLOWLOG RESET drops every entry; the ids go on counting.</summary>
    internal void Reset() => _entries.Clear();

    /// <summary>
    /// slowlogCreateEntry: copies the arguments, keeping at most 32 (the 32nd becomes "... (N more arguments)")
    /// and cutting each past 128 bytes ("... (N more bytes)"); redacted secrets show "(redacted)".
    /// </summary>
    private SlowLogEntry CreateEntry(CommandContext ctx, long duration)
    {
        int argc = ctx.ArgCount;
        int kept = Math.Min(argc, MaxArguments);
        var arguments = new byte[kept][];
        for (int j = 0; j < kept; j++)
        {
            if (kept != argc && j == kept - 1)
            {
                arguments[j] = Encoding.ASCII.GetBytes($"... ({argc - kept + 1} more arguments)");
                continue;
            }
            ReadOnlySpan<byte> argument = ArgumentRedaction.IsRedacted(ctx, j) ? ArgumentRedaction.Redacted : ctx.Arg(j);
            arguments[j] = argument.Length <= MaxArgumentBytes
                ? argument.ToArray()
                : [.. argument[..MaxArgumentBytes], .. Encoding.ASCII.GetBytes($"... ({argument.Length - MaxArgumentBytes} more bytes)")];
        }
        return new SlowLogEntry
        {
            Id = _nextId++,
            Time = _time.GetUtcNow().ToUnixTimeSeconds(),
            Duration = duration,
            Arguments = arguments,
            PeerId = ctx.Client.RemoteAddress,
            ClientName = ctx.Client.Name ?? "",
        };
    }
}
