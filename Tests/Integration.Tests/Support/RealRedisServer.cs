using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace Reactor.MiniRedis.Integration.Tests.Support;

/// <summary>
/// A real <c>redis-server</c> started for a fixture on a free port of 127.0.0.1, without save points or AOF and
/// with a temporary (or given) working directory, so our replies can be compared with Redis's own. Tests that need it are ignored
/// where redis-server is not installed; CI installs it, so there they always run.
/// </summary>
public sealed class RealRedisServer : IDisposable
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly bool _ownsDirectory;

    private RealRedisServer(Process process, string directory, bool ownsDirectory, int port)
    {
        _process = process;
        Directory = directory;
        _ownsDirectory = ownsDirectory;
        Port = port;
    }

    /// <summary>The port it listens on.</summary>
    public int Port { get; }

    /// <summary>Its <c>dir</c>: where it reads and writes its RDB file.</summary>
    public string Directory { get; }

    /// <summary>
    /// Starts redis-server and returns once it answers PING; ignores the test when it is not installed. With a
    /// <paramref name="directory"/>, that is its <c>dir</c> (the caller's to remove) and <paramref name="dbFilename"/>
    /// is loaded at startup when present; otherwise it works in a temporary directory removed on dispose.
    /// <paramref name="settings"/> (<c>--name value</c> pairs) come last, so they override the defaults above.
    /// </summary>
    public static RealRedisServer Start(string? directory = null, string dbFilename = "dump.rdb", params string[] settings)
    {
        bool ownsDirectory = directory is null;
        directory ??= System.IO.Directory.CreateTempSubdirectory("miniredis-real-").FullName;
        return Launch(directory, ownsDirectory, port => ["--port", port, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
            "--daemonize", "no", "--dir", directory, "--dbfilename", dbFilename, .. settings]);
    }

    /// <summary>
    /// Starts redis-server as a user does with a config file: <c>redis-server configFile --port N</c>, in
    /// <paramref name="directory"/> (its working directory, the caller's to remove). Nothing else is passed, so the
    /// file alone decides the other settings (and only <c>port</c> reaches CONFIG REWRITE from the command line).
    /// </summary>
    public static RealRedisServer StartWithConfigFile(string configFile, string directory) =>
        Launch(directory, ownsDirectory: false, port => [configFile, "--port", port]);

    // Starts redis-server with the arguments made for a free port, in `directory`; tries another port on a collision.
    private static RealRedisServer Launch(string directory, bool ownsDirectory, Func<string, string[]> arguments)
    {
        string path = ExternalTool.Require("redis-server");
        // The free port is probed and released before redis-server binds it: on the rare collision, try another.
        for (int attempt = 0; ; attempt++)
        {
            int port = ServerProcess.FreePort();
            var start = new ProcessStartInfo(path)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = directory,
            };
            foreach (string arg in arguments(port.ToString(CultureInfo.InvariantCulture)))
            {
                start.ArgumentList.Add(arg);
            }
            Process process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {path}");
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var server = new RealRedisServer(process, directory, ownsDirectory, port);
            if (server.WaitUntilReady())
            {
                return server;
            }
            server.Kill();
            if (attempt == 2)
            {
                if (ownsDirectory)
                {
                    System.IO.Directory.Delete(directory, recursive: true);
                }
                Assert.Fail($"redis-server did not start on 127.0.0.1 within {s_startTimeout.TotalSeconds} s");
            }
        }
    }

    /// <summary>Opens a raw TCP connection to it.</summary>
    public RawClient Connect() => RawClient.Connect("127.0.0.1", Port);

    /// <summary>Stops the process without saving and removes its directory if it made one.</summary>
    public void Dispose()
    {
        Kill();
        if (!_ownsDirectory)
        {
            return;
        }
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the temporary directory is the system's to clean.
        }
    }

    // Polls with PING until it answers, it exits, or the deadline passes.
    private bool WaitUntilReady()
    {
        DateTime deadline = DateTime.UtcNow + s_startTimeout;
        while (DateTime.UtcNow < deadline && !_process.HasExited)
        {
            try
            {
                using RawClient client = Connect();
                // A server whose config file sets requirepass answers NOAUTH: it is up all the same.
                string reply = client.Execute("PING");
                if (reply == "+PONG\r\n" || reply.StartsWith("-NOAUTH", StringComparison.Ordinal))
                {
                    return true;
                }
            }
            catch (SocketException)
            {
                // Not listening yet.
            }
            Thread.Sleep(20);
        }
        return false;
    }

    private void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        _process.Dispose();
    }
}
