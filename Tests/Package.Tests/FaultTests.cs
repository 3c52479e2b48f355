using System.Diagnostics;
using System.Globalization;
using Reactor.MiniRedis.Integration.Tests.Support;
using Reactor.MiniRedis.Package.Tests.Support;
using StackExchange.Redis;

namespace Reactor.MiniRedis.Package.Tests;

/// <summary>Fault injection: error replies, held and split replies, dropped connections.</summary>
public sealed class FaultTests : ServerTestBase
{
    private const string Loading = "-LOADING Redis is loading the dataset in memory\r\n";

    [Test]
    public async Task ReplyLoadingAsync_NextCommand_GetsLoadingThenTheOneAfterRuns()
    {
        Client.Execute("SET", "k", "v");

        await Server.Faults.ReplyLoadingAsync();

        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("GET", "k"), Is.EqualTo(Loading));
            Assert.That(Client.Execute("GET", "k"), Is.EqualTo("$1\r\nv\r\n"));
        });
    }

    [Test]
    public async Task ReplyLoadingAsync_CommandFlaggedLoading_StillRunsAsInRedis()
    {
        await Server.Faults.ReplyLoadingAsync(count: 2);

        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("SELECT", "1"), Is.EqualTo("+OK\r\n"));
            Assert.That(Client.Execute("PING"), Is.EqualTo(Loading));
        });
    }

    [Test]
    public async Task ReplyLoadingAsync_UnknownCommand_GetsUnknownCommandAndUsesNoFault()
    {
        await Server.Faults.ReplyLoadingAsync();

        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("NOPE"), Is.EqualTo("-ERR unknown command 'NOPE', with args beginning with: \r\n"));
            Assert.That(Client.Execute("GET", "k"), Is.EqualTo(Loading));
        });
    }

    [Test]
    public async Task ReplyLoadingAsync_StackExchangeRedis_ThrowsServerException()
    {
        await using ConnectionMultiplexer redis = await ConnectionMultiplexer.ConnectAsync(Server.ConnectionString);
        IDatabase db = redis.GetDatabase();

        await Server.Faults.ReplyLoadingAsync(1, "GET");

        Assert.That(async () => await db.StringGetAsync("k"),
            Throws.TypeOf<RedisServerException>().With.Message.EqualTo("LOADING Redis is loading the dataset in memory"));
    }

    [Test]
    public async Task ReplyBusyAsync_NextCommand_GetsBusyScriptError()
    {
        await Server.Faults.ReplyBusyAsync();

        Assert.That(Client.Execute("GET", "k"),
            Is.EqualTo("-BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.\r\n"));
    }

    [Test]
    public async Task ReplyErrorAsync_OnlyForGet_LeavesOtherCommandsAlone()
    {
        await Server.Faults.ReplyErrorAsync("-READONLY You can't write against a read only replica.", 1, "GET");

        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("SET", "k", "v"), Is.EqualTo("+OK\r\n"));
            Assert.That(Client.Execute("GET", "k"), Is.EqualTo("-READONLY You can't write against a read only replica.\r\n"));
            Assert.That(Client.Execute("GET", "k"), Is.EqualTo("$1\r\nv\r\n"));
        });
    }

    [Test]
    public async Task ReplyErrorAsync_Subcommand_MatchesOnlyThatSubcommand()
    {
        await Server.Faults.ReplyErrorAsync("ERR injected", 1, "CONFIG GET");

        Assert.Multiple(() =>
        {
            Assert.That(Client.Execute("CONFIG", "RESETSTAT"), Is.EqualTo("+OK\r\n"));
            Assert.That(Client.Execute("CONFIG", "GET", "port"), Is.EqualTo("-ERR injected\r\n"));
        });
    }

    [Test]
    public async Task ReplyErrorAsync_Injected_CountsAsRejectedCall()
    {
        await Server.Faults.ReplyErrorAsync("ERR injected", 1, "GET");
        Client.Execute("GET", "k");

        string stats = Client.Execute("INFO", "commandstats");

        Assert.That(stats, Does.Contain("cmdstat_get:calls=0,usec=0,usec_per_call=0.00,rejected_calls=1,failed_calls=0"));
    }

    [Test]
    public void ReplyErrorAsync_UnknownCommandName_ThrowsArgumentException()
    {
        Assert.That(() => Server.Faults.ReplyErrorAsync("ERR x", 1, "GTE"), Throws.ArgumentException.With.Message.Contains("GTE"));
    }

    [Test]
    public void ReplyErrorAsync_MultilineText_ThrowsArgumentException()
    {
        Assert.That(() => Server.Faults.ReplyErrorAsync("ERR a\r\nb"), Throws.ArgumentException);
    }

    [Test]
    public async Task ClearAsync_PendingFaults_CommandsRunAgain()
    {
        await Server.Faults.ReplyLoadingAsync(count: 100);

        await Server.Faults.ClearAsync();

        Assert.That(Client.Execute("PING"), Is.EqualTo("+PONG\r\n"));
    }

    [Test]
    public async Task DelayRepliesAsync_NextPing_ReplyArrivesAfterTheDelay()
    {
        TimeSpan delay = TimeSpan.FromMilliseconds(200);
        await Server.Faults.DelayRepliesAsync(delay);
        long started = Stopwatch.GetTimestamp();

        string reply = Client.Execute("PING");

        Assert.Multiple(() =>
        {
            Assert.That(reply, Is.EqualTo("+PONG\r\n"));
            Assert.That(Stopwatch.GetElapsedTime(started), Is.GreaterThanOrEqualTo(delay));
        });
    }

    [Test]
    public async Task DelayRepliesAsync_LongerThanClientTimeout_StackExchangeRedisTimesOut()
    {
        await using ConnectionMultiplexer redis = await ConnectionMultiplexer.ConnectAsync(Server.ConnectionString + ",syncTimeout=200");
        IDatabase db = redis.GetDatabase();
        await Server.Faults.DelayRepliesAsync(TimeSpan.FromSeconds(30), 1, "GET");

        Assert.That(() => db.StringGet("k"), Throws.TypeOf<RedisTimeoutException>());
        await Server.Faults.ClearAsync(); // releases the held reply
    }

    [Test]
    public async Task ClearAsync_HeldReply_IsSentAtOnce()
    {
        await Server.Faults.DelayRepliesAsync(TimeSpan.FromMinutes(5));
        Client.SendCommand("PING");

        await Server.Faults.ClearAsync();

        Assert.That(Client.ReadReply(), Is.EqualTo("+PONG\r\n"));
    }

    [Test]
    public async Task SplitRepliesAsync_FourBytePieces_ReplyArrivesWholeInFiveWrites()
    {
        Client.Execute("SET", "k", "hello world");
        long before = TotalWrites(Client.Execute("INFO", "stats"));
        await Server.Faults.SplitRepliesAsync(chunkSize: 4, count: 1, "GET");

        string reply = Client.Execute("GET", "k");

        Assert.Multiple(() =>
        {
            Assert.That(reply, Is.EqualTo("$11\r\nhello world\r\n"));
            // The INFO reply's own write, then 18 bytes in pieces of 4: 4 + 4 + 4 + 4 + 2.
            Assert.That(TotalWrites(Client.Execute("INFO", "stats")) - before, Is.EqualTo(1 + 5));
        });
    }

    [Test]
    public async Task SplitRepliesAsync_OneBytePieces_StackExchangeRedisReadsTheValue()
    {
        await using ConnectionMultiplexer redis = await ConnectionMultiplexer.ConnectAsync(Server.ConnectionString);
        IDatabase db = redis.GetDatabase();
        await db.StringSetAsync("k", "a value in pieces");
        await Server.Faults.SplitRepliesAsync(1, 1, "GET");

        Assert.That((string?)await db.StringGetAsync("k"), Is.EqualTo("a value in pieces"));
    }

    [Test]
    public async Task CloseConnectionsAsync_All_ClosesEveryClient()
    {
        using RawClient other = RawClient.Connect("127.0.0.1", Server.Port);
        other.Execute("PING");
        Client.Execute("PING");

        int closed = await Server.Faults.CloseConnectionsAsync();

        Assert.Multiple(() =>
        {
            Assert.That(closed, Is.EqualTo(2));
            Assert.That(Client.WaitForServerClose(), Is.True);
            Assert.That(other.WaitForServerClose(), Is.True);
        });
    }

    [Test]
    public async Task CloseConnectionsAsync_ByName_ClosesOnlyThatClient()
    {
        using RawClient victim = RawClient.Connect("127.0.0.1", Server.Port);
        victim.Execute("CLIENT", "SETNAME", "victim");

        int closed = await Server.Faults.CloseConnectionsAsync(c => c.Name == "victim");

        Assert.Multiple(() =>
        {
            Assert.That(closed, Is.EqualTo(1));
            Assert.That(victim.WaitForServerClose(), Is.True);
            Assert.That(Client.Execute("PING"), Is.EqualTo("+PONG\r\n"));
        });
    }

    [Test]
    public async Task CloseConnectionsAsync_StackExchangeRedis_ReconnectsAndWorks()
    {
        await using ConnectionMultiplexer redis = await ConnectionMultiplexer.ConnectAsync(Server.ConnectionString);
        IDatabase db = redis.GetDatabase();
        await db.StringSetAsync("k", "v");

        await Server.Faults.CloseConnectionsAsync(c => c.LibraryName == "SE.Redis");

        Assert.That((string?)await GetWithRetry(db, "k"), Is.EqualTo("v"));
    }

    /// <summary>Retries while the multiplexer reconnects, up to a deadline (no fixed sleep).</summary>
    private static async Task<RedisValue> GetWithRetry(IDatabase db, string key)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return await db.StringGetAsync(key);
            }
            catch (RedisConnectionException) when (deadline.Elapsed < TimeSpan.FromSeconds(20))
            {
                await Task.Delay(10);
            }
        }
    }

    private static long TotalWrites(string info) =>
        long.Parse(info.Split("\r\n").Single(l => l.StartsWith("total_writes_processed:", StringComparison.Ordinal)).Split(':')[1], CultureInfo.InvariantCulture);
}
