using System.Globalization;
using System.Text;
using Reactor.MiniRedis.Engine.Networking;
using Reactor.MiniRedis.Engine.Reactor;
using Reactor.MiniRedis.Engine.Security;
using Reactor.MiniRedis.Engine.Server;
using Reactor.MiniRedis.Engine.Tracking;
using Reactor.MiniRedis.Engine.Transactions;
using Reactor.MiniRedis.Protocol;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Engine.Commands;

/// <summary>The CLIENT subcommands (clientCommand and friends in redis/redis src/networking.c).</summary>
public static class ClientCommands
{
    // Redis 7.0's CLIENT HELP text, with SETINFO (answered here for client libraries) where Redis 7.2 lists it.
    private static readonly string[] s_help =
    [
        "CACHING (YES|NO)",
        "    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.",
        "GETREDIR",
        "    Return the client ID we are redirecting to when tracking is enabled.",
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
        "UNPAUSE",
        "    Stop the current client pause, resuming traffic.",
        "PAUSE <timeout> [WRITE|ALL]",
        "    Suspend all, or just write, clients for <timeout> milliseconds.",
        "REPLY (ON|OFF|SKIP)",
        "    Control the replies sent to the current connection.",
        "SETNAME <name>",
        "    Assign the name <name> to the current connection.",
        "SETINFO <option> <value>",
        "    Set client meta attr. Options are:",
        "    * LIB-NAME: the client lib name.",
        "    * LIB-VER: the client lib version.",
        "UNBLOCK <clientid> [TIMEOUT|ERROR]",
        "    Unblock the specified blocked client.",
        "TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]",
        "         [OPTIN] [OPTOUT] [NOLOOP]",
        "    Control server assisted client side caching.",
        "TRACKINGINFO",
        "    Report tracking status for the current connection.",
        "NO-EVICT (ON|OFF)",
        "    Protect current client connection from eviction.",
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
        ctx.Reply.WriteVerbatim(Encoding.ASCII.GetBytes(text.ToString()), "txt"u8);
    }

    /// <summary>CLIENT INFO: the current client's CLIENT LIST line.</summary>
    public static void Info(CommandContext ctx) =>
        ctx.Reply.WriteVerbatim(Encoding.ASCII.GetBytes(AppendClientInfo(ctx, ctx.Client, new StringBuilder()).Append('\n').ToString()), "txt"u8);

    /// <summary>
    /// CLIENT KILL ip:port | CLIENT KILL [ID client-id] [TYPE NORMAL | MASTER | SLAVE | REPLICA | PUBSUB]
    /// [USER username] [ADDR ip:port] [LADDR ip:port] [SKIPME YES | NO] ...
    /// Mirrors clientKillCommand: the old form may kill the caller and replies OK or an error; the filter form
    /// skips the caller unless SKIPME NO and replies the number killed. The caller is closed after its reply.
    /// </summary>
    public static void Kill(CommandContext ctx)
    {
        string? address = null, localAddress = null;
        AclUser? user = null;
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
                    user = ctx.Server.Config.Acl.Find(value);
                    if (user is null)
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
                || (user is not null && client.User != user)
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

    /// <summary>CLIENT NO-EVICT ON | OFF</summary>
    public static void NoEvict(CommandContext ctx)
    {
        if (ctx.ArgIs(2, "on"u8))
        {
            ctx.Client.Flags |= ClientFlags.NoEvict;
        }
        else if (ctx.ArgIs(2, "off"u8))
        {
            ctx.Client.Flags &= ~ClientFlags.NoEvict;
        }
        else
        {
            ctx.SyntaxError();
            return;
        }
        ctx.Reply.WriteOk();
    }

    /// <summary>
    /// CLIENT REPLY ON | OFF | SKIP. OFF and SKIP reply nothing (their reply would be dropped anyway); the
    /// dropping itself happens after each command, in <see cref="CommandProcessed"/>.
    /// </summary>
    public static void Reply(CommandContext ctx)
    {
        Connection client = ctx.Client;
        if (ctx.ArgIs(2, "on"u8))
        {
            client.Flags &= ~(ClientFlags.ReplySkip | ClientFlags.ReplyOff);
            ctx.Reply.WriteOk();
        }
        else if (ctx.ArgIs(2, "off"u8))
        {
            client.Flags |= ClientFlags.ReplyOff;
        }
        else if (ctx.ArgIs(2, "skip"u8))
        {
            if ((client.Flags & ClientFlags.ReplyOff) == 0)
            {
                client.Flags |= ClientFlags.ReplySkipNext;
            }
        }
        else
        {
            ctx.SyntaxError();
        }
    }

    /// <summary>
    /// CLIENT TRACKING ON | OFF [REDIRECT client-id] [PREFIX prefix [PREFIX prefix ...]] [BCAST] [OPTIN] [OPTOUT] [NOLOOP]
    /// Mirrors the tracking branch of clientCommand: options are parsed first (a REDIRECT target must exist now),
    /// then ON checks them against each other and against the client's current mode, in Redis's order.
    /// </summary>
    public static void Tracking(CommandContext ctx)
    {
        long redirect = 0;
        TrackingOptions options = TrackingOptions.None;
        var prefixes = new List<byte[]>();
        for (int j = 3; j < ctx.ArgCount; j++)
        {
            bool more = j + 1 < ctx.ArgCount;
            if (ctx.ArgIs(j, "redirect"u8) && more)
            {
                j++;
                if (redirect != 0)
                {
                    ctx.Error(ErrorText.TrackingSingleRedirect);
                    return;
                }
                if (!ctx.TryGetInt64(j, out redirect))
                {
                    return;
                }
                if (!ctx.Server.Clients.ContainsKey(redirect))
                {
                    ctx.Error(ErrorText.TrackingRedirectMissing);
                    return;
                }
            }
            else if (ctx.ArgIs(j, "bcast"u8))
            {
                options |= TrackingOptions.Broadcast;
            }
            else if (ctx.ArgIs(j, "optin"u8))
            {
                options |= TrackingOptions.OptIn;
            }
            else if (ctx.ArgIs(j, "optout"u8))
            {
                options |= TrackingOptions.OptOut;
            }
            else if (ctx.ArgIs(j, "noloop"u8))
            {
                options |= TrackingOptions.NoLoop;
            }
            else if (ctx.ArgIs(j, "prefix"u8) && more)
            {
                prefixes.Add(ctx.ArgBytes(++j));
            }
            else
            {
                ctx.SyntaxError();
                return;
            }
        }

        if (ctx.ArgIs(2, "on"u8))
        {
            if (!CheckTrackingOptions(ctx, options, prefixes))
            {
                return;
            }
            ctx.Server.Tracking.Enable(ctx.Client, redirect, options, prefixes);
        }
        else if (ctx.ArgIs(2, "off"u8))
        {
            ctx.Server.Tracking.Disable(ctx.Client);
        }
        else
        {
            ctx.SyntaxError();
            return;
        }
        ctx.Reply.WriteOk();
    }

    /// <summary>CLIENT CACHING YES | NO: whether the next command's keys are remembered, in OPTIN (yes) or OPTOUT (no) mode.</summary>
    public static void Caching(CommandContext ctx)
    {
        Connection client = ctx.Client;
        if ((client.Flags & ClientFlags.Tracking) == 0)
        {
            ctx.Error(ErrorText.CachingWithoutTracking);
            return;
        }
        if (ctx.ArgIs(2, "yes"u8))
        {
            if (!client.Tracking.Has(TrackingOptions.OptIn))
            {
                ctx.Error(ErrorText.CachingYesWithoutOptIn);
                return;
            }
        }
        else if (ctx.ArgIs(2, "no"u8))
        {
            if (!client.Tracking.Has(TrackingOptions.OptOut))
            {
                ctx.Error(ErrorText.CachingNoWithoutOptOut);
                return;
            }
        }
        else
        {
            ctx.SyntaxError();
            return;
        }
        client.Tracking.Options |= TrackingOptions.Caching;
        ctx.Reply.WriteOk();
    }

    /// <summary>CLIENT GETREDIR: the client invalidations are redirected to, 0 for none, -1 when tracking is off.</summary>
    public static void GetRedir(CommandContext ctx) =>
        ctx.Reply.WriteInteger((ctx.Client.Flags & ClientFlags.Tracking) != 0 ? ctx.Client.Tracking.Redirect : -1);

    /// <summary>CLIENT TRACKINGINFO: a map of the tracking flags (a set), the redirect and the BCAST prefixes.</summary>
    public static void TrackingInfo(CommandContext ctx)
    {
        Connection client = ctx.Client;
        bool on = (client.Flags & ClientFlags.Tracking) != 0;
        ClientTracking tracking = client.Tracking;
        var flags = new List<string> { on ? "on" : "off" };
        if (tracking.Has(TrackingOptions.Broadcast))
        {
            flags.Add("bcast");
        }
        if (tracking.Has(TrackingOptions.OptIn))
        {
            flags.Add("optin");
            if (tracking.Has(TrackingOptions.Caching))
            {
                flags.Add("caching-yes");
            }
        }
        if (tracking.Has(TrackingOptions.OptOut))
        {
            flags.Add("optout");
            if (tracking.Has(TrackingOptions.Caching))
            {
                flags.Add("caching-no");
            }
        }
        if (tracking.Has(TrackingOptions.NoLoop))
        {
            flags.Add("noloop");
        }
        if (tracking.Has(TrackingOptions.BrokenRedirect))
        {
            flags.Add("broken_redirect");
        }

        ReplyWriter reply = ctx.Reply;
        reply.WriteMapHeader(3);
        reply.WriteBulk("flags"u8);
        reply.WriteSetHeader(flags.Count);
        foreach (string flag in flags)
        {
            reply.WriteBulk(Encoding.ASCII.GetBytes(flag));
        }
        reply.WriteBulk("redirect"u8);
        reply.WriteInteger(on ? tracking.Redirect : -1);
        reply.WriteBulk("prefixes"u8);
        SortedSet<byte[]> prefixes = tracking.Prefixes ?? [];
        reply.WriteArrayHeader(prefixes.Count);
        foreach (byte[] prefix in prefixes)
        {
            reply.WriteBulk(prefix);
        }
    }

    /// <summary>CLIENT PAUSE timeout [WRITE | ALL]</summary>
    /// <remarks>
    /// Mirrors clientCommand's PAUSE branch: the mode is checked before the timeout; the timeout is
    /// getTimeoutFromObjectOrReply's in milliseconds, added to the current time without an overflow check, as in
    /// Redis 7.0 (an end that wraps negative has passed, so it pauses nothing). A third argument after the mode is
    /// a subcommand syntax error.
    /// </remarks>
    public static void Pause(CommandContext ctx)
    {
        if (ctx.ArgCount > 4)
        {
            ctx.Error(ErrorText.SubcommandSyntax(ctx.Arg(1), ctx.Arg(0)));
            return;
        }
        ClientPauseType type = ClientPauseType.All;
        if (ctx.ArgCount == 4)
        {
            if (ctx.ArgIs(3, "write"u8))
            {
                type = ClientPauseType.Write;
            }
            else if (!ctx.ArgIs(3, "all"u8))
            {
                ctx.Error(ErrorText.PauseModeInvalid);
                return;
            }
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
        long end = timeout > 0 ? unchecked(ctx.Server.Time.GetUtcNow().ToUnixTimeMilliseconds() + timeout) : 0;
        ctx.Server.ClientPause.Pause(end, type);
        ctx.Reply.WriteOk();
    }

    /// <summary>CLIENT UNPAUSE</summary>
    public static void Unpause(CommandContext ctx)
    {
        ctx.Server.ClientPause.Unpause();
        ctx.Reply.WriteOk();
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
    /// The part of resetClient (redis/redis src/networking.c) that follows each command of
    /// <paramref name="client"/>, called by the connection with where the command's reply began: drops the reply
    /// under CLIENT REPLY OFF or SKIP, moves a CLIENT REPLY SKIP on to the next command, ends a CLIENT CACHING
    /// answer after any command but a CLIENT one (outside MULTI, so it covers a whole transaction), and then sends the client the invalidations its own command
    /// caused (trackingHandlePendingKeyInvalidations), which pushes get through even with replies off.
    /// </summary>
    internal static void CommandProcessed(RedisServer server, Connection client, long replyMark)
    {
        TrackingTable tracking = server.Tracking;
        tracking.CurrentClient = null;
        ClientFlags flags = client.Flags;
        // A request held back by CLIENT PAUSE has not run: like a blocked client, it is not reset.
        if (((flags & (ClientFlags.ReplyOff | ClientFlags.ReplySkip | ClientFlags.ReplySkipNext | ClientFlags.Tracking)) == 0
            && !tracking.HasPending)
            || (flags & ClientFlags.Postponed) != 0)
        {
            return;
        }
        if ((flags & (ClientFlags.ReplyOff | ClientFlags.ReplySkip)) != 0 && client.Reply.Buffer.Length > replyMark)
        {
            client.Reply.Buffer.Truncate(replyMark);
        }
        flags &= ~ClientFlags.ReplySkip;
        if ((flags & ClientFlags.ReplySkipNext) != 0)
        {
            flags = (flags | ClientFlags.ReplySkip) & ~ClientFlags.ReplySkipNext;
        }
        client.Flags = flags;
        if ((flags & ClientFlags.Multi) == 0 && !client.LastCommand.StartsWith("client|", StringComparison.Ordinal))
        {
            client.Tracking.Options &= ~TrackingOptions.Caching;
        }
        if (tracking.HasPending)
        {
            tracking.SendPending(client);
        }
    }

    // The checks of CLIENT TRACKING ON, in clientCommand's order; replies the first error and returns false.
    private static bool CheckTrackingOptions(CommandContext ctx, TrackingOptions options, List<byte[]> prefixes)
    {
        Connection client = ctx.Client;
        bool broadcast = (options & TrackingOptions.Broadcast) != 0;
        bool optIn = (options & TrackingOptions.OptIn) != 0;
        bool optOut = (options & TrackingOptions.OptOut) != 0;
        if (!broadcast && prefixes.Count > 0)
        {
            ctx.Error(ErrorText.TrackingPrefixWithoutBcast);
            return false;
        }
        if ((client.Flags & ClientFlags.Tracking) != 0 && client.Tracking.Has(TrackingOptions.Broadcast) != broadcast)
        {
            ctx.Error(ErrorText.TrackingBcastSwitch);
            return false;
        }
        if (broadcast && (optIn || optOut))
        {
            ctx.Error(ErrorText.TrackingOptWithBcast);
            return false;
        }
        if (optIn && optOut)
        {
            ctx.Error(ErrorText.TrackingOptInAndOptOut);
            return false;
        }
        if ((optIn && client.Tracking.Has(TrackingOptions.OptOut)) || (optOut && client.Tracking.Has(TrackingOptions.OptIn)))
        {
            ctx.Error(ErrorText.TrackingOptSwitch);
            return false;
        }
        return !broadcast || TrackingTable.CheckPrefixCollisions(ctx, prefixes);
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
        long multiMemory = MultiExec.MemoryOverhead(client);
        long totalMemory = client.QueryBufferCapacity + argvMemory + multiMemory + ReplyBuffer.ChunkSize + overflow;
        return text.Append(CultureInfo.InvariantCulture,
            $"id={client.Id} addr={client.RemoteAddress} laddr={client.LocalAddress} fd={client.FileDescriptor} " +
            $"name={client.Name} age={(now - client.CreatedAtMilliseconds) / 1000} idle={(now - client.LastInteractionMilliseconds) / 1000} " +
            $"flags={FlagsOf(client)} db={client.Db.Id} sub={client.Subscriptions?.ChannelCount ?? 0} " +
            $"psub={client.Subscriptions?.PatternCount ?? 0} ssub={client.Subscriptions?.ShardChannelCount ?? 0} multi={MultiExec.QueuedCount(client)} " +
            $"qbuf={client.QueryBufferLength} qbuf-free={client.QueryBufferFree} argv-mem={argvMemory} multi-mem={multiMemory} " +
            $"rbs={ReplyBuffer.ChunkSize} rbp={client.ReplyBufferPeak} obl={bufferedInFirst} " +
            $"oll={(overflow + ReplyBuffer.ChunkSize - 1) / ReplyBuffer.ChunkSize} omem={overflow} tot-mem={totalMemory} " +
            $"events={EventsOf(ctx, client)} cmd={client.LastCommand} user={client.User.Name} " +
            $"redir={((client.Flags & ClientFlags.Tracking) != 0 ? client.Tracking.Redirect : -1)} resp={client.ProtocolVersion}");
    }

    /// <summary>Clients in connection order (server.clients is a list in Redis; ids grow with each connection).</summary>
    private static IEnumerable<Connection> ClientsInOrder(CommandContext ctx) =>
        ctx.Server.Clients.Values.OrderBy(c => c.Id).ToList();

    // getClientType: a subscribed client is a pubsub one; MONITOR clients, replicas in Redis, count as normal.
    private static ClientType TypeOf(Connection client) =>
        (client.Flags & ClientFlags.PubSub) != 0 ? ClientType.PubSub : ClientType.Normal;

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

    // The flags letters of catClientInfoString, in Redis's order: S/O/M (replication), P (Pub/Sub), x (MULTI),
    // b (blocked), t R B (tracking, broken redirect, BCAST), d (dirty CAS), c, u (unblocked), A, U, r, e; N for none.
    private static string FlagsOf(Connection client)
    {
        var flags = new StringBuilder();
        ClientFlags state = client.Flags;
        AppendFlag(flags, state, ClientFlags.Monitor, 'O');
        AppendFlag(flags, state, ClientFlags.PubSub, 'P');
        AppendFlag(flags, state, ClientFlags.Multi, 'x');
        AppendFlag(flags, state, ClientFlags.Blocked | ClientFlags.Postponed, 'b'); // CLIENT PAUSE blocks (BLOCKED_POSTPONE)
        if ((state & ClientFlags.Tracking) != 0)
        {
            flags.Append('t');
            if (client.Tracking.Has(TrackingOptions.BrokenRedirect))
            {
                flags.Append('R');
            }
            if (client.Tracking.Has(TrackingOptions.Broadcast))
            {
                flags.Append('B');
            }
        }
        AppendFlag(flags, state, ClientFlags.DirtyCas, 'd');
        AppendFlag(flags, state, ClientFlags.CloseAfterReply, 'c');
        AppendFlag(flags, state, ClientFlags.Unblocked, 'u');
        AppendFlag(flags, state, ClientFlags.CloseAsap, 'A');
        AppendFlag(flags, state, ClientFlags.NoEvict, 'e');
        return flags.Length == 0 ? "N" : flags.ToString();
    }

    private static void AppendFlag(StringBuilder flags, ClientFlags state, ClientFlags flag, char letter)
    {
        if ((state & flag) != 0)
        {
            flags.Append(letter);
        }
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
