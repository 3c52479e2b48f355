using System.Diagnostics;
using Reactor.MiniRedis.Engine.Commands;
using Reactor.MiniRedis.Engine.Networking;
using Reactor.MiniRedis.Engine.Server;

namespace Reactor.MiniRedis.Engine.Embedding;

/// <summary>
/// The test controls of an embedded server that sit on the command path: the command log and fault injection.
/// <see cref="RedisServer.TestHooks"/> points here only for servers started by <see cref="MiniRedisServer"/>, so
/// a standalone server pays one null check per command and per write. Nothing here is reachable from the
/// network: only the embedding API changes it, and everything runs on the loop thread.
/// </summary>
internal sealed class TestHooks(RedisServer server, int commandLogCapacity)
{
    private readonly Queue<MiniRedisCommand> _commandLog = new();
    private readonly List<CommandFault> _faults = [];
    private readonly Dictionary<Connection, ReplyShaping> _shaped = [];

    /// <summary>Queues work for the loop from a timer; set once the loop runs.</summary>
    public LoopDispatcher? Dispatcher { get; set; }

    /// <summary>Called by ProcessCommand for every request before anything else looks at it: the command log.</summary>
    public void RecordCommand(CommandContext ctx)
    {
        if (commandLogCapacity > 0)
        {
            Record(ctx);
        }
    }

    /// <summary>
    /// Called by ProcessCommand once the command is known, its arity checked and the client allowed to run it
    /// (where Redis checks LOADING and BUSY, after -NOAUTH and -NOPERM): applies the matching faults and returns
    /// the injected error to answer with, or null to run the command.
    /// </summary>
    public byte[]? InjectedError(CommandContext ctx, CommandSpec command) =>
        _faults.Count > 0 ? ApplyFaults(ctx, command) : null;

    /// <summary>
    /// Called by Connection.WriteToClient before each write: how many bytes this write may send. 0 holds every
    /// byte until a timer writes again (a delayed reply); a small number sends one piece (a split reply).
    /// </summary>
    public int ReplyByteLimit(Connection client)
    {
        if (_shaped.Count == 0 || !_shaped.TryGetValue(client, out ReplyShaping? shaping))
        {
            return int.MaxValue;
        }
        long now = Stopwatch.GetTimestamp();
        if (now < shaping.NotBefore)
        {
            ScheduleWrite(client, shaping, shaping.NotBefore - now);
            return 0;
        }
        if (shaping.ChunkSize == 0 || client.Reply.Buffer.Length <= shaping.ChunkSize)
        {
            _shaped.Remove(client); // this write sends the rest
            return shaping.ChunkSize == 0 ? int.MaxValue : shaping.ChunkSize;
        }
        shaping.NotBefore = now + shaping.PauseTicks;
        ScheduleWrite(client, shaping, shaping.PauseTicks);
        return shaping.ChunkSize;
    }

    /// <summary>Adds a fault; it applies after the ones added before it.</summary>
    public void AddFault(CommandFault fault) => _faults.Add(fault);

    /// <summary>Drops every pending fault and sends every held reply now.</summary>
    public void ClearFaults()
    {
        _faults.Clear();
        List<Connection> held = [.. _shaped.Keys];
        _shaped.Clear();
        foreach (Connection client in held)
        {
            client.WriteToClient(); // a closed client returns at once
        }
    }

    /// <summary>A copy of the command log, oldest first.</summary>
    public MiniRedisCommand[] CommandLog() => [.. _commandLog];

    /// <summary>Empties the command log.</summary>
    public void ClearCommandLog() => _commandLog.Clear();

    /// <summary>Appends the request to the bounded log, dropping the oldest entry when full.</summary>
    private void Record(CommandContext ctx)
    {
        var arguments = new byte[ctx.ArgCount][];
        for (int i = 0; i < arguments.Length; i++)
        {
            arguments[i] = ctx.ArgBytes(i);
        }
        if (_commandLog.Count == commandLogCapacity)
        {
            _commandLog.Dequeue();
        }
        Connection client = ctx.Client;
        _commandLog.Enqueue(new MiniRedisCommand(client.Id, client.Name, client.Db.Id, server.Time.GetUtcNow(), arguments));
    }

    /// <summary>
    /// Applies the faults matching the request, in the order they were added: the first error fault answers it
    /// (the server rejects the command with it, as rejectCommand does in redis/redis src/server.c), and every
    /// matching reply fault shapes the reply. Each applied fault counts one use.
    /// </summary>
    private byte[]? ApplyFaults(CommandContext ctx, CommandSpec command)
    {
        byte[]? error = null;
        for (int i = 0; i < _faults.Count; i++)
        {
            CommandFault fault = _faults[i];
            if ((fault.Error is not null && error is not null) || !fault.Matches(command))
            {
                continue;
            }
            if (--fault.Remaining == 0)
            {
                _faults.RemoveAt(i--);
            }
            if (fault.Error is not null)
            {
                error = fault.Error;
            }
            else
            {
                Shape(ctx.Client, fault);
            }
        }
        return error;
    }

    private void Shape(Connection client, CommandFault fault)
    {
        if (!_shaped.TryGetValue(client, out ReplyShaping? shaping))
        {
            // Clients that closed while their replies were held leave their entry behind: drop those first.
            foreach (Connection closed in _shaped.Keys.Where(c => c.IsClosed).ToList())
            {
                _shaped.Remove(closed);
            }
            shaping = new ReplyShaping();
            _shaped.Add(client, shaping);
        }
        if (fault.Delay > TimeSpan.Zero)
        {
            shaping.NotBefore = Math.Max(shaping.NotBefore, Stopwatch.GetTimestamp() + ToStopwatchTicks(fault.Delay));
        }
        if (fault.ChunkSize > 0)
        {
            shaping.ChunkSize = fault.ChunkSize;
            shaping.PauseTicks = ToStopwatchTicks(fault.Pause);
        }
    }

    /// <summary>
    /// Writes the client's held bytes again after <paramref name="stopwatchTicks"/> of real time: reply faults
    /// model a slow server or network, which a virtual clock would not slow down.
    /// </summary>
    private void ScheduleWrite(Connection client, ReplyShaping shaping, long stopwatchTicks)
    {
        if (shaping.WriteScheduled || Dispatcher is null)
        {
            return;
        }
        shaping.WriteScheduled = true;
        LoopDispatcher dispatcher = Dispatcher;
        _ = Task.Delay(Stopwatch.GetElapsedTime(0, stopwatchTicks)).ContinueWith(_ => dispatcher.TryPost(() =>
        {
            shaping.WriteScheduled = false;
            if (client.IsClosed)
            {
                _shaped.Remove(client);
            }
            else
            {
                client.WriteToClient();
            }
        }), TaskScheduler.Default);
    }

    private static long ToStopwatchTicks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}
