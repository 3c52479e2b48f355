using Reactor.MiniRedis.Engine.Commands;
using Reactor.MiniRedis.Engine.Networking;
using Reactor.MiniRedis.Protocol;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Engine.Blocking;

/// <summary>
/// One client blocked on keys: the <c>bpop</c> state of Redis's client struct (redis/redis src/server.h) plus the
/// command's arguments, which Redis keeps in <c>c->argv</c> while the client waits. The arguments are copied out
/// of the query buffer when the client blocks, because the buffer moves on (and may be compacted or replaced)
/// while requests pile up behind the blocked one.
/// </summary>
internal sealed class BlockedClient
{
    /// <summary>The blocked client.</summary>
    public required Connection Client { get; init; }

    /// <summary>The database the keys belong to (the client's selected one when it blocked).</summary>
    public required Database Db { get; init; }

    /// <summary>What it waits for.</summary>
    public required BlockedType Type { get; init; }

    /// <summary>The blocking command's table row (c->lastcmd), for its statistics when served.</summary>
    public required CommandSpec Command { get; init; }

    /// <summary>The command's arguments, packed one after the other (argv).</summary>
    public required byte[] ArgumentBytes { get; init; }

    /// <summary>Where each argument lies in <see cref="ArgumentBytes"/>.</summary>
    public required ArgSlice[] Arguments { get; init; }

    /// <summary>
    /// The keys it waits on, each once, in the order given (bpop.keys); the arrays are the blocking-keys table's
    /// own, shared by every client blocked on the same key.
    /// </summary>
    public List<byte[]> Keys { get; } = [];

    /// <summary>This client's node in each key's queue of blocked clients, parallel to <see cref="Keys"/>, for O(1) removal.</summary>
    public List<LinkedListNode<BlockedClient>> Nodes { get; } = [];

    /// <summary>When it times out, in loop milliseconds; 0 for never (bpop.timeout).</summary>
    public required long Deadline { get; init; }

    /// <summary>The end a list is popped from (bpop.blockpos.wherefrom).</summary>
    public ListEnd From { get; init; }

    /// <summary>The end BLMOVE pushes to (bpop.blockpos.whereto).</summary>
    public ListEnd To { get; init; }

    /// <summary>For a sorted set: pop the highest scores (BZPOPMAX, BZMPOP MAX) rather than the lowest.</summary>
    public bool Highest { get; init; }

    /// <summary>How many elements to pop (BLMPOP, BZMPOP COUNT), or -1 for a single pop with its own reply shape (bpop.count).</summary>
    public long Count { get; init; } = -1;

    /// <summary>True for BLMOVE and BRPOPLPUSH, whose argument 2 is the destination (bpop.target).</summary>
    public bool HasTarget { get; init; }

    /// <summary>The number of arguments (argc).</summary>
    public int ArgumentCount => Arguments.Length;
}
