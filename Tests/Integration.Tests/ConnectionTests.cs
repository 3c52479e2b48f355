using Reactor.MiniRedis.Engine.Reactor;
using Reactor.MiniRedis.Integration.Tests.Support;

namespace Reactor.MiniRedis.Integration.Tests;

/// <summary>Connection lifetime over real sockets: QUIT, per-connection state, and many clients at once.</summary>
[TestFixture(IoBackend.Epoll)]
[TestFixture(IoBackend.Select)]
public sealed class ConnectionTests(IoBackend backend) : ServerTests(backend)
{
    private const int ManyClients = 1000;

    [Test]
    public void Quit_RepliesOkThenCloses()
    {
        using RawClient client = Connect();

        Assert.Multiple(() =>
        {
            Assert.That(client.Execute("QUIT"), Is.EqualTo("+OK\r\n"));
            Assert.That(client.WaitForServerClose(), Is.True);
        });
    }

    [Test]
    public void Quit_PipelinedBeforePing_PingIsNotRun()
    {
        using RawClient client = Connect();

        client.Send("*1\r\n$4\r\nQUIT\r\n*1\r\n$4\r\nPING\r\n");

        Assert.Multiple(() =>
        {
            Assert.That(client.ReadReply(), Is.EqualTo("+OK\r\n"));
            Assert.That(client.WaitForServerClose(), Is.True);
        });
    }

    [Test]
    public void Select_OnOneConnection_OtherConnectionKeepsDatabaseZero()
    {
        using RawClient first = Connect();
        using RawClient second = Connect();
        string key = UniqueKey();

        first.Execute("SELECT", "5");
        first.Execute("SET", key, "in-db-5");

        Assert.Multiple(() =>
        {
            Assert.That(second.Execute("GET", key), Is.EqualTo("$-1\r\n"));
            Assert.That(second.Execute("SELECT", "5"), Is.EqualTo("+OK\r\n"));
            Assert.That(second.Execute("GET", key), Is.EqualTo("$7\r\nin-db-5\r\n"));
        });
    }

    [Test]
    public void Select_OutOfRange_RepliesError()
    {
        using RawClient client = Connect();
        Assert.That(client.Execute("SELECT", "16"), Is.EqualTo("-ERR DB index is out of range\r\n"));
    }

    [Test]
    public void ManyClients_ThousandOpenAtOnce_EachSetsAndGetsItsOwnKey()
    {
        var clients = new List<RawClient>(ManyClients);
        try
        {
            for (int i = 0; i < ManyClients; i++)
            {
                clients.Add(Connect());
            }
            string prefix = UniqueKey();

            // Every client has a request in flight before any reply is read: the server holds 1,000 live clients.
            for (int i = 0; i < ManyClients; i++)
            {
                clients[i].SendCommand("SET", $"{prefix}:{i}", $"v{i}");
            }
            int okReplies = clients.Count(c => c.ReadReply() == "+OK\r\n");
            for (int i = 0; i < ManyClients; i++)
            {
                clients[i].SendCommand("GET", $"{prefix}:{i}");
            }
            int rightValues = Enumerable.Range(0, ManyClients).Count(i => clients[i].ReadReply() == RawClient.Bulk($"v{i}"));

            Assert.Multiple(() =>
            {
                Assert.That(okReplies, Is.EqualTo(ManyClients));
                Assert.That(rightValues, Is.EqualTo(ManyClients));
            });
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }
}
