using Reactor.MiniRedis.Engine.Tests.Support;

namespace Reactor.MiniRedis.Engine.Tests;

/// <summary>
/// One time for the whole of a command, as Redis's call() fixes it (fixed_time_expire): a key that expires while a
/// command runs stays visible to the rest of that command, and every command an EXEC runs sees the EXEC's time. The
/// fake clock advances one millisecond at every reading, so without the fixed time each lookup would see a later
/// time than the one before.
/// </summary>
public sealed class CommandTimeTests : CommandTestBase
{
    private void ClockMovesAtEveryReading() => Harness.Time.AutoAdvanceAmount = TimeSpan.FromMilliseconds(1);

    [Test]
    public void MGet_KeyExpiringWhileTheCommandRuns_RepliesItEveryTime()
    {
        Run("SET", "k", "v", "PX", "2");
        ClockMovesAtEveryReading();
        Assert.That(Run("MGET", "k", "k", "k", "k", "k", "k"),
            Is.EqualTo(Resp.BulkArray("v", "v", "v", "v", "v", "v")));
    }

    [Test]
    public void Exec_KeyExpiringDuringTheTransaction_EveryQueuedCommandSeesExecTime()
    {
        Run("SET", "k", "v", "PX", "3");
        Run("MULTI");
        for (int i = 0; i < 6; i++)
        {
            Run("GET", "k");
        }
        ClockMovesAtEveryReading();
        Assert.That(Run("EXEC"), Is.EqualTo(Resp.BulkArray("v", "v", "v", "v", "v", "v")));
    }

    [Test]
    public void Get_AfterTheCommandThatSawTheKey_SeesItExpired()
    {
        Run("SET", "k", "v", "PX", "2");
        ClockMovesAtEveryReading();
        Run("MGET", "k", "k", "k", "k", "k", "k");
        Assert.That(Run("GET", "k"), Is.EqualTo("$-1\r\n"));
    }

    [Test]
    public void Exec_Pttl_MeasuresAgainstTheClockNowWhileLookupsKeepExecTime()
    {
        Run("SET", "k", "v", "PX", "1000");
        Run("MULTI");
        Run("GET", "k");
        Run("PTTL", "k");
        Run("GET", "k");
        Harness.Time.AutoAdvanceAmount = TimeSpan.FromMilliseconds(300);
        string reply = Run("EXEC");
        string[] lines = reply.Split("\r\n");
        long pttl = long.Parse(lines[3].TrimStart(':'), System.Globalization.CultureInfo.InvariantCulture);
        Assert.That((lines[0], lines[2], lines[5], pttl is > 0 and < 1000), Is.EqualTo(("*3", "v", "v", true)), reply);
    }
}
