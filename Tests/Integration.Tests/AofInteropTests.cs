using Reactor.MiniRedis.Integration.Tests.Support;

namespace Reactor.MiniRedis.Integration.Tests;

/// <summary>
/// Append-only files moving between the built server and a real redis-server 7.0, both ways: the directory our
/// server writes (RDB or command base, incremental files, manifest) passes <c>redis-check-aof</c> and a real server
/// started on it holds identical contents in every database; the directory a real server writes loads here
/// identically. The data includes commands propagated in rewritten forms (relative expires, INCRBYFLOAT, SPOP,
/// LMPOP, transactions).
/// </summary>
[Category("RedisServer")]
public sealed class AofInteropTests
{
    private string _dir = null!;

    [SetUp]
    public void CreateDirectory() => _dir = Directory.CreateTempSubdirectory("mini-redis-aof-interop-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void OurAof_RdbBase_RedisCheckAofAndRealServerAcceptIt() => AssertRealServerLoadsOurAof(rewrite: true, "--aof-use-rdb-preamble", "yes");

    [Test]
    public void OurAof_CommandBase_RedisCheckAofAndRealServerAcceptIt() => AssertRealServerLoadsOurAof(rewrite: true, "--aof-use-rdb-preamble", "no");

    [Test]
    public void OurAof_IncrementalOnly_RedisCheckAofAndRealServerAcceptIt() => AssertRealServerLoadsOurAof(rewrite: false);

    [TestCase("yes")]
    [TestCase("no")]
    public void OurAof_RewriteWhileClientsWrite_RealServerLoadsEveryWrite(string rdbPreamble)
    {
        const int keys = 100_000, batch = 1000;
        var expected = new Dictionary<string, string>();
        int port = ServerProcess.FreePort();
        int writesDuringRewrite = 0;
        using (ServerProcess server = AofProcess.StartServing(_dir, port, "--appendfsync", "always", "--aof-use-rdb-preamble", rdbPreamble))
        {
            using (RawClient client = RawClient.Connect("127.0.0.1", port))
            {
                for (int start = 0; start < keys; start += batch)
                {
                    var commands = new List<byte>();
                    for (int i = start; i < start + batch; i++)
                    {
                        commands.AddRange(RawClient.Encode("SET", Key(i), $"start:{i}"));
                        expected[Key(i)] = $"start:{i}";
                    }
                    client.Send(commands.ToArray());
                    client.ReadReplies(batch);
                }
                Assert.That(client.Execute("BGREWRITEAOF"), Is.EqualTo("+Background append only file rewriting started\r\n"));
                // Writes until the rewrite is over, across the whole key range (most keys not captured yet): overwrite,
                // delete, add, and give a time to live, which the rewritten AOF keeps.
                for (int i = 0; client.Execute("INFO", "persistence").Contains("aof_rewrite_in_progress:1", StringComparison.Ordinal); i++)
                {
                    int key = (int)((long)i * 7919 % keys);
                    client.Execute("SET", Key(key), $"after:{i}");
                    expected[Key(key)] = $"after:{i}";
                    client.Execute("DEL", Key((key + 1) % keys));
                    expected.Remove(Key((key + 1) % keys));
                    client.Execute("SET", $"new:{i}", "v", "EX", "100000");
                    expected[$"new:{i}"] = "v";
                    writesDuringRewrite++;
                }
                WaitForRewrite(client);
            }
            AofProcess.Stop(server);
        }
        Assert.That(writesDuringRewrite, Is.GreaterThan(0), "writes happened while the rewrite ran");

        ToolResult check = AofProcess.Check(_dir);
        Assert.That((check.ExitCode, check.Text), Is.EqualTo((0, check.Text)));
        using RealRedisServer real = RealRedisServer.Start(_dir, "dump.rdb", "--appendonly", "yes");
        using RawClient realClient = real.Connect();
        Assert.That(realClient.Execute("DBSIZE"), Is.EqualTo($":{expected.Count}\r\n"));
        List<string> names = [.. expected.Keys];
        for (int start = 0; start < names.Count; start += batch)
        {
            List<string> slice = names.GetRange(start, Math.Min(batch, names.Count - start));
            string reply = realClient.Execute(["MGET", .. slice]);
            Assert.That(reply, Is.EqualTo($"*{slice.Count}\r\n" + string.Concat(slice.Select(k => RawClient.Bulk(expected[k])))), $"keys from {slice[0]}");
        }
        // The time to live survived: 100000 s less what has passed (TTL rounds, so it may still read 100000).
        string ttl = realClient.Execute("TTL", "new:0");
        Assert.That(long.Parse(ttl.AsSpan(1, ttl.Length - 3), System.Globalization.CultureInfo.InvariantCulture), Is.InRange(99_000, 100_000), ttl);
    }

    private static string Key(int i) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"key:{i:D12}");

    [Test]
    public void RealServerAof_LoadsHereWithSameContents()
    {
        string theirs;
        using (RealRedisServer real = RealRedisServer.Start(_dir, "dump.rdb", "--appendonly", "yes", "--appendfsync", "always"))
        using (RawClient client = real.Connect())
        {
            Dataset.Fill(client);
            Assert.That(client.Execute("BGREWRITEAOF"), Is.EqualTo("+Background append only file rewriting started\r\n"));
            WaitForRewrite(client);
            WriteRewrittenForms(client);
            theirs = Dataset.Describe(client);
        } // killed: with appendfsync always everything acknowledged is in the files

        int port = ServerProcess.FreePort();
        using ServerProcess ours = AofProcess.StartServing(_dir, port);
        using RawClient ourClient = RawClient.Connect("127.0.0.1", port);
        Assert.Multiple(() =>
        {
            Assert.That(Dataset.Describe(ourClient), Is.EqualTo(theirs));
            Assert.That(ours.Output, Does.Contain("DB loaded from base file appendonly.aof.2.base.rdb"));
            Assert.That(ours.Output, Does.Contain("DB loaded from incr file appendonly.aof.2.incr.aof"));
        });
    }

    // Fills our server (optionally rewriting in the middle), stops it, checks the AOF with redis-check-aof, starts a
    // real server on the directory and compares the two servers' contents.
    private void AssertRealServerLoadsOurAof(bool rewrite, params string[] settings)
    {
        string ours;
        int port = ServerProcess.FreePort();
        using (ServerProcess server = AofProcess.StartServing(_dir, port, ["--appendfsync", "always", .. settings]))
        {
            using (RawClient client = RawClient.Connect("127.0.0.1", port))
            {
                Dataset.Fill(client);
                if (rewrite)
                {
                    Assert.That(client.Execute("BGREWRITEAOF"), Is.EqualTo("+Background append only file rewriting started\r\n"));
                    WaitForRewrite(client);
                }
                WriteRewrittenForms(client);
                ours = Dataset.Describe(client);
            }
            AofProcess.Stop(server);
        }

        ToolResult check = AofProcess.Check(_dir);
        Assert.That((check.ExitCode, check.Text), Is.EqualTo((0, check.Text)));
        Assert.That(check.Text, Does.Contain("All AOF files and manifest are valid"));
        using RealRedisServer real = RealRedisServer.Start(_dir, "dump.rdb", "--appendonly", "yes");
        using RawClient realClient = real.Connect();
        Assert.That(Dataset.Describe(realClient), Is.EqualTo(ours));
    }

    // Commands whose AOF form differs from what was sent, in database 0.
    private static void WriteRewrittenForms(RawClient client)
    {
        string[][] commands =
        [
            ["SET", "aof:ex", "v", "EX", "100000"],
            ["SETEX", "aof:setex", "100000", "v"],
            ["SET", "aof:get", "v"],
            ["SET", "aof:get", "w", "GET"],
            ["EXPIRE", "list:small", "200000"],
            ["INCRBYFLOAT", "aof:float", "0.1"],
            ["INCRBYFLOAT", "aof:float", "0.2"],
            ["HINCRBYFLOAT", "aof:hfloat", "f", "1.5e3"],
            // Non-integer members: SPOP's rebuilt set and the replayed SREMs then give the same encoding (with integer
            // members Redis's own live set can be an intset while its reloaded AOF gives a hashtable).
            ["SADD", "aof:spop", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9", "m10", "m11", "m12"],
            ["SPOP", "aof:spop"],
            ["SPOP", "aof:spop", "3"],
            ["SPOP", "aof:spop", "7"],
            ["RPUSH", "aof:lmpop", "a", "b", "c"],
            ["LMPOP", "1", "aof:lmpop", "LEFT", "COUNT", "2"],
            ["ZADD", "aof:zmpop", "1", "a", "2", "b"],
            ["ZMPOP", "1", "aof:zmpop", "MAX"],
            ["SET", "aof:gone", "v"],
            ["GETDEL", "aof:gone"],
            ["SET", "aof:persist", "v", "EX", "100"],
            ["GETEX", "aof:persist", "PERSIST"],
        ];
        foreach (string[] command in commands)
        {
            Assert.That(client.Execute(command), Does.Not.StartWith("-"), string.Join(' ', command));
        }
        client.Send("*1\r\n$5\r\nMULTI\r\n*3\r\n$3\r\nSET\r\n$5\r\naof:m\r\n$1\r\n1\r\n*2\r\n$4\r\nINCR\r\n$5\r\naof:m\r\n*1\r\n$4\r\nEXEC\r\n");
        Assert.That(client.ReadReplies(4), Is.EqualTo("+OK\r\n+QUEUED\r\n+QUEUED\r\n*2\r\n+OK\r\n:2\r\n"));
    }

    // Polls INFO until the rewrite is over, with a deadline.
    private static void WaitForRewrite(RawClient client)
    {
        DateTime deadline = DateTime.UtcNow + AofProcess.Timeout;
        while (true)
        {
            string info = client.Execute("INFO", "persistence");
            if (info.Contains("aof_rewrite_in_progress:0", StringComparison.Ordinal) && info.Contains("aof_rewrite_scheduled:0", StringComparison.Ordinal))
            {
                Assert.That(info, Does.Contain("aof_last_bgrewrite_status:ok"));
                return;
            }
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "the rewrite finished in time");
            Thread.Sleep(10); // polling for the rewrite to finish, not waiting for time to pass
        }
    }
}
