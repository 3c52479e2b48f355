using System.Net.Sockets;
using Reactor.MiniRedis.Engine.Networking;

namespace Reactor.MiniRedis.Engine.Tests.Support;

/// <summary>
/// An in-memory transport: reads return the queued chunks one at a time (then would-block), writes are captured.
/// <see cref="SendLimit"/> makes writes partial and <see cref="SendBlocked"/> makes them would-block, for testing
/// the write path without sockets.
/// </summary>
internal sealed class FakeTransport : ITransport
{
    private readonly Queue<byte[]> _incoming = new();
    private readonly List<byte> _sent = [];

    public bool Closed { get; private set; }

    public bool EndOfStream { get; set; }

    public int SendLimit { get; set; } = int.MaxValue;

    public bool SendBlocked { get; set; }

    public SocketError? FailWith { get; set; }

    /// <summary>When set, <see cref="Writev"/> takes bytes from every segment as a socket's writev does; else the default (the first segment).</summary>
    public bool Gathers { get; set; }

    /// <summary>Receive calls that returned bytes.</summary>
    public int Reads { get; private set; }

    /// <summary>Send and Writev calls that accepted bytes.</summary>
    public int Writes { get; private set; }

    public string RemoteAddress { get; set; } = "127.0.0.1:50000";

    public string LocalAddress => "127.0.0.1:6379";

    public bool HasIncoming => _incoming.Count > 0;

    public void Enqueue(byte[] chunk) => _incoming.Enqueue(chunk);

    public int Receive(Span<byte> buffer)
    {
        if (FailWith is { } error)
        {
            throw new SocketException((int)error);
        }
        if (_incoming.Count == 0)
        {
            return EndOfStream ? 0 : -1;
        }
        byte[] chunk = _incoming.Peek();
        int n = Math.Min(chunk.Length, buffer.Length);
        chunk.AsSpan(0, n).CopyTo(buffer);
        _incoming.Dequeue();
        Reads++;
        if (n < chunk.Length)
        {
            // The buffer was smaller than the chunk: keep the rest for the next read.
            var rest = new Queue<byte[]>([chunk[n..], .. _incoming]);
            _incoming.Clear();
            foreach (byte[] c in rest)
            {
                _incoming.Enqueue(c);
            }
        }
        return n;
    }

    public int Send(ReadOnlySpan<byte> data)
    {
        if (FailWith is { } error)
        {
            throw new SocketException((int)error);
        }
        if (SendBlocked)
        {
            return 0;
        }
        int n = Math.Min(data.Length, SendLimit);
        _sent.AddRange(data[..n]);
        Writes += n > 0 ? 1 : 0;
        return n;
    }

    public int Writev(IList<ArraySegment<byte>> segments)
    {
        if (!Gathers)
        {
            return Send(segments[0]);
        }
        byte[] all = [.. segments.SelectMany(segment => segment)];
        return Send(all);
    }

    public void Close() => Closed = true;

    /// <summary>Everything written so far, then forgets it.</summary>
    public byte[] TakeSent()
    {
        byte[] result = [.. _sent];
        _sent.Clear();
        return result;
    }
}
