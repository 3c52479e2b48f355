using System.Text;

namespace Reactor.MiniRedis.Engine.Commands;

/// <summary>Finds a command (or a container's subcommand) by name from request bytes, ignoring case, without allocating.</summary>
public sealed class CommandLookup
{
    private readonly Dictionary<byte[], CommandSpec>.AlternateLookup<ReadOnlySpan<byte>> _byName;

    /// <summary>Indexes <paramref name="commands"/> by their leaf names.</summary>
    public CommandLookup(IEnumerable<CommandSpec> commands)
    {
        var byName = new Dictionary<byte[], CommandSpec>(CaseInsensitiveNameComparer.Instance);
        foreach (CommandSpec command in commands)
        {
            byName.Add(Encoding.ASCII.GetBytes(command.LeafName), command);
        }
        _byName = byName.GetAlternateLookup<ReadOnlySpan<byte>>();
        Count = byName.Count;
    }

    /// <summary>How many commands are indexed.</summary>
    public int Count { get; }

    /// <summary>The command named <paramref name="name"/> (any case), or null.</summary>
    public CommandSpec? Find(ReadOnlySpan<byte> name) => _byName.TryGetValue(name, out CommandSpec? spec) ? spec : null;
}
