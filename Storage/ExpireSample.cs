namespace Reactor.MiniRedis.Storage;

/// <summary>
/// What one step of the active expiry cycle found (<see cref="Database.SampleExpires"/>): how many volatile keys it
/// looked at, and copies of those whose time had passed, with their expire times. Only an expired key is copied: a
/// short key lives inside the expires table's entry, so keeping it past the scan takes a copy, and the cycle reuses
/// one sample, so looking at keys that have not expired yet (the usual case) allocates nothing.
/// </summary>
public sealed class ExpireSample
{
    /// <summary>The time, in Unix milliseconds, the sampled keys are judged against.</summary>
    public long Now { get; private set; }

    /// <summary>Volatile keys looked at since <see cref="Reset"/>.</summary>
    public int Sampled { get; internal set; }

    /// <summary>The keys looked at whose expire time is before <see cref="Now"/> (copies), with that time.</summary>
    public List<KeyValuePair<byte[], long>> Expired { get; } = [];

    /// <summary>Empties the sample for a step judged at <paramref name="now"/>.</summary>
    public void Reset(long now)
    {
        Now = now;
        Sampled = 0;
        Expired.Clear();
    }
}
