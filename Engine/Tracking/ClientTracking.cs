namespace Reactor.MiniRedis.Engine.Tracking;

/// <summary>
/// One client's CLIENT TRACKING state: the tracking fields of Redis's client struct (client_tracking_redirection,
/// client_tracking_prefixes and the CLIENT_TRACKING_* option flags). Whether tracking is on at all is the
/// <see cref="Networking.ClientFlags.Tracking"/> flag of the connection, which the command path tests.
/// </summary>
public sealed class ClientTracking
{
    /// <summary>The option flags (BCAST, OPTIN, OPTOUT, NOLOOP, the pending CACHING answer, a broken redirect).</summary>
    public TrackingOptions Options { get; internal set; }

    /// <summary>The id of the client invalidations are sent to instead (REDIRECT), or 0.</summary>
    public long Redirect { get; internal set; }

    /// <summary>The BCAST prefixes in byte order (a radix tree in Redis, so CLIENT TRACKINGINFO lists them sorted); null until the first.</summary>
    internal SortedSet<byte[]>? Prefixes { get; set; }

    /// <summary>True when <paramref name="option"/> is set.</summary>
    public bool Has(TrackingOptions option) => (Options & option) != 0;
}
