namespace Reactor.MiniRedis.Storage;

/// <summary>Which end of a list an operation works on: LIST_HEAD / LIST_TAIL in redis/redis src/server.h (LEFT / RIGHT).</summary>
public enum ListEnd : byte
{
    Head,
    Tail,
}
