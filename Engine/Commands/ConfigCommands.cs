using System.Text;
using Reactor.MiniRedis.Engine.Server;
using Reactor.MiniRedis.Protocol;
using Reactor.MiniRedis.Storage;

namespace Reactor.MiniRedis.Engine.Commands;

/// <summary>The CONFIG subcommands (configGetCommand, configSetCommand, ... in redis/redis src/config.c).</summary>
public static class ConfigCommands
{
    private static readonly string[] s_help =
    [
        "GET <pattern>",
        "    Return parameters matching the glob-like <pattern> and their values.",
        "SET <directive> <value>",
        "    Set the configuration <directive> to <value>.",
        "RESETSTAT",
        "    Reset statistics reported by the INFO command.",
        "REWRITE",
        "    Rewrite the configuration file.",
    ];

    /// <summary>
    /// CONFIG GET parameter [parameter ...]
    /// Mirrors configGetCommand: a name without glob characters is looked up directly (aliases included) and
    /// reported under the name as sent; a pattern is matched, ignoring case, against every name and alias. Each
    /// name is reported once. The reply is a map: name, value, name, value (a flat array in RESP2).
    /// </summary>
    public static void Get(CommandContext ctx)
    {
        ServerConfig config = ctx.Server.Config;
        var matches = new List<(string Name, ConfigParameter Parameter)>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (int i = 2; i < ctx.ArgCount; i++)
        {
            ReadOnlySpan<byte> pattern = ctx.Arg(i);
            if (pattern.IndexOfAny("[*?"u8) < 0)
            {
                string name = Encoding.Latin1.GetString(pattern);
                if (config.Find(name) is { } parameter && seen.Add(name))
                {
                    matches.Add((name, parameter));
                }
                continue;
            }
            foreach (ConfigParameter parameter in config.Parameters)
            {
                foreach (string name in (string[])[parameter.Name, .. parameter.Aliases])
                {
                    if (!seen.Contains(name) && GlobMatcher.IsMatch(pattern, Encoding.ASCII.GetBytes(name), ignoreCase: true))
                    {
                        seen.Add(name);
                        matches.Add((name, parameter));
                    }
                }
            }
        }
        ctx.Reply.WriteMapHeader(matches.Count);
        foreach ((string name, ConfigParameter parameter) in matches)
        {
            ctx.Reply.WriteBulk(Encoding.Latin1.GetBytes(name));
            ctx.Reply.WriteBulk(Encoding.UTF8.GetBytes(parameter.Get()));
        }
    }

    /// <summary>
    /// CONFIG SET parameter value [parameter value ...]
    /// Mirrors configSetCommand: all or nothing. First every name is checked (unknown, immutable, protected,
    /// repeated), then every value is set; if one is refused, the values already set are put back and the
    /// error names the parameter.
    /// </summary>
    public static void Set(CommandContext ctx)
    {
        if ((ctx.ArgCount & 1) != 0)
        {
            ctx.SyntaxError();
            return;
        }
        ServerConfig config = ctx.Server.Config;
        int count = (ctx.ArgCount - 2) / 2;
        var parameters = new ConfigParameter[count];
        string? failedName = null, reason = null;
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> nameBytes = ctx.Arg(2 + i * 2);
            ConfigParameter? parameter = config.Find(Encoding.Latin1.GetString(nameBytes));
            if (parameter is null)
            {
                if (failedName is null)
                {
                    ctx.Error(ErrorText.ConfigSetUnknownOption(nameBytes));
                    return;
                }
                continue;
            }
            if (failedName is not null)
            {
                continue;
            }
            if (parameter.Set is null || parameter.Protected)
            {
                failedName = Encoding.Latin1.GetString(nameBytes);
                reason = parameter.Set is null ? "can't set immutable config" : "can't set protected config";
            }
            else if (Array.IndexOf(parameters, parameter, 0, i) >= 0)
            {
                failedName = Encoding.Latin1.GetString(nameBytes);
                reason = "duplicate parameter";
            }
            parameters[i] = parameter;
        }
        if (failedName is not null)
        {
            ctx.Error(ErrorText.ConfigSetFailed(failedName, reason!));
            return;
        }

        var previous = new string[count];
        for (int i = 0; i < count; i++)
        {
            previous[i] = parameters[i].Get();
        }
        for (int i = 0; i < count; i++)
        {
            string? error = parameters[i].Set!(ctx.ArgString(3 + i * 2));
            if (error is not null)
            {
                // restoreBackupConfig: put back every value set so far, this one included.
                for (int j = i; j >= 0; j--)
                {
                    parameters[j].Set!(previous[j]);
                }
                ctx.Error(ErrorText.ConfigSetFailed(RegisteredName(parameters[i], ctx.ArgString(2 + i * 2)), error));
                return;
            }
        }
        ctx.Reply.WriteOk();
    }

    /// <summary>
    /// CONFIG RESETSTAT: resetServerStats, resetCommandTableStats and resetErrorTableStats. The memory peak
    /// and the keyspace are untouched.
    /// </summary>
    public static void ResetStat(CommandContext ctx)
    {
        RedisServer server = ctx.Server;
        long expired = 0;
        for (int i = 0; i < server.Keyspace.Count; i++)
        {
            expired += server.Keyspace[i].ExpiredKeys;
        }
        server.Stats.Reset(expired);
        server.ActiveExpiry.ResetStats();
        server.Keyspace.LazyFree.ResetStats();
        Array.Clear(server.CommandStats);
        server.CommandLatencies.Reset();
        ctx.Reply.WriteOk();
    }

    /// <summary>
    /// CONFIG REWRITE
    /// Mirrors configRewriteCommand: without a config file Redis refuses; otherwise the file is rewritten with the
    /// current settings (<see cref="ConfigRewriter"/>) and replaced atomically (<see cref="ConfigFileWriter"/>).
    /// A failure is logged and replied with strerror's text.
    /// </summary>
    public static void Rewrite(CommandContext ctx)
    {
        ServerConfig config = ctx.Server.Config;
        if (config.ConfigFile.Length == 0)
        {
            ctx.Error(ErrorText.NoConfigFile);
            return;
        }
        if (ConfigFileWriter.Rewrite(config.ConfigFile, config, ctx.Server.Log) is { } reason)
        {
            ctx.Server.Log.Warning($"CONFIG REWRITE failed: {reason}");
            ctx.Error(ErrorText.RewriteFailed(reason));
            return;
        }
        ctx.Server.Log.Notice("CONFIG REWRITE executed with success.");
        ctx.Reply.WriteOk();
    }

    // The parameter's name as registered that the argument matched: the alias when an alias was used, in
    // lower case ("CONFIG SET HZ x" fails on 'hz', "CONFIG SET slave-read-only x" on 'slave-read-only').
    private static string RegisteredName(ConfigParameter parameter, string argument) =>
        parameter.Aliases.FirstOrDefault(a => a.Equals(argument, StringComparison.OrdinalIgnoreCase)) ?? parameter.Name;

    /// <summary>CONFIG HELP</summary>
    public static void Help(CommandContext ctx) => HelpReply.Write(ctx, s_help);
}
