using System.Net.Sockets;
using System.Text;

namespace Reactor.MiniRedis.Integration.Tests.Support;

/// <summary>
/// A bare TCP client for exact-byte tests: it sends literal bytes and hands back whole RESP2 or RESP3 replies as text, one
/// char per byte (Latin-1, so binary values survive). Every read has a timeout, so a missing reply fails the test
/// instead of hanging it.
/// </summary>
public sealed class RawClient : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    private readonly Socket _socket;
    private byte[] _buffer = new byte[16 * 1024];
    private int _start;   // first byte not yet handed out
    private int _end;     // end of the bytes received

    private RawClient(Socket socket) => _socket = socket;

    /// <summary>Connects to <paramref name="host"/>:<paramref name="port"/> with Nagle off, so each send is its own segment.</summary>
    public static RawClient Connect(string host, int port)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp)
        {
            NoDelay = true,
            ReceiveTimeout = (int)s_timeout.TotalMilliseconds,
            SendTimeout = (int)s_timeout.TotalMilliseconds,
        };
        try
        {
            socket.Connect(host, port);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return new RawClient(socket);
    }

    /// <summary>A RESP multibulk request; each argument is Latin-1 text, so any byte value can be written as a char.</summary>
    public static byte[] Encode(params string[] args)
    {
        var request = new StringBuilder();
        request.Append('*').Append(args.Length).Append("\r\n");
        foreach (string arg in args)
        {
            request.Append('$').Append(arg.Length).Append("\r\n").Append(arg).Append("\r\n");
        }
        return Encoding.Latin1.GetBytes(request.ToString());
    }

    /// <summary>The bulk-string reply carrying <paramref name="value"/>: <c>$len\r\nvalue\r\n</c>.</summary>
    public static string Bulk(string value) => $"${value.Length}\r\n{value}\r\n";

    /// <summary>Sends all of <paramref name="bytes"/> in one write.</summary>
    public void Send(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            bytes = bytes[_socket.Send(bytes)..];
        }
    }

    /// <summary>Sends Latin-1 text as is (inline commands, malformed input).</summary>
    public void Send(string text) => Send(Encoding.Latin1.GetBytes(text));

    /// <summary>Sends one multibulk request.</summary>
    public void SendCommand(params string[] args) => Send(Encode(args));

    /// <summary>Sends one multibulk request and returns its reply.</summary>
    public string Execute(params string[] args)
    {
        SendCommand(args);
        return ReadReply();
    }

    /// <summary>Reads exactly one complete reply or push (nested aggregates included) and returns its bytes as text.</summary>
    public string ReadReply()
    {
        int end;
        while (!TryParseReply(_start, out end))
        {
            Fill();
        }
        string reply = Encoding.Latin1.GetString(_buffer, _start, end - _start);
        _start = end;
        return reply;
    }

    /// <summary>Reads <paramref name="count"/> replies and returns them concatenated.</summary>
    public string ReadReplies(int count)
    {
        var replies = new StringBuilder();
        for (int i = 0; i < count; i++)
        {
            replies.Append(ReadReply());
        }
        return replies.ToString();
    }

    /// <summary>
    /// True when the server closes the connection (end of stream or reset) with no further bytes; false when more
    /// bytes arrive or nothing happens before the timeout.
    /// </summary>
    public bool WaitForServerClose()
    {
        if (_start < _end)
        {
            return false;
        }
        try
        {
            return _socket.Receive(_buffer, 0, _buffer.Length, SocketFlags.None) == 0;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            return true;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut)
        {
            return false;
        }
    }

    public void Dispose() => _socket.Dispose();

    /// <summary>Receives more bytes, growing the buffer when a reply is larger than it.</summary>
    private void Fill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }
        int n;
        try
        {
            n = _socket.Receive(_buffer, _end, _buffer.Length - _end, SocketFlags.None);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut)
        {
            throw new TimeoutException($"No complete reply within {s_timeout.TotalSeconds} s; received so far: {Pending()}");
        }
        if (n == 0)
        {
            throw new IOException($"The server closed the connection; received so far: {Pending()}");
        }
        _end += n;
    }

    /// <summary>
    /// Finds the end of the reply starting at <paramref name="position"/>; false when more bytes are needed.
    /// Bulk payloads are skipped by length, never scanned, as a real client does.
    /// </summary>
    private bool TryParseReply(int position, out int end)
    {
        end = 0;
        if (position >= _end)
        {
            return false;
        }
        int lineEnd = _buffer.AsSpan(position, _end - position).IndexOf("\r\n"u8);
        if (lineEnd < 0)
        {
            return false;
        }
        int next = position + lineEnd + 2;
        byte type = _buffer[position];
        // RESP2's simple string, error and integer; RESP3's null, double, boolean and big number: one line each.
        if (type is (byte)'+' or (byte)'-' or (byte)':' or (byte)'_' or (byte)',' or (byte)'#' or (byte)'(')
        {
            end = next;
            return true;
        }
        long length = long.Parse(Encoding.ASCII.GetString(_buffer, position + 1, lineEnd - 1), System.Globalization.CultureInfo.InvariantCulture);
        // The bulk string, and RESP3's verbatim string and blob error.
        if (type is (byte)'$' or (byte)'=' or (byte)'!')
        {
            end = length < 0 ? next : next + (int)length + 2;
            return end <= _end;
        }
        // Arrays, and RESP3's sets and pushes; a map (or attribute) holds a key and a value per entry.
        if (type is (byte)'%' or (byte)'|')
        {
            length *= 2;
        }
        else if (type is not ((byte)'*' or (byte)'~' or (byte)'>'))
        {
            throw new InvalidDataException($"Not a RESP reply: {Pending()}");
        }
        for (long i = 0; i < length; i++)
        {
            if (!TryParseReply(next, out next))
            {
                return false;
            }
        }
        end = next;
        return true;
    }

    private string Pending() => Encoding.Latin1.GetString(_buffer, _start, _end - _start);
}
