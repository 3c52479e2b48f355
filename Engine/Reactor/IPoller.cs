using System.Net.Sockets;

namespace Reactor.MiniRedis.Engine.Reactor;

/// <summary>
/// The readiness seam under the event loop, like aeApiState in redis/redis src/ae_epoll.c and src/ae_select.c.
/// Level-triggered: a socket stays ready until it has been drained. Errors and hang-ups are reported as readable
/// and writable so the owner discovers them on its next read or write.
/// </summary>
public interface IPoller : IDisposable
{
    /// <summary>The backend's name, as INFO multiplexing_api reports it (<c>epoll</c>, <c>select</c>).</summary>
    string Name { get; }

    /// <summary>Starts watching <paramref name="socket"/> for <paramref name="interest"/>, reporting it as <paramref name="token"/>.</summary>
    void Add(Socket socket, int token, Interest interest);

    /// <summary>Changes what a watched socket is watched for.</summary>
    void Modify(Socket socket, int token, Interest interest);

    /// <summary>Stops watching <paramref name="socket"/>; called before the socket is closed.</summary>
    void Remove(Socket socket);

    /// <summary>
    /// Waits up to <paramref name="timeoutMilliseconds"/> (-1: forever, 0: poll) for ready sockets and writes at
    /// most <c>events.Length</c> of them into <paramref name="events"/>, which the loop owns and reuses.
    /// Returns how many were written. (An array rather than a span keeps the seam substitutable in tests.)
    /// </summary>
    int Wait(int timeoutMilliseconds, ReadyEvent[] events);
}
