using System.Text;
using Reactor.MiniRedis.Engine.Commands;
using Reactor.MiniRedis.Engine.Server;
using Reactor.MiniRedis.Protocol;

namespace Reactor.MiniRedis.Engine.Embedding;

/// <summary>
/// Fault injection for testing how a client copes with a misbehaving server: error replies such as
/// <c>-LOADING</c> and <c>-BUSY</c>, slow or fragmented replies, and dropped connections. Only this API can inject
/// faults; no command can. Each fault applies to the next <c>count</c> commands it matches, in the order faults
/// were added; <c>commands</c> narrows it to some commands (<c>"GET"</c>, <c>"CONFIG"</c> for every CONFIG
/// subcommand, <c>"CONFIG GET"</c> for one), and none means every command. Requests naming an unknown command or
/// with a wrong number of arguments get the server's usual error and use up no fault, as Redis checks those first.
/// </summary>
public sealed class MiniRedisFaults
{
    /// <summary>The pause between two pieces of a split reply, so each piece reaches the client on its own.</summary>
    private static readonly TimeSpan s_splitPause = TimeSpan.FromMilliseconds(1);

    private readonly RedisServer _server;
    private readonly TestHooks _hooks;
    private readonly LoopDispatcher _dispatcher;

    internal MiniRedisFaults(RedisServer server, TestHooks hooks, LoopDispatcher dispatcher)
    {
        _server = server;
        _hooks = hooks;
        _dispatcher = dispatcher;
    }

    /// <summary>
    /// Answers the next <paramref name="count"/> matching commands with
    /// <c>-LOADING Redis is loading the dataset in memory</c>, as Redis does while it loads its data at start-up.
    /// Like Redis, commands flagged <c>loading</c> (INFO, SELECT, CLIENT, CONFIG, ...) still run.
    /// </summary>
    public Task ReplyLoadingAsync(int count = 1, params string[] commands) =>
        Add(CommandFault.Reply(ErrorText.Loading.ToArray(), count, Validate(commands), CommandFlags.Loading));

    /// <summary>
    /// Answers the next <paramref name="count"/> matching commands with <c>-BUSY Redis is busy running a script.
    /// You can only call SCRIPT KILL or SHUTDOWN NOSAVE.</c>, as Redis does while a script runs too long.
    /// Like Redis, commands flagged <c>allow-busy</c> still run.
    /// </summary>
    public Task ReplyBusyAsync(int count = 1, params string[] commands) =>
        Add(CommandFault.Reply(ErrorText.BusyScript.ToArray(), count, Validate(commands), CommandFlags.AllowBusy));

    /// <summary>
    /// Answers the next <paramref name="count"/> matching commands with the error <paramref name="error"/>, e.g.
    /// <c>"READONLY You can't write against a read only replica."</c> (the leading '-' is optional).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="error"/> is empty or spans several lines.</exception>
    public Task ReplyErrorAsync(string error, int count = 1, params string[] commands)
    {
        ArgumentException.ThrowIfNullOrEmpty(error);
        string text = error.StartsWith('-') ? error[1..] : error;
        if (text.Length == 0 || text.AsSpan().ContainsAny('\r', '\n'))
        {
            throw new ArgumentException("An error reply is one non-empty line.", nameof(error));
        }
        return Add(CommandFault.Reply(Encoding.UTF8.GetBytes(text), count, Validate(commands)));
    }

    /// <summary>
    /// Holds back the replies to the next <paramref name="count"/> matching commands for <paramref name="delay"/>
    /// of real time, like a slow server or network (client timeouts are real time, so the server's virtual clock
    /// does not shorten it). Replies queued behind a held one wait with it, keeping their order.
    /// </summary>
    public Task DelayRepliesAsync(TimeSpan delay, int count = 1, params string[] commands)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        return Add(CommandFault.Hold(delay, count, Validate(commands)));
    }

    /// <summary>
    /// Sends the replies to the next <paramref name="count"/> matching commands <paramref name="chunkSize"/> bytes
    /// at a time, with a short pause between pieces, so the client receives each reply in several reads.
    /// </summary>
    public Task SplitRepliesAsync(int chunkSize = 1, int count = 1, params string[] commands)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        return Add(CommandFault.Split(chunkSize, s_splitPause, count, Validate(commands)));
    }

    /// <summary>
    /// Closes the connections of the clients <paramref name="which"/> selects (every client when null), as if
    /// the server dropped them, and returns how many were closed. Their unsent replies are discarded. The
    /// predicate runs on the server's loop thread: keep it to a quick look at the snapshot it is given.
    /// </summary>
    public Task<int> CloseConnectionsAsync(Func<MiniRedisClient, bool>? which = null) => _dispatcher.InvokeAsync(() =>
    {
        int closed = 0;
        foreach (Networking.Connection client in _server.Clients.Values.ToList())
        {
            if (which is null || which(MiniRedisServer.Describe(client)))
            {
                _server.Log.Verbose($"Client id={client.Id} addr={client.RemoteAddress} closed by fault injection");
                client.Close();
                closed++;
            }
        }
        return closed;
    });

    /// <summary>Drops every fault not used up yet and sends the replies being held back at once.</summary>
    public Task ClearAsync() => _dispatcher.InvokeAsync(_hooks.ClearFaults);

    private Task Add(CommandFault fault) => _dispatcher.InvokeAsync(() => _hooks.AddFault(fault));

    /// <summary>Checks that every name in <paramref name="commands"/> is a command of the table (typos would never match).</summary>
    private string[] Validate(string[] commands)
    {
        ArgumentNullException.ThrowIfNull(commands);
        foreach (string name in commands)
        {
            string[] words = name.Split([' ', '|'], StringSplitOptions.RemoveEmptyEntries);
            CommandSpec? command = words.Length is 1 or 2 ? _server.Commands.Find(Encoding.UTF8.GetBytes(words[0])) : null;
            if (words.Length == 2)
            {
                command = command?.FindSubcommand(Encoding.UTF8.GetBytes(words[1]));
            }
            if (command is null)
            {
                throw new ArgumentException($"'{name}' is not a command of this server.", nameof(commands));
            }
        }
        return commands;
    }
}
