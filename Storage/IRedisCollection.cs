namespace Reactor.MiniRedis.Storage;

/// <summary>
/// A value holding elements: list, set, hash or sorted set. Lets the engine answer the length commands (LLEN,
/// SCARD, HLEN, ZCARD) and apply Redis's rule that an emptied collection's key is deleted, once for all four types.
/// </summary>
public interface IRedisCollection
{
    /// <summary>Elements (or fields) held.</summary>
    int Count { get; }
}
