using System.Diagnostics;
using System.Globalization;
using Reactor.MiniRedis.Integration.Tests.Support;

namespace Reactor.MiniRedis.Integration.Tests;

/// <summary>
/// The built server's AOF under the failures it is for: killed with SIGKILL under write load, every acknowledged
/// write is there after a restart with <c>appendfsync always</c>, and with <c>everysec</c> only writes acknowledged in
/// about the last second may be missing; a torn or corrupt AOF is truncated (aof-load-truncated yes) or refused with
/// Redis's error and exit code 1, never partly loaded in silence.
/// </summary>
public sealed class AofProcessTests
{
    private const int Writers = 4;

    private string _dir = null!;
    private long _total;

    [SetUp]
    public void CreateDirectory() => _dir = Directory.CreateTempSubdirectory("mini-redis-aof-process-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_dir, recursive: true);

    private string IncrPath => Path.Combine(_dir, "appendonlydir", "appendonly.aof.1.incr.aof");

    [Test]
    public void KillDashNine_AppendFsyncAlways_EveryAcknowledgedWriteSurvives()
    {
        KillResult result = WriteThenKill("always", writesBeforeKill: 6000);
        TestContext.Out.WriteLine(result.Summary);
        Assert.That(result.Missing, Is.Empty, result.Summary);
    }

    [Test]
    public void KillDashNine_AppendFsyncEverySec_LosesAtMostTheLastSecond()
    {
        KillResult result = WriteThenKill("everysec", writesBeforeKill: 60000); // seconds of background fsyncs
        TestContext.Out.WriteLine(result.Summary);
        Assert.That(result.Missing.Where(age => age > TimeSpan.FromSeconds(1.5)), Is.Empty, result.Summary);
    }

    [Test]
    public void Start_TornIncrTail_IsTruncatedAndTheRestServed()
    {
        WriteTwoKeysAndStop();
        long length = new FileInfo(IncrPath).Length;
        Truncate(IncrPath, length - 4);

        int port = ServerProcess.FreePort();
        using ServerProcess server = AofProcess.StartServing(_dir, port);
        using RawClient client = RawClient.Connect("127.0.0.1", port);
        Assert.Multiple(() =>
        {
            Assert.That(client.Execute("GET", "first"), Is.EqualTo("$1\r\n1\r\n"));
            Assert.That(client.Execute("EXISTS", "second"), Is.EqualTo(":0\r\n"));
            Assert.That(server.Output, Does.Contain("!!! Warning: short read while loading the AOF file appendonly.aof.1.incr.aof!!!"));
            Assert.That(server.Output, Does.Contain("AOF appendonly.aof.1.incr.aof loaded anyway because aof-load-truncated is enabled"));
        });
    }

    [Test]
    public void Start_TornIncrTailWithLoadTruncatedNo_ExitsOneWithoutServing()
    {
        WriteTwoKeysAndStop();
        Truncate(IncrPath, new FileInfo(IncrPath).Length - 4);
        ToolResult check = AofProcess.Check(_dir);

        using ServerProcess server = AofProcess.Start(_dir, ServerProcess.FreePort(), "--aof-load-truncated", "no");
        Assert.Multiple(() =>
        {
            Assert.That(server.WaitForExit(AofProcess.Timeout), Is.EqualTo(1), server.Output);
            Assert.That(server.Output, Does.Contain("Unexpected end of file reading the append only file appendonly.aof.1.incr.aof."));
            Assert.That(server.Output, Does.Not.Contain(AofProcess.ReadyLine));
            Assert.That(check.ExitCode, Is.EqualTo(1), "redis-check-aof finds the same file torn");
            Assert.That(check.Text, Does.Contain("is not valid"));
        });
    }

    [Test]
    public void Start_CorruptIncr_ExitsOneAsRedisServerDoes()
    {
        WriteTwoKeysAndStop();
        byte[] file = File.ReadAllBytes(IncrPath);
        int second = Array.LastIndexOf(file, (byte)'*');
        file[second] = (byte)'?'; // the second SET no longer starts with '*'
        File.WriteAllBytes(IncrPath, file);

        using ServerProcess server = AofProcess.Start(_dir, ServerProcess.FreePort());
        ToolResult real = ExternalTool.Run(ExternalTool.Require("redis-server"),
            ["--port", ServerProcess.FreePort().ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "yes", "--dir", _dir], AofProcess.Timeout);
        Assert.Multiple(() =>
        {
            Assert.That(server.WaitForExit(AofProcess.Timeout), Is.EqualTo(1), server.Output);
            Assert.That(server.Output, Does.Contain("Bad file format reading the append only file appendonly.aof.1.incr.aof"));
            Assert.That(server.Output, Does.Not.Contain(AofProcess.ReadyLine));
            Assert.That(real.ExitCode, Is.EqualTo(1), "redis-server refuses the same file");
            Assert.That(real.Text, Does.Contain("Bad file format reading the append only file appendonly.aof.1.incr.aof"));
        });
    }

    /*
     * Starts the server with the given appendfsync, runs Writers clients that each SET their own keys in sequence,
     * recording when each write was acknowledged; once writesBeforeKill writes are acknowledged the server gets
     * SIGKILL mid-load. A restarted server on the same directory is then asked for every acknowledged key.
     */
    private KillResult WriteThenKill(string appendFsync, int writesBeforeKill)
    {
        int port = ServerProcess.FreePort();
        var acknowledged = new List<TimeSpan>[Writers];
        _total = 0;
        var clock = new Stopwatch();
        TimeSpan killedAt;
        using (ServerProcess server = AofProcess.StartServing(_dir, port, "--appendfsync", appendFsync))
        {
            clock.Start();
            var threads = new Thread[Writers];
            for (int t = 0; t < Writers; t++)
            {
                var acks = acknowledged[t] = [];
                int writer = t;
                threads[t] = new Thread(() => Write(port, writer, acks, clock));
                threads[t].Start();
            }
            DateTime deadline = DateTime.UtcNow + AofProcess.Timeout;
            while (Interlocked.Read(ref _total) < writesBeforeKill)
            {
                Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "the writers got going");
                Thread.Sleep(5); // polling for the write count, not waiting for time to pass
            }
            killedAt = clock.Elapsed;
            server.Kill(); // no shutdown, no final flush
            server.WaitForExit(AofProcess.Timeout);
            foreach (Thread thread in threads)
            {
                thread.Join();
            }
        }

        int restartPort = ServerProcess.FreePort();
        using ServerProcess restarted = AofProcess.StartServing(_dir, restartPort, "--appendfsync", appendFsync);
        using RawClient client = RawClient.Connect("127.0.0.1", restartPort);
        var missing = new List<TimeSpan>();
        long writes = 0;
        for (int t = 0; t < Writers; t++)
        {
            List<TimeSpan> acks = acknowledged[t];
            writes += acks.Count;
            for (int start = 0; start < acks.Count; start += 1000)
            {
                int end = Math.Min(acks.Count, start + 1000);
                for (int i = start; i < end; i++)
                {
                    client.SendCommand("GET", Key(t, i));
                }
                for (int i = start; i < end; i++)
                {
                    if (client.ReadReply() != RawClient.Bulk(Text(i)))
                    {
                        missing.Add(killedAt - acks[i]);
                    }
                }
            }
        }
        double rate = writes / killedAt.TotalSeconds;
        string summary = string.Create(CultureInfo.InvariantCulture,
            $"appendfsync {appendFsync}: {writes} writes acknowledged by {Writers} clients in {killedAt.TotalSeconds:F2} s ({rate:F0}/s) before SIGKILL; missing after restart: {missing.Count}{(missing.Count > 0 ? $" (acknowledged {missing.Max().TotalMilliseconds:F0} ms before the kill at most)" : "")}");
        return new KillResult(missing, summary);
    }

    // One writer: SET w<t>:<i> <i> until the connection dies, recording each acknowledgement's time.
    private void Write(int port, int writer, List<TimeSpan> acknowledged, Stopwatch clock)
    {
        try
        {
            using RawClient client = RawClient.Connect("127.0.0.1", port);
            for (int i = 0; ; i++)
            {
                if (client.Execute("SET", Key(writer, i), Text(i)) != "+OK\r\n")
                {
                    return;
                }
                acknowledged.Add(clock.Elapsed);
                Interlocked.Increment(ref _total);
            }
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or InvalidOperationException)
        {
            // The server was killed: this writer is done.
        }
    }

    private void WriteTwoKeysAndStop()
    {
        int port = ServerProcess.FreePort();
        using ServerProcess server = AofProcess.StartServing(_dir, port);
        using (RawClient client = RawClient.Connect("127.0.0.1", port))
        {
            Assert.That(client.Execute("SET", "first", "1"), Is.EqualTo("+OK\r\n"));
            Assert.That(client.Execute("SET", "second", "2"), Is.EqualTo("+OK\r\n"));
        }
        AofProcess.Stop(server);
    }

    private static void Truncate(string path, long length)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Write);
        file.SetLength(length);
    }

    private static string Key(int writer, int i) => string.Create(CultureInfo.InvariantCulture, $"w{writer}:{i}");

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private sealed record KillResult(List<TimeSpan> Missing, string Summary);
}
