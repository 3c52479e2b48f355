using System.Text;
using Reactor.MiniRedis.Engine.Security;
using Reactor.MiniRedis.Protocol;

namespace Reactor.MiniRedis.Engine.Server;

/// <summary>
/// Reads settings the way redis-server does (loadServerConfig in redis/redis src/config.c): an optional config
/// file path as the first argument, then <c>--name value...</c> options that are appended to the file's text, so
/// the command line wins. Lines are split with Redis's quoting rules; <c>#</c> starts a comment.
/// </summary>
public static class ConfigLoader
{
    /// <summary>Applies the file and options in <paramref name="args"/> to <paramref name="config"/>.</summary>
    /// <exception cref="ConfigException">An unknown name, a bad value or an unreadable file.</exception>
    public static void Load(ServerConfig config, string[] args)
    {
        var text = new StringBuilder();
        int i = 0;
        if (args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal))
        {
            try
            {
                // One char per byte, as Redis reads it; Apply turns values into UTF-8 text.
                text.Append(File.ReadAllText(args[0], Encoding.Latin1)).Append('\n');
                config.ConfigFile = Path.GetFullPath(args[0]);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new ConfigException($"Fatal error, can't open config file '{args[0]}': {e.Message}");
            }
            i = 1;
        }
        // "--port 6380 --save 900 1 300 10": each option runs until the next "--name".
        for (; i < args.Length; i++)
        {
            if (args[i].StartsWith("--", StringComparison.Ordinal) && args[i].Length > 2)
            {
                text.Append('\n').Append(args[i][2..]);
            }
            else
            {
                // As redis-server's main: every option argument is appended with sdscatrepr.
                text.Append(' ').Append(ConfigRewriter.FormatString(args[i]));
            }
        }
        Apply(config, text.ToString());
    }

    /// <summary>
    /// Applies redis.conf text: one <c>name value...</c> per line (loadServerConfigFromString). The text holds one char
    /// per byte (Latin-1), so a line is split into the bytes Redis would see; values are then read as UTF-8, as
    /// CONFIG SET reads its arguments. <c>user</c> lines are collected and applied at the end, as
    /// ACLLoadConfiguredUsers does after the whole configuration is read.
    /// </summary>
    public static void Apply(ServerConfig config, string text)
    {
        int lineNumber = 0;
        var users = new List<(string[] Words, string Line, int Number)>();
        foreach (string rawLine in text.Split('\n'))
        {
            lineNumber++;
            string line = rawLine.Trim(' ', '\t', '\r', '\n');
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            List<string>? words = SplitArgs(line);
            if (words is null || words.Count == 0)
            {
                throw LineError(lineNumber, line, "Unbalanced quotes in configuration line");
            }
            string name = words[0];
            if (name.Equals("user", StringComparison.OrdinalIgnoreCase) && words.Count >= 2)
            {
                users.Add(([.. words], line, lineNumber));
                continue;
            }
            ConfigParameter parameter = config.Find(name)
                ?? throw LineError(lineNumber, line, "Bad directive or wrong number of arguments");
            string? error = parameter.Apply(string.Join(' ', words.Skip(1).Select(Utf8)));
            if (error is not null)
            {
                throw LineError(lineNumber, line, error);
            }
        }
        LoadConfiguredUsers(config, users);
    }

    /*
     * ACLAppendUserForLoading + ACLLoadUsersAtStartup/ACLLoadConfiguredUsers: each "user name rules..." line creates
     * the user (the default user is reset instead) and applies its rules in order. A name defined twice, a bad
     * rule or users next to an aclfile stop the startup, with Redis's messages.
     */
    private static void LoadConfiguredUsers(ServerConfig config, List<(string[] Words, string Line, int Number)> users)
    {
        if (users.Count == 0)
        {
            return;
        }
        if (config.Acl.AclFile.Length > 0)
        {
            throw new ConfigException("Configuring Redis with users defined in redis.conf and at the same setting an ACL file path is invalid. This setup is very likely to lead to configuration errors and security holes, please define either an ACL file or declare users directly in your redis.conf, but not both.");
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach ((string[] words, string line, int number) in users)
        {
            string name = words[1];
            if (!seen.Add(name))
            {
                throw LineError(number, line, $"Error in user declaration '{name}': Duplicate user found. A user can only be defined once in config files");
            }
            if (Acl.HasSpaces(Acl.Bytes(name)))
            {
                throw new ConfigException($"Error loading ACLs, user '{name}' contains invalid characters.");
            }
            List<string> rules = Acl.MergeSelectorArguments(words.AsSpan(2), out int unmatched)
                ?? throw LineError(number, line, $"Error in user declaration '{words[unmatched + 2]}': Unmatched parenthesis in acl selector starting at '{words[unmatched + 2]}'.");
            AclUser? user = config.Acl.Find(Acl.Bytes(name));
            if (user is null)
            {
                user = config.Acl.NewUser(name);
                config.Acl.Add(user);
            }
            else
            {
                user.Apply("reset"u8);
            }
            foreach (string rule in rules)
            {
                AclRuleError error = user.Apply(Acl.Bytes(rule));
                if (error != AclRuleError.None)
                {
                    throw LineError(number, line, $"Error in user declaration '{rule}': {Acl.Reason(error)}");
                }
            }
        }
    }

    private static ConfigException LineError(int lineNumber, string line, string reason) =>
        new($"Reading the configuration file, at line {lineNumber}\n>>> '{line}'\n{reason}");

    // A word of the line (one char per byte) as the UTF-8 text CONFIG SET would have received.
    private static string Utf8(string word) => Encoding.UTF8.GetString(Encoding.Latin1.GetBytes(word));

    /*
     * sdssplitargs (redis/redis src/sds.c) over a line of one char per byte: the same splitter inline requests use
     * (InlineSplitter), run over the line's bytes. Returns null for unbalanced quotes (Redis's NULL). Also what
     * CONFIG REWRITE uses to recognise a line's option.
     */
    internal static List<string>? SplitArgs(string line)
    {
        byte[] bytes = Encoding.Latin1.GetBytes(line);
        var slices = new ArgSlice[8];
        if (!InlineSplitter.TrySplit(bytes, ref slices, out int count))
        {
            return null;
        }
        var words = new List<string>(count);
        for (int i = 0; i < count; i++)
        {
            words.Add(Encoding.Latin1.GetString(bytes, slices[i].Offset, slices[i].Length));
        }
        return words;
    }}
