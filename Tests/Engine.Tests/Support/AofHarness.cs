using System.Text;
using Reactor.MiniRedis.Engine.Persistence;
using Reactor.MiniRedis.Engine.Server;

namespace Reactor.MiniRedis.Engine.Tests.Support;

/// <summary>
/// An in-memory server (<see cref="ServerHarness"/>) whose <c>dir</c> is a temporary directory of its own, with
/// <c>appendonly yes</c> unless told otherwise, started as the program starts it (the AOF loaded or created), and
/// readers for the AOF files it writes. The directory is removed on dispose; <see cref="Restart"/> starts a new
/// server on the same files.
/// </summary>
internal sealed class AofHarness : IDisposable
{
    private readonly Action<ServerConfig>? _configure;
    private readonly List<string> _log = [];
    private bool _appendOnly;

    public AofHarness(Action<ServerConfig>? configure = null, bool appendOnly = true, bool load = true)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("mini-redis-aof-").FullName;
        _appendOnly = appendOnly;
        _configure = config =>
        {
            config.SetDir(Directory);
            config.AppendOnly = _appendOnly;
            configure?.Invoke(config);
        };
        Harness = Create();
        if (load)
        {
            Assert.That(Server.Aof.LoadDataFromDisk(), Is.True, LogText);
        }
    }

    /// <summary>The server's <c>dir</c>.</summary>
    public string Directory { get; }

    /// <summary>The AOF directory inside it.</summary>
    public string AofDirectory => Path.Combine(Directory, "appendonlydir");

    public ServerHarness Harness { get; private set; }

    public RedisServer Server => Harness.Server;

    /// <summary>Everything the servers logged, in order.</summary>
    public IReadOnlyList<string> Log => _log;

    public string LogText => string.Join("\n", _log);

    public TestClient Connect() => Harness.Connect();

    /// <summary>
    /// Stops the server (its AOF written and closed) and starts a new one on the same directory and at the same time;
    /// returns whether it loaded. <paramref name="appendOnly"/> changes the <c>appendonly</c> it starts with;
    /// <paramref name="whileStopped"/> runs between the two (to change the files).
    /// </summary>
    public bool Restart(bool? appendOnly = null, Action? whileStopped = null)
    {
        _appendOnly = appendOnly ?? _appendOnly;
        DateTimeOffset now = Harness.Time.GetUtcNow();
        Harness.Dispose();
        whileStopped?.Invoke();
        Harness = Create();
        Harness.Time.SetUtcNow(now); // the clock goes on where the stopped server left it
        return Server.Aof.LoadDataFromDisk();
    }

    /// <summary>Writes the AOF buffer to the file, as beforeSleep does.</summary>
    public void Flush() => Server.Aof.Flush(force: true);

    /// <summary>The commands of the current (last) incremental file, one line each: the arguments joined by spaces.</summary>
    public List<string> IncrCommands()
    {
        Flush();
        return ReadCommands(Path.Combine(AofDirectory, Server.Aof.Manifest.Incr[^1].FileName));
    }

    /// <summary>The manifest's text.</summary>
    public string ManifestText() => File.ReadAllText(Path.Combine(AofDirectory, "appendonly.aof.manifest"));

    /// <summary>Waits for the running rewrite's thread and handles its end, as the loop would.</summary>
    public void FinishRewrite()
    {
        AofRewriteChild? child = Server.Aof.Child;
        Assert.That(child, Is.Not.Null, "a rewrite runs");
        child!.Snapshot.CaptureAll(); // the loop's timer would capture it a slice per iteration
        Assert.That(child!.Wait(TimeSpan.FromSeconds(30)), Is.True, "the rewrite finished in time");
        Server.Aof.CheckRewriteDone();
    }

    /// <summary>The commands of an AOF file of commands, one line each (arguments joined by spaces).</summary>
    public static List<string> ReadCommands(string path)
    {
        byte[] data = File.ReadAllBytes(path);
        var commands = new List<string>();
        int i = 0;
        while (i < data.Length)
        {
            Assert.That((char)data[i], Is.EqualTo('*'), $"a command starts at offset {i}");
            int argc = ReadNumber(data, ref i);
            var args = new string[argc];
            for (int j = 0; j < argc; j++)
            {
                int length = ReadNumber(data, ref i);
                args[j] = Encoding.Latin1.GetString(data, i, length);
                i += length + 2;
            }
            commands.Add(string.Join(' ', args));
        }
        return commands;
    }

    public void Dispose()
    {
        Harness.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private ServerHarness Create()
    {
        var harness = new ServerHarness(_configure);
        harness.Server.Log.Sink = line =>
        {
            lock (_log)
            {
                _log.Add(line);
            }
        };
        return harness;
    }

    // "*12\r\n" or "$3\r\n" at i: the number, with i moved past the line.
    private static int ReadNumber(byte[] data, ref int i)
    {
        int end = Array.IndexOf(data, (byte)'\r', i);
        int value = int.Parse(Encoding.ASCII.GetString(data, i + 1, end - i - 1), System.Globalization.CultureInfo.InvariantCulture);
        i = end + 2;
        return value;
    }
}
