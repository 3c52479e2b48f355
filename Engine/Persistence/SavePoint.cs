namespace Reactor.MiniRedis.Engine.Persistence;

/// <summary>
/// One point of the <c>save</c> schedule (struct saveparam in redis/redis src/server.h): snapshot when at least
/// <paramref name="Changes"/> writes happened and more than <paramref name="Seconds"/> seconds passed since the
/// last successful save.
/// </summary>
public readonly record struct SavePoint(long Seconds, long Changes);
