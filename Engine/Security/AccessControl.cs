using System.Text;
using Reactor.MiniRedis.Engine.Commands;
using Reactor.MiniRedis.Engine.Networking;
using Reactor.MiniRedis.Engine.Server;
using Reactor.MiniRedis.Protocol;

namespace Reactor.MiniRedis.Engine.Security;

/// <summary>
/// Who may run what, per command: the authentication and ACL steps of processCommand in redis/redis src/server.c,
/// the client-side half of authentication (ACLAuthenticateUser, clientSetDefaultAuth), and the ACL log entries
/// and INFO counters a denial leaves.
/// </summary>
internal static class AccessControl
{
    /// <summary>
    /// processCommand's checks after arity: a client that must authenticate may only run CMD_NO_AUTH commands
    /// (<c>-NOAUTH</c>); then the client's user must be allowed the command, its keys and its channels
    /// (<c>-NOPERM</c>, logged in ACL LOG). A rejection counts as the command's rejected call. Returns true when
    /// the command may run. The default user without restrictions passes on the first test, without allocating.
    /// </summary>
    public static bool Allows(CommandContext ctx, CommandSpec command)
    {
        Connection client = ctx.Client;
        if (client.Authenticated && client.User.IsUnrestricted)
        {
            return true;
        }
        if (!client.Authenticated && ctx.Server.Config.Acl.AuthRequired && (command.Flags & CommandFlags.NoAuth) == 0)
        {
            Reject(ctx, command, ErrorText.NoAuth);
            return false;
        }
        if (client.User.IsUnrestricted)
        {
            return true;
        }

        AclDenial denial = client.User.Check(command, new AclRequest(ctx, 0), out int position);
        switch (denial)
        {
            case AclDenial.None:
                return true;
            case AclDenial.Command:
                Log(ctx, denial, Encoding.ASCII.GetBytes(command.Name), client.User.Name);
                Reject(ctx, command, Encoding.ASCII.GetBytes(ErrorText.NoPermCommand(command.Name)));
                return false;
            default:
                Log(ctx, denial, ctx.ArgBytes(position), client.User.Name);
                Reject(ctx, command, denial == AclDenial.Key ? ErrorText.NoPermKey : ErrorText.NoPermChannel);
                return false;
        }
    }

    /// <summary>
    /// ACLAuthenticateUser: when the credentials are good the client becomes authenticated as that user; when
    /// not, the failure goes to ACL LOG (object: the command as sent; user: the one tried) and the client stays
    /// as it was. Returns whether it succeeded; the caller replies.
    /// </summary>
    public static bool Authenticate(CommandContext ctx, ReadOnlySpan<byte> username, ReadOnlySpan<byte> password)
    {
        AclUser? user = ctx.Server.Config.Acl.CheckCredentials(username, password);
        if (user is null)
        {
            Log(ctx, AclDenial.Auth, ctx.ArgBytes(0), Acl.Text(username));
            return false;
        }
        ctx.Client.User = user;
        ctx.Client.Authenticated = true;
        return true;
    }

    /// <summary>
    /// clientSetDefaultAuth: the client is the default user, authenticated when that user needs no password
    /// (new connections, RESET, and clients of a deleted user).
    /// </summary>
    public static void SetDefaultAuth(Connection client, Acl acl)
    {
        client.User = acl.DefaultUser;
        client.Authenticated = acl.DefaultUser.AuthenticatesWithoutPassword;
    }

    /// <summary>
    /// addACLLogEntry plus the INFO counter of the reason (ACLUpdateInfoMetrics): the entry records the client's
    /// CLIENT LIST line and the current time.
    /// </summary>
    public static void Log(CommandContext ctx, AclDenial reason, byte[] deniedObject, string username)
    {
        ServerStats stats = ctx.Server.Stats;
        switch (reason)
        {
            case AclDenial.Auth:
                stats.AclDeniedAuth++;
                break;
            case AclDenial.Command:
                stats.AclDeniedCommand++;
                break;
            case AclDenial.Key:
                stats.AclDeniedKey++;
                break;
            default:
                stats.AclDeniedChannel++;
                break;
        }
        string clientInfo = ClientCommands.AppendClientInfo(ctx, ctx.Client, new StringBuilder()).ToString();
        // Only top-level commands exist so far; MULTI/EXEC and scripts log "multi" and "lua" in Redis.
        ctx.Server.Config.Acl.Log.Add(new AclLogEntry(reason, "toplevel", deniedObject, username),
            ctx.Server.Time.GetUtcNow().ToUnixTimeMilliseconds(), clientInfo);
    }

    /// <summary>
    /// ACLFreeUserAndKillClients: clients authenticated as <paramref name="user"/>, which was deleted, become
    /// unauthenticated default-user clients and are closed; the caller only once its reply is written.
    /// </summary>
    public static void DisconnectClientsOf(CommandContext ctx, AclUser user)
    {
        foreach (Connection client in ctx.Server.Clients.Values.Where(c => c.User == user).ToList())
        {
            client.User = ctx.Server.Config.Acl.DefaultUser;
            client.Authenticated = false;
            if (client == ctx.Client)
            {
                client.Flags |= ClientFlags.CloseAfterReply;
            }
            else
            {
                client.Close();
            }
        }
    }

    // rejectCommand: the error reply, counted as a rejected call of the command and as an error reply.
    private static void Reject(CommandContext ctx, CommandSpec command, ReadOnlySpan<byte> error)
    {
        ctx.Server.CommandStats[command.Id].RejectedCalls++;
        ctx.Server.Stats.TotalErrorReplies++;
        Transactions.MultiExec.FlagTransaction(ctx.Client); // rejectCommand fails the client's transaction too
        ctx.Error(error);
    }
}
