using System.Text;
using Reactor.MiniRedis.Engine.Reactor;
using Reactor.MiniRedis.Integration.Tests.Support;

namespace Reactor.MiniRedis.Integration.Tests;

/// <summary>
/// Requests as literal bytes over a real socket: pipelining, requests split across TCP segments, binary payloads,
/// inline commands and large values. Every expected reply is Redis 7.0's exact bytes.
/// </summary>
[TestFixture(IoBackend.Epoll)]
[TestFixture(IoBackend.Select)]
public sealed class RawProtocolTests(IoBackend backend) : ServerTests(backend)
{
    [Test]
    public void Ping_Multibulk_RepliesPong()
    {
        using RawClient client = Connect();
        Assert.That(client.Execute("PING"), Is.EqualTo("+PONG\r\n"));
    }

    [Test]
    public void Pipeline_HundredCommandsInOneWrite_RepliesInOrder()
    {
        using RawClient client = Connect();
        string key = UniqueKey();
        var requests = new List<byte>();
        var expected = new StringBuilder();
        for (int i = 0; i < 100; i++)
        {
            string value = $"value-{i}";
            switch (i % 4)
            {
                case 0:
                    requests.AddRange(RawClient.Encode("SET", key, value));
                    expected.Append("+OK\r\n");
                    break;
                case 1:
                    requests.AddRange(RawClient.Encode("GET", key));
                    expected.Append(RawClient.Bulk($"value-{i - 1}"));
                    break;
                case 2:
                    requests.AddRange(RawClient.Encode("PING"));
                    expected.Append("+PONG\r\n");
                    break;
                default:
                    requests.AddRange(RawClient.Encode("ECHO", value));
                    expected.Append(RawClient.Bulk(value));
                    break;
            }
        }

        client.Send(requests.ToArray());

        Assert.That(client.ReadReplies(100), Is.EqualTo(expected.ToString()));
    }

    [Test]
    public void Request_SentOneByteAtATime_RepliesOnce()
    {
        using RawClient client = Connect();
        string key = UniqueKey();

        foreach (byte b in RawClient.Encode("SET", key, "split"))
        {
            client.Send([b]);
        }

        Assert.Multiple(() =>
        {
            Assert.That(client.ReadReply(), Is.EqualTo("+OK\r\n"));
            Assert.That(client.Execute("GET", key), Is.EqualTo("$5\r\nsplit\r\n"));
        });
    }

    [Test]
    public void Pipeline_SplitInsideBulkLengthAndPayload_RepliesToBoth()
    {
        using RawClient client = Connect();
        string request = "*2\r\n$4\r\nECHO\r\n$5\r\nhello\r\n*1\r\n$4\r\nPING\r\n";

        client.Send(request[..9]);      // "*2\r\n$4\r\nE"
        client.Send(request[9..20]);    // "CHO\r\n$5\r\nhe"
        client.Send(request[20..]);     // "llo\r\n" and the whole PING

        Assert.That(client.ReadReplies(2), Is.EqualTo("$5\r\nhello\r\n+PONG\r\n"));
    }

    [Test]
    public void BinaryValue_WithCrLfNulAndHighBytes_RoundTrips()
    {
        using RawClient client = Connect();
        string key = UniqueKey();
        string value = "a\r\nb\0c\r\n\u00ff\r";

        Assert.Multiple(() =>
        {
            Assert.That(client.Execute("SET", key, value), Is.EqualTo("+OK\r\n"));
            Assert.That(client.Execute("GET", key), Is.EqualTo(RawClient.Bulk(value)));
        });
    }

    [Test]
    public void BinaryKey_WithCrLfAndNul_IsItsOwnKey()
    {
        using RawClient client = Connect();
        string key = UniqueKey() + "\r\n\0";

        client.Execute("SET", key, "binary-key");

        Assert.That(client.Execute("GET", key[..^3]), Is.EqualTo("$-1\r\n"));
    }

    [Test]
    public void Inline_Ping_RepliesPong()
    {
        using RawClient client = Connect();
        client.Send("PING\r\n");
        Assert.That(client.ReadReply(), Is.EqualTo("+PONG\r\n"));
    }

    [Test]
    public void Inline_QuotedArgument_IsOneArgument()
    {
        using RawClient client = Connect();
        client.Send("ECHO \"a b\"\r\n");
        Assert.That(client.ReadReply(), Is.EqualTo("$3\r\na b\r\n"));
    }

    [Test]
    public void Inline_HexEscapeInQuotes_IsDecoded()
    {
        using RawClient client = Connect();
        client.Send("ECHO \"a\\x00b\\r\\n\"\r\n");
        Assert.That(client.ReadReply(), Is.EqualTo("$5\r\na\0b\r\n\r\n"));
    }

    [Test]
    public void Inline_BareNewline_IsAccepted()
    {
        using RawClient client = Connect();
        client.Send("PING\n");
        Assert.That(client.ReadReply(), Is.EqualTo("+PONG\r\n"));
    }

    [Test]
    public void EmptyRequests_ZeroAndNullMultibulkAndEmptyLine_GetNoReply()
    {
        using RawClient client = Connect();
        client.Send("*0\r\n*-1\r\n\r\nPING\r\n");
        Assert.That(client.ReadReply(), Is.EqualTo("+PONG\r\n"));
    }

    [Test]
    public void LargeValue_OneMegabyte_RoundTrips()
    {
        using RawClient client = Connect();
        string key = UniqueKey();
        string value = string.Create(1024 * 1024, 0, (chars, _) =>
        {
            for (int i = 0; i < chars.Length; i++)
            {
                chars[i] = (char)('a' + (i % 26));
            }
        });

        Assert.Multiple(() =>
        {
            Assert.That(client.Execute("SET", key, value), Is.EqualTo("+OK\r\n"));
            Assert.That(client.Execute("GET", key), Is.EqualTo($"$1048576\r\n{value}\r\n"));
        });
    }

    [Test]
    public void LargeValue_PipelinedTenTimes_AllRepliesComplete()
    {
        using RawClient client = Connect();
        string key = UniqueKey();
        string value = new('v', 256 * 1024);
        client.Execute("SET", key, value);
        byte[] get = RawClient.Encode("GET", key);

        client.Send(Enumerable.Repeat(get, 10).SelectMany(b => b).ToArray());

        string expected = string.Concat(Enumerable.Repeat($"$262144\r\n{value}\r\n", 10));
        Assert.That(client.ReadReplies(10), Is.EqualTo(expected));
    }
}
