using System.Text.RegularExpressions;
using Reactor.MiniRedis.Engine.Commands;
using Reactor.MiniRedis.Engine.Server;
using Reactor.MiniRedis.Engine.Tests.Support;

namespace Reactor.MiniRedis.Engine.Tests;

/// <summary>
/// DEBUG and enable-debug-command. Expected digests, serialized lengths and texts are redis-server 7.0.15's replies
/// for the same commands.
/// </summary>
public sealed class DebugCommandTests
{
    private const string NotAllowed = "-ERR DEBUG command not allowed. If the enable-debug-command option is set to \"local\", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server.\r\n";
    private const string ZeroDigest = "+0000000000000000000000000000000000000000\r\n";

    private readonly List<string> _log = [];
    private string _dir = null!;
    private ServerHarness _harness = null!;
    private TestClient _client = null!;

    [SetUp]
    public void StartServer()
    {
        _dir = Path.Combine(Path.GetTempPath(), "debug-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
        Start("yes");
    }

    [TearDown]
    public void StopServer()
    {
        _harness.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    // ---- enable-debug-command ----

    [Test]
    public void Debug_SettingNo_RepliesNotAllowed()
    {
        Start("no");

        Assert.That(Run("DEBUG", "HELP"), Is.EqualTo(NotAllowed));
    }

    [Test]
    public void Debug_SettingNoAndWrongArity_RepliesArityErrorFirst()
    {
        Start("no");

        Assert.That(Run("DEBUG"), Is.EqualTo("-ERR wrong number of arguments for 'debug' command\r\n"));
    }

    [Test]
    public void Debug_SettingNoInsideMulti_FlagsTheTransaction()
    {
        Start("no");
        Run("MULTI");

        Assert.That(Run("DEBUG", "SLEEP", "0"), Is.EqualTo(NotAllowed));
        Assert.That(Run("EXEC"), Is.EqualTo("-EXECABORT Transaction discarded because of previous errors.\r\n"));
    }

    [Test]
    public void Debug_SettingLocalFromLoopback_Runs()
    {
        Start("local");

        Assert.That(Run("DEBUG", "SLEEP", "0"), Is.EqualTo("+OK\r\n"));
    }

    [Test]
    public void Debug_SettingLocalFromIpv6Loopback_Runs()
    {
        Start("local");
        _client.Transport.RemoteAddress = "::1:50000";

        Assert.That(Run("DEBUG", "SLEEP", "0"), Is.EqualTo("+OK\r\n"));
    }

    [Test]
    public void Debug_SettingLocalFromOtherHost_RepliesNotAllowed()
    {
        Start("local");
        _client.Transport.RemoteAddress = "10.1.2.3:50000";

        Assert.That(Run("DEBUG", "SLEEP", "0"), Is.EqualTo(NotAllowed));
    }

    [Test]
    public void Debug_BeforeAuthentication_RepliesNotAllowedRatherThanNoAuth()
    {
        Start("no");
        Run("CONFIG", "SET", "requirepass", "secret");
        TestClient other = _harness.Connect();

        Assert.That(Resp.Text(other.SendRaw(Resp.Command("DEBUG", "HELP"))), Is.EqualTo(NotAllowed));
    }

    [Test]
    public void ConfigSet_EnableDebugCommand_RepliesImmutable()
    {
        Assert.That(Run("CONFIG", "SET", "enable-debug-command", "no"), Is.EqualTo(
            "-ERR CONFIG SET failed (possibly related to argument 'enable-debug-command') - can't set immutable config\r\n"));
    }

    [Test]
    public void ConfigGet_EnableDebugCommand_RepliesTheSetting()
    {
        Start("local");

        Assert.That(Run("CONFIG", "GET", "enable-debug-command"), Is.EqualTo(Resp.BulkArray("enable-debug-command", "local")));
    }

    [Test]
    public void EnableDebugCommand_BadValue_IsRefused()
    {
        var config = new ServerConfig();

        Assert.That(config.Find("enable-debug-command")!.Apply("maybe"), Is.EqualTo("argument(s) must be one of the following: no, yes, local"));
    }

    // ---- HELP and unknown subcommands ----

    [Test]
    public void Help_ListsTheImplementedSubcommands()
    {
        string reply = Run("DEBUG", "HELP");

        Assert.That(reply, Does.StartWith("*52\r\n+DEBUG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+CHANGE-REPL-ID\r\n"));
        Assert.That(reply, Does.EndWith("+PAUSE-CRON <0|1>\r\n+    Stop periodic cron job processing.\r\n+HELP\r\n+    Prints this help.\r\n"));
    }

    [TestCase("SEGFAULT")]
    [TestCase("panic")]
    [TestCase("ASSERT")]
    [TestCase("OOM")]
    [TestCase("JMAP")]
    [TestCase("SDSLEN", "k")]
    [TestCase("SLEEP")]
    [TestCase("SLEEP", "1", "2")]
    [TestCase("DIGEST", "extra")]
    [TestCase("HELP", "extra")]
    [TestCase("POPULATE", "1", "a", "b", "c")]
    public void Debug_UnknownSubcommandOrArity_RepliesSubcommandError(params string[] args)
    {
        Assert.That(Run(["DEBUG", .. args]), Is.EqualTo(
            $"-ERR unknown subcommand or wrong number of arguments for '{args[0]}'. Try DEBUG HELP.\r\n"));
    }

    // ---- SLEEP ----

    [TestCase("0")]
    [TestCase("-1")]
    [TestCase("abc")]
    public void Sleep_NothingToWait_RepliesOk(string seconds)
    {
        Assert.That(Run("DEBUG", "SLEEP", seconds), Is.EqualTo("+OK\r\n"));
    }

    [TestCase("0.5", 500_000)]
    [TestCase("1.25xyz", 1_250_000)]
    [TestCase(" 2", 2_000_000)]
    [TestCase("1e-3", 1_000)]
    [TestCase("0.0000001", 0)]
    [TestCase("-3", 0)]
    [TestCase(".", 0)]
    public void SleepMicroseconds_ParsesLikeStrtod(string seconds, long expected)
    {
        Assert.That(DebugCommand.SleepMicroseconds(System.Text.Encoding.ASCII.GetBytes(seconds)), Is.EqualTo(expected));
    }

    // ---- DIGEST, DIGEST-VALUE ----

    [Test]
    public void Digest_EmptyDataset_RepliesFortyZeros()
    {
        Assert.That(Run("DEBUG", "DIGEST"), Is.EqualTo(ZeroDigest));
    }

    [Test]
    public void Digest_Dataset_MatchesRedis()
    {
        BuildDataset();

        Assert.That(Run("DEBUG", "DIGEST"), Is.EqualTo("+239c65541c93d0a2f61995da0000136f57e65134\r\n"));
    }

    [Test]
    public void Digest_KeyWithTtl_MixesTheExpireMark()
    {
        BuildDataset();
        Run("SET", "e", "x", "EX", "100");

        Assert.That(Run("DEBUG", "DIGEST"), Is.EqualTo("+ef440817995764d89ad3d6f2373a15a532bc1b8e\r\n"));
        Assert.That(Run("DEBUG", "DIGEST-VALUE", "e"), Is.EqualTo("*1\r\n+0745672cb1bf060476eedeb8a28f5ffe1ff5a2be\r\n"));
    }

    [Test]
    public void Digest_OtherDatabase_MixesTheDatabaseId()
    {
        BuildDataset();
        Run("SET", "e", "x", "EX", "100");
        Run("SELECT", "1");
        Run("SET", "s", "12345");

        Assert.That(Run("DEBUG", "DIGEST"), Is.EqualTo("+09c846af2bed60306696288ba6d5a5ed92e2470f\r\n"));
    }

    [Test]
    public void DigestValue_EachType_MatchesRedis()
    {
        BuildDataset();

        Assert.That(Run("DEBUG", "DIGEST-VALUE", "s", "s2", "l", "st", "si", "h", "z", "nokey"), Is.EqualTo(
            "*8\r\n+e1cf90774e995ae03de66e8109dc5cb9d9c2dc83\r\n+36b23a1456b2dce2c3ed252c456761301dba8060\r\n"
            + "+f48a1249517530ff1906fc79ddbf9b687f71f06f\r\n+32b8b98ca01572a2e08f0714f8b73a61d59139dd\r\n"
            + "+2a462a3f51a1db89738ebbeef0c47ce1bbc85246\r\n+6679ee22f89ed8001eeb5309d0900265ea56c03a\r\n"
            + "+7f494e4526ee9a39d1f757f9b18e3fe716b8a0b4\r\n" + ZeroDigest));
    }

    [Test]
    public void DigestValue_SortedSetScores_FormattedAsG17()
    {
        Run("ZADD", "z", "0.1", "m", "1", "n", "1e20", "o", "-0", "p", "3.0000000000000004", "q", "inf", "r");

        Assert.That(Run("DEBUG", "DIGEST-VALUE", "z"), Is.EqualTo("*1\r\n+23727d91661ecaffa477022f55cd03d730476c14\r\n"));
    }

    [Test]
    public void DigestValue_NoKeys_RepliesEmptyArray()
    {
        Assert.That(Run("DEBUG", "DIGEST-VALUE"), Is.EqualTo("*0\r\n"));
    }

    [Test]
    public void DigestValue_LogicallyExpiredKey_StillDigested()
    {
        Run("SET", "e", "x", "PX", "10");
        _harness.Time.Advance(TimeSpan.FromSeconds(1));

        Assert.That(Run("DEBUG", "DIGEST-VALUE", "e"), Is.Not.EqualTo("*1\r\n" + ZeroDigest));
    }

    // ---- OBJECT ----

    [TestCase("s", "int", 3)]
    [TestCase("s2", "embstr", 6)]
    [TestCase("st", "hashtable", 9)]
    [TestCase("si", "intset", 15)]
    [TestCase("h", "listpack", 19)]
    [TestCase("z", "listpack", 40)]
    public void Object_EachType_RepliesRedisStatusLine(string key, string encoding, int serializedLength)
    {
        BuildDataset();

        Assert.That(Run("DEBUG", "OBJECT", key), Does.Match(
            $@"^\+Value at:0x[0-9a-f]+ refcount:1 encoding:{encoding} serializedlength:{serializedLength} lru:\d+ lru_seconds_idle:0\r\n$"));
    }

    [Test]
    public void Object_List_AddsQuicklistFields()
    {
        BuildDataset();

        Assert.That(Run("DEBUG", "OBJECT", "l"), Does.Match(
            @"^\+Value at:0x[0-9a-f]+ refcount:1 encoding:quicklist serializedlength:23 lru:\d+ lru_seconds_idle:0 ql_nodes:1 ql_avg_node:5.00 ql_listpack_max:-2 ql_compressed:0 ql_uncompressed_size:20\r\n$"));
    }

    [Test]
    public void Object_LongString_SerializedLengthIsCompressed()
    {
        Run("SET", "big", new string('a', 110));

        Assert.That(Run("DEBUG", "OBJECT", "big"), Does.Contain(" encoding:raw serializedlength:13 "));
    }

    [Test]
    public void Object_SharedInteger_ReportsSharedRefcount()
    {
        Run("SET", "n", "5");

        Assert.That(Run("DEBUG", "OBJECT", "n"), Does.Contain(" refcount:2147483647 encoding:int serializedlength:2 "));
    }

    [Test]
    public void Object_IdleValue_ReportsIdleSecondsWithoutTouching()
    {
        Run("SET", "k", "v");
        _harness.Time.Advance(TimeSpan.FromSeconds(42));

        Run("DEBUG", "OBJECT", "k");

        Assert.That(Run("DEBUG", "OBJECT", "k"), Does.Contain(" lru_seconds_idle:42\r\n"));
    }

    [Test]
    public void Object_MissingKey_RepliesNoSuchKey()
    {
        Assert.That(Run("DEBUG", "OBJECT", "nokey"), Is.EqualTo("-ERR no such key\r\n"));
    }

    // ---- POPULATE ----

    [Test]
    public void Populate_Count_CreatesKeyValuePairs()
    {
        Assert.That(Run("DEBUG", "POPULATE", "3"), Is.EqualTo("+OK\r\n"));

        Assert.That(Run("MGET", "key:0", "key:1", "key:2"), Is.EqualTo(Resp.BulkArray("value:0", "value:1", "value:2")));
        Assert.That(Run("DBSIZE"), Is.EqualTo(":3\r\n"));
    }

    [Test]
    public void Populate_Prefix_NamesKeysAfterIt()
    {
        Run("DEBUG", "POPULATE", "2", "pre");

        Assert.That(Run("EXISTS", "pre:0", "pre:1", "key:0"), Is.EqualTo(":2\r\n"));
        Assert.That(Run("GET", "pre:1"), Is.EqualTo("$7\r\nvalue:1\r\n"));
    }

    [Test]
    public void Populate_SizeShorterThanValue_CutsIt()
    {
        Run("DEBUG", "POPULATE", "2", "sz", "3");

        Assert.That(Run("GET", "sz:0"), Is.EqualTo("$3\r\nval\r\n"));
    }

    [Test]
    public void Populate_SizeLongerThanValue_PadsWithZeroBytes()
    {
        Run("DEBUG", "POPULATE", "2", "sz", "10");

        Assert.That(Run("GET", "sz:1"), Is.EqualTo("$10\r\nvalue:1\0\0\0\r\n"));
    }

    [Test]
    public void Populate_SizeZero_KeepsTheValue()
    {
        Run("DEBUG", "POPULATE", "1", "sz", "0");

        Assert.That(Run("GET", "sz:0"), Is.EqualTo("$7\r\nvalue:0\r\n"));
    }

    [Test]
    public void Populate_ExistingKey_IsLeftAlone()
    {
        Run("SET", "key:1", "mine");

        Run("DEBUG", "POPULATE", "2");

        Assert.That(Run("GET", "key:1"), Is.EqualTo("$4\r\nmine\r\n"));
        Assert.That(Run("GET", "key:0"), Is.EqualTo("$7\r\nvalue:0\r\n"));
    }

    [Test]
    public void Populate_DoesNotCountAsChanges()
    {
        long dirty = _harness.Server.Dirty;

        Run("DEBUG", "POPULATE", "5");

        Assert.That(_harness.Server.Dirty, Is.EqualTo(dirty));
    }

    [TestCase("-1")]
    [TestCase("abc")]
    [TestCase("1.5")]
    public void Populate_BadCount_RepliesMustBePositive(string count)
    {
        Assert.That(Run("DEBUG", "POPULATE", count), Is.EqualTo("-ERR value is out of range, must be positive\r\n"));
    }

    [TestCase("-1")]
    [TestCase("x")]
    public void Populate_BadSize_RepliesMustBePositive(string size)
    {
        Assert.That(Run("DEBUG", "POPULATE", "2", "p", size), Is.EqualTo("-ERR value is out of range, must be positive\r\n"));
        Assert.That(Run("DBSIZE"), Is.EqualTo(":0\r\n"));
    }

    [Test]
    public void Populate_ThenDigest_MatchesRedis()
    {
        Run("DEBUG", "POPULATE", "3");
        Run("DEBUG", "POPULATE", "2", "pre");
        Run("DEBUG", "POPULATE", "2", "sz", "3");
        Run("DEBUG", "POPULATE", "2", "sz2", "10");
        Run("DEBUG", "POPULATE", "2", "sz3", "0");

        Assert.That(Run("DEBUG", "DIGEST"), Is.EqualTo("+1c533e3a819b7b7101ba6a0b52f05e53fb26f3be\r\n"));
    }

    // ---- ERROR, LOG ----

    [Test]
    public void Error_RepliesTheStringAsError()
    {
        Assert.That(Run("DEBUG", "ERROR", "foo bar"), Is.EqualTo("-foo bar\r\n"));
    }

    [Test]
    public void Error_NewLines_BecomeSpaces()
    {
        Assert.That(Run("DEBUG", "ERROR", "foo\r\nbar"), Is.EqualTo("-foo  bar\r\n"));
    }

    [Test]
    public void Error_Empty_RepliesBareDash()
    {
        Assert.That(Run("DEBUG", "ERROR", ""), Is.EqualTo("-\r\n"));
    }

    [Test]
    public void Error_IsNotCountedAsAnErrorReply()
    {
        Run("DEBUG", "ERROR", "MYERR boom");
        Run("DEBUG", "PROTOCOL", "push");

        Assert.That(Run("INFO", "errorstats"), Does.Contain("errorstat_ERR:count=1\r\n").And.Not.Contain("MYERR"));
        Assert.That(Run("INFO", "commandstats"), Does.Contain("cmdstat_debug:calls=2,").And.Contain(",rejected_calls=0,failed_calls=1\r\n"));
    }

    [Test]
    public void Log_WritesAWarningLine()
    {
        Assert.That(Run("DEBUG", "LOG", "hello world"), Is.EqualTo("+OK\r\n"));

        Assert.That(_log, Has.Some.Contains(" # DEBUG LOG: hello world"));
    }

    // ---- SET-ACTIVE-EXPIRE, PAUSE-CRON, SET-SKIP-CHECKSUM-VALIDATION, CHANGE-REPL-ID ----

    [Test]
    public void SetActiveExpire_Zero_StopsTheExpiryCycle()
    {
        Assert.That(Run("DEBUG", "SET-ACTIVE-EXPIRE", "0"), Is.EqualTo("+OK\r\n"));
        SetVolatileKeys(100);

        RunCron(TimeSpan.FromSeconds(1));

        Assert.That(_harness.Server.Keyspace[0].Count, Is.EqualTo(100));
    }

    [Test]
    public void SetActiveExpire_One_RestartsTheExpiryCycle()
    {
        Run("DEBUG", "SET-ACTIVE-EXPIRE", "0");
        SetVolatileKeys(100);
        RunCron(TimeSpan.FromSeconds(1));

        Run("DEBUG", "SET-ACTIVE-EXPIRE", "1");
        RunCron(TimeSpan.FromSeconds(1));

        Assert.That(_harness.Server.Keyspace[0].Count, Is.Zero);
    }

    [Test]
    public void SetActiveExpire_NotANumber_IsZero()
    {
        Run("DEBUG", "SET-ACTIVE-EXPIRE", "x");

        Assert.That(_harness.Server.ActiveExpiry.Enabled, Is.False);
    }

    [Test]
    public void PauseCron_One_SkipsTheCronsWork()
    {
        Assert.That(Run("DEBUG", "PAUSE-CRON", "1"), Is.EqualTo("+OK\r\n"));
        Run("DEBUG", "SET-ACTIVE-EXPIRE", "1");
        SetVolatileKeys(100);

        RunCron(TimeSpan.FromSeconds(1));

        Assert.That(_harness.Server.Keyspace[0].Count, Is.EqualTo(100));
    }

    [Test]
    public void SetSkipChecksumValidation_One_RestoreAcceptsABadChecksum()
    {
        Run("SET", "k", "v");
        byte[] payload = System.Text.Encoding.Latin1.GetBytes(DumpOf("k"));
        payload[^1] ^= 0xff;
        string corrupt = System.Text.Encoding.Latin1.GetString(payload);
        Assert.That(Run("RESTORE", "k2", "0", corrupt), Is.EqualTo("-ERR DUMP payload version or checksum are wrong\r\n"));

        Assert.That(Run("DEBUG", "SET-SKIP-CHECKSUM-VALIDATION", "1"), Is.EqualTo("+OK\r\n"));

        Assert.That(Run("RESTORE", "k2", "0", corrupt), Is.EqualTo("+OK\r\n"));
    }

    [Test]
    public void ChangeReplId_GivesANewReplicationId()
    {
        string before = _harness.Server.ReplicationId;

        Assert.That(Run("DEBUG", "CHANGE-REPL-ID"), Is.EqualTo("+OK\r\n"));

        Assert.That(_harness.Server.ReplicationId, Is.Not.EqualTo(before).And.Length.EqualTo(40));
        Assert.That(_log, Has.Some.Contains(" # Changing replication IDs after receiving DEBUG change-repl-id"));
    }

    // ---- CONFIG-REWRITE-FORCE-ALL ----

    [Test]
    public void ConfigRewriteForceAll_NoConfigFile_RepliesBadAddress()
    {
        Assert.That(Run("DEBUG", "CONFIG-REWRITE-FORCE-ALL"), Is.EqualTo("-ERR CONFIG-REWRITE-FORCE-ALL failed: Bad address\r\n"));
    }

    [Test]
    public void ConfigRewriteForceAll_WritesDefaultsToo()
    {
        string path = Path.Combine(_dir, "redis.conf");
        File.WriteAllText(path, "port 6380\n");
        _harness.Server.Config.ConfigFile = path;

        Assert.That(Run("DEBUG", "CONFIG-REWRITE-FORCE-ALL"), Is.EqualTo("+OK\r\n"));

        string[] lines = File.ReadAllLines(path);
        Assert.That(lines, Does.Contain("hz 10").And.Contain("maxmemory-policy noeviction").And.Contain("enable-debug-command yes"));
    }

    // ---- PROTOCOL ----

    [TestCase("string", "$11\r\nHello World\r\n")]
    [TestCase("integer", ":12345\r\n")]
    [TestCase("double", "$5\r\n3.141\r\n")]
    [TestCase("bignum", "$37\r\n1234567999999999999999999999999999999\r\n")]
    [TestCase("null", "$-1\r\n")]
    [TestCase("array", "*3\r\n:0\r\n:1\r\n:2\r\n")]
    [TestCase("set", "*3\r\n:0\r\n:1\r\n:2\r\n")]
    [TestCase("map", "*6\r\n:0\r\n:0\r\n:1\r\n:1\r\n:2\r\n:0\r\n")]
    [TestCase("attrib", "$39\r\nSome real reply following the attribute\r\n")]
    [TestCase("push", "-ERR RESP2 is not supported by this command\r\n")]
    [TestCase("verbatim", "$25\r\nThis is a verbatim\nstring\r\n")]
    [TestCase("true", ":1\r\n")]
    [TestCase("false", ":0\r\n")]
    [TestCase("STRING", "$11\r\nHello World\r\n")]
    [TestCase("foo", "-ERR Wrong protocol type name. Please use one of the following: string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false\r\n")]
    public void Protocol_Resp2_RepliesRedisShapes(string type, string expected)
    {
        Assert.That(Run("DEBUG", "PROTOCOL", type), Is.EqualTo(expected));
    }

    [TestCase("string", "$11\r\nHello World\r\n")]
    [TestCase("double", ",3.141\r\n")]
    [TestCase("bignum", "(1234567999999999999999999999999999999\r\n")]
    [TestCase("null", "_\r\n")]
    [TestCase("set", "~3\r\n:0\r\n:1\r\n:2\r\n")]
    [TestCase("map", "%3\r\n:0\r\n#f\r\n:1\r\n#t\r\n:2\r\n#f\r\n")]
    [TestCase("attrib", "|1\r\n$14\r\nkey-popularity\r\n*2\r\n$7\r\nkey:123\r\n:90\r\n$39\r\nSome real reply following the attribute\r\n")]
    [TestCase("push", ">2\r\n$16\r\nserver-cpu-usage\r\n:42\r\n$40\r\nSome real reply following the push reply\r\n")]
    [TestCase("verbatim", "=29\r\ntxt:This is a verbatim\nstring\r\n")]
    [TestCase("true", "#t\r\n")]
    [TestCase("false", "#f\r\n")]
    public void Protocol_Resp3_RepliesRedisShapes(string type, string expected)
    {
        Run("HELLO", "3");

        Assert.That(Run("DEBUG", "PROTOCOL", type), Is.EqualTo(expected));
    }

    // ---- RELOAD ----

    [Test]
    public void Reload_KeepsTheDataset()
    {
        BuildDataset();
        Run("SET", "e", "x", "EX", "100");
        string digest = Run("DEBUG", "DIGEST");

        Assert.That(Run("DEBUG", "RELOAD"), Is.EqualTo("+OK\r\n"));

        Assert.That(Run("DEBUG", "DIGEST"), Is.EqualTo(digest));
        Assert.That(Run("TTL", "e"), Is.EqualTo(":100\r\n"));
        Assert.That(_log, Has.Some.Contains(" # DB reloaded by DEBUG RELOAD"));
        Assert.That(_log, Has.Some.Contains(" * DB saved on disk"));
    }

    [Test]
    public void Reload_NoSave_ReplacesWithTheFile()
    {
        Run("SET", "a", "1");
        Run("SAVE");
        Run("SET", "b", "2");

        Assert.That(Run("DEBUG", "RELOAD", "NOSAVE"), Is.EqualTo("+OK\r\n"));

        Assert.That(Run("KEYS", "*"), Is.EqualTo(Resp.BulkArray("a")));
    }

    [Test]
    public void Reload_NoSaveNoFlushMerge_AddsTheFileToTheDataset()
    {
        Run("SET", "a", "1");
        Run("SAVE");
        Run("SET", "a", "changed");
        Run("SET", "b", "2");

        Assert.That(Run("DEBUG", "RELOAD", "NOSAVE", "NOFLUSH", "MERGE"), Is.EqualTo("+OK\r\n"));

        Assert.That(Run("MGET", "a", "b"), Is.EqualTo(Resp.BulkArray("1", "2")));
    }

    [Test]
    public void Reload_NoFlushConflictWithoutMerge_RepliesLoadErrorAndLogsTheKey()
    {
        Run("SET", "a", "1");
        Run("SAVE");

        Assert.That(Run("DEBUG", "RELOAD", "NOSAVE", "NOFLUSH"), Is.EqualTo("-ERR Error trying to load the RDB dump, check server logs.\r\n"));

        Assert.That(_log, Has.Some.Contains(" # RDB has duplicated key 'a' in DB 0"));
    }

    [Test]
    public void Reload_NoSaveWithoutFile_RepliesLoadError()
    {
        Assert.That(Run("DEBUG", "RELOAD", "NOSAVE"), Is.EqualTo("-ERR Error trying to load the RDB dump, check server logs.\r\n"));
    }

    [Test]
    public void Reload_UnknownOption_RepliesRedisError()
    {
        Assert.That(Run("DEBUG", "RELOAD", "foo"), Is.EqualTo("-ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.\r\n"));
    }

    [Test]
    public void Reload_SaveFails_RepliesBareError()
    {
        Run("SET", "a", "1");
        Directory.Delete(_dir, recursive: true);
        try
        {
            Assert.That(Run("DEBUG", "RELOAD"), Is.EqualTo("-ERR\r\n"));
            Assert.That(Run("GET", "a"), Is.EqualTo("$1\r\n1\r\n"));
        }
        finally
        {
            Directory.CreateDirectory(_dir);
        }
    }

    // ---- table ----

    [Test]
    public void CommandInfo_Debug_HidesTheProtectedFlag()
    {
        Assert.That(Run("COMMAND", "INFO", "debug"), Is.EqualTo(
            "*1\r\n*10\r\n$5\r\ndebug\r\n:-2\r\n*4\r\n+admin\r\n+noscript\r\n+loading\r\n+stale\r\n:0\r\n:0\r\n:0\r\n"
            + "*3\r\n+@admin\r\n+@slow\r\n+@dangerous\r\n*0\r\n*0\r\n*0\r\n"));
    }

    [Test]
    public void CommandDocs_Debug_MatchesRedis()
    {
        Assert.That(Run("COMMAND", "DOCS", "debug"), Is.EqualTo(
            "*2\r\n$5\r\ndebug\r\n*10\r\n$7\r\nsummary\r\n$34\r\nA container for debugging commands\r\n$5\r\nsince\r\n$5\r\n1.0.0\r\n"
            + "$5\r\ngroup\r\n$6\r\nserver\r\n$10\r\ncomplexity\r\n$22\r\nDepends on subcommand.\r\n$9\r\ndoc_flags\r\n*1\r\n+syscmd\r\n"));
    }

    // The dataset the digests above were taken from on redis-server 7.0.15.
    private void BuildDataset()
    {
        Run("SET", "s", "12345");
        Run("SET", "s2", "hello");
        Run("RPUSH", "l", "a", "b", "c", "1", "2");
        Run("SADD", "st", "a", "b", "1", "2");
        Run("SADD", "si", "3", "1", "2");
        Run("HSET", "h", "f", "v", "g", "1");
        Run("ZADD", "z", "0.1", "m", "1", "n", "1e20", "o");
    }

    private string DumpOf(string key)
    {
        string reply = Run("DUMP", key);
        int header = reply.IndexOf("\r\n", StringComparison.Ordinal) + 2;
        return reply[header..^2];
    }

    private void Start(string enableDebugCommand)
    {
        _harness?.Dispose();
        _log.Clear();
        _harness = new ServerHarness(config =>
        {
            config.Find("enable-debug-command")!.Apply(enableDebugCommand);
            config.SetDir(_dir);
        });
        _harness.Server.Log.Sink = _log.Add;
        _harness.Server.StartCron();
        _client = _harness.Connect();
    }

    private string Run(params string[] args) => _client.Execute(args);

    // Steps the loop one cron period (hz 10) at a time for the given time: the cron runs at each step.
    private void RunCron(TimeSpan advance)
    {
        for (TimeSpan passed = TimeSpan.Zero; passed < advance; passed += TimeSpan.FromMilliseconds(100))
        {
            _harness.Time.Advance(TimeSpan.FromMilliseconds(100));
            _harness.Server.Loop.ProcessEvents();
        }
    }

    private void SetVolatileKeys(int count)
    {
        for (int i = 0; i < count; i++)
        {
            Run("SET", "k" + i, "v", "PX", "99");
        }
    }
}
