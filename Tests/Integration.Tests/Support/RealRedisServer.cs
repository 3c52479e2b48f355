using System.Diagnostics;
using System.Net.Sockets;

namespace Reactor.MiniRedis.Integration.Tests.Support;

/// <summary>
/// A real <c>redis-server</c> (the 7.0.15 the suite is compared with) started on a free 127.0.0.1 port with no
/// persistence and a temporary directory, for side-by-side tests. Killed, and its directory removed, on dispose.
/// </summary>
public sealed class RealRedisServer : IDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private RealRedisServer(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    /// <summary>The port it listens on.</summary>
    public int Port { get; }

    /// <summary>
    /// Starts redis-server and waits until it answers PING. When redis-server is not installed the test is
    /// ignored (CI installs it, so there the comparison always runs).
    /// </summary>
    public static RealRedisServer Start()
    {
        string path = ExternalTool.Require("redis-server");
        string directory = Directory.CreateTempSubdirectory("mini-redis-real-").FullName;
        int port = ServerProcess.FreePort();
        var start = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[] { "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
            "--save", "", "--appendonly", "no", "--dir", directory, "--daemonize", "no" })
        {
            start.ArgumentList.Add(arg);
        }
        Process process = Process.Start(start) ?? throw new InvalidOperationException("Could not start redis-server");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new RealRedisServer(process, directory, port);
        DateTime deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                using RawClient probe = RawClient.Connect("127.0.0.1", port);
                if (probe.Execute("PING") == "+PONG\r\n")
                {
                    return server;
                }
            }
            catch (SocketException)
            {
                Thread.Sleep(20); // polling for the process to listen, not waiting for time to pass
            }
        }
        server.Dispose();
        throw new InvalidOperationException($"redis-server did not answer on port {port}");
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open: the temporary directory is left for the system to clean.
        }
    }
}
