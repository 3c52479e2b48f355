using System.Buffers.Text;
using System.Text;
using Reactor.MiniRedis.Engine.Commands;
using Reactor.MiniRedis.Engine.Networking;
using Reactor.MiniRedis.Engine.Server;
using Reactor.MiniRedis.Protocol;

namespace Reactor.MiniRedis.Engine.PubSub;

/// <summary>
/// The clients in MONITOR mode (server.monitors) and the feed they get: every command others run, as one simple
/// string line per command (replicationFeedMonitors in redis/redis src/replication.c). The server calls
/// <see cref="Feed"/> only when <see cref="Count"/> is not zero, so nothing is spent while no monitor is attached.
/// </summary>
public sealed class MonitorFeed
{
    private readonly RedisServer _server;
    private readonly List<Connection> _monitors = [];
    /// <summary>A line buffer up to this size is kept between commands; a longer line gets a one-off buffer.</summary>
    private const int RetainedLineSize = 64 * 1024;

    private byte[] _line = new byte[512];

    internal MonitorFeed(RedisServer server) => _server = server;

    /// <summary>Clients in MONITOR mode.</summary>
    public int Count => _monitors.Count;

    /// <summary>monitorCommand: <paramref name="client"/> joins the feed (the caller checked it was not a monitor).</summary>
    internal void Add(Connection client)
    {
        client.Flags |= ClientFlags.Monitor;
        _monitors.Add(client);
    }

    /// <summary>freeClient and RESET (clearClientConnectionState): <paramref name="client"/> leaves the feed, if in it.</summary>
    internal void Remove(Connection client)
    {
        if ((client.Flags & ClientFlags.Monitor) != 0)
        {
            client.Flags &= ~ClientFlags.Monitor;
            _monitors.Remove(client);
        }
    }

    /// <summary>
    /// replicationFeedMonitors, called from call() once the command has run (so SELECT shows the new database):
    /// <c>+seconds.microseconds [db addr] "arg" "arg" ...</c> to every monitor, the arguments quoted with
    /// sdscatrepr and secrets redacted as the commands themselves redact them. Commands flagged admin or
    /// skip-monitor are not shown, as in Redis.
    /// </summary>
    internal void Feed(CommandContext ctx)
    {
        if ((ctx.Command.Flags & (CommandFlags.Admin | CommandFlags.SkipMonitor)) != 0)
        {
            return;
        }
        ReadOnlySpan<byte> line = FormatLine(ctx);
        foreach (Connection monitor in _monitors)
        {
            // A monitor about to be closed (its own QUIT) takes no more replies, as prepareClientToWrite decides.
            if ((monitor.Flags & (ClientFlags.CloseAfterReply | ClientFlags.CloseAsap)) != 0)
            {
                continue;
            }
            monitor.Reply.WriteRaw(line);
            _server.QueuePendingWrite(monitor);
        }
    }

    // The whole line, built in the reused buffer (or a one-off one for a huge command).
    private ReadOnlySpan<byte> FormatLine(CommandContext ctx)
    {
        string address = ctx.Client.RemoteAddress;
        long needed = 64 + address.Length;
        for (int i = 0; i < ctx.ArgCount; i++)
        {
            needed += 16 + 4L * ctx.Arg(i).Length; // room for "(redacted)" too
        }
        if (_line.Length < needed && needed <= RetainedLineSize)
        {
            _line = new byte[Math.Max(needed, Math.Min((long)_line.Length * 2, RetainedLineSize))];
        }
        Span<byte> line = _line.Length >= needed ? _line : new byte[needed];
        long microseconds = (ctx.Server.Time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks / 10;
        line[0] = (byte)'+';
        int n = 1;
        n += Format(microseconds / 1_000_000, line[n..]);
        line[n++] = (byte)'.';
        Utf8Formatter.TryFormat(microseconds % 1_000_000, line[n..], out int written, new System.Buffers.StandardFormat('D', 6));
        n += written;
        " ["u8.CopyTo(line[n..]);
        n += 2;
        n += Format(ctx.Db.Id, line[n..]);
        line[n++] = (byte)' ';
        n += Encoding.ASCII.GetBytes(address, line[n..]);
        "] "u8.CopyTo(line[n..]);
        n += 2;
        for (int i = 0; i < ctx.ArgCount; i++)
        {
            if (i > 0)
            {
                line[n++] = (byte)' ';
            }
            n += WriteRepr(line[n..], ArgumentRedaction.IsRedacted(ctx, i) ? ArgumentRedaction.Redacted : ctx.Arg(i));
        }
        line[n++] = (byte)'\r';
        line[n++] = (byte)'\n';
        return line[..n];
    }

    private static int Format(long value, Span<byte> target)
    {
        Utf8Formatter.TryFormat(value, target, out int written);
        return written;
    }

    /// <summary>
    /// sdscatrepr: the bytes in double quotes, with \\ and \" escaped, \n \r \t \a \b spelled out, other bytes
    /// outside printable ASCII as \xNN. Returns the bytes written.
    /// </summary>
    internal static int WriteRepr(Span<byte> target, ReadOnlySpan<byte> text)
    {
        int n = 0;
        target[n++] = (byte)'"';
        foreach (byte b in text)
        {
            switch (b)
            {
                case (byte)'\\':
                case (byte)'"':
                    target[n++] = (byte)'\\';
                    target[n++] = b;
                    break;
                case (byte)'\n':
                    n += Escape(target[n..], (byte)'n');
                    break;
                case (byte)'\r':
                    n += Escape(target[n..], (byte)'r');
                    break;
                case (byte)'\t':
                    n += Escape(target[n..], (byte)'t');
                    break;
                case 7:
                    n += Escape(target[n..], (byte)'a');
                    break;
                case 8:
                    n += Escape(target[n..], (byte)'b');
                    break;
                default:
                    if (b >= 0x20 && b <= 0x7e)
                    {
                        target[n++] = b;
                    }
                    else
                    {
                        target[n++] = (byte)'\\';
                        target[n++] = (byte)'x';
                        target[n++] = HexDigit(b >> 4);
                        target[n++] = HexDigit(b & 0xf);
                    }
                    break;
            }
        }
        target[n++] = (byte)'"';
        return n;
    }

    private static int Escape(Span<byte> target, byte letter)
    {
        target[0] = (byte)'\\';
        target[1] = letter;
        return 2;
    }

    private static byte HexDigit(int value) => (byte)(value < 10 ? '0' + value : 'a' + value - 10);
}
