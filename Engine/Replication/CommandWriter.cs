namespace Reactor.MiniRedis.Engine.Replication;

/// <summary>
/// The arguments of one command being written for propagation, after its <c>*argc</c> header: returned by
/// <see cref="Commands.CommandContext.Rewrite"/> and <see cref="Commands.CommandContext.AlsoPropagate"/>, it takes
/// exactly the announced number of arguments through <see cref="Add(ReadOnlySpan{byte})"/>. When nothing is being
/// propagated (no AOF) it is empty and every call returns at once, so handlers never test for that themselves.
/// </summary>
public readonly struct CommandWriter
{
    private readonly CommandBuffer? _buffer;

    internal CommandWriter(CommandBuffer? buffer) => _buffer = buffer;

    /// <summary>False when nothing is recorded (propagation is off).</summary>
    public bool IsActive => _buffer is not null;

    /// <summary>Adds an argument (a request argument, a <c>u8</c> constant, a value).</summary>
    public CommandWriter Add(ReadOnlySpan<byte> argument)
    {
        _buffer?.AppendBulk(argument);
        return this;
    }

    /// <summary>Adds an integer argument in decimal (a count, an absolute expire time).</summary>
    public CommandWriter Add(long argument)
    {
        _buffer?.AppendBulk(argument);
        return this;
    }
}
