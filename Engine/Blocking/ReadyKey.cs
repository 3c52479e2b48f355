using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Engine.Blocking;

/// <summary>A key that was created while clients were blocked on it (readyList in redis/redis src/server.h).</summary>
internal readonly record struct ReadyKey(Database Db, byte[] Key);
