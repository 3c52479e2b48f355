using Reactor.MiniRedis.Engine.Reactor;
using Reactor.MiniRedis.Integration.Tests.Support;

namespace Reactor.MiniRedis.Integration.Tests;

/// <summary>
/// SSCAN, HSCAN and ZSCAN of compact encodings (intset, listpack), and their errors, sent to our server and to a
/// real redis-server: the replies must be the same bytes. (Hashtable scans visit buckets in hash order, which
/// differs between the two by design; the Engine tests cover them.)
/// </summary>
[TestFixture(IoBackend.Epoll)]
public sealed class CollectionScanInteropTests(IoBackend backend) : ServerTests(backend)
{
    private RealRedisServer _redis = null!;

    [OneTimeSetUp]
    public void StartRedis() => _redis = RealRedisServer.Start();

    [OneTimeTearDown]
    public void StopRedis() => _redis?.Dispose();

    private static readonly string[][] s_script =
    [
        ["SADD", "is", "5", "3", "-1", "100", "9223372036854775807", "-9223372036854775808"],
        ["SADD", "one", "x"],
        ["HSET", "h", "f1", "v1", "f2", "v2", "a", "007", "n", "12", "e", ""],
        ["HDEL", "h", "f1"],
        ["HSET", "h", "f1", "again"],
        ["ZADD", "z", "1", "a", "1.5", "b", "0.1", "c", "-inf", "d", "inf", "e", "1e20", "f", "3", "g", "1e-5", "h", "-2.5", "i"],
        ["ZADD", "z", "INCR", "0.25", "a"],
    ];

    private static readonly string[][] s_scans =
    [
        ["SSCAN", "is", "0"],
        ["SSCAN", "is", "12345", "COUNT", "1"],
        ["SSCAN", "is", "0", "MATCH", "1*"],
        ["SSCAN", "is", "0", "MATCH", "-*", "COUNT", "100"],
        ["SSCAN", "one", "0"],
        ["HSCAN", "h", "0"],
        ["HSCAN", "h", "99", "MATCH", "f*"],
        ["HSCAN", "h", "0", "MATCH", "nothing"],
        ["ZSCAN", "z", "0"],
        ["ZSCAN", "z", "7", "MATCH", "[a-c]", "COUNT", "2"],
        ["SSCAN", "nokey", "0"],
        ["SSCAN", "nokey", "abc"],
        ["SSCAN", "nokey", "0", "COUNT", "0"],
        ["HSCAN", "is", "0"],
        ["ZSCAN", "h", "0", "COUNT", "0"],
        ["SSCAN", "is", "0", "COUNT", "0"],
        ["SSCAN", "is", "0", "TYPE", "set"],
        ["SSCAN", "is", "0", "MATCH"],
        ["HSCAN", "h", "0", "COUNT", "x"],
        ["SSCAN", "is", "-1"],
        ["SSCAN", "is", "18446744073709551616"],
        ["ZSCAN", "z", "0", "NOVALUES"],
    ];

    [Test]
    public void CompactEncodingScans_ReplyTheSameBytesAsRedis()
    {
        using RawClient ours = Connect();
        using RawClient redis = _redis.Connect();
        foreach (RawClient client in (RawClient[])[ours, redis])
        {
            Assert.That(client.Execute("FLUSHALL"), Is.EqualTo("+OK\r\n"));
            foreach (string[] command in s_script)
            {
                client.Execute(command);
            }
        }
        Assert.Multiple(() =>
        {
            foreach (string[] command in s_scans)
            {
                Assert.That(ours.Execute(command), Is.EqualTo(redis.Execute(command)), string.Join(' ', command));
            }
        });
    }
}
