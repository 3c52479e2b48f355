using System.Text;
using Reactor.MiniRedis.Engine.Reactor;
using Reactor.MiniRedis.Integration.Tests.Support;

namespace Reactor.MiniRedis.Integration.Tests;

/// <summary>
/// Side by side with a real redis-server 7.0.15: multi-client scripts of MULTI/EXEC, WATCH and CLIENT PAUSE edge
/// cases run against both servers, and the transcripts of reply bytes must be identical.
/// </summary>
/// <remarks>
/// A script step is <c>A CMD args...</c> (client A sends and reads its reply), <c>A&gt; CMD args...</c> (sends
/// without reading: a held-back command) or <c>A&lt;</c> (reads one reply). Arguments are split on spaces. Each
/// script starts on flushed databases with new connections.
/// </remarks>
[Category("RedisServer")]
public sealed class TransactionConformanceTests
{
    private static readonly (string Name, string[] Steps)[] s_scripts =
    [
        ("QueueingErrors", ["A MULTI", "A MULTI", "A SET a", "A NOSUCH x", "A GET a", "A EXEC", "A EXEC", "A DISCARD"]),
        ("ExecAndDiscardArity", ["A EXEC x", "A MULTI", "A SET a 1", "A EXEC x", "A EXEC", "A MULTI", "A DISCARD x", "A EXEC",
            "A GET a"]),
        ("RuntimeErrorsInsideExec", ["A MULTI", "A SET a 1", "A LPUSH a x", "A INCR a", "A GET a", "A EXEC", "A MULTI", "A EXEC"]),
        ("NoMultiAndControlCommands", ["A MULTI", "A SHUTDOWN", "A WATCH a", "A UNWATCH", "A EXEC", "A MULTI", "A WATCH a",
            "A SET a 1", "A EXEC"]),
        ("ResetAndQuitInsideMulti", ["A MULTI", "A SET a 1", "A RESET", "A EXEC", "A GET a", "B MULTI", "B QUIT"]),
        ("WatchBrokenByOtherClient", ["A WATCH a", "B SET a 1", "A MULTI", "A SET b 1", "A EXEC", "A GET b", "A WATCH a",
            "A MULTI", "A SET b 2", "A EXEC"]),
        ("WatchBrokenBeforeMultiQueuesNothing", ["A WATCH a", "A SET a 1", "A MULTI", "A PING", "A PING", "A EXEC"]),
        ("WatchOwnTransactionAndUnwatch", ["A WATCH a", "A MULTI", "A SET a 1", "A EXEC", "A WATCH a", "A UNWATCH", "B SET a 2",
            "A MULTI", "A GET a", "A EXEC", "A WATCH a", "B SET a 3", "A UNWATCH", "A MULTI", "A EXEC"]),
        ("WatchOtherDatabasesAndMissingKeys", ["A WATCH a b", "B SELECT 1", "B SET a 1", "B SELECT 0", "B DEL b", "A MULTI",
            "A PING", "A EXEC"]),
        ("WatchBrokenByKeyCommands", ["A SET a 1", "A WATCH a", "B RENAME a c", "A MULTI", "A EXEC", "A WATCH c", "B MOVE c 1",
            "A MULTI", "A EXEC", "A SET d 1", "A WATCH d", "B EXPIRE d 100", "A MULTI", "A EXEC", "A WATCH d", "B PERSIST d",
            "A MULTI", "A EXEC", "A WATCH d", "B PERSIST d", "A MULTI", "A EXEC"]),
        ("WatchAndFlushes", ["A WATCH a", "B FLUSHDB", "A MULTI", "A EXEC", "A SET a 1", "A WATCH a", "B FLUSHDB", "A MULTI",
            "A EXEC", "A SET a 1", "A WATCH a", "B SELECT 1", "B FLUSHDB", "A MULTI", "A EXEC", "A WATCH a", "B FLUSHALL",
            "A MULTI", "A EXEC"]),
        ("WatchAndSwapDb", ["A WATCH a", "B SELECT 1", "B SET a 1", "B SWAPDB 0 1", "A MULTI", "A EXEC", "A WATCH a",
            "B SWAPDB 0 1", "A MULTI", "A EXEC", "A WATCH z", "B SWAPDB 0 1", "A MULTI", "A EXEC"]),
        ("ClientPauseErrors", ["A CLIENT PAUSE x", "A CLIENT PAUSE -1", "A CLIENT PAUSE x foo", "A CLIENT PAUSE 10 ALL x",
            "A CLIENT UNPAUSE x", "A CLIENT PAUSE 0 write", "A SET a 1"]),
        // B and C write different keys: which of the two runs first after UNPAUSE is a race in Redis too (a request
        // read after the pause ends, in the same event batch as UNPAUSE, runs before the postponed ones resume).
        ("ClientPauseWrite", ["A CLIENT PAUSE 100000 WRITE", "B> SET a 1", "C> INCR b", "A GET a", "A GET b",
            "A CLIENT UNPAUSE", "B<", "C<", "A GET a", "A GET b"]),
        ("ClientPauseWriteHoldsBackPublish", ["A CLIENT PAUSE 100000 WRITE", "B> PUBLISH ch m", "B> SPUBLISH ch m", "A PING",
            "A CLIENT UNPAUSE", "B<", "B<"]),
        ("TransactionOfSubscribeAndPubSubContext", ["A MULTI", "A SUBSCRIBE ch", "A EXEC", "A MULTI", "A PING", "A RESET",
            "A MULTI", "A PUBLISH ch m", "A EXEC"]),
        ("ClientPauseQueueingAndExec", ["B MULTI", "B GET a", "A CLIENT PAUSE 100000 WRITE", "B> SET a 1", "A CLIENT UNPAUSE",
            "B<", "B MULTI", "B INCR a", "A CLIENT PAUSE 100000 WRITE", "B> EXEC", "A CLIENT UNPAUSE", "B<"]),
    ];

    private TestServer _ours = null!;
    private RealRedisServer _real = null!;

    public static IEnumerable<TestCaseData> Scripts() =>
        s_scripts.Select(s => new TestCaseData((object)s.Steps).SetName($"Conformance_{s.Name}_RepliesLikeRedis"));

    [OneTimeSetUp]
    public void StartServers()
    {
        _real = RealRedisServer.Start();
        _ours = TestServer.Start(IoBackend.Auto);
    }

    [OneTimeTearDown]
    public void StopServers()
    {
        _ours?.Dispose();
        _real?.Dispose();
    }

    [TestCaseSource(nameof(Scripts))]
    public void Script(string[] steps) =>
        Assert.That(Run(_ours.Host, _ours.Port, steps), Is.EqualTo(Run("127.0.0.1", _real.Port, steps)));

    // Runs the script against one server and returns the transcript: each step followed by the reply it got.
    private static string Run(string host, int port, string[] steps)
    {
        using (RawClient admin = RawClient.Connect(host, port))
        {
            admin.Execute("FLUSHALL");
        }
        var clients = new Dictionary<char, RawClient>();
        var transcript = new StringBuilder();
        try
        {
            foreach (string step in steps)
            {
                char name = step[0];
                if (!clients.TryGetValue(name, out RawClient? client))
                {
                    clients[name] = client = RawClient.Connect(host, port);
                }
                transcript.Append(step).Append(" => ");
                if (step[1] == '<')
                {
                    transcript.Append(client.ReadReply());
                }
                else if (step[1] == '>')
                {
                    client.SendCommand(step[3..].Split(' '));
                }
                else
                {
                    client.SendCommand(step[2..].Split(' '));
                    transcript.Append(step.EndsWith(" QUIT", StringComparison.Ordinal)
                        ? client.ReadReply() + (client.WaitForServerClose() ? "(closed)" : "(open)")
                        : client.ReadReply());
                }
                transcript.Append('\n');
            }
        }
        finally
        {
            foreach (RawClient client in clients.Values)
            {
                client.Dispose();
            }
        }
        return transcript.ToString();
    }
}
