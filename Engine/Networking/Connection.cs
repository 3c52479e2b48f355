using System.Net.Sockets;
using Reactor.MiniRedis.Engine.Commands;
using Reactor.MiniRedis.Engine.PubSub;
using Reactor.MiniRedis.Engine.Reactor;
using Reactor.MiniRedis.Engine.Security;
using Reactor.MiniRedis.Engine.Server;
using Reactor.MiniRedis.Engine.Tracking;
using Reactor.MiniRedis.Engine.Transactions;
using Reactor.MiniRedis.Protocol;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Engine.Networking;

/// <summary>
/// One client connection, the <c>client</c> struct of redis/redis src/server.h: its query buffer and decoder state,
/// its reply buffer, its selected database and its identity. All methods run on the loop thread.
/// </summary>
public sealed class Connection : IFileEventHandler
{
    /// <summary>PROTO_IOBUF_LEN: how much a read asks for.</summary>
    private const int ReadSize = 16 * 1024;

    /// <summary>NET_MAX_WRITES_PER_EVENT: a client gets at most this much per write event, for fairness.</summary>
    private const int MaxWritePerEvent = 64 * 1024;

    // Chunks per gathering write: MaxWritePerEvent is four full chunks, so a few more than that.
    private const int MaxWriteSegments = 8;

    private readonly RedisServer _server;
    private readonly ITransport _transport;
    private readonly RequestDecoder _decoder;
    private byte[] _queryBuffer = new byte[ReadSize];
    private List<ArraySegment<byte>>? _writeSegments; // made by the first reply that spans chunks
    private int _qbStart;   // first byte of the request being decoded
    private int _qbEnd;     // end of the bytes read so far

    internal Connection(RedisServer server, ITransport transport, long id)
    {
        _server = server;
        _transport = transport;
        _decoder = new RequestDecoder(server.Config.Limits);
        Id = id;
        Reply = new ReplyWriter(new ReplyBuffer());
        Db = server.Keyspace[0];
        CreatedAtMilliseconds = server.Loop.NowMilliseconds;
        LastInteractionMilliseconds = CreatedAtMilliseconds;
        User = server.Config.Acl.DefaultUser;
        Authenticated = User.AuthenticatesWithoutPassword; // clientSetDefaultAuth
        Reply.Buffer.ChunkAdded = CheckOutputBufferLimits;
    }

    /// <summary>The client id (CLIENT ID), unique and increasing for the server's lifetime.</summary>
    public long Id { get; }

    /// <summary>The name set with CLIENT SETNAME, or null.</summary>
    public string? Name { get; set; }

    /// <summary>CLIENT SETINFO lib-name.</summary>
    public string? LibraryName { get; set; }

    /// <summary>CLIENT SETINFO lib-ver.</summary>
    public string? LibraryVersion { get; set; }

    /// <summary>The protocol version chosen with HELLO (2 or 3); the reply writer shapes every reply by it.</summary>
    public int ProtocolVersion
    {
        get => Reply.Protocol;
        set => Reply.Protocol = value;
    }

    /// <summary>The ACL user the client runs commands as (c->user): the default user until AUTH or HELLO AUTH.</summary>
    public AclUser User { get; set; }

    /// <summary>
    /// Whether the client has authenticated (c->authenticated): by AUTH, or at connection when the default user
    /// needed no password. Until then, while a password is required, only AUTH, HELLO and the like run.
    /// </summary>
    public bool Authenticated { get; set; }

    /// <summary>The selected database.</summary>
    public Database Db { get; private set; }

    /// <summary>The client's Pub/Sub subscriptions, created at its first subscription.</summary>
    public ClientSubscriptions? Subscriptions { get; internal set; }

    /// <summary>Where replies are encoded.</summary>
    public ReplyWriter Reply { get; }

    /// <summary>State bits.</summary>
    public ClientFlags Flags { get; set; }

    /// <summary>CLIENT TRACKING options (redirect, BCAST prefixes, OPTIN/OPTOUT...), used while <see cref="ClientFlags.Tracking"/> is set.</summary>
    public ClientTracking Tracking { get; } = new();

    /// <summary>The poller token of the socket.</summary>
    internal int Token { get; set; } = -1;

    /// <summary>Loop time of connection, for CLIENT LIST age.</summary>
    public long CreatedAtMilliseconds { get; }

    /// <summary>Loop time of the last read or command, for CLIENT LIST idle and the <c>timeout</c> setting.</summary>
    public long LastInteractionMilliseconds { get; private set; }

    /// <summary>The last command run (CLIENT LIST cmd).</summary>
    public string LastCommand { get; set; } = "NULL";

    /// <summary>The peer's ip:port.</summary>
    public string RemoteAddress => _transport.RemoteAddress;

    /// <summary>The local ip:port.</summary>
    public string LocalAddress => _transport.LocalAddress;

    /// <summary>Unconsumed query-buffer bytes (CLIENT LIST qbuf).</summary>
    public int QueryBufferLength => _qbEnd - _qbStart;

    /// <summary>Query-buffer capacity (CLIENT LIST qbuf-free is capacity minus length).</summary>
    public int QueryBufferCapacity => _queryBuffer.Length;

    /// <summary>Room left at the end of the query buffer for the next read (CLIENT LIST qbuf-free, sdsavail).</summary>
    public int QueryBufferFree => _queryBuffer.Length - _qbEnd;

    /// <summary>The socket's file descriptor (CLIENT LIST fd), or -1 for a client without a socket.</summary>
    public long FileDescriptor => _transport is SocketTransport socket ? (long)socket.Socket.Handle : -1;

    /// <summary>The most reply bytes queued at once, up to the first chunk's size (CLIENT LIST rbp, buf_peak).</summary>
    public int ReplyBufferPeak { get; private set; }

    /// <summary>Arguments of the request being decoded, for CLIENT LIST argv-mem style reporting.</summary>
    public int PendingArgumentCount => _decoder.ArgumentCount;

    /// <summary>
    /// obuf_soft_limit_reached_time: the Unix second at which the reply backlog was first seen at or over its
    /// class's soft limit, 0 when it is not (see <see cref="OutputBufferLimits"/>).
    /// </summary>
    internal long OutputBufferSoftLimitSince { get; set; }

    /// <summary>MULTI/EXEC and WATCH state (c->mstate, c->watched_keys); null until the client first uses either.</summary>
    internal MultiState? Transaction { get; set; }

    /// <summary>True once closed.</summary>
    public bool IsClosed => (Flags & ClientFlags.Closed) != 0;

    /// <summary>Switches the selected database (SELECT).</summary>
    public void Select(Database db) => Db = db;

    /// <summary>
    /// readQueryFromClient: reads once, then runs every complete request in the buffer. Pipelined requests are all
    /// answered into the reply buffer, which is flushed before the loop sleeps.
    /// </summary>
    public void OnReadable()
    {
        if (IsClosed)
        {
            return;
        }
        int n;
        try
        {
            Span<byte> target = PrepareReadSpace();
            n = _transport.Receive(target);
        }
        catch (SocketException e)
        {
            _server.Log.Verbose($"Client id={Id} addr={RemoteAddress} read error: {e.SocketErrorCode}");
            Close();
            return;
        }
        if (n < 0)
        {
            return; // spurious wake-up
        }
        if (n == 0)
        {
            _server.Log.Verbose($"Client closed connection id={Id} addr={RemoteAddress}");
            Close();
            return;
        }
        _server.Stats.NetInputBytes += n;
        _server.Stats.TotalReadsProcessed++;
        LastInteractionMilliseconds = _server.Loop.NowMilliseconds;
        if ((Flags & (ClientFlags.CloseAfterReply | ClientFlags.CloseAsap)) != 0)
        {
            return; // no more requests are served; what arrives is dropped
        }
        _qbEnd += n;
        if (_qbEnd - _qbStart > _server.Config.Limits.QueryBufferLimit)
        {
            _server.Log.Warning($"Closing client that reached max query buffer length: id={Id} addr={RemoteAddress} qbuf={_qbEnd - _qbStart}");
            Close();
            return;
        }
        ProcessPendingInput();
    }

    /// <summary>
    /// processUnblockedClients' step for this client, called before the loop sleeps once it has been unblocked: runs
    /// the requests that arrived while it was blocked (no readable event comes for bytes already read) and
    /// schedules the replies, the unblocked command's included.
    /// </summary>
    internal void ProcessUnblocked()
    {
        if (!IsClosed && (Flags & ClientFlags.Blocked) == 0)
        {
            ProcessPendingInput();
        }
    }

    /// <summary>
    /// Runs the requests waiting in the query buffer and schedules the replies: after a read, and when a postponed
    /// or blocked client resumes (processUnblockedClients). A handler bug closes this client only.
    /// </summary>
    internal void ProcessPendingInput()
    {
        try
        {
            ProcessInputBuffer();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A handler bug must cost only this client: log it and close this connection, never the server.
            _server.Log.Warning($"Closing client id={Id} addr={RemoteAddress} after an internal error: {e}");
            Close();
            return;
        }
        if ((Flags & ClientFlags.CloseAsap) != 0)
        {
            Close();
        }
        else if (!IsClosed && !Reply.Buffer.IsEmpty)
        {
            _server.QueuePendingWrite(this);
        }
    }

    /// <summary>
    /// The socket can take bytes again after a partial write. With appendfsync always, replies of commands whose
    /// AOF entries are not written yet wait for beforeSleep, which writes the AOF first (AE_BARRIER).
    /// </summary>
    public void OnWritable()
    {
        if (_server.Aof.HoldsReplies)
        {
            _server.QueuePendingWrite(this);
            return;
        }
        WriteToClient();
    }

    /// <summary>
    /// processInputBuffer: decodes and runs requests until the buffer holds only a partial one. On a protocol error
    /// the error is queued, the rest of the input is discarded, and the client is closed once the reply is out. A
    /// command that blocks the client stops the loop: the rest waits in the buffer until it is unblocked.
    /// </summary>
    internal void ProcessInputBuffer()
    {
        // A blocked client (BLPOP, CLIENT PAUSE) leaves what follows its command in the buffer until it resumes.
        const ClientFlags stop = ClientFlags.CloseAfterReply | ClientFlags.CloseAsap | ClientFlags.Closed
            | ClientFlags.Blocked | ClientFlags.Postponed;
        int prefetched = _qbStart; // where the requests whose keys MemoryPrefetch looked up end
        while (_qbStart < _qbEnd && (Flags & stop) == 0)
        {
            if (_qbStart >= prefetched)
            {
                prefetched = _qbStart + MemoryPrefetch.PrefetchKeys(Db, _queryBuffer.AsSpan(_qbStart, _qbEnd - _qbStart));
            }
            DecodeStatus status = _decoder.Decode(_queryBuffer.AsSpan(_qbStart, _qbEnd - _qbStart), out int consumed);
            if (status == DecodeStatus.NeedMoreData)
            {
                break;
            }
            if (status == DecodeStatus.ProtocolError)
            {
                string error = ErrorText.ForProtocolError(_decoder.Error, _decoder.UnexpectedByte);
                Reply.WriteError(error);
                _server.Stats.TotalErrorReplies++;
                _server.Stats.CountErrorReply(System.Text.Encoding.Latin1.GetBytes(error));
                _server.Log.Verbose($"Protocol error ({_decoder.Error}) from client: id={Id} addr={RemoteAddress}");
                Flags |= ClientFlags.CloseAfterReply;
                _qbStart = _qbEnd;
                break;
            }
            if (_decoder.ArgumentCount > 0)
            {
                long replyMark = Reply.Buffer.Length;
                _server.Tracking.CurrentClient = this;
                _server.ProcessCommand(this, _queryBuffer, _qbStart, _decoder.ArgumentArray, _decoder.ArgumentCount);
                ClientCommands.CommandProcessed(_server, this, replyMark);
                if ((Flags & ClientFlags.Postponed) != 0)
                {
                    break; // CLIENT PAUSE: the request stays unconsumed, to be decoded and run again when the pause ends
                }
            }
            _qbStart += consumed;
        }
        if (_qbStart == _qbEnd)
        {
            _qbStart = _qbEnd = 0;
            if (_queryBuffer.Length > 4 * ReadSize)
            {
                // A large request is done: give the memory back (clientsCronResizeQueryBuffer does this lazily).
                _queryBuffer = new byte[ReadSize];
            }
        }
    }

    /// <summary>
    /// writeToClient: sends pending replies until the socket is full or the per-event budget is spent, then keeps
    /// write interest only while bytes remain (handleClientsWithPendingWrites). Returns false if the client was closed.
    /// </summary>
    internal bool WriteToClient()
    {
        if (IsClosed)
        {
            return false;
        }
        if ((Flags & ClientFlags.CloseAsap) != 0)
        {
            Close(); // freeClientsInAsyncFreeQueue: what it had pending is dropped
            return false;
        }
        ReplyBuffer buffer = Reply.Buffer;
        ReplyBufferPeak = (int)Math.Max(ReplyBufferPeak, Math.Min(buffer.Length, ReplyBuffer.ChunkSize));
        // An embedded server's fault injection may hold replies back (0) or send them in pieces.
        int limit = _server.TestHooks?.ReplyByteLimit(this) ?? int.MaxValue;
        int total = 0;
        try
        {
            while (!buffer.IsEmpty && total < MaxWritePerEvent && total < limit)
            {
                int n;
                if (buffer.SpansChunks && limit == int.MaxValue)
                {
                    // writevToClient: the chunks go out together in one system call, not one call each.
                    _writeSegments ??= new List<ArraySegment<byte>>(MaxWriteSegments);
                    buffer.PeekSegments(_writeSegments, MaxWriteSegments, MaxWritePerEvent - total);
                    n = _transport.Writev(_writeSegments);
                }
                else
                {
                    ReadOnlySpan<byte> head = buffer.PeekHead();
                    n = _transport.Send(head.Length > limit - total ? head[..(limit - total)] : head);
                }
                if (n == 0)
                {
                    break;
                }
                buffer.Consume(n);
                total += n;
            }
        }
        catch (SocketException e)
        {
            _server.Log.Verbose($"Error writing to client id={Id} addr={RemoteAddress}: {e.SocketErrorCode}");
            Close();
            return false;
        }
        _server.Stats.NetOutputBytes += total;
        if (total > 0)
        {
            _server.Stats.TotalWritesProcessed++;
        }
        if (buffer.IsEmpty)
        {
            if ((Flags & ClientFlags.CloseAfterReply) != 0)
            {
                Close();
                return false;
            }
            if (Token >= 0)
            {
                _server.Loop.SetInterest(Token, Interest.Readable);
            }
        }
        else if (Token >= 0)
        {
            // Bytes held back by fault injection wait for its timer, not for the socket to drain.
            _server.Loop.SetInterest(Token, total < limit ? Interest.Readable | Interest.Writable : Interest.Readable);
        }
        return true;
    }

    /// <summary>freeClient: unregisters and closes the socket and releases buffers. Idempotent.</summary>
    public void Close()
    {
        if (IsClosed)
        {
            return;
        }
        Flags |= ClientFlags.Closed;
        if (Token >= 0)
        {
            _server.Loop.Unregister(Token);
            Token = -1;
        }
        _server.PubSub.RemoveClient(this);
        _server.Monitors.Remove(this);
        _transport.Close();
        MultiExec.Discard(_server, this); // freeClient: unwatchAllKeys, freeClientMultiState
        _server.ClientPause.Forget(this);
        Reply.Buffer.Clear();
        _decoder.Reset();
        _queryBuffer = [];
        _qbStart = _qbEnd = 0;
        _server.OnClientClosed(this);
    }

    /// <summary>
    /// closeClientOnOutputBufferLimitReached(c, 1) where the reply list grows: a new reply chunk was just added.
    /// One comparison unless the client may be over its output-buffer limit.
    /// </summary>
    private void CheckOutputBufferLimits()
    {
        OutputBufferLimits limits = _server.Config.OutputBufferLimits;
        if (limits.ShouldCheck(this))
        {
            limits.CloseIfReached(_server, this, async: true);
        }
    }

    /// <summary>
    /// Makes room for the next read: moves a partial request to the front, and grows the buffer to hold a
    /// large bulk whose length is known (so a 1 MB value is read into one buffer, not regrown repeatedly).
    /// </summary>
    private Span<byte> PrepareReadSpace()
    {
        if (_qbStart > 0)
        {
            int pending = _qbEnd - _qbStart;
            Buffer.BlockCopy(_queryBuffer, _qbStart, _queryBuffer, 0, pending);
            _qbStart = 0;
            _qbEnd = pending;
        }
        // Room for a whole read after what is pending, as sdsMakeRoomFor(querybuf, readlen) makes (doubling), and
        // the read takes all the room there is: a pipelined batch a little over 16 KB (16 SETs of 1 KB) then
        // arrives in one read and is answered in one write, not two of each. A known large bulk asks for all of
        // its bytes at once.
        long needed = _queryBuffer.Length - _qbEnd < ReadSize ? _qbEnd + ReadSize : 0;
        needed = Math.Max(needed, _decoder.BytesNeeded);
        if (needed > _queryBuffer.Length)
        {
            long size = Math.Max(needed, Math.Min((long)_queryBuffer.Length * 2, Array.MaxLength));
            Array.Resize(ref _queryBuffer, (int)Math.Min(size, Array.MaxLength));
        }
        return _queryBuffer.AsSpan(_qbEnd);
    }
}
