using System.Text;
using Reactor.MiniRedis.Engine.Networking;
using Reactor.MiniRedis.Engine.Security;
using Reactor.MiniRedis.Engine.Server;
using Reactor.MiniRedis.Engine.Transactions;
using Reactor.MiniRedis.Protocol;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Engine.Commands;

/// <summary>Connection commands (redis/redis src/server.c, src/networking.c, src/acl.c).</summary>
public static class ConnectionCommands
{
    /// <summary>PING [message]</summary>
    /// <remarks>
    /// Mirrors pingCommand: a RESP2 client in the Pub/Sub context gets <c>["pong", message]</c> (an empty message
    /// by default), shaped like the messages it is reading.
    /// </remarks>
    public static void Ping(CommandContext ctx)
    {
        if (ctx.ArgCount > 2)
        {
            ctx.Error(ErrorText.WrongArity("ping"));
        }
        else if ((ctx.Client.Flags & ClientFlags.PubSub) != 0 && ctx.Client.ProtocolVersion == 2)
        {
            ctx.Reply.WriteArrayHeader(2);
            ctx.Reply.WriteBulk("pong"u8);
            ctx.Reply.WriteBulk(ctx.ArgCount == 1 ? default : ctx.Arg(1));
        }
        else if (ctx.ArgCount == 1)
        {
            ctx.Reply.WriteRaw("+PONG\r\n"u8);
        }
        else
        {
            ctx.Reply.WriteBulk(ctx.Arg(1));
        }
    }

    /// <summary>ECHO message</summary>
    public static void Echo(CommandContext ctx) => ctx.Reply.WriteBulk(ctx.Arg(1));

    /// <summary>QUIT: replies OK, then the connection closes once the reply is written.</summary>
    public static void Quit(CommandContext ctx)
    {
        ctx.Reply.WriteOk();
        ctx.Client.Flags |= ClientFlags.CloseAfterReply;
    }

    /// <summary>SELECT index</summary>
    public static void Select(CommandContext ctx)
    {
        if (!NumericText.TryParseInt64(ctx.Arg(1), out long index) || index < int.MinValue || index > int.MaxValue)
        {
            ctx.Error(ErrorText.NotInteger); // getIntFromObjectOrReply
            return;
        }
        if (index < 0 || index >= ctx.Server.Keyspace.Count)
        {
            ctx.Error(ErrorText.DbIndexOutOfRange);
            return;
        }
        ctx.Client.Select(ctx.Server.Keyspace[(int)index]);
        ctx.Reply.WriteOk();
    }

    /// <summary>
    /// HELLO [protover [AUTH username password] [SETNAME clientname]]
    /// Mirrors helloCommand in redis/redis src/networking.c (7.0): protocols 2 and 3 are spoken (any other version
    /// gets <c>-NOPROTO</c>), and the reply is a map, so a client switching to RESP3 already reads it as one. The
    /// options take effect in order, as in Redis: AUTH authenticates and SETNAME names the client even when a later
    /// option is refused; then a client that is still not authenticated gets <c>-NOAUTH</c>.
    /// </summary>
    public static void Hello(CommandContext ctx)
    {
        long version = 0;
        int next = 1;
        if (ctx.ArgCount >= 2)
        {
            if (!NumericText.TryParseInt64(ctx.Arg(1), out version))
            {
                ctx.Error(ErrorText.ProtocolVersionNotInteger);
                return;
            }
            if (version < 2 || version > 3)
            {
                ctx.Error(ErrorText.NoProto);
                return;
            }
            next = 2;
        }

        for (int j = next; j < ctx.ArgCount; j++)
        {
            int more = ctx.ArgCount - 1 - j;
            if (ctx.ArgIs(j, "AUTH"u8) && more >= 2)
            {
                if (!AccessControl.Authenticate(ctx, ctx.Arg(j + 1), ctx.Arg(j + 2)))
                {
                    ctx.Error(ErrorText.WrongPass);
                    return;
                }
                j += 2;
            }
            else if (ctx.ArgIs(j, "SETNAME"u8) && more >= 1)
            {
                if (!ClientCommands.TrySetName(ctx, ctx.Arg(j + 1)))
                {
                    return;
                }
                j++;
            }
            else
            {
                ctx.Error(ErrorText.HelloSyntax(ctx.Arg(j)));
                return;
            }
        }
        if (!ctx.Client.Authenticated)
        {
            ctx.Error(ErrorText.HelloNoAuth);
            return;
        }
        if (version != 0)
        {
            ctx.Client.ProtocolVersion = (int)version;
        }

        ReplyWriter reply = ctx.Reply;
        reply.WriteMapHeader(7);
        reply.WriteBulk("server"u8);
        reply.WriteBulk("redis"u8);
        reply.WriteBulk("version"u8);
        reply.WriteBulk(Encoding.ASCII.GetBytes(RedisServer.RedisVersion));
        reply.WriteBulk("proto"u8);
        reply.WriteInteger(ctx.Client.ProtocolVersion);
        reply.WriteBulk("id"u8);
        reply.WriteInteger(ctx.Client.Id);
        reply.WriteBulk("mode"u8);
        reply.WriteBulk("standalone"u8);
        reply.WriteBulk("role"u8);
        reply.WriteBulk("master"u8);
        reply.WriteBulk("modules"u8);
        reply.WriteEmptyArray();
    }

    /// <summary>
    /// AUTH [username] password
    /// Mirrors authCommand in redis/redis src/acl.c: the one-argument form authenticates as the default user, and is
    /// refused with Redis's hint while that user needs no password; a wrong pair (or a disabled user) gets
    /// <c>-WRONGPASS</c> and an ACL LOG entry.
    /// </summary>
    public static void Auth(CommandContext ctx)
    {
        if (ctx.ArgCount > 3)
        {
            ctx.SyntaxError();
            return;
        }
        ReadOnlySpan<byte> username = "default"u8, password = ctx.Arg(ctx.ArgCount - 1);
        if (ctx.ArgCount == 2)
        {
            if ((ctx.Server.Config.Acl.DefaultUser.Flags & AclUserFlags.NoPass) != 0)
            {
                ctx.Error(ErrorText.AuthWithoutPassword);
                return;
            }
        }
        else
        {
            username = ctx.Arg(1);
        }
        if (AccessControl.Authenticate(ctx, username, password))
        {
            ctx.Reply.WriteOk();
        }
        else
        {
            ctx.Error(ErrorText.WrongPass);
        }
    }

    /// <summary>
    /// RESET: clearClientConnectionState in redis/redis src/networking.c, for the state a connection has here:
    /// no transaction and no watched keys, tracking off, database 0, protocol 2, out of MONITOR mode, no
    /// subscriptions (dropped without confirmations), no name, no NO-EVICT, replies on, the default user
    /// (authenticated only if it needs no password).
    /// </summary>
    public static void Reset(CommandContext ctx)
    {
        Connection client = ctx.Client;
        MultiExec.Discard(ctx.Server, client); // clearClientConnectionState: discardTransaction (and unwatch)
        ctx.Server.Monitors.Remove(client);
        if ((client.Flags & ClientFlags.Tracking) != 0)
        {
            ctx.Server.Tracking.Disable(client);
        }
        client.Select(ctx.Server.Keyspace[0]);
        client.ProtocolVersion = 2;
        ctx.Server.PubSub.RemoveClient(client);
        client.Flags &= ~(ClientFlags.PubSub | ClientFlags.NoEvict | ClientFlags.ReplyOff | ClientFlags.ReplySkipNext);
        client.Name = null;
        AccessControl.SetDefaultAuth(client, ctx.Server.Config.Acl);
        ctx.Reply.WriteSimpleString("RESET"u8);
    }

    /// <summary>READONLY, READWRITE, ASKING: cluster-mode connection commands; outside cluster mode Redis refuses them.</summary>
    public static void ClusterOnly(CommandContext ctx) => ctx.Error(ErrorText.ClusterSupportDisabled);
}
