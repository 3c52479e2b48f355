using System.Net.Sockets;
using NSubstitute;
using Reactor.MiniRedis.Engine.Networking;
using Reactor.MiniRedis.Engine.Reactor;
using Reactor.MiniRedis.Engine.Tests.Support;

namespace Reactor.MiniRedis.Engine.Tests;

/// <summary>The connection's read and write paths over a fake transport: chunks, partial writes, would-block, errors.</summary>
public sealed class ConnectionTests
{
    private ServerHarness _harness = null!;
    private TestClient _client = null!;

    [SetUp]
    public void SetUp()
    {
        _harness = new ServerHarness();
        _client = _harness.Connect();
    }

    [TearDown]
    public void TearDown() => _harness.Dispose();

    [Test]
    public void Read_EndOfStream_ClosesConnection()
    {
        _client.Transport.EndOfStream = true;
        _client.Connection.OnReadable();
        Assert.Multiple(() =>
        {
            Assert.That(_client.Connection.IsClosed, Is.True);
            Assert.That(_client.Transport.Closed, Is.True);
            Assert.That(_harness.Server.Clients, Does.Not.ContainKey(_client.Connection.Id));
        });
    }

    [Test]
    public void Read_SocketError_ClosesOnlyThatConnection()
    {
        TestClient other = _harness.Connect();
        _client.Transport.FailWith = SocketError.ConnectionReset;

        _client.Connection.OnReadable();

        Assert.Multiple(() =>
        {
            Assert.That(_client.Connection.IsClosed, Is.True);
            Assert.That(other.Execute("PING"), Is.EqualTo("+PONG\r\n"));
        });
    }

    [Test]
    public void Read_WouldBlock_KeepsConnectionOpen()
    {
        _client.Connection.OnReadable();
        Assert.That(_client.Connection.IsClosed, Is.False);
    }

    [Test]
    public void Write_PartialSends_DeliversEveryByteInOrder()
    {
        _client.Transport.SendLimit = 3;
        string reply = _client.Execute("ECHO", "hello world");
        // WriteToClient loops until the per-event budget or would-block, so small partial sends still drain.
        Assert.That(reply, Is.EqualTo("$11\r\nhello world\r\n"));
    }

    [Test]
    public void Write_WouldBlock_KeepsRepliesAndAsksForWriteInterest()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _client.Connection.Token = _harness.Server.Loop.Register(socket, _client.Connection, Interest.Readable);
        _client.Transport.SendBlocked = true;

        _client.SendRaw(Resp.Command("PING"));
        _client.Connection.WriteToClient(); // what beforeSleep does: the socket is full, so nothing goes out

        Assert.Multiple(() =>
        {
            Assert.That(_client.Connection.Reply.Buffer.Length, Is.EqualTo(7));
            Assert.That(_harness.Server.Loop.GetInterest(_client.Connection.Token), Is.EqualTo(Interest.Readable | Interest.Writable));
        });

        _client.Transport.SendBlocked = false;
        _client.Connection.OnWritable();

        Assert.Multiple(() =>
        {
            Assert.That(Resp.Text(_client.Transport.TakeSent()), Is.EqualTo("+PONG\r\n"));
            Assert.That(_harness.Server.Loop.GetInterest(_client.Connection.Token), Is.EqualTo(Interest.Readable));
        });
        socket.Dispose();
    }

    [Test]
    public void Write_LargeReply_SendsAtMost64KbPerEvent()
    {
        string value = new('x', 200_000);
        _client.Execute("SET", "big", value);
        _client.Transport.Enqueue(Resp.Command("GET", "big"));
        _client.Connection.OnReadable();

        _client.Connection.WriteToClient();
        int first = _client.Transport.TakeSent().Length;
        while (!_client.Connection.Reply.Buffer.IsEmpty)
        {
            _client.Connection.WriteToClient();
        }

        Assert.That(first, Is.InRange(64 * 1024, (64 * 1024) + (16 * 1024)));
    }

    [Test]
    public void Quit_RepliesOkThenClosesOnceDrained()
    {
        string reply = _client.Execute("QUIT");
        Assert.Multiple(() =>
        {
            Assert.That(reply, Is.EqualTo("+OK\r\n"));
            Assert.That(_client.Transport.Closed, Is.True);
        });
    }

    [Test]
    public void Pipeline_CommandsAfterQuit_AreNotRun()
    {
        byte[] batch = [.. Resp.Command("QUIT"), .. Resp.Command("SET", "k", "v")];
        _client.SendRaw(batch);
        TestClient other = _harness.Connect();
        Assert.That(other.Execute("GET", "k"), Is.EqualTo("$-1\r\n"));
    }

    [Test]
    public void ProtocolError_CommandsBeforeErrorRunAndRestIsDiscarded()
    {
        byte[] batch = [.. Resp.Command("SET", "a", "1"), .. "*1\r\n$x\r\n"u8.ToArray(), .. Resp.Command("SET", "b", "2")];
        string reply = Resp.Text(_client.SendRaw(batch));
        TestClient other = _harness.Connect();
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
        _harness.Server.Config.Limits.QueryBufferLimit = 1024;
        // A bulk header announcing 4 KB, then 2 KB of it: the unconsumed request exceeds the limit.
        _client.SendRaw("*2\r\n$3\r\nSET\r\n$4096\r\n"u8.ToArray(), new byte[2048]);
        Assert.That(_client.Connection.IsClosed, Is.True);
    }

    [Test]
    public void LargeBulk_InSmallChunks_IsReassembled()
    {
        string value = new('v', 1 << 20);
        byte[] request = Resp.Command("SET", "k", value);
        byte[][] chunks = request.Chunk(16 * 1024).ToArray();
        _client.SendRaw(chunks);
        Assert.That(_client.Execute("GET", "k"), Is.EqualTo($"${value.Length}\r\n{value}\r\n"));
    }

    [Test]
    public void HttpPost_ClosesWithoutReply()
    {
        byte[] reply = _client.SendRaw("POST / HTTP/1.1\r\nHost: example\r\n\r\n"u8.ToArray());
        Assert.Multiple(() =>
        {
            Assert.That(reply, Is.Empty);
            Assert.That(_client.Transport.Closed, Is.True);
        });
    }
}
