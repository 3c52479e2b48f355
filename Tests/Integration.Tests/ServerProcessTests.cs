using System.Globalization;
using Reactor.MiniRedis.Integration.Tests.Support;

namespace Reactor.MiniRedis.Integration.Tests;

/// <summary>
/// The built program as a user runs it: redis-server style arguments and config file, the startup log line, and a
/// clean exit (code 0, shutdown log line) on SIGTERM and SIGINT.
/// </summary>
public sealed class ServerProcessTests
{
    private const string ReadyLine = "Ready to accept connections";
    private const string ExitLine = "ready to exit, bye bye";

    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan s_exitTimeout = TimeSpan.FromSeconds(15);

    private string? _configFile;

    [TearDown]
    public void DeleteConfigFile()
    {
        if (_configFile is not null)
        {
            File.Delete(_configFile);
        }
    }

    [TestCase("epoll")]
    [TestCase("select")]
    public void PortOption_ServesPingThenSigterm_ExitsZeroWithShutdownLine(string backend)
    {
        int port = ServerProcess.FreePort();
        using ServerProcess server = ServerProcess.Start("--port", Text(port), "--io-backend", backend);
        AssertReady(server);

        using (RawClient client = RawClient.Connect("127.0.0.1", port))
        {
            Assert.That(client.Execute("PING"), Is.EqualTo("+PONG\r\n"));
        }
        server.Terminate();

        Assert.Multiple(() =>
        {
            Assert.That(server.WaitForExit(s_exitTimeout), Is.Zero, server.Output);
            Assert.That(server.Output, Does.Contain("Received SIGTERM scheduling shutdown..."));
            Assert.That(server.Output, Does.Contain(ExitLine));
        });
    }

    [Test]
    public void Sigint_WithClientConnected_ExitsZero()
    {
        int port = ServerProcess.FreePort();
        using ServerProcess server = ServerProcess.Start("--port", Text(port));
        AssertReady(server);
        using RawClient client = RawClient.Connect("127.0.0.1", port);
        client.Execute("PING");

        server.Interrupt();

        Assert.Multiple(() =>
        {
            Assert.That(server.WaitForExit(s_exitTimeout), Is.Zero, server.Output);
            Assert.That(server.Output, Does.Contain("Received SIGINT scheduling shutdown..."));
            Assert.That(client.WaitForServerClose(), Is.True, "the client's connection is closed on shutdown");
        });
    }

    // redis-server installs its SIGINT handler whatever it inherited; started with SIGINT ignored (a background job
    // of a script), ours must still shut down on it rather than keep the runtime's inherited ignore.
    [Test]
    public void Sigint_StartedWithSigintIgnored_StillExitsZero()
    {
        int port = ServerProcess.FreePort();
        using ServerProcess server = ServerProcess.StartWithInterruptIgnored("--port", Text(port));
        AssertReady(server);

        server.Interrupt();

        Assert.Multiple(() =>
        {
            Assert.That(server.WaitForExit(s_exitTimeout), Is.Zero, server.Output);
            Assert.That(server.Output, Does.Contain("Received SIGINT scheduling shutdown..."));
        });
    }

    [Test]
    public void ConfigFile_PortAndIoBackend_AreUsed()
    {
        int port = ServerProcess.FreePort();
        _configFile = WriteConfig($"# a test config\nport {Text(port)}\nio-backend select\n");
        using ServerProcess server = ServerProcess.Start(_configFile);
        AssertReady(server);

        using (RawClient client = RawClient.Connect("127.0.0.1", port))
        {
            Assert.That(client.Execute("PING"), Is.EqualTo("+PONG\r\n"));
        }
        server.Terminate();

        Assert.Multiple(() =>
        {
            Assert.That(server.Output, Does.Contain($"port={Text(port)}, io-backend=select"));
            Assert.That(server.WaitForExit(s_exitTimeout), Is.Zero, server.Output);
        });
    }

    [Test]
    public void ConfigFileThenOption_OptionWins()
    {
        int unusedPort = ServerProcess.FreePort();
        int port = ServerProcess.FreePort();
        _configFile = WriteConfig($"port {Text(unusedPort)}\n");
        using ServerProcess server = ServerProcess.Start(_configFile, "--port", Text(port));
        AssertReady(server);

        using RawClient client = RawClient.Connect("127.0.0.1", port);

        Assert.That(client.Execute("PING"), Is.EqualTo("+PONG\r\n"));
    }

    [Test]
    public void UnknownOption_ExitsOneWithConfigError()
    {
        using ServerProcess server = ServerProcess.Start("--no-such-directive", "1");

        Assert.Multiple(() =>
        {
            Assert.That(server.WaitForExit(s_startTimeout), Is.EqualTo(1));
            Assert.That(server.Output, Does.Contain("FATAL CONFIG FILE ERROR"));
        });
    }

    private static void AssertReady(ServerProcess server)
    {
        if (!server.WaitForOutput(ReadyLine, s_startTimeout))
        {
            Assert.Fail($"The server did not log \"{ReadyLine}\". Output:\n{server.Output}");
        }
    }

    private static string WriteConfig(string text)
    {
        string path = Path.Combine(Path.GetTempPath(), $"mini-redis-test-{Guid.NewGuid():N}.conf");
        File.WriteAllText(path, text);
        return path;
    }

    private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);
}
