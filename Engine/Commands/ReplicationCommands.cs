using Reactor.MiniRedis.Protocol;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Engine.Commands;

/// <summary>The replication commands of redis/redis src/replication.c that make sense for a master without replicas.</summary>
public static class ReplicationCommands
{
    /// <summary>WAIT numreplicas timeout</summary>
    /// <remarks>
    /// Mirrors waitCommand's parsing: numreplicas as a long (the integer error), then the timeout in milliseconds
    /// (getTimeoutFromObjectOrReply: <c>timeout is not an integer or out of range</c>, <c>timeout is negative</c>).
    /// The reply is the number of replicas that acknowledged every write of this connection: there are none, so it
    /// is 0 at once. Redis also answers 0 at once when numreplicas ≤ 0; when more are asked for, it blocks the client
    /// until the timeout (for ever with timeout 0), since no replica can ever acknowledge. We reply 0 immediately in
    /// that case too rather than holding the connection for nothing.
    /// </remarks>
    public static void Wait(CommandContext ctx)
    {
        if (!ctx.TryGetInt64(1, out _))
        {
            return;
        }
        if (!NumericText.TryParseInt64(ctx.Arg(2), out long timeout))
        {
            ctx.Error(ErrorText.TimeoutNotInteger);
            return;
        }
        if (timeout < 0)
        {
            ctx.Error(ErrorText.TimeoutNegative);
            return;
        }
        ctx.Reply.WriteInteger(0);
    }
}
