using System.Diagnostics.CodeAnalysis;
using System.Text;
using Reactor.MiniRedis.Engine.Commands;
using Reactor.MiniRedis.Engine.Tests.Support;

namespace Reactor.MiniRedis.Engine.Tests;

/// <summary>
/// Sends hostile requests to an in-memory server and judges each one: the handler must not throw (a handler
/// exception closes the client and logs "after an internal error", which is caught here through the log sink),
/// the reply must be well-formed RESP with exactly one reply per request (several for SUBSCRIBE and friends, none
/// for a blocked client or a successful SHUTDOWN), and another client must still get <c>+PONG</c>.
/// </summary>
/// <remarks>
/// Each request comes from a fresh client, so MULTI, SUBSCRIBE, MONITOR, SELECT, HELLO 3 or a CLIENT KILL of
/// itself cannot leak into the next one. The typed keys are seeded again whenever a request changed the dataset
/// (unless the dataset is meant to evolve).
/// What a request may legitimately change beyond that is undone: a CLIENT PAUSE is lifted, a SHUTDOWN or a change
/// of server-wide settings (CONFIG SET, ACL) gets a new server. proto-max-bulk-len is 1 MB (its minimum), so
/// SETRANGE, SETBIT and BITFIELD offsets stay within a megabyte.
/// </remarks>
internal sealed class HostileArgumentsRunner : IDisposable
{
    private static readonly byte[] s_seed = HostileArgumentsGenerator.SeedRequest();

    private readonly List<string> _log = [];
    private readonly bool _reseedAfterWrites;
    private readonly TestClient?[] _sessions = new TestClient?[4];
    private ServerHarness _harness = null!;
    private TestClient _probe = null!;
    private TestClient _seeder = null!;
    private long _seededDirty = -1;

    /// <summary>
    /// Starts a server with the typed keys. With <paramref name="reseedAfterWrites"/>, every request meets them as
    /// seeded; without, the dataset evolves from request to request (seeded again only with a new server).
    /// </summary>
    public HostileArgumentsRunner(bool reseedAfterWrites = true)
    {
        _reseedAfterWrites = reseedAfterWrites;
        StartServer();
    }

    /// <summary>Rows whose requests change server-wide state that reseeding does not restore.</summary>
    public static bool ChangesServerState(CommandSpec row) =>
        row.Name is "config|set" or "config|resetstat" or "shutdown" || row.Name.StartsWith("acl|", StringComparison.Ordinal);

    /// <summary>How a request is sent.</summary>
    public enum Mode
    {
        /// <summary>On its own, in RESP2.</summary>
        Plain,

        /// <summary>After HELLO 3, so the handler writes RESP3 shapes (maps, sets, doubles, nulls).</summary>
        Resp3,

        /// <summary>Between MULTI and EXEC, so it is queued (its arguments copied) and run by EXEC.</summary>
        Transaction,
    }

    /// <summary>
    /// Sends <paramref name="args"/> for <paramref name="row"/> and returns why it failed, or null.
    /// With <paramref name="freshServerAfter"/>, the next request gets a new server.
    /// </summary>
    public string? Run(CommandSpec row, string[] args, Mode mode = Mode.Plain, bool freshServerAfter = false)
    {
        if (_reseedAfterWrites && _harness.Server.Dirty != _seededDirty)
        {
            Seed();
        }
        TestClient client = _harness.Connect();
        byte[] request = mode switch
        {
            Mode.Resp3 => [.. Resp.Command("HELLO", "3"), .. Resp.Command(args)],
            Mode.Transaction => [.. Resp.Command("MULTI"), .. Resp.Command(args), .. Resp.Command("EXEC")],
            _ => Resp.Command(args),
        };
        byte[] reply = Send(client, request, out string? stuck);
        string? failure = InternalError() ?? stuck ?? CheckReplies(row, mode, reply, client.Connection.IsClosed);
        if (!client.Connection.IsClosed)
        {
            client.Connection.Close();
        }
        Restore(freshServerAfter);
        return failure ?? CheckPing();
    }

    /// <summary>
    /// Sends <paramref name="args"/> from one of a few long-lived session clients, whose state (MULTI, WATCH,
    /// SELECT, subscriptions, MONITOR, HELLO 3, a name) carries over from request to request; replies that other
    /// clients cause (published messages, MONITOR lines, postponed replies) arrive among its own. So only the
    /// form of the replies is checked, not their number. Returns why it failed, or null.
    /// </summary>
    public string? RunInSession(int session, string[] args, bool freshServerAfter = false)
    {
        if (_sessions[session] is not { Connection.IsClosed: false } client)
        {
            client = _sessions[session] = _harness.Connect();
        }
        byte[] reply = Send(client, Resp.Command(args), out string? stuck);
        string? failure = InternalError() ?? stuck
            ?? (TryCountReplies(reply, out _, out string? malformed) ? null : $"malformed reply ({malformed}): {Shorten(reply)}");
        Restore(freshServerAfter);
        return failure ?? CheckPing();
    }

    /// <summary>Closes a session client; the next request in that session starts a fresh one.</summary>
    public void EndSession(int session) => _sessions[session]?.Connection.Close();

    // Undoes what a request may legitimately leave behind for the others: a SHUTDOWN or changed server-wide
    // settings get a new server; a CLIENT PAUSE is lifted.
    private void Restore(bool freshServer)
    {
        if (_harness.Server.ShuttingDown || freshServer)
        {
            _harness.Dispose();
            StartServer();
        }
        else if (_harness.Server.ClientPause.IsPaused)
        {
            _harness.Server.ClientPause.Unpause();
        }
    }

    public void Dispose() => _harness.Dispose();

    private void StartServer()
    {
        _harness = new ServerHarness(config => config.Limits.MaxBulkLength = 1024 * 1024);
        _harness.Server.Log.Sink = line =>
        {
            if (line.Contains("internal error", StringComparison.Ordinal))
            {
                _log.Add(line);
            }
        };
        _probe = _harness.Connect();
        _seeder = _harness.Connect();
        Array.Clear(_sessions);
        Seed();
    }

    private void Seed()
    {
        if (_seeder.Connection.IsClosed)
        {
            _seeder = _harness.Connect(); // CLIENT KILL may take any client
        }
        _seeder.SendRaw(s_seed);
        _seededDirty = _harness.Server.Dirty;
    }

    /// <summary>
    /// Feeds the request and drains the replies as successive write events would; a reply that stops draining is
    /// reported in <paramref name="stuck"/> rather than waited for (TestClient.SendRaw would spin forever).
    /// </summary>
    public static byte[] Send(TestClient client, byte[] request, out string? stuck)
    {
        stuck = null;
        client.Transport.Enqueue(request);
        while (client.Transport.HasIncoming && !client.Connection.IsClosed)
        {
            client.Connection.OnReadable();
        }
        while (!client.Connection.IsClosed && !client.Connection.Reply.Buffer.IsEmpty)
        {
            long before = client.Connection.Reply.Buffer.Length;
            client.Connection.WriteToClient();
            if (!client.Connection.IsClosed && client.Connection.Reply.Buffer.Length == before)
            {
                stuck = $"the reply stopped draining with {before} bytes unsent";
                break;
            }
        }
        if (!client.Connection.IsClosed && client.Connection.Reply.Buffer.IsEmpty)
        {
            client.Connection.WriteToClient(); // completes close-after-reply
        }
        return client.Transport.TakeSent();
    }

    // The first handler exception logged since the last request, with its stack trace.
    private string? InternalError()
    {
        if (_log.Count == 0)
        {
            return null;
        }
        string error = _log[0];
        _log.Clear();
        return "handler threw: " + error;
    }

    // One reply per request: SUBSCRIBE and friends one per channel, a blocked client, CLIENT REPLY OFF|SKIP or a
    // successful SHUTDOWN none. In a transaction, MULTI, QUEUED (or the error) and EXEC's reply, unless the command closed the client.
    private string? CheckReplies(CommandSpec row, Mode mode, byte[] reply, bool closed)
    {
        if (row.Name == "client|reply")
        {
            return null; // OFF and SKIP suppress replies by design (even EXEC's, mid-array, as in Redis): nothing to count
        }
        if (!TryCountReplies(reply, out int count, out string? malformed))
        {
            return $"malformed reply ({malformed}): {Shorten(reply)}";
        }
        bool ok;
        bool subscribe = row.Name.EndsWith("subscribe", StringComparison.Ordinal);
        if (mode == Mode.Transaction)
        {
            // As in Redis, (UN)SUBSCRIBE's replies for its second and later channels follow EXEC's array.
            ok = count == 3 || (subscribe && count > 3) || (closed && count is 1 or 2);
        }
        else
        {
            count -= mode == Mode.Resp3 ? 1 : 0;
            // A client blocked now (BLPOP, and WAIT for replicas that never come) has no reply yet.
            bool blocking = (row.Flags & CommandFlags.Blocking) != 0 || _harness.Server.Blocking.Count > 0;
            ok = count == 1
                || (subscribe && count > 1)
                || (count == 0 && (blocking || _harness.Server.ShuttingDown));
        }
        return ok ? null : $"{count} replies ({mode}): {Shorten(reply)}";
    }

    // The server still answers another client; a probe taken by CLIENT KILL is replaced. A new probe may meet a
    // password that CONFIG SET requirepass or ACL SETUSER set in an evolving stream: -NOAUTH is an answer too.
    private string? CheckPing()
    {
        if (_probe.Connection.IsClosed)
        {
            _probe = _harness.Connect();
        }
        string pong = _probe.Execute("PING");
        return pong == "+PONG\r\n" || pong.StartsWith("-NOAUTH ", StringComparison.Ordinal)
            ? InternalError()
            : $"PING from another client got {Shorten(Encoding.Latin1.GetBytes(pong))}";
    }

    private static string Shorten(byte[] bytes)
    {
        string text = Encoding.Latin1.GetString(bytes, 0, Math.Min(bytes.Length, 200)).Replace("\r\n", "\\r\\n", StringComparison.Ordinal);
        return bytes.Length > 200 ? text + $"...({bytes.Length} bytes)" : text;
    }

    /// <summary>Counts the top-level RESP2/RESP3 replies in <paramref name="bytes"/>; false if they do not parse.</summary>
    private static bool TryCountReplies(byte[] bytes, out int count, [NotNullWhen(false)] out string? error)
    {
        count = 0;
        int position = 0;
        while (position < bytes.Length)
        {
            if (!TrySkipValue(bytes, ref position, out error))
            {
                return false;
            }
            count++;
        }
        error = null;
        return true;
    }

    // Skips one value: line types, bulk-like types with a length, and aggregates (a map counts two per entry; an
    // attribute is followed by the value it annotates).
    private static bool TrySkipValue(byte[] bytes, ref int position, [NotNullWhen(false)] out string? error)
    {
        error = null;
        byte type = bytes[position];
        int lineEnd = Array.IndexOf(bytes, (byte)'\n', position);
        if (lineEnd < 1 || bytes[lineEnd - 1] != (byte)'\r')
        {
            error = $"unterminated line at {position}";
            return false;
        }
        string header = Encoding.Latin1.GetString(bytes, position + 1, lineEnd - 1 - (position + 1));
        position = lineEnd + 1;
        switch (type)
        {
            case (byte)'+' or (byte)'-' or (byte)':' or (byte)'_' or (byte)'#' or (byte)',' or (byte)'(':
                return true;
            case (byte)'$' or (byte)'!' or (byte)'=':
                if (!long.TryParse(header, out long length) || length < -1 || (length >= 0 && position + length + 2 > bytes.Length))
                {
                    error = $"bad bulk length '{header}'";
                    return false;
                }
                position += length < 0 ? 0 : (int)length + 2;
                return true;
            case (byte)'*' or (byte)'~' or (byte)'>' or (byte)'%' or (byte)'|':
                if (!long.TryParse(header, out long items) || items < -1)
                {
                    error = $"bad aggregate length '{header}'";
                    return false;
                }
                long values = type is (byte)'%' or (byte)'|' ? items * 2 : items;
                for (long i = 0; i < values; i++)
                {
                    if (position >= bytes.Length)
                    {
                        error = "aggregate ends early";
                        return false;
                    }
                    if (!TrySkipValue(bytes, ref position, out error))
                    {
                        return false;
                    }
                }
                if (type != (byte)'|')
                {
                    return true;
                }
                if (position >= bytes.Length)
                {
                    error = "attribute without the value it annotates";
                    return false;
                }
                return TrySkipValue(bytes, ref position, out error);
            default:
                error = $"unknown reply type '{(char)type}'";
                return false;
        }
    }
}
