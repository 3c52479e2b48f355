namespace Reactor.MiniRedis.Engine.Tracking;

/// <summary>The CLIENT_TRACKING_* flags of redis/redis src/server.h, beside the on/off state itself.</summary>
[Flags]
public enum TrackingOptions
{
    None = 0,

    /// <summary>BCAST: invalidations for every key under the client's prefixes, whether it read them or not.</summary>
    Broadcast = 1 << 0,

    /// <summary>OPTIN: only keys read right after CLIENT CACHING yes are remembered.</summary>
    OptIn = 1 << 1,

    /// <summary>OPTOUT: keys read right after CLIENT CACHING no are not remembered.</summary>
    OptOut = 1 << 2,

    /// <summary>NOLOOP: no invalidations for keys the client changed itself.</summary>
    NoLoop = 1 << 3,

    /// <summary>CLIENT CACHING yes/no was given for the next command (or transaction).</summary>
    Caching = 1 << 4,

    /// <summary>The client invalidations are redirected to has gone.</summary>
    BrokenRedirect = 1 << 5,
}
