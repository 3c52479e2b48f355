using Reactor.MiniRedis.Engine.Reactor;

namespace Reactor.MiniRedis.Engine.Embedding;

/// <summary>How <see cref="MiniRedisServer.StartAsync"/> sets up an embedded server.</summary>
public sealed class MiniRedisServerOptions
{
    /// <summary>How many databases SELECT can choose from (<c>databases</c>, 16 by default).</summary>
    public int Databases { get; set; } = 16;

    /// <summary>The I/O backend: epoll on Linux by default, or the portable <c>Socket.Select</c>.</summary>
    public IoBackend IoBackend { get; set; } = IoBackend.Auto;

    /// <summary>
    /// Any other setting, by its redis.conf name, as <c>redis-server --name value</c> would take it:
    /// <c>["maxclients"] = "100"</c>, <c>["hash-max-listpack-entries"] = "4"</c>, <c>["timeout"] = "5"</c>;
    /// <c>["enable-debug-command"] = "yes"</c> lets tests use DEBUG (DIGEST, RELOAD, SLEEP, SET-ACTIVE-EXPIRE...).
    /// Applied after <see cref="Databases"/> and <see cref="IoBackend"/>, so these win. The server binds
    /// 127.0.0.1 on a free port, takes no snapshots (<c>save ""</c>), and writes its log only to <see cref="Log"/>;
    /// <c>bind</c>, <c>port</c>, <c>save</c> and <c>logfile</c> here override that.
    /// </summary>
    public IDictionary<string, string> Settings { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The time source under the server's clock (<see cref="MiniRedisServer.Clock"/>); the system clock by
    /// default. A <c>FakeTimeProvider</c> makes time stand still except when advanced.
    /// </summary>
    public TimeProvider? TimeProvider { get; set; }

    /// <summary>How many of the latest requests the command log keeps (0 turns it off). 1,000 by default.</summary>
    public int CommandLogCapacity { get; set; } = 1000;

    /// <summary>Receives the server's log lines (Redis's format, filtered by <c>loglevel</c>); nothing by default.</summary>
    public Action<string>? Log { get; set; }
}
