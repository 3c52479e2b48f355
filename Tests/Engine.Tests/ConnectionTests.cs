using System.Net.Sockets;
using NSubstitute;
using Reactor.MiniRedis.Engine.Networking;
using Reactor.MiniRedis.Engine.Reactor;
using Reactor.MiniRedis.Engine.Tests.Support;

namespace Reactor.MiniRedis.Engine.Tests;

/// <summary>The connection's read and write paths over a fake transport: chunks, partial writes, would-block, errors.</summary>
public sealed class ConnectionTests : CommandTestBase
{
    [Test]
    public void Read_EndOfStream_ClosesConnection()
    {
        Client.Transport.EndOfStream = true;
        Client.Connection.OnReadable();
        Assert.Multiple(() =>
        {
            Assert.That(Client.Connection.IsClosed, Is.True);
            Assert.That(Client.Transport.Closed, Is.True);
            Assert.That(Harness.Server.Clients, Does.Not.ContainKey(Client.Connection.Id));
        });
    }

    [Test]
    public void Read_SocketError_ClosesOnlyThatConnection()
    {
        TestClient other = Harness.Connect();
        Client.Transport.FailWith = SocketError.ConnectionReset;

        Client.Connection.OnReadable();

        Assert.Multiple(() =>
        {
            Assert.That(Client.Connection.IsClosed, Is.True);
            Assert.That(other.Execute("PING"), Is.EqualTo("+PONG\r\n"));
        });
    }

    [Test]
    public void Read_WouldBlock_KeepsConnectionOpen()
    {
        Client.Connection.OnReadable();
        Assert.That(Client.Connection.IsClosed, Is.False);
    }

    [Test]
    public void Write_PartialSends_DeliversEveryByteInOrder()
    {
        Client.Transport.SendLimit = 3;
        string reply = Client.Execute("ECHO", "hello world");
        // WriteToClient loops until the per-event budget or would-block, so small partial sends still drain.
        Assert.That(reply, Is.EqualTo("$11\r\nhello world\r\n"));
    }

    // 16 pipelined SETs of 1 KB values are a little over one 16 KB read. Like Redis's sdsMakeRoomFor, the query buffer
    // keeps room for a whole read after a pending partial request, so it grows once and the next batch is one read.
    [Test]
    public void Read_BatchJustOverAReadSize_NextBatchArrivesInOneRead()
    {
        string value = new('v', 1024);
        byte[] batch = [.. Enumerable.Range(0, 16).SelectMany(i => Resp.Command("SET", $"key:{i}", value))];
        Assert.That(batch.Length, Is.GreaterThan(16 * 1024).And.LessThan(20 * 1024));
        string expected = string.Concat(Enumerable.Repeat("+OK\r\n", 16));

        Assert.That(Resp.Text(Client.SendRaw(batch)), Is.EqualTo(expected));
        int firstReads = Client.Transport.Reads;
        Assert.That(Resp.Text(Client.SendRaw(batch)), Is.EqualTo(expected));

        Assert.That((firstReads, Client.Transport.Reads - firstReads), Is.EqualTo((2, 1)));
    }

    // Replies spanning the first chunk and an overflow chunk go out in one gathering write (writevToClient), whole or,
    // when the socket takes only part, in order over several writes.
    [TestCase(int.MaxValue, 1)]
    [TestCase(5000, 5)]
    public void Write_RepliesSpanningChunks_GatheringWritesInOrder(int sendLimit, int writes)
    {
        string value = new('v', 1024);
        Run("SET", "big", value);
        Client.Transport.TakeSent();
        int before = Client.Transport.Writes;
        Client.Transport.Gathers = true;
        Client.Transport.SendLimit = sendLimit;
        byte[] batch = [.. Enumerable.Range(0, 20).SelectMany(_ => Resp.Command("GET", "big"))];

        string replies = Resp.Text(Client.SendRaw(batch));

        Assert.That(replies, Is.EqualTo(string.Concat(Enumerable.Repeat($"$1024\r\n{value}\r\n", 20))));
        Assert.That(Client.Transport.Writes - before, Is.EqualTo(writes));
    }

    [Test]
    public void Write_WouldBlock_KeepsRepliesAndAsksForWriteInterest()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        Client.Connection.Token = Harness.Server.Loop.Register(socket, Client.Connection, Interest.Readable);
        Client.Transport.SendBlocked = true;

        Client.SendRaw(Resp.Command("PING"));
        Client.Connection.WriteToClient(); // what beforeSleep does: the socket is full, so nothing goes out

        Assert.Multiple(() =>
        {
            Assert.That(Client.Connection.Reply.Buffer.Length, Is.EqualTo(7));
            Assert.That(Harness.Server.Loop.GetInterest(Client.Connection.Token), Is.EqualTo(Interest.Readable | Interest.Writable));
        });

        Client.Transport.SendBlocked = false;
        Client.Connection.OnWritable();

        Assert.Multiple(() =>
        {
            Assert.That(Resp.Text(Client.Transport.TakeSent()), Is.EqualTo("+PONG\r\n"));
            Assert.That(Harness.Server.Loop.GetInterest(Client.Connection.Token), Is.EqualTo(Interest.Readable));
        });
        socket.Dispose();
    }

    [Test]
    public void Write_LargeReply_SendsAtMost64KbPerEvent()
    {
        string value = new('x', 200_000);
        Client.Execute("SET", "big", value);
        Client.Transport.Enqueue(Resp.Command("GET", "big"));
        Client.Connection.OnReadable();

        Client.Connection.WriteToClient();
        int first = Client.Transport.TakeSent().Length;
        while (!Client.Connection.Reply.Buffer.IsEmpty)
        {
            Client.Connection.WriteToClient();
        }

        Assert.That(first, Is.InRange(64 * 1024, (64 * 1024) + (16 * 1024)));
    }

    [Test]
    public void Quit_RepliesOkThenClosesOnceDrained()
    {
        string reply = Client.Execute("QUIT");
        Assert.Multiple(() =>
        {
            Assert.That(reply, Is.EqualTo("+OK\r\n"));
            Assert.That(Client.Transport.Closed, Is.True);
        });
    }

    [Test]
    public void Pipeline_CommandsAfterQuit_AreNotRun()
    {
        byte[] batch = [.. Resp.Command("QUIT"), .. Resp.Command("SET", "k", "v")];
        Client.SendRaw(batch);
        TestClient other = Harness.Connect();
        Assert.That(other.Execute("GET", "k"), Is.EqualTo("$-1\r\n"));
    }

    [Test]
    public void ProtocolError_CommandsBeforeErrorRunAndRestIsDiscarded()
    {
        byte[] batch = [.. Resp.Command("SET", "a", "1"), .. "*1\r\n$x\r\n"u8.ToArray(), .. Resp.Command("SET", "b", "2")];
        string reply = Resp.Text(Client.SendRaw(batch));
        TestClient other = Harness.Connect();
        Assert.Multiple(() =>
        {
            Assert.That(reply, Is.EqualTo("+OK\r\n-ERR Protocol error: invalid bulk length\r\n"));
            Assert.That(other.Execute("GET", "a"), Is.EqualTo("$1\r\n1\r\n"));
            Assert.That(other.Execute("GET", "b"), Is.EqualTo("$-1\r\n"));
        });
    }

    [Test]
    public void QueryBuffer_OverLimit_ClosesClient()
    {
        Harness.Server.Config.Limits.QueryBufferLimit = 1024;
        // A bulk header announcing 4 KB, then 2 KB of it: the unconsumed request exceeds the limit.
        Client.SendRaw("*2\r\n$3\r\nSET\r\n$4096\r\n"u8.ToArray(), new byte[2048]);
        Assert.That(Client.Connection.IsClosed, Is.True);
    }

    [Test]
    public void LargeBulk_InSmallChunks_IsReassembled()
    {
        string value = new('v', 1 << 20);
        byte[] request = Resp.Command("SET", "k", value);
        byte[][] chunks = request.Chunk(16 * 1024).ToArray();
        Client.SendRaw(chunks);
        Assert.That(Client.Execute("GET", "k"), Is.EqualTo($"${value.Length}\r\n{value}\r\n"));
    }

    [Test]
    public void HttpPost_ClosesWithoutReply()
    {
        byte[] reply = Client.SendRaw("POST / HTTP/1.1\r\nHost: example\r\n\r\n"u8.ToArray());
        Assert.Multiple(() =>
        {
            Assert.That(reply, Is.Empty);
            Assert.That(Client.Transport.Closed, Is.True);
        });
    }
}
