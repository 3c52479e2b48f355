using Reactor.MiniRedis.Engine.Commands;

namespace Reactor.MiniRedis.Engine.Security;

/// <summary>
/// The command line an ACL check looks at: the running command's arguments, or those after <c>ACL DRYRUN user</c>.
/// Its keys are found once and shared by every selector of the user (aclKeyResultCache in redis/redis src/acl.c).
/// Only checks of restricted users build one, so the default user's commands allocate nothing here.
/// </summary>
internal sealed class AclRequest(CommandContext ctx, int offset)
{
    private List<(int Position, KeyFlags Flags)>? _keys;

    /// <summary>Arguments, including the command name.</summary>
    public int Count => ctx.ArgCount - offset;

    /// <summary>Argument <paramref name="index"/> (0 is the command name).</summary>
    public ReadOnlySpan<byte> Arg(int index) => ctx.Arg(offset + index);

    /// <summary>The keys of <paramref name="command"/> in this line, found with the table's key specs (getKeysFromCommandWithSpecs).</summary>
    public List<(int Position, KeyFlags Flags)> Keys(CommandSpec command)
    {
        if (_keys is null)
        {
            var argv = new byte[Count][];
            for (int i = 0; i < argv.Length; i++)
            {
                argv[i] = Arg(i).ToArray();
            }
            _keys = CommandKeys.Find(command, argv);
        }
        return _keys;
    }
}
