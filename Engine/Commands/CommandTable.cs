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

        // ---- sets ----

        // ---- hashes ----

        // ---- sorted sets ----
    ];
}
