using System.Diagnostics;

namespace Reactor.MiniRedis.Integration.Tests.Support;

/// <summary>
/// A real <c>redis-server</c> on a free port, for tests that compare our replies with Redis's byte for byte. It
/// runs without persistence (<c>--save '' --appendonly no</c>) in a temporary directory, and is killed and its
/// directory removed on dispose. When redis-server is not installed the test is ignored (CI installs it).
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

    /// <summary>The port it listens on, on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>Starts redis-server and returns once it answers PING.</summary>
    public static RealRedisServer Start()
    {
        string path = ExternalTool.Require("redis-server");
        int port = ServerProcess.FreePort();
        string directory = Directory.CreateTempSubdirectory("miniredis-real-").FullName;
        var start = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in (string[])["--port", port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", directory, "--daemonize", "no"])
        {
            start.ArgumentList.Add(arg);
        }
        Process process = Process.Start(start) ?? throw new InvalidOperationException("Could not start redis-server");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new RealRedisServer(process, directory, port);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using RawClient client = RawClient.Connect("127.0.0.1", port);
                if (client.Execute("PING") == "+PONG\r\n")
                {
                    return server;
                }
            }
            catch (System.Net.Sockets.SocketException) when (deadline.Elapsed < TimeSpan.FromSeconds(10) && !process.HasExited)
            {
                Thread.Yield(); // not listening yet
            }
        }
    }

    /// <summary>Opens a raw TCP connection to it.</summary>
    public RawClient Connect() => RawClient.Connect("127.0.0.1", Port);

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }
        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
