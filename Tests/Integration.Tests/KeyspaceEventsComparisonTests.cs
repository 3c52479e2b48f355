using System.Text;
using Reactor.MiniRedis.Engine.Reactor;
using Reactor.MiniRedis.Integration.Tests.Support;

namespace Reactor.MiniRedis.Integration.Tests;

/// <summary>
/// Keyspace notifications side by side with a real redis-server 7.0: the same scripted writes across every data type
/// run against both, and the keyspace/keyevent messages each command produces must be the same, in the same order.
/// </summary>
[TestFixture(IoBackend.Epoll)]
public sealed class KeyspaceEventsComparisonTests(IoBackend backend) : ServerTests(backend)
{
    /// <summary>A step that sets a key with a 1 ms time to live and waits until it is gone (its events include "expired").</summary>
    private const string ExpireAndWait = "@expire-and-wait";

    // One command per line, arguments split on spaces; "CONFIG SET notify-keyspace-events" lines switch classes.
    private static readonly string[] s_script =
    [
        "CONFIG SET notify-keyspace-events KEAn",
        // strings
        "SET a 1", "SET a 2 XX", "SET a 3 NX", "SET b 1 NX", "SET b 2 GET", "SETNX b 3", "SETNX c 3", "SETEX d 100 v",
        "PSETEX e 100000 v", "GETSET a 9", "GETDEL a", "GETDEL a", "GETEX b EX 100", "GETEX b PERSIST", "GETEX b PERSIST",
        "GETEX b PXAT 1", "GETEX nokey EX 5", "MSET m1 1 m2 2", "MSETNX m1 1 m3 3", "MSETNX m4 1 m5 3", "INCR i",
        "INCRBY i 5", "DECR i", "DECRBY i 2", "INCRBYFLOAT f 1.5", "INCRBYFLOAT f 1.5", "INCR f", "APPEND ap x",
        "APPEND ap y", "SETRANGE sr 5 x", "SETRANGE sr 0 y", "SETRANGE sr 0 \"\"", "SETRANGE sr2 0 \"\"",
        "SET k v EX 100", "SET k v KEEPTTL",
        // bitmaps
        "SETBIT bt 7 1", "SETBIT bt 7 1", "SETBIT bt 7 0", "SETBIT bt 100 0", "BITOP AND dst bt bt", "BITOP AND dst nokey",
        "BITOP AND dst nokey", "BITFIELD bf SET u8 0 255 GET u8 0", "BITFIELD bf SET u8 0 255", "BITFIELD bf GET u8 0",
        "BITFIELD bf2 OVERFLOW FAIL INCRBY u2 0 8", "BITFIELD_RO bf GET u8 0",
        // generic
        "SET x 1", "SET y 2", "RENAME x y", "RENAMENX y z", "RENAME z z", "SET x 1 EX 100", "RENAME x y", "MOVE y 1",
        "SELECT 1", "SET y 5", "SELECT 0", "SET y 6", "MOVE y 1", "COPY nokey x", "SET y 1", "COPY y z", "COPY y z",
        "COPY y z REPLACE", "COPY y z DB 2", "COPY y z DB 2", "EXPIRE z 100", "EXPIRE z 100 NX", "EXPIRE z 200 GT",
        "PEXPIRE z 0", "SET z 1 PX 100000", "PERSIST z", "PERSIST z", "EXPIREAT z 1", "PEXPIREAT nokey 1", "DEL y z x nokey",
        "SET u 1", "UNLINK u nokey", ExpireAndWait,
        // lists
        "RPUSH sl 3 1 2", "SORT sl STORE sd", "SORT nokey STORE sd", "SORT sl STORE sd2", "SORT sl LIMIT 0 0 STORE sd2",
        "LPUSHX nol 1", "RPUSHX sl 1", "LINSERT sl BEFORE 1 x", "LINSERT sl BEFORE zz x", "LSET sl 0 y", "LPUSH l a b c",
        "LPOP l 0", "LMOVE l l2 LEFT RIGHT", "LMOVE l l LEFT RIGHT", "RPOPLPUSH l l", "LMPOP 1 l LEFT COUNT 10",
        "RPUSH l a b c", "LTRIM l 0 100", "LREM l 0 zz", "LREM l 0 a", "LTRIM l 5 6", "RPUSH l a", "RPOP l", "RPOP l",
        "LPOP nokey", "RPOPLPUSH nokey l",
        // sets
        "SPOP nokey 0", "SADD s a b c", "SADD s a", "SPOP s 0", "SPOP s 1", "SPOP s 10", "SADD s 1 2 3", "SREM s 1 9",
        "SMOVE s s2 2", "SMOVE s s2 3", "SMOVE s s2 9", "SADD s3 x", "SPOP s3", "SINTERSTORE d s2 s2",
        "SUNIONSTORE d s2 nokey", "SDIFFSTORE d s2 s2", "SINTERSTORE d s2 nokey", "SADD big 1 2 3 4 5 6 7 8 9 10",
        "SPOP big 8", "SADD big2 1 2 3 4 5 6 7 8 9 10", "SPOP big2 9",
        // hashes
        "HSET h a 1", "HSET h a 1", "HMSET h b 2", "HSETNX h a 2", "HSETNX h c 3", "HINCRBY h n 1",
        "HINCRBYFLOAT h f 1.5", "HDEL h zz", "HDEL h a b c n f",
        // sorted sets
        "ZADD z 1 a 2 b 3 c", "ZADD z 1 a", "ZADD z XX 5 q", "ZADD z NX 5 a", "ZADD z CH 9 a", "ZINCRBY z 1 a",
        "ZADD z INCR GT 0 a", "ZPOPMIN z", "ZPOPMAX z 0", "ZPOPMAX z 5", "ZPOPMIN z 5", "ZADD z 1 a 2 b",
        "ZMPOP 1 z MIN COUNT 5", "ZADD z 1 a 2 b 3 c", "ZREM z a x", "ZREM z b c d", "ZADD z 1 a 2 b 3 c",
        "ZREMRANGEBYSCORE z 5 6", "ZREMRANGEBYSCORE z 1 1", "ZREMRANGEBYLEX z [b [b", "ZREMRANGEBYRANK z 0 -1",
        "ZADD z 1 a 2 b 3 c", "ZADD zy 1 a", "ZUNIONSTORE zd 2 z zy", "ZINTERSTORE zd 2 z nokey", "ZUNIONSTORE zd 1 z",
        "ZDIFFSTORE zd 1 nokey", "ZRANGESTORE zd2 z 0 -1", "ZRANGESTORE zd2 z 5 6", "ZINTERSTORE zd 2 z zy",
        // flushes, swaps, other databases
        "SELECT 3", "SET q 1", "SELECT 0", "SWAPDB 0 3", "FLUSHDB", "SET w 1", "FLUSHALL",
        // classes switched off one by one, and key misses
        "CONFIG SET notify-keyspace-events Kg", "SET x 1", "DEL x", "CONFIG SET notify-keyspace-events El",
        "LPUSH q 1", "RPOP q", "CONFIG SET notify-keyspace-events KEm", "GET nokey", "MGET nokey a", "EXISTS nokey",
        "TYPE nokey", "TTL nokey", "OBJECT ENCODING nokey", "HGET nokey f", "LRANGE nokey 0 1", "ZSCORE nokey m",
        "SINTER nokey", "STRLEN nokey", "SCARD nokey", "LPUSH nokey2 a", "CONFIG SET notify-keyspace-events \"\"",
        "SET x 1",
    ];

    [Test]
    public void ScriptedWrites_EveryCommand_PublishesTheSameEventsAsRedis()
    {
        using RealRedisServer redis = RealRedisServer.Start();
        List<string> expected = RunScript(redis.Connect, redis.Connect);
        List<string> actual = RunScript(Connect, Connect);
        Assert.That(actual, Is.EqualTo(expected), "first difference: " + FirstDifference(expected, actual));
    }

    /// <summary>
    /// Runs the script with one client while another, pattern-subscribed to every keyspace and keyevent channel,
    /// collects what each command published: after each command a PUBLISH on a marker channel (which the subscriber
    /// also follows) marks the end of that command's events. Returns "command" lines each followed by its events.
    /// </summary>
    private static List<string> RunScript(Func<RawClient> connect, Func<RawClient> connectSubscriber)
    {
        using RawClient client = connect();
        using RawClient subscriber = connectSubscriber();
        subscriber.SendCommand("PSUBSCRIBE", "__key*");
        subscriber.ReadReply();
        subscriber.SendCommand("SUBSCRIBE", "marker");
        subscriber.ReadReply();
        client.Execute("FLUSHALL");
        var log = new List<string>();
        foreach (string line in s_script)
        {
            log.Add("> " + line);
            if (line == ExpireAndWait)
            {
                client.Execute("SET", "ttl", "v", "PX", "1");
                DateTime deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
                while (client.Execute("EXISTS", "ttl") != ":0\r\n" && DateTime.UtcNow < deadline)
                {
                    Thread.Yield();
                }
            }
            else
            {
                client.Execute(Split(line));
            }
            client.Execute("PUBLISH", "marker", "end");
            while (true)
            {
                List<string> message = ParseArray(subscriber.ReadReply());
                if (message[0] == "message")
                {
                    break;
                }
                log.Add($"   {message[2]} {message[3]}");
            }
        }
        return log;
    }

    private static string[] Split(string line) =>
        line.Split(' ').Select(a => a == "\"\"" ? "" : a).ToArray();

    // The bulk strings of a flat RESP2 array of bulk strings.
    private static List<string> ParseArray(string reply)
    {
        string[] lines = reply.Split("\r\n");
        var items = new List<string>();
        for (int i = 1; i + 1 < lines.Length; i += 2)
        {
            items.Add(lines[i + 1]);
        }
        return items;
    }

    private static string FirstDifference(List<string> expected, List<string> actual)
    {
        var text = new StringBuilder();
        for (int i = 0; i < Math.Max(expected.Count, actual.Count); i++)
        {
            string e = i < expected.Count ? expected[i] : "(end)";
            string a = i < actual.Count ? actual[i] : "(end)";
            if (e != a)
            {
                int from = Math.Max(0, i - 4);
                text.AppendLine($"at line {i}: redis '{e}', ours '{a}'; redis context:");
                foreach (string line in expected.Skip(from).Take(8))
                {
                    text.AppendLine(line);
                }
                return text.ToString();
            }
        }
        return "none";
    }
}
