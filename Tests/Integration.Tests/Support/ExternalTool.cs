using System.Diagnostics;
using System.Text;

namespace Reactor.MiniRedis.Integration.Tests.Support;

/// <summary>
/// Runs a command-line tool (redis-cli, redis-benchmark) to completion with a time limit, feeding it standard
/// input and capturing its output as bytes, so binary values can be compared exactly.
/// </summary>
public static class ExternalTool
{
    /// <summary>The full path of <paramref name="name"/> on PATH, or null when it is not installed.</summary>
    public static string? Find(string name)
    {
        string[] directories = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return directories.Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
    }

    /// <summary>
    /// The full path of <paramref name="name"/>; when it is not installed the test is ignored, not failed:
    /// the tool is an optional dependency on a developer machine (CI installs it, see .ci/run).
    /// </summary>
    public static string Require(string name)
    {
        string? path = Find(name);
        if (path is null)
        {
            Assert.Ignore($"{name} is not installed (apt-get install redis-tools)");
        }
        return path!;
    }

    /// <summary>
    /// Runs <paramref name="path"/> with <paramref name="args"/> and waits for it to exit. Fails the test, after
    /// killing the process, when it runs longer than <paramref name="timeout"/>.
    /// </summary>
    public static ToolResult Run(string path, IEnumerable<string> args, TimeSpan timeout, byte[]? input = null)
    {
        var start = new ProcessStartInfo(path)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {path}");
        var output = new MemoryStream();
        Task copyOutput = process.StandardOutput.BaseStream.CopyToAsync(output);
        Task<string> readError = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            process.StandardInput.BaseStream.Write(input);
        }
        process.StandardInput.Close();

        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Assert.Fail($"{Path.GetFileName(path)} {string.Join(' ', start.ArgumentList)} did not finish within {timeout.TotalSeconds} s; output so far:\n{Encoding.UTF8.GetString(output.ToArray())}");
        }
        Task.WaitAll(copyOutput, readError);
        return new ToolResult(process.ExitCode, output.ToArray(), readError.Result);
    }
}
