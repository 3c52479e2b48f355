using Reactor.MiniRedis.Engine.Networking;
using Reactor.MiniRedis.Protocol;

namespace Reactor.MiniRedis.Engine.Commands;

/// <summary>MONITOR (monitorCommand in redis/redis src/replication.c).</summary>
public static class MonitorCommand
{
    /// <summary>MONITOR</summary>
    /// <remarks>
    /// Replies +OK and from then on the client receives a line for every command run by any client (see
    /// <see cref="PubSub.MonitorFeed"/>). A client already monitoring gets no reply at all, as in Redis. Inside
    /// EXEC the client expects one reply per command (CLIENT_DENY_BLOCKING), so MONITOR is refused there.
    /// </remarks>
    public static void Monitor(CommandContext ctx)
    {
        if ((ctx.Client.Flags & ClientFlags.DenyBlocking) != 0)
        {
            ctx.Error(ErrorText.MonitorDenyBlocking);
            return;
        }
        if ((ctx.Client.Flags & ClientFlags.Monitor) != 0)
        {
            return;
        }
        ctx.Server.Monitors.Add(ctx.Client);
        ctx.Reply.WriteOk();
    }
}
