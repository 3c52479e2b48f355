using System.Globalization;
using System.Text;
using Reactor.MiniRedis.Engine.Networking;
using Reactor.MiniRedis.Engine.Reactor;
using Reactor.MiniRedis.Protocol;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Engine.Commands;

/// <summary>The CLIENT subcommands (clientCommand and friends in redis/redis src/networking.c).</summary>
public static class ClientCommands
{
    private static readonly string[] s_help =
    [
        "GETNAME",
        "    Return the name of the current connection.",
        "ID",
        "    Return the ID of the current connection.",
        "INFO",
        "    Return information about the current client connection.",
        "KILL <ip:port>",
        "    Kill connection made from <ip:port>.",
        "KILL <option> <value> [<option> <value> [...]]",
        "    Kill connections. Options are:",
        "    * ADDR (<ip:port>|<unixsocket>:0)",
        "      Kill connections made from the specified address",
        "    * LADDR (<ip:port>|<unixsocket>:0)",
        "      Kill connections made to specified local address",
        "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
        "      Kill connections by type.",
        "    * USER <username>",
        "      Kill connections authenticated by <username>.",
        "    * SKIPME (YES|NO)",
        "      Skip killing current connection (default: yes).",
        "LIST [options ...]",
        "    Return information about client connections. Options:",
        "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
        "      Return clients of specified type.",
        "SETNAME <name>",
        "    Assign the name <name> to the current connection.",
        "SETINFO <option> <value>",
        "    Set client meta attr. Options are:",
        "    * LIB-NAME: the client lib name.",
        "    * LIB-VER: the client lib version.",
        "UNBLOCK <clientid> [TIMEOUT|ERROR]",
        "    Unblock the specified blocked client.",
    ];

    /// <summary>CLIENT_TYPE_* of redis/redis src/server.h.</summary>
    private enum ClientType
    {
        Normal,
        Replica,
        PubSub,
        Master,
    }

    /// <summary>CLIENT ID</summary>
    public static void Id(CommandContext ctx) => ctx.Reply.WriteInteger(ctx.Client.Id);

    /// <summary>CLIENT SETNAME connection-name</summary>
    public static void SetName(CommandContext ctx)
    {
        if (TrySetName(ctx, ctx.Arg(2)))
        {
            ctx.Reply.WriteOk();
        }
    }

    /// <summary>CLIENT GETNAME</summary>
    public static void GetName(CommandContext ctx)
    {
        if (ctx.Client.Name is null)
        {
            ctx.Reply.WriteNullBulk();
        }
        else
        {
            ctx.Reply.WriteBulk(Encoding.ASCII.GetBytes(ctx.Client.Name));
        }
    }

    /// <summary>
    /// CLIENT SETINFO LIB-NAME libname | LIB-VER libver. Redis added this in 7.2; it is answered here because
    /// client libraries (StackExchange.Redis, redis-py) send it on connect. Mirrors clientSetinfoCommand.
    /// </summary>
    public static void SetInfo(CommandContext ctx)
    {
        bool isName = ctx.ArgIs(2, "lib-name"u8);
        if (!isName && !ctx.ArgIs(2, "lib-ver"u8))
        {
            ctx.Error(ErrorText.UnrecognizedOption(ctx.Arg(2)));
            return;
        }
        ReadOnlySpan<byte> value = ctx.Arg(3);
        if (!IsValidAttribute(value))
        {
            ctx.Error(ErrorText.ClientAttributeInvalid(ctx.Arg(2)));
            return;
        }
        string? text = value.IsEmpty ? null : Encoding.ASCII.GetString(value);
        if (isName)
        {
            ctx.Client.LibraryName = text;
        }
        else
        {
            ctx.Client.LibraryVersion = text;
        }
        ctx.Reply.WriteOk();
    }

    /// <summary>CLIENT LIST [TYPE NORMAL | MASTER | REPLICA | PUBSUB] [ID client-id [client-id ...]]</summary>
    public static void List(CommandContext ctx)
    {
        var text = new StringBuilder();
        if (ctx.ArgCount == 2)
        {
            foreach (Connection client in ClientsInOrder(ctx))
            {
                AppendClientInfo(ctx, client, text).Append('\n');
            }
        }
        else if (ctx.ArgCount == 4 && ctx.ArgIs(2, "type"u8))
        {
            if (!TryParseClientType(ctx.Arg(3), out ClientType type))
            {
                ctx.Error(ErrorText.UnknownClientType(ctx.Arg(3)));
                return;
            }
            foreach (Connection client in ClientsInOrder(ctx))
            {
                if (TypeOf(client) == type)
                {
                    AppendClientInfo(ctx, client, text).Append('\n');
                }
            }
        }
        else if (ctx.ArgCount > 3 && ctx.ArgIs(2, "id"u8))
        {
            for (int i = 3; i < ctx.ArgCount; i++)
            {
                if (!NumericText.TryParseInt64(ctx.Arg(i), out long id))
                {
                    ctx.Error(ErrorText.InvalidClientId);
                    return;
                }
                if (ctx.Server.Clients.TryGetValue(id, out Connection? client))
                {
                    AppendClientInfo(ctx, client, text).Append('\n');
                }
            }
        }
        else
        {
            ctx.SyntaxError();
            return;
        }
        ctx.Reply.WriteBulk(Encoding.ASCII.GetBytes(text.ToString()));
    }

    /// <summary>CLIENT INFO: the current client's CLIENT LIST line.</summary>
    public static void Info(CommandContext ctx) =>
        ctx.Reply.WriteBulk(Encoding.ASCII.GetBytes(AppendClientInfo(ctx, ctx.Client, new StringBuilder()).Append('\n').ToString()));

    /// <summary>
    /// CLIENT KILL ip:port | CLIENT KILL [ID client-id] [TYPE NORMAL | MASTER | SLAVE | REPLICA | PUBSUB]
    /// [USER username] [ADDR ip:port] [LADDR ip:port] [SKIPME YES | NO] ...
    /// Mirrors clientKillCommand: the old form may kill the caller and replies OK or an error; the filter form
    /// skips the caller unless SKIPME NO and replies the number killed. The caller is closed after its reply.
    /// </summary>
    public static void Kill(CommandContext ctx)
    {
        string? address = null, localAddress = null;
        ClientType? type = null;
        long id = 0;
        bool skipMe = true;
        if (ctx.ArgCount == 3)
        {
            address = Encoding.Latin1.GetString(ctx.Arg(2));
            skipMe = false;
        }
        else
        {
            for (int i = 2; i < ctx.ArgCount; i += 2)
            {
                if (i + 1 >= ctx.ArgCount)
                {
                    ctx.SyntaxError();
                    return;
                }
                ReadOnlySpan<byte> value = ctx.Arg(i + 1);
                if (ctx.ArgIs(i, "id"u8))
                {
                    if (!NumericText.TryParseInt64(value, out id) || id < 1)
                    {
                        ctx.Error(ErrorText.ClientIdNotPositive);
                        return;
                    }
                }
                else if (ctx.ArgIs(i, "type"u8))
                {
                    if (!TryParseClientType(value, out ClientType parsed))
                    {
                        ctx.Error(ErrorText.UnknownClientType(value));
                        return;
                    }
                    type = parsed;
                }
                else if (ctx.ArgIs(i, "addr"u8))
                {
                    address = Encoding.Latin1.GetString(value);
                }
                else if (ctx.ArgIs(i, "laddr"u8))
                {
                    localAddress = Encoding.Latin1.GetString(value);
                }
                else if (ctx.ArgIs(i, "user"u8))
                {
                    // Only the default user exists, and every client is authenticated as it.
                    if (!value.SequenceEqual("default"u8))
                    {
                        ctx.Error(ErrorText.NoSuchUser(value));
                        return;
                    }
                }
                else if (ctx.ArgIs(i, "skipme"u8) && (Ascii.EqualsIgnoreCase(value, "yes"u8) || Ascii.EqualsIgnoreCase(value, "no"u8)))
                {
                    skipMe = Ascii.EqualsIgnoreCase(value, "yes"u8);
                }
                else
                {
                    ctx.SyntaxError();
                    return;
                }
            }
        }

        int killed = 0;
        bool closeCaller = false;
        foreach (Connection client in ClientsInOrder(ctx))
        {
            if ((address is not null && client.RemoteAddress != address)
                || (localAddress is not null && client.LocalAddress != localAddress)
                || (type is { } wanted && TypeOf(client) != wanted)
                || (id != 0 && client.Id != id)
                || (client == ctx.Client && skipMe))
            {
                continue;
            }
            if (client == ctx.Client)
            {
                closeCaller = true;
            }
            else
            {
                client.Close();
            }
            killed++;
        }
        if (ctx.ArgCount == 3)
        {
            if (killed == 0)
            {
                ctx.Error(ErrorText.NoSuchClient);
            }
            else
            {
                ctx.Reply.WriteOk();
            }
        }
        else
        {
            ctx.Reply.WriteInteger(killed);
        }
        if (closeCaller)
        {
            ctx.Client.Flags |= ClientFlags.CloseAfterReply;
        }
    }

    /// <summary>CLIENT HELP</summary>
    public static void Help(CommandContext ctx) => HelpReply.Write(ctx, s_help);

    /// <summary>CLIENT UNBLOCK client-id [TIMEOUT | ERROR]</summary>
    /// <remarks>
    /// Mirrors clientCommand's UNBLOCK branch: more than one option is the subcommand syntax error, an option other
    /// than TIMEOUT or ERROR is rejected before the id is parsed. A client blocked in BLPOP and friends is unblocked
    /// as if its timeout had expired (a nil reply) or with <c>-UNBLOCKED client unblocked via CLIENT UNBLOCK</c>,
    /// and the reply is 1; any other id (unknown, or not blocked) replies 0. Sending the error counts as a failed
    /// CLIENT UNBLOCK, as in Redis, which charges an error reply to the command running when it is written.
    /// </remarks>
    public static void Unblock(CommandContext ctx)
    {
        if (ctx.ArgCount > 4)
        {
            ctx.Error(ErrorText.SubcommandSyntax(ctx.Arg(1), "CLIENT"));
            return;
        }
        bool error = false;
        if (ctx.ArgCount == 4)
        {
            error = ctx.ArgIs(3, "error"u8);
            if (!error && !ctx.ArgIs(3, "timeout"u8))
            {
                ctx.Error(ErrorText.UnblockReasonInvalid);
                return;
            }
        }
        if (!ctx.TryGetInt64(2, out long id))
        {
            return;
        }
        bool unblocked = ctx.Server.Blocking.TryUnblock(id, error);
        ctx.Failed |= unblocked && error;
        ctx.Reply.WriteInteger(unblocked ? 1 : 0);
    }

    /// <summary>
    /// clientSetName: sets (or, for "", clears) the client's name. Names are printable ASCII without spaces so a
    /// CLIENT LIST line always splits on spaces; anything else gets the Redis error and false.
    /// </summary>
    internal static bool TrySetName(CommandContext ctx, ReadOnlySpan<byte> name)
    {
        if (!IsValidAttribute(name))
        {
            ctx.Error(ErrorText.ClientNameInvalid);
            return false;
        }
        ctx.Client.Name = name.IsEmpty ? null : Encoding.ASCII.GetString(name);
        return true;
    }

    /// <summary>
    /// catClientInfoString (redis/redis src/networking.c, Redis 7.0 field list): one CLIENT LIST line, without
    /// the trailing newline.
    /// </summary>
    internal static StringBuilder AppendClientInfo(CommandContext ctx, Connection client, StringBuilder text)
    {
        long now = ctx.Server.Loop.NowMilliseconds;
        long argvMemory = 0;
        if (client == ctx.Client)
        {
            // Only the running command's arguments are alive; other clients' argv was freed after their command.
            for (int i = 0; i < ctx.ArgCount; i++)
            {
                argvMemory += ctx.Arg(i).Length;
            }
        }
        else if ((client.Flags & ClientFlags.Blocked) != 0)
        {
            argvMemory = ctx.Server.Blocking.ArgumentMemory(client); // a blocked client keeps its command's argv
        }
        ReplyBuffer reply = client.Reply.Buffer;
        long overflow = reply.OverflowCapacity;
        long bufferedInFirst = Math.Min(reply.Length, ReplyBuffer.ChunkSize);
        long totalMemory = client.QueryBufferCapacity + argvMemory + ReplyBuffer.ChunkSize + overflow;
        return text.Append(CultureInfo.InvariantCulture,
            $"id={client.Id} addr={client.RemoteAddress} laddr={client.LocalAddress} fd={client.FileDescriptor} " +
            $"name={client.Name} age={(now - client.CreatedAtMilliseconds) / 1000} idle={(now - client.LastInteractionMilliseconds) / 1000} " +
            $"flags={FlagsOf(client)} db={client.Db.Id} sub=0 psub=0 ssub=0 multi=-1 " +
            $"qbuf={client.QueryBufferLength} qbuf-free={client.QueryBufferFree} argv-mem={argvMemory} multi-mem=0 " +
            $"rbs={ReplyBuffer.ChunkSize} rbp={client.ReplyBufferPeak} obl={bufferedInFirst} " +
            $"oll={(overflow + ReplyBuffer.ChunkSize - 1) / ReplyBuffer.ChunkSize} omem={overflow} tot-mem={totalMemory} " +
            $"events={EventsOf(ctx, client)} cmd={client.LastCommand} user=default redir=-1 resp={client.ProtocolVersion}");
    }

    /// <summary>Clients in connection order (server.clients is a list in Redis; ids grow with each connection).</summary>
    private static IEnumerable<Connection> ClientsInOrder(CommandContext ctx) =>
        ctx.Server.Clients.Values.OrderBy(c => c.Id).ToList();

    // getClientType: every client is a normal one until replication and pub/sub exist.
    private static ClientType TypeOf(Connection client) => ClientType.Normal;

    // getClientTypeByName.
    private static bool TryParseClientType(ReadOnlySpan<byte> name, out ClientType type)
    {
        type = Ascii.EqualsIgnoreCase(name, "normal"u8) ? ClientType.Normal
            : Ascii.EqualsIgnoreCase(name, "slave"u8) || Ascii.EqualsIgnoreCase(name, "replica"u8) ? ClientType.Replica
            : Ascii.EqualsIgnoreCase(name, "pubsub"u8) ? ClientType.PubSub
            : Ascii.EqualsIgnoreCase(name, "master"u8) ? ClientType.Master
            : (ClientType)(-1);
        return type >= 0;
    }

    // The flags letters of catClientInfoString, in Redis's order, for the states this server has.
    private static string FlagsOf(Connection client)
    {
        string flags = "";
        if ((client.Flags & ClientFlags.Blocked) != 0)
        {
            flags += "b";
        }
        if ((client.Flags & ClientFlags.CloseAfterReply) != 0)
        {
            flags += "c";
        }
        if ((client.Flags & ClientFlags.Unblocked) != 0)
        {
            flags += "u";
        }
        if ((client.Flags & ClientFlags.CloseAsap) != 0)
        {
            flags += "A";
        }
        return flags.Length == 0 ? "N" : flags;
    }

    // 'r' and 'w' for the socket's registered interest; a client without a socket has none.
    private static string EventsOf(CommandContext ctx, Connection client)
    {
        if (client.Token < 0)
        {
            return "";
        }
        Interest interest = ctx.Server.Loop.GetInterest(client.Token);
        return ((interest & Interest.Readable) != 0 ? "r" : "") + ((interest & Interest.Writable) != 0 ? "w" : "");
    }

    // validateClientAttr / clientSetName: only '!'..'~' (printable ASCII without space).
    private static bool IsValidAttribute(ReadOnlySpan<byte> value)
    {
        foreach (byte b in value)
        {
            if (b < '!' || b > '~')
            {
                return false;
            }
        }
        return true;
    }
}
