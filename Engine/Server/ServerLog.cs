using System.Globalization;

namespace Reactor.MiniRedis.Engine.Server;

/// <summary>
/// serverLog: lines in Redis's format, <c>pid:M 24 Nov 2026 20:55:35.123 * message</c>, filtered by
/// <c>loglevel</c> and written to <c>logfile</c> or standard output. Not on the hot path.
/// </summary>
public sealed class ServerLog(ServerConfig config)
{
    private static readonly int s_pid = Environment.ProcessId;

    /// <summary>Receives every line written, in addition to the log file or standard output (tests capture it).</summary>
    public Action<string>? Sink { get; set; }

    /// <summary>When false, lines go only to <see cref="Sink"/> (an embedded server keeps the host's console clean).</summary>
    public bool WriteToConsole { get; set; } = true;

    public void Debug(string message) => Write(0, '.', message);

    public void Verbose(string message) => Write(1, '-', message);

    public void Notice(string message) => Write(2, '*', message);

    public void Warning(string message) => Write(3, '#', message);

    private void Write(int level, char mark, string message)
    {
        if (level < LevelOf(config.LogLevel))
        {
            return;
        }
        string line = string.Create(CultureInfo.InvariantCulture,
            $"{s_pid}:M {DateTime.Now:dd MMM yyyy HH:mm:ss.fff} {mark} {message}");
        Sink?.Invoke(line);
        if (config.LogFile.Length > 0)
        {
            File.AppendAllText(config.LogFile, line + Environment.NewLine);
        }
        else if (WriteToConsole)
        {
            Console.Out.WriteLine(line);
        }
    }

    private static int LevelOf(string name) => name switch
    {
        "debug" => 0,
        "verbose" => 1,
        "notice" => 2,
        "warning" => 3,
        _ => 4,
    };
}
