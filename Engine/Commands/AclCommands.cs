using System.Security.Cryptography;
using System.Text;
using Reactor.MiniRedis.Engine.Security;
using Reactor.MiniRedis.Protocol;

namespace Reactor.MiniRedis.Engine.Commands;

/// <summary>The ACL subcommands (aclCommand in redis/redis src/acl.c, Redis 7.0).</summary>
public static class AclCommands
{
    /// <summary>GENPASS_MAX_BITS.</summary>
    private const long GenPassMaxBits = 4096;

    private static readonly string[] s_help =
    [
        "CAT [<category>]",
        "    List all commands that belong to <category>, or all command categories",
        "    when no category is specified.",
        "DELUSER <username> [<username> ...]",
        "    Delete a list of users.",
        "DRYRUN <username> <command> [<arg> ...]",
        "    Returns whether the user can execute the given command without executing the command.",
        "GETUSER <username>",
        "    Get the user's details.",
        "GENPASS [<bits>]",
        "    Generate a secure 256-bit user password. The optional `bits` argument can",
        "    be used to specify a different size.",
        "LIST",
        "    Show users details in config file format.",
        "LOAD",
        "    Reload users from the ACL file.",
        "LOG [<count> | RESET]",
        "    Show the ACL log entries.",
        "SAVE",
        "    Save the current config to the ACL file.",
        "SETUSER <username> <attribute> [<attribute> ...]",
        "    Create or modify a user with the specified attributes.",
        "USERS",
        "    List all the registered usernames.",
        "WHOAMI",
        "    Return the current connection username.",
    ];

    /// <summary>
    /// ACL SETUSER username [rule [rule ...]]
    /// Rules spread over several arguments inside parentheses are joined into one selector first. All rules are
    /// tried on a copy of the user (or a new one); only when every rule is accepted does the user change, so a
    /// refused rule leaves it as it was.
    /// </summary>
    public static void SetUser(CommandContext ctx)
    {
        ReadOnlySpan<byte> name = ctx.Arg(2);
        if (Acl.HasSpaces(name))
        {
            ctx.Error(ErrorText.AclUsernameHasSpaces);
            return;
        }
        string[] words = new string[ctx.ArgCount - 3];
        for (int i = 0; i < words.Length; i++)
        {
            words[i] = Acl.Text(ctx.Arg(3 + i));
        }
        List<string>? rules = Acl.MergeSelectorArguments(words, out int unmatched);
        if (rules is null)
        {
            ctx.Error(ErrorText.AclUnmatchedParenthesis(ctx.Arg(3 + unmatched)));
            return;
        }

        Acl acl = ctx.Server.Config.Acl;
        AclUser? user = acl.Find(name);
        AclUser staged = user?.Clone() ?? acl.NewUser(Acl.Text(name));
        foreach (string text in rules)
        {
            byte[] rule = Acl.Bytes(text);
            AclRuleError error = staged.Apply(rule);
            if (error != AclRuleError.None)
            {
                ctx.Error(ErrorText.AclSetUserModifier(rule, Acl.Reason(error)));
                return;
            }
        }
        if (user is null)
        {
            acl.Add(staged);
        }
        else
        {
            user.CopyFrom(staged);
        }
        ctx.Reply.WriteOk();
    }

    /// <summary>
    /// ACL DELUSER username [username ...]
    /// Replies how many users existed and were deleted. Clients authenticated as a deleted user are disconnected
    /// (the caller after this reply), as ACLFreeUserAndKillClients does; <c>default</c> cannot be deleted.
    /// </summary>
    public static void DelUser(CommandContext ctx)
    {
        Acl acl = ctx.Server.Config.Acl;
        for (int i = 2; i < ctx.ArgCount; i++)
        {
            if (ctx.Arg(i).SequenceEqual("default"u8))
            {
                ctx.Error(ErrorText.AclDefaultUserUndeletable);
                return;
            }
        }
        int deleted = 0;
        for (int i = 2; i < ctx.ArgCount; i++)
        {
            if (acl.Remove(ctx.Arg(i)) is { } user)
            {
                AccessControl.DisconnectClientsOf(ctx, user);
                deleted++;
            }
        }
        ctx.Reply.WriteInteger(deleted);
    }

    /// <summary>
    /// ACL GETUSER username
    /// The user's flags, password hashes, and root selector's commands, keys and channels, then its other
    /// selectors; a null reply for a user that does not exist (Redis 7.0).
    /// </summary>
    public static void GetUser(CommandContext ctx)
    {
        AclUser? user = ctx.Server.Config.Acl.Find(ctx.Arg(2));
        if (user is null)
        {
            ctx.Reply.WriteNullBulk();
            return;
        }
        AggregateShapes.WriteMapHeader(ctx, 6);
        WriteText(ctx, "flags");
        List<string> flags = [.. user.FlagNames];
        AggregateShapes.WriteSetHeader(ctx, flags.Count);
        foreach (string flag in flags)
        {
            WriteText(ctx, flag);
        }
        WriteText(ctx, "passwords");
        List<string> hashes = [.. user.PasswordHashes];
        ctx.Reply.WriteArrayHeader(hashes.Count);
        foreach (string hash in hashes)
        {
            WriteText(ctx, hash);
        }
        WriteSelector(ctx, user.Selectors[0]);
        WriteText(ctx, "selectors");
        ctx.Reply.WriteArrayHeader(user.Selectors.Count - 1);
        foreach (AclSelector selector in user.Selectors.Skip(1))
        {
            AggregateShapes.WriteMapHeader(ctx, 3);
            WriteSelector(ctx, selector);
        }
    }

    /// <summary>ACL LIST: every user as a line of an ACL file (<c>user name rules...</c>), sorted by name.</summary>
    public static void List(CommandContext ctx)
    {
        List<AclUser> users = [.. ctx.Server.Config.Acl.Users];
        ctx.Reply.WriteArrayHeader(users.Count);
        foreach (AclUser user in users)
        {
            WriteText(ctx, $"user {user.Name} {user.Describe()}");
        }
    }

    /// <summary>ACL USERS: every user name, sorted.</summary>
    public static void Users(CommandContext ctx)
    {
        List<AclUser> users = [.. ctx.Server.Config.Acl.Users];
        ctx.Reply.WriteArrayHeader(users.Count);
        foreach (AclUser user in users)
        {
            WriteText(ctx, user.Name);
        }
    }

    /// <summary>ACL WHOAMI: the name of the user the connection runs as.</summary>
    public static void WhoAmI(CommandContext ctx) => WriteText(ctx, ctx.Client.User.Name);

    /// <summary>
    /// ACL CAT [category]
    /// Without a category, every category name; with one, every command and subcommand in it, in table order.
    /// </summary>
    public static void Cat(CommandContext ctx)
    {
        if (ctx.ArgCount > 3)
        {
            SubcommandSyntaxError(ctx);
        }
        else if (ctx.ArgCount == 2)
        {
            ctx.Reply.WriteArrayHeader(AclCategories.Names.Length);
            foreach (string name in AclCategories.Names)
            {
                WriteText(ctx, name);
            }
        }
        else
        {
            AclCategory category = AclCategories.Find(ctx.Arg(2));
            if (category == AclCategory.None)
            {
                ctx.Error(ErrorText.AclUnknownCategory(ctx.Arg(2)));
                return;
            }
            List<CommandSpec> commands = [.. CommandTable.Flattened.Where(c => (c.Categories & category) != 0)];
            ctx.Reply.WriteArrayHeader(commands.Count);
            foreach (CommandSpec command in commands)
            {
                WriteText(ctx, command.Name);
            }
        }
    }

    /// <summary>ACL GENPASS [bits]: a random password of <c>bits</c> bits (256 by default) as lower-case hex digits.</summary>
    public static void GenPass(CommandContext ctx)
    {
        long bits = 256;
        if (ctx.ArgCount > 3)
        {
            SubcommandSyntaxError(ctx);
            return;
        }
        if (ctx.ArgCount == 3 && !ctx.TryGetInt64(2, out bits))
        {
            return;
        }
        if (bits <= 0 || bits > GenPassMaxBits)
        {
            ctx.Error(ErrorText.AclGenPassRange);
            return;
        }
        int chars = (int)((bits + 3) / 4);
        ctx.Reply.WriteBulk(Encoding.ASCII.GetBytes(RandomNumberGenerator.GetHexString(chars, lowercase: true)));
    }

    /// <summary>
    /// ACL LOG [count | RESET]
    /// The newest entries (10 by default), each with its count, reason, context, object, user, age in seconds and
    /// the client's CLIENT LIST line; RESET empties the log.
    /// </summary>
    public static void Log(CommandContext ctx)
    {
        AclLog log = ctx.Server.Config.Acl.Log;
        long count = 10;
        if (ctx.ArgCount > 3)
        {
            SubcommandSyntaxError(ctx);
            return;
        }
        if (ctx.ArgCount == 3)
        {
            if (ctx.ArgIs(2, "reset"u8))
            {
                log.Clear();
                ctx.Reply.WriteOk();
                return;
            }
            if (!ctx.TryGetInt64(2, out count))
            {
                return;
            }
        }
        count = Math.Clamp(count, 0, log.Entries.Count);
        long now = ctx.Server.Time.GetUtcNow().ToUnixTimeMilliseconds();
        ctx.Reply.WriteArrayHeader(count);
        foreach (AclLogEntry entry in log.Entries.Take((int)count))
        {
            AggregateShapes.WriteMapHeader(ctx, 7);
            WriteText(ctx, "count");
            ctx.Reply.WriteInteger(entry.Count);
            WriteText(ctx, "reason");
            WriteText(ctx, entry.ReasonName);
            WriteText(ctx, "context");
            WriteText(ctx, entry.Context);
            WriteText(ctx, "object");
            ctx.Reply.WriteBulk(entry.Object);
            WriteText(ctx, "username");
            WriteText(ctx, entry.Username);
            WriteText(ctx, "age-seconds");
            ScoreFormat.WriteScore(ctx, (now - entry.TimeMilliseconds) / 1000.0);
            WriteText(ctx, "client-info");
            WriteText(ctx, entry.ClientInfo);
        }
    }

    /// <summary>
    /// ACL DRYRUN username command [arg ...]
    /// Whether the user could run the command line, without running it: OK, or a bulk string saying which
    /// command, key or channel would be refused. Nothing is logged.
    /// </summary>
    public static void DryRun(CommandContext ctx)
    {
        AclUser? user = ctx.Server.Config.Acl.Find(ctx.Arg(2));
        if (user is null)
        {
            ctx.Error(ErrorText.AclUserNotFound(ctx.Arg(2)));
            return;
        }
        // lookupCommand: a container's subcommand when there is an argument after it, else the command itself.
        CommandSpec? command = ctx.Server.Commands.Find(ctx.Arg(3));
        if (command is { IsContainer: true } && ctx.ArgCount > 4)
        {
            command = command.FindSubcommand(ctx.Arg(4));
        }
        if (command is null)
        {
            ctx.Error(ErrorText.AclCommandNotFound(ctx.Arg(3)));
            return;
        }
        if (!command.AcceptsArgumentCount(ctx.ArgCount - 3))
        {
            ctx.Error(ErrorText.WrongArity(command.Name));
            return;
        }
        AclDenial denial = user.Check(command, new AclRequest(ctx, 3), out int position);
        switch (denial)
        {
            case AclDenial.None:
                ctx.Reply.WriteOk();
                break;
            case AclDenial.Command:
                WriteText(ctx, ErrorText.DryRunNoPermCommand(command.Name));
                break;
            default:
                ctx.Reply.WriteBulk(ErrorText.DryRunNoPermObject(ctx.Arg(3 + position), denial == AclDenial.Key ? "key" : "channel"));
                break;
        }
    }

    /// <summary>ACL LOAD: reloads the users from <c>aclfile</c>, all or nothing.</summary>
    public static void Load(CommandContext ctx)
    {
        Acl acl = ctx.Server.Config.Acl;
        if (acl.AclFile.Length == 0)
        {
            ctx.Error(ErrorText.AclNoAclFile);
            return;
        }
        string? errors = AclFile.Load(acl, acl.AclFile, out List<AclUser> replaced);
        if (errors is not null)
        {
            ctx.Error("ERR " + errors);
            return;
        }
        foreach (AclUser user in replaced)
        {
            AccessControl.DisconnectClientsOf(ctx, user);
        }
        ctx.Reply.WriteOk();
    }

    /// <summary>ACL SAVE: writes every user to <c>aclfile</c> (through a temporary file renamed over it).</summary>
    public static void Save(CommandContext ctx)
    {
        Acl acl = ctx.Server.Config.Acl;
        if (acl.AclFile.Length == 0)
        {
            ctx.Error(ErrorText.AclNoAclFile);
            return;
        }
        if (AclFile.Save(acl, acl.AclFile) is { } failure)
        {
            ctx.Server.Log.Warning(failure);
            ctx.Error(ErrorText.AclSaveFailed);
            return;
        }
        ctx.Reply.WriteOk();
    }

    /// <summary>ACL HELP</summary>
    public static void Help(CommandContext ctx) => HelpReply.Write(ctx, s_help);

    // aclAddReplySelectorDescription: the commands, keys and channels of one selector.
    private static void WriteSelector(CommandContext ctx, AclSelector selector)
    {
        WriteText(ctx, "commands");
        WriteText(ctx, selector.DescribeCommandRules());
        WriteText(ctx, "keys");
        WriteText(ctx, selector.DescribeKeys());
        WriteText(ctx, "channels");
        WriteText(ctx, selector.DescribeChannels());
    }

    private static void SubcommandSyntaxError(CommandContext ctx) =>
        ctx.Error(ErrorText.SubcommandSyntax(ctx.Arg(1), ctx.Arg(0)));

    // Names, patterns and rules hold one char per byte: written back as those bytes.
    private static void WriteText(CommandContext ctx, string text) => ctx.Reply.WriteBulk(Acl.Bytes(text));
}
