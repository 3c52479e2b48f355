using Reactor.MiniRedis.Engine.Commands;
using Reactor.MiniRedis.Engine.Networking;
using Reactor.MiniRedis.Engine.Transactions;

namespace Reactor.MiniRedis.Engine.Server;

/// <summary>
/// CLIENT PAUSE (pauseClients, unpauseClients and the postponed clients of redis/redis src/networking.c and
/// src/blocked.c). While a pause is in force, processCommand postpones the commands it covers (every command, or
/// those that may write): the client stops there with its request still unconsumed, nothing is rejected and no
/// thread waits. When the pause ends (a timer on the loop at its end time, CLIENT UNPAUSE, or a less restrictive
/// pause) the postponed clients resume in the order they were postponed. Expiry is paused too, so the dataset is
/// static: the active cycle skips its runs and lazily expired keys are reported missing but kept.
/// </summary>
public sealed class ClientPause
{
    private readonly RedisServer _server;
    private readonly List<Connection> _postponed = [];  // server.postponed_clients, in postponing order
    private readonly List<Connection> _resuming = [];   // unblocked, waiting to run their request (server.unblocked_clients)
    private ClientPauseType _requestedType;             // the CLIENT PAUSE purpose's pause_event (type, end)
    private long _requestedEnd;
    private long _timerId = -1;

    internal ClientPause(RedisServer server)
    {
        _server = server;
        Func<bool> paused = CheckTimeoutAndReturnIfPaused;
        for (int i = 0; i < server.Keyspace.Count; i++)
        {
            server.Keyspace[i].ExpiryPaused = paused;
        }
        server.ActiveExpiry.Paused = paused;
    }

    /// <summary>The pause in force (server.client_pause_type).</summary>
    public ClientPauseType Type { get; private set; }

    /// <summary>When the pause in force ends, in Unix milliseconds (server.client_pause_end_time).</summary>
    public long EndUnixMilliseconds { get; private set; }

    /// <summary>areClientsPaused.</summary>
    public bool IsPaused => Type != ClientPauseType.Off;

    /// <summary>Clients whose request waits for the pause to end.</summary>
    public int PostponedCount => _postponed.Count;

    /// <summary>
    /// pauseClients(PAUSE_BY_CLIENT_COMMAND, end, type): a second pause keeps the more restrictive type and the
    /// later end of the two. An end already past (CLIENT PAUSE 0) pauses nothing.
    /// </summary>
    public void Pause(long endUnixMilliseconds, ClientPauseType type)
    {
        if (_requestedType == ClientPauseType.Off)
        {
            _requestedType = type;
            _requestedEnd = endUnixMilliseconds;
        }
        else
        {
            _requestedType = (ClientPauseType)Math.Max((int)_requestedType, (int)type);
            _requestedEnd = Math.Max(_requestedEnd, endUnixMilliseconds);
        }
        Update();
    }

    /// <summary>unpauseClients(PAUSE_BY_CLIENT_COMMAND): CLIENT UNPAUSE, or the pause's end time passing.</summary>
    public void Unpause()
    {
        _requestedType = ClientPauseType.Off;
        Update();
    }

    /// <summary>
    /// checkClientPauseTimeoutAndReturnIfPaused: ends a pause whose time has passed, then says whether one is still
    /// in force. Expiry asks it before deleting anything.
    /// </summary>
    public bool CheckTimeoutAndReturnIfPaused()
    {
        if (!IsPaused)
        {
            return false;
        }
        if (EndUnixMilliseconds < NowUnixMilliseconds())
        {
            Unpause();
        }
        return IsPaused;
    }

    /// <summary>
    /// processCommand's pause check: true when <paramref name="command"/> must wait. ALL holds back everything;
    /// WRITE holds back commands that may write (CMD_WRITE or CMD_MAY_REPLICATE), including an EXEC of such commands
    /// and such a command being queued inside MULTI.
    /// </summary>
    internal bool ShouldPostpone(Connection client, CommandSpec command) => Type switch
    {
        ClientPauseType.All => true,
        ClientPauseType.Write => (MultiExec.EffectiveFlags(client, command) & (CommandFlags.Write | CommandFlags.MayReplicate)) != 0,
        _ => false,
    };

    /// <summary>
    /// blockPostponeClient: the client's current request stays at the head of its query buffer and the client
    /// reads no further requests until the pause ends.
    /// </summary>
    internal void Postpone(Connection client)
    {
        client.Flags |= ClientFlags.Postponed;
        _postponed.Add(client);
    }

    /// <summary>freeClient's unblockClient for a postponed client: a closing client leaves the queues.</summary>
    internal void Forget(Connection client)
    {
        if ((client.Flags & ClientFlags.Postponed) != 0)
        {
            _postponed.Remove(client); // one still waiting to resume is skipped as closed
        }
    }

    /*
     * updateClientPauseTypeAndEndTime: drops a request whose end has passed, makes the remaining one the pause in
     * force, and keeps one loop timer at its end. Going to a less restrictive pause unblocks every postponed
     * client (unblockPostponedClients); those still covered are postponed again, at the back, when they rerun.
     */
    private void Update()
    {
        ClientPauseType old = Type;
        long now = NowUnixMilliseconds();
        if (_requestedType != ClientPauseType.Off && _requestedEnd < now)
        {
            _requestedType = ClientPauseType.Off;
        }
        Type = _requestedType;
        EndUnixMilliseconds = Type == ClientPauseType.Off ? 0 : _requestedEnd;

        if (_timerId >= 0)
        {
            _server.Loop.DeleteTimeEvent(_timerId);
            _timerId = -1;
        }
        if (IsPaused)
        {
            // Due the first millisecond past the end: a pause lasts through its end millisecond (end < now ends it).
            long delay = EndUnixMilliseconds - now + 1;
            _timerId = _server.Loop.CreateTimeEvent(delay, OnPauseTimer);
        }
        if (Type < old)
        {
            UnblockPostponedClients();
        }
    }

    // The pause's end time has come: end it (this timer is done either way; Update makes a new one if still paused).
    private long OnPauseTimer()
    {
        _timerId = -1;
        if (IsPaused && EndUnixMilliseconds < NowUnixMilliseconds())
        {
            Unpause();
        }
        else if (IsPaused)
        {
            Update(); // the clock has not reached the end yet: wait again
        }
        return -1;
    }

    /*
     * unblockPostponedClients + processUnblockedClients: every postponed client is queued to run its request again,
     * in postponing order. The run happens from the loop (at the start of its next iteration) rather than here,
     * because the pause may end inside a command (CLIENT UNPAUSE), whose context must not be reused under it.
     */
    private void UnblockPostponedClients()
    {
        if (_postponed.Count == 0)
        {
            return;
        }
        bool scheduled = _resuming.Count > 0;
        _resuming.AddRange(_postponed);
        _postponed.Clear();
        if (!scheduled)
        {
            _server.Loop.Post(ResumeClients);
        }
    }

    private void ResumeClients()
    {
        // A snapshot: a resumed request may close other clients, or postpone its own client again (a new pause).
        Connection[] clients = [.. _resuming];
        _resuming.Clear();
        foreach (Connection client in clients)
        {
            client.Flags &= ~ClientFlags.Postponed;
            if (!client.IsClosed)
            {
                client.ProcessPendingInput();
            }
        }
    }

    private long NowUnixMilliseconds() => _server.Time.GetUtcNow().ToUnixTimeMilliseconds();
}
