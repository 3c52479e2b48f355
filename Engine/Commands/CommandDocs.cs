using static Reactor.MiniRedis.Engine.Commands.CommandArgumentFlags;

namespace Reactor.MiniRedis.Engine.Commands;

/// <summary>
/// The documentation of every command, keyed by full name (<c>get</c>, <c>config|get</c>): the part of
/// redis/redis src/commands/*.json that the command table does not hold. COMMAND DOCS replies from here, COMMAND
/// INFO takes the explicit ACL categories and tips from here, and redis-cli 7 builds its help and hints from the
/// COMMAND DOCS reply. Entries are written out with Redis 7.0.15's exact texts; a new command adds one entry next to
/// its table row (the command-table tests check that every row has one). Entries for commands of other families
/// are ready ahead of their rows; an entry without a row is never reported.
/// </summary>
public static class CommandDocs
{
    /// <summary>The entry for <paramref name="fullName"/> (lower case), or null.</summary>
    public static CommandDoc? Find(string fullName) => s_docs.GetValueOrDefault(fullName);

    private static CommandArgument Key(string name, int keySpecIndex) => new(name, "key", []) { KeySpecIndex = keySpecIndex };

    private static CommandArgument Str(string name) => new(name, "string", []);

    private static CommandArgument Int(string name) => new(name, "integer", []);

    private static CommandArgument Dbl(string name) => new(name, "double", []);

    private static CommandArgument Pattern(string name) => new(name, "pattern", []);

    private static CommandArgument UnixTime(string name) => new(name, "unix-time", []);

    private static CommandArgument Pure(string name, string token) => new(name, "pure-token", []) { Token = token };

    private static CommandArgument OneOf(string name, params CommandArgument[] arguments) => new(name, "oneof", arguments);

    private static CommandArgument Block(string name, params CommandArgument[] arguments) => new(name, "block", arguments);

    private static readonly Dictionary<string, CommandDoc> s_docs = new(StringComparer.Ordinal)
    {
        ["acl"] = new("A container for Access List Control commands ", "6.0.0", "Depends on subcommand."),
        ["acl|cat"] = new(
            "List the ACL categories or the commands inside a category",
            "6.0.0",
            "O(1) since the categories and commands are a fixed set.")
        {
            Arguments = [Str("categoryname") with { Flags = Optional }],
        },
        ["acl|deluser"] = new(
            "Remove the specified ACL users and the associated rules",
            "6.0.0",
            "O(1) amortized time considering the typical user.")
        {
            Arguments = [Str("username") with { Flags = Multiple }],
        },
        ["acl|dryrun"] = new(
            "Returns whether the user can execute the given command without executing the command.",
            "7.0.0",
            "O(1).")
        {
            Arguments = [Str("username"), Str("command"), Str("arg") with { Flags = Optional | Multiple }],
        },
        ["acl|genpass"] = new("Generate a pseudorandom secure password to use for ACL users", "6.0.0", "O(1)")
        {
            Arguments = [Int("bits") with { Flags = Optional }],
        },
        ["acl|getuser"] = new(
            "Get the rules for a specific ACL user",
            "6.0.0",
            "O(N). Where N is the number of password, command and pattern rules that the user has.")
        {
            History =
            [
                ("6.2.0", "Added Pub/Sub channel patterns."),
                ("7.0.0", "Added selectors and changed the format of key and channel patterns from a list to their rule representation."),
            ],
            Arguments = [Str("username")],
        },
        ["acl|help"] = new("Show helpful text about the different subcommands", "6.0.0", "O(1)"),
        ["acl|list"] = new("List the current ACL rules in ACL config file format", "6.0.0", "O(N). Where N is the number of configured users."),
        ["acl|load"] = new("Reload the ACLs from the configured ACL file", "6.0.0", "O(N). Where N is the number of configured users."),
        ["acl|log"] = new("List latest events denied because of ACLs in place", "6.0.0", "O(N) with N being the number of entries shown.")
        {
            Arguments = [OneOf("operation", Int("count"), Pure("reset", "RESET")) with { Flags = Optional }],
        },
        ["acl|save"] = new("Save the current ACL rules in the configured ACL file", "6.0.0", "O(N). Where N is the number of configured users."),
        ["acl|setuser"] = new("Modify or create the rules for a specific ACL user", "6.0.0", "O(N). Where N is the number of rules provided.")
        {
            History =
            [
                ("6.2.0", "Added Pub/Sub channel patterns."),
                ("7.0.0", "Added selectors and key based permissions."),
            ],
            Arguments = [Str("username"), Str("rule") with { Flags = Optional | Multiple }],
        },
        ["acl|users"] = new("List the username of all the configured ACL rules", "6.0.0", "O(N). Where N is the number of configured users."),
        ["acl|whoami"] = new("Return the name of the user associated to the current connection", "6.0.0", "O(1)"),
        ["append"] = new(
            "Append a value to a key",
            "2.0.0",
            "O(1). The amortized time complexity is O(1) assuming the appended value is small and the already present value is of any size, since the dynamic string library used by Redis will double the free space available on every reallocation.")
        {
            Arguments = [Key("key", 0), Str("value")],
        },
        ["auth"] = new(
            "Authenticate to the server",
            "1.0.0",
            "O(N) where N is the number of passwords defined for the user")
        {
            History = [("6.0.0", "Added ACL style (username and password).")],
            Arguments = [Str("username") with { Since = "6.0.0", Flags = Optional }, Str("password")],
        },
        ["bitcount"] = new("Count set bits in a string", "2.6.0", "O(N)")
        {
            History = [("7.0.0", "Added the `BYTE|BIT` option.")],
            Arguments =
            [
                Key("key", 0),
                Block(
                    "index",
                    Int("start"),
                    Int("end"),
                    OneOf(
                        "index_unit",
                        Pure("byte", "BYTE"),
                        Pure("bit", "BIT")) with { Since = "7.0.0", Flags = Optional }) with { Flags = Optional },
            ],
        },
        ["bitfield"] = new(
            "Perform arbitrary bitfield integer operations on strings",
            "3.2.0",
            "O(1) for each subcommand specified")
        {
            Arguments =
            [
                Key("key", 0),
                OneOf(
                    "operation",
                    Block("encoding_offset", Str("encoding"), Int("offset")) with { Token = "GET" },
                    Block(
                        "write",
                        OneOf(
                            "wrap_sat_fail",
                            Pure("wrap", "WRAP"),
                            Pure("sat", "SAT"),
                            Pure("fail", "FAIL")) with { Token = "OVERFLOW", Flags = Optional },
                        OneOf(
                            "write_operation",
                            Block(
                                "encoding_offset_value",
                                Str("encoding"),
                                Int("offset"),
                                Int("value")) with { Token = "SET" },
                            Block(
                                "encoding_offset_increment",
                                Str("encoding"),
                                Int("offset"),
                                Int("increment")) with { Token = "INCRBY" }))) with { Flags = Optional | Multiple },
            ],
        },
        ["bitfield_ro"] = new(
            "Perform arbitrary bitfield integer operations on strings. Read-only variant of BITFIELD",
            "6.0.0",
            "O(1) for each subcommand specified")
        {
            Arguments =
            [
                Key("key", 0),
                Block(
                    "encoding_offset",
                    Str("encoding"),
                    Int("offset")) with { Token = "GET", Flags = Optional | Multiple | MultipleToken },
            ],
        },
        ["bitop"] = new("Perform bitwise operations between strings", "2.6.0", "O(N)")
        {
            Arguments = [Str("operation"), Key("destkey", 0), Key("key", 1) with { Flags = Multiple }],
        },
        ["bitpos"] = new("Find first bit set or clear in a string", "2.8.7", "O(N)")
        {
            History = [("7.0.0", "Added the `BYTE|BIT` option.")],
            Arguments =
            [
                Key("key", 0),
                Int("bit"),
                Block(
                    "index",
                    Int("start"),
                    Block(
                        "end_index",
                        Int("end"),
                        OneOf(
                            "index_unit",
                            Pure("byte", "BYTE"),
                            Pure("bit", "BIT")) with { Since = "7.0.0", Flags = Optional }) with { Flags = Optional }) with { Flags = Optional },
            ],
        },
        ["blmove"] = new(
            "Pop an element from a list, push it to another list and return it; or block until one is available",
            "6.2.0",
            "O(1)")
        {
            Arguments =
            [
                Key("source", 0),
                Key("destination", 1),
                OneOf("wherefrom", Pure("left", "LEFT"), Pure("right", "RIGHT")),
                OneOf("whereto", Pure("left", "LEFT"), Pure("right", "RIGHT")),
                Dbl("timeout"),
            ],
        },
        ["blmpop"] = new(
            "Pop elements from a list, or block until one is available",
            "7.0.0",
            "O(N+M) where N is the number of provided keys and M is the number of elements returned.")
        {
            Arguments =
            [
                Dbl("timeout"),
                Int("numkeys"),
                Key("key", 0) with { Flags = Multiple },
                OneOf("where", Pure("left", "LEFT"), Pure("right", "RIGHT")),
                Int("count") with { Token = "COUNT", Flags = Optional },
            ],
        },
        ["blpop"] = new(
            "Remove and get the first element in a list, or block until one is available",
            "2.0.0",
            "O(N) where N is the number of provided keys.")
        {
            History = [("6.0.0", "`timeout` is interpreted as a double instead of an integer.")],
            Arguments = [Key("key", 0) with { Flags = Multiple }, Dbl("timeout")],
        },
        ["brpop"] = new(
            "Remove and get the last element in a list, or block until one is available",
            "2.0.0",
            "O(N) where N is the number of provided keys.")
        {
            History = [("6.0.0", "`timeout` is interpreted as a double instead of an integer.")],
            Arguments = [Key("key", 0) with { Flags = Multiple }, Dbl("timeout")],
        },
        ["brpoplpush"] = new(
            "Pop an element from a list, push it to another list and return it; or block until one is available",
            "2.2.0",
            "O(1)")
        {
            DocFlags = ["deprecated"],
            DeprecatedSince = "6.2.0",
            ReplacedBy = "`BLMOVE` with the `RIGHT` and `LEFT` arguments",
            History = [("6.0.0", "`timeout` is interpreted as a double instead of an integer.")],
            Arguments = [Key("source", 0), Key("destination", 1), Dbl("timeout")],
        },
        ["bzmpop"] = new(
            "Remove and return members with scores in a sorted set or block until one is available",
            "7.0.0",
            "O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of elements in the sorted set, and M being the number of elements popped.")
        {
            Arguments =
            [
                Dbl("timeout"),
                Int("numkeys"),
                Key("key", 0) with { Flags = Multiple },
                OneOf("where", Pure("min", "MIN"), Pure("max", "MAX")),
                Int("count") with { Token = "COUNT", Flags = Optional },
            ],
        },
        ["bzpopmax"] = new(
            "Remove and return the member with the highest score from one or more sorted sets, or block until one is available",
            "5.0.0",
            "O(log(N)) with N being the number of elements in the sorted set.")
        {
            History = [("6.0.0", "`timeout` is interpreted as a double instead of an integer.")],
            Arguments = [Key("key", 0) with { Flags = Multiple }, Dbl("timeout")],
        },
        ["bzpopmin"] = new(
            "Remove and return the member with the lowest score from one or more sorted sets, or block until one is available",
            "5.0.0",
            "O(log(N)) with N being the number of elements in the sorted set.")
        {
            History = [("6.0.0", "`timeout` is interpreted as a double instead of an integer.")],
            Arguments = [Key("key", 0) with { Flags = Multiple }, Dbl("timeout")],
        },
        ["client"] = new("A container for client connection commands", "2.4.0", "Depends on subcommand.")
        {
            AclCategories = [],
        },
        ["client|id"] = new("Returns the client ID for the current connection", "5.0.0", "O(1)"),
        ["client|setname"] = new("Set the current connection name", "2.6.9", "O(1)")
        {
            Arguments = [Str("connection-name")],
        },
        ["client|getname"] = new("Get the current connection name", "2.6.9", "O(1)"),
        ["client|list"] = new(
            "Get the list of client connections",
            "2.4.0",
            "O(N) where N is the number of client connections")
        {
            History =
            [
                ("2.8.12", "Added unique client `id` field."),
                ("5.0.0", "Added optional `TYPE` filter."),
                ("6.0.0", "Added `user` field."),
                ("6.2.0", "Added `argv-mem`, `tot-mem`, `laddr` and `redir` fields and the optional `ID` filter."),
                ("7.0.0", "Added `resp`, `multi-mem`, `rbs` and `rbp` fields."),
                ("7.0.3", "Added `ssub` field."),
            ],
            Tips = ["nondeterministic_output"],
            Arguments =
            [
                OneOf(
                    "normal_master_replica_pubsub",
                    Pure("normal", "NORMAL"),
                    Pure("master", "MASTER"),
                    Pure("replica", "REPLICA"),
                    Pure("pubsub", "PUBSUB")) with { Token = "TYPE", Since = "5.0.0", Flags = Optional },
                Block(
                    "id",
                    Int("client-id") with { Flags = Multiple }) with { Token = "ID", Since = "6.2.0", Flags = Optional },
            ],
        },
        ["client|info"] = new("Returns information about the current client connection.", "6.2.0", "O(1)")
        {
            Tips = ["nondeterministic_output"],
        },
        ["client|kill"] = new(
            "Kill the connection of a client",
            "2.4.0",
            "O(N) where N is the number of client connections")
        {
            History =
            [
                ("2.8.12", "Added new filter format."),
                ("2.8.12", "`ID` option."),
                ("3.2.0", "Added `master` type in for `TYPE` option."),
                ("5.0.0", "Replaced `slave` `TYPE` with `replica`. `slave` still supported for backward compatibility."),
                ("6.2.0", "`LADDR` option."),
            ],
            Arguments =
            [
                OneOf(
                    "filter",
                    Str("ip:port") with { DeprecatedSince = "2.8.12" },
                    OneOf(
                        "new-format",
                        Int("client-id") with { Token = "ID", Since = "2.8.12", Flags = Optional },
                        OneOf(
                            "normal_master_slave_pubsub",
                            Pure("normal", "NORMAL"),
                            Pure("master", "MASTER") with { Since = "3.2.0" },
                            Pure("slave", "SLAVE"),
                            Pure("replica", "REPLICA") with { Since = "5.0.0" },
                            Pure("pubsub", "PUBSUB")) with { Token = "TYPE", Since = "2.8.12", Flags = Optional },
                        Str("username") with { Token = "USER", Flags = Optional },
                        Str("ip:port") with { Token = "ADDR", Flags = Optional },
                        Str("ip:port") with { Token = "LADDR", Since = "6.2.0", Flags = Optional },
                        Str("yes/no") with { Token = "SKIPME", Flags = Optional }) with { Flags = Multiple }),
            ],
        },
        ["client|help"] = new("Show helpful text about the different subcommands", "5.0.0", "O(1)"),
        ["client|pause"] = new("Stop processing commands from clients for some time", "2.9.50", "O(1)")
        {
            History = [("6.2.0", "`CLIENT PAUSE WRITE` mode added along with the `mode` option.")],
            Arguments =
            [
                Int("timeout"),
                OneOf("mode", Pure("write", "WRITE"), Pure("all", "ALL")) with { Since = "6.2.0", Flags = Optional },
            ],
        },
        ["client|unpause"] = new("Resume processing of clients that were paused", "6.2.0", "O(N) Where N is the number of paused clients"),
        ["client|unblock"] = new(
            "Unblock a client blocked in a blocking command from a different connection",
            "5.0.0",
            "O(log N) where N is the number of client connections")
        {
            Arguments =
            [
                Int("client-id"),
                OneOf("timeout_error", Pure("timeout", "TIMEOUT"), Pure("error", "ERROR")) with { Flags = Optional },
            ],
        },
        // Redis 7.2's entry (client-setinfo.json): 7.0 has no CLIENT SETINFO, but client libraries send it.
        ["client|setinfo"] = new("Set client or connection specific info", "7.2.0", "O(1)")
        {
            Tips = ["request_policy:all_nodes", "response_policy:all_succeeded"],
            Arguments = [OneOf("attr", Str("libname") with { Token = "LIB-NAME" }, Str("libver") with { Token = "LIB-VER" })],
        },
        ["client|caching"] = new("Instruct the server about tracking or not keys in the next request", "6.0.0", "O(1)")
        {
            Arguments = [OneOf("mode", Pure("yes", "YES"), Pure("no", "NO"))],
        },
        ["client|getredir"] = new("Get tracking notifications redirection client ID if any", "6.0.0", "O(1)"),
        ["client|no-evict"] = new("Set client eviction mode for the current connection", "7.0.0", "O(1)")
        {
            Arguments = [OneOf("enabled", Pure("on", "ON"), Pure("off", "OFF"))],
        },
        ["client|reply"] = new("Instruct the server whether to reply to commands", "3.2.0", "O(1)")
        {
            Arguments = [OneOf("on_off_skip", Pure("on", "ON"), Pure("off", "OFF"), Pure("skip", "SKIP"))],
        },
        ["client|tracking"] = new(
            "Enable or disable server assisted client side caching support",
            "6.0.0",
            "O(1). Some options may introduce additional complexity.")
        {
            Arguments =
            [
                OneOf("status", Pure("on", "ON"), Pure("off", "OFF")),
                Int("client-id") with { Token = "REDIRECT", Flags = Optional },
                Str("prefix") with { Token = "PREFIX", Flags = Optional | Multiple | MultipleToken },
                Pure("bcast", "BCAST") with { Flags = Optional },
                Pure("optin", "OPTIN") with { Flags = Optional },
                Pure("optout", "OPTOUT") with { Flags = Optional },
                Pure("noloop", "NOLOOP") with { Flags = Optional },
            ],
        },
        ["client|trackinginfo"] = new(
            "Return information about server assisted client side caching for the current connection",
            "6.2.0",
            "O(1)"),
        ["command"] = new(
            "Get array of Redis command details",
            "2.8.13",
            "O(N) where N is the total number of Redis commands")
        {
            AclCategories = ["@connection"],
            Tips = ["nondeterministic_output_order"],
        },
        ["command|count"] = new("Get total number of Redis commands", "2.8.13", "O(1)")
        {
            AclCategories = ["@connection"],
        },
        ["command|info"] = new(
            "Get array of specific Redis command details, or all when no argument is given.",
            "2.8.13",
            "O(N) where N is the number of commands to look up")
        {
            History = [("7.0.0", "Allowed to be called with no argument to get info on all commands.")],
            AclCategories = ["@connection"],
            Tips = ["nondeterministic_output_order"],
            Arguments = [Str("command-name") with { Flags = Optional | Multiple }],
        },
        ["command|docs"] = new(
            "Get array of specific Redis command documentation",
            "7.0.0",
            "O(N) where N is the number of commands to look up")
        {
            AclCategories = ["@connection"],
            Tips = ["nondeterministic_output_order"],
            Arguments = [Str("command-name") with { Flags = Optional | Multiple }],
        },
        ["command|list"] = new(
            "Get an array of Redis command names",
            "7.0.0",
            "O(N) where N is the total number of Redis commands")
        {
            AclCategories = ["@connection"],
            Tips = ["nondeterministic_output_order"],
            Arguments =
            [
                OneOf(
                    "filterby",
                    Str("module-name") with { Token = "MODULE" },
                    Str("category") with { Token = "ACLCAT" },
                    Pattern("pattern") with { Token = "PATTERN" }) with { Token = "FILTERBY", Flags = Optional },
            ],
        },
        ["command|getkeys"] = new(
            "Extract keys given a full Redis command",
            "2.8.13",
            "O(N) where N is the number of arguments to the command")
        {
            AclCategories = ["@connection"],
        },
        ["command|getkeysandflags"] = new(
            "Extract keys and access flags given a full Redis command",
            "7.0.0",
            "O(N) where N is the number of arguments to the command")
        {
            AclCategories = ["@connection"],
        },
        ["command|help"] = new("Show helpful text about the different subcommands", "5.0.0", "O(1)")
        {
            AclCategories = ["@connection"],
        },
        ["config"] = new("A container for server configuration commands", "2.0.0", "Depends on subcommand."),
        ["config|get"] = new(
            "Get the values of configuration parameters",
            "2.0.0",
            "O(N) when N is the number of configuration parameters provided")
        {
            History = [("7.0.0", "Added the ability to pass multiple pattern parameters in one call")],
            Arguments = [Block("parameter", Str("parameter")) with { Flags = Multiple }],
        },
        ["config|set"] = new(
            "Set configuration parameters to the given values",
            "2.0.0",
            "O(N) when N is the number of configuration parameters provided")
        {
            History = [("7.0.0", "Added the ability to set multiple parameters in one call.")],
            Tips = ["request_policy:all_nodes", "response_policy:all_succeeded"],
            Arguments = [Block("parameter_value", Str("parameter"), Str("value")) with { Flags = Multiple }],
        },
        ["config|resetstat"] = new("Reset the stats returned by INFO", "2.0.0", "O(1)"),
        ["config|rewrite"] = new(
            "Rewrite the configuration file with the in memory configuration",
            "2.8.0",
            "O(1)"),
        ["config|help"] = new("Show helpful text about the different subcommands", "5.0.0", "O(1)"),
        ["copy"] = new(
            "Copy a key",
            "6.2.0",
            "O(N) worst case for collections, where N is the number of nested items. O(1) for string values.")
        {
            Arguments =
            [
                Key("source", 0),
                Key("destination", 1),
                Int("destination-db") with { Token = "DB", Flags = Optional },
                Pure("replace", "REPLACE") with { Flags = Optional },
            ],
        },
        ["dbsize"] = new("Return the number of keys in the selected database", "1.0.0", "O(1)")
        {
            AclCategories = ["@keyspace"],
            Tips = ["request_policy:all_shards", "response_policy:agg_sum"],
        },
        ["debug"] = new("A container for debugging commands", "1.0.0", "Depends on subcommand.")
        {
            DocFlags = ["syscmd"],
        },
        ["decr"] = new("Decrement the integer value of a key by one", "1.0.0", "O(1)")
        {
            Arguments = [Key("key", 0)],
        },
        ["decrby"] = new("Decrement the integer value of a key by the given number", "1.0.0", "O(1)")
        {
            Arguments = [Key("key", 0), Int("decrement")],
        },
        ["del"] = new(
            "Delete a key",
            "1.0.0",
            "O(N) where N is the number of keys that will be removed. When a key to remove holds a value other than a string, the individual complexity for this key is O(M) where M is the number of elements in the list, set, sorted set or hash. Removing a single key that holds a string value is O(1).")
        {
            Tips = ["request_policy:multi_shard", "response_policy:agg_sum"],
            Arguments = [Key("key", 0) with { Flags = Multiple }],
        },
        ["discard"] = new(
            "Discard all commands issued after MULTI",
            "2.0.0",
            "O(N), when N is the number of queued commands"),
        ["dump"] = new(
            "Return a serialized version of the value stored at the specified key.",
            "2.6.0",
            "O(1) to access the key and additional O(N*M) to serialize it, where N is the number of Redis objects composing the value and M their average size. For small string values the time complexity is thus O(1)+O(1*M) where M is small, so simply O(1).")
        {
            Tips = ["nondeterministic_output"],
            Arguments = [Key("key", 0)],
        },
        ["echo"] = new("Echo the given string", "1.0.0", "O(1)")
        {
            Arguments = [Str("message")],
        },
        ["exec"] = new(
            "Execute all commands issued after MULTI",
            "1.2.0",
            "Depends on commands in the transaction"),
        ["exists"] = new("Determine if a key exists", "1.0.0", "O(N) where N is the number of keys to check.")
        {
            History = [("3.0.3", "Accepts multiple `key` arguments.")],
            Tips = ["request_policy:multi_shard", "response_policy:agg_sum"],
            Arguments = [Key("key", 0) with { Flags = Multiple }],
        },
        ["expire"] = new("Set a key's time to live in seconds", "1.0.0", "O(1)")
        {
            History = [("7.0.0", "Added options: `NX`, `XX`, `GT` and `LT`.")],
            Arguments =
            [
                Key("key", 0),
                Int("seconds"),
                OneOf(
                    "condition",
                    Pure("nx", "NX"),
                    Pure("xx", "XX"),
                    Pure("gt", "GT"),
                    Pure("lt", "LT")) with { Since = "7.0.0", Flags = Optional },
            ],
        },
        ["expireat"] = new("Set the expiration for a key as a UNIX timestamp", "1.2.0", "O(1)")
        {
            History = [("7.0.0", "Added options: `NX`, `XX`, `GT` and `LT`.")],
            Arguments =
            [
                Key("key", 0),
                UnixTime("unix-time-seconds"),
                OneOf(
                    "condition",
                    Pure("nx", "NX"),
                    Pure("xx", "XX"),
                    Pure("gt", "GT"),
                    Pure("lt", "LT")) with { Since = "7.0.0", Flags = Optional },
            ],
        },
        ["expiretime"] = new("Get the expiration Unix timestamp for a key", "7.0.0", "O(1)")
        {
            Arguments = [Key("key", 0)],
        },
        ["flushall"] = new(
            "Remove all keys from all databases",
            "1.0.0",
            "O(N) where N is the total number of keys in all databases")
        {
            History =
            [
                ("4.0.0", "Added the `ASYNC` flushing mode modifier."),
                ("6.2.0", "Added the `SYNC` flushing mode modifier."),
            ],
            AclCategories = ["@keyspace", "@dangerous"],
            Tips = ["request_policy:all_shards", "response_policy:all_succeeded"],
            Arguments =
            [
                OneOf(
                    "async",
                    Pure("async", "ASYNC") with { Since = "4.0.0" },
                    Pure("sync", "SYNC") with { Since = "6.2.0" }) with { Flags = Optional },
            ],
        },
        ["flushdb"] = new(
            "Remove all keys from the current database",
            "1.0.0",
            "O(N) where N is the number of keys in the selected database")
        {
            History =
            [
                ("4.0.0", "Added the `ASYNC` flushing mode modifier."),
                ("6.2.0", "Added the `SYNC` flushing mode modifier."),
            ],
            AclCategories = ["@keyspace", "@dangerous"],
            Tips = ["request_policy:all_shards", "response_policy:all_succeeded"],
            Arguments =
            [
                OneOf(
                    "async",
                    Pure("async", "ASYNC") with { Since = "4.0.0" },
                    Pure("sync", "SYNC") with { Since = "6.2.0" }) with { Flags = Optional },
            ],
        },
        ["get"] = new("Get the value of a key", "1.0.0", "O(1)")
        {
            Arguments = [Key("key", 0)],
        },
        ["getbit"] = new("Returns the bit value at offset in the string value stored at key", "2.2.0", "O(1)")
        {
            Arguments = [Key("key", 0), Int("offset")],
        },
        ["getdel"] = new("Get the value of a key and delete the key", "6.2.0", "O(1)")
        {
            Arguments = [Key("key", 0)],
        },
        ["getex"] = new("Get the value of a key and optionally set its expiration", "6.2.0", "O(1)")
        {
            Arguments =
            [
                Key("key", 0),
                OneOf(
                    "expiration",
                    Int("seconds") with { Token = "EX" },
                    Int("milliseconds") with { Token = "PX" },
                    UnixTime("unix-time-seconds") with { Token = "EXAT" },
                    UnixTime("unix-time-milliseconds") with { Token = "PXAT" },
                    Pure("persist", "PERSIST")) with { Flags = Optional },
            ],
        },
        ["getrange"] = new(
            "Get a substring of the string stored at a key",
            "2.4.0",
            "O(N) where N is the length of the returned string. The complexity is ultimately determined by the returned length, but because creating a substring from an existing string is very cheap, it can be considered O(1) for small strings.")
        {
            Arguments = [Key("key", 0), Int("start"), Int("end")],
        },
        ["getset"] = new("Set the string value of a key and return its old value", "1.0.0", "O(1)")
        {
            DocFlags = ["deprecated"],
            DeprecatedSince = "6.2.0",
            ReplacedBy = "`SET` with the `!GET` argument",
            Arguments = [Key("key", 0), Str("value")],
        },
        ["hdel"] = new(
            "Delete one or more hash fields",
            "2.0.0",
            "O(N) where N is the number of fields to be removed.")
        {
            History = [("2.4.0", "Accepts multiple `field` arguments.")],
            Arguments = [Key("key", 0), Str("field") with { Flags = Multiple }],
        },
        ["hello"] = new("Handshake with Redis", "6.0.0", "O(1)")
        {
            History =
            [
                ("6.2.0", "`protover` made optional; when called without arguments the command reports the current connection's context."),
            ],
            Arguments =
            [
                Block(
                    "arguments",
                    Int("protover"),
                    Block(
                        "username_password",
                        Str("username"),
                        Str("password")) with { Token = "AUTH", Flags = Optional },
                    Str("clientname") with { Token = "SETNAME", Flags = Optional }) with { Flags = Optional },
            ],
        },
        ["hexists"] = new("Determine if a hash field exists", "2.0.0", "O(1)")
        {
            Arguments = [Key("key", 0), Str("field")],
        },
        ["hget"] = new("Get the value of a hash field", "2.0.0", "O(1)")
        {
            Arguments = [Key("key", 0), Str("field")],
        },
        ["hgetall"] = new(
            "Get all the fields and values in a hash",
            "2.0.0",
            "O(N) where N is the size of the hash.")
        {
            Tips = ["nondeterministic_output_order"],
            Arguments = [Key("key", 0)],
        },
        ["hincrby"] = new("Increment the integer value of a hash field by the given number", "2.0.0", "O(1)")
        {
            Arguments = [Key("key", 0), Str("field"), Int("increment")],
        },
        ["hincrbyfloat"] = new("Increment the float value of a hash field by the given amount", "2.6.0", "O(1)")
        {
            Arguments = [Key("key", 0), Str("field"), Dbl("increment")],
        },
        ["hkeys"] = new("Get all the fields in a hash", "2.0.0", "O(N) where N is the size of the hash.")
        {
            Tips = ["nondeterministic_output_order"],
            Arguments = [Key("key", 0)],
        },
        ["hlen"] = new("Get the number of fields in a hash", "2.0.0", "O(1)")
        {
            Arguments = [Key("key", 0)],
        },
        ["hmget"] = new(
            "Get the values of all the given hash fields",
            "2.0.0",
            "O(N) where N is the number of fields being requested.")
        {
            Arguments = [Key("key", 0), Str("field") with { Flags = Multiple }],
        },
        ["hmset"] = new(
            "Set multiple hash fields to multiple values",
            "2.0.0",
            "O(N) where N is the number of fields being set.")
        {
            DocFlags = ["deprecated"],
            DeprecatedSince = "4.0.0",
            ReplacedBy = "`HSET` with multiple field-value pairs",
            Arguments = [Key("key", 0), Block("field_value", Str("field"), Str("value")) with { Flags = Multiple }],
        },
        ["hrandfield"] = new(
            "Get one or multiple random fields from a hash",
            "6.2.0",
            "O(N) where N is the number of fields returned")
        {
            Tips = ["nondeterministic_output"],
            Arguments =
            [
                Key("key", 0),
                Block(
                    "options",
                    Int("count"),
                    Pure("withvalues", "WITHVALUES") with { Flags = Optional }) with { Flags = Optional },
            ],
        },
        ["hscan"] = new(
            "Incrementally iterate hash fields and associated values",
            "2.8.0",
            "O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..")
        {
            Tips = ["nondeterministic_output"],
            Arguments =
            [
                Key("key", 0),
                Int("cursor"),
                Pattern("pattern") with { Token = "MATCH", Flags = Optional },
                Int("count") with { Token = "COUNT", Flags = Optional },
            ],
        },
        ["hset"] = new(
            "Set the string value of a hash field",
            "2.0.0",
            "O(1) for each field/value pair added, so O(N) to add N field/value pairs when the command is called with multiple field/value pairs.")
        {
            History = [("4.0.0", "Accepts multiple `field` and `value` arguments.")],
            Arguments = [Key("key", 0), Block("field_value", Str("field"), Str("value")) with { Flags = Multiple }],
        },
        ["hsetnx"] = new("Set the value of a hash field, only if the field does not exist", "2.0.0", "O(1)")
        {
            Arguments = [Key("key", 0), Str("field"), Str("value")],
        },
        ["hstrlen"] = new("Get the length of the value of a hash field", "3.2.0", "O(1)")
        {
            Arguments = [Key("key", 0), Str("field")],
        },
        ["hvals"] = new("Get all the values in a hash", "2.0.0", "O(N) where N is the size of the hash.")
        {
            Tips = ["nondeterministic_output_order"],
            Arguments = [Key("key", 0)],
        },
        ["incr"] = new("Increment the integer value of a key by one", "1.0.0", "O(1)")
        {
            Arguments = [Key("key", 0)],
        },
        ["incrby"] = new("Increment the integer value of a key by the given amount", "1.0.0", "O(1)")
        {
            Arguments = [Key("key", 0), Int("increment")],
        },
        ["incrbyfloat"] = new("Increment the float value of a key by the given amount", "2.6.0", "O(1)")
        {
            Arguments = [Key("key", 0), Dbl("increment")],
        },
        ["info"] = new("Get information and statistics about the server", "1.0.0", "O(1)")
        {
            History = [("7.0.0", "Added support for taking multiple section arguments.")],
            AclCategories = ["@dangerous"],
            Tips = ["nondeterministic_output", "request_policy:all_shards", "response_policy:special"],
            Arguments = [Str("section") with { Flags = Optional | Multiple }],
        },
        ["keys"] = new(
            "Find all keys matching the given pattern",
            "1.0.0",
            "O(N) with N being the number of keys in the database, under the assumption that the key names in the database and the given pattern have limited length.")
        {
            AclCategories = ["@keyspace", "@dangerous"],
            Tips = ["request_policy:all_shards", "nondeterministic_output_order"],
            Arguments = [Pattern("pattern")],
        },
        ["lastsave"] = new("Get the UNIX time stamp of the last successful save to disk", "1.0.0", "O(1)")
        {
            AclCategories = ["@admin", "@dangerous"],
            Tips = ["nondeterministic_output"],
        },
        ["latency"] = new("A container for latency diagnostics commands", "2.8.13", "Depends on subcommand."),
        ["latency|doctor"] = new("Return a human readable latency analysis report.", "2.8.13", "O(1)")
        {
            Tips = ["nondeterministic_output", "request_policy:all_nodes", "response_policy:special"],
        },
        ["latency|graph"] = new("Return a latency graph for the event.", "2.8.13", "O(1)")
        {
            Tips = ["nondeterministic_output", "request_policy:all_nodes", "response_policy:special"],
            Arguments = [Str("event")],
        },
        ["latency|help"] = new("Show helpful text about the different subcommands.", "2.8.13", "O(1)"),
        ["latency|histogram"] = new("Return the cumulative distribution of latencies of a subset of commands or all.", "7.0.0",
            "O(N) where N is the number of commands with latency information being retrieved.")
        {
            Tips = ["nondeterministic_output", "request_policy:all_nodes", "response_policy:special"],
            Arguments = [Str("command") with { Flags = Optional | Multiple }],
        },
        ["latency|history"] = new("Return timestamp-latency samples for the event.", "2.8.13", "O(1)")
        {
            Tips = ["nondeterministic_output", "request_policy:all_nodes", "response_policy:special"],
            Arguments = [Str("event")],
        },
        ["latency|latest"] = new("Return the latest latency samples for all events.", "2.8.13", "O(1)")
        {
            Tips = ["nondeterministic_output", "request_policy:all_nodes", "response_policy:special"],
        },
        ["latency|reset"] = new("Reset latency data for one or more events.", "2.8.13", "O(1)")
        {
            Tips = ["request_policy:all_nodes", "response_policy:all_succeeded"],
            Arguments = [Str("event") with { Flags = Optional | Multiple }],
        },
        ["lcs"] = new(
            "Find longest common substring",
            "7.0.0",
            "O(N*M) where N and M are the lengths of s1 and s2, respectively")
        {
            Arguments =
            [
                Key("key1", 0),
                Key("key2", 0),
                Pure("len", "LEN") with { Flags = Optional },
                Pure("idx", "IDX") with { Flags = Optional },
                Int("len") with { Token = "MINMATCHLEN", Flags = Optional },
                Pure("withmatchlen", "WITHMATCHLEN") with { Flags = Optional },
            ],
        },
        ["lindex"] = new(
            "Get an element from a list by its index",
            "1.0.0",
            "O(N) where N is the number of elements to traverse to get to the element at index. This makes asking for the first or the last element of the list O(1).")
        {
            Arguments = [Key("key", 0), Int("index")],
        },
        ["linsert"] = new(
            "Insert an element before or after another element in a list",
            "2.2.0",
            "O(N) where N is the number of elements to traverse before seeing the value pivot. This means that inserting somewhere on the left end on the list (head) can be considered O(1) and inserting somewhere on the right end (tail) is O(N).")
        {
            Arguments =
            [
                Key("key", 0),
                OneOf("where", Pure("before", "BEFORE"), Pure("after", "AFTER")),
                Str("pivot"),
                Str("element"),
            ],
        },
        ["llen"] = new("Get the length of a list", "1.0.0", "O(1)")
        {
            Arguments = [Key("key", 0)],
        },
        ["lmove"] = new("Pop an element from a list, push it to another list and return it", "6.2.0", "O(1)")
        {
            Arguments =
            [
                Key("source", 0),
                Key("destination", 1),
                OneOf("wherefrom", Pure("left", "LEFT"), Pure("right", "RIGHT")),
                OneOf("whereto", Pure("left", "LEFT"), Pure("right", "RIGHT")),
            ],
        },
        ["lmpop"] = new(
            "Pop elements from a list",
            "7.0.0",
            "O(N+M) where N is the number of provided keys and M is the number of elements returned.")
        {
            Arguments =
            [
                Int("numkeys"),
                Key("key", 0) with { Flags = Multiple },
                OneOf("where", Pure("left", "LEFT"), Pure("right", "RIGHT")),
                Int("count") with { Token = "COUNT", Flags = Optional },
            ],
        },
        ["lpop"] = new(
            "Remove and get the first elements in a list",
            "1.0.0",
            "O(N) where N is the number of elements returned")
        {
            History = [("6.2.0", "Added the `count` argument.")],
            Arguments = [Key("key", 0), Int("count") with { Since = "6.2.0", Flags = Optional }],
        },
        ["lpos"] = new(
            "Return the index of matching elements on a list",
            "6.0.6",
            "O(N) where N is the number of elements in the list, for the average case. When searching for elements near the head or the tail of the list, or when the MAXLEN option is provided, the command may run in constant time.")
        {
            Arguments =
            [
                Key("key", 0),
                Str("element"),
                Int("rank") with { Token = "RANK", Flags = Optional },
                Int("num-matches") with { Token = "COUNT", Flags = Optional },
                Int("len") with { Token = "MAXLEN", Flags = Optional },
            ],
        },
        ["lpush"] = new(
            "Prepend one or multiple elements to a list",
            "1.0.0",
            "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.")
        {
            History = [("2.4.0", "Accepts multiple `element` arguments.")],
            Arguments = [Key("key", 0), Str("element") with { Flags = Multiple }],
        },
        ["lpushx"] = new(
            "Prepend an element to a list, only if the list exists",
            "2.2.0",
            "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.")
        {
            History = [("4.0.0", "Accepts multiple `element` arguments.")],
            Arguments = [Key("key", 0), Str("element") with { Flags = Multiple }],
        },
        ["lrange"] = new(
            "Get a range of elements from a list",
            "1.0.0",
            "O(S+N) where S is the distance of start offset from HEAD for small lists, from nearest end (HEAD or TAIL) for large lists; and N is the number of elements in the specified range.")
        {
            Arguments = [Key("key", 0), Int("start"), Int("stop")],
        },
        ["lrem"] = new(
            "Remove elements from a list",
            "1.0.0",
            "O(N+M) where N is the length of the list and M is the number of elements removed.")
        {
            Arguments = [Key("key", 0), Int("count"), Str("element")],
        },
        ["lset"] = new(
            "Set the value of an element in a list by its index",
            "1.0.0",
            "O(N) where N is the length of the list. Setting either the first or the last element of the list is O(1).")
        {
            Arguments = [Key("key", 0), Int("index"), Str("element")],
        },
        ["ltrim"] = new(
            "Trim a list to the specified range",
            "1.0.0",
            "O(N) where N is the number of elements to be removed by the operation.")
        {
            Arguments = [Key("key", 0), Int("start"), Int("stop")],
        },
        ["mget"] = new(
            "Get the values of all the given keys",
            "1.0.0",
            "O(N) where N is the number of keys to retrieve.")
        {
            Tips = ["request_policy:multi_shard"],
            Arguments = [Key("key", 0) with { Flags = Multiple }],
        },
        ["migrate"] = new(
            "Atomically transfer a key from a Redis instance to another one.",
            "2.6.0",
            "This command actually executes a DUMP+DEL in the source instance, and a RESTORE in the target instance. See the pages of these commands for time complexity. Also an O(N) data transfer between the two instances is performed.")
        {
            History =
            [
                ("3.0.0", "Added the `COPY` and `REPLACE` options."),
                ("3.0.6", "Added the `KEYS` option."),
                ("4.0.7", "Added the `AUTH` option."),
                ("6.0.0", "Added the `AUTH2` option."),
            ],
            AclCategories = ["@keyspace", "@dangerous"],
            Tips = ["nondeterministic_output"],
            Arguments =
            [
                Str("host"),
                Int("port"),
                OneOf("key_or_empty_string", Key("key", 0), Pure("empty_string", "")),
                Int("destination-db"),
                Int("timeout"),
                Pure("copy", "COPY") with { Since = "3.0.0", Flags = Optional },
                Pure("replace", "REPLACE") with { Since = "3.0.0", Flags = Optional },
                OneOf(
                    "authentication",
                    Str("password") with { Token = "AUTH", Since = "4.0.7", Flags = Optional },
                    Block(
                        "username_password",
                        Str("username"),
                        Str("password")) with { Token = "AUTH2", Since = "6.0.0", Flags = Optional }) with { Flags = Optional },
                Key("key", 1) with { Token = "KEYS", Since = "3.0.6", Flags = Optional | Multiple },
            ],
        },
        ["move"] = new("Move a key to another database", "1.0.0", "O(1)")
        {
            Arguments = [Key("key", 0), Int("db")],
        },
        ["mset"] = new(
            "Set multiple keys to multiple values",
            "1.0.1",
            "O(N) where N is the number of keys to set.")
        {
            Tips = ["request_policy:multi_shard", "response_policy:all_succeeded"],
            Arguments = [Block("key_value", Key("key", 0), Str("value")) with { Flags = Multiple }],
        },
        ["msetnx"] = new(
            "Set multiple keys to multiple values, only if none of the keys exist",
            "1.0.1",
            "O(N) where N is the number of keys to set.")
        {
            Tips = ["request_policy:multi_shard", "response_policy:agg_min"],
            Arguments = [Block("key_value", Key("key", 0), Str("value")) with { Flags = Multiple }],
        },
        ["multi"] = new("Mark the start of a transaction block", "1.2.0", "O(1)"),
        ["memory"] = new("A container for memory diagnostics commands", "4.0.0", "Depends on subcommand.")
        {
            AclCategories = [],
        },
        ["memory|doctor"] = new("Outputs memory problems report", "4.0.0", "O(1)")
        {
            AclCategories = [],
            Tips = ["nondeterministic_output", "request_policy:all_shards", "response_policy:special"],
        },
        ["memory|help"] = new("Show helpful text about the different subcommands", "4.0.0", "O(1)")
        {
            AclCategories = [],
        },
        ["memory|malloc-stats"] = new("Show allocator internal stats", "4.0.0", "Depends on how much memory is allocated, could be slow")
        {
            AclCategories = [],
            Tips = ["nondeterministic_output", "request_policy:all_shards", "response_policy:special"],
        },
        ["memory|purge"] = new("Ask the allocator to release memory", "4.0.0", "Depends on how much memory is allocated, could be slow")
        {
            AclCategories = [],
            Tips = ["request_policy:all_shards", "response_policy:all_succeeded"],
        },
        ["memory|stats"] = new("Show memory usage details", "4.0.0", "O(1)")
        {
            AclCategories = [],
            Tips = ["nondeterministic_output", "request_policy:all_shards", "response_policy:special"],
        },
        ["memory|usage"] = new("Estimate the memory usage of a key", "4.0.0", "O(N) where N is the number of samples.")
        {
            Arguments = [Key("key", 0), Int("count") with { Token = "SAMPLES", Flags = Optional }],
        },
        ["object"] = new("A container for object introspection commands", "2.2.3", "Depends on subcommand.")
        {
            AclCategories = [],
        },
        ["object|encoding"] = new("Inspect the internal encoding of a Redis object", "2.2.3", "O(1)")
        {
            Tips = ["nondeterministic_output"],
            Arguments = [Key("key", 0)],
        },
        ["object|freq"] = new("Get the logarithmic access frequency counter of a Redis object", "4.0.0", "O(1)")
        {
            Tips = ["nondeterministic_output"],
            Arguments = [Key("key", 0)],
        },
        ["object|help"] = new("Show helpful text about the different subcommands", "6.2.0", "O(1)"),
        ["object|idletime"] = new("Get the time since a Redis object was last accessed", "2.2.3", "O(1)")
        {
            Tips = ["nondeterministic_output"],
            Arguments = [Key("key", 0)],
        },
        ["object|refcount"] = new("Get the number of references to the value of the key", "2.2.3", "O(1)")
        {
            Tips = ["nondeterministic_output"],
            Arguments = [Key("key", 0)],
        },
        ["persist"] = new("Remove the expiration from a key", "2.2.0", "O(1)")
        {
            Arguments = [Key("key", 0)],
        },
        ["pexpire"] = new("Set a key's time to live in milliseconds", "2.6.0", "O(1)")
        {
            History = [("7.0.0", "Added options: `NX`, `XX`, `GT` and `LT`.")],
            Arguments =
            [
                Key("key", 0),
                Int("milliseconds"),
                OneOf(
                    "condition",
                    Pure("nx", "NX"),
                    Pure("xx", "XX"),
                    Pure("gt", "GT"),
                    Pure("lt", "LT")) with { Since = "7.0.0", Flags = Optional },
            ],
        },
        ["pexpireat"] = new(
            "Set the expiration for a key as a UNIX timestamp specified in milliseconds",
            "2.6.0",
            "O(1)")
        {
            History = [("7.0.0", "Added options: `NX`, `XX`, `GT` and `LT`.")],
            Arguments =
            [
                Key("key", 0),
                UnixTime("unix-time-milliseconds"),
                OneOf(
                    "condition",
                    Pure("nx", "NX"),
                    Pure("xx", "XX"),
                    Pure("gt", "GT"),
                    Pure("lt", "LT")) with { Since = "7.0.0", Flags = Optional },
            ],
        },
        ["pexpiretime"] = new("Get the expiration Unix timestamp for a key in milliseconds", "7.0.0", "O(1)")
        {
            Arguments = [Key("key", 0)],
        },
        ["pfadd"] = new(
            "Adds the specified elements to the specified HyperLogLog.",
            "2.8.9",
            "O(1) to add every element.")
        {
            Arguments = [Key("key", 0), Str("element") with { Flags = Optional | Multiple }],
        },
        ["pfcount"] = new(
            "Return the approximated cardinality of the set(s) observed by the HyperLogLog at key(s).",
            "2.8.9",
            "O(1) with a very small average constant time when called with a single key. O(N) with N being the number of keys, and much bigger constant times, when called with multiple keys.")
        {
            Arguments = [Key("key", 0) with { Flags = Multiple }],
        },
        ["pfdebug"] = new("Internal commands for debugging HyperLogLog values", "2.8.9", "N/A")
        {
            DocFlags = ["syscmd"],
            Arguments = [Str("subcommand"), Key("key", 0)],
        },
        ["pfmerge"] = new(
            "Merge N different HyperLogLogs into a single one.",
            "2.8.9",
            "O(N) to merge N HyperLogLogs, but with high constant times.")
        {
            Arguments = [Key("destkey", 0), Key("sourcekey", 1) with { Flags = Multiple }],
        },
        ["pfselftest"] = new("An internal command for testing HyperLogLog values", "2.8.9", "N/A")
        {
            DocFlags = ["syscmd"],
        },
        ["ping"] = new("Ping the server", "1.0.0", "O(1)")
        {
            Tips = ["request_policy:all_shards", "response_policy:all_succeeded"],
            Arguments = [Str("message") with { Flags = Optional }],
        },
        ["psetex"] = new("Set the value and expiration in milliseconds of a key", "2.6.0", "O(1)")
        {
            Arguments = [Key("key", 0), Int("milliseconds"), Str("value")],
        },
        ["psubscribe"] = new(
            "Listen for messages published to channels matching the given patterns",
            "2.0.0",
            "O(N) where N is the number of patterns the client is already subscribed to.")
        {
            AclCategories = [],
            Arguments = [Block("pattern", Pattern("pattern")) with { Flags = Multiple }],
        },
        ["pttl"] = new("Get the time to live for a key in milliseconds", "2.6.0", "O(1)")
        {
            History = [("2.8.0", "Added the -2 reply.")],
            Tips = ["nondeterministic_output"],
            Arguments = [Key("key", 0)],
        },
        ["publish"] = new(
            "Post a message to a channel",
            "2.0.0",
            "O(N+M) where N is the number of clients subscribed to the receiving channel and M is the total number of subscribed patterns (by any client).")
        {
            AclCategories = [],
            Arguments = [Str("channel"), Str("message")],
        },
        ["pubsub"] = new("A container for Pub/Sub commands", "2.8.0", "Depends on subcommand.")
        {
            AclCategories = [],
        },
        ["punsubscribe"] = new(
            "Stop listening for messages posted to channels matching the given patterns",
            "2.0.0",
            "O(N+M) where N is the number of patterns the client is already subscribed and M is the number of total patterns subscribed in the system (by any client).")
        {
            AclCategories = [],
            Arguments = [Pattern("pattern") with { Flags = Optional | Multiple }],
        },
        ["quit"] = new("Close the connection", "1.0.0", "O(1)"),
        ["randomkey"] = new("Return a random key from the keyspace", "1.0.0", "O(1)")
        {
            Tips = ["request_policy:all_shards", "nondeterministic_output"],
        },
        ["rename"] = new("Rename a key", "1.0.0", "O(1)")
        {
            Arguments = [Key("key", 0), Key("newkey", 1)],
        },
        ["renamenx"] = new("Rename a key, only if the new key does not exist", "1.0.0", "O(1)")
        {
            History =
            [
                ("3.2.0", "The command no longer returns an error when source and destination names are the same."),
            ],
            Arguments = [Key("key", 0), Key("newkey", 1)],
        },
        ["reset"] = new("Reset the connection", "6.2.0", "O(1)"),
        ["restore"] = new(
            "Create a key using the provided serialized value, previously obtained using DUMP.",
            "2.6.0",
            "O(1) to create the new key and additional O(N*M) to reconstruct the serialized value, where N is the number of Redis objects composing the value and M their average size. For small string values the time complexity is thus O(1)+O(1*M) where M is small, so simply O(1). However for sorted set values the complexity is O(N*M*log(N)) because inserting values into sorted sets is O(log(N)).")
        {
            History =
            [
                ("3.0.0", "Added the `REPLACE` modifier."),
                ("5.0.0", "Added the `ABSTTL` modifier."),
                ("5.0.0", "Added the `IDLETIME` and `FREQ` options."),
            ],
            AclCategories = ["@keyspace", "@dangerous"],
            Arguments =
            [
                Key("key", 0),
                Int("ttl"),
                Str("serialized-value"),
                Pure("replace", "REPLACE") with { Since = "3.0.0", Flags = Optional },
                Pure("absttl", "ABSTTL") with { Since = "5.0.0", Flags = Optional },
                Int("seconds") with { Token = "IDLETIME", Since = "5.0.0", Flags = Optional },
                Int("frequency") with { Token = "FREQ", Since = "5.0.0", Flags = Optional },
            ],
        },
        ["rpop"] = new(
            "Remove and get the last elements in a list",
            "1.0.0",
            "O(N) where N is the number of elements returned")
        {
            History = [("6.2.0", "Added the `count` argument.")],
            Arguments = [Key("key", 0), Int("count") with { Since = "6.2.0", Flags = Optional }],
        },
        ["rpoplpush"] = new(
            "Remove the last element in a list, prepend it to another list and return it",
            "1.2.0",
            "O(1)")
        {
            DocFlags = ["deprecated"],
            DeprecatedSince = "6.2.0",
            ReplacedBy = "`LMOVE` with the `RIGHT` and `LEFT` arguments",
            Arguments = [Key("source", 0), Key("destination", 1)],
        },
        ["rpush"] = new(
            "Append one or multiple elements to a list",
            "1.0.0",
            "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.")
        {
            History = [("2.4.0", "Accepts multiple `element` arguments.")],
            Arguments = [Key("key", 0), Str("element") with { Flags = Multiple }],
        },
        ["rpushx"] = new(
            "Append an element to a list, only if the list exists",
            "2.2.0",
            "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.")
        {
            History = [("4.0.0", "Accepts multiple `element` arguments.")],
            Arguments = [Key("key", 0), Str("element") with { Flags = Multiple }],
        },
        ["sadd"] = new(
            "Add one or more members to a set",
            "1.0.0",
            "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.")
        {
            History = [("2.4.0", "Accepts multiple `member` arguments.")],
            Arguments = [Key("key", 0), Str("member") with { Flags = Multiple }],
        },
        ["scan"] = new(
            "Incrementally iterate the keys space",
            "2.8.0",
            "O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection.")
        {
            History = [("6.0.0", "Added the `TYPE` subcommand.")],
            Tips = ["nondeterministic_output", "request_policy:special"],
            Arguments =
            [
                Int("cursor"),
                Pattern("pattern") with { Token = "MATCH", Flags = Optional },
                Int("count") with { Token = "COUNT", Flags = Optional },
                Str("type") with { Token = "TYPE", Since = "6.0.0", Flags = Optional },
            ],
        },
        ["scard"] = new("Get the number of members in a set", "1.0.0", "O(1)")
        {
            Arguments = [Key("key", 0)],
        },
        ["sdiff"] = new(
            "Subtract multiple sets",
            "1.0.0",
            "O(N) where N is the total number of elements in all given sets.")
        {
            Tips = ["nondeterministic_output_order"],
            Arguments = [Key("key", 0) with { Flags = Multiple }],
        },
        ["sdiffstore"] = new(
            "Subtract multiple sets and store the resulting set in a key",
            "1.0.0",
            "O(N) where N is the total number of elements in all given sets.")
        {
            Arguments = [Key("destination", 0), Key("key", 1) with { Flags = Multiple }],
        },
        ["select"] = new("Change the selected database for the current connection", "1.0.0", "O(1)")
        {
            Arguments = [Int("index")],
        },
        ["set"] = new("Set the string value of a key", "1.0.0", "O(1)")
        {
            History =
            [
                ("2.6.12", "Added the `EX`, `PX`, `NX` and `XX` options."),
                ("6.0.0", "Added the `KEEPTTL` option."),
                ("6.2.0", "Added the `GET`, `EXAT` and `PXAT` option."),
                ("7.0.0", "Allowed the `NX` and `GET` options to be used together."),
            ],
            Arguments =
            [
                Key("key", 0),
                Str("value"),
                OneOf("condition", Pure("nx", "NX"), Pure("xx", "XX")) with { Since = "2.6.12", Flags = Optional },
                Pure("get", "GET") with { Since = "6.2.0", Flags = Optional },
                OneOf(
                    "expiration",
                    Int("seconds") with { Token = "EX", Since = "2.6.12" },
                    Int("milliseconds") with { Token = "PX", Since = "2.6.12" },
                    UnixTime("unix-time-seconds") with { Token = "EXAT", Since = "6.2.0" },
                    UnixTime("unix-time-milliseconds") with { Token = "PXAT", Since = "6.2.0" },
                    Pure("keepttl", "KEEPTTL") with { Since = "6.0.0" }) with { Flags = Optional },
            ],
        },
        ["setbit"] = new("Sets or clears the bit at offset in the string value stored at key", "2.2.0", "O(1)")
        {
            Arguments = [Key("key", 0), Int("offset"), Int("value")],
        },
        ["setex"] = new("Set the value and expiration of a key", "2.0.0", "O(1)")
        {
            Arguments = [Key("key", 0), Int("seconds"), Str("value")],
        },
        ["setnx"] = new("Set the value of a key, only if the key does not exist", "1.0.0", "O(1)")
        {
            Arguments = [Key("key", 0), Str("value")],
        },
        ["setrange"] = new(
            "Overwrite part of a string at key starting at the specified offset",
            "2.2.0",
            "O(1), not counting the time taken to copy the new string in place. Usually, this string is very small so the amortized complexity is O(1). Otherwise, complexity is O(M) with M being the length of the value argument.")
        {
            Arguments = [Key("key", 0), Int("offset"), Str("value")],
        },
        ["shutdown"] = new(
            "Synchronously save the dataset to disk and then shut down the server",
            "1.0.0",
            "O(N) when saving, where N is the total number of keys in all databases when saving data, otherwise O(1)")
        {
            History = [("7.0.0", "Added the `NOW`, `FORCE` and `ABORT` modifiers.")],
            Arguments =
            [
                OneOf("nosave_save", Pure("nosave", "NOSAVE"), Pure("save", "SAVE")) with { Flags = Optional },
                Pure("now", "NOW") with { Since = "7.0.0", Flags = Optional },
                Pure("force", "FORCE") with { Since = "7.0.0", Flags = Optional },
                Pure("abort", "ABORT") with { Since = "7.0.0", Flags = Optional },
            ],
        },
        ["sinter"] = new(
            "Intersect multiple sets",
            "1.0.0",
            "O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.")
        {
            Tips = ["nondeterministic_output_order"],
            Arguments = [Key("key", 0) with { Flags = Multiple }],
        },
        ["sintercard"] = new(
            "Intersect multiple sets and return the cardinality of the result",
            "7.0.0",
            "O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.")
        {
            Arguments =
            [
                Int("numkeys"),
                Key("key", 0) with { Flags = Multiple },
                Int("limit") with { Token = "LIMIT", Flags = Optional },
            ],
        },
        ["sinterstore"] = new(
            "Intersect multiple sets and store the resulting set in a key",
            "1.0.0",
            "O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.")
        {
            Arguments = [Key("destination", 0), Key("key", 1) with { Flags = Multiple }],
        },
        ["sismember"] = new("Determine if a given value is a member of a set", "1.0.0", "O(1)")
        {
            Arguments = [Key("key", 0), Str("member")],
        },
        ["smembers"] = new("Get all the members in a set", "1.0.0", "O(N) where N is the set cardinality.")
        {
            Tips = ["nondeterministic_output_order"],
            Arguments = [Key("key", 0)],
        },
        ["smismember"] = new(
            "Returns the membership associated with the given elements for a set",
            "6.2.0",
            "O(N) where N is the number of elements being checked for membership")
        {
            Arguments = [Key("key", 0), Str("member") with { Flags = Multiple }],
        },
        ["smove"] = new("Move a member from one set to another", "1.0.0", "O(1)")
        {
            Arguments = [Key("source", 0), Key("destination", 1), Str("member")],
        },
        ["slowlog"] = new("A container for slow log commands", "2.2.12", "Depends on subcommand."),
        ["slowlog|get"] = new("Get the slow log's entries", "2.2.12", "O(N) where N is the number of entries returned")
        {
            Tips = ["request_policy:all_nodes", "nondeterministic_output"],
            History = [("4.0.0", "Added client IP address, port and name to the reply.")],
            Arguments = [Int("count") with { Flags = Optional }],
        },
        ["slowlog|help"] = new("Show helpful text about the different subcommands", "6.2.0", "O(1)"),
        ["slowlog|len"] = new("Get the slow log's length", "2.2.12", "O(1)")
        {
            Tips = ["request_policy:all_nodes", "response_policy:agg_sum", "nondeterministic_output"],
        },
        ["slowlog|reset"] = new("Clear all entries from the slow log", "2.2.12", "O(N) where N is the number of entries in the slowlog")
        {
            Tips = ["request_policy:all_nodes", "response_policy:all_succeeded"],
        },
        ["sort"] = new(
            "Sort the elements in a list, set or sorted set",
            "1.0.0",
            "O(N+M*log(M)) where N is the number of elements in the list or set to sort, and M the number of returned elements. When the elements are not sorted, complexity is O(N).")
        {
            AclCategories = ["@set", "@sortedset", "@list", "@dangerous"],
            Arguments =
            [
                Key("key", 0),
                Pattern("pattern") with { KeySpecIndex = 1, Token = "BY", Flags = Optional },
                Block("offset_count", Int("offset"), Int("count")) with { Token = "LIMIT", Flags = Optional },
                Pattern("pattern") with { KeySpecIndex = 1, Token = "GET", Flags = Optional | Multiple | MultipleToken },
                OneOf("order", Pure("asc", "ASC"), Pure("desc", "DESC")) with { Flags = Optional },
                Pure("sorting", "ALPHA") with { Flags = Optional },
                Key("destination", 2) with { Token = "STORE", Flags = Optional },
            ],
        },
        ["sort_ro"] = new(
            "Sort the elements in a list, set or sorted set. Read-only variant of SORT.",
            "7.0.0",
            "O(N+M*log(M)) where N is the number of elements in the list or set to sort, and M the number of returned elements. When the elements are not sorted, complexity is O(N).")
        {
            AclCategories = ["@set", "@sortedset", "@list", "@dangerous"],
            Arguments =
            [
                Key("key", 0),
                Pattern("pattern") with { KeySpecIndex = 1, Token = "BY", Flags = Optional },
                Block("offset_count", Int("offset"), Int("count")) with { Token = "LIMIT", Flags = Optional },
                Pattern("pattern") with { KeySpecIndex = 1, Token = "GET", Flags = Optional | Multiple | MultipleToken },
                OneOf("order", Pure("asc", "ASC"), Pure("desc", "DESC")) with { Flags = Optional },
                Pure("sorting", "ALPHA") with { Flags = Optional },
            ],
        },
        ["spop"] = new(
            "Remove and return one or multiple random members from a set",
            "1.0.0",
            "Without the count argument O(1), otherwise O(N) where N is the value of the passed count.")
        {
            History = [("3.2.0", "Added the `count` argument.")],
            Tips = ["nondeterministic_output"],
            Arguments = [Key("key", 0), Int("count") with { Since = "3.2.0", Flags = Optional }],
        },
        ["spublish"] = new(
            "Post a message to a shard channel",
            "7.0.0",
            "O(N) where N is the number of clients subscribed to the receiving shard channel.")
        {
            AclCategories = [],
            Arguments = [Str("shardchannel"), Str("message")],
        },
        ["srandmember"] = new(
            "Get one or multiple random members from a set",
            "1.0.0",
            "Without the count argument O(1), otherwise O(N) where N is the absolute value of the passed count.")
        {
            History = [("2.6.0", "Added the optional `count` argument.")],
            Tips = ["nondeterministic_output"],
            Arguments = [Key("key", 0), Int("count") with { Since = "2.6.0", Flags = Optional }],
        },
        ["srem"] = new(
            "Remove one or more members from a set",
            "1.0.0",
            "O(N) where N is the number of members to be removed.")
        {
            History = [("2.4.0", "Accepts multiple `member` arguments.")],
            Arguments = [Key("key", 0), Str("member") with { Flags = Multiple }],
        },
        ["sscan"] = new(
            "Incrementally iterate Set elements",
            "2.8.0",
            "O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..")
        {
            Tips = ["nondeterministic_output"],
            Arguments =
            [
                Key("key", 0),
                Int("cursor"),
                Pattern("pattern") with { Token = "MATCH", Flags = Optional },
                Int("count") with { Token = "COUNT", Flags = Optional },
            ],
        },
        ["ssubscribe"] = new(
            "Listen for messages published to the given shard channels",
            "7.0.0",
            "O(N) where N is the number of shard channels to subscribe to.")
        {
            AclCategories = [],
            Arguments = [Str("shardchannel") with { Flags = Multiple }],
        },
        ["strlen"] = new("Get the length of the value stored in a key", "2.2.0", "O(1)")
        {
            Arguments = [Key("key", 0)],
        },
        ["subscribe"] = new(
            "Listen for messages published to the given channels",
            "2.0.0",
            "O(N) where N is the number of channels to subscribe to.")
        {
            AclCategories = [],
            Arguments = [Str("channel") with { Flags = Multiple }],
        },
        ["substr"] = new(
            "Get a substring of the string stored at a key",
            "1.0.0",
            "O(N) where N is the length of the returned string. The complexity is ultimately determined by the returned length, but because creating a substring from an existing string is very cheap, it can be considered O(1) for small strings.")
        {
            DocFlags = ["deprecated"],
            DeprecatedSince = "2.0.0",
            ReplacedBy = "`GETRANGE`",
            Arguments = [Key("key", 0), Int("start"), Int("end")],
        },
        ["sunion"] = new(
            "Add multiple sets",
            "1.0.0",
            "O(N) where N is the total number of elements in all given sets.")
        {
            Tips = ["nondeterministic_output_order"],
            Arguments = [Key("key", 0) with { Flags = Multiple }],
        },
        ["sunionstore"] = new(
            "Add multiple sets and store the resulting set in a key",
            "1.0.0",
            "O(N) where N is the total number of elements in all given sets.")
        {
            Arguments = [Key("destination", 0), Key("key", 1) with { Flags = Multiple }],
        },
        ["sunsubscribe"] = new(
            "Stop listening for messages posted to the given shard channels",
            "7.0.0",
            "O(N) where N is the number of clients already subscribed to a shard channel.")
        {
            AclCategories = [],
            Arguments = [Str("shardchannel") with { Flags = Optional | Multiple }],
        },
        ["swapdb"] = new(
            "Swaps two Redis databases",
            "4.0.0",
            "O(N) where N is the count of clients watching or blocking on keys from both databases.")
        {
            AclCategories = ["@keyspace", "@dangerous"],
            Arguments = [Int("index1"), Int("index2")],
        },
        ["time"] = new("Return the current server time", "2.6.0", "O(1)")
        {
            Tips = ["nondeterministic_output"],
        },
        ["touch"] = new(
            "Alters the last access time of a key(s). Returns the number of existing keys specified.",
            "3.2.1",
            "O(N) where N is the number of keys that will be touched.")
        {
            Tips = ["request_policy:multi_shard", "response_policy:agg_sum"],
            Arguments = [Key("key", 0) with { Flags = Multiple }],
        },
        ["ttl"] = new("Get the time to live for a key in seconds", "1.0.0", "O(1)")
        {
            History = [("2.8.0", "Added the -2 reply.")],
            Tips = ["nondeterministic_output"],
            Arguments = [Key("key", 0)],
        },
        ["type"] = new("Determine the type stored at key", "1.0.0", "O(1)")
        {
            Arguments = [Key("key", 0)],
        },
        ["unlink"] = new(
            "Delete a key asynchronously in another thread. Otherwise it is just as DEL, but non blocking.",
            "4.0.0",
            "O(1) for each key removed regardless of its size. Then the command does O(N) work in a different thread in order to reclaim memory, where N is the number of allocations the deleted objects where composed of.")
        {
            Tips = ["request_policy:multi_shard", "response_policy:agg_sum"],
            Arguments = [Key("key", 0) with { Flags = Multiple }],
        },
        ["unsubscribe"] = new(
            "Stop listening for messages posted to the given channels",
            "2.0.0",
            "O(N) where N is the number of clients already subscribed to a channel.")
        {
            AclCategories = [],
            Arguments = [Str("channel") with { Flags = Optional | Multiple }],
        },
        ["unwatch"] = new("Forget about all watched keys", "2.2.0", "O(1)"),
        ["wait"] = new(
            "Wait for the synchronous replication of all the write commands sent in the context of the current connection",
            "3.0.0",
            "O(1)")
        {
            AclCategories = ["@connection"],
            Tips = ["request_policy:all_shards", "response_policy:agg_min"],
            Arguments = [Int("numreplicas"), Int("timeout")],
        },
        ["watch"] = new(
            "Watch the given keys to determine execution of the MULTI/EXEC block",
            "2.2.0",
            "O(1) for every key.")
        {
            Arguments = [Key("key", 0) with { Flags = Multiple }],
        },
        ["zadd"] = new(
            "Add one or more members to a sorted set, or update its score if it already exists",
            "1.2.0",
            "O(log(N)) for each item added, where N is the number of elements in the sorted set.")
        {
            History =
            [
                ("2.4.0", "Accepts multiple elements."),
                ("3.0.2", "Added the `XX`, `NX`, `CH` and `INCR` options."),
                ("6.2.0", "Added the `GT` and `LT` options."),
            ],
            Arguments =
            [
                Key("key", 0),
                OneOf("condition", Pure("nx", "NX"), Pure("xx", "XX")) with { Since = "3.0.2", Flags = Optional },
                OneOf("comparison", Pure("gt", "GT"), Pure("lt", "LT")) with { Since = "6.2.0", Flags = Optional },
                Pure("change", "CH") with { Since = "3.0.2", Flags = Optional },
                Pure("increment", "INCR") with { Since = "3.0.2", Flags = Optional },
                Block("score_member", Dbl("score"), Str("member")) with { Flags = Multiple },
            ],
        },
        ["zcard"] = new("Get the number of members in a sorted set", "1.2.0", "O(1)")
        {
            Arguments = [Key("key", 0)],
        },
        ["zcount"] = new(
            "Count the members in a sorted set with scores within the given values",
            "2.0.0",
            "O(log(N)) with N being the number of elements in the sorted set.")
        {
            Arguments = [Key("key", 0), Dbl("min"), Dbl("max")],
        },
        ["zdiff"] = new(
            "Subtract multiple sorted sets",
            "6.2.0",
            "O(L + (N-K)log(N)) worst case where L is the total number of elements in all the sets, N is the size of the first set, and K is the size of the result set.")
        {
            Arguments =
            [
                Int("numkeys"),
                Key("key", 0) with { Flags = Multiple },
                Pure("withscores", "WITHSCORES") with { Flags = Optional },
            ],
        },
        ["zdiffstore"] = new(
            "Subtract multiple sorted sets and store the resulting sorted set in a new key",
            "6.2.0",
            "O(L + (N-K)log(N)) worst case where L is the total number of elements in all the sets, N is the size of the first set, and K is the size of the result set.")
        {
            Arguments = [Key("destination", 0), Int("numkeys"), Key("key", 1) with { Flags = Multiple }],
        },
        ["zincrby"] = new(
            "Increment the score of a member in a sorted set",
            "1.2.0",
            "O(log(N)) where N is the number of elements in the sorted set.")
        {
            Arguments = [Key("key", 0), Int("increment"), Str("member")],
        },
        ["zinter"] = new(
            "Intersect multiple sorted sets",
            "6.2.0",
            "O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being the number of input sorted sets and M being the number of elements in the resulting sorted set.")
        {
            Arguments =
            [
                Int("numkeys"),
                Key("key", 0) with { Flags = Multiple },
                Int("weight") with { Token = "WEIGHTS", Flags = Optional | Multiple },
                OneOf(
                    "aggregate",
                    Pure("sum", "SUM"),
                    Pure("min", "MIN"),
                    Pure("max", "MAX")) with { Token = "AGGREGATE", Flags = Optional },
                Pure("withscores", "WITHSCORES") with { Flags = Optional },
            ],
        },
        ["zintercard"] = new(
            "Intersect multiple sorted sets and return the cardinality of the result",
            "7.0.0",
            "O(N*K) worst case with N being the smallest input sorted set, K being the number of input sorted sets.")
        {
            Arguments =
            [
                Int("numkeys"),
                Key("key", 0) with { Flags = Multiple },
                Int("limit") with { Token = "LIMIT", Flags = Optional },
            ],
        },
        ["zinterstore"] = new(
            "Intersect multiple sorted sets and store the resulting sorted set in a new key",
            "2.0.0",
            "O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being the number of input sorted sets and M being the number of elements in the resulting sorted set.")
        {
            Arguments =
            [
                Key("destination", 0),
                Int("numkeys"),
                Key("key", 1) with { Flags = Multiple },
                Int("weight") with { Token = "WEIGHTS", Flags = Optional | Multiple },
                OneOf(
                    "aggregate",
                    Pure("sum", "SUM"),
                    Pure("min", "MIN"),
                    Pure("max", "MAX")) with { Token = "AGGREGATE", Flags = Optional },
            ],
        },
        ["zlexcount"] = new(
            "Count the number of members in a sorted set between a given lexicographical range",
            "2.8.9",
            "O(log(N)) with N being the number of elements in the sorted set.")
        {
            Arguments = [Key("key", 0), Str("min"), Str("max")],
        },
        ["zmpop"] = new(
            "Remove and return members with scores in a sorted set",
            "7.0.0",
            "O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of elements in the sorted set, and M being the number of elements popped.")
        {
            Arguments =
            [
                Int("numkeys"),
                Key("key", 0) with { Flags = Multiple },
                OneOf("where", Pure("min", "MIN"), Pure("max", "MAX")),
                Int("count") with { Token = "COUNT", Flags = Optional },
            ],
        },
        ["zmscore"] = new(
            "Get the score associated with the given members in a sorted set",
            "6.2.0",
            "O(N) where N is the number of members being requested.")
        {
            Arguments = [Key("key", 0), Str("member") with { Flags = Multiple }],
        },
        ["zpopmax"] = new(
            "Remove and return members with the highest scores in a sorted set",
            "5.0.0",
            "O(log(N)*M) with N being the number of elements in the sorted set, and M being the number of elements popped.")
        {
            Arguments = [Key("key", 0), Int("count") with { Flags = Optional }],
        },
        ["zpopmin"] = new(
            "Remove and return members with the lowest scores in a sorted set",
            "5.0.0",
            "O(log(N)*M) with N being the number of elements in the sorted set, and M being the number of elements popped.")
        {
            Arguments = [Key("key", 0), Int("count") with { Flags = Optional }],
        },
        ["zrandmember"] = new(
            "Get one or multiple random elements from a sorted set",
            "6.2.0",
            "O(N) where N is the number of elements returned")
        {
            Tips = ["nondeterministic_output"],
            Arguments =
            [
                Key("key", 0),
                Block(
                    "options",
                    Int("count"),
                    Pure("withscores", "WITHSCORES") with { Flags = Optional }) with { Flags = Optional },
            ],
        },
        ["zrange"] = new(
            "Return a range of members in a sorted set",
            "1.2.0",
            "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements returned.")
        {
            History = [("6.2.0", "Added the `REV`, `BYSCORE`, `BYLEX` and `LIMIT` options.")],
            Arguments =
            [
                Key("key", 0),
                Str("start"),
                Str("stop"),
                OneOf(
                    "sortby",
                    Pure("byscore", "BYSCORE"),
                    Pure("bylex", "BYLEX")) with { Since = "6.2.0", Flags = Optional },
                Pure("rev", "REV") with { Since = "6.2.0", Flags = Optional },
                Block(
                    "offset_count",
                    Int("offset"),
                    Int("count")) with { Token = "LIMIT", Since = "6.2.0", Flags = Optional },
                Pure("withscores", "WITHSCORES") with { Flags = Optional },
            ],
        },
        ["zrangebylex"] = new(
            "Return a range of members in a sorted set, by lexicographical range",
            "2.8.9",
            "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).")
        {
            DocFlags = ["deprecated"],
            DeprecatedSince = "6.2.0",
            ReplacedBy = "`ZRANGE` with the `BYLEX` argument",
            Arguments =
            [
                Key("key", 0),
                Str("min"),
                Str("max"),
                Block("offset_count", Int("offset"), Int("count")) with { Token = "LIMIT", Flags = Optional },
            ],
        },
        ["zrangebyscore"] = new(
            "Return a range of members in a sorted set, by score",
            "1.0.5",
            "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).")
        {
            DocFlags = ["deprecated"],
            DeprecatedSince = "6.2.0",
            ReplacedBy = "`ZRANGE` with the `BYSCORE` argument",
            History = [("2.0.0", "Added the `WITHSCORES` modifier.")],
            Arguments =
            [
                Key("key", 0),
                Dbl("min"),
                Dbl("max"),
                Pure("withscores", "WITHSCORES") with { Since = "2.0.0", Flags = Optional },
                Block("offset_count", Int("offset"), Int("count")) with { Token = "LIMIT", Flags = Optional },
            ],
        },
        ["zrangestore"] = new(
            "Store a range of members from sorted set into another key",
            "6.2.0",
            "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements stored into the destination key.")
        {
            Arguments =
            [
                Key("dst", 0),
                Key("src", 1),
                Str("min"),
                Str("max"),
                OneOf("sortby", Pure("byscore", "BYSCORE"), Pure("bylex", "BYLEX")) with { Flags = Optional },
                Pure("rev", "REV") with { Flags = Optional },
                Block("offset_count", Int("offset"), Int("count")) with { Token = "LIMIT", Flags = Optional },
            ],
        },
        ["zrank"] = new("Determine the index of a member in a sorted set", "2.0.0", "O(log(N))")
        {
            Arguments = [Key("key", 0), Str("member")],
        },
        ["zrem"] = new(
            "Remove one or more members from a sorted set",
            "1.2.0",
            "O(M*log(N)) with N being the number of elements in the sorted set and M the number of elements to be removed.")
        {
            History = [("2.4.0", "Accepts multiple elements.")],
            Arguments = [Key("key", 0), Str("member") with { Flags = Multiple }],
        },
        ["zremrangebylex"] = new(
            "Remove all members in a sorted set between the given lexicographical range",
            "2.8.9",
            "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation.")
        {
            Arguments = [Key("key", 0), Str("min"), Str("max")],
        },
        ["zremrangebyrank"] = new(
            "Remove all members in a sorted set within the given indexes",
            "2.0.0",
            "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation.")
        {
            Arguments = [Key("key", 0), Int("start"), Int("stop")],
        },
        ["zremrangebyscore"] = new(
            "Remove all members in a sorted set within the given scores",
            "1.2.0",
            "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation.")
        {
            Arguments = [Key("key", 0), Dbl("min"), Dbl("max")],
        },
        ["zrevrange"] = new(
            "Return a range of members in a sorted set, by index, with scores ordered from high to low",
            "1.2.0",
            "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements returned.")
        {
            DocFlags = ["deprecated"],
            DeprecatedSince = "6.2.0",
            ReplacedBy = "`ZRANGE` with the `REV` argument",
            Arguments =
            [
                Key("key", 0),
                Int("start"),
                Int("stop"),
                Pure("withscores", "WITHSCORES") with { Flags = Optional },
            ],
        },
        ["zrevrangebylex"] = new(
            "Return a range of members in a sorted set, by lexicographical range, ordered from higher to lower strings.",
            "2.8.9",
            "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).")
        {
            DocFlags = ["deprecated"],
            DeprecatedSince = "6.2.0",
            ReplacedBy = "`ZRANGE` with the `REV` and `BYLEX` arguments",
            Arguments =
            [
                Key("key", 0),
                Str("max"),
                Str("min"),
                Block("offset_count", Int("offset"), Int("count")) with { Token = "LIMIT", Flags = Optional },
            ],
        },
        ["zrevrangebyscore"] = new(
            "Return a range of members in a sorted set, by score, with scores ordered from high to low",
            "2.2.0",
            "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).")
        {
            DocFlags = ["deprecated"],
            DeprecatedSince = "6.2.0",
            ReplacedBy = "`ZRANGE` with the `REV` and `BYSCORE` arguments",
            History = [("2.1.6", "`min` and `max` can be exclusive.")],
            Arguments =
            [
                Key("key", 0),
                Dbl("max"),
                Dbl("min"),
                Pure("withscores", "WITHSCORES") with { Flags = Optional },
                Block("offset_count", Int("offset"), Int("count")) with { Token = "LIMIT", Flags = Optional },
            ],
        },
        ["zrevrank"] = new(
            "Determine the index of a member in a sorted set, with scores ordered from high to low",
            "2.0.0",
            "O(log(N))")
        {
            Arguments = [Key("key", 0), Str("member")],
        },
        ["zscan"] = new(
            "Incrementally iterate sorted sets elements and associated scores",
            "2.8.0",
            "O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..")
        {
            Tips = ["nondeterministic_output"],
            Arguments =
            [
                Key("key", 0),
                Int("cursor"),
                Pattern("pattern") with { Token = "MATCH", Flags = Optional },
                Int("count") with { Token = "COUNT", Flags = Optional },
            ],
        },
        ["zscore"] = new("Get the score associated with the given member in a sorted set", "1.2.0", "O(1)")
        {
            Arguments = [Key("key", 0), Str("member")],
        },
        ["zunion"] = new(
            "Add multiple sorted sets",
            "6.2.0",
            "O(N)+O(M*log(M)) with N being the sum of the sizes of the input sorted sets, and M being the number of elements in the resulting sorted set.")
        {
            Arguments =
            [
                Int("numkeys"),
                Key("key", 0) with { Flags = Multiple },
                Int("weight") with { Token = "WEIGHTS", Flags = Optional | Multiple },
                OneOf(
                    "aggregate",
                    Pure("sum", "SUM"),
                    Pure("min", "MIN"),
                    Pure("max", "MAX")) with { Token = "AGGREGATE", Flags = Optional },
                Pure("withscores", "WITHSCORES") with { Flags = Optional },
            ],
        },
        ["zunionstore"] = new(
            "Add multiple sorted sets and store the resulting sorted set in a new key",
            "2.0.0",
            "O(N)+O(M log(M)) with N being the sum of the sizes of the input sorted sets, and M being the number of elements in the resulting sorted set.")
        {
            Arguments =
            [
                Key("destination", 0),
                Int("numkeys"),
                Key("key", 1) with { Flags = Multiple },
                Int("weight") with { Token = "WEIGHTS", Flags = Optional | Multiple },
                OneOf(
                    "aggregate",
                    Pure("sum", "SUM"),
                    Pure("min", "MIN"),
                    Pure("max", "MAX")) with { Token = "AGGREGATE", Flags = Optional },
            ],
        },

        // ---- pubsub, monitor ----
        ["pubsub|channels"] = new(
            "List active channels",
            "2.8.0",
            "O(N) where N is the number of active channels, and assuming constant time pattern matching (relatively short channels and patterns)")
        {
            AclCategories = [],
            Arguments = [Pattern("pattern") with { Flags = Optional }],
        },
        ["pubsub|numpat"] = new("Get the count of unique patterns pattern subscriptions", "2.8.0", "O(1)")
        {
            AclCategories = [],
        },
        ["pubsub|numsub"] = new(
            "Get the count of subscribers for channels",
            "2.8.0",
            "O(N) for the NUMSUB subcommand, where N is the number of requested channels")
        {
            AclCategories = [],
            Arguments = [Str("channel") with { Flags = Optional | Multiple }],
        },
        ["pubsub|shardchannels"] = new(
            "List active shard channels",
            "7.0.0",
            "O(N) where N is the number of active shard channels, and assuming constant time pattern matching (relatively short shard channels).")
        {
            AclCategories = [],
            Arguments = [Pattern("pattern") with { Flags = Optional }],
        },
        ["pubsub|shardnumsub"] = new(
            "Get the count of subscribers for shard channels",
            "7.0.0",
            "O(N) for the SHARDNUMSUB subcommand, where N is the number of requested shard channels")
        {
            AclCategories = [],
            Arguments = [Str("shardchannel") with { Flags = Optional | Multiple }],
        },
        ["pubsub|help"] = new("Show helpful text about the different subcommands", "6.2.0", "O(1)")
        {
            AclCategories = [],
        },
        ["monitor"] = new("Listen for all requests received by the server in real time", "1.0.0", ""),

        // ---- cluster connection commands ----
        ["readonly"] = new("Enables read queries for a connection to a cluster replica node", "3.0.0", "O(1)")
        {
            AclCategories = ["@connection"],
        },
        ["readwrite"] = new("Disables read queries for a connection to a cluster replica node", "3.0.0", "O(1)")
        {
            AclCategories = ["@connection"],
        },
        ["asking"] = new("Sent by cluster clients after an -ASK redirect", "3.0.0", "O(1)")
        {
            AclCategories = ["@connection"],
        },

        // ---- persistence: SAVE, BGSAVE ----
        ["save"] = new("Synchronously save the dataset to disk", "1.0.0", "O(N) where N is the total number of keys in all databases"),
        ["bgrewriteaof"] = new("Asynchronously rewrite the append-only file", "1.0.0", "O(1)"),
        ["bgsave"] = new("Asynchronously save the dataset to disk", "1.0.0", "O(1)")
        {
            History = [("3.2.2", "Added the `SCHEDULE` option.")],
            Arguments = [Pure("schedule", "SCHEDULE") with { Since = "3.2.2", Flags = Optional }],
        },
    };
}
