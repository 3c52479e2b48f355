using Reactor.MiniRedis.Engine.Tests.Support;

namespace Reactor.MiniRedis.Engine.Tests;

/// <summary>WAIT on a master without replicas, against Redis 7.0.15's replies.</summary>
public sealed class WaitCommandTests : CommandTestBase
{
    [TestCase("0", "0")]
    [TestCase("-1", "10")]
    [TestCase("0", "9223372036854775807")]
    public void Wait_NoReplicasNeeded_RepliesZero(string replicas, string timeout) => Assert.That(Run("WAIT", replicas, timeout), Is.EqualTo(":0\r\n"));

    // Redis blocks until the timeout here (no replica can acknowledge) and then replies 0; we reply 0 at once.
    [Test]
    public void Wait_ReplicasAsked_RepliesZeroAcknowledged() => Assert.That(Run("WAIT", "1", "100"), Is.EqualTo(":0\r\n"));

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
