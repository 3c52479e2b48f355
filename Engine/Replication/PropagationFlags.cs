namespace Reactor.MiniRedis.Engine.Replication;

/// <summary>What a command asked of its own propagation while it ran (the CLIENT_*_PROP flags of c->flags in Redis).</summary>
[Flags]
public enum PropagationFlags
{
    /// <summary>Propagated as sent, if it changed the dataset.</summary>
    None = 0,

    /// <summary>rewriteClientCommandVector: propagated as the rewritten form instead of as sent.</summary>
    Rewritten = 1 << 0,

    /// <summary>preventCommandPropagation (CLIENT_PREVENT_PROP): not propagated itself (what it alsoPropagated still is).</summary>
    Prevented = 1 << 1,

    /// <summary>forceCommandPropagation (CLIENT_FORCE_AOF): propagated even if it changed nothing (FLUSHALL on an empty server).</summary>
    Forced = 1 << 2,
}
