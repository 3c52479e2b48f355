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

    // Key specs (Redis 7.0's "key_specs", COMMAND INFO), for the rows where the one derived from first key, last key
    // and step is not the real one. Declared before All, which reads them.
    // SET: flags vary with GET; setGetKeys gives the real ones.
    private static readonly KeySpec[] s_setKey =
    [
        KeySpec.Single(1, KeyFlags.RW | KeyFlags.Access | KeyFlags.Update | KeyFlags.VariableFlags) with
        {
            Notes = "RW and ACCESS due to the optional `GET` argument",
        },
    ];
    // SETNX: written only when absent.
    private static readonly KeySpec[] s_owInsert = [KeySpec.Single(1, KeyFlags.OW | KeyFlags.Insert)];
    // The value is overwritten without being read.
    private static readonly KeySpec[] s_owUpdate = [KeySpec.Single(1, KeyFlags.OW | KeyFlags.Update)];
    // The value is read and changed (INCR, GETSET).
    private static readonly KeySpec[] s_rwAccessUpdate = [KeySpec.Single(1, KeyFlags.RW | KeyFlags.Access | KeyFlags.Update)];
    // Elements are popped: read and removed.
    private static readonly KeySpec[] s_rwAccessDelete = [KeySpec.Single(1, KeyFlags.RW | KeyFlags.Access | KeyFlags.Delete)];
    // GETEX: read, and its TTL changed.
    private static readonly KeySpec[] s_getExKey =
    [
        KeySpec.Single(1, KeyFlags.RW | KeyFlags.Access | KeyFlags.Update) with
        {
            Notes = "RW and UPDATE because it changes the TTL",
        },
    ];
    // MSET: every other argument, overwritten.
    private static readonly KeySpec[] s_msetKeys = [KeySpec.Range(1, -1, 2, KeyFlags.OW | KeyFlags.Update)];
    // MSETNX: every other argument, written only when all are absent.
    private static readonly KeySpec[] s_msetNxKeys = [KeySpec.Range(1, -1, 2, KeyFlags.OW | KeyFlags.Insert)];
    // Elements are added.
    private static readonly KeySpec[] s_rwInsert = [KeySpec.Single(1, KeyFlags.RW | KeyFlags.Insert)];
    // The key is only read for its metadata (type, length, existence).
    private static readonly KeySpec[] s_ro = [KeySpec.Single(1, KeyFlags.RO)];
    // BITOP: the destination, then the sources.
    private static readonly KeySpec[] s_bitOpKeys =
    [
        KeySpec.Single(2, KeyFlags.OW | KeyFlags.Update),
        KeySpec.Range(3, -1, 1, KeyFlags.RO | KeyFlags.Access),
    ];
    // BITFIELD: flags vary with the operations; bitfieldGetKeys gives the real ones.
    private static readonly KeySpec[] s_bitFieldKey =
    [
        KeySpec.Single(1, KeyFlags.RW | KeyFlags.Access | KeyFlags.Update | KeyFlags.VariableFlags) with
        {
            Notes = "This command allows both access and modification of the key",
        },
    ];
    // DEL, UNLINK: every argument, removed.
    private static readonly KeySpec[] s_deleteKeys = [KeySpec.Range(1, -1, 1, KeyFlags.RM | KeyFlags.Delete)];
    // EXISTS, TOUCH: every argument, metadata only.
    private static readonly KeySpec[] s_existsKeys = [KeySpec.Range(1, -1, 1, KeyFlags.RO)];
    // RENAME: the source is read and removed, the destination overwritten.
    private static readonly KeySpec[] s_renameKeys =
    [
        KeySpec.Single(1, KeyFlags.RW | KeyFlags.Access | KeyFlags.Delete),
        KeySpec.Single(2, KeyFlags.OW | KeyFlags.Update),
    ];
    // RENAMENX: as RENAME, but the destination only when absent.
    private static readonly KeySpec[] s_renameNxKeys =
    [
        KeySpec.Single(1, KeyFlags.RW | KeyFlags.Access | KeyFlags.Delete),
        KeySpec.Single(2, KeyFlags.OW | KeyFlags.Insert),
    ];
    // COPY: the source is only read, the destination overwritten.
    private static readonly KeySpec[] s_copyKeys =
    [
        KeySpec.Single(1, KeyFlags.RO | KeyFlags.Access),
        KeySpec.Single(2, KeyFlags.OW | KeyFlags.Update),
    ];
    // SORT: the sorted key, BY/GET patterns and STORE anywhere; sortGetKeys finds them.
    private static readonly KeySpec[] s_sortKeys =
    [
        KeySpec.Single(1, KeyFlags.RO | KeyFlags.Access),
        KeySpec.Unknown(KeyFlags.RO | KeyFlags.Access) with
        {
            Notes = "For the optional BY/GET keyword. It is marked 'unknown' because the key names derive from the content of the key we sort",
        },
        KeySpec.Unknown(KeyFlags.OW | KeyFlags.Update) with
        {
            Notes = "For the optional STORE keyword. It is marked 'unknown' because the keyword can appear anywhere in the argument array",
        },
    ];
    // SORT_RO: the sorted key and BY/GET patterns.
    private static readonly KeySpec[] s_sortRoKeys =
    [
        KeySpec.Single(1, KeyFlags.RO | KeyFlags.Access),
        KeySpec.Unknown(KeyFlags.RO | KeyFlags.Access) with
        {
            Notes = "For the optional BY/GET keyword. It is marked 'unknown' because the key names derive from the content of the key we sort",
        },
    ];
    // OBJECT subcommands: the key is argument 2, metadata only.
    private static readonly KeySpec[] s_objectKey = [KeySpec.Single(2, KeyFlags.RO)];
    // Elements are removed.
    private static readonly KeySpec[] s_rwDelete = [KeySpec.Single(1, KeyFlags.RW | KeyFlags.Delete)];
    // LMOVE, RPOPLPUSH, SMOVE: popped from the source, inserted into the destination.
    private static readonly KeySpec[] s_moveKeys =
    [
        KeySpec.Single(1, KeyFlags.RW | KeyFlags.Access | KeyFlags.Delete),
        KeySpec.Single(2, KeyFlags.RW | KeyFlags.Insert),
    ];
    // LMPOP, ZMPOP: numkeys keys after the count, popped from.
    private static readonly KeySpec[] s_numKeysPop = [KeySpec.KeyNum(1, 0, 1, 1, KeyFlags.RW | KeyFlags.Access | KeyFlags.Delete)];
    // SINTERCARD, ZINTERCARD, ZUNION, ZINTER, ZDIFF: numkeys keys after the count, read.
    private static readonly KeySpec[] s_numKeysRead = [KeySpec.KeyNum(1, 0, 1, 1, KeyFlags.RO | KeyFlags.Access)];
    // SINTERSTORE: the destination, then the sources.
    private static readonly KeySpec[] s_sInterStoreKeys =
    [
        KeySpec.Single(1, KeyFlags.RW | KeyFlags.Update),
        KeySpec.Range(2, -1, 1, KeyFlags.RO | KeyFlags.Access),
    ];
    // SUNIONSTORE, SDIFFSTORE: the destination overwritten, then the sources read.
    private static readonly KeySpec[] s_storeFromKeys =
    [
        KeySpec.Single(1, KeyFlags.OW | KeyFlags.Update),
        KeySpec.Range(2, -1, 1, KeyFlags.RO | KeyFlags.Access),
    ];
    // ZRANGESTORE: the destination overwritten, the source read.
    private static readonly KeySpec[] s_zRangeStoreKeys =
    [
        KeySpec.Single(1, KeyFlags.OW | KeyFlags.Update),
        KeySpec.Single(2, KeyFlags.RO | KeyFlags.Access),
    ];
    // ZUNIONSTORE, ZINTERSTORE, ZDIFFSTORE: the destination, then numkeys sources.
    private static readonly KeySpec[] s_storeFromNumKeys =
    [
        KeySpec.Single(1, KeyFlags.OW | KeyFlags.Update),
        KeySpec.KeyNum(2, 0, 1, 1, KeyFlags.RO | KeyFlags.Access),
    ];

    // getkeys functions of the commands with a key count: counted keys (genericGetKeys), then the destination.
    private static readonly GetKeysProc s_countedKeys = CommandKeys.CountedKeys(storeKey: 0, countIndex: 1, firstKey: 2, step: 1);
    private static readonly GetKeysProc s_countedKeysAndStore = CommandKeys.CountedKeys(storeKey: 1, countIndex: 2, firstKey: 3, step: 1);

    // Blocking commands. BLPOP, BRPOP, BZPOPMIN, BZPOPMAX: every argument but the timeout, popped from.
    private static readonly KeySpec[] s_blockingPopKeys = [KeySpec.Range(1, -2, 1, KeyFlags.RW | KeyFlags.Access | KeyFlags.Delete)];
    // BLMPOP, BZMPOP: numkeys keys after the timeout and the count, popped from.
    private static readonly KeySpec[] s_blockingNumKeysPop = [KeySpec.KeyNum(2, 0, 1, 1, KeyFlags.RW | KeyFlags.Access | KeyFlags.Delete)];
    private static readonly GetKeysProc s_blockingCountedKeys = CommandKeys.CountedKeys(storeKey: 0, countIndex: 2, firstKey: 3, step: 1);

    // Columns: name, arity, flags, first key, last key, key step, group, handler (, subcommands, key specs, getkeys).
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
            new("client|no-evict", 3, Admin | NoScript | Loading | Stale, 0, 0, 0, CommandGroup.Connection, ClientCommands.NoEvict),
            new("client|reply", 3, NoScript | Loading | Stale, 0, 0, 0, CommandGroup.Connection, ClientCommands.Reply),
            new("client|tracking", -3, NoScript | Loading | Stale, 0, 0, 0, CommandGroup.Connection, ClientCommands.Tracking),
            new("client|trackinginfo", 2, NoScript | Loading | Stale, 0, 0, 0, CommandGroup.Connection, ClientCommands.TrackingInfo),
            new("client|caching", 3, NoScript | Loading | Stale, 0, 0, 0, CommandGroup.Connection, ClientCommands.Caching),
            new("client|getredir", 2, NoScript | Loading | Stale, 0, 0, 0, CommandGroup.Connection, ClientCommands.GetRedir),
            new("client|pause", -3, Admin | NoScript | Loading | Stale, 0, 0, 0, CommandGroup.Connection, ClientCommands.Pause),
            new("client|unpause", 2, Admin | NoScript | Loading | Stale, 0, 0, 0, CommandGroup.Connection, ClientCommands.Unpause),
            new("client|unblock", -3, Admin | NoScript | Loading | Stale, 0, 0, 0, CommandGroup.Connection, ClientCommands.Unblock),
        ]),

        // ---- access control ----
        new("acl", -2, None, 0, 0, 0, CommandGroup.Server, null,
        [
            new("acl|cat", -2, NoScript | Loading | Stale | Sentinel, 0, 0, 0, CommandGroup.Server, AclCommands.Cat),
            new("acl|deluser", -3, Admin | NoScript | Loading | Stale | Sentinel, 0, 0, 0, CommandGroup.Server, AclCommands.DelUser),
            new("acl|dryrun", -4, Admin | NoScript | Loading | Stale | Sentinel, 0, 0, 0, CommandGroup.Server, AclCommands.DryRun),
            new("acl|genpass", -2, NoScript | Loading | Stale | Sentinel, 0, 0, 0, CommandGroup.Server, AclCommands.GenPass),
            new("acl|getuser", 3, Admin | NoScript | Loading | Stale | Sentinel, 0, 0, 0, CommandGroup.Server, AclCommands.GetUser),
            new("acl|help", 2, Loading | Stale | Sentinel, 0, 0, 0, CommandGroup.Server, AclCommands.Help),
            new("acl|list", 2, Admin | NoScript | Loading | Stale | Sentinel, 0, 0, 0, CommandGroup.Server, AclCommands.List),
            new("acl|load", 2, Admin | NoScript | Loading | Stale | Sentinel, 0, 0, 0, CommandGroup.Server, AclCommands.Load),
            new("acl|log", -2, Admin | NoScript | Loading | Stale | Sentinel, 0, 0, 0, CommandGroup.Server, AclCommands.Log),
            new("acl|save", 2, Admin | NoScript | Loading | Stale | Sentinel, 0, 0, 0, CommandGroup.Server, AclCommands.Save),
            new("acl|setuser", -3, Admin | NoScript | Loading | Stale | Sentinel, 0, 0, 0, CommandGroup.Server, AclCommands.SetUser),
            new("acl|users", 2, Admin | NoScript | Loading | Stale | Sentinel, 0, 0, 0, CommandGroup.Server, AclCommands.Users),
            new("acl|whoami", 2, NoScript | Loading | Stale | Sentinel, 0, 0, 0, CommandGroup.Server, AclCommands.WhoAmI),
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
        new("memory", -2, None, 0, 0, 0, CommandGroup.Server, null,
        [
            // Redis 7.0's order (its command dict's), which COMMAND INFO and COMMAND DOCS show.
            new("memory|help", 2, Loading | Stale, 0, 0, 0, CommandGroup.Server, MemoryCommand.Help),
            new("memory|doctor", 2, None, 0, 0, 0, CommandGroup.Server, MemoryCommand.Doctor),
            new("memory|malloc-stats", 2, None, 0, 0, 0, CommandGroup.Server, MemoryCommand.MallocStats),
            new("memory|purge", 2, None, 0, 0, 0, CommandGroup.Server, MemoryCommand.Purge),
            new("memory|usage", -3, ReadOnly, 2, 2, 1, CommandGroup.Server, MemoryCommand.Usage, KeySpecs: s_objectKey), // RO, no ACCESS: as OBJECT's
            new("memory|stats", 2, None, 0, 0, 0, CommandGroup.Server, MemoryCommand.Stats),
        ]),

        // ---- slow log ----
        new("slowlog", -2, None, 0, 0, 0, CommandGroup.Server, null,
        [
            // Redis 7.0's order (its command dict's), which COMMAND INFO and COMMAND DOCS show.
            new("slowlog|reset", 2, Admin | Loading | Stale, 0, 0, 0, CommandGroup.Server, SlowlogCommands.Reset),
            new("slowlog|get", -2, Admin | Loading | Stale, 0, 0, 0, CommandGroup.Server, SlowlogCommands.Get),
            new("slowlog|help", 2, Loading | Stale, 0, 0, 0, CommandGroup.Server, SlowlogCommands.Help),
            new("slowlog|len", 2, Admin | Loading | Stale, 0, 0, 0, CommandGroup.Server, SlowlogCommands.Len),
        ]),

        // ---- latency monitor ----
        new("latency", -2, None, 0, 0, 0, CommandGroup.Server, null,
        [
            // Redis 7.0's order (its command dict's), which COMMAND INFO and COMMAND DOCS show.
            new("latency|help", 2, Loading | Stale, 0, 0, 0, CommandGroup.Server, LatencyCommands.Help),
            new("latency|reset", -2, Admin | NoScript | Loading | Stale, 0, 0, 0, CommandGroup.Server, LatencyCommands.Reset),
            new("latency|doctor", 2, Admin | NoScript | Loading | Stale, 0, 0, 0, CommandGroup.Server, LatencyCommands.Doctor),
            new("latency|graph", 3, Admin | NoScript | Loading | Stale, 0, 0, 0, CommandGroup.Server, LatencyCommands.Graph),
            new("latency|histogram", -2, Admin | NoScript | Loading | Stale, 0, 0, 0, CommandGroup.Server, LatencyCommands.Histogram),
            new("latency|history", 3, Admin | NoScript | Loading | Stale, 0, 0, 0, CommandGroup.Server, LatencyCommands.History),
            new("latency|latest", 2, Admin | NoScript | Loading | Stale, 0, 0, 0, CommandGroup.Server, LatencyCommands.Latest),
        ]),

        // ---- persistence: SAVE, BGSAVE, DUMP, RESTORE ----
        new("save", 1, Admin | NoScript | NoAsyncLoading | NoMulti, 0, 0, 0, CommandGroup.Server, PersistenceCommands.Save),
        new("bgsave", -1, Admin | NoScript | NoAsyncLoading, 0, 0, 0, CommandGroup.Server, PersistenceCommands.BgSave),
        new("bgrewriteaof", 1, Admin | NoScript | NoAsyncLoading, 0, 0, 0, CommandGroup.Server, AofCommands.BgRewriteAof),
        new("dump", 2, ReadOnly, 1, 1, 1, CommandGroup.Generic, DumpCommands.Dump),
        new("restore", -4, Write | DenyOom, 1, 1, 1, CommandGroup.Generic, DumpCommands.Restore, KeySpecs: s_owUpdate),

        // ---- debug ----
        new("debug", -2, Admin | NoScript | Loading | Stale | CommandFlags.Protected, 0, 0, 0, CommandGroup.Server, DebugCommand.Debug),

        // ---- strings ----
        new("get", 2, ReadOnly | Fast, 1, 1, 1, CommandGroup.String, StringCommands.Get),
        new("set", -3, Write | DenyOom, 1, 1, 1, CommandGroup.String, StringCommands.Set, KeySpecs: s_setKey, GetKeys: CommandKeys.SetGetKeys),
        new("setnx", 3, Write | DenyOom | Fast, 1, 1, 1, CommandGroup.String, StringCommands.SetNx, KeySpecs: s_owInsert),
        new("setex", 4, Write | DenyOom, 1, 1, 1, CommandGroup.String, StringCommands.SetEx, KeySpecs: s_owUpdate),
        new("psetex", 4, Write | DenyOom, 1, 1, 1, CommandGroup.String, StringCommands.PSetEx, KeySpecs: s_owUpdate),
        new("getset", 3, Write | DenyOom | Fast, 1, 1, 1, CommandGroup.String, StringCommands.GetSet, KeySpecs: s_rwAccessUpdate),
        new("getdel", 2, Write | Fast, 1, 1, 1, CommandGroup.String, StringCommands.GetDel, KeySpecs: s_rwAccessDelete),
        new("getex", -2, Write | Fast, 1, 1, 1, CommandGroup.String, StringCommands.GetEx, KeySpecs: s_getExKey),
        new("mget", -2, ReadOnly | Fast, 1, -1, 1, CommandGroup.String, StringCommands.MGet),
        new("mset", -3, Write | DenyOom, 1, -1, 2, CommandGroup.String, StringCommands.MSet, KeySpecs: s_msetKeys),
        new("msetnx", -3, Write | DenyOom, 1, -1, 2, CommandGroup.String, StringCommands.MSetNx, KeySpecs: s_msetNxKeys),
        new("incr", 2, Write | DenyOom | Fast, 1, 1, 1, CommandGroup.String, StringCommands.Incr, KeySpecs: s_rwAccessUpdate),
        new("decr", 2, Write | DenyOom | Fast, 1, 1, 1, CommandGroup.String, StringCommands.Decr, KeySpecs: s_rwAccessUpdate),
        new("incrby", 3, Write | DenyOom | Fast, 1, 1, 1, CommandGroup.String, StringCommands.IncrBy, KeySpecs: s_rwAccessUpdate),
        new("decrby", 3, Write | DenyOom | Fast, 1, 1, 1, CommandGroup.String, StringCommands.DecrBy, KeySpecs: s_rwAccessUpdate),
        new("incrbyfloat", 3, Write | DenyOom | Fast, 1, 1, 1, CommandGroup.String, StringCommands.IncrByFloat, KeySpecs: s_rwAccessUpdate),
        new("append", 3, Write | DenyOom | Fast, 1, 1, 1, CommandGroup.String, StringCommands.Append, KeySpecs: s_rwInsert),
        new("strlen", 2, ReadOnly | Fast, 1, 1, 1, CommandGroup.String, StringCommands.StrLen, KeySpecs: s_ro),
        new("getrange", 4, ReadOnly, 1, 1, 1, CommandGroup.String, StringCommands.GetRange),
        new("substr", 4, ReadOnly, 1, 1, 1, CommandGroup.String, StringCommands.GetRange),
        new("setrange", 4, Write | DenyOom, 1, 1, 1, CommandGroup.String, StringCommands.SetRange),
        new("lcs", -3, ReadOnly, 1, 2, 1, CommandGroup.String, LcsCommand.Lcs),

        // ---- bitmaps ----
        new("setbit", 4, Write | DenyOom, 1, 1, 1, CommandGroup.Bitmap, BitmapCommands.SetBit, KeySpecs: s_rwAccessUpdate),
        new("getbit", 3, ReadOnly | Fast, 1, 1, 1, CommandGroup.Bitmap, BitmapCommands.GetBit),
        new("bitcount", -2, ReadOnly, 1, 1, 1, CommandGroup.Bitmap, BitmapCommands.BitCount),
        new("bitpos", -3, ReadOnly, 1, 1, 1, CommandGroup.Bitmap, BitmapCommands.BitPos),
        new("bitop", -4, Write | DenyOom, 2, -1, 1, CommandGroup.Bitmap, BitmapCommands.BitOp, KeySpecs: s_bitOpKeys),
        new("bitfield", -2, Write | DenyOom, 1, 1, 1, CommandGroup.Bitmap, BitmapCommands.BitField, KeySpecs: s_bitFieldKey, GetKeys: CommandKeys.BitFieldGetKeys),
        new("bitfield_ro", -2, ReadOnly | Fast, 1, 1, 1, CommandGroup.Bitmap, BitmapCommands.BitFieldRo),

        // ---- keys (generic) ----
        new("del", -2, Write, 1, -1, 1, CommandGroup.Generic, KeyCommands.Del, KeySpecs: s_deleteKeys),
        new("unlink", -2, Write | Fast, 1, -1, 1, CommandGroup.Generic, KeyCommands.Unlink, KeySpecs: s_deleteKeys),
        new("exists", -2, ReadOnly | Fast, 1, -1, 1, CommandGroup.Generic, KeyCommands.Exists, KeySpecs: s_existsKeys),
        new("type", 2, ReadOnly | Fast, 1, 1, 1, CommandGroup.Generic, KeyCommands.Type, KeySpecs: s_ro),
        new("rename", 3, Write, 1, 2, 1, CommandGroup.Generic, KeyCommands.Rename, KeySpecs: s_renameKeys),
        new("renamenx", 3, Write | Fast, 1, 2, 1, CommandGroup.Generic, KeyCommands.RenameNx, KeySpecs: s_renameNxKeys),
        new("move", 3, Write | Fast, 1, 1, 1, CommandGroup.Generic, KeyMoveCommands.Move, KeySpecs: s_rwAccessUpdate),
        new("swapdb", 3, Write | Fast, 0, 0, 0, CommandGroup.Generic, KeyMoveCommands.SwapDb),
        new("copy", -3, Write | DenyOom, 1, 2, 1, CommandGroup.Generic, KeyMoveCommands.Copy, KeySpecs: s_copyKeys),
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
        new("touch", -2, ReadOnly | Fast, 1, -1, 1, CommandGroup.Generic, KeyCommands.Touch, KeySpecs: s_existsKeys),
        new("scan", -2, ReadOnly, 0, 0, 0, CommandGroup.Generic, ScanCommand.Scan),
        new("sort", -2, Write | DenyOom | MovableKeys, 1, 1, 1, CommandGroup.Generic, SortCommand.Sort, KeySpecs: s_sortKeys, GetKeys: CommandKeys.SortGetKeys),
        new("sort_ro", -2, ReadOnly | MovableKeys, 1, 1, 1, CommandGroup.Generic, SortCommand.SortRo, KeySpecs: s_sortRoKeys, GetKeys: CommandKeys.SortRoGetKeys),
        new("object", -2, None, 0, 0, 0, CommandGroup.Generic, null,
        [
            new("object|encoding", 3, ReadOnly, 2, 2, 1, CommandGroup.Generic, ObjectCommands.Encoding, KeySpecs: s_objectKey),
            new("object|help", 2, Loading | Stale, 0, 0, 0, CommandGroup.Generic, ObjectCommands.Help),
            new("object|freq", 3, ReadOnly, 2, 2, 1, CommandGroup.Generic, ObjectCommands.Freq, KeySpecs: s_objectKey),
            new("object|idletime", 3, ReadOnly, 2, 2, 1, CommandGroup.Generic, ObjectCommands.IdleTime, KeySpecs: s_objectKey),
            new("object|refcount", 3, ReadOnly, 2, 2, 1, CommandGroup.Generic, ObjectCommands.RefCount, KeySpecs: s_objectKey),
        ]),
        new("wait", 3, NoScript, 0, 0, 0, CommandGroup.Generic, ReplicationCommands.Wait),

        // ---- lists ----
        new("lpush", -3, Write | DenyOom | Fast, 1, 1, 1, CommandGroup.List, ListCommands.LPush, KeySpecs: s_rwInsert),
        new("rpush", -3, Write | DenyOom | Fast, 1, 1, 1, CommandGroup.List, ListCommands.RPush, KeySpecs: s_rwInsert),
        new("lpop", -2, Write | Fast, 1, 1, 1, CommandGroup.List, ListCommands.LPop, KeySpecs: s_rwAccessDelete),
        new("rpop", -2, Write | Fast, 1, 1, 1, CommandGroup.List, ListCommands.RPop, KeySpecs: s_rwAccessDelete),
        new("lrange", 4, ReadOnly, 1, 1, 1, CommandGroup.List, ListCommands.LRange),
        new("llen", 2, ReadOnly | Fast, 1, 1, 1, CommandGroup.List, ListCommands.LLen, KeySpecs: s_ro),
        new("lpushx", -3, Write | DenyOom | Fast, 1, 1, 1, CommandGroup.List, ListCommands.LPushX, KeySpecs: s_rwInsert),
        new("rpushx", -3, Write | DenyOom | Fast, 1, 1, 1, CommandGroup.List, ListCommands.RPushX, KeySpecs: s_rwInsert),
        new("lindex", 3, ReadOnly, 1, 1, 1, CommandGroup.List, ListCommands.LIndex),
        new("lset", 4, Write | DenyOom, 1, 1, 1, CommandGroup.List, ListCommands.LSet),
        new("linsert", 5, Write | DenyOom, 1, 1, 1, CommandGroup.List, ListCommands.LInsert, KeySpecs: s_rwInsert),
        new("lrem", 4, Write, 1, 1, 1, CommandGroup.List, ListCommands.LRem, KeySpecs: s_rwDelete),
        new("ltrim", 4, Write, 1, 1, 1, CommandGroup.List, ListCommands.LTrim, KeySpecs: s_rwDelete),
        new("lpos", -3, ReadOnly, 1, 1, 1, CommandGroup.List, ListCommands.LPos),
        new("lmove", 5, Write | DenyOom, 1, 2, 1, CommandGroup.List, ListCommands.LMove, KeySpecs: s_moveKeys),
        new("rpoplpush", 3, Write | DenyOom, 1, 2, 1, CommandGroup.List, ListCommands.RPopLPush, KeySpecs: s_moveKeys),
        new("lmpop", -4, Write | MovableKeys, 0, 0, 0, CommandGroup.List, ListCommands.LMPop, KeySpecs: s_numKeysPop, GetKeys: s_countedKeys),

        // ---- sets ----
        new("sadd", -3, Write | DenyOom | Fast, 1, 1, 1, CommandGroup.Set, SetCommands.SAdd, KeySpecs: s_rwInsert),
        new("spop", -2, Write | Fast, 1, 1, 1, CommandGroup.Set, SetCommands.SPop, KeySpecs: s_rwAccessDelete),
        new("scard", 2, ReadOnly | Fast, 1, 1, 1, CommandGroup.Set, SetCommands.SCard, KeySpecs: s_ro),
        new("srem", -3, Write | Fast, 1, 1, 1, CommandGroup.Set, SetCommands.SRem, KeySpecs: s_rwDelete),
        new("smembers", 2, ReadOnly, 1, 1, 1, CommandGroup.Set, SetCommands.SMembers),
        new("sismember", 3, ReadOnly | Fast, 1, 1, 1, CommandGroup.Set, SetCommands.SIsMember, KeySpecs: s_ro),
        new("smismember", -3, ReadOnly | Fast, 1, 1, 1, CommandGroup.Set, SetCommands.SMIsMember),
        new("srandmember", -2, ReadOnly, 1, 1, 1, CommandGroup.Set, SetCommands.SRandMember),
        new("smove", 4, Write | Fast, 1, 2, 1, CommandGroup.Set, SetCommands.SMove, KeySpecs: s_moveKeys),
        new("sinter", -2, ReadOnly, 1, -1, 1, CommandGroup.Set, SetCommands.SInter),
        new("sintercard", -3, ReadOnly | MovableKeys, 0, 0, 0, CommandGroup.Set, SetCommands.SInterCard, KeySpecs: s_numKeysRead, GetKeys: s_countedKeys),
        new("sinterstore", -3, Write | DenyOom, 1, -1, 1, CommandGroup.Set, SetCommands.SInterStore, KeySpecs: s_sInterStoreKeys),
        new("sunion", -2, ReadOnly, 1, -1, 1, CommandGroup.Set, SetCommands.SUnion),
        new("sunionstore", -3, Write | DenyOom, 1, -1, 1, CommandGroup.Set, SetCommands.SUnionStore, KeySpecs: s_storeFromKeys),
        new("sdiff", -2, ReadOnly, 1, -1, 1, CommandGroup.Set, SetCommands.SDiff),
        new("sdiffstore", -3, Write | DenyOom, 1, -1, 1, CommandGroup.Set, SetCommands.SDiffStore, KeySpecs: s_storeFromKeys),
        new("sscan", -3, ReadOnly, 1, 1, 1, CommandGroup.Set, ScanCommand.SScan),

        // ---- hashes ----
        new("hset", -4, Write | DenyOom | Fast, 1, 1, 1, CommandGroup.Hash, HashCommands.HSet),
        new("hget", 3, ReadOnly | Fast, 1, 1, 1, CommandGroup.Hash, HashCommands.HGet),
        new("hsetnx", 4, Write | DenyOom | Fast, 1, 1, 1, CommandGroup.Hash, HashCommands.HSetNx, KeySpecs: s_rwInsert),
        new("hmset", -4, Write | DenyOom | Fast, 1, 1, 1, CommandGroup.Hash, HashCommands.HMSet),
        new("hmget", -3, ReadOnly | Fast, 1, 1, 1, CommandGroup.Hash, HashCommands.HMGet),
        new("hdel", -3, Write | Fast, 1, 1, 1, CommandGroup.Hash, HashCommands.HDel, KeySpecs: s_rwDelete),
        new("hexists", 3, ReadOnly | Fast, 1, 1, 1, CommandGroup.Hash, HashCommands.HExists, KeySpecs: s_ro),
        new("hlen", 2, ReadOnly | Fast, 1, 1, 1, CommandGroup.Hash, HashCommands.HLen, KeySpecs: s_ro),
        new("hstrlen", 3, ReadOnly | Fast, 1, 1, 1, CommandGroup.Hash, HashCommands.HStrLen, KeySpecs: s_ro),
        new("hkeys", 2, ReadOnly, 1, 1, 1, CommandGroup.Hash, HashCommands.HKeys),
        new("hvals", 2, ReadOnly, 1, 1, 1, CommandGroup.Hash, HashCommands.HVals),
        new("hgetall", 2, ReadOnly, 1, 1, 1, CommandGroup.Hash, HashCommands.HGetAll),
        new("hincrby", 4, Write | DenyOom | Fast, 1, 1, 1, CommandGroup.Hash, HashCommands.HIncrBy, KeySpecs: s_rwAccessUpdate),
        new("hincrbyfloat", 4, Write | DenyOom | Fast, 1, 1, 1, CommandGroup.Hash, HashCommands.HIncrByFloat, KeySpecs: s_rwAccessUpdate),
        new("hrandfield", -2, ReadOnly, 1, 1, 1, CommandGroup.Hash, HashCommands.HRandField),
        new("hscan", -3, ReadOnly, 1, 1, 1, CommandGroup.Hash, ScanCommand.HScan),

        // ---- sorted sets ----
        new("zadd", -4, Write | DenyOom | Fast, 1, 1, 1, CommandGroup.SortedSet, SortedSetCommands.ZAdd),
        new("zcard", 2, ReadOnly | Fast, 1, 1, 1, CommandGroup.SortedSet, SortedSetCommands.ZCard, KeySpecs: s_ro),
        new("zpopmin", -2, Write | Fast, 1, 1, 1, CommandGroup.SortedSet, SortedSetCommands.ZPopMin, KeySpecs: s_rwAccessDelete),
        new("zpopmax", -2, Write | Fast, 1, 1, 1, CommandGroup.SortedSet, SortedSetCommands.ZPopMax, KeySpecs: s_rwAccessDelete),
        new("zincrby", 4, Write | DenyOom | Fast, 1, 1, 1, CommandGroup.SortedSet, SortedSetCommands.ZIncrBy, KeySpecs: s_rwAccessUpdate),
        new("zscore", 3, ReadOnly | Fast, 1, 1, 1, CommandGroup.SortedSet, SortedSetCommands.ZScore),
        new("zmscore", -3, ReadOnly | Fast, 1, 1, 1, CommandGroup.SortedSet, SortedSetCommands.ZMScore),
        new("zrank", 3, ReadOnly | Fast, 1, 1, 1, CommandGroup.SortedSet, SortedSetCommands.ZRank),
        new("zrevrank", 3, ReadOnly | Fast, 1, 1, 1, CommandGroup.SortedSet, SortedSetCommands.ZRevRank),
        new("zcount", 4, ReadOnly | Fast, 1, 1, 1, CommandGroup.SortedSet, SortedSetCommands.ZCount),
        new("zlexcount", 4, ReadOnly | Fast, 1, 1, 1, CommandGroup.SortedSet, SortedSetCommands.ZLexCount),
        new("zrem", -3, Write | Fast, 1, 1, 1, CommandGroup.SortedSet, SortedSetCommands.ZRem, KeySpecs: s_rwDelete),
        new("zremrangebyrank", 4, Write, 1, 1, 1, CommandGroup.SortedSet, SortedSetCommands.ZRemRangeByRank, KeySpecs: s_rwDelete),
        new("zremrangebyscore", 4, Write, 1, 1, 1, CommandGroup.SortedSet, SortedSetCommands.ZRemRangeByScore, KeySpecs: s_rwDelete),
        new("zremrangebylex", 4, Write, 1, 1, 1, CommandGroup.SortedSet, SortedSetCommands.ZRemRangeByLex, KeySpecs: s_rwDelete),
        new("zmpop", -4, Write | MovableKeys, 0, 0, 0, CommandGroup.SortedSet, SortedSetCommands.ZMPop, KeySpecs: s_numKeysPop, GetKeys: s_countedKeys),
        new("zrandmember", -2, ReadOnly, 1, 1, 1, CommandGroup.SortedSet, SortedSetCommands.ZRandMember),
        new("zrange", -4, ReadOnly, 1, 1, 1, CommandGroup.SortedSet, SortedSetRangeCommands.ZRange),
        new("zrangestore", -5, Write | DenyOom, 1, 2, 1, CommandGroup.SortedSet, SortedSetRangeCommands.ZRangeStore, KeySpecs: s_zRangeStoreKeys),
        new("zrevrange", -4, ReadOnly, 1, 1, 1, CommandGroup.SortedSet, SortedSetRangeCommands.ZRevRange),
        new("zrangebyscore", -4, ReadOnly, 1, 1, 1, CommandGroup.SortedSet, SortedSetRangeCommands.ZRangeByScore),
        new("zrevrangebyscore", -4, ReadOnly, 1, 1, 1, CommandGroup.SortedSet, SortedSetRangeCommands.ZRevRangeByScore),
        new("zrangebylex", -4, ReadOnly, 1, 1, 1, CommandGroup.SortedSet, SortedSetRangeCommands.ZRangeByLex),
        new("zrevrangebylex", -4, ReadOnly, 1, 1, 1, CommandGroup.SortedSet, SortedSetRangeCommands.ZRevRangeByLex),
        new("zunion", -3, ReadOnly | MovableKeys, 0, 0, 0, CommandGroup.SortedSet, SortedSetAlgebraCommands.ZUnion, KeySpecs: s_numKeysRead, GetKeys: s_countedKeys),
        new("zinter", -3, ReadOnly | MovableKeys, 0, 0, 0, CommandGroup.SortedSet, SortedSetAlgebraCommands.ZInter, KeySpecs: s_numKeysRead, GetKeys: s_countedKeys),
        new("zdiff", -3, ReadOnly | MovableKeys, 0, 0, 0, CommandGroup.SortedSet, SortedSetAlgebraCommands.ZDiff, KeySpecs: s_numKeysRead, GetKeys: s_countedKeys),
        new("zunionstore", -4, Write | DenyOom | MovableKeys, 1, 1, 1, CommandGroup.SortedSet, SortedSetAlgebraCommands.ZUnionStore, KeySpecs: s_storeFromNumKeys, GetKeys: s_countedKeysAndStore),
        new("zinterstore", -4, Write | DenyOom | MovableKeys, 1, 1, 1, CommandGroup.SortedSet, SortedSetAlgebraCommands.ZInterStore, KeySpecs: s_storeFromNumKeys, GetKeys: s_countedKeysAndStore),
        new("zdiffstore", -4, Write | DenyOom | MovableKeys, 1, 1, 1, CommandGroup.SortedSet, SortedSetAlgebraCommands.ZDiffStore, KeySpecs: s_storeFromNumKeys, GetKeys: s_countedKeysAndStore),
        new("zintercard", -3, ReadOnly | MovableKeys, 0, 0, 0, CommandGroup.SortedSet, SortedSetAlgebraCommands.ZInterCard, KeySpecs: s_numKeysRead, GetKeys: s_countedKeys),
        new("zscan", -3, ReadOnly, 1, 1, 1, CommandGroup.SortedSet, ScanCommand.ZScan),

        // ---- transactions ----
        new("multi", 1, NoScript | Loading | Stale | Fast | AllowBusy, 0, 0, 0, CommandGroup.Transactions, TransactionCommands.Multi),
        new("exec", 1, NoScript | Loading | Stale | SkipSlowlog, 0, 0, 0, CommandGroup.Transactions, TransactionCommands.Exec),
        new("discard", 1, NoScript | Loading | Stale | Fast | AllowBusy, 0, 0, 0, CommandGroup.Transactions, TransactionCommands.Discard),
        new("watch", -2, NoScript | Loading | Stale | Fast | AllowBusy, 1, -1, 1, CommandGroup.Transactions, TransactionCommands.Watch,
            KeySpecs: [KeySpec.Range(1, -1, 1, KeyFlags.RO)]),
        new("unwatch", 1, NoScript | Loading | Stale | Fast | AllowBusy, 0, 0, 0, CommandGroup.Transactions, TransactionCommands.Unwatch),

        // ---- pubsub ----
        // CommandFlags.PubSub is spelled out: the bare name would be the Engine.PubSub namespace.
        new("subscribe", -2, CommandFlags.PubSub | NoScript | Loading | Stale, 0, 0, 0, CommandGroup.PubSub, PubSubCommands.Subscribe),
        new("unsubscribe", -1, CommandFlags.PubSub | NoScript | Loading | Stale, 0, 0, 0, CommandGroup.PubSub, PubSubCommands.Unsubscribe),
        new("psubscribe", -2, CommandFlags.PubSub | NoScript | Loading | Stale, 0, 0, 0, CommandGroup.PubSub, PubSubCommands.PSubscribe),
        new("punsubscribe", -1, CommandFlags.PubSub | NoScript | Loading | Stale, 0, 0, 0, CommandGroup.PubSub, PubSubCommands.PUnsubscribe),
        new("publish", 3, CommandFlags.PubSub | Loading | Stale | Fast | MayReplicate, 0, 0, 0, CommandGroup.PubSub, PubSubCommands.Publish),
        // Shard channels are not keys, but Redis routes them by slot through key specs flagged not_key.
        new("ssubscribe", -2, CommandFlags.PubSub | NoScript | Loading | Stale, 1, -1, 1, CommandGroup.PubSub, PubSubCommands.SSubscribe,
            KeySpecs: [KeySpec.Range(1, -1, 1, KeyFlags.NotKey)]),
        new("sunsubscribe", -1, CommandFlags.PubSub | NoScript | Loading | Stale, 1, -1, 1, CommandGroup.PubSub, PubSubCommands.SUnsubscribe,
            KeySpecs: [KeySpec.Range(1, -1, 1, KeyFlags.NotKey)]),
        new("spublish", 3, CommandFlags.PubSub | Loading | Stale | Fast | MayReplicate, 1, 1, 1, CommandGroup.PubSub, PubSubCommands.SPublish,
            KeySpecs: [KeySpec.Single(1, KeyFlags.NotKey)]),
        new("pubsub", -2, None, 0, 0, 0, CommandGroup.PubSub, null,
        [
            new("pubsub|channels", -2, CommandFlags.PubSub | Loading | Stale, 0, 0, 0, CommandGroup.PubSub, PubSubCommands.Channels),
            new("pubsub|numpat", 2, CommandFlags.PubSub | Loading | Stale, 0, 0, 0, CommandGroup.PubSub, PubSubCommands.NumPat),
            new("pubsub|numsub", -2, CommandFlags.PubSub | Loading | Stale, 0, 0, 0, CommandGroup.PubSub, PubSubCommands.NumSub),
            new("pubsub|shardchannels", -2, CommandFlags.PubSub | Loading | Stale, 0, 0, 0, CommandGroup.PubSub, PubSubCommands.ShardChannels),
            new("pubsub|shardnumsub", -2, CommandFlags.PubSub | Loading | Stale, 0, 0, 0, CommandGroup.PubSub, PubSubCommands.ShardNumSub),
            new("pubsub|help", 2, Loading | Stale, 0, 0, 0, CommandGroup.PubSub, PubSubCommands.Help),
        ]),
        new("monitor", 1, Admin | NoScript | Loading | Stale, 0, 0, 0, CommandGroup.Server, MonitorCommand.Monitor),

        // ---- cluster connection commands (this server never runs in cluster mode) ----
        new("readonly", 1, Loading | Stale | Fast, 0, 0, 0, CommandGroup.Cluster, ConnectionCommands.ClusterOnly),
        new("readwrite", 1, Loading | Stale | Fast, 0, 0, 0, CommandGroup.Cluster, ConnectionCommands.ClusterOnly),
        new("asking", 1, Fast, 0, 0, 0, CommandGroup.Cluster, ConnectionCommands.ClusterOnly),

        // ---- blocking lists and sorted sets ----
        new("blpop", -3, Write | NoScript | CommandFlags.Blocking, 1, -2, 1, CommandGroup.List, BlockingCommands.BLPop, KeySpecs: s_blockingPopKeys),
        new("brpop", -3, Write | NoScript | CommandFlags.Blocking, 1, -2, 1, CommandGroup.List, BlockingCommands.BRPop, KeySpecs: s_blockingPopKeys),
        new("blmove", 6, Write | DenyOom | NoScript | CommandFlags.Blocking, 1, 2, 1, CommandGroup.List, BlockingCommands.BLMove, KeySpecs: s_moveKeys),
        new("brpoplpush", 4, Write | DenyOom | NoScript | CommandFlags.Blocking, 1, 2, 1, CommandGroup.List, BlockingCommands.BRPopLPush, KeySpecs: s_moveKeys),
        new("blmpop", -5, Write | CommandFlags.Blocking | MovableKeys, 0, 0, 0, CommandGroup.List, BlockingCommands.BLMPop, KeySpecs: s_blockingNumKeysPop, GetKeys: s_blockingCountedKeys),
        new("bzpopmin", -3, Write | NoScript | CommandFlags.Blocking | Fast, 1, -2, 1, CommandGroup.SortedSet, BlockingCommands.BZPopMin, KeySpecs: s_blockingPopKeys),
        new("bzpopmax", -3, Write | NoScript | CommandFlags.Blocking | Fast, 1, -2, 1, CommandGroup.SortedSet, BlockingCommands.BZPopMax, KeySpecs: s_blockingPopKeys),
        new("bzmpop", -5, Write | CommandFlags.Blocking | MovableKeys, 0, 0, 0, CommandGroup.SortedSet, BlockingCommands.BZMPop, KeySpecs: s_blockingNumKeysPop, GetKeys: s_blockingCountedKeys),
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
