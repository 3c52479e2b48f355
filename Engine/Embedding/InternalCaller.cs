using System.Text;
using Reactor.MiniRedis.Engine.Commands;
using Reactor.MiniRedis.Engine.Networking;
using Reactor.MiniRedis.Engine.Server;
using Reactor.MiniRedis.Protocol;

namespace Reactor.MiniRedis.Engine.Embedding;

/// <summary>
/// Runs a command's handler for the embedding API, on the loop thread, as Redis's call() runs one for its internal
/// fake clients (the AOF loader, the Lua client): no socket, not in CLIENT LIST, and none of processCommand's
/// checks, so the command log and fault injection never see it. The handler is the one a client's command runs, so
/// everything it does to the server (e.g. FLUSHALL's dirty count) is exactly what the command does.
/// </summary>
internal sealed class InternalCaller
{
    private readonly RedisServer _server;
    private readonly CommandContext _context;

    public InternalCaller(RedisServer server)
    {
        _server = server;
        _context = new CommandContext(server);
        Client = new Connection(server, new NoTransport(), id: 0);
    }

    /// <summary>The fake client the handlers run for.</summary>
    public Connection Client { get; }

    /// <summary>Runs <paramref name="args"/> (the command name first) and returns the reply as RESP text.</summary>
    /// <exception cref="ArgumentException">The command does not exist or has the wrong number of arguments.</exception>
    public string Call(params string[] args)
    {
        byte[][] bytes = Array.ConvertAll(args, Encoding.UTF8.GetBytes);
        var buffer = new byte[bytes.Sum(a => a.Length)];
        var slices = new ArgSlice[bytes.Length];
        int offset = 0;
        for (int i = 0; i < bytes.Length; i++)
        {
            bytes[i].CopyTo(buffer, offset);
            slices[i] = new ArgSlice(offset, bytes[i].Length);
            offset += bytes[i].Length;
        }
        _context.Load(Client, buffer, 0, slices, slices.Length);
        CommandSpec? command = _server.Commands.Find(_context.Arg(0));
        if (command is { IsContainer: true } && args.Length > 1)
        {
            command = command.FindSubcommand(_context.Arg(1));
        }
        if (command?.Handler is null || !command.AcceptsArgumentCount(args.Length))
        {
            throw new ArgumentException($"'{string.Join(' ', args)}' is not a command this server runs.", nameof(args));
        }
        _context.SetCommand(command);
        command.Handler(_context);
        string reply = Encoding.UTF8.GetString(Client.Reply.Buffer.ToArray());
        Client.Reply.Buffer.Clear();
        return reply;
    }

    /// <summary>The fake client's transport: nothing to read, and replies are taken from the reply buffer.</summary>
    private sealed class NoTransport : ITransport
    {
        public string RemoteAddress => "";

        public string LocalAddress => "";

        public int Receive(Span<byte> buffer) => -1;

        public int Send(ReadOnlySpan<byte> data) => data.Length;

        public void Close()
        {
        }
    }
}
