using System.Text;
using Reactor.MiniRedis.Protocol;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Engine.Commands;

/// <summary>
/// COMMAND and its subcommands (commandCommand and friends in redis/redis src/server.c): the command table as
/// clients see it. Everything is derived from <see cref="CommandTable"/> and <see cref="CommandDocs"/>, so a new
/// row shows up here with no further work. Not a hot path: replies are built with plain allocations.
/// </summary>
public static class CommandCommands
{
    private static readonly string[] s_help =
    [
        "(no subcommand)",
        "    Return details about all Redis commands.",
        "COUNT",
        "    Return the total number of commands in this Redis server.",
        "LIST",
        "    Return a list of all commands in this Redis server.",
        "INFO [<command-name> ...]",
        "    Return details about multiple Redis commands.",
        "    If no command names are given, documentation details for all",
        "    commands are returned.",
        "DOCS [<command-name> ...]",
        "    Return documentation details about multiple Redis commands.",
        "    If no command names are given, documentation details for all",
        "    commands are returned.",
        "GETKEYS <full-command>",
        "    Return the keys from a full Redis command.",
        "GETKEYSANDFLAGS <full-command>",
        "    Return the keys and the access flags from a full Redis command.",
    ];

    // The command flags COMMAND reports, in addReplyFlagsForCommand's order (may_replicate and sentinel are hidden).
    private static readonly (CommandFlags Flag, string Name)[] s_flagNames =
    [
        (CommandFlags.Write, "write"), (CommandFlags.ReadOnly, "readonly"), (CommandFlags.DenyOom, "denyoom"),
        (CommandFlags.Admin, "admin"), (CommandFlags.PubSub, "pubsub"), (CommandFlags.NoScript, "noscript"),
        (CommandFlags.Blocking, "blocking"), (CommandFlags.Loading, "loading"), (CommandFlags.Stale, "stale"),
        (CommandFlags.SkipMonitor, "skip_monitor"), (CommandFlags.SkipSlowlog, "skip_slowlog"), (CommandFlags.Fast, "fast"),
        (CommandFlags.NoAuth, "no_auth"), (CommandFlags.NoMandatoryKeys, "no_mandatory_keys"),
        (CommandFlags.NoAsyncLoading, "no_async_loading"), (CommandFlags.NoMulti, "no_multi"),
        (CommandFlags.MovableKeys, "movablekeys"), (CommandFlags.AllowBusy, "allow_busy"),
    ];

    private static readonly (KeyFlags Flag, string Name)[] s_keyFlagNames =
    [
        (KeyFlags.RO, "RO"), (KeyFlags.RW, "RW"), (KeyFlags.OW, "OW"), (KeyFlags.RM, "RM"), (KeyFlags.Access, "access"),
        (KeyFlags.Update, "update"), (KeyFlags.Insert, "insert"), (KeyFlags.Delete, "delete"), (KeyFlags.NotKey, "not_key"),
        (KeyFlags.Incomplete, "incomplete"), (KeyFlags.VariableFlags, "variable_flags"),
    ];

    /// <summary>COMMAND: the COMMAND INFO entry of every command.</summary>
    public static void Command(CommandContext ctx)
    {
        ctx.Reply.WriteArrayHeader(CommandTable.All.Length);
        foreach (CommandSpec command in CommandTable.All)
        {
            WriteInfo(ctx.Reply, command);
        }
    }

    /// <summary>COMMAND COUNT: the number of top-level commands.</summary>
    public static void Count(CommandContext ctx) => ctx.Reply.WriteInteger(CommandTable.All.Length);

    /// <summary>COMMAND INFO [command-name [command-name ...]]: nil for an unknown name; every command without names.</summary>
    public static void Info(CommandContext ctx)
    {
        if (ctx.ArgCount == 2)
        {
            Command(ctx);
            return;
        }
        ctx.Reply.WriteArrayHeader(ctx.ArgCount - 2);
        for (int i = 2; i < ctx.ArgCount; i++)
        {
            if (FindByFullName(ctx.Arg(i)) is { } command)
            {
                WriteInfo(ctx.Reply, command);
            }
            else
            {
                ctx.Reply.WriteNullBulk();
            }
        }
    }

    /// <summary>
    /// COMMAND DOCS [command-name [command-name ...]]: a map (a flat array in RESP2) from name to documentation;
    /// unknown names are left out; every command without names.
    /// </summary>
    public static void Docs(CommandContext ctx)
    {
        var commands = new List<CommandSpec>();
        if (ctx.ArgCount == 2)
        {
            commands.AddRange(CommandTable.All);
        }
        for (int i = 2; i < ctx.ArgCount; i++)
        {
            if (FindByFullName(ctx.Arg(i)) is { } command)
            {
                commands.Add(command);
            }
        }
        ctx.Reply.WriteMapHeader(commands.Count);
        foreach (CommandSpec command in commands)
        {
            WriteBulk(ctx.Reply, command.Name);
            WriteDocs(ctx.Reply, command);
        }
    }

    /// <summary>COMMAND LIST [FILTERBY MODULE module-name | ACLCAT category | PATTERN pattern]: every command and subcommand name.</summary>
    public static void List(CommandContext ctx)
    {
        Func<CommandSpec, bool> include = _ => true;
        for (int i = 2; i < ctx.ArgCount; i += 3)
        {
            if (!ctx.ArgIs(i, "filterby"u8) || ctx.ArgCount - 1 - i != 2)
            {
                ctx.SyntaxError();
                return;
            }
            byte[] value = ctx.ArgBytes(i + 2);
            if (ctx.ArgIs(i + 1, "module"u8))
            {
                include = _ => false; // no modules
            }
            else if (ctx.ArgIs(i + 1, "aclcat"u8))
            {
                string category = "@" + Encoding.Latin1.GetString(value);
                include = c => AclCategories(c).Contains(category, StringComparer.OrdinalIgnoreCase);
            }
            else if (ctx.ArgIs(i + 1, "pattern"u8))
            {
                include = c => GlobMatcher.IsMatch(value, Encoding.ASCII.GetBytes(c.Name), ignoreCase: true);
            }
            else
            {
                ctx.SyntaxError();
                return;
            }
        }
        var names = new List<string>();
        foreach (CommandSpec c in CommandTable.Flattened)
        {
            if (include(c))
            {
                names.Add(c.Name);
            }
        }
        ctx.Reply.WriteArrayHeader(names.Count);
        foreach (string name in names)
        {
            WriteBulk(ctx.Reply, name);
        }
    }

    /// <summary>COMMAND GETKEYS command [arg [arg ...]]</summary>
    public static void GetKeys(CommandContext ctx) => GetKeysGeneric(ctx, withFlags: false);

    /// <summary>COMMAND GETKEYSANDFLAGS command [arg [arg ...]]</summary>
    public static void GetKeysAndFlags(CommandContext ctx) => GetKeysGeneric(ctx, withFlags: true);

    /// <summary>COMMAND HELP</summary>
    public static void Help(CommandContext ctx) => HelpReply.Write(ctx, s_help);

    /// <summary>The ACL categories COMMAND INFO reports, as <c>@name</c> in bit order (addReplyCommandCategories).</summary>
    internal static List<string> AclCategories(CommandSpec command) => Security.AclCategories.Describe(command.Categories);

    /// <summary>The group name COMMAND DOCS reports (COMMAND_GROUP_* names in redis/redis src/server.c).</summary>
    internal static string GroupName(CommandGroup group) => group switch
    {
        CommandGroup.Generic => "generic",
        CommandGroup.String => "string",
        CommandGroup.List => "list",
        CommandGroup.Set => "set",
        CommandGroup.SortedSet => "sorted-set",
        CommandGroup.Hash => "hash",
        CommandGroup.PubSub => "pubsub",
        CommandGroup.Transactions => "transactions",
        CommandGroup.Connection => "connection",
        CommandGroup.Server => "server",
        CommandGroup.Scripting => "scripting",
        CommandGroup.HyperLogLog => "hyperloglog",
        CommandGroup.Cluster => "cluster",
        CommandGroup.Geo => "geo",
        CommandGroup.Stream => "stream",
        CommandGroup.Bitmap => "bitmap",
        _ => throw new ArgumentOutOfRangeException(nameof(group)),
    };

    /// <summary>
    /// lookupCommandBySds: a command by full name in any case, <c>get</c> or <c>config|get</c>; null when unknown.
    /// </summary>
    internal static CommandSpec? FindByFullName(ReadOnlySpan<byte> fullName)
    {
        int bar = fullName.IndexOf((byte)'|');
        if (bar < 0)
        {
            return FindTopLevel(fullName);
        }
        return FindTopLevel(fullName[..bar])?.FindSubcommand(fullName[(bar + 1)..]);
    }

    // Lookup through the table rather than the server's index, so the COMMAND replies and lookups agree.
    private static CommandSpec? FindTopLevel(ReadOnlySpan<byte> name)
    {
        foreach (CommandSpec command in CommandTable.All)
        {
            if (Ascii.EqualsIgnoreCase(name, command.Name))
            {
                return command;
            }
        }
        return null;
    }

    /// <summary>
    /// getKeysSubcommandImpl: finds the command named by argument 2 (and its subcommand), checks its arity
    /// against the arguments that follow, and replies with the keys <see cref="CommandKeys.Find"/> finds (with
    /// their key-spec flags for GETKEYSANDFLAGS); no keys is an error unless the keys are optional.
    /// </summary>
    private static void GetKeysGeneric(CommandContext ctx, bool withFlags)
    {
        int argc = ctx.ArgCount - 2;
        CommandSpec? command = FindTopLevel(ctx.Arg(2));
        if (command is { IsContainer: true } && argc >= 2)
        {
            command = command.FindSubcommand(ctx.Arg(3));
        }
        if (command is null)
        {
            ctx.Error(ErrorText.InvalidCommandSpecified);
            return;
        }
        if (!CommandKeys.HasKeys(command))
        {
            ctx.Error(ErrorText.CommandHasNoKeys);
            return;
        }
        if (!command.AcceptsArgumentCount(argc))
        {
            ctx.Error(ErrorText.InvalidGetKeysArgumentCount);
            return;
        }
        var argv = new byte[argc][];
        for (int i = 0; i < argc; i++)
        {
            argv[i] = ctx.ArgBytes(i + 2);
        }
        List<(int Position, KeyFlags Flags)> keys = CommandKeys.Find(command, argv);
        if (keys.Count == 0 && (command.Flags & CommandFlags.NoMandatoryKeys) == 0)
        {
            ctx.Error(ErrorText.InvalidGetKeysArguments);
            return;
        }
        ctx.Reply.WriteArrayHeader(keys.Count);
        foreach ((int position, KeyFlags flags) in keys)
        {
            if (withFlags)
            {
                ctx.Reply.WriteArrayHeader(2);
                ctx.Reply.WriteBulk(argv[position]);
                WriteStatusSet(ctx.Reply, KeyFlagNames(flags));
            }
            else
            {
                ctx.Reply.WriteBulk(argv[position]);
            }
        }
    }

    /// <summary>
    /// addReplyCommandInfo: name, arity, flags, first key, last key, step, ACL categories, tips, key specs and
    /// the subcommands' entries.
    /// </summary>
    private static void WriteInfo(ReplyWriter reply, CommandSpec command)
    {
        reply.WriteArrayHeader(10);
        WriteBulk(reply, command.Name);
        reply.WriteInteger(command.Arity);
        WriteStatusSet(reply, s_flagNames.Where(f => (command.Flags & f.Flag) != 0).Select(f => f.Name).ToList());
        reply.WriteInteger(command.FirstKey);
        reply.WriteInteger(command.LastKey);
        reply.WriteInteger(command.Step);
        WriteStatusSet(reply, AclCategories(command));
        WriteBulkSet(reply, CommandDocs.Find(command.Name)?.Tips ?? []);
        WriteKeySpecs(reply, command);
        CommandSpec[] subcommands = command.Subcommands ?? [];
        // addReplyCommandSubCommands: an empty set without subcommands, an array of their entries otherwise.
        if (subcommands.Length == 0)
        {
            reply.WriteSetHeader(0);
        }
        else
        {
            reply.WriteArrayHeader(subcommands.Length);
        }
        foreach (CommandSpec subcommand in subcommands)
        {
            WriteInfo(reply, subcommand);
        }
    }

    /// <summary>
    /// addReplyCommandKeySpecs: each key spec as a map of its notes (when it has some), flags, begin_search
    /// (index, keyword or unknown) and find_keys (range, keynum or unknown), each with its type and spec.
    /// </summary>
    private static void WriteKeySpecs(ReplyWriter reply, CommandSpec command)
    {
        reply.WriteSetHeader(command.KeySpecs.Length);
        foreach (KeySpec spec in command.KeySpecs)
        {
            reply.WriteMapHeader(spec.Notes is null ? 3 : 4);
            WriteOptionalPair(reply, "notes", spec.Notes);
            WriteBulk(reply, "flags");
            WriteStatusSet(reply, KeyFlagNames(spec.Flags));
            WriteBulk(reply, "begin_search");
            reply.WriteMapHeader(2);
            WriteBulk(reply, "type");
            switch (spec.BeginSearch)
            {
                case KeySpec.BeginSearchType.Index:
                    WritePair(reply, "index", "spec");
                    WriteIntegerMap(reply, ("index", spec.Index));
                    break;
                case KeySpec.BeginSearchType.Keyword:
                    WritePair(reply, "keyword", "spec");
                    reply.WriteMapHeader(2);
                    WritePair(reply, "keyword", spec.Keyword);
                    WriteBulk(reply, "startfrom");
                    reply.WriteInteger(spec.StartFrom);
                    break;
                default:
                    WritePair(reply, "unknown", "spec");
                    reply.WriteMapHeader(0);
                    break;
            }
            WriteBulk(reply, "find_keys");
            reply.WriteMapHeader(2);
            WriteBulk(reply, "type");
            switch (spec.FindKeys)
            {
                case KeySpec.FindKeysType.Range:
                    WritePair(reply, "range", "spec");
                    WriteIntegerMap(reply, ("lastkey", spec.LastKey), ("keystep", spec.KeyStep), ("limit", spec.Limit));
                    break;
                case KeySpec.FindKeysType.KeyNum:
                    WritePair(reply, "keynum", "spec");
                    WriteIntegerMap(reply, ("keynumidx", spec.KeyNumIndex), ("firstkey", spec.FirstKey), ("keystep", spec.KeyStep));
                    break;
                default:
                    WritePair(reply, "unknown", "spec");
                    reply.WriteMapHeader(0);
                    break;
            }
        }
    }

    // The CMD_KEY_* flag names in addReplyFlagsForKeyArgs's order (the order of KeyFlags' bits).
    private static List<string> KeyFlagNames(KeyFlags flags)
    {
        var names = new List<string>();
        foreach ((KeyFlags flag, string name) in s_keyFlagNames)
        {
            if ((flags & flag) != 0)
            {
                names.Add(name);
            }
        }
        return names;
    }

    private static void WriteIntegerMap(ReplyWriter reply, params (string Name, int Value)[] fields)
    {
        reply.WriteMapHeader(fields.Length);
        foreach ((string name, int value) in fields)
        {
            WriteBulk(reply, name);
            reply.WriteInteger(value);
        }
    }

    /// <summary>addReplyCommandDocs: the documentation map of one command, its subcommands' nested under "subcommands".</summary>
    private static void WriteDocs(ReplyWriter reply, CommandSpec command)
    {
        CommandDoc doc = CommandDocs.Find(command.Name) ?? new CommandDoc("", "", "");
        CommandSpec[] subcommands = command.Subcommands ?? [];
        // A command without a documented complexity (MONITOR) has no "complexity" field, as in Redis.
        int fields = 3 + (doc.Complexity.Length > 0 ? 1 : 0) + (doc.DocFlags.Length > 0 ? 1 : 0) + (doc.DeprecatedSince is null ? 0 : 1) + (doc.ReplacedBy is null ? 0 : 1)
            + (doc.History.Length > 0 ? 1 : 0) + (doc.Arguments.Length > 0 ? 1 : 0) + (subcommands.Length > 0 ? 1 : 0);
        reply.WriteMapHeader(fields);
        WritePair(reply, "summary", doc.Summary);
        WritePair(reply, "since", doc.Since);
        WritePair(reply, "group", GroupName(command.Group));
        if (doc.Complexity.Length > 0)
        {
            WritePair(reply, "complexity", doc.Complexity);
        }
        if (doc.DocFlags.Length > 0)
        {
            WriteBulk(reply, "doc_flags");
            WriteStatusSet(reply, doc.DocFlags);
        }
        if (doc.DeprecatedSince is not null)
        {
            WritePair(reply, "deprecated_since", doc.DeprecatedSince);
        }
        if (doc.ReplacedBy is not null)
        {
            WritePair(reply, "replaced_by", doc.ReplacedBy);
        }
        if (doc.History.Length > 0)
        {
            WriteBulk(reply, "history");
            reply.WriteSetHeader(doc.History.Length);
            foreach ((string version, string description) in doc.History)
            {
                reply.WriteArrayHeader(2);
                WriteBulk(reply, version);
                WriteBulk(reply, description);
            }
        }
        if (doc.Arguments.Length > 0)
        {
            WriteBulk(reply, "arguments");
            WriteArguments(reply, doc.Arguments);
        }
        if (subcommands.Length > 0)
        {
            WriteBulk(reply, "subcommands");
            reply.WriteMapHeader(subcommands.Length);
            foreach (CommandSpec subcommand in subcommands)
            {
                WriteBulk(reply, subcommand.Name);
                WriteDocs(reply, subcommand);
            }
        }
    }

    /// <summary>addReplyCommandArgList: each argument as a map, nested arguments for oneof and block.</summary>
    private static void WriteArguments(ReplyWriter reply, CommandArgument[] arguments)
    {
        reply.WriteArrayHeader(arguments.Length);
        foreach (CommandArgument argument in arguments)
        {
            int fields = 2 + (argument.KeySpecIndex >= 0 ? 1 : 0) + (argument.Token is null ? 0 : 1) + (argument.Summary is null ? 0 : 1)
                + (argument.Since is null ? 0 : 1) + (argument.DeprecatedSince is null ? 0 : 1)
                + (argument.Flags != CommandArgumentFlags.None ? 1 : 0) + (argument.HasArguments ? 1 : 0);
            reply.WriteMapHeader(fields);
            WritePair(reply, "name", argument.Name);
            WritePair(reply, "type", argument.Type);
            if (argument.KeySpecIndex >= 0)
            {
                WriteBulk(reply, "key_spec_index");
                reply.WriteInteger(argument.KeySpecIndex);
            }
            WriteOptionalPair(reply, "token", argument.Token);
            WriteOptionalPair(reply, "summary", argument.Summary);
            WriteOptionalPair(reply, "since", argument.Since);
            WriteOptionalPair(reply, "deprecated_since", argument.DeprecatedSince);
            if (argument.Flags != CommandArgumentFlags.None)
            {
                WriteBulk(reply, "flags");
                var flags = new List<string>();
                if ((argument.Flags & CommandArgumentFlags.Optional) != 0)
                {
                    flags.Add("optional");
                }
                if ((argument.Flags & CommandArgumentFlags.Multiple) != 0)
                {
                    flags.Add("multiple");
                }
                if ((argument.Flags & CommandArgumentFlags.MultipleToken) != 0)
                {
                    flags.Add("multiple_token");
                }
                WriteStatusSet(reply, flags);
            }
            if (argument.HasArguments)
            {
                WriteBulk(reply, "arguments");
                WriteArguments(reply, argument.Arguments);
            }
        }
    }

    private static void WritePair(ReplyWriter reply, string name, string value)
    {
        WriteBulk(reply, name);
        WriteBulk(reply, value);
    }

    private static void WriteOptionalPair(ReplyWriter reply, string name, string? value)
    {
        if (value is not null)
        {
            WritePair(reply, name, value);
        }
    }

    private static void WriteBulk(ReplyWriter reply, string text) => reply.WriteBulk(Encoding.UTF8.GetBytes(text));

    // addReplySetLen of bulk strings (command tips).
    private static void WriteBulkSet(ReplyWriter reply, IReadOnlyList<string> items)
    {
        reply.WriteSetHeader(items.Count);
        foreach (string item in items)
        {
            WriteBulk(reply, item);
        }
    }

    // addReplyCommandFlags: a set of status strings (command, key-spec, argument and doc flags; ACL categories).
    private static void WriteStatusSet(ReplyWriter reply, IReadOnlyList<string> items)
    {
        reply.WriteSetHeader(items.Count);
        foreach (string item in items)
        {
            reply.WriteSimpleString(Encoding.ASCII.GetBytes(item));
        }
    }
}
