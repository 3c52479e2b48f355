using System.Globalization;
using System.Text;
using Reactor.MiniRedis.Engine.Commands;
using Reactor.MiniRedis.Engine.Server;
using Reactor.MiniRedis.Protocol;

namespace Reactor.MiniRedis.Engine.Networking;

/// <summary>
/// client-output-buffer-limit: how many reply bytes a client may have waiting before it is disconnected, per
/// client class (server.client_obuf_limits in redis/redis src/server.h): a hard limit that closes at once, and a
/// soft limit that closes when exceeded continuously for more than its seconds. 0 disables a limit. A client that
/// never reads its replies (a subscriber that stopped reading while publishers go on, a pipeline of big GETs
/// nobody reads) would otherwise grow the server's memory without bound.
/// </summary>
/// <remarks>
/// As in Redis, the limits apply to what spills beyond the fixed 16 KB reply buffer (c->reply_bytes), and they are
/// checked where the reply list grows (<see cref="ReplyBuffer.ChunkAdded"/>, after _addReplyProtoToList) and by
/// the cron for every client (clientsCron), which also catches a soft limit whose seconds pass while nothing more
/// is written. The first costs one comparison with <see cref="Threshold"/> per reply chunk added.
/// </remarks>
public sealed class OutputBufferLimits
{
    /// <summary>The error texts of setConfigClientOutputBufferLimitOption.</summary>
    private const string WrongArgumentCount = "Wrong number of arguments in buffer limit configuration.";
    private const string InvalidClass = "Invalid client class specified in buffer limit configuration.";
    private const string InvalidValue = "Error in hard, soft or soft_seconds setting in buffer limit configuration.";

    // CLIENT_TYPE_NORMAL, CLIENT_TYPE_SLAVE and CLIENT_TYPE_PUBSUB: the classes limits are set for, in CONFIG GET's order.
    private const int Normal = 0;
    private const int Replica = 1;
    private const int PubSub = 2;
    private static readonly string[] s_classNames = ["normal", "slave", "pubsub"];

    // Redis's defaults: normal 0 0 0, slave 256mb 64mb 60, pubsub 32mb 8mb 60.
    private readonly Limit[] _limits =
    [
        new(0, 0, 0),
        new(256 * 1024 * 1024, 64 * 1024 * 1024, 60),
        new(32 * 1024 * 1024, 8 * 1024 * 1024, 60),
    ];

    /// <summary>Creates Redis's default limits.</summary>
    public OutputBufferLimits() => UpdateThreshold();

    /// <summary>
    /// The smallest limit set for a class this server has (normal or pubsub), plus the 16 KB reply buffer: a client
    /// with fewer reply bytes pending cannot be over any limit, so checking costs one comparison until then.
    /// <see cref="long.MaxValue"/> when no limit is set.
    /// </summary>
    public long Threshold { get; private set; }

    /// <summary>CONFIG GET's form: <c>normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60</c>.</summary>
    public string Format()
    {
        var text = new StringBuilder();
        for (int i = 0; i < _limits.Length; i++)
        {
            Limit limit = _limits[i];
            text.Append(CultureInfo.InvariantCulture, $"{(i == 0 ? "" : " ")}{s_classNames[i]} {limit.Hard} {limit.Soft} {limit.SoftSeconds}");
        }
        return text.ToString();
    }

    /*
     * setConfigClientOutputBufferLimitOption: <class> <hard> <soft> <soft_seconds>, repeated. The classes are
     * normal, slave (or replica) and pubsub; the byte counts take memory units (memtoull) and the seconds are a
     * plain integer, truncated to an int as Redis stores it. Every group is checked before any is applied, and the
     * classes not mentioned keep their limits. Returns the error text, or null once applied.
     */
    public string? Set(string value)
    {
        string[] args = value.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (args.Length % 4 != 0)
        {
            return WrongArgumentCount;
        }
        var parsed = new (int Class, Limit Limit)[args.Length / 4];
        for (int j = 0; j < args.Length; j += 4)
        {
            int type = ClassByName(args[j]);
            if (type < 0)
            {
                return InvalidClass;
            }
            if (!ServerConfig.TryParseMemory(args[j + 1], out ulong hard) || !ServerConfig.TryParseMemory(args[j + 2], out ulong soft)
                || !TryParseSeconds(args[j + 3], out int seconds))
            {
                return InvalidValue;
            }
            parsed[j / 4] = (type, new Limit(hard, soft, seconds));
        }
        foreach ((int type, Limit limit) in parsed)
        {
            _limits[type] = limit;
        }
        UpdateThreshold();
        return null;
    }

    /// <summary>
    /// getClientOutputBufferMemoryUsage for a normal or pubsub client: the reply bytes waiting beyond the fixed
    /// reply buffer (what Redis keeps in its reply list).
    /// </summary>
    public static long UsageOf(Connection client) => Math.Max(0, client.Reply.Buffer.Length - ReplyBuffer.ChunkSize);

    /*
     * checkClientOutputBufferLimits: true when the client's usage is at or over the hard limit of its class, or
     * has been at or over the soft limit for more than the soft seconds. The first time the soft limit is seen
     * reached its time is recorded (and the check answers false); a check below the soft limit clears it.
     */
    internal bool IsReached(Connection client, long nowSeconds)
    {
        ulong used = (ulong)UsageOf(client);
        Limit limit = _limits[(client.Flags & ClientFlags.PubSub) != 0 ? PubSub : Normal];
        bool hard = limit.Hard != 0 && used >= limit.Hard;
        bool soft = limit.Soft != 0 && used >= limit.Soft;
        if (soft)
        {
            if (client.OutputBufferSoftLimitSince == 0)
            {
                client.OutputBufferSoftLimitSince = nowSeconds;
                soft = false; // first time the soft limit is reached
            }
            else if (nowSeconds - client.OutputBufferSoftLimitSince <= limit.SoftSeconds)
            {
                soft = false; // not for long enough yet
            }
        }
        else
        {
            client.OutputBufferSoftLimitSince = 0;
        }
        return soft || hard;
    }

    /*
     * closeClientOnOutputBufferLimitReached: closes a client over its limit, with Redis's log line naming it as
     * CLIENT LIST does. While a reply is being written (async) the client is only flagged CLOSE_ASAP: the server
     * drops its replies from then on and frees it before the loop sleeps (freeClientAsync); the cron closes at
     * once. A client with nothing beyond the reply buffer, or already closing, is left alone. Returns whether the
     * client is being closed.
     */
    internal bool CloseIfReached(RedisServer server, Connection client, bool async)
    {
        if ((client.Flags & (ClientFlags.CloseAsap | ClientFlags.Closed)) != 0 || UsageOf(client) == 0
            || !IsReached(client, server.Time.GetUtcNow().ToUnixTimeSeconds()))
        {
            return false;
        }
        string info = ClientCommands.AppendClientInfo(server.Context, client, new StringBuilder()).ToString();
        if (async)
        {
            client.Flags |= ClientFlags.CloseAsap;
            server.Log.Warning($"Client {info} scheduled to be closed ASAP for overcoming of output buffer limits.");
        }
        else
        {
            client.Close();
            server.Log.Warning($"Client {info} closed for overcoming of output buffer limits.");
        }
        return true;
    }

    /// <summary>Whether a check is due for <paramref name="client"/>: it may be over a limit, or a soft-limit clock is running.</summary>
    internal bool ShouldCheck(Connection client) =>
        client.Reply.Buffer.Length > Threshold || client.OutputBufferSoftLimitSince != 0;

    // The threshold: the smallest non-zero limit of the normal and pubsub classes, beyond the reply buffer.
    private void UpdateThreshold()
    {
        ulong smallest = ulong.MaxValue;
        foreach (int type in (ReadOnlySpan<int>)[Normal, PubSub])
        {
            Limit limit = _limits[type];
            if (limit.Hard != 0)
            {
                smallest = Math.Min(smallest, limit.Hard);
            }
            if (limit.Soft != 0)
            {
                smallest = Math.Min(smallest, limit.Soft);
            }
        }
        Threshold = smallest >= (ulong)(long.MaxValue - ReplyBuffer.ChunkSize) ? long.MaxValue : (long)smallest + ReplyBuffer.ChunkSize - 1;
    }

    // getClientTypeByName, without master (which has no limits of its own here).
    private static int ClassByName(string name) => name.ToLowerInvariant() switch
    {
        "normal" => Normal,
        "slave" or "replica" => Replica,
        "pubsub" => PubSub,
        _ => -1,
    };

    // strtoll with its end check, then the cast to int Redis stores (so a huge count may wrap); negative is an error.
    private static bool TryParseSeconds(string text, out int seconds)
    {
        seconds = 0;
        ReadOnlySpan<char> digits = text;
        bool negative = false;
        if (digits.Length > 0 && digits[0] is '+' or '-')
        {
            negative = digits[0] == '-';
            digits = digits[1..];
        }
        if (digits.IsEmpty)
        {
            return false;
        }
        long value = 0;
        foreach (char c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
            value = value > (long.MaxValue - 9) / 10 ? long.MaxValue : value * 10 + (c - '0');
        }
        seconds = unchecked((int)(negative ? -value : value));
        return seconds >= 0;
    }

    /// <summary>clientBufferLimitsConfig: the hard and soft byte limits and the soft limit's seconds.</summary>
    private readonly record struct Limit(ulong Hard, ulong Soft, int SoftSeconds);
}
