using System.Text;
using Reactor.MiniRedis.Engine.Commands;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Engine.Security;

/// <summary>
/// One set of permissions of a user (<c>aclSelector</c> in redis/redis src/acl.c): the commands it may run (a bit
/// per row of <see cref="CommandTable.Flattened"/>, plus allowed first arguments), the keys it may touch and the
/// Pub/Sub channels it may use. Every user has a root selector; <c>(...)</c> rules add more, and a command is
/// allowed when any selector allows it.
/// </summary>
internal sealed class AclSelector
{
    /// <summary>
    /// The reserved bit after the last command: set only by <c>+@all</c>, so a description can tell "everything
    /// minus some" (which includes commands added later) from "nothing plus some" (USER_COMMAND_BITS_COUNT-1).
    /// </summary>
    private static readonly int s_futureCommandsBit = CommandTable.Flattened.Length;

    private static readonly int s_words = (s_futureCommandsBit + 1 + 63) / 64;

    // Commands that name Pub/Sub channels (ACLDoesCommandHaveChannels): PUBLISH and SPUBLISH one, the subscribe
    // commands every argument; PSUBSCRIBE's patterns are compared literally.
    private static readonly string[] s_publishCommands = ["publish", "spublish"];
    private static readonly string[] s_subscribeCommands = ["subscribe", "ssubscribe"];

    private readonly ulong[] _allowedCommands = new ulong[s_words];
    private readonly List<AclKeyPattern> _patterns = [];
    private readonly List<byte[]> _channels = [];
    private Dictionary<int, List<byte[]>>? _allowedFirstArgs;

    /// <summary>An empty selector: no commands, keys or channels beyond <paramref name="flags"/> (ACLCreateSelector).</summary>
    public AclSelector(AclSelectorFlags flags) => Flags = flags;

    public AclSelectorFlags Flags { get; private set; }

    /// <summary>True for the user's root selector (the rules outside parentheses).</summary>
    public bool IsRoot => (Flags & AclSelectorFlags.Root) != 0;

    /// <summary>True when the selector allows every command, key and channel, so no check is needed.</summary>
    public bool IsUnrestricted => (Flags & AclSelectorFlags.AllPermissions) == AclSelectorFlags.AllPermissions;

    /// <summary>ACLCopySelector: an independent copy.</summary>
    public AclSelector Clone()
    {
        var copy = new AclSelector(Flags);
        _allowedCommands.CopyTo(copy._allowedCommands, 0);
        copy._patterns.AddRange(_patterns.Select(p => new AclKeyPattern(p.Pattern, p.Permission)));
        copy._channels.AddRange(_channels);
        if (_allowedFirstArgs is not null)
        {
            copy._allowedFirstArgs = _allowedFirstArgs.ToDictionary(e => e.Key, e => e.Value.ToList());
        }
        return copy;
    }

    /// <summary>
    /// Mirrors ACLSetSelector in redis/redis src/acl.c: applies one rule about commands (<c>+cmd</c>, <c>-cmd</c>,
    /// <c>+@cat</c>, <c>-@cat</c>, <c>+cmd|sub</c>, <c>+cmd|firstarg</c>, <c>allcommands</c>, <c>nocommands</c>),
    /// keys (<c>~pattern</c>, <c>%R~pattern</c>, <c>%W~pattern</c>, <c>allkeys</c>, <c>resetkeys</c>) or channels
    /// (<c>&amp;pattern</c>, <c>allchannels</c>, <c>resetchannels</c>). Returns why the rule was refused, if it was.
    /// </summary>
    public AclRuleError Apply(ReadOnlySpan<byte> op)
    {
        if (Ascii.EqualsIgnoreCase(op, "allkeys"u8) || op.SequenceEqual("~*"u8))
        {
            Flags |= AclSelectorFlags.AllKeys;
            _patterns.Clear();
        }
        else if (Ascii.EqualsIgnoreCase(op, "resetkeys"u8))
        {
            Flags &= ~AclSelectorFlags.AllKeys;
            _patterns.Clear();
        }
        else if (Ascii.EqualsIgnoreCase(op, "allchannels"u8) || op.SequenceEqual("&*"u8))
        {
            Flags |= AclSelectorFlags.AllChannels;
            _channels.Clear();
        }
        else if (Ascii.EqualsIgnoreCase(op, "resetchannels"u8))
        {
            Flags &= ~AclSelectorFlags.AllChannels;
            _channels.Clear();
        }
        else if (Ascii.EqualsIgnoreCase(op, "allcommands"u8) || Ascii.EqualsIgnoreCase(op, "+@all"u8))
        {
            SetAllCommands(true);
        }
        else if (Ascii.EqualsIgnoreCase(op, "nocommands"u8) || Ascii.EqualsIgnoreCase(op, "-@all"u8))
        {
            SetAllCommands(false);
        }
        else if (op[0] is (byte)'~' or (byte)'%')
        {
            return AddKeyPattern(op);
        }
        else if (op[0] == '&')
        {
            return AddChannelPattern(op[1..]);
        }
        else if (op[0] == '+' && (op.Length < 2 || op[1] != '@'))
        {
            return AllowCommand(op[1..]);
        }
        else if (op[0] == '-' && (op.Length < 2 || op[1] != '@'))
        {
            CommandSpec? command = Acl.LookupCommand(op[1..]);
            if (command is null)
            {
                return AclRuleError.UnknownCommandOrCategory;
            }
            ChangePermission(command, false);
        }
        else if (op[0] is (byte)'+' or (byte)'-')
        {
            AclCategory category = AclCategories.Find(op[2..]);
            if (category == AclCategory.None)
            {
                return AclRuleError.UnknownCommandOrCategory;
            }
            SetCategory(category, op[0] == '+');
        }
        else
        {
            return AclRuleError.Syntax;
        }
        return AclRuleError.None;
    }

    /// <summary>
    /// Mirrors ACLSelectorCheckCmd in redis/redis src/acl.c: whether this selector lets <paramref name="request"/>
    /// run <paramref name="command"/>. The command bit (or an allowed first argument) comes first, then every key
    /// against the patterns with the access the key spec says, then the channels. On a key or channel denial
    /// <paramref name="position"/> is the argument that was refused.
    /// </summary>
    public AclDenial Check(CommandSpec command, AclRequest request, out int position)
    {
        position = 0;
        if ((Flags & AclSelectorFlags.AllCommands) == 0 && (command.Flags & CommandFlags.NoAuth) == 0
            && !GetCommandBit(command.Id) && !IsAllowedFirstArg(command, request))
        {
            return AclDenial.Command;
        }

        if ((Flags & AclSelectorFlags.AllKeys) == 0 && CommandKeys.HasKeys(command))
        {
            foreach ((int keyPosition, KeyFlags keyFlags) in request.Keys(command))
            {
                if (!CanAccessKey(request.Arg(keyPosition), keyFlags))
                {
                    position = keyPosition;
                    return AclDenial.Key;
                }
            }
        }

        if ((Flags & AclSelectorFlags.AllChannels) == 0)
        {
            int first = 1, count = 0;
            bool literal = false;
            if (s_publishCommands.Contains(command.Name))
            {
                count = 1;
            }
            else if (s_subscribeCommands.Contains(command.Name))
            {
                count = request.Count - 1;
            }
            else if (command.Name == "psubscribe")
            {
                count = request.Count - 1;
                literal = true;
            }
            for (int j = first; j < first + count; j++)
            {
                if (!CanUseChannel(request.Arg(j), literal))
                {
                    position = j;
                    return AclDenial.Channel;
                }
            }
        }
        return AclDenial.None;
    }

    /// <summary>
    /// ACLSelectorCheckKey: whether <paramref name="key"/> matches a pattern that grants what the key spec's
    /// <paramref name="keyFlags"/> need (ACCESS needs read; INSERT, DELETE and UPDATE need write). A key found
    /// without flags matches any pattern.
    /// </summary>
    public bool CanAccessKey(ReadOnlySpan<byte> key, KeyFlags keyFlags)
    {
        if ((Flags & AclSelectorFlags.AllKeys) != 0)
        {
            return true;
        }
        AclKeyPermission needed = AclKeyPermission.None;
        if ((keyFlags & KeyFlags.Access) != 0)
        {
            needed |= AclKeyPermission.Read;
        }
        if ((keyFlags & (KeyFlags.Insert | KeyFlags.Delete | KeyFlags.Update)) != 0)
        {
            needed |= AclKeyPermission.Write;
        }
        foreach (AclKeyPattern pattern in _patterns)
        {
            if ((pattern.Permission & needed) == needed && GlobMatcher.IsMatch(pattern.Pattern, key))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// ACLCheckChannelAgainstList for this selector: whether <paramref name="channel"/> matches one of its channel
    /// patterns, or equals one when <paramref name="literal"/> (a PSUBSCRIBE pattern must be allowed as written).
    /// </summary>
    public bool CanUseChannel(ReadOnlySpan<byte> channel, bool literal)
    {
        if ((Flags & AclSelectorFlags.AllChannels) != 0)
        {
            return true;
        }
        foreach (byte[] pattern in _channels)
        {
            if (literal ? channel.SequenceEqual(pattern) : GlobMatcher.IsMatch(pattern, channel))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>ACLDescribeSelector: keys, channels and command rules, as ACL LIST shows a selector.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        if ((Flags & AclSelectorFlags.AllKeys) != 0)
        {
            text.Append("~* ");
        }
        else
        {
            foreach (AclKeyPattern pattern in _patterns)
            {
                text.Append(pattern.Describe()).Append(' ');
            }
        }
        if ((Flags & AclSelectorFlags.AllChannels) != 0)
        {
            text.Append("&* ");
        }
        else
        {
            text.Append("resetchannels ");
            foreach (byte[] channel in _channels)
            {
                text.Append('&').Append(Acl.Text(channel)).Append(' ');
            }
        }
        return text.Append(DescribeCommandRules()).ToString();
    }

    /// <summary>The key patterns as ACL GETUSER shows them: <c>~*</c>, or the patterns separated by spaces.</summary>
    public string DescribeKeys() =>
        (Flags & AclSelectorFlags.AllKeys) != 0 ? "~*" : string.Join(' ', _patterns.Select(p => p.Describe()));

    /// <summary>The channel patterns as ACL GETUSER shows them: <c>&amp;*</c>, or each pattern after <c>&amp;</c>.</summary>
    public string DescribeChannels() =>
        (Flags & AclSelectorFlags.AllChannels) != 0 ? "&*" : string.Join(' ', _channels.Select(c => "&" + Acl.Text(c)));

    /// <summary>
    /// Mirrors ACLDescribeSelectorCommandRules in redis/redis src/acl.c (7.0): rules that rebuild the command
    /// bitmap, starting from <c>+@all</c> when the selector can run future commands, else from <c>-@all</c>; then,
    /// greedily, the category that best fits what is left (more commands in common than different, fewest
    /// differences); then single commands (and allowed first arguments) for what the categories could not say.
    /// The rules are replayed on a scratch selector as they are written, and the result must rebuild the bitmap
    /// exactly: a mismatch would be a security hole, so it throws instead.
    /// </summary>
    public string DescribeCommandRules()
    {
        var rules = new StringBuilder();
        var fake = new AclSelector(AclSelectorFlags.None);
        bool additive = !GetCommandBit(s_futureCommandsBit);
        rules.Append(additive ? "-@all " : "+@all ");
        fake.SetAllCommands(!additive);

        // The categories still to fit are counted on a scratch copy from which each applied category is undone.
        var temp = new AclSelector(AclSelectorFlags.None);
        _allowedCommands.CopyTo(temp._allowedCommands, 0);
        var applied = new bool[AclCategories.Names.Length];
        while (true)
        {
            int best = -1;
            long minDiff = int.MaxValue, maxSame = 0;
            for (int j = 0; j < applied.Length; j++)
            {
                if (applied[j])
                {
                    continue;
                }
                temp.CountCategoryBits(AclCategories.At(j), out long on, out long off);
                long diff = additive ? off : on;
                long same = additive ? on : off;
                if (same > diff && (diff < minDiff || (diff == minDiff && same > maxSame)))
                {
                    best = j;
                    minDiff = diff;
                    maxSame = same;
                }
            }
            if (best == -1)
            {
                break;
            }
            AclCategory category = AclCategories.At(best);
            fake.SetCategory(category, additive);
            temp.SetCategory(category, !additive);
            rules.Append(additive ? "+@" : "-@").Append(AclCategories.Names[best]).Append(' ');
            applied[best] = true;
        }

        foreach (CommandSpec command in CommandTable.All)
        {
            DescribeSingleCommand(command, fake, rules);
            foreach (CommandSpec sub in command.Subcommands ?? [])
            {
                DescribeSingleCommand(sub, fake, rules);
            }
            if (!GetCommandBit(command.Id) && _allowedFirstArgs?.GetValueOrDefault(command.Id) is { } firstArgs)
            {
                foreach (byte[] arg in firstArgs)
                {
                    rules.Append('+').Append(command.Name).Append('|').Append(Acl.Text(arg)).Append(' ');
                }
            }
        }
        rules.Length--; // the last space

        if (!fake._allowedCommands.AsSpan().SequenceEqual(_allowedCommands))
        {
            throw new InvalidOperationException($"CRITICAL ERROR: User ACLs don't match final bitmap: '{rules}'");
        }
        return rules.ToString();
    }

    // ACLDescribeSelectorCommandRulesSingleCommands, for one row: a +cmd or -cmd where the scratch selector differs.
    private void DescribeSingleCommand(CommandSpec command, AclSelector fake, StringBuilder rules)
    {
        bool userBit = GetCommandBit(command.Id);
        if (userBit != fake.GetCommandBit(command.Id))
        {
            rules.Append(userBit ? '+' : '-').Append(command.Name).Append(' ');
            fake.ChangePermission(command, userBit);
        }
    }

    // "+<command>", "+<container>|<subcommand>" or "+<command>|<first-arg>" (the last is deprecated in Redis,
    // which logs a warning for it, but still allowed).
    private AclRuleError AllowCommand(ReadOnlySpan<byte> name)
    {
        int bar = name.LastIndexOf((byte)'|');
        if (bar < 0)
        {
            CommandSpec? command = Acl.LookupCommand(name);
            if (command is null)
            {
                return AclRuleError.UnknownCommandOrCategory;
            }
            ChangePermission(command, true);
            return AclRuleError.None;
        }

        CommandSpec? parent = Acl.LookupCommand(name[..bar]);
        ReadOnlySpan<byte> sub = name[(bar + 1)..];
        if (parent is null)
        {
            return AclRuleError.UnknownCommandOrCategory;
        }
        if (parent.Name.Contains('|'))
        {
            return AclRuleError.FirstArgOfSubcommand;
        }
        if (sub.IsEmpty)
        {
            return AclRuleError.Syntax;
        }
        if (parent.IsContainer)
        {
            CommandSpec? subcommand = parent.FindSubcommand(sub);
            if (subcommand is null)
            {
                return AclRuleError.UnknownCommandOrCategory;
            }
            ChangePermission(subcommand, true);
        }
        else
        {
            AddAllowedFirstArg(parent.Id, sub);
        }
        return AclRuleError.None;
    }

    // The '~' and '%' rules: a key pattern with read, write or both permissions.
    private AclRuleError AddKeyPattern(ReadOnlySpan<byte> op)
    {
        if ((Flags & AclSelectorFlags.AllKeys) != 0)
        {
            return AclRuleError.KeyPatternAfterAllKeys;
        }
        AclKeyPermission permission = AclKeyPermission.None;
        int offset = 1;
        if (op[0] == '%')
        {
            for (; offset < op.Length; offset++)
            {
                byte c = (byte)char.ToUpperInvariant((char)op[offset]);
                if (c == 'R' && (permission & AclKeyPermission.Read) == 0)
                {
                    permission |= AclKeyPermission.Read;
                }
                else if (c == 'W' && (permission & AclKeyPermission.Write) == 0)
                {
                    permission |= AclKeyPermission.Write;
                }
                else if (op[offset] == '~' && permission != AclKeyPermission.None)
                {
                    offset++;
                    break;
                }
                else
                {
                    return AclRuleError.Syntax;
                }
            }
            if (permission == AclKeyPermission.None)
            {
                return AclRuleError.Syntax; // "%" alone
            }
        }
        else
        {
            permission = AclKeyPermission.All;
        }
        ReadOnlySpan<byte> pattern = op[offset..];
        if (Acl.HasSpaces(pattern))
        {
            return AclRuleError.Syntax;
        }
        byte[] copy = pattern.ToArray();
        AclKeyPattern? existing = _patterns.Find(p => p.Pattern.AsSpan().SequenceEqual(copy));
        if (existing is null)
        {
            _patterns.Add(new AclKeyPattern(copy, permission));
        }
        else
        {
            existing.Permission |= permission;
        }
        Flags &= ~AclSelectorFlags.AllKeys;
        return AclRuleError.None;
    }

    // The '&' rule: a channel pattern.
    private AclRuleError AddChannelPattern(ReadOnlySpan<byte> pattern)
    {
        if ((Flags & AclSelectorFlags.AllChannels) != 0)
        {
            return AclRuleError.ChannelPatternAfterAllChannels;
        }
        if (Acl.HasSpaces(pattern))
        {
            return AclRuleError.Syntax;
        }
        byte[] copy = pattern.ToArray();
        if (!_channels.Exists(c => c.AsSpan().SequenceEqual(copy)))
        {
            _channels.Add(copy);
        }
        Flags &= ~AclSelectorFlags.AllChannels;
        return AclRuleError.None;
    }

    // The "+select|0" form: a command otherwise denied is allowed when its first argument (its second for a
    // subcommand) is one of these, compared ignoring case.
    private bool IsAllowedFirstArg(CommandSpec command, AclRequest request)
    {
        if (request.Count < 2 || _allowedFirstArgs?.GetValueOrDefault(command.Id) is not { } allowed)
        {
            return false;
        }
        int index = command.Name.Contains('|') ? 2 : 1;
        return index < request.Count && allowed.Exists(arg => Ascii.EqualsIgnoreCase(request.Arg(index), arg));
    }

    private void AddAllowedFirstArg(int id, ReadOnlySpan<byte> arg)
    {
        _allowedFirstArgs ??= [];
        if (!_allowedFirstArgs.TryGetValue(id, out List<byte[]>? args))
        {
            _allowedFirstArgs[id] = args = [];
        }
        foreach (byte[] existing in args)
        {
            if (Ascii.EqualsIgnoreCase(existing, arg))
            {
                return;
            }
        }
        args.Add(arg.ToArray());
    }

    // +@all / -@all: every bit, including the future-commands bit, and no first-arg exceptions.
    private void SetAllCommands(bool allow)
    {
        Array.Fill(_allowedCommands, allow ? ulong.MaxValue : 0UL);
        Flags = allow ? Flags | AclSelectorFlags.AllCommands : Flags & ~AclSelectorFlags.AllCommands;
        _allowedFirstArgs = null;
    }

    // ACLSetSelectorCommandBitsForCategory: every command of the category, with a container's subcommands.
    private void SetCategory(AclCategory category, bool allow)
    {
        foreach (CommandSpec command in CommandTable.All)
        {
            if ((command.Categories & category) != 0)
            {
                ChangePermission(command, allow);
            }
            foreach (CommandSpec sub in command.Subcommands ?? [])
            {
                if ((sub.Categories & category) != 0)
                {
                    ChangePermission(sub, allow);
                }
            }
        }
    }

    // ACLCountCategoryBitsForSelector: how many commands of the category are allowed and denied.
    private void CountCategoryBits(AclCategory category, out long on, out long off)
    {
        on = off = 0;
        foreach (CommandSpec command in CommandTable.Flattened)
        {
            if ((command.Categories & category) != 0)
            {
                if (GetCommandBit(command.Id))
                {
                    on++;
                }
                else
                {
                    off++;
                }
            }
        }
    }

    // ACLChangeSelectorPerm: a command's bit, and its subcommands' for a container; its first-arg exceptions go.
    private void ChangePermission(CommandSpec command, bool allow)
    {
        SetCommandBit(command.Id, allow);
        _allowedFirstArgs?.Remove(command.Id);
        foreach (CommandSpec sub in command.Subcommands ?? [])
        {
            SetCommandBit(sub.Id, allow);
        }
    }

    private bool GetCommandBit(int id) => (_allowedCommands[id >> 6] & (1UL << (id & 63))) != 0;

    // Clearing any bit means the user no longer runs everything, so ALLCOMMANDS goes (ACLSetSelectorCommandBit).
    private void SetCommandBit(int id, bool value)
    {
        if (value)
        {
            _allowedCommands[id >> 6] |= 1UL << (id & 63);
        }
        else
        {
            _allowedCommands[id >> 6] &= ~(1UL << (id & 63));
            Flags &= ~AclSelectorFlags.AllCommands;
        }
    }
}
