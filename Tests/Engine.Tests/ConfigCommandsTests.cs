using Reactor.MiniRedis.Engine.Server;
using Reactor.MiniRedis.Engine.Tests.Support;

namespace Reactor.MiniRedis.Engine.Tests;

/// <summary>CONFIG GET/SET/RESETSTAT/REWRITE/HELP and the parameters clients read on connect.</summary>
public sealed class ConfigCommandsTests : CommandTestBase
{
    // redis-benchmark reads these two at start and warns if either fails; StackExchange.Redis reads the others.
    [TestCase("save", "")]
    [TestCase("appendonly", "no")]
    [TestCase("databases", "16")]
    [TestCase("slave-read-only", "yes")]
    [TestCase("replica-read-only", "yes")]
    [TestCase("maxmemory", "0")]
    [TestCase("maxmemory-policy", "noeviction")]
    [TestCase("bind", "127.0.0.1")]
    [TestCase("port", "6379")]
    [TestCase("timeout", "0")]
    [TestCase("hz", "10")]
    public void Get_ParameterClientsRead_RepliesNameAndValue(string name, string value) =>
        Assert.That(Client.Execute("CONFIG", "GET", name), Is.EqualTo($"*2\r\n${name.Length}\r\n{name}\r\n${value.Length}\r\n{value}\r\n"));

    [Test]
    public void Get_Unknown_RepliesEmpty() => Assert.That(Client.Execute("CONFIG", "GET", "nosuch"), Is.EqualTo("*0\r\n"));

    [Test]
    public void Get_ExactNameInUpperCase_RepliesNameAsSent() =>
        Assert.That(Client.Execute("CONFIG", "GET", "DATABASES"), Is.EqualTo("*2\r\n$9\r\nDATABASES\r\n$2\r\n16\r\n"));

    [Test]
    public void Get_SameNameTwice_RepliesOnce() =>
        Assert.That(Client.Execute("CONFIG", "GET", "hz", "HZ"), Is.EqualTo("*2\r\n$2\r\nhz\r\n$2\r\n10\r\n"));

    [Test]
    public void Get_Pattern_MatchesNamesAndAliasesIgnoringCase() =>
        Assert.That(Client.Execute("CONFIG", "GET", "*READ-ONLY"), Is.EqualTo(
            "*4\r\n$17\r\nreplica-read-only\r\n$3\r\nyes\r\n$15\r\nslave-read-only\r\n$3\r\nyes\r\n"));

    [Test]
    public void Get_SeveralPatterns_RepliesEachMatchOnce()
    {
        string reply = Client.Execute("CONFIG", "GET", "maxmemory*", "maxmemory");
        Assert.That(reply, Does.StartWith("*10\r\n$9\r\nmaxmemory\r\n$1\r\n0\r\n$16\r\nmaxmemory-policy\r\n$10\r\nnoeviction\r\n"));
    }

    [Test]
    public void Get_Star_ListsEveryParameter() =>
        Assert.That(Client.Execute("CONFIG", "GET", "*"), Does.StartWith("*").And.Contain("$10\r\nappendonly\r\n$2\r\nno\r\n"));

    [Test]
    public void Set_ThenGet_RepliesNewValue()
    {
        Assert.That(Client.Execute("CONFIG", "SET", "maxmemory", "5KB"), Is.EqualTo("+OK\r\n"));
        Assert.That(Client.Execute("CONFIG", "GET", "maxmemory"), Is.EqualTo("*2\r\n$9\r\nmaxmemory\r\n$4\r\n5120\r\n"));
    }

    // maxmemory is unsigned in Redis: as redis-server 7.0.15, past 2^63 is accepted, past 2^64 saturates, and a
    // multiplication past 2^64 wraps (memtoull).
    [TestCase("9223372036854775808", "9223372036854775808")]
    [TestCase("18446744073709551615", "18446744073709551615")]
    [TestCase("18446744073709551616", "18446744073709551615")]
    [TestCase("17179869184gb", "0")]
    public void Set_MaxMemoryPastSignedRange_StoresItUnsigned(string value, string stored)
    {
        Assert.That(Client.Execute("CONFIG", "SET", "maxmemory", value), Is.EqualTo("+OK\r\n"));
        Assert.That(Client.Execute("CONFIG", "GET", "maxmemory"), Is.EqualTo($"*2\r\n$9\r\nmaxmemory\r\n${stored.Length}\r\n{stored}\r\n"));
    }

    [Test]
    public void Set_MaxMemoryAllOnes_InfoPrintsItSignedAsRedisDoes()
    {
        Client.Execute("CONFIG", "SET", "maxmemory", "18446744073709551615");
        string info = Client.Execute("INFO", "memory");
        Assert.That(info, Does.Contain("\r\nmaxmemory:-1\r\nmaxmemory_human:18446744073709551615B\r\n"));
        Assert.That(Client.Execute("SET", "k", "v"), Is.EqualTo("+OK\r\n")); // no limit in practice
    }

    [Test]
    public void Set_Several_AppliesAll()
    {
        Assert.That(Client.Execute("CONFIG", "SET", "timeout", "30", "maxclients", "50"), Is.EqualTo("+OK\r\n"));
        Assert.That((Harness.Server.Config.Timeout, Harness.Server.Config.MaxClients), Is.EqualTo((30, 50)));
    }

    [Test]
    public void Set_HzAboveLimit_IsClampedTo500()
    {
        Client.Execute("CONFIG", "SET", "hz", "1000");
        Assert.That(Client.Execute("CONFIG", "GET", "hz"), Is.EqualTo("*2\r\n$2\r\nhz\r\n$3\r\n500\r\n"));
    }

    [Test]
    public void Set_EnumInUpperCase_StoresLowerCase()
    {
        Client.Execute("CONFIG", "SET", "maxmemory-policy", "ALLKEYS-LRU");
        Assert.That(Client.Execute("CONFIG", "GET", "maxmemory-policy"), Is.EqualTo("*2\r\n$16\r\nmaxmemory-policy\r\n$11\r\nallkeys-lru\r\n"));
    }

    [Test]
    public void Set_OneValueRefused_LeavesEveryValueUnchanged()
    {
        string reply = Client.Execute("CONFIG", "SET", "timeout", "30", "hz", "abc");
        Assert.Multiple(() =>
        {
            Assert.That(reply, Is.EqualTo("-ERR CONFIG SET failed (possibly related to argument 'hz') - argument couldn't be parsed into an integer\r\n"));
            Assert.That(Harness.Server.Config.Timeout, Is.Zero);
        });
    }

    [TestCase(new[] { "x", "1" }, "-ERR Unknown option or number of arguments for CONFIG SET - 'x'\r\n")]
    [TestCase(new[] { "nosuch", "1", "databases", "3" }, "-ERR Unknown option or number of arguments for CONFIG SET - 'nosuch'\r\n")]
    [TestCase(new[] { "hz", "10", "maxclients" }, "-ERR syntax error\r\n")]
    [TestCase(new[] { "databases", "3" }, "-ERR CONFIG SET failed (possibly related to argument 'databases') - can't set immutable config\r\n")]
    [TestCase(new[] { "databases", "3", "nosuch", "1" }, "-ERR CONFIG SET failed (possibly related to argument 'databases') - can't set immutable config\r\n")]
    [TestCase(new[] { "hz", "x", "databases", "3" }, "-ERR CONFIG SET failed (possibly related to argument 'databases') - can't set immutable config\r\n")]
    [TestCase(new[] { "dir", "/tmp" }, "-ERR CONFIG SET failed (possibly related to argument 'dir') - can't set protected config\r\n")]
    [TestCase(new[] { "hz", "20", "HZ", "30" }, "-ERR CONFIG SET failed (possibly related to argument 'HZ') - duplicate parameter\r\n")]
    [TestCase(new[] { "HZ", "x" }, "-ERR CONFIG SET failed (possibly related to argument 'hz') - argument couldn't be parsed into an integer\r\n")]
    [TestCase(new[] { "hz", "+5" }, "-ERR CONFIG SET failed (possibly related to argument 'hz') - argument couldn't be parsed into an integer\r\n")]
    [TestCase(new[] { "slave-read-only", "x" }, "-ERR CONFIG SET failed (possibly related to argument 'slave-read-only') - argument must be 'yes' or 'no'\r\n")]
    [TestCase(new[] { "timeout", "-1" }, "-ERR CONFIG SET failed (possibly related to argument 'timeout') - argument must be between 0 and 2147483647 inclusive\r\n")]
    [TestCase(new[] { "maxclients", "0" }, "-ERR CONFIG SET failed (possibly related to argument 'maxclients') - argument must be between 1 and 4294967295 inclusive\r\n")]
    [TestCase(new[] { "maxmemory", "10x" }, "-ERR CONFIG SET failed (possibly related to argument 'maxmemory') - argument must be a memory value\r\n")]
    [TestCase(new[] { "maxmemory", "-1" }, "-ERR CONFIG SET failed (possibly related to argument 'maxmemory') - argument must be a memory value\r\n")]
    [TestCase(new[] { "proto-max-bulk-len", "10" }, "-ERR CONFIG SET failed (possibly related to argument 'proto-max-bulk-len') - argument must be between 1048576 and 9223372036854775807 inclusive\r\n")]
    [TestCase(new[] { "slowlog-log-slower-than", "-2" }, "-ERR CONFIG SET failed (possibly related to argument 'slowlog-log-slower-than') - argument must be between -1 and 9223372036854775807 inclusive\r\n")]
    [TestCase(new[] { "maxmemory-policy", "foo" }, "-ERR CONFIG SET failed (possibly related to argument 'maxmemory-policy') - argument(s) must be one of the following: volatile-lru, volatile-lfu, volatile-random, volatile-ttl, allkeys-lru, allkeys-lfu, allkeys-random, noeviction\r\n")]
    [TestCase(new[] { "loglevel", "foo" }, "-ERR CONFIG SET failed (possibly related to argument 'loglevel') - argument(s) must be one of the following: debug, verbose, notice, warning\r\n")]
    [TestCase(new[] { "appendonly", "maybe" }, "-ERR CONFIG SET failed (possibly related to argument 'appendonly') - argument must be 'yes' or 'no'\r\n")]
    [TestCase(new[] { "save", "1 2 3" }, "-ERR CONFIG SET failed (possibly related to argument 'save') - Invalid save parameters\r\n")]
    [TestCase(new[] { "save", "0 10" }, "-ERR CONFIG SET failed (possibly related to argument 'save') - Invalid save parameters\r\n")]
    public void Set_Refused_RepliesRedisError(string[] arguments, string expected) =>
        Assert.That(Client.Execute(["CONFIG", "SET", .. arguments]), Is.EqualTo(expected));

    [Test]
    public void Set_SaveEmpty_IsAccepted() => Assert.That(Client.Execute("CONFIG", "SET", "save", ""), Is.EqualTo("+OK\r\n"));

    [Test]
    public void Set_SaveSchedule_IsReportedBack()
    {
        Client.Execute("CONFIG", "SET", "save", " 900  1 60 10000 ");
        Assert.That(Client.Execute("CONFIG", "GET", "save"), Is.EqualTo("*2\r\n$4\r\nsave\r\n$14\r\n900 1 60 10000\r\n"));
    }

    [Test]
    public void Set_AppendOnlyYes_FailsAsRedisDoesWhenAofCannotStart()
    {
        // The AOF directory cannot be created (a file is in the way), so the rewrite that turns AOF on cannot start.
        string dir = Directory.CreateTempSubdirectory("mini-redis-config-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "appendonlydir"), "");
            Harness.Server.Config.SetDir(dir);
            var log = new List<string>();
            Harness.Server.Log.Sink = log.Add;
            Assert.Multiple(() =>
            {
                Assert.That(Client.Execute("CONFIG", "SET", "appendonly", "yes"), Is.EqualTo(
                    "-ERR CONFIG SET failed (possibly related to argument 'appendonly') - Unable to turn on AOF. Check server logs.\r\n"));
                Assert.That(Client.Execute("CONFIG", "GET", "appendonly"), Is.EqualTo(Resp.BulkArray("appendonly", "no")));
                Assert.That(log, Has.Some.Contains("Can't open or create append-only dir appendonlydir"));
            });
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void Set_RequirePass_IsReportedByConfigGet()
    {
        Client.Execute("CONFIG", "SET", "requirepass", "secret");
        Assert.That(Client.Execute("CONFIG", "GET", "requirepass"), Is.EqualTo(Resp.BulkArray("requirepass", "secret")));
    }

    [Test]
    public void Set_MaxClients_LimitsNewConnections()
    {
        Client.Execute("CONFIG", "SET", "maxclients", "1");
        Assert.That(Harness.Server.Config.MaxClients, Is.EqualTo(1));
    }

    [Test]
    public void ResetStat_ZeroesCountersAndCommandStats()
    {
        Client.Execute("GET", "missing");
        Client.Execute("NOSUCHCOMMAND");
        Assert.That(Client.Execute("CONFIG", "RESETSTAT"), Is.EqualTo("+OK\r\n"));
        string info = Client.Execute("INFO", "stats", "commandstats", "errorstats");
        Assert.Multiple(() =>
        {
            Assert.That(info, Does.Contain("\r\ntotal_commands_processed:1\r\n"), "the RESETSTAT itself");
            Assert.That(info, Does.Contain("\r\nkeyspace_misses:0\r\n"));
            Assert.That(info, Does.Contain("\r\ntotal_error_replies:0\r\n"));
            Assert.That(info, Does.Contain("cmdstat_config|resetstat:calls=1,").And.Not.Contain("cmdstat_get:"));
            Assert.That(info, Does.Not.Contain("errorstat_"));
        });
    }

    [Test]
    public void Rewrite_WithoutConfigFile_RepliesRedisError() =>
        Assert.That(Client.Execute("CONFIG", "REWRITE"), Is.EqualTo("-ERR The server is running without a config file\r\n"));

    [Test]
    public void Help_RepliesRedisHelpText() =>
        Assert.That(Client.Execute("CONFIG", "HELP"), Is.EqualTo(
            "*11\r\n+CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+GET <pattern>\r\n"
            + "+    Return parameters matching the glob-like <pattern> and their values.\r\n+SET <directive> <value>\r\n"
            + "+    Set the configuration <directive> to <value>.\r\n+RESETSTAT\r\n+    Reset statistics reported by the INFO command.\r\n"
            + "+REWRITE\r\n+    Rewrite the configuration file.\r\n+HELP\r\n+    Prints this help.\r\n"));

    [Test]
    public void Config_NoSubcommand_RepliesArityError() =>
        Assert.That(Client.Execute("CONFIG"), Is.EqualTo("-ERR wrong number of arguments for 'config' command\r\n"));

    [Test]
    public void ConfigLoader_ImmutableParameterAtStartup_IsApplied()
    {
        var config = new ServerConfig();
        ConfigLoader.Load(config, ["--databases", "4", "--port", "7000"]);
        Assert.That((config.Databases, config.Port), Is.EqualTo((4, 7000)));
    }

    [TestCase("daemonize", "yes")]
    [TestCase("aof-timestamp-enabled", "yes")]
    public void ConfigLoader_FeatureThisServerLacks_IsRefusedAtStartup(string name, string value) =>
        Assert.That(() => ConfigLoader.Load(new ServerConfig(), [$"--{name}", .. value.Split(' ')]), Throws.TypeOf<ConfigException>());

    [TestCase("1k", 1000)]
    [TestCase("1kb", 1024)]
    [TestCase("2MB", 2 * 1024 * 1024)]
    [TestCase("3g", 3_000_000_000)]
    [TestCase("42", 42)]
    [TestCase("k", 0)]  // memtoull: no digits is strtoull("") = 0; redis-server 7.0.15 takes CONFIG SET maxmemory k
    [TestCase("", 0)]
    [TestCase("17179869184gb", 0)] // 2^64: the unit's product wraps, as 7.0.15 does
    public void TryParseMemory_Units_FollowRedis(string text, long expected)
    {
        Assert.That(ServerConfig.TryParseMemory(text, out long bytes), Is.True);
        Assert.That(bytes, Is.EqualTo(expected));
    }

    [TestCase("-1")]
    [TestCase("+1")]
    [TestCase("1x")]
    [TestCase("1 kb")]
    [TestCase("9223372036854775808")] // a signed setting's limit
    [TestCase("00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001")] // 128 digits: memtoull's buffer is too small
    public void TryParseMemory_Invalid_Fails(string text) => Assert.That(ServerConfig.TryParseMemory(text, out _), Is.False);
}
