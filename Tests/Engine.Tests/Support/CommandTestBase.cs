namespace Reactor.MiniRedis.Engine.Tests.Support;

/// <summary>
/// Base for command tests that assert exact reply bytes: every test gets a fresh in-memory server
/// (<see cref="ServerHarness"/>) and one connected client.
/// </summary>
public abstract class CommandTestBase
{
    /// <summary>The WRONGTYPE error reply.</summary>
    protected const string WrongTypeReply = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";

    /// <summary>The reply of getPositiveLongFromObjectOrReply for a bad count.</summary>
    protected const string MustBePositiveReply = "-ERR value is out of range, must be positive\r\n";

    /// <summary>The syntax error reply.</summary>
    protected const string SyntaxErrorReply = "-ERR syntax error\r\n";

    private protected ServerHarness Harness { get; private set; } = null!;

    private protected TestClient Client { get; private set; } = null!;

    /// <summary>Keys in database 0, to check that emptied collections are deleted.</summary>
    protected int KeyCount => Harness.Server.Keyspace[0].Count;

    /// <summary>Writes counted so far (server.dirty).</summary>
    protected long Dirty => Harness.Server.Dirty;

    /// <summary>Sends one command from <see cref="Client"/> and returns the raw reply text.</summary>
    protected string Run(params string[] args) => Client.Execute(args);

    /// <summary>
    /// The steady-state allocation guard (issue 6): sends the requests as one pipelined read until the paths are
    /// warm (JIT tiers, buffers sized), then asserts that one more read and write allocate nothing on this thread.
    /// </summary>
    protected void AssertNoAllocation(params byte[][] requests)
    {
        const int warmUpRounds = 200;
        byte[] batch = [.. requests.SelectMany(r => r)];
        for (int i = 0; i < warmUpRounds; i++)
        {
            Client.SendRaw(batch);
        }
        Client.Transport.Enqueue(batch);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Client.Connection.OnReadable();
        Client.Connection.WriteToClient();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(allocated, Is.Zero);
    }

    [SetUp]
    public void StartServer()
    {
        Harness = new ServerHarness();
        Client = Harness.Connect();
    }

    [TearDown]
    public void StopServer() => Harness.Dispose();
}
