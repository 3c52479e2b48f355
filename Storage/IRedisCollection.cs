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

/// <summary>A collection type the engine can create on first write, bound to the server's encoding thresholds.</summary>
public interface IRedisCollection<TSelf> : IRedisCollection where TSelf : RedisObject, IRedisCollection<TSelf>
{
    /// <summary>A new, empty value that converts its encoding by <paramref name="limits"/>.</summary>
    static abstract TSelf Create(EncodingLimits limits);
}
