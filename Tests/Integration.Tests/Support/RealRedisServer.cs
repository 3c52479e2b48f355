using System.Diagnostics;

namespace Reactor.MiniRedis.Integration.Tests.Support;

/// <summary>
/// A real <c>redis-server</c> (7.0.15 in CI) started on a free 127.0.0.1 port with no persistence and a temporary
/// working directory, for tests that compare our replies with Redis's byte for byte. Tests that need it are
/// ignored where redis-server is not installed; CI installs it, so there they always run.
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

    /// <summary>Starts redis-server and returns once it answers PING; ignores the test when it is not installed.</summary>
    public static RealRedisServer Start()
    {
        string path = ExternalTool.Require("redis-server");
        int port = ServerProcess.FreePort();
        string directory = Directory.CreateTempSubdirectory("mini-redis-real-").FullName;
        var start = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in (string[])["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
                     "--save", "", "--appendonly", "no", "--dir", directory])
        {
            start.ArgumentList.Add(arg);
        }
        Process process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new RealRedisServer(process, directory, port);
        var stopwatch = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using RawClient probe = RawClient.Connect("127.0.0.1", port);
                if (probe.Execute("PING") == "+PONG\r\n")
                {
                    return server;
                }
            }
            catch (System.Net.Sockets.SocketException) when (stopwatch.Elapsed < TimeSpan.FromSeconds(10) && !process.HasExited)
            {
                Thread.Yield(); // still starting: poll the port again
            }
        }
    }

    /// <summary>Kills the server and removes its directory.</summary>
    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
