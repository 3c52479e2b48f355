using Reactor.MiniRedis.Engine.Reactor;
using Reactor.MiniRedis.Integration.Tests.Support;

namespace Reactor.MiniRedis.Integration.Tests;

/// <summary>
/// MULTI/EXEC, WATCH and CLIENT PAUSE over real sockets, with literal bytes: pipelined transactions, a watch broken
/// by another connection, and a write held back by a pause until it ends. Runs against both pollers (and, with
/// MINIREDIS_TEST_TARGET, against a real redis-server, which gives the same bytes).
/// </summary>
[TestFixture(IoBackend.Epoll)]
[TestFixture(IoBackend.Select)]
public sealed class TransactionTests(IoBackend backend) : ServerTests(backend)
{
    [Test]
    public void Transaction_PipelinedInOneWrite_RepliesQueuedThenResults()
    {
        using RawClient client = Connect();
        string key = UniqueKey();
        client.Send([.. RawClient.Encode("MULTI"), .. RawClient.Encode("SET", key, "1"), .. RawClient.Encode("INCR", key),
            .. RawClient.Encode("EXEC")]);
        Assert.That(client.ReadReplies(4), Is.EqualTo("+OK\r\n+QUEUED\r\n+QUEUED\r\n*2\r\n+OK\r\n:2\r\n"));
    }

    [Test]
    public void Transaction_SplitAcrossWrites_RepliesTheSame()
    {
        using RawClient client = Connect();
        string key = UniqueKey();
        byte[] request = [.. RawClient.Encode("MULTI"), .. RawClient.Encode("SET", key, "1"), .. RawClient.Encode("GET", key),
            .. RawClient.Encode("EXEC")];
        for (int i = 0; i < request.Length; i += 7)
        {
            client.Send(request.AsSpan(i, Math.Min(7, request.Length - i)));
        }
        Assert.That(client.ReadReplies(4), Is.EqualTo("+OK\r\n+QUEUED\r\n+QUEUED\r\n*2\r\n+OK\r\n" + RawClient.Bulk("1")));
    }

    [Test]
    public void Transaction_QueueingError_ExecAborts()
    {
        using RawClient client = Connect();
        client.Execute("MULTI");
        Assert.That(client.Execute("SET", UniqueKey()), Is.EqualTo("-ERR wrong number of arguments for 'set' command\r\n"));
        Assert.That(client.Execute("EXEC"), Is.EqualTo("-EXECABORT Transaction discarded because of previous errors.\r\n"));
    }

    [Test]
    public void Watch_KeyWrittenByAnotherConnection_ExecRepliesNullArray()
    {
        using RawClient watcher = Connect();
        using RawClient writer = Connect();
        string key = UniqueKey();
        watcher.Execute("WATCH", key);
        writer.Execute("SET", key, "theirs");
        watcher.Execute("MULTI");
        watcher.Execute("SET", key, "mine");
        Assert.That(watcher.Execute("EXEC"), Is.EqualTo("*-1\r\n"));
        Assert.That(watcher.Execute("GET", key), Is.EqualTo(RawClient.Bulk("theirs")));
    }

    [Test]
    public void Watch_KeyUntouched_ExecRuns()
    {
        using RawClient watcher = Connect();
        string key = UniqueKey();
        watcher.Execute("WATCH", key);
        watcher.Execute("MULTI");
        watcher.Execute("SET", key, "mine");
        Assert.That(watcher.Execute("EXEC"), Is.EqualTo("*1\r\n+OK\r\n"));
    }

    [Test]
    public void ClientPause_WriteFromAnotherConnection_RunsOnlyWhenUnpaused()
    {
        using RawClient admin = Connect();
        using RawClient writer = Connect();
        string key = UniqueKey();
        admin.Execute("CLIENT", "PAUSE", "10000", "WRITE");
        writer.SendCommand("SET", key, "v");
        // Reads go on meanwhile, and this one is answered after the write was sent: the write is still waiting.
        Assert.That(admin.Execute("GET", key), Is.EqualTo("$-1\r\n"));
        Assert.That(admin.Execute("CLIENT", "UNPAUSE"), Is.EqualTo("+OK\r\n"));
        Assert.That(writer.ReadReply(), Is.EqualTo("+OK\r\n"));
        Assert.That(admin.Execute("GET", key), Is.EqualTo(RawClient.Bulk("v")));
    }

    [Test]
    public void ClientPause_EndTime_ReleasesHeldBackWrite()
    {
        using RawClient admin = Connect();
        using RawClient writer = Connect();
        string key = UniqueKey();
        admin.Execute("CLIENT", "PAUSE", "200", "WRITE");
        writer.SendCommand("SET", key, "v");
        Assert.That(writer.ReadReply(), Is.EqualTo("+OK\r\n")); // within the read timeout, once the pause is over
        Assert.That(admin.Execute("GET", key), Is.EqualTo(RawClient.Bulk("v")));
    }
}
