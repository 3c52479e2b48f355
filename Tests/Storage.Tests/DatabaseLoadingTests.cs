using Microsoft.Extensions.Time.Testing;
using Reactor.MiniRedis.Storage.Rdb;

namespace Reactor.MiniRedis.Storage.Tests;

/// <summary>
/// server.loading as the keyspace sees it while an AOF replays: keys never expire and an expire time already past
/// does not count as past (keyIsExpired and checkAlreadyExpired), and an RDB load says where the RDB ended.
/// </summary>
public sealed class DatabaseLoadingTests
{
    private const long Now = 1_700_000_000_000;

    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeMilliseconds(Now));

    [Test]
    public void Lookup_WhileLoading_KeepsAnExpiredKey()
    {
        var keyspace = new Keyspace(1, _time) { Loading = true };
        keyspace[0].Set("k"u8, RedisString.FromBytes("v"u8));
        keyspace[0].SetExpireTime("k"u8, Now - 1);
        Assert.That(keyspace[0].Lookup("k"u8), Is.Not.Null);
    }

    [Test]
    public void Lookup_AfterLoading_ExpiresTheKey()
    {
        var keyspace = new Keyspace(1, _time) { Loading = true };
        keyspace[0].Set("k"u8, RedisString.FromBytes("v"u8));
        keyspace[0].SetExpireTime("k"u8, Now - 1);
        keyspace.Loading = false;
        Assert.That(keyspace[0].Lookup("k"u8), Is.Null);
    }

    [TestCase(false, true)]
    [TestCase(true, false)]
    public void IsAlreadyExpired_PastTime_IsTrueUnlessLoading(bool loading, bool expected)
    {
        var db = new Database(0, _time) { Loading = loading };
        Assert.That(db.IsAlreadyExpired(Now), Is.EqualTo(expected));
    }

    [Test]
    public void RdbLoad_FollowedByOtherBytes_ReportsWhereTheRdbEnded()
    {
        var keyspace = new Keyspace(1, _time);
        keyspace[0].Set("a"u8, RedisString.FromBytes("1"u8));
        var stream = new MemoryStream();
        RdbFile.Save(stream, RdbSnapshot.Capture(keyspace, RdbAccessInfo.None, copyValues: false), new RdbSaveOptions { RedisVersion = "7.0.15" });
        long rdbLength = stream.Length;
        stream.Write("*1\r\n$4\r\nPING\r\n"u8);
        stream.Position = 0;
        RdbLoadResult result = RdbFile.Load(stream, new Keyspace(1, _time), new RdbLoadOptions { NowMilliseconds = Now });
        Assert.That(result.BytesRead, Is.EqualTo(rdbLength));
    }
}
