using Reactor.MiniRedis.Engine.Security;

namespace Reactor.MiniRedis.Engine.Commands;

/// <summary>
/// One row of the command table: the fields of <c>struct redisCommand</c> in redis/redis src/server.h.
/// </summary>
/// <param name="Name">The lower-case full name: <c>get</c>, or <c>config|get</c> for a subcommand.</param>
/// <param name="Arity">Arguments including the name; negative means "at least -Arity".</param>
/// <param name="Flags">CMD_* flags.</param>
/// <param name="FirstKey">Index of the first key argument, 0 when the command takes no key.</param>
/// <param name="LastKey">Index of the last key argument; -1 means the last argument.</param>
/// <param name="Step">Distance between keys (2 for MSET).</param>
/// <param name="Group">The command's family.</param>
/// <param name="Handler">The implementation; null for a container such as CONFIG.</param>
/// <param name="Subcommands">A container's subcommands.</param>
/// <param name="KeySpecs">
/// Redis's key specs, where the one derived from <paramref name="FirstKey"/>, <paramref name="LastKey"/> and
/// <paramref name="Step"/> (a range with RO, access flags for a read-only command, else RW, update) is not the real one.
/// </param>
/// <param name="GetKeys">The command's getkeys function, for keys the key specs cannot find exactly.</param>
public sealed class CommandSpec(
    string Name,
    int Arity,
    CommandFlags Flags,
    int FirstKey,
    int LastKey,
    int Step,
    CommandGroup Group,
    CommandHandler? Handler,
    CommandSpec[]? Subcommands = null,
    KeySpec[]? KeySpecs = null,
    GetKeysProc? GetKeys = null)
{
    public string Name { get; } = Name;
    public int Arity { get; } = Arity;
    public CommandFlags Flags { get; } = Flags;
    public int FirstKey { get; } = FirstKey;
    public int LastKey { get; } = LastKey;
    public int Step { get; } = Step;
    public CommandGroup Group { get; } = Group;
    public CommandHandler? Handler { get; } = Handler;
    public CommandSpec[]? Subcommands { get; } = Subcommands;
    public KeySpec[] KeySpecs { get; } = KeySpecs ?? DeriveKeySpecs(Flags, FirstKey, LastKey, Step);
    public GetKeysProc? GetKeys { get; } = GetKeys;

    /// <summary>
    /// The command's ACL categories (<c>acl_categories</c> of <c>struct redisCommand</c>): derived from its doc
    /// entry, group and flags as the row is built, as Redis does (ACL CAT, ACL SETUSER +@category, COMMAND INFO).
    /// </summary>
    public AclCategory Categories { get; } = AclCategories.Of(Name, Group, Flags);

    private CommandLookup? _subcommandLookup;

    /// <summary>Finds a subcommand of this container by name (any case); null when there is none.</summary>
    public CommandSpec? FindSubcommand(ReadOnlySpan<byte> name)
    {
        if (Subcommands is null)
        {
            return null;
        }
        _subcommandLookup ??= new CommandLookup(Subcommands);
        return _subcommandLookup.Find(name);
    }

    /// <summary>The name after the container for a subcommand (<c>get</c> for <c>config|get</c>), else the name.</summary>
    public string LeafName => Name.Contains('|') ? Name[(Name.IndexOf('|') + 1)..] : Name;

    /// <summary>True for a container command whose work is done by its subcommands.</summary>
    public bool IsContainer => Subcommands is not null;

    /// <summary>
    /// The row's position in <see cref="CommandTable.Flattened"/>, assigned once when the table is built; servers
    /// index their per-command statistics with it, so rows stay immutable and shareable between servers.
    /// </summary>
    public int Id { get; internal set; } = -1;

    /// <summary>Whether <paramref name="argc"/> arguments (including the name) satisfy the arity.</summary>
    public bool AcceptsArgumentCount(int argc) => Arity > 0 ? argc == Arity : argc >= -Arity;

    // The one range key spec (first, last, step) describes, as Redis's legacy range: the last key relative to the
    // first when positive; RO, access for a read-only command, else RW, update.
    private static KeySpec[] DeriveKeySpecs(CommandFlags flags, int firstKey, int lastKey, int step)
    {
        if (firstKey <= 0)
        {
            return [];
        }
        KeyFlags keyFlags = (flags & CommandFlags.ReadOnly) != 0 ? KeyFlags.RO | KeyFlags.Access : KeyFlags.RW | KeyFlags.Update;
        return [KeySpec.Range(firstKey, lastKey >= 0 ? lastKey - firstKey : lastKey, step, keyFlags)];
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
