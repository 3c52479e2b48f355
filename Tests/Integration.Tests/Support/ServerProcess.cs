using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace Reactor.MiniRedis.Integration.Tests.Support;

/// <summary>
/// The built server program (<c>mini-redis-server.dll</c>) run as a child process, the way a user runs it:
/// arguments, log lines on standard output, and shutdown by signal. It runs in a temporary working directory of
/// its own (its <c>dir</c> unless told otherwise), so the RDB file it saves on shutdown never lands where another
/// test's server would load it.
/// </summary>
public sealed partial class ServerProcess : IDisposable
{
    private const int SigInt = 2;
    private const int SigKill = 9;
    private const int SigTerm = 15;

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly bool _ownsDirectory;

    private ServerProcess(Process process, string workingDirectory, bool ownsDirectory)
    {
        _process = process;
        WorkingDirectory = workingDirectory;
        _ownsDirectory = ownsDirectory;
    }

    /// <summary>The process's working directory (its default <c>dir</c>).</summary>
    public string WorkingDirectory { get; }

    /// <summary>Everything the process wrote so far, standard output and standard error interleaved.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>
    /// A port that was free a moment ago: bind port 0, read the port, release it. The server binds it next; the
    /// small window in between is the price of testing the <c>--port</c> option itself.
    /// </summary>
    public static int FreePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    /// <summary>
    /// Finds the built server. The host project (Engine/Host) is referenced by this test project, so its output is
    /// copied next to the test assembly; the host project's own bin folder (same configuration) is the fallback.
    /// </summary>
    public static string FindServerAssembly()
    {
        const string fileName = "mini-redis-server.dll";
        string testOutput = AppContext.BaseDirectory;
        var candidates = new List<string> { Path.Combine(testOutput, fileName) };

        // .../Tests/Integration.Tests/bin/<Configuration>/<tfm>/ -> .../Engine/Host/bin/<Configuration>/<tfm>/
        var tfm = new DirectoryInfo(testOutput.TrimEnd(Path.DirectorySeparatorChar));
        DirectoryInfo? configuration = tfm.Parent;
        for (DirectoryInfo? dir = tfm; dir is not null && configuration is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Reactor.MiniRedis.sln")))
            {
                candidates.Add(Path.Combine(dir.FullName, "Engine", "Host", "bin", configuration.Name, tfm.Name, fileName));
                break;
            }
        }
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException($"The built server was not found; looked at: {string.Join(", ", candidates)}");
    }

    /// <summary>Starts <c>dotnet mini-redis-server.dll</c> with <paramref name="args"/> in a new temporary directory.</summary>
    public static ServerProcess Start(params string[] args) => StartIn(NewWorkingDirectory(), ownsDirectory: true, args);

    /// <summary>
    /// Starts the server with <paramref name="args"/> in <paramref name="workingDirectory"/>, which the caller keeps
    /// (to restart a server on the same files).
    /// </summary>
    public static ServerProcess StartIn(string workingDirectory, params string[] args) => StartIn(workingDirectory, ownsDirectory: false, args);

    /// <summary>
    /// Starts the server as a background job of a non-interactive shell starts it: with SIGINT ignored, which the
    /// process inherits (<c>/bin/sh -c 'trap "" INT; exec dotnet mini-redis-server.dll ...'</c>; exec keeps the pid).
    /// </summary>
    public static ServerProcess StartWithInterruptIgnored(params string[] args) =>
        StartIn(NewWorkingDirectory(), ownsDirectory: true, args, ignoreInterrupt: true);

    // A new temporary directory for a server this class starts, and deletes once the server is disposed.
    private static string NewWorkingDirectory() => Directory.CreateTempSubdirectory("mini-redis-process-").FullName;

    private static ServerProcess StartIn(string workingDirectory, bool ownsDirectory, string[] args, bool ignoreInterrupt = false)
    {
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var start = new ProcessStartInfo(ignoreInterrupt ? "/bin/sh" : dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        if (ignoreInterrupt)
        {
            foreach (string word in (string[])["-c", "trap '' INT; exec \"$@\"", "sh", dotnet])
            {
                start.ArgumentList.Add(word);
            }
        }
        start.ArgumentList.Add(FindServerAssembly());
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        var process = new Process { StartInfo = start };
        var server = new ServerProcess(process, workingDirectory, ownsDirectory);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    /// <summary>Waits until a line containing <paramref name="text"/> was written; false on timeout or exit.</summary>
    public bool WaitForOutput(string text, TimeSpan timeout)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        lock (_output)
        {
            while (!_output.ToString().Contains(text, StringComparison.Ordinal))
            {
                TimeSpan left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero || _process.HasExited)
                {
                    return false;
                }
                Monitor.Wait(_output, left);
            }
            return true;
        }
    }

    /// <summary>Sends SIGTERM, what <c>kill</c> and service managers send (Process.Kill would send SIGKILL).</summary>
    public void Terminate() => Signal(SigTerm);

    /// <summary>Sends SIGINT, what Ctrl-C sends.</summary>
    public void Interrupt() => Signal(SigInt);

    /// <summary>Sends SIGKILL (kill -9): the process dies at once, with no shutdown of any kind.</summary>
    public void Kill() => Signal(SigKill);

    /// <summary>Waits for the process to exit and returns its exit code; fails the test on timeout.</summary>
    public int WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            // Stop it here, so that nothing later in the test (a client waiting for the server to close its
            // connection) can wait on a server that is not going to exit.
            string output = Output;
            _process.Kill(entireProcessTree: true);
            Assert.Fail($"The server did not exit within {timeout.TotalSeconds} s. Output:\n{output}");
        }
        _process.WaitForExit(); // drains the asynchronous output readers
        return _process.ExitCode;
    }

    /// <summary>Kills the process if a test left it running, and removes its working directory if it made it.</summary>
    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        _process.Dispose();
        if (_ownsDirectory)
        {
            Directory.Delete(WorkingDirectory, recursive: true);
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
            Monitor.PulseAll(_output);
        }
    }

    private void Signal(int signal)
    {
        if (kill(_process.Id, signal) != 0)
        {
            Assert.Fail($"kill({_process.Id}, {signal}) failed with errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int sig);
}
