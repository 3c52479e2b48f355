using System.Text.RegularExpressions;
using Reactor.MiniRedis.Engine.Commands;
using Reactor.MiniRedis.Engine.Server;
using Reactor.MiniRedis.Engine.Tests.Support;

namespace Reactor.MiniRedis.Engine.Tests;

/// <summary>INFO's sections, layout and fields, and the statistics behind them.</summary>
public sealed class InfoCommandTests : CommandTestBase
{
    // Runs after CommandTestBase.StartServer.
    [SetUp]
    public void ResetStats() => Client.Execute("CONFIG", "RESETSTAT"); // command statistics live in the shared command table

    [Test]
    public void Info_NoArguments_RepliesDefaultSectionsInRedisOrder() =>
        Assert.That(Headers(Info()), Is.EqualTo(new[]
        {
            "Server", "Clients", "Memory", "Persistence", "Stats", "Replication", "CPU", "Modules", "Errorstats", "Cluster", "Keyspace",
        }));

    [Test]
    public void Info_Default_SameSectionsAsNoArguments() => Assert.That(Headers(Info("default")), Is.EqualTo(Headers(Info())));

    [TestCase("all")]
    [TestCase("everything")]
    public void Info_All_AddsCommandStats(string section) =>
        Assert.That(Headers(Info(section)), Is.EqualTo(new[]
        {
            "Server", "Clients", "Memory", "Persistence", "Stats", "Replication", "CPU", "Modules", "Commandstats", "Errorstats", "Latencystats", "Cluster", "Keyspace",
        }));

    [Test]
    public void Info_Layout_IsCrlfLinesWithBlankLineBetweenSections()
    {
        string text = Info("server", "clients");
        Assert.Multiple(() =>
        {
            Assert.That(text, Does.StartWith("# Server\r\nredis_version:7.0.15\r\n"));
            Assert.That(text, Does.Contain("\r\n\r\n# Clients\r\nconnected_clients:1\r\n"));
            Assert.That(text, Does.EndWith("clients_in_timeout_table:0\r\n"));
            Assert.That(text.Replace("\r\n", ""), Does.Not.Contain("\n").And.Not.Contain("\r"));
        });
    }

    [Test]
    public void Info_SectionNamesIgnoreCase() => Assert.That(Headers(Info("CPU", "KeySpace")), Is.EqualTo(new[] { "CPU", "Keyspace" }));

    [Test]
    public void Info_UnknownSection_RepliesEmptyBulk() => Assert.That(Client.Execute("INFO", "nosuch"), Is.EqualTo("$0\r\n\r\n"));

    [Test]
    public void Info_Server_HasRedisFields()
    {
        string text = Info("server");
        Assert.Multiple(() =>
        {
            Assert.That(Field(text, "redis_mode"), Is.EqualTo("standalone"));
            Assert.That(Field(text, "arch_bits"), Is.EqualTo("64"));
            Assert.That(Field(text, "multiplexing_api"), Is.EqualTo("fake"));
            Assert.That(Field(text, "process_id"), Is.EqualTo(Environment.ProcessId.ToString()));
            Assert.That(Field(text, "run_id"), Does.Match("^[0-9a-f]{40}$"));
            Assert.That(Field(text, "tcp_port"), Is.EqualTo("6379"));
            Assert.That(Field(text, "hz"), Is.EqualTo("10"));
            Assert.That(Field(text, "configured_hz"), Is.EqualTo("10"));
            Assert.That(Field(text, "config_file"), Is.Empty);
            Assert.That(Field(text, "os"), Is.Not.Empty);
            Assert.That(Field(text, "executable"), Is.Not.Null);
        });
    }

    [Test]
    public void Info_Server_UptimeFollowsTheClock()
    {
        Harness.Time.Advance(TimeSpan.FromDays(2) + TimeSpan.FromSeconds(5));
        string text = Info("server");
        Assert.Multiple(() =>
        {
            Assert.That(Field(text, "uptime_in_seconds"), Is.EqualTo("172805"));
            Assert.That(Field(text, "uptime_in_days"), Is.EqualTo("2"));
            Assert.That(Field(text, "server_time_usec"), Is.EqualTo("1700172805000000"));
        });
    }

    [Test]
    public void Info_Clients_CountsConnections()
    {
        Harness.Connect();
        string text = Info("clients");
        Assert.Multiple(() =>
        {
            Assert.That(Field(text, "connected_clients"), Is.EqualTo("2"));
            Assert.That(Field(text, "maxclients"), Is.EqualTo("10000"));
            Assert.That(Field(text, "blocked_clients"), Is.EqualTo("0"));
        });
    }

    [Test]
    public void Info_Memory_ReportsHeapRssAndLimits()
    {
        Client.Execute("CONFIG", "SET", "maxmemory", "2mb");
        string text = Info("memory");
        Assert.Multiple(() =>
        {
            Assert.That(long.Parse(Field(text, "used_memory")), Is.Positive);
            Assert.That(Field(text, "used_memory_human"), Does.Match(@"^\d+(\.\d\d[KMGTP])?B?$"));
            Assert.That(long.Parse(Field(text, "used_memory_rss")), Is.Positive);
            Assert.That(long.Parse(Field(text, "used_memory_peak")), Is.GreaterThanOrEqualTo(long.Parse(Field(text, "used_memory"))));
            Assert.That(Field(text, "maxmemory"), Is.EqualTo("2097152"));
            Assert.That(Field(text, "maxmemory_human"), Is.EqualTo("2.00M"));
            Assert.That(Field(text, "maxmemory_policy"), Is.EqualTo("noeviction"));
        });
    }

    [Test]
    public void Info_Persistence_ReportsChangesSinceLastSave()
    {
        Client.Execute("SET", "a", "1");
        Client.Execute("SET", "b", "1");
        string text = Info("persistence");
        Assert.Multiple(() =>
        {
            Assert.That(Field(text, "rdb_changes_since_last_save"), Is.EqualTo("2"));
            Assert.That(Field(text, "rdb_last_save_time"), Is.EqualTo("1700000000"));
            Assert.That(Field(text, "aof_enabled"), Is.EqualTo("0"));
            Assert.That(Field(text, "loading"), Is.EqualTo("0"));
        });
    }

    [Test]
    public void Info_Stats_CountsCommandsHitsMissesAndErrors()
    {
        Client.Execute("SET", "k", "v");
        Client.Execute("GET", "k");
        Client.Execute("GET", "missing");
        Client.Execute("NOSUCH");
        string text = Info("stats");
        Assert.Multiple(() =>
        {
            Assert.That(Field(text, "total_commands_processed"), Is.EqualTo("4"), "RESETSTAT, SET, GET, GET");
            Assert.That(Field(text, "keyspace_hits"), Is.EqualTo("1"));
            Assert.That(Field(text, "keyspace_misses"), Is.EqualTo("1"));
            Assert.That(Field(text, "total_error_replies"), Is.EqualTo("1"));
            Assert.That(Field(text, "total_net_input_bytes"), Is.Not.EqualTo("0"));
            Assert.That(Field(text, "instantaneous_ops_per_sec"), Is.EqualTo("0"));
            Assert.That(Field(text, "instantaneous_input_kbps"), Is.EqualTo("0.00"));
        });
    }

    [Test]
    public void Info_Stats_GcFieldsFollowRedisFields()
    {
        string text = Info("stats");
        Assert.That(text, Does.Match(@"\r\nacl_access_denied_channel:\d+\r\ngc_gen0_collections:\d+\r\ngc_gen1_collections:\d+\r\n" +
            @"gc_gen2_collections:\d+\r\ngc_pause_time_ms:\d+\r\n$"));
    }

    [Test]
    public void Info_Stats_GcGen2CollectionsCountsFullCollections()
    {
        int before = GC.CollectionCount(2);
        GC.Collect();
        Assert.That(long.Parse(Field(Info("stats"), "gc_gen2_collections")), Is.GreaterThanOrEqualTo(before + 1));
    }

    [Test]
    public void Info_Stats_ExpiredKeysCountsLazyExpiry()
    {
        Client.Execute("SET", "k", "v", "PX", "100");
        Harness.Time.Advance(TimeSpan.FromSeconds(1));
        Client.Execute("GET", "k");
        Assert.That(Field(Info("stats"), "expired_keys"), Is.EqualTo("1"));
    }

    [Test]
    public void Info_Replication_ReportsStandaloneMaster()
    {
        string text = Info("replication");
        Assert.Multiple(() =>
        {
            Assert.That(text, Does.StartWith("# Replication\r\nrole:master\r\nconnected_slaves:0\r\n"));
            Assert.That(Field(text, "master_replid"), Does.Match("^[0-9a-f]{40}$"));
            Assert.That(Field(text, "master_repl_offset"), Is.EqualTo("0"));
        });
    }

    [Test]
    public void Info_Cpu_ReportsSecondsWithSixDecimals() =>
        Assert.That(Field(Info("cpu"), "used_cpu_user"), Does.Match(@"^\d+\.\d{6}$"));

    [Test]
    public void Info_CommandStats_ReportsCallsAndFailures()
    {
        Client.Execute("SET", "k", "v");
        Client.Execute("GET", "k");
        Client.Execute("GET", "k");
        Client.Execute("GET");
        string text = Info("commandstats");
        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Match(@"\r\ncmdstat_get:calls=2,usec=\d+,usec_per_call=\d+\.\d\d,rejected_calls=1,failed_calls=0\r\n"));
            Assert.That(text, Does.Match(@"\r\ncmdstat_config\|resetstat:calls=1,"));
        });
    }

    [Test]
    public void Info_ErrorStats_CountsByErrorCode()
    {
        Client.Execute("SET", "k", "v");
        Client.Execute("NOSUCH");
        Client.Execute("GET");
        Client.Execute("HELLO", "4");
        Assert.That(Info("errorstats"), Is.EqualTo("# Errorstats\r\nerrorstat_ERR:count=2\r\nerrorstat_NOPROTO:count=1\r\n"));
    }

    [Test]
    public void Info_Keyspace_ListsNonEmptyDatabases()
    {
        Client.Execute("SET", "a", "1");
        Client.Execute("SET", "b", "1", "EX", "100");
        Client.Execute("SELECT", "3");
        Client.Execute("SET", "c", "1");
        Assert.That(Info("keyspace"), Is.EqualTo("# Keyspace\r\ndb0:keys=2,expires=1,avg_ttl=100000\r\ndb3:keys=1,expires=0,avg_ttl=0\r\n"));
    }

    [Test]
    public void Info_KeyspaceEmpty_RepliesHeaderOnly() => Assert.That(Info("keyspace"), Is.EqualTo("# Keyspace\r\n"));

    [Test]
    public void InstantaneousOps_AveragesSamplesOverTheRing()
    {
        var stats = new ServerStats();
        stats.SampleInstantaneousMetrics(0);
        stats.TotalCommandsProcessed = 100;
        stats.NetInputBytes = 2048;
        stats.SampleInstantaneousMetrics(100);
        Assert.Multiple(() =>
        {
            Assert.That(stats.InstantaneousOpsPerSecond, Is.EqualTo(1000 / ServerStats.MetricSamples));
            Assert.That(stats.InstantaneousInputBytesPerSecond, Is.EqualTo(20480 / ServerStats.MetricSamples));
        });
    }

    [Test]
    public void InstantaneousOps_SamplesCloserThanThePeriod_AreSkipped()
    {
        var stats = new ServerStats();
        stats.SampleInstantaneousMetrics(0);
        stats.TotalCommandsProcessed = 100;
        stats.SampleInstantaneousMetrics(50);
        Assert.That(stats.InstantaneousOpsPerSecond, Is.Zero);
    }

    [TestCase(0UL, "0B")]
    [TestCase(1023UL, "1023B")]
    [TestCase(1040432UL, "1016.05K")]
    [TestCase(7094272UL, "6.77M")]
    [TestCase(25276514304UL, "23.54G")]
    [TestCase(1152921504606846975UL, "1024.00P")]
    [TestCase(1152921504606846976UL, "1152921504606846976B")] // from 1024P on, redis-server 7.0.15 prints the bytes
    [TestCase(ulong.MaxValue, "18446744073709551615B")]
    public void BytesToHuman_MatchesRedis(ulong bytes, string expected) =>
        Assert.That(InfoCommand.BytesToHuman(bytes), Is.EqualTo(expected));

    // The text of INFO with the given sections (the bulk reply's payload).
    private string Info(params string[] sections)
    {
        string reply = Client.Execute(["INFO", .. sections]);
        int headerEnd = reply.IndexOf("\r\n", StringComparison.Ordinal);
        int length = int.Parse(reply[1..headerEnd]);
        Assert.That(reply, Has.Length.EqualTo(headerEnd + 2 + length + 2));
        return reply.Substring(headerEnd + 2, length);
    }

    private static List<string> Headers(string text) =>
        Regex.Matches(text, "^# (.+)\r$", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToList();

    private static string Field(string text, string name)
    {
        Match match = Regex.Match(text, $"(?:^|\r\n){Regex.Escape(name)}:([^\r]*)\r\n");
        Assert.That(match.Success, Is.True, $"INFO has no field {name}");
        return match.Groups[1].Value;
    }
}
