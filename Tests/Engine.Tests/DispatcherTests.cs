using Reactor.MiniRedis.Engine.Tests.Support;

namespace Reactor.MiniRedis.Engine.Tests;

public sealed class DispatcherTests : CommandTestBase
{
    [Test]
    public void UnknownCommand_WithArgs_RepliesRedisText() =>
        Assert.That(Client.Execute("foo", "a", "b"), Is.EqualTo("-ERR unknown command 'foo', with args beginning with: 'a' 'b' \r\n"));

    [Test]
    public void CommandName_AnyCase_IsFound() =>
        Assert.That(Client.Execute("PiNg"), Is.EqualTo("+PONG\r\n"));

    [Test]
    public void Get_WrongArity_QuotesLowerCaseName() =>
        Assert.That(Client.Execute("GET"), Is.EqualTo("-ERR wrong number of arguments for 'get' command\r\n"));

    [Test]
    public void Pipeline_ThreeCommandsInOneRead_RepliesInOrder()
    {
        byte[] batch = [.. Resp.Command("SET", "k", "v"), .. Resp.Command("GET", "k"), .. Resp.Command("PING")];
        Assert.That(Resp.Text(Client.SendRaw(batch)), Is.EqualTo("+OK\r\n$1\r\nv\r\n+PONG\r\n"));
    }

    [Test]
    public void Request_OneByteAtATime_GivesSameReply()
    {
        byte[] request = Resp.Command("ECHO", "hello");
        byte[][] chunks = request.Select(b => new[] { b }).ToArray();
        Assert.That(Resp.Text(Client.SendRaw(chunks)), Is.EqualTo("$5\r\nhello\r\n"));
    }

    [Test]
    public void ProtocolError_RepliesThenClosesAfterReply()
    {
        string reply = Resp.Text(Client.SendRaw("*1\r\n+PING\r\n"u8.ToArray()));
        Assert.Multiple(() =>
        {
            Assert.That(reply, Is.EqualTo("-ERR Protocol error: expected '$', got '+'\r\n"));
            Assert.That(Client.Transport.Closed, Is.True);
        });
    }
}
