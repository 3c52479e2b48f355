using Reactor.MiniRedis.Engine.Commands;
using Reactor.MiniRedis.Protocol;

namespace Reactor.MiniRedis.Engine.Transactions;

/// <summary>
/// One command queued between MULTI and EXEC (multiCmd in redis/redis src/server.h): the command found at queueing
/// time and a private copy of its arguments, since the query buffer they came from is reused by the next request.
/// <see cref="Arguments"/> are slices of <see cref="Buffer"/>, the shape <see cref="CommandContext"/> runs on.
/// </summary>
internal sealed class QueuedCommand(CommandSpec command, byte[] buffer, ArgSlice[] arguments)
{
    public CommandSpec Command { get; } = command;

    public byte[] Buffer { get; } = buffer;

    public ArgSlice[] Arguments { get; } = arguments;
}
