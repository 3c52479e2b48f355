namespace Reactor.MiniRedis.Engine.Commands;

/// <summary>
/// A command's own key finder, <c>getkeys_proc</c> of <c>struct redisCommand</c> (redis/redis src/server.h): adds
/// the position and flags of each key in <paramref name="argv"/> (argument 0 is the command name) to
/// <paramref name="keys"/>. Used where key specs cannot describe the keys exactly.
/// </summary>
public delegate void GetKeysProc(byte[][] argv, List<(int Position, KeyFlags Flags)> keys);
