using System.Text;

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
                text.Append(File.ReadAllText(args[0])).Append('\n');
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
                text.Append(' ').Append(Quote(args[i]));
            }
        }
        Apply(config, text.ToString());
    }

    /// <summary>Applies redis.conf text: one <c>name value...</c> per line.</summary>
    public static void Apply(ServerConfig config, string text)
    {
        int lineNumber = 0;
        foreach (string rawLine in text.Split('\n'))
        {
            lineNumber++;
            string line = rawLine.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            List<string>? words = SplitArgs(line);
            if (words is null || words.Count == 0)
            {
                throw new ConfigException($"Reading the configuration file, at line {lineNumber}\n>>> '{line}'\nUnbalanced quotes in configuration line");
            }
            string name = words[0];
            ConfigParameter parameter = config.Find(name)
                ?? throw new ConfigException($"Reading the configuration file, at line {lineNumber}\n>>> '{line}'\nBad directive or wrong number of arguments");
            string? error = parameter.Apply(string.Join(' ', words.Skip(1)));
            if (error is not null)
            {
                throw new ConfigException($"Reading the configuration file, at line {lineNumber}\n>>> '{line}'\n{error}");
            }
        }
    }

    private static string Quote(string value) =>
        value.Length == 0 || value.Any(c => c is ' ' or '"' or '\'' or '\\')
            ? "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\""
            : value;

    /// <summary>sdssplitargs for config lines; null when quotes are unbalanced.</summary>
    private static List<string>? SplitArgs(string line)
    {
        var words = new List<string>();
        int p = 0;
        while (true)
        {
            while (p < line.Length && char.IsWhiteSpace(line[p]))
            {
                p++;
            }
            if (p == line.Length)
            {
                return words;
            }
            var current = new StringBuilder();
            char quote = '\0';
            if (line[p] is '"' or '\'')
            {
                quote = line[p++];
            }
            while (true)
            {
                if (p == line.Length)
                {
                    if (quote != '\0')
                    {
                        return null;
                    }
                    break;
                }
                char c = line[p];
                if (quote == '\0' && char.IsWhiteSpace(c))
                {
                    break;
                }
                if (quote != '\0' && c == '\\' && p + 1 < line.Length)
                {
                    current.Append(line[p + 1] switch { 'n' => '\n', 'r' => '\r', 't' => '\t', var other => other });
                    p += 2;
                    continue;
                }
                if (quote != '\0' && c == quote)
                {
                    p++;
                    break;
                }
                current.Append(c);
                p++;
            }
            words.Add(current.ToString());
        }
    }
}
