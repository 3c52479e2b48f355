using Reactor.MiniRedis.Engine.Tests.Support;

namespace Reactor.MiniRedis.Engine.Tests;

/// <summary>
/// Client-side caching (CLIENT TRACKING, CACHING, GETREDIR, TRACKINGINFO) against Redis 7.0.15's exact replies and
/// invalidation pushes. <see cref="CommandTestBase.Client"/> is the caching client, in RESP3; <c>_writer</c> changes
/// keys. The same scenarios run against a real redis-server in Tests/Integration.Tests/Conformance/tracking.txt.
/// </summary>
public sealed class ClientTrackingTests : CommandTestBase
{
    private TestClient _writer = null!;

    [SetUp]
    public void ConnectWriter()
    {
        Run("HELLO", "3");
        _writer = Harness.Connect();
    }

    // ---- default mode ----

    [Test]
    public void Tracking_KeyReadThenChangedByOther_PushesInvalidation()
    {
        Run("CLIENT", "TRACKING", "on");
        Assert.That(ReadThenChangeByOther("k"), Is.EqualTo(Invalidate("k")));
    }

    [Test]
    public void Tracking_KeyChangedTwice_InvalidatedOnce()
    {
        Run("CLIENT", "TRACKING", "on");
        Run("GET", "k");
        _writer.Execute("SET", "k", "v");
        Pending(Client);
        _writer.Execute("SET", "k", "w");
        Assert.That(Pending(Client), Is.Empty);
    }

    [Test]
    public void Tracking_KeyNotRead_NoInvalidation()
    {
        Run("CLIENT", "TRACKING", "on");
        _writer.Execute("SET", "k", "v");
        Assert.That(Pending(Client), Is.Empty);
    }

    [Test]
    public void Tracking_MultiKeyRead_EachKeyInvalidatedSeparately()
    {
        Run("CLIENT", "TRACKING", "on");
        Run("MGET", "a", "b");
        _writer.Execute("MSET", "b", "1", "a", "2");
        Assert.That(Pending(Client), Is.EqualTo(Invalidate("b") + Invalidate("a")));
    }

    [Test]
    public void Tracking_KeysAreNotPerDatabase_WriteInOtherDatabaseInvalidates()
    {
        Run("CLIENT", "TRACKING", "on");
        Run("GET", "k");
        _writer.Execute("SELECT", "5");
        _writer.Execute("SET", "k", "v");
        Assert.That(Pending(Client), Is.EqualTo(Invalidate("k")));
    }

    [Test]
    public void Tracking_OwnWrite_InvalidationFollowsTheReply()
    {
        Run("CLIENT", "TRACKING", "on");
        Run("GET", "k");
        Assert.That(Run("SET", "k", "v"), Is.EqualTo("+OK\r\n" + Invalidate("k")));
    }

    [Test]
    public void Tracking_NoLoopOwnWrite_NoInvalidationAndKeyForgotten()
    {
        Run("CLIENT", "TRACKING", "on", "NOLOOP");
        Run("GET", "k");
        Assert.That(Run("SET", "k", "v"), Is.EqualTo("+OK\r\n"));
        _writer.Execute("SET", "k", "w");
        Assert.That(Pending(Client), Is.Empty);
    }

    [Test]
    public void Tracking_FlushAllByOther_PushesNull()
    {
        Run("CLIENT", "TRACKING", "on");
        _writer.Execute("FLUSHALL");
        Assert.That(Pending(Client), Is.EqualTo(">2\r\n$10\r\ninvalidate\r\n_\r\n"));
    }

    [Test]
    public void Tracking_OwnFlushDb_NullFollowsTheReply()
    {
        Run("CLIENT", "TRACKING", "on");
        Assert.That(Run("FLUSHDB"), Is.EqualTo("+OK\r\n>2\r\n$10\r\ninvalidate\r\n_\r\n"));
    }

    [Test]
    public void Tracking_FlushForgetsKeys()
    {
        Run("CLIENT", "TRACKING", "on");
        Run("GET", "k");
        _writer.Execute("FLUSHALL");
        Pending(Client);
        _writer.Execute("SET", "k", "v");
        Assert.That(Pending(Client), Is.Empty);
    }

    [Test]
    public void Tracking_KeyExpiresOnAnotherClientsRead_PushesInvalidation()
    {
        Run("SET", "k", "v", "PX", "100");
        Run("CLIENT", "TRACKING", "on");
        Run("GET", "k");
        Harness.Time.Advance(TimeSpan.FromMilliseconds(101));
        _writer.Execute("GET", "k");
        Assert.That(Pending(Client), Is.EqualTo(Invalidate("k")));
    }

    [Test]
    public void Tracking_Resp2Client_GetsNoPushes()
    {
        Run("HELLO", "2");
        Run("CLIENT", "TRACKING", "on");
        Assert.That(ReadThenChangeByOther("k"), Is.Empty);
    }

    [Test]
    public void Tracking_Off_StopsInvalidations()
    {
        Run("CLIENT", "TRACKING", "on");
        Run("GET", "k");
        Run("CLIENT", "TRACKING", "off");
        _writer.Execute("SET", "k", "v");
        Assert.That(Pending(Client), Is.Empty);
    }

    [Test]
    public void Reset_TurnsTrackingOff()
    {
        Run("CLIENT", "TRACKING", "on");
        Run("RESET");
        Assert.That(Run("CLIENT", "GETREDIR"), Is.EqualTo(":-1\r\n"));
    }

    [Test]
    public void Disconnect_TrackingClientIsNoLongerCounted()
    {
        Run("CLIENT", "TRACKING", "on");
        Client.Connection.Close();
        Assert.That(Harness.Server.Tracking.ClientCount, Is.Zero);
    }

    [Test]
    public void TableOverMaxKeys_EvictsKeysWithInvalidations()
    {
        Run("CONFIG", "SET", "tracking-table-max-keys", "2");
        Run("CLIENT", "TRACKING", "on");
        Assert.Multiple(() =>
        {
            Assert.That(Run("MGET", "a", "b", "c"), Is.EqualTo("*3\r\n_\r\n_\r\n_\r\n" + Invalidate("a")));
            Assert.That(Harness.Server.Tracking.TotalKeys, Is.EqualTo(2));
        });
    }

    // ---- OPTIN / OPTOUT and CLIENT CACHING ----

    // Whether GET k is remembered after the given commands, as Redis decides it for OPTIN and OPTOUT: CLIENT
    // CACHING answers for the next command only, but CLIENT commands in between do not use it up.
    [TestCase(false, "CLIENT TRACKING on OPTIN", TestName = "OptIn_ReadWithoutCaching_NotTracked")]
    [TestCase(true, "CLIENT TRACKING on OPTIN", "CLIENT CACHING yes", TestName = "OptIn_ReadAfterCachingYes_Tracked")]
    [TestCase(true, "CLIENT TRACKING on OPTIN", "CLIENT CACHING yes", "CLIENT ID", TestName = "OptIn_CachingYesOutlivesOtherClientCommands")]
    [TestCase(false, "CLIENT TRACKING on OPTIN", "CLIENT CACHING yes", "PING", TestName = "OptIn_CachingYesEndsAfterOtherCommand")]
    [TestCase(false, "CLIENT TRACKING on OPTOUT", "CLIENT CACHING no", TestName = "OptOut_ReadAfterCachingNo_NotTracked")]
    [TestCase(true, "CLIENT TRACKING on OPTOUT", TestName = "OptOut_ReadWithoutCaching_Tracked")]
    public void OptInOptOut_ReadAfterCommands_TrackedAsRedisDecides(bool tracked, params string[] commands)
    {
        foreach (string command in commands)
        {
            Run(command.Split(' '));
        }
        Assert.That(ReadThenChangeByOther("k"), Is.EqualTo(tracked ? Invalidate("k") : ""));
    }

    [Test]
    public void Caching_TrackingOff_RepliesError() =>
        Assert.That(Run("CLIENT", "CACHING", "yes"), Is.EqualTo(
            "-ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode enabled\r\n"));

    [Test]
    public void CachingYes_NotOptIn_RepliesError()
    {
        Run("CLIENT", "TRACKING", "on");
        Assert.That(Run("CLIENT", "CACHING", "yes"), Is.EqualTo("-ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode.\r\n"));
    }

    [Test]
    public void CachingNo_NotOptOut_RepliesError()
    {
        Run("CLIENT", "TRACKING", "on", "OPTIN");
        Assert.That(Run("CLIENT", "CACHING", "no"), Is.EqualTo("-ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.\r\n"));
    }

    [Test]
    public void Caching_BadValue_RepliesSyntaxError()
    {
        Run("CLIENT", "TRACKING", "on", "OPTIN");
        Assert.That(Run("CLIENT", "CACHING", "maybe"), Is.EqualTo("-ERR syntax error\r\n"));
    }

    // ---- BCAST ----

    [Test]
    public void Bcast_KeysUnderPrefixes_OneSortedMessagePerPrefix()
    {
        Run("CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "user:", "PREFIX", "obj:");
        _writer.Execute("MSET", "user:2", "a", "obj:1", "b", "other", "c", "user:1", "d");
        Harness.Server.Tracking.BroadcastInvalidations();
        Assert.That(Pending(Client), Is.EqualTo(
            ">2\r\n$10\r\ninvalidate\r\n*1\r\n$5\r\nobj:1\r\n>2\r\n$10\r\ninvalidate\r\n*2\r\n$6\r\nuser:1\r\n$6\r\nuser:2\r\n"));
    }

    [Test]
    public void Bcast_NoPrefix_EveryKey()
    {
        Run("CLIENT", "TRACKING", "on", "BCAST");
        _writer.Execute("SET", "anything", "v");
        Harness.Server.Tracking.BroadcastInvalidations();
        Assert.That(Pending(Client), Is.EqualTo(Invalidate("anything")));
    }

    [Test]
    public void Bcast_NoLoop_LeavesOutOwnChanges()
    {
        Run("CLIENT", "TRACKING", "on", "BCAST", "NOLOOP");
        Run("SET", "mine", "v");
        _writer.Execute("SET", "theirs", "v");
        Harness.Server.Tracking.BroadcastInvalidations();
        Assert.That(Pending(Client), Is.EqualTo(Invalidate("theirs")));
    }

    [Test]
    public void Bcast_SentOncePerLoopIteration()
    {
        Run("CLIENT", "TRACKING", "on", "BCAST");
        _writer.Execute("SET", "k", "v");
        Harness.Server.Tracking.BroadcastInvalidations();
        Pending(Client);
        Harness.Server.Tracking.BroadcastInvalidations();
        Assert.That(Pending(Client), Is.Empty);
    }

    [Test]
    public void Bcast_LastSubscriberDisconnects_PrefixIsDropped()
    {
        Run("CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "a", "PREFIX", "b");
        Client.Connection.Close();
        Assert.That(Harness.Server.Tracking.TotalPrefixes, Is.Zero);
    }

    // ---- REDIRECT ----

    [Test]
    public void Redirect_InvalidationGoesToTheOtherClient()
    {
        TestClient target = Harness.Connect();
        target.Execute("HELLO", "3");
        Run("CLIENT", "TRACKING", "on", "REDIRECT", target.Connection.Id.ToString());
        Run("GET", "k");
        _writer.Execute("SET", "k", "v");
        Assert.Multiple(() =>
        {
            Assert.That(Pending(Client), Is.Empty);
            Assert.That(Pending(target), Is.EqualTo(Invalidate("k")));
        });
    }

    [Test]
    public void Redirect_Resp2SubscribedTarget_GetsInvalidateChannelMessage()
    {
        TestClient target = Harness.Connect();
        target.Execute("SUBSCRIBE", "__redis__:invalidate");
        Run("CLIENT", "TRACKING", "on", "REDIRECT", target.Connection.Id.ToString());
        Run("GET", "k");
        _writer.Execute("SET", "k", "v");
        Assert.That(Pending(target), Is.EqualTo("*3\r\n$7\r\nmessage\r\n$20\r\n__redis__:invalidate\r\n*1\r\n$1\r\nk\r\n"));
    }

    [Test]
    public void Redirect_Resp2TargetNotSubscribed_GetsNothing()
    {
        TestClient target = Harness.Connect();
        Run("CLIENT", "TRACKING", "on", "REDIRECT", target.Connection.Id.ToString());
        Run("GET", "k");
        _writer.Execute("SET", "k", "v");
        Assert.That(Pending(target), Is.Empty);
    }

    [Test]
    public void Redirect_TargetGone_PushesRedirBrokenAndFlagsIt()
    {
        TestClient target = Harness.Connect();
        long targetId = target.Connection.Id;
        Run("CLIENT", "TRACKING", "on", "REDIRECT", targetId.ToString());
        Run("GET", "k");
        target.Connection.Close();
        _writer.Execute("SET", "k", "v");
        Assert.Multiple(() =>
        {
            Assert.That(Pending(Client), Is.EqualTo($">2\r\n$21\r\ntracking-redir-broken\r\n:{targetId}\r\n"));
            Assert.That(Run("CLIENT", "TRACKINGINFO"), Does.Contain("$15\r\nbroken_redirect\r\n"));
        });
    }

    [Test]
    public void GetRedir_Redirecting_RepliesTargetId()
    {
        TestClient target = Harness.Connect();
        Run("CLIENT", "TRACKING", "on", "REDIRECT", target.Connection.Id.ToString());
        Assert.That(Run("CLIENT", "GETREDIR"), Is.EqualTo($":{target.Connection.Id}\r\n"));
    }

    [Test]
    public void GetRedir_TrackingWithoutRedirect_RepliesZero()
    {
        Run("CLIENT", "TRACKING", "on");
        Assert.That(Run("CLIENT", "GETREDIR"), Is.EqualTo(":0\r\n"));
    }

    [Test]
    public void GetRedir_TrackingOff_RepliesMinusOne() => Assert.That(Run("CLIENT", "GETREDIR"), Is.EqualTo(":-1\r\n"));

    // ---- CLIENT TRACKING errors ----

    [TestCase("maybe", "-ERR syntax error\r\n")]
    [TestCase("on bogus", "-ERR syntax error\r\n")]
    [TestCase("on prefix", "-ERR syntax error\r\n")]
    [TestCase("on optin optout", "-ERR You can't specify both OPTIN mode and OPTOUT mode\r\n")]
    [TestCase("on bcast optin", "-ERR OPTIN and OPTOUT are not compatible with BCAST\r\n")]
    [TestCase("on optin optout prefix a", "-ERR PREFIX option requires BCAST mode to be enabled\r\n")]
    [TestCase("on redirect 999999", "-ERR The client ID you want redirect to does not exist\r\n")]
    [TestCase("on redirect 0", "-ERR The client ID you want redirect to does not exist\r\n")]
    [TestCase("on redirect x", "-ERR value is not an integer or out of range\r\n")]
    [TestCase("on bcast prefix a prefix ab", "-ERR Prefix 'a' overlaps with another provided prefix 'ab'. Prefixes for a single client must not overlap.\r\n")]
    public void Tracking_BadOptions_RepliesRedisError(string options, string expected) =>
        Assert.That(Run(["CLIENT", "TRACKING", .. options.Split(' ')]), Is.EqualTo(expected));

    [Test]
    public void Tracking_SecondRedirect_RepliesSingleRedirectError()
    {
        string id = Client.Connection.Id.ToString();
        Assert.That(Run("CLIENT", "TRACKING", "on", "REDIRECT", id, "REDIRECT", id),
            Is.EqualTo("-ERR A client can only redirect to a single other client\r\n"));
    }

    [Test]
    public void Tracking_SwitchToBcastWhileOn_RepliesError()
    {
        Run("CLIENT", "TRACKING", "on");
        Assert.That(Run("CLIENT", "TRACKING", "on", "BCAST"), Is.EqualTo(
            "-ERR You can't switch BCAST mode on/off before disabling tracking for this client, and then re-enabling it with a different mode.\r\n"));
    }

    [Test]
    public void Tracking_SwitchOptInToOptOutWhileOn_RepliesError()
    {
        Run("CLIENT", "TRACKING", "on", "OPTIN");
        Assert.That(Run("CLIENT", "TRACKING", "on", "OPTOUT"), Is.EqualTo(
            "-ERR You can't switch OPTIN/OPTOUT mode before disabling tracking for this client, and then re-enabling it with a different mode.\r\n"));
    }

    [Test]
    public void Tracking_PrefixOverlapsExisting_RepliesError()
    {
        Run("CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "a");
        Assert.That(Run("CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "ab"), Is.EqualTo(
            "-ERR Prefix 'ab' overlaps with an existing prefix 'a'. Prefixes for a single client must not overlap.\r\n"));
    }

    // ---- CLIENT TRACKINGINFO, CLIENT LIST, INFO ----

    [Test]
    public void TrackingInfo_Off_RepliesOffAndNoRedirect() =>
        Assert.That(Run("CLIENT", "TRACKINGINFO"), Is.EqualTo(
            "%3\r\n$5\r\nflags\r\n~1\r\n$3\r\noff\r\n$8\r\nredirect\r\n:-1\r\n$8\r\nprefixes\r\n*0\r\n"));

    [Test]
    public void TrackingInfo_OptInWithCachingAndNoLoop_ListsFlagsInRedisOrder()
    {
        Run("CLIENT", "TRACKING", "on", "OPTIN");
        Run("CLIENT", "CACHING", "yes");
        Run("CLIENT", "TRACKING", "on", "OPTIN", "NOLOOP");
        Assert.That(Run("CLIENT", "TRACKINGINFO"), Is.EqualTo(
            "%3\r\n$5\r\nflags\r\n~4\r\n$2\r\non\r\n$5\r\noptin\r\n$11\r\ncaching-yes\r\n$6\r\nnoloop\r\n"
            + "$8\r\nredirect\r\n:0\r\n$8\r\nprefixes\r\n*0\r\n"));
    }

    [Test]
    public void TrackingInfo_Bcast_ListsPrefixesSorted()
    {
        Run("CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "b", "PREFIX", "a");
        Run("CLIENT", "TRACKING", "on", "BCAST");
        Assert.That(Run("CLIENT", "TRACKINGINFO"), Is.EqualTo(
            "%3\r\n$5\r\nflags\r\n~2\r\n$2\r\non\r\n$5\r\nbcast\r\n$8\r\nredirect\r\n:0\r\n$8\r\nprefixes\r\n*3\r\n$0\r\n\r\n$1\r\na\r\n$1\r\nb\r\n"));
    }

    [Test]
    public void TrackingInfo_Resp2_RepliesFlatArray() =>
        Assert.That(_writer.Execute("CLIENT", "TRACKINGINFO"), Is.EqualTo(
            "*6\r\n$5\r\nflags\r\n*1\r\n$3\r\noff\r\n$8\r\nredirect\r\n:-1\r\n$8\r\nprefixes\r\n*0\r\n"));

    [Test]
    public void ClientInfo_BcastTracking_ShowsFlagsAndRedir()
    {
        Run("CLIENT", "TRACKING", "on", "BCAST", "REDIRECT", _writer.Connection.Id.ToString());
        Assert.That(Run("CLIENT", "INFO"), Does.Contain(" flags=tB ").And.Contain($" redir={_writer.Connection.Id} "));
    }

    [Test]
    public void Info_CountsTrackingClientsKeysItemsAndPrefixes()
    {
        Run("CLIENT", "TRACKING", "on");
        Run("MGET", "a", "b");
        _writer.Execute("CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "x", "PREFIX", "y");
        string info = Run("INFO", "everything");
        Assert.Multiple(() =>
        {
            Assert.That(info, Does.Contain("\r\ntracking_clients:2\r\n"));
            Assert.That(info, Does.Contain("\r\ntracking_total_keys:2\r\ntracking_total_items:2\r\ntracking_total_prefixes:2\r\n"));
        });
    }

    // GET key from the caching client, SET key from the writer, then what reached the caching client.
    private string ReadThenChangeByOther(string key)
    {
        Run("GET", key);
        _writer.Execute("SET", key, "v");
        return Pending(Client);
    }

    // Everything sent to the client since its last command, pushes included.
    private static string Pending(TestClient client) => Resp.Text(client.SendRaw());

    private static string Invalidate(string key) => $">2\r\n$10\r\ninvalidate\r\n*1\r\n${key.Length}\r\n{key}\r\n";
}
