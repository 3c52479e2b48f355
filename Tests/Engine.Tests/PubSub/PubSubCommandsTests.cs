using Reactor.MiniRedis.Engine.Tests.Support;

namespace Reactor.MiniRedis.Engine.Tests.PubSub;

/// <summary>SUBSCRIBE, PSUBSCRIBE, SSUBSCRIBE, their UNSUBSCRIBEs, PUBLISH, SPUBLISH and PUBSUB, with Redis 7.0.15's bytes.</summary>
public sealed class PubSubCommandsTests : CommandTestBase
{
    private const string ContextError =
        "-ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context\r\n";

    private TestClient _publisher = null!;

    [SetUp]
    public void ConnectPublisher() => _publisher = Harness.Connect();

    /// <summary>What the server has written to <paramref name="client"/> since its last read (messages pushed to it).</summary>
    private static string Pending(TestClient client) => Resp.Text(client.SendRaw());

    private static string Confirmation(string kind, string name, int count) =>
        $"*3\r\n${kind.Length}\r\n{kind}\r\n${name.Length}\r\n{name}\r\n:{count}\r\n";

    private static string Message(string channel, string payload) => Resp.BulkArray("message", channel, payload);

    // ---- subscribing ----

    [Test]
    public void Subscribe_TwoChannels_ConfirmsEachWithTheRunningCount() =>
        Assert.That(Run("SUBSCRIBE", "a", "b"), Is.EqualTo(Confirmation("subscribe", "a", 1) + Confirmation("subscribe", "b", 2)));

    [Test]
    public void Subscribe_SameChannelAgain_ConfirmsWithoutCountingIt() =>
        Assert.That(Run("SUBSCRIBE", "a", "a"), Is.EqualTo(Confirmation("subscribe", "a", 1) + Confirmation("subscribe", "a", 1)));

    [Test]
    public void PSubscribe_AfterSubscribe_CountsChannelsAndPatternsTogether()
    {
        Run("SUBSCRIBE", "a");
        Assert.That(Run("PSUBSCRIBE", "n.*"), Is.EqualTo(Confirmation("psubscribe", "n.*", 2)));
    }

    [Test]
    public void SSubscribe_AfterSubscribe_CountsShardChannelsApart()
    {
        Run("SUBSCRIBE", "a");
        Assert.That(Run("SSUBSCRIBE", "s"), Is.EqualTo(Confirmation("ssubscribe", "s", 1)));
    }

    [Test]
    public void Subscribe_NoChannel_RepliesArityError() =>
        Assert.That(Run("SUBSCRIBE"), Is.EqualTo("-ERR wrong number of arguments for 'subscribe' command\r\n"));

    // ---- unsubscribing ----

    [TestCase("UNSUBSCRIBE", "$11\r\nunsubscribe\r\n")]
    [TestCase("PUNSUBSCRIBE", "$12\r\npunsubscribe\r\n")]
    [TestCase("SUNSUBSCRIBE", "$12\r\nsunsubscribe\r\n")]
    public void UnsubscribeAll_NothingSubscribed_ConfirmsANullName(string command, string kind) =>
        Assert.That(Run(command), Is.EqualTo($"*3\r\n{kind}$-1\r\n:0\r\n"));

    [Test]
    public void Unsubscribe_ChannelNotSubscribed_ConfirmsIt() =>
        Assert.That(Run("UNSUBSCRIBE", "x"), Is.EqualTo(Confirmation("unsubscribe", "x", 0)));

    [Test]
    public void UnsubscribeAll_TwoChannelsAndAPattern_ConfirmsEachChannelCountingDown()
    {
        Run("SUBSCRIBE", "a", "b");
        Run("PSUBSCRIBE", "p*");
        Assert.That(Run("UNSUBSCRIBE"), Is.EqualTo(Confirmation("unsubscribe", "a", 2) + Confirmation("unsubscribe", "b", 1)));
    }

    [Test]
    public void PUnsubscribeAll_TwoPatterns_ConfirmsInSubscriptionOrder()
    {
        Run("PSUBSCRIBE", "z*", "a*");
        Assert.That(Run("PUNSUBSCRIBE"), Is.EqualTo(Confirmation("punsubscribe", "z*", 1) + Confirmation("punsubscribe", "a*", 0)));
    }

    [Test]
    public void SUnsubscribeAll_CountsOnlyShardChannels()
    {
        Run("SUBSCRIBE", "a");
        Run("SSUBSCRIBE", "s");
        Assert.That(Run("SUNSUBSCRIBE"), Is.EqualTo(Confirmation("sunsubscribe", "s", 0)));
    }

    [Test]
    public void Unsubscribe_LastSubscription_LeavesThePubSubContext()
    {
        Run("SUBSCRIBE", "a");
        Run("UNSUBSCRIBE", "a");
        Assert.That(Run("GET", "k"), Is.EqualTo("$-1\r\n"));
    }

    // ---- publishing ----

    [Test]
    public void Publish_OneSubscriber_RepliesOne()
    {
        Run("SUBSCRIBE", "news");
        Assert.That(_publisher.Execute("PUBLISH", "news", "hello"), Is.EqualTo(":1\r\n"));
    }

    [Test]
    public void Publish_OneSubscriber_DeliversTheMessage()
    {
        Run("SUBSCRIBE", "news");
        _publisher.Execute("PUBLISH", "news", "hello");
        Assert.That(Pending(Client), Is.EqualTo(Message("news", "hello")));
    }

    [Test]
    public void Publish_NoSubscriber_RepliesZero() =>
        Assert.That(_publisher.Execute("PUBLISH", "news", "hello"), Is.EqualTo(":0\r\n"));

    [Test]
    public void Publish_ChannelAndMatchingPattern_DeliversBothAndCountsTwo()
    {
        Run("SUBSCRIBE", "news.sport");
        Run("PSUBSCRIBE", "news.*");
        Assert.Multiple(() =>
        {
            Assert.That(_publisher.Execute("PUBLISH", "news.sport", "goal"), Is.EqualTo(":2\r\n"));
            Assert.That(Pending(Client), Is.EqualTo(Message("news.sport", "goal") + Resp.BulkArray("pmessage", "news.*", "news.sport", "goal")));
        });
    }

    [Test]
    public void Publish_PatternDoesNotMatch_DeliversNothing()
    {
        Run("PSUBSCRIBE", "news.[ab]");
        Assert.Multiple(() =>
        {
            Assert.That(_publisher.Execute("PUBLISH", "news.c", "x"), Is.EqualTo(":0\r\n"));
            Assert.That(Pending(Client), Is.Empty);
        });
    }

    [Test]
    public void Publish_ThreeSubscribers_EachGetsTheMessage()
    {
        TestClient[] subscribers = [Client, Harness.Connect(), Harness.Connect()];
        foreach (TestClient subscriber in subscribers)
        {
            subscriber.Execute("SUBSCRIBE", "c");
        }
        Assert.Multiple(() =>
        {
            Assert.That(_publisher.Execute("PUBLISH", "c", "m"), Is.EqualTo(":3\r\n"));
            Assert.That(subscribers.Select(Pending), Has.All.EqualTo(Message("c", "m")));
        });
    }

    [Test]
    public void Publish_SeveralMessages_ArriveInOrder()
    {
        Run("SUBSCRIBE", "c");
        _publisher.SendRaw([.. Resp.Command("PUBLISH", "c", "1"), .. Resp.Command("PUBLISH", "c", "2"), .. Resp.Command("PUBLISH", "c", "3")]);
        Assert.That(Pending(Client), Is.EqualTo(Message("c", "1") + Message("c", "2") + Message("c", "3")));
    }

    [Test]
    public void Publish_BinaryPayload_IsDeliveredByteForByte()
    {
        Run("SUBSCRIBE", "c");
        _publisher.Execute("PUBLISH", "c", "a\r\n\0\xff");
        Assert.That(Pending(Client), Is.EqualTo(Message("c", "a\r\n\0\xff")));
    }

    [Test]
    public void Publish_LargePayload_IsDeliveredWhole()
    {
        string payload = new('x', 100_000);
        Run("SUBSCRIBE", "c");
        _publisher.Execute("PUBLISH", "c", payload);
        Assert.That(Pending(Client), Is.EqualTo(Message("c", payload)));
    }

    [Test]
    public void Publish_ToShardSubscriber_DeliversNothing()
    {
        Run("SSUBSCRIBE", "c");
        Assert.That(_publisher.Execute("PUBLISH", "c", "m"), Is.EqualTo(":0\r\n"));
    }

    [Test]
    public void SPublish_ShardSubscriber_DeliversAnSMessage()
    {
        Run("SSUBSCRIBE", "c");
        _publisher.Execute("SPUBLISH", "c", "m");
        Assert.That(Pending(Client), Is.EqualTo(Resp.BulkArray("smessage", "c", "m")));
    }

    [Test]
    public void SPublish_PatternSubscriber_IsNotMatched()
    {
        Run("PSUBSCRIBE", "*");
        Assert.That(_publisher.Execute("SPUBLISH", "c", "m"), Is.EqualTo(":0\r\n"));
    }

    // ---- the RESP2 Pub/Sub context ----

    [Test]
    public void Subscribed_Get_RepliesContextError()
    {
        Run("SUBSCRIBE", "c");
        Assert.That(Run("GET", "k"), Is.EqualTo(ContextError));
    }

    [Test]
    public void Subscribed_Subcommand_IsNamedByItsFullName()
    {
        Run("PSUBSCRIBE", "c");
        Assert.That(Run("CLIENT", "LIST"), Does.StartWith("-ERR Can't execute 'client|list': only"));
    }

    [Test]
    public void ShardSubscribed_Get_RepliesContextError()
    {
        Run("SSUBSCRIBE", "c");
        Assert.That(Run("GET", "k"), Is.EqualTo(ContextError));
    }

    [Test]
    public void Subscribed_Ping_RepliesPongAndEmptyString()
    {
        Run("SUBSCRIBE", "c");
        Assert.That(Run("PING"), Is.EqualTo("*2\r\n$4\r\npong\r\n$0\r\n\r\n"));
    }

    [Test]
    public void Subscribed_PingWithMessage_RepliesPongAndTheMessage()
    {
        Run("SUBSCRIBE", "c");
        Assert.That(Run("PING", "hi"), Is.EqualTo(Resp.BulkArray("pong", "hi")));
    }

    [Test]
    public void Subscribed_UnknownCommand_StillRepliesUnknownCommand()
    {
        Run("SUBSCRIBE", "c");
        Assert.That(Run("NOSUCH"), Is.EqualTo("-ERR unknown command 'NOSUCH', with args beginning with: \r\n"));
    }

    [Test]
    public void SubscribedResp3_KeyspaceCommand_Runs()
    {
        Client.Connection.ProtocolVersion = 3;
        Run("SUBSCRIBE", "c");
        Assert.That(Run("EXISTS", "k"), Is.EqualTo(":0\r\n"));
    }

    [Test]
    public void SubscribedResp3_Confirmation_IsAPush()
    {
        Client.Connection.ProtocolVersion = 3;
        Assert.That(Run("SUBSCRIBE", "c"), Is.EqualTo(">3\r\n$9\r\nsubscribe\r\n$1\r\nc\r\n:1\r\n"));
    }

    [Test]
    public void SubscribedResp3_Message_IsAPush()
    {
        Client.Connection.ProtocolVersion = 3;
        Run("SUBSCRIBE", "c");
        _publisher.Execute("PUBLISH", "c", "m");
        Assert.That(Pending(Client), Is.EqualTo(">3\r\n$7\r\nmessage\r\n$1\r\nc\r\n$1\r\nm\r\n"));
    }

    [Test]
    public void SubscribedResp3_PublishToItself_PushComesBeforeTheReply()
    {
        Client.Connection.ProtocolVersion = 3;
        Run("SUBSCRIBE", "c");
        Assert.That(Run("PUBLISH", "c", "m"), Is.EqualTo(">3\r\n$7\r\nmessage\r\n$1\r\nc\r\n$1\r\nm\r\n:1\r\n"));
    }

    [Test]
    public void Resp3UnsubscribeAll_NothingSubscribed_ConfirmsAResp3Null()
    {
        Client.Connection.ProtocolVersion = 3;
        Assert.That(Run("PUNSUBSCRIBE"), Is.EqualTo(">3\r\n$12\r\npunsubscribe\r\n_\r\n:0\r\n"));
    }

    // ---- leaving ----

    [Test]
    public void Reset_Subscribed_DropsEverySubscription()
    {
        Run("SUBSCRIBE", "c");
        Run("PSUBSCRIBE", "p");
        Run("SSUBSCRIBE", "s");
        Assert.Multiple(() =>
        {
            Assert.That(Run("RESET"), Is.EqualTo("+RESET\r\n"));
            Assert.That(_publisher.Execute("PUBLISH", "c", "m"), Is.EqualTo(":0\r\n"));
            Assert.That(_publisher.Execute("PUBSUB", "NUMPAT"), Is.EqualTo(":0\r\n"));
            Assert.That(_publisher.Execute("PUBSUB", "SHARDNUMSUB", "s"), Is.EqualTo("*2\r\n$1\r\ns\r\n:0\r\n"));
        });
    }

    [Test]
    public void Reset_Subscribed_LeavesThePubSubContext()
    {
        Run("SUBSCRIBE", "c");
        Run("RESET");
        Assert.That(Run("PING"), Is.EqualTo("+PONG\r\n"));
    }

    [Test]
    public void Close_Subscriber_DropsItsSubscriptions()
    {
        Run("SUBSCRIBE", "c");
        Run("PSUBSCRIBE", "c*");
        Client.Connection.Close();
        Assert.Multiple(() =>
        {
            Assert.That(_publisher.Execute("PUBLISH", "c", "m"), Is.EqualTo(":0\r\n"));
            Assert.That(_publisher.Execute("PUBSUB", "CHANNELS"), Is.EqualTo("*0\r\n"));
        });
    }

    [Test]
    public void Close_OneOfTwoSubscribers_TheOtherStillReceives()
    {
        TestClient other = Harness.Connect();
        Run("SUBSCRIBE", "c");
        other.Execute("SUBSCRIBE", "c");
        Client.Connection.Close();
        Assert.That(_publisher.Execute("PUBLISH", "c", "m"), Is.EqualTo(":1\r\n"));
    }

    // ---- PUBSUB ----

    [Test]
    public void PubSubChannels_NoPattern_ListsChannelsWithSubscribers()
    {
        Run("SUBSCRIBE", "a", "b");
        Run("PSUBSCRIBE", "p*");
        Assert.That(_publisher.Execute("PUBSUB", "CHANNELS"), Is.EqualTo(Resp.BulkArray("a", "b")));
    }

    [Test]
    public void PubSubChannels_Pattern_ListsMatchingChannels()
    {
        Run("SUBSCRIBE", "news.a", "sport");
        Assert.That(_publisher.Execute("PUBSUB", "CHANNELS", "news.*"), Is.EqualTo(Resp.BulkArray("news.a")));
    }

    [Test]
    public void PubSubChannels_TwoPatterns_RepliesSubcommandSyntaxError() =>
        Assert.That(_publisher.Execute("PUBSUB", "CHANNELS", "a", "b"),
            Is.EqualTo("-ERR unknown subcommand or wrong number of arguments for 'CHANNELS'. Try PUBSUB HELP.\r\n"));

    [Test]
    public void PubSubShardChannels_ListsOnlyShardChannels()
    {
        Run("SUBSCRIBE", "a");
        Run("SSUBSCRIBE", "s");
        Assert.That(_publisher.Execute("PUBSUB", "SHARDCHANNELS"), Is.EqualTo(Resp.BulkArray("s")));
    }

    [Test]
    public void PubSubNumSub_CountsSubscribersPerChannel()
    {
        Run("SUBSCRIBE", "a");
        Harness.Connect().Execute("SUBSCRIBE", "a");
        Assert.That(_publisher.Execute("PUBSUB", "NUMSUB", "a", "zz"), Is.EqualTo("*4\r\n$1\r\na\r\n:2\r\n$2\r\nzz\r\n:0\r\n"));
    }

    [Test]
    public void PubSubNumSub_NoChannel_RepliesEmptyArray() =>
        Assert.That(_publisher.Execute("PUBSUB", "NUMSUB"), Is.EqualTo("*0\r\n"));

    [Test]
    public void PubSubNumPat_SamePatternFromTwoClients_CountsItOnce()
    {
        Run("PSUBSCRIBE", "p*");
        Harness.Connect().Execute("PSUBSCRIBE", "p*", "q*");
        Assert.That(_publisher.Execute("PUBSUB", "NUMPAT"), Is.EqualTo(":2\r\n"));
    }

    [Test]
    public void PubSubNumPat_WithArgument_RepliesArityError() =>
        Assert.That(_publisher.Execute("PUBSUB", "NUMPAT", "x"), Is.EqualTo("-ERR wrong number of arguments for 'pubsub|numpat' command\r\n"));

    [Test]
    public void PubSubHelp_ListsTheSubcommands() =>
        Assert.That(_publisher.Execute("PUBSUB", "HELP"), Does.StartWith("*14\r\n+PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+CHANNELS [<pattern>]\r\n"));

    [Test]
    public void PubSubUnknownSubcommand_RepliesUnknownSubcommand() =>
        Assert.That(_publisher.Execute("PUBSUB", "FOO"), Is.EqualTo("-ERR unknown subcommand 'FOO'. Try PUBSUB HELP.\r\n"));

    // ---- introspection ----

    [Test]
    public void InfoStats_CountsChannelsPatternsAndShardChannels()
    {
        Run("SUBSCRIBE", "a", "b");
        Run("PSUBSCRIBE", "p");
        Run("SSUBSCRIBE", "s");
        Assert.That(_publisher.Execute("INFO", "stats"), Does.Contain("pubsub_channels:2\r\npubsub_patterns:1\r\npubsubshard_channels:1\r\n"));
    }

    [Test]
    public void ClientList_Subscriber_ShowsFlagPAndItsCounts()
    {
        Run("SUBSCRIBE", "a", "b");
        Run("PSUBSCRIBE", "p");
        Run("SSUBSCRIBE", "s");
        Assert.That(_publisher.Execute("CLIENT", "LIST", "ID", Client.Connection.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            Does.Contain(" flags=P db=0 sub=2 psub=1 ssub=1 "));
    }

    [Test]
    public void ClientListTypePubSub_ListsOnlySubscribers()
    {
        Run("SUBSCRIBE", "a");
        string list = _publisher.Execute("CLIENT", "LIST", "TYPE", "pubsub");
        Assert.That(list, Does.Contain($"id={Client.Connection.Id} ").And.Not.Contain($"id={_publisher.Connection.Id} "));
    }
}
