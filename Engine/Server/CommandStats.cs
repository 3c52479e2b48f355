namespace Reactor.MiniRedis.Engine.Server;

/// <summary>
/// One command's counters for INFO commandstats (the calls/microseconds/rejected_calls/failed_calls fields of
/// struct redisCommand). Each server keeps its own array, indexed by <see cref="Commands.CommandSpec.Id"/>.
/// </summary>
public struct CommandStats
{
    public long Calls;
    public long Microseconds;
    public long RejectedCalls;
    public long FailedCalls;

    /// <summary>True when the command has been called, rejected or failed since the last reset.</summary>
    public readonly bool IsEmpty => Calls == 0 && RejectedCalls == 0 && FailedCalls == 0;
}
