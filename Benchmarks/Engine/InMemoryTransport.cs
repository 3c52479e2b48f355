using Reactor.MiniRedis.Engine.Networking;

namespace Reactor.MiniRedis.Benchmarks.Engine;

/// <summary>
/// A socket stand-in for the dispatch benchmarks: each read hands out the next part of the delivered batch (at most
/// what the connection's buffer can take, like recv), and writes are accepted whole and dropped unless
/// <see cref="Capture"/> is set. It never allocates after construction.
/// </summary>
internal sealed class InMemoryTransport : ITransport
{
    private byte[] _incoming = [];
    private int _offset;

    /// <summary>When set, sent bytes are appended here (for checking replies during setup only).</summary>
    public MemoryStream? Capture { get; set; }

    /// <summary>True while part of the delivered batch has not been read.</summary>
    public bool HasIncoming => _offset < _incoming.Length;

    public string RemoteAddress => "127.0.0.1:50000";

    public string LocalAddress => "127.0.0.1:6379";

    /// <summary>Makes <paramref name="batch"/> the bytes the next reads return.</summary>
    public void Deliver(byte[] batch)
    {
        _incoming = batch;
        _offset = 0;
    }

    public int Receive(Span<byte> buffer)
    {
        if (!HasIncoming)
        {
            return -1; // would block
        }
        int n = Math.Min(buffer.Length, _incoming.Length - _offset);
        _incoming.AsSpan(_offset, n).CopyTo(buffer);
        _offset += n;
        return n;
    }

    public int Send(ReadOnlySpan<byte> data)
    {
        Capture?.Write(data);
        return data.Length;
    }

    public void Close()
    {
    }
}
