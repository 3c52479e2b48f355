using Reactor.MiniRedis.Engine.Reactor;
using Reactor.MiniRedis.Integration.Tests.Support;

namespace Reactor.MiniRedis.Integration.Tests;

/// <summary>
/// Bad input over a real socket. A protocol error is answered with Redis's exact text and the connection is closed
/// once the reply is out; a command error (unknown command, wrong arity) is answered and the connection lives on.
/// </summary>
[TestFixture(IoBackend.Epoll)]
[TestFixture(IoBackend.Select)]
public sealed class ProtocolErrorTests(IoBackend backend) : ServerTests(backend)
{
    // Input, then the exact error Redis 7.0 sends before it closes the connection (src/networking.c).
    [TestCase("*1\r\n+x\r\n", "-ERR Protocol error: expected '$', got '+'\r\n")]          // a simple string where a bulk belongs
    [TestCase("*abc\r\n", "-ERR Protocol error: invalid multibulk length\r\n")]            // a count that is not a number
    [TestCase("*1\r\n$x\r\n", "-ERR Protocol error: invalid bulk length\r\n")]             // a length that is not a number
    [TestCase("*1\r\n$-1\r\n", "-ERR Protocol error: invalid bulk length\r\n")]            // a null bulk is not a valid argument
    [TestCase("*2147483648\r\n", "-ERR Protocol error: invalid multibulk length\r\n")]      // more than INT_MAX arguments
    [TestCase("*1\r\n$536870913\r\n", "-ERR Protocol error: invalid bulk length\r\n")]     // over proto-max-bulk-len (512 MB)
    [TestCase("ECHO \"a\r\n", "-ERR Protocol error: unbalanced quotes in request\r\n")]   // an inline command with an open quote
    public void ProtocolError_RepliesExactTextThenCloses(string input, string expected)
    {
        using RawClient client = Connect();

        client.Send(input);

        Assert.Multiple(() =>
        {
            Assert.That(client.ReadReply(), Is.EqualTo(expected));
            Assert.That(client.WaitForServerClose(), Is.True, "the server closes the connection after the error");
        });
    }

    [Test]
    public void ProtocolError_PipelinedAfterValidCommand_ValidOneIsAnsweredFirst()
    {
        using RawClient client = Connect();

        client.Send("*1\r\n$4\r\nPING\r\n*1\r\n+x\r\n*1\r\n$4\r\nPING\r\n");

        Assert.Multiple(() =>
        {
            Assert.That(client.ReadReplies(2), Is.EqualTo("+PONG\r\n-ERR Protocol error: expected '$', got '+'\r\n"));
            Assert.That(client.WaitForServerClose(), Is.True, "nothing after the bad request is run");
        });
    }

    [Test]
    public void ProtocolError_OnOneConnection_OtherConnectionStillPongs()
    {
        using RawClient bad = Connect();
        using RawClient good = Connect();

        bad.Send("*1\r\n+x\r\n");
        bad.ReadReply();

        Assert.That(good.Execute("PING"), Is.EqualTo("+PONG\r\n"));
    }

    [Test]
    public void ProtocolError_AfterClose_NewConnectionPongs()
    {
        using (RawClient bad = Connect())
        {
            bad.Send("*abc\r\n");
            bad.ReadReply();
            bad.WaitForServerClose();
        }
        using RawClient next = Connect();

        Assert.That(next.Execute("PING"), Is.EqualTo("+PONG\r\n"));
    }

    // Cross-protocol scripting: an HTTP request is dropped without a reply (securityWarningCommand in src/server.c).
    [TestCase("POST / HTTP/1.1\r\nHost: example.com\r\n\r\n")]    // a browser's POST
    [TestCase("Host: example.com\r\n")]                              // a Host: header line alone
    public void HttpRequest_ClosesWithoutReply(string input)
    {
        using RawClient client = Connect();

        client.Send(input);

        Assert.That(client.WaitForServerClose(), Is.True);
    }

    [Test]
    public void UnknownCommand_WithArgs_QuotesEachArgument()
    {
        using RawClient client = Connect();
        Assert.That(client.Execute("foo", "a", "b c"),
            Is.EqualTo("-ERR unknown command 'foo', with args beginning with: 'a' 'b c' \r\n"));
    }

    [Test]
    public void UnknownCommand_Inline_KeepsTheNameAsSent()
    {
        using RawClient client = Connect();
        client.Send("FOO bar baz\r\n");
        Assert.That(client.ReadReply(), Is.EqualTo("-ERR unknown command 'FOO', with args beginning with: 'bar' 'baz' \r\n"));
    }

    [Test]
    public void UnknownCommand_ThenPing_ConnectionStaysOpen()
    {
        using RawClient client = Connect();
        client.Execute("nosuchcommand");
        Assert.That(client.Execute("PING"), Is.EqualTo("+PONG\r\n"));
    }

    // A command, its arguments, and the arity error Redis 7.0 gives (the name in lower case, as in the table).
    [TestCase(new[] { "GET" }, "get")]
    [TestCase(new[] { "GET", "a", "b" }, "get")]
    [TestCase(new[] { "SET", "k" }, "set")]
    [TestCase(new[] { "ECHO" }, "echo")]
    [TestCase(new[] { "SELECT" }, "select")]
    [TestCase(new[] { "PING", "a", "b" }, "ping")]
    public void WrongArity_RepliesErrorAndConnectionStaysOpen(string[] command, string name)
    {
        using RawClient client = Connect();

        Assert.Multiple(() =>
        {
            Assert.That(client.Execute(command), Is.EqualTo($"-ERR wrong number of arguments for '{name}' command\r\n"));
            Assert.That(client.Execute("PING"), Is.EqualTo("+PONG\r\n"));
        });
    }
}
