using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace Reactor.MiniRedis.Integration.Tests.Support;

/// <summary>
/// A real <c>redis-server</c> started on a free port, without persistence, in a temporary directory, for tests that
/// compare our behaviour with Redis's. The test is ignored when redis-server is not installed (CI installs it).
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

    /// <summary>Starts redis-server and returns once it answers PING (fails after 10 s).</summary>
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
        foreach (string arg in new[] { "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", directory })
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
        while (!server.Answers())
        {
            if (DateTime.UtcNow > deadline || process.HasExited)
            {
                server.Dispose();
                Assert.Fail("redis-server did not start");
            }
            Thread.Yield();
        }
        return server;
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

    private bool Answers()
    {
        try
        {
            using RawClient client = Connect();
            return client.Execute("PING") == "+PONG\r\n";
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
