using Reactor.MiniRedis.Engine.Tests.Support;

namespace Reactor.MiniRedis.Engine.Tests;

/// <summary>
/// Active expiry run by the real serverCron timer: the loop is stepped over the harness's substituted poller (which
/// reports no socket events) while the fake clock moves, so the cron fires exactly as it would in production.
/// </summary>
public sealed class ActiveExpiryCronTests : CommandTestBase
{
    [SetUp]
    public void StartCron() => Harness.Server.StartCron();

    /// <summary>Moves the clock by one cron period (hz 10) and runs one loop iteration, in which the cron is due.</summary>
    private void RunCron()
    {
        Harness.Time.Advance(TimeSpan.FromMilliseconds(100));
        Harness.Server.Loop.ProcessEvents();
    }

    private void SetVolatileKeys(int count)
    {
        for (int i = 0; i < count; i++)
        {
            Client.Execute("SET", "k" + i, "v", "PX", "99"); // gone once the cron period (100 ms) has passed
        }
    }

    private string InfoField(string name)
    {
        string text = Client.Execute("INFO", "stats");
        int start = text.IndexOf(name + ":", StringComparison.Ordinal) + name.Length + 1;
        return text[start..text.IndexOf("\r\n", start, StringComparison.Ordinal)];
    }

    [Test]
    public void Cron_ExpiredKeysNobodyTouches_AreReclaimed()
    {
        SetVolatileKeys(1000);
        Client.Execute("SET", "persistent", "v");
        for (int i = 0; i < 5; i++)
        {
            RunCron();
        }
        Assert.That((KeyCount, Harness.Server.Keyspace[0].ExpiresCount), Is.EqualTo((1, 0)));
    }

    [Test]
    public void Cron_ReclaimedKeys_AreCountedOnceInInfo()
    {
        SetVolatileKeys(1000);
        for (int i = 0; i < 5; i++)
        {
            RunCron();
        }
        Client.Execute("GET", "k1"); // already gone: a miss, not a second expiration
        Assert.That(InfoField("expired_keys"), Is.EqualTo("1000"));
    }

    [Test]
    public void Cron_KeysNotYetExpired_AreKept()
    {
        SetVolatileKeys(100);
        Harness.Time.Advance(TimeSpan.FromMilliseconds(50));
        Harness.Server.Loop.ProcessEvents();
        Assert.That(KeyCount, Is.EqualTo(100));
    }

    [Test]
    public void Cron_KeysInAnotherDatabase_AreReclaimedToo()
    {
        Client.Execute("SELECT", "5");
        SetVolatileKeys(10);
        RunCron();
        Assert.That(Harness.Server.Keyspace[5].Count, Is.Zero);
    }

    [Test]
    public void Info_AfterACronThatFoundOnlyExpiredKeys_ReportsStalePercentage()
    {
        SetVolatileKeys(10);
        RunCron();
        Assert.That(InfoField("expired_stale_perc"), Is.EqualTo("5.00"));
    }

    [Test]
    public void ConfigResetStat_ZeroesTheExpiryStatistics()
    {
        SetVolatileKeys(10);
        RunCron();
        Client.Execute("CONFIG", "RESETSTAT");
        Assert.That((InfoField("expired_stale_perc"), InfoField("expired_keys")), Is.EqualTo(("0.00", "0")));
    }
}
