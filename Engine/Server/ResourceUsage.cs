using System.Globalization;
using System.Runtime.InteropServices;

namespace Reactor.MiniRedis.Engine.Server;

/// <summary>
/// Process facts INFO reports: CPU time (getrusage, as Redis does), resident memory (/proc/self/statm) and the
/// operating system's name. Linux answers from the kernel; elsewhere the portable .NET equivalents are used.
/// Not on a hot path: INFO calls these a few times per request.
/// </summary>
internal static partial class ResourceUsage
{
    private const int RusageSelf = 0;
    private const int RusageThread = 1; // Linux only

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeValue
    {
        public long Seconds;
        public long Microseconds;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct RUsage
    {
        public TimeValue User;
        public TimeValue System;
        public long MaxRss, IxRss, IdRss, IsRss, MinFlt, MajFlt, NSwap, InBlock, OuBlock, MsgSnd, MsgRcv, NSignals, NVcsw, NIvcsw;
    }

    /// <summary>User and system CPU seconds of the whole process.</summary>
    public static (double User, double System) ProcessCpu()
    {
        if (OperatingSystem.IsLinux() && getrusage(RusageSelf, out RUsage usage) == 0)
        {
            return (Seconds(usage.User), Seconds(usage.System));
        }
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return (process.UserProcessorTime.TotalSeconds, process.PrivilegedProcessorTime.TotalSeconds);
    }

    /// <summary>User and system CPU seconds of the calling thread (the event loop when INFO runs), or null where unavailable.</summary>
    public static (double User, double System)? ThreadCpu() =>
        OperatingSystem.IsLinux() && getrusage(RusageThread, out RUsage usage) == 0 ? (Seconds(usage.User), Seconds(usage.System)) : null;

    /// <summary>Resident set size in bytes (zmalloc_get_rss reads the same /proc/self/statm field).</summary>
    public static long ResidentSetSize()
    {
        try
        {
            string[] fields = File.ReadAllText("/proc/self/statm").Split(' ');
            return long.Parse(fields[1], CultureInfo.InvariantCulture) * Environment.SystemPageSize;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return Environment.WorkingSet;
        }
    }

    /// <summary>Physical memory in bytes (MemTotal of /proc/meminfo), else what the runtime sees as available.</summary>
    public static long TotalSystemMemory()
    {
        try
        {
            foreach (string line in File.ReadLines("/proc/meminfo"))
            {
                if (line.StartsWith("MemTotal:", StringComparison.Ordinal))
                {
                    return long.Parse(line[9..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            // fall through to the runtime's figure
        }
        return GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
    }

    /// <summary>uname's system, release and machine ("Linux 6.1.0 x86_64"), as INFO os shows them.</summary>
    public static string OperatingSystemName()
    {
        string machine = RuntimeInformation.OSArchitecture switch
        {
            Architecture.X64 => "x86_64",
            Architecture.Arm64 => "aarch64",
            Architecture.X86 => "i686",
            Architecture.Arm => "armv7l",
            var other => other.ToString().ToLowerInvariant(),
        };
        try
        {
            if (OperatingSystem.IsLinux())
            {
                return $"Linux {File.ReadAllText("/proc/sys/kernel/osrelease").Trim()} {machine}";
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // fall through to the runtime's description
        }
        return $"{RuntimeInformation.OSDescription} {machine}";
    }

    private static double Seconds(TimeValue value) => value.Seconds + value.Microseconds / 1e6;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int getrusage(int who, out RUsage usage);
}
