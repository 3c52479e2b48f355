using static Reactor.MiniRedis.Engine.Commands.CommandFlags;

namespace Reactor.MiniRedis.Engine.Commands;

/// <summary>
/// Every command the server knows, one row each: the <c>redisCommandTable</c> of redis/redis (src/commands.c,
/// generated there from src/commands/*.json; written out by hand here). Dispatch, arity errors, COMMAND and
/// INFO commandstats all read this table. Adding a command is one row, one handler method and its tests.
/// </summary>
public static class CommandTable
{
    /// <summary>Every row and every subcommand row, in table order; a row's index here is its <see cref="CommandSpec.Id"/>.</summary>
    public static readonly CommandSpec[] Flattened;

    // Columns: name, arity, flags, first key, last key, key step, group, handler (, subcommands).
    public static readonly CommandSpec[] All =
    [
        // ---- connection ----
        new("ping", -1, Fast | Sentinel, 0, 0, 0, CommandGroup.Connection, ConnectionCommands.Ping),
        new("echo", 2, Loading | Stale | Fast, 0, 0, 0, CommandGroup.Connection, ConnectionCommands.Echo),
        new("quit", -1, AllowBusy | NoAuth | NoScript | Fast | Loading | Stale, 0, 0, 0, CommandGroup.Connection, ConnectionCommands.Quit),
        new("select", 2, Loading | Stale | Fast, 0, 0, 0, CommandGroup.Connection, ConnectionCommands.Select),
        new("hello", -1, NoScript | Loading | Stale | Fast | NoAuth | AllowBusy | Sentinel, 0, 0, 0, CommandGroup.Connection, ConnectionCommands.Hello),
        new("auth", -2, NoScript | Loading | Stale | Fast | NoAuth | AllowBusy | Sentinel, 0, 0, 0, CommandGroup.Connection, ConnectionCommands.Auth),
        new("reset", 1, NoScript | Loading | Stale | Fast | NoAuth | AllowBusy, 0, 0, 0, CommandGroup.Connection, ConnectionCommands.Reset),
        new("client", -2, None, 0, 0, 0, CommandGroup.Connection, null,
        [
            new("client|id", 2, NoScript | Loading | Stale, 0, 0, 0, CommandGroup.Connection, ClientCommands.Id),
            new("client|setname", 3, NoScript | Loading | Stale, 0, 0, 0, CommandGroup.Connection, ClientCommands.SetName),
            new("client|getname", 2, NoScript | Loading | Stale, 0, 0, 0, CommandGroup.Connection, ClientCommands.GetName),
            new("client|setinfo", 4, NoScript | Loading | Stale, 0, 0, 0, CommandGroup.Connection, ClientCommands.SetInfo),
            new("client|list", -2, Admin | NoScript | Loading | Stale, 0, 0, 0, CommandGroup.Connection, ClientCommands.List),
            new("client|info", 2, NoScript | Loading | Stale, 0, 0, 0, CommandGroup.Connection, ClientCommands.Info),
            new("client|kill", -3, Admin | NoScript | Loading | Stale, 0, 0, 0, CommandGroup.Connection, ClientCommands.Kill),
            new("client|help", 2, Loading | Stale, 0, 0, 0, CommandGroup.Connection, ClientCommands.Help),
        ]),

        // ---- server ----
        new("command", -1, Loading | Stale | Sentinel, 0, 0, 0, CommandGroup.Server, CommandCommands.Command,
        [
            new("command|count", 2, Loading | Stale | Sentinel, 0, 0, 0, CommandGroup.Server, CommandCommands.Count),
            new("command|info", -2, Loading | Stale | Sentinel, 0, 0, 0, CommandGroup.Server, CommandCommands.Info),
            new("command|docs", -2, Loading | Stale | Sentinel, 0, 0, 0, CommandGroup.Server, CommandCommands.Docs),
            new("command|list", -2, Loading | Stale | Sentinel, 0, 0, 0, CommandGroup.Server, CommandCommands.List),
            new("command|getkeys", -4, Loading | Stale | Sentinel, 0, 0, 0, CommandGroup.Server, CommandCommands.GetKeys),
            new("command|getkeysandflags", -4, Loading | Stale | Sentinel, 0, 0, 0, CommandGroup.Server, CommandCommands.GetKeysAndFlags),
            new("command|help", 2, Loading | Stale | Sentinel, 0, 0, 0, CommandGroup.Server, CommandCommands.Help),
        ]),
        new("config", -2, None, 0, 0, 0, CommandGroup.Server, null,
        [
            new("config|get", -3, Admin | NoScript | Loading | Stale, 0, 0, 0, CommandGroup.Server, ConfigCommands.Get),
            new("config|set", -4, Admin | NoScript | Loading | Stale, 0, 0, 0, CommandGroup.Server, ConfigCommands.Set),
            new("config|resetstat", 2, Admin | NoScript | Loading | Stale, 0, 0, 0, CommandGroup.Server, ConfigCommands.ResetStat),
            new("config|rewrite", 2, Admin | NoScript | Loading | Stale, 0, 0, 0, CommandGroup.Server, ConfigCommands.Rewrite),
            new("config|help", 2, Loading | Stale, 0, 0, 0, CommandGroup.Server, ConfigCommands.Help),
        ]),
        new("info", -1, Loading | Stale | Sentinel, 0, 0, 0, CommandGroup.Server, InfoCommand.Info),
        new("dbsize", 1, ReadOnly | Fast, 0, 0, 0, CommandGroup.Server, ServerCommands.DbSize),
        new("flushdb", -1, Write, 0, 0, 0, CommandGroup.Server, ServerCommands.FlushDb),
        new("flushall", -1, Write, 0, 0, 0, CommandGroup.Server, ServerCommands.FlushAll),
        new("time", 1, Loading | Stale | Fast, 0, 0, 0, CommandGroup.Server, ServerCommands.Time),
        new("lastsave", 1, Loading | Stale | Fast, 0, 0, 0, CommandGroup.Server, ServerCommands.LastSave),
        new("shutdown", -1, Admin | NoScript | Loading | Stale | NoMulti | AllowBusy | Sentinel, 0, 0, 0, CommandGroup.Server, ServerCommands.Shutdown),

        // ---- strings ----
        new("get", 2, ReadOnly | Fast, 1, 1, 1, CommandGroup.String, StringCommands.Get),
        new("set", -3, Write | DenyOom, 1, 1, 1, CommandGroup.String, StringCommands.Set),
        new("setnx", 3, Write | DenyOom | Fast, 1, 1, 1, CommandGroup.String, StringCommands.SetNx),
        new("setex", 4, Write | DenyOom, 1, 1, 1, CommandGroup.String, StringCommands.SetEx),
        new("psetex", 4, Write | DenyOom, 1, 1, 1, CommandGroup.String, StringCommands.PSetEx),
        new("getset", 3, Write | DenyOom | Fast, 1, 1, 1, CommandGroup.String, StringCommands.GetSet),
        new("getdel", 2, Write | Fast, 1, 1, 1, CommandGroup.String, StringCommands.GetDel),
        new("getex", -2, Write | Fast, 1, 1, 1, CommandGroup.String, StringCommands.GetEx),
        new("mget", -2, ReadOnly | Fast, 1, -1, 1, CommandGroup.String, StringCommands.MGet),
        new("mset", -3, Write | DenyOom, 1, -1, 2, CommandGroup.String, StringCommands.MSet),
        new("msetnx", -3, Write | DenyOom, 1, -1, 2, CommandGroup.String, StringCommands.MSetNx),
        new("incr", 2, Write | DenyOom | Fast, 1, 1, 1, CommandGroup.String, StringCommands.Incr),
        new("decr", 2, Write | DenyOom | Fast, 1, 1, 1, CommandGroup.String, StringCommands.Decr),
        new("incrby", 3, Write | DenyOom | Fast, 1, 1, 1, CommandGroup.String, StringCommands.IncrBy),
        new("decrby", 3, Write | DenyOom | Fast, 1, 1, 1, CommandGroup.String, StringCommands.DecrBy),
        new("incrbyfloat", 3, Write | DenyOom | Fast, 1, 1, 1, CommandGroup.String, StringCommands.IncrByFloat),
        new("append", 3, Write | DenyOom | Fast, 1, 1, 1, CommandGroup.String, StringCommands.Append),
        new("strlen", 2, ReadOnly | Fast, 1, 1, 1, CommandGroup.String, StringCommands.StrLen),
        new("getrange", 4, ReadOnly, 1, 1, 1, CommandGroup.String, StringCommands.GetRange),
        new("substr", 4, ReadOnly, 1, 1, 1, CommandGroup.String, StringCommands.GetRange),
        new("setrange", 4, Write | DenyOom, 1, 1, 1, CommandGroup.String, StringCommands.SetRange),

        // ---- keys (generic) ----
        new("del", -2, Write, 1, -1, 1, CommandGroup.Generic, KeyCommands.Del),
        new("unlink", -2, Write | Fast, 1, -1, 1, CommandGroup.Generic, KeyCommands.Unlink),
        new("exists", -2, ReadOnly | Fast, 1, -1, 1, CommandGroup.Generic, KeyCommands.Exists),
        new("type", 2, ReadOnly | Fast, 1, 1, 1, CommandGroup.Generic, KeyCommands.Type),
        new("rename", 3, Write, 1, 2, 1, CommandGroup.Generic, KeyCommands.Rename),
        new("renamenx", 3, Write | Fast, 1, 2, 1, CommandGroup.Generic, KeyCommands.RenameNx),
        new("keys", 2, ReadOnly, 0, 0, 0, CommandGroup.Generic, KeyCommands.Keys),
        new("randomkey", 1, ReadOnly, 0, 0, 0, CommandGroup.Generic, KeyCommands.RandomKey),
        new("expire", -3, Write | Fast, 1, 1, 1, CommandGroup.Generic, KeyCommands.Expire),
        new("pexpire", -3, Write | Fast, 1, 1, 1, CommandGroup.Generic, KeyCommands.PExpire),
        new("expireat", -3, Write | Fast, 1, 1, 1, CommandGroup.Generic, KeyCommands.ExpireAt),
        new("pexpireat", -3, Write | Fast, 1, 1, 1, CommandGroup.Generic, KeyCommands.PExpireAt),
        new("ttl", 2, ReadOnly | Fast, 1, 1, 1, CommandGroup.Generic, KeyCommands.Ttl),
        new("pttl", 2, ReadOnly | Fast, 1, 1, 1, CommandGroup.Generic, KeyCommands.PTtl),
        new("expiretime", 2, ReadOnly | Fast, 1, 1, 1, CommandGroup.Generic, KeyCommands.ExpireTime),
        new("pexpiretime", 2, ReadOnly | Fast, 1, 1, 1, CommandGroup.Generic, KeyCommands.PExpireTime),
        new("persist", 2, Write | Fast, 1, 1, 1, CommandGroup.Generic, KeyCommands.Persist),
        new("touch", -2, ReadOnly | Fast, 1, -1, 1, CommandGroup.Generic, KeyCommands.Touch),
        new("scan", -2, ReadOnly, 0, 0, 0, CommandGroup.Generic, ScanCommand.Scan),

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

    static CommandTable()
    {
        Flattened = [.. All.SelectMany(c => (CommandSpec[])[c, .. c.Subcommands ?? []])];
        for (int i = 0; i < Flattened.Length; i++)
        {
            Flattened[i].Id = i;
        }
    }
}
