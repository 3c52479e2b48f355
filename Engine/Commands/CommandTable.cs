using static Reactor.MiniRedis.Engine.Commands.CommandFlags;

namespace Reactor.MiniRedis.Engine.Commands;

/// <summary>
/// Every command the server knows, one row each: the <c>redisCommandTable</c> of redis/redis (src/commands.c,
/// generated there from src/commands/*.json; written out by hand here). Dispatch, arity errors, COMMAND and
/// INFO commandstats all read this table. Adding a command is one row, one handler method and its tests.
/// </summary>
public static class CommandTable
{
    // Columns: name, arity, flags, first key, last key, key step, group, handler.
    public static readonly CommandSpec[] All =
    [
        // ---- connection ----
        new("ping", -1, Fast | Sentinel, 0, 0, 0, CommandGroup.Connection, ConnectionCommands.Ping),
        new("echo", 2, Fast, 0, 0, 0, CommandGroup.Connection, ConnectionCommands.Echo),
        new("quit", -1, AllowBusy | NoAuth | Fast | Loading | Stale, 0, 0, 0, CommandGroup.Connection, ConnectionCommands.Quit),
        new("select", 2, Loading | Stale | Fast, 0, 0, 0, CommandGroup.Connection, ConnectionCommands.Select),

        // ---- server ----

        // ---- strings ----
        new("get", 2, ReadOnly | Fast, 1, 1, 1, CommandGroup.String, StringCommands.Get),
        new("set", -3, Write | DenyOom, 1, 1, 1, CommandGroup.String, StringCommands.Set),

        // ---- keys (generic) ----

        // ---- lists ----
        new("lpush", -3, Write | DenyOom | Fast, 1, 1, 1, CommandGroup.List, ListCommands.LPush),
        new("rpush", -3, Write | DenyOom | Fast, 1, 1, 1, CommandGroup.List, ListCommands.RPush),
        new("lpop", -2, Write | Fast, 1, 1, 1, CommandGroup.List, ListCommands.LPop),
        new("rpop", -2, Write | Fast, 1, 1, 1, CommandGroup.List, ListCommands.RPop),
        new("lrange", 4, ReadOnly, 1, 1, 1, CommandGroup.List, ListCommands.LRange),
        new("llen", 2, ReadOnly | Fast, 1, 1, 1, CommandGroup.List, ListCommands.LLen),

        // ---- sets ----
        new("sadd", -3, Write | DenyOom | Fast, 1, 1, 1, CommandGroup.Set, SetCommands.SAdd),
        new("spop", -2, Write | Fast, 1, 1, 1, CommandGroup.Set, SetCommands.SPop),
        new("scard", 2, ReadOnly | Fast, 1, 1, 1, CommandGroup.Set, SetCommands.SCard),

        // ---- hashes ----
        new("hset", -4, Write | DenyOom | Fast, 1, 1, 1, CommandGroup.Hash, HashCommands.HSet),
        new("hget", 3, ReadOnly | Fast, 1, 1, 1, CommandGroup.Hash, HashCommands.HGet),

        // ---- sorted sets ----
        new("zadd", -4, Write | DenyOom | Fast, 1, 1, 1, CommandGroup.SortedSet, SortedSetCommands.ZAdd),
        new("zcard", 2, ReadOnly | Fast, 1, 1, 1, CommandGroup.SortedSet, SortedSetCommands.ZCard),
        new("zpopmin", -2, Write | Fast, 1, 1, 1, CommandGroup.SortedSet, SortedSetCommands.ZPopMin),
    ];
}
