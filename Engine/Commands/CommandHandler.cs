namespace Reactor.MiniRedis.Engine.Commands;

/// <summary>A command implementation: reads its arguments from the context and writes exactly one reply.</summary>
public delegate void CommandHandler(CommandContext context);
