namespace Reactor.MiniRedis.Storage;

/// <summary>The kind of value a key holds (OBJ_STRING, OBJ_LIST, ... in redis/redis src/server.h).</summary>
public enum ObjectType : byte
{
    String,
    List,
    Set,
    SortedSet,
    Hash,
}
