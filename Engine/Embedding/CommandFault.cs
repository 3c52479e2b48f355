using Reactor.MiniRedis.Engine.Commands;

namespace Reactor.MiniRedis.Engine.Embedding;

/// <summary>
/// One injected fault, waiting for the next <see cref="Remaining"/> commands it matches: answer them with an error,
/// hold their replies back for a while, or send their replies in small pieces.
/// </summary>
internal sealed class CommandFault
{
    private readonly HashSet<string>? _commands;
    private readonly CommandFlags _exemptFlags;

    private CommandFault(int count, IEnumerable<string>? commands, CommandFlags exemptFlags)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        Remaining = count;
        _exemptFlags = exemptFlags;
        if (commands is not null && commands.Any())
        {
            // "CONFIG GET", "config|get" and "Config  Get" all name the table's "config|get".
            _commands = new HashSet<string>(commands.Select(c =>
                string.Join('|', c.Split([' ', '|'], StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant()));
        }
    }

    /// <summary>The error text to answer with (no leading '-'), or null for a reply fault.</summary>
    public byte[]? Error { get; private init; }

    /// <summary>How long the replies are held back.</summary>
    public TimeSpan Delay { get; private init; }

    /// <summary>The largest piece a reply is sent in (0: whole).</summary>
    public int ChunkSize { get; private init; }

    /// <summary>The pause between two pieces.</summary>
    public TimeSpan Pause { get; private init; }

    /// <summary>How many more matching commands this fault applies to.</summary>
    public int Remaining { get; set; }

    /// <summary>
    /// Answers with <paramref name="error"/>. Commands carrying one of <paramref name="exemptFlags"/> pass, as the
    /// commands flagged <c>loading</c> pass Redis's LOADING check and <c>allow-busy</c> ones its BUSY check.
    /// </summary>
    public static CommandFault Reply(byte[] error, int count, IEnumerable<string>? commands, CommandFlags exemptFlags = CommandFlags.None) =>
        new(count, commands, exemptFlags) { Error = error };

    /// <summary>Holds back replies for <paramref name="delay"/>.</summary>
    public static CommandFault Hold(TimeSpan delay, int count, IEnumerable<string>? commands) =>
        new(count, commands, CommandFlags.None) { Delay = delay };

    /// <summary>Sends replies <paramref name="chunkSize"/> bytes at a time, <paramref name="pause"/> apart.</summary>
    public static CommandFault Split(int chunkSize, TimeSpan pause, int count, IEnumerable<string>? commands) =>
        new(count, commands, CommandFlags.None) { ChunkSize = chunkSize, Pause = pause };

    /// <summary>
    /// True when the fault applies to <paramref name="command"/>: it is one of the commands named (a container
    /// name like <c>config</c> takes in its subcommands; <c>config get</c> or <c>config|get</c> names one), or none
    /// were named, and it carries none of the exempt flags.
    /// </summary>
    public bool Matches(CommandSpec command)
    {
        if ((command.Flags & _exemptFlags) != 0)
        {
            return false;
        }
        if (_commands is null)
        {
            return true;
        }
        int bar = command.Name.IndexOf('|');
        return _commands.Contains(command.Name) || (bar > 0 && _commands.Contains(command.Name[..bar]));
    }
}
