using System.Globalization;

namespace Reactor.MiniRedis.Integration.Tests.Support;

/// <summary>
/// The built server run with <c>appendonly yes</c> in a test's directory, and the tools that judge its AOF:
/// <c>redis-check-aof</c> on the manifest.
/// </summary>
public static class AofProcess
{
    /// <summary>The line the server logs once it serves.</summary>
    public const string ReadyLine = "Ready to accept connections";

    /// <summary>How long starting, loading and stopping may take.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Starts our server in <paramref name="directory"/> on <paramref name="port"/> with the AOF on, snapshots off
    /// and <paramref name="settings"/> (<c>--name value</c> pairs, which override those), without waiting.
    /// </summary>
    public static ServerProcess Start(string directory, int port, params string[] settings) =>
        ServerProcess.StartIn(directory,
        [
            "--port", port.ToString(CultureInfo.InvariantCulture), "--save", "", "--appendonly", "yes", .. settings,
        ]);

    /// <summary>Starts our server as <see cref="Start"/> does and waits until it serves; fails the test otherwise.</summary>
    public static ServerProcess StartServing(string directory, int port, params string[] settings)
    {
        ServerProcess server = Start(directory, port, settings);
        if (!server.WaitForOutput(ReadyLine, Timeout))
        {
            string output = server.Output;
            server.Dispose();
            Assert.Fail($"The server did not start:\n{output}");
        }
        return server;
    }

    /// <summary>Stops a server with SIGTERM (its AOF written and fsynced) and checks that it exited cleanly.</summary>
    public static void Stop(ServerProcess server)
    {
        server.Terminate();
        Assert.That(server.WaitForExit(Timeout), Is.Zero, server.Output);
    }

    /// <summary>The manifest of the AOF in <paramref name="directory"/> (default names).</summary>
    public static string ManifestPath(string directory) => Path.Combine(directory, "appendonlydir", "appendonly.aof.manifest");

    /// <summary>Runs <c>redis-check-aof</c> on the manifest in <paramref name="directory"/>.</summary>
    public static ToolResult Check(string directory) =>
        ExternalTool.Run(ExternalTool.Require("redis-check-aof"), [ManifestPath(directory)], Timeout);
}
