using Reactor.MiniRedis.Engine.Tests.Support;

namespace Reactor.MiniRedis.Engine.Tests;

/// <summary>WAIT on a master without replicas, against Redis 7.0.15's replies.</summary>
public sealed class WaitCommandTests : CommandTestBase
{
    [TestCase("0", "0")]
    [TestCase("-1", "10")]
    [TestCase("0", "9223372036854775807")]
    public void Wait_NoReplicasNeeded_RepliesZero(string replicas, string timeout) => Assert.That(Run("WAIT", replicas, timeout), Is.EqualTo(":0\r\n"));

    // No replica can acknowledge: the client blocks until the timeout, then gets 0, as from Redis.
    [Test]
    public void Wait_ReplicasAsked_BlocksUntilTheTimeoutThenRepliesZero()
    {
        string atOnce = Run("WAIT", "1", "100");
        Elapse(100);
        string atTheDeadline = Replies();
        Elapse(1);
        Assert.That((atOnce, atTheDeadline, Replies()), Is.EqualTo(("", "", ":0\r\n")));
    }

    [Test]
    public void Wait_TimeoutZero_BlocksUntilClientUnblock()
    {
        Run("WAIT", "1", "0");
        Elapse(1_000_000);
        string beforeUnblock = Replies();
        TestClient other = Harness.Connect();
        string unblock = other.Execute("CLIENT", "UNBLOCK", Client.Connection.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Harness.Server.Loop.ProcessEvents();
        Assert.That((beforeUnblock, unblock, Replies()), Is.EqualTo(("", ":1\r\n", ":0\r\n")));
    }

    [Test]
    public void Wait_InsideExec_RepliesZeroWithoutBlocking()
    {
        Run("MULTI");
        Run("WAIT", "1", "0");
        Assert.That((Run("EXEC"), Harness.Server.Blocking.Count), Is.EqualTo(("*1\r\n:0\r\n", 0)));
    }

    private string Replies() => Resp.Text(Client.SendRaw());

    private void Elapse(int milliseconds)
    {
        Harness.Time.Advance(TimeSpan.FromMilliseconds(milliseconds));
        Harness.Server.Loop.ProcessEvents();
    }

    [Test]
    public void Wait_ReplicasNotAnInteger_RepliesIntegerError() =>
        Assert.That(Run("WAIT", "a", "0"), Is.EqualTo("-ERR value is not an integer or out of range\r\n"));

    [TestCase("a")]
    [TestCase("1.5")]
    [TestCase("9223372036854775808")]
    public void Wait_TimeoutNotAnInteger_RepliesTimeoutError(string timeout) =>
        Assert.That(Run("WAIT", "1", timeout), Is.EqualTo("-ERR timeout is not an integer or out of range\r\n"));

    [Test]
    public void Wait_NegativeTimeout_RepliesTimeoutIsNegative() =>
        Assert.That(Run("WAIT", "0", "-1"), Is.EqualTo("-ERR timeout is negative\r\n"));

    [Test]
    public void Wait_BadReplicasAndBadTimeout_ReplicasErrorFirst() =>
        Assert.That(Run("WAIT", "a", "-1"), Is.EqualTo("-ERR value is not an integer or out of range\r\n"));
}
