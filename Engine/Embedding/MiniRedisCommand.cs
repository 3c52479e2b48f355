using System.Text;

namespace Reactor.MiniRedis.Engine.Embedding;

/// <summary>
/// One request an application sent to an embedded server, as the command log recorded it when it arrived: who sent
/// it, in which database, and its arguments exactly as received (unknown commands and rejected calls included).
/// </summary>
public sealed class MiniRedisCommand
{
    private readonly byte[][] _arguments;
    private string[]? _text;

    internal MiniRedisCommand(long clientId, string? clientName, int database, DateTimeOffset time, byte[][] arguments)
    {
        ClientId = clientId;
        ClientName = clientName;
        Database = database;
        Time = time;
        _arguments = arguments;
    }

    /// <summary>The sender's client id (CLIENT ID).</summary>
    public long ClientId { get; }

    /// <summary>The sender's name (CLIENT SETNAME) when the command arrived, or null.</summary>
    public string? ClientName { get; }

    /// <summary>The sender's selected database when the command arrived.</summary>
    public int Database { get; }

    /// <summary>When it arrived, by the server's clock (<see cref="MiniRedisServer.Clock"/>).</summary>
    public DateTimeOffset Time { get; }

    /// <summary>The command name in upper case, e.g. <c>SET</c>.</summary>
    public string Name => Arguments[0].ToUpperInvariant();

    /// <summary>Every argument, the command name first, decoded as UTF-8.</summary>
    public IReadOnlyList<string> Arguments => _text ??= Array.ConvertAll(_arguments, Encoding.UTF8.GetString);

    /// <summary>Every argument, the command name first, as the bytes received (binary-safe).</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> RawArguments => Array.ConvertAll(_arguments, a => (ReadOnlyMemory<byte>)a);

    /// <summary>
    /// The arguments the way MONITOR prints them, each quoted, e.g. <c>"SET" "k" "v"</c>, with quotes, backslashes
    /// and unprintable bytes escaped (sdscatrepr in redis/redis src/sds.c).
    /// </summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (byte[] argument in _arguments)
        {
            if (text.Length > 0)
            {
                text.Append(' ');
            }
            text.Append('"');
            foreach (byte b in argument)
            {
                text.Append(b switch
                {
                    (byte)'\\' => "\\\\",
                    (byte)'"' => "\\\"",
                    (byte)'\n' => "\\n",
                    (byte)'\r' => "\\r",
                    (byte)'\t' => "\\t",
                    (byte)'\a' => "\\a",
                    (byte)'\b' => "\\b",
                    >= 0x20 and < 0x7f => ((char)b).ToString(),
                    _ => $"\\x{b:x2}",
                });
            }
            text.Append('"');
        }
        return text.ToString();
    }
}
