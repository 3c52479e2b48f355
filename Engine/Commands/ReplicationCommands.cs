using Reactor.MiniRedis.Engine.Blocking;
using Reactor.MiniRedis.Engine.Networking;
using Reactor.MiniRedis.Protocol;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Engine.Commands;

/// <summary>The replication commands of redis/redis src/replication.c that make sense for a master without replicas.</summary>
public static class ReplicationCommands
{
    /// <summary>WAIT numreplicas timeout</summary>
    /// <remarks>
    /// Mirrors waitCommand: numreplicas as a long (the integer error), then the timeout in milliseconds
    /// (getTimeoutFromObjectOrReply: <c>timeout is not an integer or out of range</c>, <c>timeout is negative</c>).
    /// The reply is the number of replicas that acknowledged every write of this connection, and there are none.
    /// So, as in Redis without replicas: 0 at once when numreplicas ≤ 0 or the client cannot block (inside EXEC);
    /// otherwise the client blocks (BLOCKED_WAIT) until the timeout, for ever with timeout 0, or CLIENT UNBLOCK,
    /// and then gets 0.
    /// </remarks>
    public static void Wait(CommandContext ctx)
    {
        if (!ctx.TryGetInt64(1, out long replicas))
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
        if (replicas <= 0 || (ctx.Client.Flags & (ClientFlags.Multi | ClientFlags.DenyBlocking)) != 0)
        {
            ctx.Reply.WriteInteger(0);
            return;
        }
        long now = ctx.Server.Loop.NowMilliseconds;
        long deadline = timeout == 0 ? 0 : timeout > long.MaxValue / 2 - now ? long.MaxValue / 2 : now + timeout;
        ctx.Server.Blocking.Block(ctx, BlockedType.Wait, firstKey: 1, keyCount: 0, deadline);
    }
}
