using System.Text;

namespace Reactor.MiniRedis.Engine.Commands;

/// <summary>The reply of the HELP subcommands (CLIENT HELP, CONFIG HELP, COMMAND HELP).</summary>
internal static class HelpReply
{
    /// <summary>
    /// addReplyHelp (redis/redis src/networking.c): a header naming the command as sent, upper-cased, then
    /// <paramref name="lines"/>, then the HELP entry itself, all as status replies in one array.
    /// </summary>
    public static void Write(CommandContext ctx, string[] lines)
    {
        ctx.Reply.WriteArrayHeader(lines.Length + 3);
        string command = Encoding.Latin1.GetString(ctx.Arg(0)).ToUpperInvariant();
        ctx.Reply.WriteSimpleString(Encoding.Latin1.GetBytes($"{command} <subcommand> [<arg> [value] [opt] ...]. Subcommands are:"));
        foreach (string line in lines)
        {
            ctx.Reply.WriteSimpleString(Encoding.ASCII.GetBytes(line));
        }
        ctx.Reply.WriteSimpleString("HELP"u8);
        ctx.Reply.WriteSimpleString("    Prints this help."u8);
    }
}
