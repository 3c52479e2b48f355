using Reactor.MiniRedis.Engine.Commands;
using Reactor.MiniRedis.Engine.Networking;
using Reactor.MiniRedis.Protocol;

namespace Reactor.MiniRedis.Engine.PubSub;

/// <summary>
/// The limits processCommand (redis/redis src/server.c) puts on a connection that carries messages instead of
/// replies: a RESP2 client with subscriptions can only (un)subscribe, PING, QUIT and RESET (RESP3 clients, whose
/// messages are out-of-band pushes, have no such limit), and a MONITOR client, flagged as a replica in Redis, may not
/// touch the keyspace.
/// </summary>
internal static class PubSubContext
{
    /// <summary>
    /// The error that refuses <paramref name="command"/> from <paramref name="client"/> (known to be subscribed or
    /// monitoring), or null when it may run.
    /// </summary>
    public static string? Refusal(Connection client, CommandSpec command)
    {
        if ((client.Flags & ClientFlags.PubSub) != 0 && client.ProtocolVersion == 2 && command.Name is not
            ("ping" or "subscribe" or "ssubscribe" or "unsubscribe" or "sunsubscribe" or "psubscribe" or "punsubscribe" or "quit" or "reset"))
        {
            return ErrorText.PubSubContext(command.Name);
        }
        if ((client.Flags & ClientFlags.Monitor) != 0 &&
            (command.Flags & (CommandFlags.Write | CommandFlags.ReadOnly | CommandFlags.MayReplicate)) != 0)
        {
            return ErrorText.ReplicaKeyspaceAccess;
        }
        return null;
    }
}
