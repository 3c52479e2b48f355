using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Reactor.MiniRedis.Integration.Tests.Support;

namespace Reactor.MiniRedis.Package.Tests;

/// <summary>
/// The Reactor.MiniRedis.Server package installs as a dotnet tool (from the local package source only) and runs
/// as mini-redis-server with redis-server's command line.
/// </summary>
public sealed partial class DotnetToolTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    private string _root = "";
    private string _tool = "";

    [OneTimeSetUp]
    public void InstallTool()
    {
        _root = Directory.CreateTempSubdirectory("mini-redis-tool-").FullName;
        string config = Path.Combine(_root, "nuget.config");
        File.WriteAllText(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="mini-redis" value="{Metadata("MiniRedisPackageSource")}" />
              </packageSources>
            </configuration>
            """);
        string toolPath = Path.Combine(_root, "tools");
        (int exitCode, string output) = Run(Dotnet(), "tool", "install", "Reactor.MiniRedis.Server",
            "--version", Metadata("MiniRedisPackageVersion"), "--tool-path", toolPath, "--configfile", config);
        Assert.That(exitCode, Is.Zero, output);
        _tool = Path.Combine(toolPath, OperatingSystem.IsWindows() ? "mini-redis-server.exe" : "mini-redis-server");
    }

    [OneTimeTearDown]
    public void DeleteTool() => Directory.Delete(_root, recursive: true);

    [Test]
    public void Tool_Version_PrintsThePackageVersion()
    {
        (int exitCode, string output) = Run(_tool, "--version");

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.Zero, output);
            Assert.That(output, Does.StartWith($"Reactor.MiniRedis server v={Metadata("MiniRedisPackageVersion")} redis_compat=7.0.15"));
        });
    }

    [Test]
    public void Tool_PortZero_ServesPingThenExitsZeroOnShutdown()
    {
        using Process server = Start(_tool, "--port", "0", "--bind", "127.0.0.1");
        var lines = new BlockingLines(server);
        Match ready = lines.WaitFor(PortLine());

        int port = int.Parse(ready.Groups[1].Value, CultureInfo.InvariantCulture);
        using (RawClient client = RawClient.Connect("127.0.0.1", port))
        {
            Assert.That(client.Execute("PING"), Is.EqualTo("+PONG\r\n"));
            client.SendCommand("SHUTDOWN", "NOSAVE");
        }

        Assert.That(server.WaitForExit(s_timeout) ? server.ExitCode : -1, Is.Zero, lines.Text);
    }

    [GeneratedRegex(@"Running mode=standalone, port=(\d+)")]
    private static partial Regex PortLine();

    private static string Metadata(string key) =>
        typeof(DotnetToolTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    private static string Dotnet() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    private static Process Start(string fileName, params string[] args)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        // The tool's launcher finds the runtime through DOTNET_ROOT when dotnet is not where it looks by default.
        if (Path.GetDirectoryName(Dotnet()) is { Length: > 0 } root)
        {
            start.Environment["DOTNET_ROOT"] = root;
        }
        return Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}");
    }

    private static (int ExitCode, string Output) Run(string fileName, params string[] args)
    {
        using Process process = Start(fileName, args);
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(s_timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{fileName} {string.Join(' ', args)} did not finish within {s_timeout.TotalSeconds} s");
        }
        return (process.ExitCode, output.Result + error.Result);
    }

    /// <summary>The lines a process writes, waited for with a deadline.</summary>
    private sealed class BlockingLines
    {
        private readonly List<string> _lines = [];

        public BlockingLines(Process process)
        {
            process.OutputDataReceived += (_, e) => Add(e.Data);
            process.ErrorDataReceived += (_, e) => Add(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public string Text
        {
            get
            {
                lock (_lines)
                {
                    return string.Join('\n', _lines);
                }
            }
        }

        /// <summary>The first line matching <paramref name="pattern"/>; fails the test at the deadline.</summary>
        public Match WaitFor(Regex pattern)
        {
            DateTime deadline = DateTime.UtcNow + s_timeout;
            lock (_lines)
            {
                for (int seen = 0; ; seen++)
                {
                    while (seen >= _lines.Count)
                    {
                        TimeSpan left = deadline - DateTime.UtcNow;
                        if (left <= TimeSpan.Zero)
                        {
                            Assert.Fail($"No line matched {pattern} within {s_timeout.TotalSeconds} s:\n{string.Join('\n', _lines)}");
                        }
                        Monitor.Wait(_lines, left);
                    }
                    if (pattern.Match(_lines[seen]) is { Success: true } match)
                    {
                        return match;
                    }
                }
            }
        }

        private void Add(string? line)
        {
            if (line is null)
            {
                return;
            }
            lock (_lines)
            {
                _lines.Add(line);
                Monitor.PulseAll(_lines);
            }
        }
    }
}
