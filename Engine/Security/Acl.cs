using System.Text;
using Reactor.MiniRedis.Engine.Commands;
using Reactor.MiniRedis.Protocol;

namespace Reactor.MiniRedis.Engine.Security;

/// <summary>
/// The server's access control (the globals of redis/redis src/acl.c): the users by name, the default user every
/// connection starts as, the ACL log, and the settings that shape them (<c>requirepass</c>,
/// <c>acl-pubsub-default</c>, <c>acllog-max-len</c>, <c>aclfile</c>). Owned by the server's config, whose
/// <c>requirepass</c> sets the default user's password. Loop thread only.
/// </summary>
public sealed class Acl
{
    private static readonly CommandLookup s_commands = new(CommandTable.All);

    // Names compare as bytes (one char per byte), the order of Redis's radix tree: ACL LIST and ACL USERS are sorted.
    private readonly SortedDictionary<string, AclUser> _users = new(StringComparer.Ordinal);

    /// <summary>ACLInit + ACLCreateDefaultUser: the <c>default</c> user, on, without a password, allowed everything.</summary>
    public Acl()
    {
        DefaultUser = new AclUser("default", allChannels: false);
        foreach (string rule in (string[])["+@all", "~*", "&*", "on", "nopass"])
        {
            DefaultUser.Apply(Encoding.ASCII.GetBytes(rule));
        }
        _users.Add(DefaultUser.Name, DefaultUser);
    }

    /// <summary>The user new connections start as; it can be changed but never deleted.</summary>
    public AclUser DefaultUser { get; }

    /// <summary>Every user, sorted by name.</summary>
    public IEnumerable<AclUser> Users => _users.Values;

    /// <summary>The security log ACL LOG shows.</summary>
    public AclLog Log { get; } = new();

    /// <summary><c>acl-pubsub-default</c>: whether new users and selectors start with <c>allchannels</c> (Redis 7.0: no, <c>resetchannels</c>).</summary>
    public bool AllChannelsByDefault { get; set; }

    /// <summary>The <c>requirepass</c> value as last configured ("" for none), reported by CONFIG GET.</summary>
    public string RequirePass { get; private set; } = "";

    /// <summary><c>aclfile</c>: the file ACL LOAD and ACL SAVE use, "" for none.</summary>
    public string AclFile { get; set; } = "";

    /// <summary>
    /// authRequired: clients must authenticate unless the default user is on and has <c>nopass</c>. A client that
    /// connected while that was so stays authenticated when a password is set later, as in Redis.
    /// </summary>
    public bool AuthRequired => !DefaultUser.AuthenticatesWithoutPassword;

    /// <summary>
    /// requirepass (updateRequirePass / ACLUpdateDefaultUserPassword): the default user gets exactly this password,
    /// or <c>nopass</c> for "".
    /// </summary>
    public void SetRequirePass(string password)
    {
        RequirePass = password;
        DefaultUser.Apply("resetpass"u8);
        DefaultUser.Apply(password.Length > 0 ? [(byte)'>', .. Encoding.UTF8.GetBytes(password)] : "nopass"u8);
    }

    /// <summary>ACLGetUserByName: the user named <paramref name="name"/> (exact bytes), or null.</summary>
    public AclUser? Find(ReadOnlySpan<byte> name) => _users.GetValueOrDefault(Text(name));

    /// <summary>ACLCreateUnlinkedUser: a new user with the defaults, not yet in the table (ACL SETUSER stages rules on it).</summary>
    public AclUser NewUser(string name) => new(name, AllChannelsByDefault);

    /// <summary>Adds <paramref name="user"/> to the table; its name must be free.</summary>
    public void Add(AclUser user) => _users.Add(user.Name, user);

    /// <summary>Removes the user named <paramref name="name"/>; returns it, or null when there is none. The default user stays.</summary>
    public AclUser? Remove(ReadOnlySpan<byte> name)
    {
        string key = Text(name);
        if (key == DefaultUser.Name || !_users.Remove(key, out AclUser? user))
        {
            return null;
        }
        return user;
    }

    /// <summary>
    /// ACL LOAD's swap: <paramref name="users"/> become the users. The default user object stays (clients hold
    /// it) and takes the rules of the loaded <c>default</c>, or the defaults when the file has none. Returns the
    /// users that are gone; the caller disconnects their clients.
    /// </summary>
    internal List<AclUser> ReplaceUsers(IEnumerable<AclUser> users)
    {
        List<AclUser> replaced = [.. _users.Values.Where(u => u != DefaultUser)];
        _users.Clear();
        DefaultUser.CopyFrom(new Acl().DefaultUser);
        foreach (AclUser user in users)
        {
            if (user.Name == DefaultUser.Name)
            {
                DefaultUser.CopyFrom(user);
            }
            else
            {
                _users.Add(user.Name, user);
            }
        }
        _users.Add(DefaultUser.Name, DefaultUser);
        return replaced;
    }

    /// <summary>
    /// ACLCheckUserCredentials: the user when <paramref name="username"/> exists, is on, and
    /// <paramref name="password"/> is one of its passwords (or it has <c>nopass</c>); else null.
    /// </summary>
    public AclUser? CheckCredentials(ReadOnlySpan<byte> username, ReadOnlySpan<byte> password)
    {
        AclUser? user = Find(username);
        return user is not null && user.CheckPassword(password) ? user : null;
    }

    /// <summary>
    /// ACLLookupCommand: a command by its full name for an ACL rule: <c>get</c>, or <c>config|get</c> for a
    /// subcommand (any case). Strict, as Redis is here: <c>select|0</c> is not a command.
    /// </summary>
    public static CommandSpec? LookupCommand(ReadOnlySpan<byte> fullName)
    {
        int bar = fullName.IndexOf((byte)'|');
        if (bar < 0)
        {
            return s_commands.Find(fullName);
        }
        ReadOnlySpan<byte> sub = fullName[(bar + 1)..];
        CommandSpec? parent = s_commands.Find(fullName[..bar]);
        return sub.Contains((byte)'|') || parent is not { IsContainer: true } ? null : parent.FindSubcommand(sub);
    }

    /// <summary>
    /// ACLMergeSelectorArguments: the rules in <paramref name="words"/>, where a selector written over several words
    /// (<c>(+get</c> <c>~key)</c>) becomes one rule joined with spaces. Null when a parenthesis is never closed;
    /// <paramref name="unmatched"/> is then the index of the word that opened it.
    /// </summary>
    public static List<string>? MergeSelectorArguments(ReadOnlySpan<string> words, out int unmatched)
    {
        var rules = new List<string>(words.Length);
        StringBuilder? selector = null;
        unmatched = -1;
        for (int i = 0; i < words.Length; i++)
        {
            string op = words[i];
            bool closes = op.EndsWith(')');
            if (op.StartsWith('(') && !closes)
            {
                selector = new StringBuilder(op);
                unmatched = i;
                continue;
            }
            if (selector is not null)
            {
                selector.Append(' ').Append(op);
                if (closes)
                {
                    rules.Add(selector.ToString());
                    selector = null;
                }
                continue;
            }
            rules.Add(op);
        }
        return selector is null ? rules : null;
    }

    /// <summary>ACLSetUserStringError: the text that says why a rule was refused.</summary>
    public static string Reason(AclRuleError error) => error switch
    {
        AclRuleError.Syntax => ErrorText.AclRuleSyntax,
        AclRuleError.UnknownCommandOrCategory => ErrorText.AclRuleUnknownCommand,
        AclRuleError.KeyPatternAfterAllKeys => ErrorText.AclRuleKeyAfterAllKeys,
        AclRuleError.ChannelPatternAfterAllChannels => ErrorText.AclRuleChannelAfterAllChannels,
        AclRuleError.NoSuchPassword => ErrorText.AclRuleNoSuchPassword,
        AclRuleError.BadPasswordHash => ErrorText.AclRuleBadHash,
        AclRuleError.FirstArgOfSubcommand => ErrorText.AclRuleFirstArgOfSubcommand,
        _ => "Wrong format",
    };

    /// <summary>ACLStringHasSpaces: whether <paramref name="text"/> has white space (isspace) or a NUL byte.</summary>
    public static bool HasSpaces(ReadOnlySpan<byte> text)
    {
        foreach (byte c in text)
        {
            if (c is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\v' or (byte)'\f' or (byte)'\r' or 0)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Bytes as a string of one char per byte, so names and patterns round-trip exactly (Latin-1).</summary>
    public static string Text(ReadOnlySpan<byte> bytes) => Encoding.Latin1.GetString(bytes);

    /// <summary>The bytes of a string made by <see cref="Text"/>.</summary>
    public static byte[] Bytes(string text) => Encoding.Latin1.GetBytes(text);
}
