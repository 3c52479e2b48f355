namespace Reactor.MiniRedis.Storage;

/// <summary>The numbered databases of one server (the <c>databases</c> setting, 16 by default).</summary>
public sealed class Keyspace
{
    private readonly Database[] _databases;

    /// <summary>Creates <paramref name="count"/> empty databases sharing the clock <paramref name="time"/>.</summary>
    public Keyspace(int count, TimeProvider time, EncodingLimits? encodingLimits = null, AccessPolicy? access = null, LazyFree? lazyFree = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        Time = time;
        Clock = new CommandClock(time);
        EncodingLimits = encodingLimits ?? new EncodingLimits();
        LazyFree = lazyFree ?? new LazyFree();
        _databases = new Database[count];
        for (int i = 0; i < count; i++)
        {
            _databases[i] = new Database(i, Clock, EncodingLimits, access, LazyFree);
        }
    }

    /// <summary>The lazyfree settings, queue and counters every database frees through.</summary>
    public LazyFree LazyFree { get; }

    /// <summary>The encoding thresholds every collection in every database converts by.</summary>
    public EncodingLimits EncodingLimits { get; }

    /// <summary>The clock every database reads.</summary>
    public TimeProvider Time { get; }

    /// <summary>The databases' view of <see cref="Time"/>: fixed while a command runs (the server enters and exits it around each call).</summary>
    public CommandClock Clock { get; }

    /// <summary>How many databases there are.</summary>
    public int Count => _databases.Length;

    /// <summary>Database number <paramref name="index"/> (0-based, validated by the caller).</summary>
    public Database this[int index] => _databases[index];

    /// <summary>server.loading: set on every database while an append-only file is replayed (see <see cref="Database.Loading"/>).</summary>
    public bool Loading
    {
        get => _databases[0].Loading;
        set
        {
            foreach (Database db in _databases)
            {
                db.Loading = value;
            }
        }
    }

    /// <summary>Removes every key of every database (FLUSHALL); <paramref name="lazy"/> as <see cref="Database.Clear(bool)"/>.</summary>
    public void FlushAll(bool lazy = false)
    {
        foreach (Database db in _databases)
        {
            db.Clear(lazy);
        }
    }

    /// <summary>Total keys in all databases.</summary>
    public long TotalKeys()
    {
        long total = 0;
        foreach (Database db in _databases)
        {
            total += db.Count;
        }
        return total;
    }
}
