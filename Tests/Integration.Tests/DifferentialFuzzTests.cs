using System.Globalization;
using System.Text;
using Reactor.MiniRedis.Engine.Reactor;
using Reactor.MiniRedis.Integration.Tests.Support;

namespace Reactor.MiniRedis.Integration.Tests;

/// <summary>
/// Differential fuzzing against a real redis-server 7.0.15: a seeded random sequence of data-type commands
/// (<see cref="RandomCommandGenerator"/>) runs on both servers, in RESP2, in RESP3 and in RESP2 with tiny encoding
/// thresholds, and every reply must agree (exactly, or by shape or in any order where Redis's own reply is random or
/// unordered). The first difference fails with the seed, the step, the commands before it and both replies, and
/// writes the whole sequence to a file. Ignored where redis-server is not installed; CI installs it.
/// </summary>
/// <remarks>
/// CI runs a few seeds of a few thousand steps. For a longer hunt, set <c>MINIREDIS_FUZZ_SEEDS</c> (e.g.
/// <c>1-200</c> or <c>7,19</c>) and <c>MINIREDIS_FUZZ_STEPS</c> (e.g. <c>20000</c>).
/// </remarks>
[TestFixture(IoBackend.Epoll)]
[Category("RedisServer")]
public sealed class DifferentialFuzzTests(IoBackend backend) : ServerTests(backend)
{
    private const string SeedsVariable = "MINIREDIS_FUZZ_SEEDS";
    private const string StepsVariable = "MINIREDIS_FUZZ_STEPS";
    private const int DefaultSteps = 6000;
    private const int BatchSize = 64;
    private const int HistoryShown = 10;

    // Absolute expiries are built on this Unix time (in 2096), so they never pass during a run and a failing
    // sequence replays with the same arguments.
    private const long ExpireBaseSeconds = 4_000_000_000;

    // Tiny encoding thresholds, so that most collections convert (listpack to hashtable or skiplist, intset to
    // hashtable, quicklist nodes split) within a few commands. Every run sets its thresholds first, since the
    // servers outlive it.
    private static readonly string[] s_smallEncodings =
    [
        "hash-max-listpack-entries", "4", "hash-max-listpack-value", "8", "set-max-intset-entries", "4",
        "zset-max-listpack-entries", "4", "zset-max-listpack-value", "8", "list-max-listpack-size", "4",
    ];

    private static readonly string[] s_defaultEncodings =
    [
        "hash-max-listpack-entries", "128", "hash-max-listpack-value", "64", "set-max-intset-entries", "512",
        "zset-max-listpack-entries", "128", "zset-max-listpack-value", "64", "list-max-listpack-size", "-2",
    ];

    private RealRedisServer _redis = null!;

    [OneTimeSetUp]
    public void StartRealRedis() => _redis = RealRedisServer.Start();

    [OneTimeTearDown]
    public void StopRealRedis() => _redis?.Dispose();

    [TestCaseSource(nameof(Seeds))]
    public void RandomCommands_SameRepliesAsRedis(int seed, int protocol, bool smallEncodings)
    {
        string? steps = Environment.GetEnvironmentVariable(StepsVariable);
        Run(seed, protocol, smallEncodings, string.IsNullOrEmpty(steps) ? DefaultSteps : int.Parse(steps, CultureInfo.InvariantCulture));
    }

    // The seeds of MINIREDIS_FUZZ_SEEDS ("1-200", "3,7"), or CI's few; each in RESP2, in RESP3, and in RESP2 with
    // tiny encoding thresholds.
    private static IEnumerable<TestCaseData> Seeds()
    {
        string? variable = Environment.GetEnvironmentVariable(SeedsVariable);
        IEnumerable<int> seeds = string.IsNullOrEmpty(variable) ? [1, 2, 3, 4, 5, 6] : ParseSeeds(variable);
        foreach (int seed in seeds)
        {
            yield return new TestCaseData(seed, 2, false);
            yield return new TestCaseData(seed, 3, false);
            yield return new TestCaseData(seed, 2, true);
        }
    }

    private static IEnumerable<int> ParseSeeds(string text)
    {
        foreach (string part in text.Split(','))
        {
            string[] range = part.Split('-');
            int first = int.Parse(range[0], CultureInfo.InvariantCulture);
            int last = range.Length == 1 ? first : int.Parse(range[1], CultureInfo.InvariantCulture);
            for (int seed = first; seed <= last; seed++)
            {
                yield return seed;
            }
        }
    }

    // Runs the sequence of seed on both servers, pipelined in batches, and fails at the first reply that differs.
    // A command whose reply Redis may leave unspecified (FuzzCommand.Lex, FuzzCommand.NumericSort) runs in a batch
    // of its own; when it was unspecified, whatever it wrote is dropped on both servers, which then agree again.
    private void Run(int seed, int protocol, bool smallEncodings, int steps)
    {
        using RawClient redis = Open(_redis.Connect, protocol, smallEncodings);
        using RawClient ours = Open(Connect, protocol, smallEncodings);
        var generator = new RandomCommandGenerator(seed, ExpireBaseSeconds);
        string run = $"seed{seed}-resp{protocol}{(smallEncodings ? "-small-encodings" : "")}";
        var history = new List<FuzzCommand>(steps);
        FuzzCommand? next = null;
        while (history.Count < steps)
        {
            int first = history.Count;
            do
            {
                next ??= generator.Next();
                if (RunsAlone(next) && history.Count > first)
                {
                    break;
                }
                history.Add(next);
                next = null;
            }
            while (history.Count - first < BatchSize && history.Count < steps && !RunsAlone(history[^1]));
            List<FuzzCommand> batch = history[first..];
            bool unspecifiedLexRange = batch[0].Mode == FuzzCommand.Lex && IsUnspecifiedLexRange(redis, batch[0]);
            string[] expected = Pipeline(redis, batch);
            string[] actual;
            try
            {
                actual = Pipeline(ours, batch);
            }
            catch (IOException e)
            {
                Assert.Fail(Describe(run, history, history.Count - 1, "(not compared)", e.Message));
                throw;
            }
            if (unspecifiedLexRange || IsStaleErrnoSort(batch[0], expected[0], actual[0]))
            {
                DropWrittenKey(redis, ours, history, batch[0]);
                continue;
            }
            for (int i = 0; i < batch.Count; i++)
            {
                if (!Agree(batch[i].Mode, expected[i], actual[i]))
                {
                    Assert.Fail(Describe(run, history, first + i, expected[i], actual[i]));
                }
            }
        }
    }

    private static bool RunsAlone(FuzzCommand command) => command.Mode is FuzzCommand.Lex or FuzzCommand.NumericSort;

    // True when the lex range's sorted set is skiplist-encoded on redis with different scores at its two ends.
    private static bool IsUnspecifiedLexRange(RawClient redis, FuzzCommand command)
    {
        int keyIndex = command.Args[0] == "ZRANGESTORE" ? 2 : 1;
        if (command.Args.Length <= keyIndex || redis.Execute("OBJECT", "ENCODING", command.Args[keyIndex]) != RawClient.Bulk("skiplist"))
        {
            return false;
        }
        // With WITHSCORES the score is the last line of the reply, in RESP2 (a bulk) as in RESP3 (a double).
        string lowest = redis.Execute("ZRANGE", command.Args[keyIndex], "0", "0", "WITHSCORES");
        string highest = redis.Execute("ZRANGE", command.Args[keyIndex], "-1", "-1", "WITHSCORES");
        return LastLine(lowest) != LastLine(highest);
    }

    // Redis 7.0's numeric SORT tests errno after strtod without clearing it, so an ERANGE left behind by an earlier
    // command (a float that overflowed) fails it even when every element is a number: accept that refusal from
    // redis when we sorted.
    private static bool IsStaleErrnoSort(FuzzCommand command, string expected, string actual) =>
        command.Mode == FuzzCommand.NumericSort && expected == "-ERR One or more scores can't be converted into double\r\n"
        && actual[0] != '-';

    // Deletes on both servers the key an unspecified command may have written differently (its destination).
    private static void DropWrittenKey(RawClient redis, RawClient ours, List<FuzzCommand> history, FuzzCommand command)
    {
        int store = Array.IndexOf(command.Args, "STORE");
        string? written = command.Args[0] switch
        {
            "ZREMRANGEBYLEX" or "ZRANGESTORE" => command.Args[1],
            "SORT" when store > 0 && store < command.Args.Length - 1 => command.Args[store + 1],
            _ => null,
        };
        if (written is null)
        {
            return;
        }
        var drop = new FuzzCommand(' ', ["DEL", written]);
        history.Add(drop);
        Pipeline(redis, [drop]);
        Pipeline(ours, [drop]);
    }

    private static string LastLine(string reply) => reply.Split("\r\n")[^2];

    private static RawClient Open(Func<RawClient> connect, int protocol, bool smallEncodings)
    {
        RawClient client = connect();
        client.Execute("FLUSHALL");
        client.Execute("HELLO", protocol.ToString(CultureInfo.InvariantCulture));
        Assert.That(client.Execute(["CONFIG", "SET", .. smallEncodings ? s_smallEncodings : s_defaultEncodings]), Is.EqualTo("+OK\r\n"));
        return client;
    }

    private static string[] Pipeline(RawClient client, List<FuzzCommand> batch)
    {
        client.Send([.. batch.SelectMany(command => RawClient.Encode(command.Args))]);
        return [.. batch.Select(_ => client.ReadReply())];
    }

    private static bool Agree(char mode, string expected, string actual) =>
        mode == FuzzCommand.Ttl
            ? WithoutClock(expected) == WithoutClock(actual)
            : ConformanceScript.Agree(mode is FuzzCommand.Lex or FuzzCommand.NumericSort ? ' ' : mode, expected, actual);

    // A positive integer (a TTL or an expiry time) as ":+": its value depends on when the command ran.
    private static string WithoutClock(string reply) =>
        reply.Length > 3 && reply[0] == ':' && reply[1] is >= '1' and <= '9' ? ":+\r\n" : reply;

    private static string Describe(string run, List<FuzzCommand> history, int step, string expected, string actual)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{run} step {step}: the replies differ.");
        text.AppendLine("Commands (the last one is compared):");
        for (int i = Math.Max(0, step - HistoryShown); i <= step; i++)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {i,6}  {history[i]}");
        }
        // The state of the failing command's keys comes from earlier commands on them.
        HashSet<string> keys = [.. history[step].Args.Where(IsKey)];
        List<int> earlier = [.. Enumerable.Range(0, Math.Max(0, step - HistoryShown)).Reverse()
            .Where(i => history[i].Args.Any(keys.Contains)).Take(HistoryShown * 2).Reverse()];
        if (earlier.Count > 0)
        {
            text.AppendLine("Earlier commands on its keys:");
            foreach (int i in earlier)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  {i,6}  {history[i]}");
            }
        }
        // The whole sequence, in the syntax of Conformance/commands.txt, to replay it or cut it down.
        string path = Path.Combine(TestContext.CurrentContext.WorkDirectory, $"fuzz-{run}.txt");
        File.WriteAllLines(path, history.Take(step + 1).Select(command => command.ToString()));
        text.AppendLine(CultureInfo.InvariantCulture, $"The whole sequence: {path}");
        text.AppendLine(CultureInfo.InvariantCulture, $"redis: {ConformanceScript.Show(expected)}");
        text.AppendLine(CultureInfo.InvariantCulture, $"ours:  {ConformanceScript.Show(actual)}");
        return text.ToString();
    }

    private static bool IsKey(string arg) => arg.Length == 2 && arg[0] == 'k' && char.IsAsciiDigit(arg[1]);
}
