using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace Reactor.MiniRedis.Integration.Tests.Support;

/// <summary>
/// A real <c>redis-server</c> (the 7.0.15 the suite is compared with) run as a child process on a free 127.0.0.1
/// port, for side-by-side tests and as the other side of the persistence interoperability tests. Snapshots and the
/// AOF are off (<c>--save '' --appendonly no</c>) unless the test passes other settings. Killed on dispose; a
/// temporary directory it created is removed. Ignores the test when redis-server is not installed (CI installs it,
/// so there the comparison always runs).
/// </summary>
public sealed class RealRedisServer : IDisposable
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly bool _ownsDirectory;

    private RealRedisServer(Process process, int port, string directory, bool ownsDirectory)
    {
        _process = process;
        Port = port;
        Directory = directory;
        _ownsDirectory = ownsDirectory;
    }

    /// <summary>The port it listens on.</summary>
    public int Port { get; }

    /// <summary>Its <c>dir</c>: where it reads and writes its RDB and AOF files.</summary>
    public string Directory { get; }

    /// <summary>Starts redis-server with no persistence in a temporary directory and waits until it answers PING.</summary>
    public static RealRedisServer Start() =>
        Start(System.IO.Directory.CreateTempSubdirectory("mini-redis-real-").FullName, "dump.rdb", ownsDirectory: true, []);

    /// <summary>
    /// Starts redis-server with <c>dir</c> <paramref name="directory"/> and <c>dbfilename</c>
    /// <paramref name="dbFilename"/> (loaded at startup when present), then <paramref name="settings"/> as
    /// <c>--name value</c> pairs (they override the defaults, e.g. <c>"--appendonly", "yes"</c>), and waits until it
    /// answers PING.
    /// </summary>
    public static RealRedisServer Start(string directory, string dbFilename = "dump.rdb", params string[] settings) =>
        Start(directory, dbFilename, ownsDirectory: false, settings);

    private static RealRedisServer Start(string directory, string dbFilename, bool ownsDirectory, string[] settings)
    {
        string path = ExternalTool.Require("redis-server");
        int port = ServerProcess.FreePort();
        var start = new ProcessStartInfo(path)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string arg in new[]
        {
            "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
            "--dir", directory, "--dbfilename", dbFilename, "--daemonize", "no", "--logfile", "",
        })
        {
            start.ArgumentList.Add(arg);
        }
        foreach (string arg in settings)
        {
            start.ArgumentList.Add(arg);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start redis-server");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new RealRedisServer(process, port, directory, ownsDirectory);
        try
        {
            server.WaitUntilReady();
        }
        catch
        {
            server.Dispose();
            throw;
        }
        return server;
    }

    /// <summary>Opens a raw client to it.</summary>
    public RawClient Connect() => RawClient.Connect("127.0.0.1", Port);

    /// <summary>Stops it without saving.</summary>
    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        _process.Dispose();
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
            // A file still held open: the temporary directory is left for the system to clean.
        }
    }

    // Polls PING until it answers (loading a file can take a moment), failing after a deadline.
    private void WaitUntilReady()
    {
        DateTime deadline = DateTime.UtcNow + s_startTimeout;
        while (true)
        {
            if (_process.HasExited)
            {
                Assert.Fail($"redis-server exited with code {_process.ExitCode} while starting");
            }
            try
            {
                using RawClient client = Connect();
                if (client.Execute("PING") == "+PONG\r\n")
                {
                    return;
                }
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
            }
            if (DateTime.UtcNow >= deadline)
            {
                Assert.Fail("redis-server did not answer PING in time");
            }
            Thread.Sleep(20); // polling for readiness, not waiting for time to pass
        }
    }
}
