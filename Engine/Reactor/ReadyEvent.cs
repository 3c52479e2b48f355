namespace Reactor.MiniRedis.Engine.Reactor;

/// <summary>One ready socket returned by <see cref="IPoller.Wait"/>: its registration token and what it is ready for.</summary>
public readonly record struct ReadyEvent(int Token, Interest Ready);
