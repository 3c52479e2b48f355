using System.Net.Sockets;

namespace Reactor.MiniRedis.Engine.Reactor;

/// <summary>
/// The portable reference backend on <see cref="Socket.Select"/>, as redis/redis src/ae_select.c is for Redis.
/// Every wait rebuilds the candidate lists, so it costs O(watched sockets) per iteration; epoll is the fast path.
/// </summary>
public sealed class SelectPoller : IPoller
{
    private readonly Dictionary<Socket, Registration> _registrations = [];
    private readonly List<Socket> _readList = [];
    private readonly List<Socket> _writeList = [];
    private readonly List<Socket> _errorList = [];
    private readonly Dictionary<int, Interest> _ready = [];

    private sealed class Registration(int token, Interest interest)
    {
        public int Token = token;
        public Interest Interest = interest;
    }

    /// <inheritdoc />
    public string Name => "select";

    /// <inheritdoc />
    public void Add(Socket socket, int token, Interest interest) => _registrations.Add(socket, new Registration(token, interest));

    /// <inheritdoc />
    public void Modify(Socket socket, int token, Interest interest)
    {
        Registration registration = _registrations[socket];
        registration.Token = token;
        registration.Interest = interest;
    }

    /// <inheritdoc />
    public void Remove(Socket socket) => _registrations.Remove(socket);

    /// <inheritdoc />
    public int Wait(int timeoutMilliseconds, ReadyEvent[] events)
    {
        _readList.Clear();
        _writeList.Clear();
        _errorList.Clear();
        foreach ((Socket socket, Registration registration) in _registrations)
        {
            if ((registration.Interest & Interest.Readable) != 0)
            {
                _readList.Add(socket);
            }
            if ((registration.Interest & Interest.Writable) != 0)
            {
                _writeList.Add(socket);
            }
            _errorList.Add(socket);
        }
        if (_errorList.Count == 0)
        {
            // Socket.Select rejects empty lists; with nothing to watch, just sleep out the timeout.
            Thread.Sleep(Math.Max(0, timeoutMilliseconds));
            return 0;
        }
        int micro = timeoutMilliseconds < 0 ? -1 : (int)Math.Min(int.MaxValue, timeoutMilliseconds * 1000L);
        Socket.Select(_readList.Count > 0 ? _readList : null, _writeList.Count > 0 ? _writeList : null, _errorList, micro);

        _ready.Clear();
        Collect(_readList, Interest.Readable);
        Collect(_writeList, Interest.Writable);
        Collect(_errorList, Interest.Readable | Interest.Writable);
        int n = 0;
        foreach ((int token, Interest ready) in _ready)
        {
            if (n == events.Length)
            {
                break; // the rest stay ready (level-triggered) and are reported next time
            }
            events[n++] = new ReadyEvent(token, ready);
        }
        return n;
    }

    /// <inheritdoc />
    public void Dispose() => _registrations.Clear();

    private void Collect(List<Socket> sockets, Interest interest)
    {
        foreach (Socket socket in sockets)
        {
            if (_registrations.TryGetValue(socket, out Registration? registration))
            {
                _ready[registration.Token] = _ready.GetValueOrDefault(registration.Token) | interest;
            }
        }
    }
}
