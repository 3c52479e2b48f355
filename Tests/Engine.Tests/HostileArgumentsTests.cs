using Reactor.MiniRedis.Engine.Commands;
using Reactor.MiniRedis.Engine.Tests.Support;

namespace Reactor.MiniRedis.Engine.Tests;

/// <summary>
/// Every handler survives every argument shape. Each row of the command table (subcommands included, so rows added
/// later are covered too) gets hostile arguments: empty strings, numbers at and past every integer boundary
/// (2^63-1, -2^63, 9999999999999999999999), NaN and infinities, non-numbers, very long strings, binary junk, too
/// many arguments, odd counts for pairs, keys of every type, and its own documented grammar with hostile values and
/// random edits. A handler must answer each with exactly one well-formed reply and never throw (on client input an
/// exception is a bug: it costs the client its connection), and the server must go on answering PING.
/// A random stream of requests to random commands, on one evolving dataset, checks the same with a fixed seed.
/// </summary>
public sealed class HostileArgumentsTests
{
    private const int Seed = 7_000_007;
    private const int GrammarVectorsPerRow = 300;
    private const int MixedVectorsPerRow = 100;
    private const int StreamLength = 30_000;

    /// <summary>Every row by name: commands, subcommands, and containers (whose subcommand name is then hostile).</summary>
    public static IEnumerable<string> Rows() => CommandTable.Flattened.Select(row => row.Name);

    [TestCaseSource(nameof(Rows))]
    public void Command_HostileArguments_RepliesOnceAndServerAnswersPing(string name)
    {
        CommandSpec row = CommandTable.Flattened.Single(r => r.Name == name);
        // The row's own seed, the same in every run (string.GetHashCode and HashCode are seeded per process).
        var rng = new Random(name.Aggregate(Seed, (hash, c) => unchecked((hash * 31) + c)));
        using var runner = new HostileArgumentsRunner();
        var failures = new List<string>();
        foreach (string[] args in HostileArgumentsGenerator.Vectors(row, rng, GrammarVectorsPerRow, MixedVectorsPerRow))
        {
            if (runner.Run(row, args, PickMode(rng), HostileArgumentsRunner.ChangesServerState(row)) is { } failure && failures.Count < 20)
            {
                failures.Add($"{HostileArgumentsGenerator.Describe(args)}\n    {failure}");
            }
        }
        Assert.That(failures, Is.Empty, string.Join("\n", failures));
    }

    [Test]
    public void RandomCommandStream_FixedSeed_RepliesOnceAndServerAnswersPing()
    {
        CommandSpec[] rows = [.. CommandTable.Flattened.Where(row => row.Handler is not null && row.Name != "shutdown")];
        var rng = new Random(Seed);
        using var runner = new HostileArgumentsRunner(reseedAfterWrites: false);
        var failures = new List<string>();
        for (int i = 0; i < StreamLength && failures.Count < 20; i++)
        {
            string[] args = HostileArgumentsGenerator.RandomRequest(rows, rng, out CommandSpec row);
            bool freshServer = HostileArgumentsRunner.ChangesServerState(row) && rng.Next(10) == 0;
            // Half the requests come from a fresh client (and their replies are counted), half from one of the
            // long-lived session clients, which now and then start over.
            int session = rng.Next(8);
            if (session < 4 && rng.Next(100) == 0)
            {
                runner.EndSession(session);
            }
            string? failure = session < 4
                ? runner.RunInSession(session, args, freshServer)
                : runner.Run(row, args, PickMode(rng), freshServer);
            if (failure is not null)
            {
                failures.Add($"request {i}: {HostileArgumentsGenerator.Describe(args)}\n    {failure}");
            }
        }
        Assert.That(failures, Is.Empty, $"seed {Seed}:\n" + string.Join("\n", failures));
    }

    // ---- what the hostile requests found (each fixed; kept as exact-reply regressions) ----

    [Test]
    public void AclDryRun_SeventyKilobyteUserName_RepliesTheWholeError()
    {
        // A first reply larger than a reply chunk left the reply buffer's head chunk empty: nothing was ever sent,
        // and the connection spun on write events.
        using var harness = new ServerHarness();
        string name = new('u', 70_000);
        byte[] reply = HostileArgumentsRunner.Send(harness.Connect(), Resp.Command("ACL", "DRYRUN", name, "GET", "k"), out string? stuck);
        Assert.Multiple(() =>
        {
            Assert.That(stuck, Is.Null);
            Assert.That(Resp.Text(reply), Is.EqualTo($"-ERR User '{name}' not found\r\n"));
        });
    }

    [Test]
    public void Monitor_InsideMulti_RepliesDenyBlockingError()
    {
        // Verified against redis-server 7.0.15: inside EXEC a client expects one reply per command.
        using var harness = new ServerHarness();
        TestClient client = harness.Connect();
        client.Execute("MULTI");
        client.Execute("MONITOR");
        Assert.That(client.Execute("EXEC"), Is.EqualTo("*1\r\n-ERR MONITOR isn't allowed for DENY BLOCKING client\r\n"));
    }

    // Three requests in five on their own, one after HELLO 3, one inside MULTI/EXEC.
    private static HostileArgumentsRunner.Mode PickMode(Random rng) => rng.Next(5) switch
    {
        3 => HostileArgumentsRunner.Mode.Resp3,
        4 => HostileArgumentsRunner.Mode.Transaction,
        _ => HostileArgumentsRunner.Mode.Plain,
    };
}
