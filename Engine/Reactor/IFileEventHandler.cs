namespace Reactor.MiniRedis.Engine.Reactor;

/// <summary>The owner of a registered socket: the listener or a client connection (aeFileProc in redis/redis src/ae.h).</summary>
public interface IFileEventHandler
{
    /// <summary>The socket has bytes to read, a pending accept, an error or a hang-up.</summary>
    void OnReadable();

    /// <summary>The socket can take more bytes.</summary>
    void OnWritable();
}
