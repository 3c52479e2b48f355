using System.Security.Cryptography;
using System.Text;
using Reactor.MiniRedis.Engine.Commands;
using Reactor.MiniRedis.Protocol;

namespace Reactor.MiniRedis.Engine.Security;

/// <summary>
/// An ACL user (<c>user</c> in redis/redis src/server.h): its name, flags, password hashes and selectors, the first
/// of which is the root selector. Clients hold a reference to their user, so ACL SETUSER changes what already
/// connected clients may do at their next command. Loop thread only.
/// </summary>
public sealed class AclUser
{
    // ACLUserFlags: the order the flags are written in (ACL LIST, ACL GETUSER).
    private static readonly (AclUserFlags Flag, string Name)[] s_flagNames =
    [
        (AclUserFlags.Enabled, "on"), (AclUserFlags.Disabled, "off"), (AclUserFlags.NoPass, "nopass"),
        (AclUserFlags.SkipSanitizePayload, "skip-sanitize-payload"), (AclUserFlags.SanitizePayload, "sanitize-payload"),
    ];

    private readonly List<byte[]> _passwords = [];   // SHA-256 digests, in the order they were added
    private readonly List<AclSelector> _selectors = [];
    private readonly AclSelectorFlags _channelDefault;

    /// <summary>
    /// ACLCreateUser: a disabled user without passwords, commands or keys. <paramref name="allChannels"/> is
    /// <c>acl-pubsub-default</c>: whether new selectors start with every channel allowed.
    /// </summary>
    internal AclUser(string name, bool allChannels)
    {
        Name = name;
        Flags = AclUserFlags.Disabled;
        _channelDefault = allChannels ? AclSelectorFlags.AllChannels : AclSelectorFlags.None;
        _selectors.Add(new AclSelector(AclSelectorFlags.Root | _channelDefault));
    }

    /// <summary>The user name (bytes kept one char each, as ACL replies them).</summary>
    public string Name { get; }

    public AclUserFlags Flags { get; private set; }

    /// <summary>True when the root selector allows every command, key and channel: commands need no ACL check.</summary>
    public bool IsUnrestricted => _selectors[0].IsUnrestricted;

    /// <summary><c>nopass</c> and not <c>off</c>: a new connection is authenticated as this user without AUTH.</summary>
    public bool AuthenticatesWithoutPassword => (Flags & (AclUserFlags.NoPass | AclUserFlags.Disabled)) == AclUserFlags.NoPass;

    /// <summary>The password hashes as 64 lower-case hex digits (ACL GETUSER passwords, ACL LIST #hash).</summary>
    public IEnumerable<string> PasswordHashes => _passwords.Select(Convert.ToHexStringLower);

    internal IReadOnlyList<AclSelector> Selectors => _selectors;

    /// <summary>
    /// Mirrors ACLSetUser in redis/redis src/acl.c: applies one rule. User rules are <c>on</c>, <c>off</c>,
    /// <c>nopass</c>, <c>resetpass</c>, <c>&gt;password</c>, <c>&lt;password</c>, <c>#hash</c>, <c>!hash</c>,
    /// <c>(selector rules)</c>, <c>clearselectors</c>, <c>reset</c> and the payload flags; anything else is a rule
    /// of the root selector. An empty rule does nothing. Returns why the rule was refused, if it was.
    /// </summary>
    public AclRuleError Apply(ReadOnlySpan<byte> op)
    {
        if (op.IsEmpty)
        {
            return AclRuleError.None;
        }
        if (Ascii.EqualsIgnoreCase(op, "on"u8))
        {
            Flags = (Flags | AclUserFlags.Enabled) & ~AclUserFlags.Disabled;
        }
        else if (Ascii.EqualsIgnoreCase(op, "off"u8))
        {
            Flags = (Flags | AclUserFlags.Disabled) & ~AclUserFlags.Enabled;
        }
        else if (Ascii.EqualsIgnoreCase(op, "skip-sanitize-payload"u8))
        {
            Flags = (Flags | AclUserFlags.SkipSanitizePayload) & ~AclUserFlags.SanitizePayload;
        }
        else if (Ascii.EqualsIgnoreCase(op, "sanitize-payload"u8))
        {
            Flags = (Flags | AclUserFlags.SanitizePayload) & ~AclUserFlags.SkipSanitizePayload;
        }
        else if (Ascii.EqualsIgnoreCase(op, "nopass"u8))
        {
            Flags |= AclUserFlags.NoPass;
            _passwords.Clear();
        }
        else if (Ascii.EqualsIgnoreCase(op, "resetpass"u8))
        {
            Flags &= ~AclUserFlags.NoPass;
            _passwords.Clear();
        }
        else if (op[0] is (byte)'>' or (byte)'#')
        {
            if (!TryGetHash(op, out byte[] hash))
            {
                return AclRuleError.BadPasswordHash;
            }
            if (!_passwords.Exists(p => p.AsSpan().SequenceEqual(hash)))
            {
                _passwords.Add(hash);
            }
            Flags &= ~AclUserFlags.NoPass;
        }
        else if (op[0] is (byte)'<' or (byte)'!')
        {
            if (!TryGetHash(op, out byte[] hash))
            {
                return AclRuleError.BadPasswordHash;
            }
            if (_passwords.RemoveAll(p => p.AsSpan().SequenceEqual(hash)) == 0)
            {
                return AclRuleError.NoSuchPassword;
            }
        }
        else if (op[0] == '(' && op[^1] == ')')
        {
            return AddSelector(op[1..^1]);
        }
        else if (Ascii.EqualsIgnoreCase(op, "clearselectors"u8))
        {
            _selectors.RemoveRange(1, _selectors.Count - 1);
        }
        else if (Ascii.EqualsIgnoreCase(op, "reset"u8))
        {
            Apply("resetpass"u8);
            Apply("resetkeys"u8);
            Apply("resetchannels"u8);
            if (_channelDefault != AclSelectorFlags.None)
            {
                Apply("allchannels"u8);
            }
            Apply("off"u8);
            Apply("sanitize-payload"u8);
            Apply("clearselectors"u8);
            Apply("-@all"u8);
        }
        else
        {
            return _selectors[0].Apply(op);
        }
        return AclRuleError.None;
    }

    /// <summary>
    /// ACLCheckUserCredentials for a user that exists: an enabled user authenticates with any password when
    /// <c>nopass</c>, else with one whose SHA-256 digest is among its hashes. Digests are compared in constant
    /// time, and all of them, so the time taken says nothing about which one matched.
    /// </summary>
    public bool CheckPassword(ReadOnlySpan<byte> password)
    {
        if ((Flags & AclUserFlags.Disabled) != 0)
        {
            return false;
        }
        if ((Flags & AclUserFlags.NoPass) != 0)
        {
            return true;
        }
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(password, hash);
        bool match = false;
        foreach (byte[] stored in _passwords)
        {
            match |= CryptographicOperations.FixedTimeEquals(hash, stored);
        }
        return match;
    }

    /// <summary>
    /// Mirrors ACLCheckAllUserCommandPerm in redis/redis src/acl.c: allowed when any selector allows the command.
    /// Otherwise the reason reported is a command denial when no selector got past the command, else the
    /// highest-ranked key or channel denial, at the last such argument (<paramref name="position"/>).
    /// </summary>
    internal AclDenial Check(CommandSpec command, AclRequest request, out int position)
    {
        AclDenial relevant = AclDenial.Command;
        position = 0;
        foreach (AclSelector selector in _selectors)
        {
            AclDenial denial = selector.Check(command, request, out int index);
            if (denial == AclDenial.None)
            {
                position = 0;
                return AclDenial.None;
            }
            if (denial > relevant || (denial == relevant && index > position))
            {
                relevant = denial;
                position = index;
            }
        }
        return relevant;
    }

    /// <summary>
    /// ACLDescribeUser: the flags, <c>#hash</c> for each password, the root selector's rules, then each other
    /// selector in parentheses, as in an ACL file (ACL LIST after <c>user name</c>).
    /// </summary>
    public string Describe()
    {
        var text = new StringBuilder();
        foreach ((AclUserFlags flag, string name) in s_flagNames)
        {
            if ((Flags & flag) != 0)
            {
                text.Append(name).Append(' ');
            }
        }
        foreach (string hash in PasswordHashes)
        {
            text.Append('#').Append(hash).Append(' ');
        }
        foreach (AclSelector selector in _selectors)
        {
            text.Append(selector.IsRoot ? selector.Describe() : $" ({selector.Describe()})");
        }
        return text.ToString();
    }

    /// <summary>The flag names in their order (ACL GETUSER flags).</summary>
    public IEnumerable<string> FlagNames => s_flagNames.Where(f => (Flags & f.Flag) != 0).Select(f => f.Name);

    /// <summary>ACLCreateUnlinkedUser + ACLCopyUser: a copy under the same name, to stage ACL SETUSER rules on.</summary>
    internal AclUser Clone()
    {
        var copy = new AclUser(Name, _channelDefault != AclSelectorFlags.None);
        copy.CopyFrom(this);
        return copy;
    }

    /// <summary>ACLCopyUser: takes <paramref name="source"/>'s flags, passwords and selectors, keeping this name.</summary>
    internal void CopyFrom(AclUser source)
    {
        Flags = source.Flags;
        _passwords.Clear();
        _passwords.AddRange(source._passwords);
        _selectors.Clear();
        _selectors.AddRange(source._selectors.Select(s => s.Clone()));
    }

    /// <summary>
    /// The <c>(rules)</c> form: a new selector with the space-separated rules inside the parentheses, split with
    /// sdssplitargs' quoting (aclCreateSelectorFromOpSet). Nothing is added if one rule is refused.
    /// </summary>
    private AclRuleError AddSelector(ReadOnlySpan<byte> rules)
    {
        var selector = new AclSelector(_channelDefault);
        byte[] line = rules.ToArray();
        var args = new ArgSlice[8];
        // Unbalanced quotes split into nothing, which Redis takes as an empty selector.
        if (InlineSplitter.TrySplit(line, ref args, out int count))
        {
            for (int i = 0; i < count; i++)
            {
                AclRuleError error = selector.Apply(line.AsSpan(args[i].Offset, args[i].Length));
                if (error != AclRuleError.None)
                {
                    return error;
                }
            }
        }
        _selectors.Add(selector);
        return AclRuleError.None;
    }

    // ">password" and "<password" hash the clear text (ACLHashPassword); "#hash" and "!hash" must already be one:
    // 64 lower-case hex digits (ACLCheckPasswordHash).
    private static bool TryGetHash(ReadOnlySpan<byte> op, out byte[] hash)
    {
        ReadOnlySpan<byte> value = op[1..];
        if (op[0] is (byte)'>' or (byte)'<')
        {
            hash = SHA256.HashData(value);
            return true;
        }
        hash = [];
        if (value.Length != SHA256.HashSizeInBytes * 2)
        {
            return false;
        }
        foreach (byte c in value)
        {
            if (c is not ((>= (byte)'0' and <= (byte)'9') or (>= (byte)'a' and <= (byte)'f')))
            {
                return false;
            }
        }
        hash = Convert.FromHexString(Encoding.ASCII.GetString(value));
        return true;
    }
}
