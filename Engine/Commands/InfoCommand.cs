using System.Globalization;
using System.Text;
using Reactor.MiniRedis.Engine.Memory;
using Reactor.MiniRedis.Engine.Networking;
using Reactor.MiniRedis.Engine.Persistence;
using Reactor.MiniRedis.Engine.Server;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Engine.Commands;

/// <summary>
/// INFO: genRedisInfoString in redis/redis src/server.c, with Redis 7.0's sections, field names and layout
/// ("# Section" headers, "name:value" lines, CRLF endings, a blank line between sections). Fields report real
/// values; those of features this server does not have (forks, replicas, AOF, defrag, ...) report the value
/// Redis reports while the feature is idle.
/// </summary>
public static class InfoCommand
{
    /// <summary>Sections of <c>INFO</c> and <c>INFO default</c> (default_sections in genInfoSectionDict).</summary>
    private static readonly string[] s_defaultSections =
        ["server", "clients", "memory", "persistence", "stats", "replication", "cpu", "module_list", "errorstats", "cluster", "keyspace"];

    private static readonly string s_buildId = Convert.ToHexStringLower(typeof(InfoCommand).Assembly.ManifestModule.ModuleVersionId.ToByteArray()[..8]);

    /// <summary>INFO [section [section ...]]</summary>
    public static void Info(CommandContext ctx)
    {
        var sections = new HashSet<string>(StringComparer.Ordinal);
        bool all = false;
        if (ctx.ArgCount == 1)
        {
            sections.UnionWith(s_defaultSections);
        }
        for (int i = 1; i < ctx.ArgCount; i++)
        {
            string section = Encoding.Latin1.GetString(ctx.Arg(i)).ToLowerInvariant();
            if (section == "default")
            {
                sections.UnionWith(s_defaultSections);
            }
            else if (section is "all" or "everything")
            {
                all = true;
            }
            else
            {
                sections.Add(section);
            }
        }
        ctx.Reply.WriteVerbatim(Encoding.UTF8.GetBytes(Build(ctx.Server, sections, all)), "txt"u8);
    }

    /// <summary>
    /// The INFO text for <paramref name="sections"/> (lower-case names) or for every section when
    /// <paramref name="all"/>, in Redis's section order. Unknown section names add nothing.
    /// </summary>
    internal static string Build(RedisServer server, IReadOnlySet<string> sections, bool all)
    {
        bool Wants(string name) => all || sections.Contains(name);
        (bool Wanted, string Header, Action<StringBuilder, RedisServer> Append)[] parts =
        [
            (Wants("server"), "Server", AppendServer),
            (Wants("clients"), "Clients", AppendClients),
            (Wants("memory"), "Memory", AppendMemory),
            (Wants("persistence"), "Persistence", AppendPersistence),
            (Wants("stats"), "Stats", AppendStats),
            (Wants("replication"), "Replication", AppendReplication),
            (Wants("cpu"), "CPU", AppendCpu),
            (Wants("module_list") || Wants("modules"), "Modules", (_, _) => { }),
            (Wants("commandstats"), "Commandstats", AppendCommandStats),
            (Wants("errorstats"), "Errorstats", AppendErrorStats),
            (Wants("latencystats"), "Latencystats", AppendLatencyStats),
            (Wants("cluster"), "Cluster", (text, _) => Field(text, "cluster_enabled", 0)),
            (Wants("keyspace"), "Keyspace", AppendKeyspace),
        ];
        var info = new StringBuilder();
        foreach ((bool wanted, string header, Action<StringBuilder, RedisServer> append) in parts)
        {
            if (!wanted)
            {
                continue;
            }
            if (info.Length > 0)
            {
                info.Append("\r\n");
            }
            info.Append("# ").Append(header).Append("\r\n");
            append(info, server);
        }
        return info.ToString();
    }

    /// <summary>
    /// bytesToHuman in redis/redis src/server.c: 1016.05K, 6.77M, ... up to P; from 1024P on, the bytes again.
    /// </summary>
    internal static string BytesToHuman(ulong bytes)
    {
        // The unit is chosen on the integer (n < 1024^k), as Redis does, and only then divided as a double.
        string units = "KMGTP";
        ulong unitBytes = 1;
        for (int i = 0; i < units.Length; i++)
        {
            unitBytes *= 1024;
            if (bytes < unitBytes * 1024)
            {
                return bytes < unitBytes
                    ? bytes.ToString(CultureInfo.InvariantCulture) + "B"
                    : ((double)bytes / unitBytes).ToString("F2", CultureInfo.InvariantCulture) + units[i];
            }
        }
        return bytes.ToString(CultureInfo.InvariantCulture) + "B";
    }

    private static void AppendServer(StringBuilder text, RedisServer server)
    {
        long nowMilliseconds = server.Time.GetUtcNow().ToUnixTimeMilliseconds();
        long uptimeSeconds = (nowMilliseconds - server.StartTimeUnixMilliseconds) / 1000;
        Field(text, "redis_version", RedisServer.RedisVersion);
        Field(text, "redis_git_sha1", "00000000");
        Field(text, "redis_git_dirty", 0);
        Field(text, "redis_build_id", s_buildId);
        Field(text, "redis_mode", "standalone");
        Field(text, "os", ResourceUsage.OperatingSystemName());
        Field(text, "arch_bits", IntPtr.Size * 8);
        Field(text, "monotonic_clock", OperatingSystem.IsWindows() ? "QueryPerformanceCounter" : "POSIX clock_gettime");
        Field(text, "multiplexing_api", server.PollerName);
        Field(text, "process_id", Environment.ProcessId);
        Field(text, "process_supervised", "no");
        Field(text, "run_id", server.RunId);
        Field(text, "tcp_port", server.Port);
        Field(text, "server_time_usec", server.Time.GetUtcNow().Subtract(DateTimeOffset.UnixEpoch).Ticks / 10);
        Field(text, "uptime_in_seconds", uptimeSeconds);
        Field(text, "uptime_in_days", uptimeSeconds / 86400);
        Field(text, "hz", server.Config.Hz);
        Field(text, "configured_hz", server.Config.Hz);
        Field(text, "lru_clock", nowMilliseconds / 1000 & ((1 << 24) - 1));
        Field(text, "executable", Environment.ProcessPath ?? "");
        Field(text, "config_file", server.Config.ConfigFile);
        Field(text, "io_threads_active", 0);
    }

    private static void AppendClients(StringBuilder text, RedisServer server)
    {
        long maxInput = 0, maxOutput = 0;
        foreach (Connection client in server.Clients.Values)
        {
            maxInput = Math.Max(maxInput, client.QueryBufferLength);
            maxOutput = Math.Max(maxOutput, client.Reply.Buffer.Length);
        }
        Field(text, "connected_clients", server.Clients.Count);
        Field(text, "cluster_connections", 0);
        Field(text, "maxclients", server.Config.MaxClients);
        Field(text, "client_recent_max_input_buffer", maxInput);
        Field(text, "client_recent_max_output_buffer", maxOutput);
        // Clients held back by CLIENT PAUSE count as blocked, as in Redis (BLOCKED_POSTPONE).
        Field(text, "blocked_clients", server.Blocking.Count + server.ClientPause.PostponedCount);
        Field(text, "tracking_clients", server.Tracking.ClientCount);
        Field(text, "clients_in_timeout_table", server.Blocking.TimeoutCount);
    }

    // used_memory is the server's own accounting (Memory.UsedMemory: what building the server took, the clients'
    // buffers, and keys, values and tables by the heap model of Storage.MemoryAccounting), the counterpart of what
    // Redis's allocator counts and what maxmemory is compared with. allocator_allocated and allocator_active are the
    // garbage collector's heap in use (garbage included until collected) and committed; the rss is the kernel's.
    private static void AppendMemory(StringBuilder text, RedisServer server)
    {
        UsedMemory memory = server.Memory;
        long clientsMemory = memory.SampleClients();
        long used = memory.Total;
        server.Stats.UpdatePeakMemory(used);
        long peak = server.Stats.PeakMemory;
        long overhead = memory.Overhead;
        long dataset = used - overhead;
        long rss = ResourceUsage.ResidentSetSize();
        long system = ResourceUsage.TotalSystemMemory();
        Field(text, "used_memory", used);
        Field(text, "used_memory_human", BytesToHuman((ulong)used));
        Field(text, "used_memory_rss", rss);
        Field(text, "used_memory_rss_human", BytesToHuman((ulong)rss));
        Field(text, "used_memory_peak", peak);
        Field(text, "used_memory_peak_human", BytesToHuman((ulong)peak));
        Field(text, "used_memory_peak_perc", Percent(used, peak) + "%");
        Field(text, "used_memory_overhead", overhead);
        Field(text, "used_memory_startup", memory.Startup);
        Field(text, "used_memory_dataset", dataset);
        Field(text, "used_memory_dataset_perc", Percent(dataset, Math.Max(1, used - memory.Startup)) + "%");
        Field(text, "allocator_allocated", GC.GetTotalMemory(false));
        Field(text, "allocator_active", GC.GetGCMemoryInfo().TotalCommittedBytes);
        Field(text, "total_system_memory", system);
        Field(text, "total_system_memory_human", BytesToHuman((ulong)system));
        Field(text, "maxmemory", unchecked((long)server.Config.MaxMemory)); // %lld of an unsigned long long, as Redis prints it
        Field(text, "maxmemory_human", BytesToHuman(server.Config.MaxMemory));
        Field(text, "maxmemory_policy", server.Config.MaxMemoryPolicy);
        Field(text, "mem_fragmentation_ratio", (used == 0 ? 0 : (double)rss / used).ToString("F2", CultureInfo.InvariantCulture));
        Field(text, "mem_fragmentation_bytes", rss - used);
        Field(text, "mem_not_counted_for_evict", 0);
        Field(text, "mem_clients_slaves", 0);
        Field(text, "mem_clients_normal", clientsMemory);
        Field(text, "lazyfree_pending_objects", server.Keyspace.LazyFree.PendingObjects);
        Field(text, "lazyfreed_objects", server.Keyspace.LazyFree.FreedObjects);
    }

    // The persistence section: RDB saves, then the AOF (its sizes only while appendonly is yes).
    private static void AppendPersistence(StringBuilder text, RedisServer server)
    {
        RdbPersistence rdb = server.Persistence;
        long processed = rdb.CurrentSaveKeysProcessed, total = rdb.CurrentSaveKeysTotal;
        Field(text, "loading", 0);
        Field(text, "async_loading", 0);
        Field(text, "current_cow_peak", 0);
        Field(text, "current_cow_size", 0);
        Field(text, "current_cow_size_age", 0);
        Field(text, "current_fork_perc", (total == 0 ? 0 : processed * 100.0 / total).ToString("F2", CultureInfo.InvariantCulture));
        Field(text, "current_save_keys_processed", processed);
        Field(text, "current_save_keys_total", total);
        Field(text, "rdb_changes_since_last_save", server.Dirty);
        Field(text, "rdb_bgsave_in_progress", rdb.BackgroundSaveInProgress ? 1 : 0);
        Field(text, "rdb_last_save_time", server.LastSaveUnixSeconds);
        Field(text, "rdb_last_bgsave_status", rdb.LastBackgroundSaveOk ? "ok" : "err");
        Field(text, "rdb_last_bgsave_time_sec", rdb.LastBackgroundSaveSeconds);
        Field(text, "rdb_current_bgsave_time_sec", rdb.CurrentBackgroundSaveSeconds);
        Field(text, "rdb_saves", rdb.Saves);
        Field(text, "rdb_last_cow_size", 0);
        Field(text, "rdb_last_load_keys_expired", rdb.LastLoadKeysExpired);
        Field(text, "rdb_last_load_keys_loaded", rdb.LastLoadKeysLoaded);
        AofPersistence aof = server.Aof;
        Field(text, "aof_enabled", aof.State != AofState.Off ? 1 : 0);
        Field(text, "aof_rewrite_in_progress", aof.RewriteInProgress ? 1 : 0);
        Field(text, "aof_rewrite_scheduled", aof.RewriteScheduled ? 1 : 0);
        Field(text, "aof_last_rewrite_time_sec", aof.LastRewriteSeconds);
        Field(text, "aof_current_rewrite_time_sec", aof.CurrentRewriteSeconds);
        Field(text, "aof_last_bgrewrite_status", aof.LastRewriteOk ? "ok" : "err");
        Field(text, "aof_rewrites", aof.Rewrites);
        Field(text, "aof_rewrites_consecutive_failures", aof.ConsecutiveFailures);
        Field(text, "aof_last_write_status", aof.LastWriteOk ? "ok" : "err");
        Field(text, "aof_last_cow_size", 0);
        Field(text, "module_fork_in_progress", 0);
        Field(text, "module_fork_last_cow_size", 0);
        if (server.Config.AppendOnly)
        {
            Field(text, "aof_current_size", aof.CurrentSize);
            Field(text, "aof_base_size", aof.BaseSize);
            Field(text, "aof_pending_rewrite", aof.RewriteScheduled ? 1 : 0);
            Field(text, "aof_buffer_length", aof.BufferLength);
            Field(text, "aof_pending_bio_fsync", aof.PendingFsyncs);
            Field(text, "aof_delayed_fsync", aof.DelayedFsyncs);
        }
    }

    private static void AppendStats(StringBuilder text, RedisServer server)
    {
        ServerStats stats = server.Stats;
        long expired = -stats.ExpiredKeysAtReset + stats.ExpiredKeys;
        for (int i = 0; i < server.Keyspace.Count; i++)
        {
            expired += server.Keyspace[i].ExpiredKeys;
        }
        Field(text, "total_connections_received", stats.TotalConnectionsReceived);
        Field(text, "total_commands_processed", stats.TotalCommandsProcessed);
        Field(text, "instantaneous_ops_per_sec", stats.InstantaneousOpsPerSecond);
        Field(text, "total_net_input_bytes", stats.NetInputBytes);
        Field(text, "total_net_output_bytes", stats.NetOutputBytes);
        Field(text, "total_net_repl_input_bytes", 0);
        Field(text, "total_net_repl_output_bytes", 0);
        Field(text, "instantaneous_input_kbps", Kbps(stats.InstantaneousInputBytesPerSecond));
        Field(text, "instantaneous_output_kbps", Kbps(stats.InstantaneousOutputBytesPerSecond));
        Field(text, "instantaneous_input_repl_kbps", "0.00");
        Field(text, "instantaneous_output_repl_kbps", "0.00");
        Field(text, "rejected_connections", stats.RejectedConnections);
        Field(text, "sync_full", 0);
        Field(text, "sync_partial_ok", 0);
        Field(text, "sync_partial_err", 0);
        Field(text, "expired_keys", expired);
        Field(text, "expired_stale_perc", (server.ActiveExpiry.StaleFraction * 100).ToString("F2", CultureInfo.InvariantCulture));
        Field(text, "expired_time_cap_reached_count", server.ActiveExpiry.TimeCapReachedCount);
        Field(text, "expire_cycle_cpu_milliseconds", server.ActiveExpiry.CycleTimeUsedMicroseconds / 1000);
        Field(text, "evicted_keys", stats.EvictedKeys);
        Field(text, "evicted_clients", 0);
        Field(text, "total_eviction_exceeded_time", (stats.TotalEvictionExceededMicroseconds + stats.CurrentEvictionExceededMicroseconds) / 1000);
        Field(text, "current_eviction_exceeded_time", stats.CurrentEvictionExceededMicroseconds / 1000);
        Field(text, "keyspace_hits", stats.KeyspaceHits);
        Field(text, "keyspace_misses", stats.KeyspaceMisses);
        Field(text, "pubsub_channels", server.PubSub.ChannelCount);
        Field(text, "pubsub_patterns", server.PubSub.PatternCount);
        Field(text, "pubsubshard_channels", server.PubSub.ShardChannelCount);
        Field(text, "latest_fork_usec", server.Persistence.LatestSnapshotMicroseconds);
        Field(text, "total_forks", 0);
        Field(text, "migrate_cached_sockets", 0);
        Field(text, "slave_expires_tracked_keys", 0);
        Field(text, "active_defrag_hits", 0);
        Field(text, "active_defrag_misses", 0);
        Field(text, "active_defrag_key_hits", 0);
        Field(text, "active_defrag_key_misses", 0);
        Field(text, "total_active_defrag_time", 0);
        Field(text, "current_active_defrag_time", 0);
        Field(text, "tracking_total_keys", server.Tracking.TotalKeys);
        Field(text, "tracking_total_items", server.Tracking.TotalItems);
        Field(text, "tracking_total_prefixes", server.Tracking.TotalPrefixes);
        Field(text, "unexpected_error_replies", 0);
        Field(text, "total_error_replies", stats.TotalErrorReplies);
        Field(text, "dump_payload_sanitizations", 0);
        Field(text, "total_reads_processed", stats.TotalReadsProcessed);
        Field(text, "total_writes_processed", stats.TotalWritesProcessed);
        Field(text, "io_threaded_reads_processed", 0);
        Field(text, "io_threaded_writes_processed", 0);
        Field(text, "reply_buffer_shrinks", 0);
        Field(text, "reply_buffer_expands", 0);
        Field(text, "acl_access_denied_auth", stats.AclDeniedAuth);
        Field(text, "acl_access_denied_cmd", stats.AclDeniedCommand);
        Field(text, "acl_access_denied_key", stats.AclDeniedKey);
        Field(text, "acl_access_denied_channel", stats.AclDeniedChannel);
        AppendGarbageCollection(text);
    }

    // Not Redis fields: the .NET GC's collections per generation and total pause time since the process started,
    // after Redis's own, so a script can check that a redis-benchmark run caused no gen2 collection (clients
    // ignore fields they do not know). Process-wide counters: CONFIG RESETSTAT does not reset them.
    private static void AppendGarbageCollection(StringBuilder text)
    {
        Field(text, "gc_gen0_collections", GC.CollectionCount(0));
        Field(text, "gc_gen1_collections", GC.CollectionCount(1));
        Field(text, "gc_gen2_collections", GC.CollectionCount(2));
        Field(text, "gc_pause_time_ms", (long)GC.GetTotalPauseDuration().TotalMilliseconds);
    }

    // A master without replicas or a backlog, as Redis reports itself before any replica connects.
    private static void AppendReplication(StringBuilder text, RedisServer server)
    {
        Field(text, "role", "master");
        Field(text, "connected_slaves", 0);
        Field(text, "master_failover_state", "no-failover");
        Field(text, "master_replid", server.ReplicationId);
        Field(text, "master_replid2", new string('0', 40));
        Field(text, "master_repl_offset", 0);
        Field(text, "second_repl_offset", -1);
        Field(text, "repl_backlog_active", 0);
        Field(text, "repl_backlog_size", server.Config.GetPassive("repl-backlog-size"));
        Field(text, "repl_backlog_first_byte_offset", 0);
        Field(text, "repl_backlog_histlen", 0);
    }

    private static void AppendCpu(StringBuilder text, RedisServer server)
    {
        (double user, double system) = ResourceUsage.ProcessCpu();
        Field(text, "used_cpu_sys", Seconds(system));
        Field(text, "used_cpu_user", Seconds(user));
        Field(text, "used_cpu_sys_children", Seconds(0));
        Field(text, "used_cpu_user_children", Seconds(0));
        if (ResourceUsage.ThreadCpu() is (double threadUser, double threadSystem))
        {
            // INFO runs on the event-loop thread, so the calling thread is the main thread Redis means.
            Field(text, "used_cpu_sys_main_thread", Seconds(threadSystem));
            Field(text, "used_cpu_user_main_thread", Seconds(threadUser));
        }
    }

    // Commands (and subcommands) that were called, rejected or failed, in table order.
    private static void AppendCommandStats(StringBuilder text, RedisServer server)
    {
        foreach (CommandSpec c in CommandTable.Flattened)
        {
            CommandStats s = server.CommandStats[c.Id];
            if (s.IsEmpty)
            {
                continue;
            }
            double perCall = s.Calls == 0 ? 0 : (double)s.Microseconds / s.Calls;
            text.Append(CultureInfo.InvariantCulture,
                $"cmdstat_{c.Name}:calls={s.Calls},usec={s.Microseconds},usec_per_call={perCall:F2},rejected_calls={s.RejectedCalls},failed_calls={s.FailedCalls}\r\n");
        }
    }

    // The latencystats section: empty while latency-tracking is off.
    private static void AppendLatencyStats(StringBuilder text, RedisServer server)
    {
        if (server.Config.LatencyTracking)
        {
            server.CommandLatencies.AppendInfo(text, server.Config.LatencyTrackingInfoPercentiles);
        }
    }

    private static void AppendErrorStats(StringBuilder text, RedisServer server)
    {
        foreach ((string code, long count) in server.Stats.ErrorCodes)
        {
            text.Append(CultureInfo.InvariantCulture, $"errorstat_{code}:count={count}\r\n");
        }
    }

    private static void AppendKeyspace(StringBuilder text, RedisServer server)
    {
        for (int i = 0; i < server.Keyspace.Count; i++)
        {
            Database db = server.Keyspace[i];
            if (db.Count > 0 || db.ExpiresCount > 0)
            {
                text.Append(CultureInfo.InvariantCulture, $"db{i}:keys={db.Count},expires={db.ExpiresCount},avg_ttl={db.AverageTtl()}\r\n");
            }
        }
    }

    private static void Field(StringBuilder text, string name, string value) => text.Append(name).Append(':').Append(value).Append("\r\n");

    private static void Field(StringBuilder text, string name, long value) =>
        text.Append(name).Append(':').Append(value.ToString(CultureInfo.InvariantCulture)).Append("\r\n");

    private static string Percent(long part, long whole) =>
        (whole == 0 ? 0 : part * 100.0 / whole).ToString("F2", CultureInfo.InvariantCulture);

    private static string Kbps(long bytesPerSecond) => (bytesPerSecond / 1024.0).ToString("F2", CultureInfo.InvariantCulture);

    private static string Seconds(double seconds) => seconds.ToString("F6", CultureInfo.InvariantCulture);
}
