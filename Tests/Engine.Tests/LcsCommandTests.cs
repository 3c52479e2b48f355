using Reactor.MiniRedis.Engine.Tests.Support;

namespace Reactor.MiniRedis.Engine.Tests;

/// <summary>LCS, against replies taken from Redis 7.0.15.</summary>
public sealed class LcsCommandTests : CommandTestBase
{
    private const string NotStrings = "-ERR The specified keys must contain string values\r\n";

    [SetUp]
    public void Seed() => Run("MSET", "key1", "ohmytext", "key2", "mynewtext");

    [Test]
    public void Lcs_TwoStrings_RepliesSubsequence() =>
        Assert.That(Run("LCS", "key1", "key2"), Is.EqualTo("$6\r\nmytext\r\n"));

    [Test]
    public void Lcs_Len_RepliesLength() =>
        Assert.That(Run("LCS", "key1", "key2", "LEN"), Is.EqualTo(":6\r\n"));

    [Test]
    public void Lcs_Idx_RepliesRangesLastFirstAndLength() =>
        Assert.That(Run("LCS", "key1", "key2", "IDX"), Is.EqualTo(
            "*4\r\n$7\r\nmatches\r\n*2\r\n*2\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n*2\r\n*2\r\n:2\r\n:3\r\n*2\r\n:0\r\n:1\r\n$3\r\nlen\r\n:6\r\n"));

    [Test]
    public void Lcs_IdxMinMatchLenWithMatchLen_KeepsLongRangesWithTheirLength() =>
        Assert.That(Run("LCS", "key1", "key2", "IDX", "MINMATCHLEN", "4", "WITHMATCHLEN"), Is.EqualTo(
            "*4\r\n$7\r\nmatches\r\n*1\r\n*3\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n:4\r\n$3\r\nlen\r\n:6\r\n"));

    [Test]
    public void Lcs_IdxInResp3_RepliesMap()
    {
        Run("HELLO", "3");
        Assert.That(Run("LCS", "key1", "key2", "IDX", "WITHMATCHLEN"), Is.EqualTo(
            "%2\r\n$7\r\nmatches\r\n*2\r\n*3\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n:4\r\n*3\r\n*2\r\n:2\r\n:3\r\n*2\r\n:0\r\n:1\r\n:2\r\n$3\r\nlen\r\n:6\r\n"));
    }

    // A match that does not extend the open range closes it and is itself left out of the ranges, as in Redis.
    [Test]
    public void Lcs_IdxOnIntegers_RepliesRangesAsRedisWalksThem()
    {
        Run("SET", "n", "12345");
        Run("SET", "m", "1x3y5");
        Assert.That(Run("LCS", "n", "m", "IDX"), Is.EqualTo(
            "*4\r\n$7\r\nmatches\r\n*3\r\n*2\r\n*2\r\n:4\r\n:4\r\n*2\r\n:4\r\n:4\r\n*2\r\n*2\r\n:2\r\n:2\r\n*2\r\n:2\r\n:2\r\n*2\r\n*2\r\n:0\r\n:0\r\n*2\r\n:0\r\n:0\r\n$3\r\nlen\r\n:3\r\n"));
    }

    [Test]
    public void Lcs_MissingKey_IsAnEmptyString() =>
        Assert.That(Run("LCS", "key1", "missing"), Is.EqualTo("$0\r\n\r\n"));

    [Test]
    public void Lcs_LenAndIdx_RepliesError() =>
        Assert.That(Run("LCS", "key1", "key2", "LEN", "IDX"),
            Is.EqualTo("-ERR If you want both the length and indexes, please just use IDX.\r\n"));

    [Test]
    public void Lcs_MinMatchLenWithoutValue_RepliesSyntaxError() =>
        Assert.That(Run("LCS", "key1", "key2", "MINMATCHLEN"), Is.EqualTo(SyntaxErrorReply));

    [Test]
    public void Lcs_MinMatchLenNotInteger_RepliesNotInteger() =>
        Assert.That(Run("LCS", "key1", "key2", "MINMATCHLEN", "x"), Is.EqualTo("-ERR value is not an integer or out of range\r\n"));

    // The type is checked before the options are parsed.
    [Test]
    public void Lcs_KeyHoldsList_RepliesNotStringsBeforeParsingOptions()
    {
        Run("RPUSH", "l", "a");
        Assert.That(Run("LCS", "l", "missing", "BOGUS"), Is.EqualTo(NotStrings));
    }

    [Test]
    public void Lcs_TableLargerThanProtoMaxBulkLen_RepliesError()
    {
        Run("CONFIG", "SET", "proto-max-bulk-len", "1mb");
        Run("SET", "a", new string('a', 600));
        Run("SET", "b", new string('a', 600));
        Assert.That(Run("LCS", "a", "b", "LEN"),
            Is.EqualTo("-ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len\r\n"));
    }
}
