namespace Reactor.MiniRedis.Engine.Reactor;

/// <summary>Readiness a file event waits for or reports (AE_READABLE, AE_WRITABLE in redis/redis src/ae.h).</summary>
[Flags]
public enum Interest
{
    None = 0,
    Readable = 1,
    Writable = 2,
}
