using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Engine.Commands;

/// <summary>
/// The arguments a command hides from MONITOR and the slow log: Redis's commands call redactClientCommandArgument
/// (redis/redis src/networking.c) on their secrets, so what others see afterwards is "(redacted)". Here the command's
/// arguments stay as sent and the feeds ask <see cref="IsRedacted"/> for each one.
/// </summary>
internal static class ArgumentRedaction
{
    /// <summary>What a redacted argument shows.</summary>
    public static ReadOnlySpan<byte> Redacted => "(redacted)"u8;

    /// <summary>
    /// Whether argument <paramref name="index"/> of the command in <paramref name="ctx"/> (already run) was redacted:
    /// every argument of AUTH (authCommand); every argument after ACL SETUSER (aclCommand redacts the user name and
    /// its rules); the value of a sensitive setting in CONFIG SET (configSetCommand: requirepass, masterauth,
    /// masteruser); the username and password after HELLO's AUTH option (helloCommand).
    /// </summary>
    public static bool IsRedacted(CommandContext ctx, int index)
    {
        switch (ctx.Command.Name)
        {
            case "auth":
                return index >= 1;
            case "acl|setuser":
                return index >= 2;
            case "config|set":
                return ctx.ArgCount % 2 == 0 && index >= 3 && index % 2 == 1 && IsSensitiveSetting(ctx.Arg(index - 1));
            case "hello":
                int from = HelloAuthArgument(ctx);
                return from != 0 && (index == from || index == from + 1);
            default:
                return false;
        }
    }

    // The settings flagged SENSITIVE_CONFIG in redis/redis src/config.c.
    private static bool IsSensitiveSetting(ReadOnlySpan<byte> name) =>
        System.Text.Ascii.EqualsIgnoreCase(name, "requirepass"u8) ||
        System.Text.Ascii.EqualsIgnoreCase(name, "masterauth"u8) ||
        System.Text.Ascii.EqualsIgnoreCase(name, "masteruser"u8);

    /// <summary>
    /// The index of the username HELLO's AUTH option redacted (with the password after it), or 0: helloCommand
    /// redacts them only once the protocol version was accepted, in its option loop, where SETNAME name is skipped
    /// and anything else stops it.
    /// </summary>
    private static int HelloAuthArgument(CommandContext ctx)
    {
        if (ctx.ArgCount < 2 || !NumericText.TryParseInt64(ctx.Arg(1), out long version) || version is < 2 or > 3)
        {
            return 0;
        }
        for (int j = 2; j < ctx.ArgCount; j++)
        {
            int more = ctx.ArgCount - 1 - j;
            if (ctx.ArgIs(j, "AUTH"u8) && more >= 2)
            {
                return j + 1;
            }
            if (!ctx.ArgIs(j, "SETNAME"u8) || more == 0)
            {
                break;
            }
            j++;
        }
        return 0;
    }
}
