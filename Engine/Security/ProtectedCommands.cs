using System.Net;
using Reactor.MiniRedis.Engine.Commands;
using Reactor.MiniRedis.Engine.Networking;
using Reactor.MiniRedis.Engine.Server;
using Reactor.MiniRedis.Protocol;

namespace Reactor.MiniRedis.Engine.Security;

/// <summary>
/// Commands flagged CMD_PROTECTED (DEBUG; Redis also has MODULE, which this server lacks): refused unless their
/// enable-* setting allows the client, checked by processCommand right after the arity check, before
/// authentication (redis/redis src/server.c).
/// </summary>
internal static class ProtectedCommands
{
    /// <summary>
    /// The error refusing a <see cref="CommandFlags.Protected"/> command to <paramref name="client"/> under
    /// <paramref name="config"/>, or null when it may run. DEBUG is the only such command here (MODULE, Redis's other
    /// one, does not exist), so enable-debug-command decides.
    /// </summary>
    public static string? Refusal(ServerConfig config, Connection client) =>
        Allows(config.EnableDebugCommand, client) ? null : ErrorText.DebugCommandNotAllowed;

    /// <summary>
    /// allowProtectedAction: <c>yes</c> allows every client, <c>local</c> only a local one (islocalClient: the
    /// loopback address; Redis also counts unix sockets, which this server does not listen on), <c>no</c> none.
    /// </summary>
    private static bool Allows(string setting, Connection client) =>
        setting == "yes" || (setting == "local" && IsLocal(client.RemoteAddress));

    /*
     * islocalClient over the "ip:port" text CLIENT LIST shows. A client with no address is one the process runs
     * itself (an embedded server's own client): as local as a connection can be.
     */
    private static bool IsLocal(string remoteAddress)
    {
        if (remoteAddress.Length == 0)
        {
            return true;
        }
        int colon = remoteAddress.LastIndexOf(':');
        return colon > 0
            && IPAddress.TryParse(remoteAddress.AsSpan(0, colon).Trim("[]"), out IPAddress? address)
            && ProtectedMode.IsLocal(new IPEndPoint(address, 0));
    }
}
