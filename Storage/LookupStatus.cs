namespace Reactor.MiniRedis.Storage;

/// <summary>What a typed lookup found. The handler turns WrongType into Redis's WRONGTYPE error.</summary>
public enum LookupStatus
{
    Found,
    NotFound,
    WrongType,
}
