using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Reactor.MiniRedis.Integration.Tests.Support;

/// <summary>
/// Runs a reply-conformance script (Conformance/*.txt) against a real redis-server and against our server side by
/// side, line by line, and lists every line whose replies differ. The script format is described at the top of
/// Conformance/commands.txt and Conformance/tracking.txt: one command per line, an optional comparison mode
/// (<c>~</c> shape, <c>^</c> any order, <c>!</c> type only, <c>-</c> no reply), <c>@X</c> to pick a connection,
/// <c>@X ?</c> to collect what reached connection X, and <c>{X}</c> for connection X's client id.
/// </summary>
public static partial class ConformanceScript
{
    private const string SyncToken = "__conformance_sync__";

    /// <summary>
    /// Runs <paramref name="scriptPath"/> on both servers, connection A switched to <paramref name="protocol"/>
    /// first, after a FLUSHALL; returns one description per differing line (empty when they all agree).
    /// </summary>
    public static List<string> Run(string scriptPath, Func<RawClient> connectToRedis, Func<RawClient> connectToUs, int protocol)
    {
        using var redis = new Side(connectToRedis, protocol);
        using var ours = new Side(connectToUs, protocol);
        var differences = new List<string>();
        int lineNumber = 0;
        foreach (string raw in File.ReadLines(scriptPath))
        {
            lineNumber++;
            string line = raw.TrimEnd();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            char mode = line[0] is '~' or '^' or '!' or '-' ? line[0] : ' ';
            if (mode != ' ')
            {
                line = line[1..];
            }
            string connection = "A";
            if (line.StartsWith('@'))
            {
                connection = line[1..2];
                line = line[3..];
            }
            string? expected = redis.Execute(connection, line, mode);
            string? actual = ours.Execute(connection, line, mode);
            if (!Agree(mode, expected, actual))
            {
                differences.Add($"RESP{protocol} line {lineNumber}: {raw}\n    redis: {Show(expected)}\n    ours:  {Show(actual)}");
            }
        }
        return differences;
    }

    /// <summary>Splits a script line into arguments: spaces separate, "..." quotes, with \r \n \" \\ and \xHH inside quotes.</summary>
    public static List<string> Split(string line)
    {
        var args = new List<string>();
        int i = 0;
        while (i < line.Length)
        {
            if (line[i] == ' ')
            {
                i++;
                continue;
            }
            var arg = new StringBuilder();
            if (line[i] == '"')
            {
                for (i++; line[i] != '"'; i++)
                {
                    if (line[i] != '\\')
                    {
                        arg.Append(line[i]);
                        continue;
                    }
                    char escaped = line[++i];
                    if (escaped == 'x')
                    {
                        arg.Append((char)int.Parse(line.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                        i += 2;
                    }
                    else
                    {
                        arg.Append(escaped switch { 'r' => '\r', 'n' => '\n', _ => escaped });
                    }
                }
                i++;
            }
            else
            {
                int end = line.IndexOf(' ', i);
                end = end < 0 ? line.Length : end;
                arg.Append(line, i, end - i);
                i = end;
            }
            args.Add(arg.ToString());
        }
        return args;
    }

    /// <summary>Whether two replies agree under the line's comparison mode.</summary>
    public static bool Agree(char mode, string? expected, string? actual)
    {
        if (mode == '-' || expected == actual)
        {
            return true;
        }
        if (expected is null || actual is null || mode == ' ')
        {
            return false;
        }
        if (mode == '!')
        {
            return expected[0] == actual[0];
        }
        List<Node> left = Node.ParseAll(expected);
        List<Node> right = Node.ParseAll(actual);
        if (mode == '~')
        {
            return string.Concat(left.Select(n => n.Shape())) == string.Concat(right.Select(n => n.Shape()));
        }
        // One reply: its elements in any order; several (pushes collected by "?"): the replies in any order.
        return left.Count == 1 && right.Count == 1
            ? left[0].Unordered() == right[0].Unordered()
            : left.Select(n => n.Exact()).Order(StringComparer.Ordinal).SequenceEqual(right.Select(n => n.Exact()).Order(StringComparer.Ordinal));
    }

    /// <summary>A reply as one line for a failure message: CR and LF escaped.</summary>
    public static string Show(string? reply) =>
        reply is null ? "(no reply read)" : reply.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    [GeneratedRegex(@"\{([A-Z])\}")]
    private static partial Regex ClientIdReference();

    /// <summary>One server's connections of a run, opened on first use and named by letter.</summary>
    private sealed class Side : IDisposable
    {
        private readonly Func<RawClient> _connect;
        private readonly Dictionary<string, (RawClient Client, string Id)> _connections = [];

        public Side(Func<RawClient> connect, int protocol)
        {
            _connect = connect;
            RawClient a = Get("A");
            a.Execute("FLUSHALL");
            a.Execute("HELLO", protocol.ToString(CultureInfo.InvariantCulture));
        }

        // Runs one line on the named connection: a command (its reply, with any pushes that came first), or "?".
        public string? Execute(string name, string line, char mode)
        {
            RawClient client = Get(name);
            if (line == "?")
            {
                client.SendCommand("PING", SyncToken);
                var received = new StringBuilder();
                // In the RESP2 Pub/Sub context PING replies [pong, token]: either way the token ends the reply.
                for (string reply = client.ReadReply(); !reply.EndsWith(RawClient.Bulk(SyncToken), StringComparison.Ordinal); reply = client.ReadReply())
                {
                    received.Append(reply);
                }
                return received.ToString();
            }
            string[] args = [.. Split(line).Select(arg => ClientIdReference().Replace(arg, m => IdOf(m.Groups[1].Value)))];
            client.SendCommand(args);
            if (mode == '-')
            {
                return null;
            }
            string first = client.ReadReply();
            var all = new StringBuilder(first);
            for (string last = first; last.StartsWith('>'); all.Append(last))
            {
                last = client.ReadReply();
            }
            return all.ToString();
        }

        public void Dispose()
        {
            foreach ((RawClient client, string _) in _connections.Values)
            {
                client.Dispose();
            }
        }

        private string IdOf(string name)
        {
            Get(name);
            return _connections[name].Id;
        }

        private RawClient Get(string name)
        {
            if (!_connections.TryGetValue(name, out (RawClient Client, string Id) connection))
            {
                RawClient client = _connect();
                string id = client.Execute("CLIENT", "ID");
                connection = (client, id[1..^2]);
                _connections.Add(name, connection);
            }
            return connection.Client;
        }
    }

    /// <summary>A parsed reply: its type byte, and either its line/payload or its elements (a map's keys and values in turn).</summary>
    private sealed record Node(char Type, string? Text, List<Node>? Elements)
    {
        // Every reply in the text: one for a command, any number for what "?" collected.
        public static List<Node> ParseAll(string replies)
        {
            var nodes = new List<Node>();
            for (int position = 0; position < replies.Length;)
            {
                nodes.Add(Parse(replies, ref position));
            }
            return nodes;
        }

        // The skeleton: types and aggregate sizes, without the contents of strings and numbers.
        public string Shape() =>
            Elements is null ? Type.ToString() : $"{Type}{Elements.Count}({string.Concat(Elements.Select(e => e.Shape()))})";

        // The elements (a map's pairs) as a sorted list of their exact texts.
        public string Unordered()
        {
            if (Elements is null)
            {
                return $"{Type}{Text}";
            }
            IEnumerable<string> items = Type is '%' or '|'
                ? Elements.Chunk(2).Select(pair => pair[0].Exact() + pair[1].Exact())
                : Elements.Select(e => e.Exact());
            return $"{Type}{string.Join('|', items.Order(StringComparer.Ordinal))}";
        }

        public string Exact() =>
            Elements is null ? $"{Type}{Text}" : $"{Type}[{string.Concat(Elements.Select(e => e.Exact()))}]";

        private static Node Parse(string reply, ref int position)
        {
            char type = reply[position];
            int lineEnd = reply.IndexOf("\r\n", position, StringComparison.Ordinal);
            string head = reply[(position + 1)..lineEnd];
            position = lineEnd + 2;
            if (type is '+' or '-' or ':' or '_' or ',' or '#' or '(')
            {
                return new Node(type, head, null);
            }
            int length = int.Parse(head, CultureInfo.InvariantCulture);
            if (type is '$' or '=' or '!')
            {
                string? payload = length < 0 ? null : reply.Substring(position, length);
                position += length < 0 ? 0 : length + 2;
                return new Node(type, payload, null);
            }
            if (length < 0)
            {
                return new Node(type, null, null);
            }
            var elements = new List<Node>();
            for (int i = 0; i < (type is '%' or '|' ? length * 2 : length); i++)
            {
                elements.Add(Parse(reply, ref position));
            }
            return new Node(type, null, elements);
        }
    }
}
