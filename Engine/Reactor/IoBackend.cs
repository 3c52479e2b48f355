namespace Reactor.MiniRedis.Engine.Reactor;

/// <summary>Which <see cref="IPoller"/> the loop uses (<c>--io-backend</c>).</summary>
public enum IoBackend
{
    /// <summary>epoll on Linux (the default there), <c>Socket.Select</c> elsewhere.</summary>
    Auto,

    /// <summary>Linux epoll through P/Invoke, like ae_epoll.c.</summary>
    Epoll,

    /// <summary><c>Socket.Select</c>: portable, the reference backend, like ae_select.c.</summary>
    Select,
}
