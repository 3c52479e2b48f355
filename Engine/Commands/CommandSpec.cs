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
public sealed class CommandSpec(
    string Name,
    int Arity,
    CommandFlags Flags,
    int FirstKey,
    int LastKey,
    int Step,
    CommandGroup Group,
    CommandHandler? Handler,
    CommandSpec[]? Subcommands = null)
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

    /// <inheritdoc />
    public override string ToString() => Name;
}
