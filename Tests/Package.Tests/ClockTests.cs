using Microsoft.Extensions.Time.Testing;
using Reactor.MiniRedis.Engine.Embedding;
using Reactor.MiniRedis.Integration.Tests.Support;
using Reactor.MiniRedis.Package.Tests.Support;
using StackExchange.Redis;

namespace Reactor.MiniRedis.Package.Tests;

/// <summary>The embedded server's clock: advancing it expires keys at once, without sleeping.</summary>
public sealed class ClockTests : ServerTestBase
{
    [Test]
    public async Task AdvanceAsync_PastTheTtl_KeyIsGone()
    {
        Client.Execute("SET", "session", "x", "EX", "10");

        // A key lives through its expire millisecond (now > when), and the real clock may not have ticked yet.
        await Server.Clock.AdvanceAsync(TimeSpan.FromSeconds(10) + TimeSpan.FromMilliseconds(1));

        Assert.That(Client.Execute("GET", "session"), Is.EqualTo("$-1\r\n"));
    }

    [Test]
    public async Task AdvanceAsync_ShortOfTheTtl_KeyRemains()
    {
        Client.Execute("SET", "session", "x", "EX", "10");

        await Server.Clock.AdvanceAsync(TimeSpan.FromSeconds(9));

        Assert.That(Client.Execute("GET", "session"), Is.EqualTo("$1\r\nx\r\n"));
    }

    [Test]
    public async Task AdvanceAsync_PastIdleTimeout_CronHasClosedTheIdleClient()
    {
        var options = new MiniRedisServerOptions { Settings = { ["timeout"] = "5" } };
        await using MiniRedisServer server = await MiniRedisServer.StartAsync(options);
        using RawClient idle = RawClient.Connect("127.0.0.1", server.Port);
        idle.Execute("PING");

        await server.Clock.AdvanceAsync(TimeSpan.FromSeconds(6));

        // serverCron closes clients idle past `timeout`: it ran before the advance completed.
        Assert.That((await server.GetClientsAsync()).Count, Is.Zero);
    }

    [Test]
    public async Task AdvanceAsync_PastABlpopTimeout_TheBlockedClientGetsNil()
    {
        using RawClient consumer = RawClient.Connect("127.0.0.1", Server.Port);
        consumer.SendCommand("BLPOP", "jobs", "30");
        await WaitUntilBlocked();

        await Server.Clock.AdvanceAsync(TimeSpan.FromSeconds(31));

        // The blocked command's timeout is a loop timer: it fired before the advance completed.
        Assert.That(consumer.ReadReply(), Is.EqualTo("*-1\r\n"));
    }

    [Test]
    public async Task AdvanceAsync_OneHour_TimeCommandMovesAnHour()
    {
        long before = UnixSeconds(Client.Execute("TIME"));

        await Server.Clock.AdvanceAsync(TimeSpan.FromHours(1));

        Assert.Multiple(() =>
        {
            Assert.That(UnixSeconds(Client.Execute("TIME")) - before, Is.InRange(3600, 3605));
            Assert.That(Server.Clock.Offset, Is.EqualTo(TimeSpan.FromHours(1)));
        });
    }

    [Test]
    public void AdvanceAsync_NegativeDelta_Throws()
    {
        Assert.That(() => Server.Clock.AdvanceAsync(TimeSpan.FromSeconds(-1)), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void Advance_Synchronous_ExpiresKey()
    {
        Client.Execute("SET", "session", "x", "EX", "1");

        Server.Clock.Advance(TimeSpan.FromSeconds(2));

        Assert.That(Client.Execute("EXISTS", "session"), Is.EqualTo(":0\r\n"));
    }

    [Test]
    public async Task FakeTimeProvider_StandingStill_TtlIsExact()
    {
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
        await using MiniRedisServer server = await MiniRedisServer.StartAsync(new MiniRedisServerOptions { TimeProvider = time });
        await using ConnectionMultiplexer redis = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString);
        IDatabase db = redis.GetDatabase();
        await db.StringSetAsync("k", "v", TimeSpan.FromSeconds(10));

        await server.Clock.AdvanceAsync(TimeSpan.FromMilliseconds(2500));

        Assert.That(await db.KeyTimeToLiveAsync("k"), Is.EqualTo(TimeSpan.FromMilliseconds(7500)));
    }

    /// <summary>The seconds of a TIME reply (<c>*2 $n seconds $n microseconds</c>).</summary>
    private static long UnixSeconds(string timeReply) => long.Parse(timeReply.Split("\r\n")[2], System.Globalization.CultureInfo.InvariantCulture);

    // Polls INFO until the consumer's BLPOP has reached the server: a condition with a deadline, not a sleep.
    private async Task WaitUntilBlocked()
    {
        DateTime deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!Client.Execute("INFO", "clients").Contains("blocked_clients:1", StringComparison.Ordinal))
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "BLPOP never blocked");
            await Task.Delay(10);
        }
    }
}
