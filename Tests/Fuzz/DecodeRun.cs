using System.Text;
using Reactor.MiniRedis.Protocol;

namespace Reactor.MiniRedis.Fuzz;

/// <summary>
/// What a connection made of one input stream: the requests decoded in order (each as its argument bytes and the
/// bytes it consumed), the protocol error that stopped decoding (<see cref="ProtocolErrorKind.None"/> if none), and
/// the bytes left waiting for more data.
/// </summary>
public sealed class DecodeRun
{
    /// <summary>The decoded requests, in order; <c>*0</c>, <c>*-1</c> and empty inline lines are requests with no arguments.</summary>
    public List<byte[][]> Requests { get; } = [];

    /// <summary>How many bytes each request in <see cref="Requests"/> consumed.</summary>
    public List<int> Consumed { get; } = [];

    /// <summary>The protocol error that ended the stream, or <see cref="ProtocolErrorKind.None"/>.</summary>
    public ProtocolErrorKind Error { get; set; }

    /// <summary>Unconsumed bytes at the end (a partial request); 0 after an error, which discards the rest.</summary>
    public int Pending { get; set; }

    /// <summary>The most bytes the simulated query buffer held at once.</summary>
    public int PeakPending { get; set; }

    /// <summary>True when the run ended with one of the "too big ... " errors, which depend on how the bytes were split.</summary>
    public bool EndedTooBig => Error is ProtocolErrorKind.TooBigInlineRequest or ProtocolErrorKind.TooBigMultibulkCount or ProtocolErrorKind.TooBigBulkCount;

    /// <summary>True when the first <paramref name="count"/> requests of both runs are byte-for-byte the same.</summary>
    public bool SameRequests(DecodeRun other, int count)
    {
        if (Requests.Count < count || other.Requests.Count < count)
        {
            return false;
        }
        for (int i = 0; i < count; i++)
        {
            if (Consumed[i] != other.Consumed[i] || Requests[i].Length != other.Requests[i].Length)
            {
                return false;
            }
            for (int a = 0; a < Requests[i].Length; a++)
            {
                if (!Requests[i][a].AsSpan().SequenceEqual(other.Requests[i][a]))
                {
                    return false;
                }
            }
        }
        return true;
    }

    /// <summary>A canonical, readable rendering (binary bytes escaped), for failure messages and comparisons.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        for (int i = 0; i < Requests.Count; i++)
        {
            text.Append('[');
            for (int a = 0; a < Requests[i].Length; a++)
            {
                text.Append(a == 0 ? "" : ", ").Append('"').Append(Escape(Requests[i][a])).Append('"');
            }
            text.Append("] consumed ").Append(Consumed[i]).Append('\n');
        }
        return text.Append("error: ").Append(Error).Append(", pending: ").Append(Pending).ToString();
    }

    /// <summary>Bytes as printable ASCII with C-style escapes for everything else.</summary>
    public static string Escape(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder(bytes.Length);
        foreach (byte b in bytes)
        {
            _ = b switch
            {
                (byte)'\r' => text.Append("\\r"),
                (byte)'\n' => text.Append("\\n"),
                (byte)'\\' => text.Append("\\\\"),
                (byte)'"' => text.Append("\\\""),
                >= 0x20 and < 0x7f => text.Append((char)b),
                _ => text.Append("\\x").Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)),
            };
        }
        return text.ToString();
    }
}
