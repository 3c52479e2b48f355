using System.Collections.Concurrent;
using System.Net.Sockets;

namespace Reactor.MiniRedis.Engine.Reactor;

/// <summary>
/// The single-threaded reactor: redis/redis src/ae.c. One thread runs <see cref="Run"/>; every registered socket,
/// timer and before-sleep hook runs on it, so nothing it owns needs a lock. Other threads talk to it only through
/// <see cref="Post"/> and <see cref="Stop"/>.
/// </summary>
public sealed class EventLoop : IDisposable
{
    /// <summary>The longest the loop sleeps, so posted work and <see cref="Stop"/> are noticed promptly.</summary>
    private const int MaxWaitMilliseconds = 100;

    private readonly IPoller _poller;
    private readonly TimeProvider _time;
    private readonly ConcurrentQueue<Action> _posted = new();
    private readonly List<TimeEvent> _timers = [];
    private Registration[] _registrations = new Registration[64];
    private readonly Stack<int> _freeTokens = new();
    private int _nextToken;
    private ReadyEvent[] _events = new ReadyEvent[1024];
    private long _nextTimerId;
    private volatile bool _stopRequested;

    private struct Registration
    {
        public Socket? Socket;
        public IFileEventHandler? Handler;
        public Interest Interest;
    }

    /// <summary>Creates a loop over <paramref name="poller"/>, reading time for timers from <paramref name="time"/>.</summary>
    public EventLoop(IPoller poller, TimeProvider time)
    {
        _poller = poller;
        _time = time;
    }

    /// <summary>Runs on the loop thread right before it waits for events (beforeSleep in redis/redis src/server.c).</summary>
    public Action? BeforeSleep { get; set; }

    /// <summary>The poller backend's name.</summary>
    public string PollerName => _poller.Name;

    /// <summary>The managed thread id of the loop thread once <see cref="Run"/> has started.</summary>
    public int ThreadId { get; private set; } = -1;

    /// <summary>True once <see cref="Stop"/> has been called.</summary>
    public bool StopRequested => _stopRequested;

    /// <summary>The loop's clock in milliseconds (monotonic). Integer arithmetic: a double loses the last millisecond.</summary>
    public long NowMilliseconds => (long)((Int128)_time.GetTimestamp() * 1000 / _time.TimestampFrequency);

    /// <summary>Registers <paramref name="socket"/> and returns its token for later changes.</summary>
    public int Register(Socket socket, IFileEventHandler handler, Interest interest)
    {
        int token = _freeTokens.Count > 0 ? _freeTokens.Pop() : _nextToken++;
        if (token >= _registrations.Length)
        {
            Array.Resize(ref _registrations, _registrations.Length * 2);
        }
        _registrations[token] = new Registration { Socket = socket, Handler = handler, Interest = interest };
        _poller.Add(socket, token, interest);
        return token;
    }

    /// <summary>Changes what the socket behind <paramref name="token"/> is watched for; no system call when unchanged.</summary>
    public void SetInterest(int token, Interest interest)
    {
        ref Registration registration = ref _registrations[token];
        if (registration.Interest != interest)
        {
            registration.Interest = interest;
            _poller.Modify(registration.Socket!, token, interest);
        }
    }

    /// <summary>What the socket behind <paramref name="token"/> is watched for.</summary>
    public Interest GetInterest(int token) => _registrations[token].Interest;

    /// <summary>Stops watching the socket behind <paramref name="token"/>; events already collected for it are dropped.</summary>
    public void Unregister(int token)
    {
        ref Registration registration = ref _registrations[token];
        if (registration.Socket is not null)
        {
            _poller.Remove(registration.Socket);
            registration = default;
            _freeTokens.Push(token);
        }
    }

    /// <summary>Adds a timer that first fires after <paramref name="delayMilliseconds"/> (aeCreateTimeEvent).</summary>
    public long CreateTimeEvent(long delayMilliseconds, Func<long> callback)
    {
        long id = _nextTimerId++;
        _timers.Add(new TimeEvent(id, NowMilliseconds + delayMilliseconds, callback));
        return id;
    }

    /// <summary>Removes a timer (aeDeleteTimeEvent).</summary>
    public void DeleteTimeEvent(long id)
    {
        foreach (TimeEvent timer in _timers)
        {
            if (timer.Id == id)
            {
                timer.Deleted = true;
            }
        }
    }

    /// <summary>Queues <paramref name="action"/> to run on the loop thread. Safe from any thread.</summary>
    public void Post(Action action) => _posted.Enqueue(action);

    /// <summary>Asks the loop to return from <see cref="Run"/> after the current iteration. Safe from any thread.</summary>
    public void Stop() => _stopRequested = true;

    /// <summary>Runs iterations until <see cref="Stop"/> (aeMain). Exceptions escaping a handler are fatal and propagate.</summary>
    public void Run()
    {
        ThreadId = Environment.CurrentManagedThreadId;
        while (!_stopRequested)
        {
            ProcessEvents();
        }
    }

    /// <summary>
    /// One iteration, following aeProcessEvents: run the before-sleep hook (flushes replies), wait until the
    /// nearest timer at most, dispatch read before write on each ready socket, then run due timers and posted work.
    /// </summary>
    public void ProcessEvents()
    {
        RunPosted();
        BeforeSleep?.Invoke();

        int timeout = _posted.IsEmpty ? ComputeTimeout() : 0;
        int n = _poller.Wait(timeout, _events);
        for (int i = 0; i < n; i++)
        {
            ReadyEvent ev = _events[i];
            // Re-read the registration every time: an earlier handler in this batch may have closed this socket.
            if ((ev.Ready & Interest.Readable) != 0 && _registrations[ev.Token].Handler is { } reader)
            {
                reader.OnReadable();
            }
            if ((ev.Ready & Interest.Writable) != 0 && _registrations[ev.Token].Handler is { } writer
                && (_registrations[ev.Token].Interest & Interest.Writable) != 0)
            {
                writer.OnWritable();
            }
        }
        if (n == _events.Length)
        {
            Array.Resize(ref _events, _events.Length * 2);
        }
        ProcessTimeEvents();
    }

    /// <summary>Closes the poller. Sockets are owned and closed by their handlers.</summary>
    public void Dispose() => _poller.Dispose();

    private void RunPosted()
    {
        while (_posted.TryDequeue(out Action? action))
        {
            action();
        }
    }

    private int ComputeTimeout()
    {
        long nearest = long.MaxValue;
        foreach (TimeEvent timer in _timers)
        {
            nearest = Math.Min(nearest, timer.WhenMilliseconds);
        }
        if (nearest == long.MaxValue)
        {
            return MaxWaitMilliseconds;
        }
        return (int)Math.Clamp(nearest - NowMilliseconds, 0, MaxWaitMilliseconds);
    }

    private void ProcessTimeEvents()
    {
        if (_timers.Count == 0)
        {
            return;
        }
        long now = NowMilliseconds;
        // Index loop: a callback may add timers; those wait for the next iteration.
        int count = _timers.Count;
        for (int i = 0; i < count; i++)
        {
            TimeEvent timer = _timers[i];
            if (timer.Deleted || timer.WhenMilliseconds > now)
            {
                continue;
            }
            long next = timer.Callback();
            if (next < 0)
            {
                timer.Deleted = true;
            }
            else
            {
                timer.WhenMilliseconds = now + next;
            }
        }
        _timers.RemoveAll(t => t.Deleted);
    }
}
