using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Reactor.MiniRedis.Engine.Host;

/// <summary>
/// SIGINT shuts the server down however the process was started, as in redis-server, whose setupSignalHandlers
/// (redis/redis src/server.c) installs its handler whatever the process inherited. A process started as a background
/// job of a non-interactive shell (<c>mini-redis-server &amp;</c> in a script, a CI step) inherits SIGINT ignored, and
/// .NET keeps an inherited ignore: it installs no SIGINT handler then, so the <see cref="PosixSignalRegistration"/>
/// in <see cref="Program"/> never fired and <c>kill -INT</c> did nothing (the signal showed in /proc/PID/status as
/// ignored, not caught).
/// </summary>
internal static partial class SignalDisposition
{
    private const int SigInt = 2;
    private const nint SigDfl = 0;
    private const nint SigIgn = 1;

    /// <summary>
    /// Puts SIGINT back to its default disposition when the process started with it ignored; any other disposition
    /// is left alone. Must run before anything initializes the runtime's signal handling (the first
    /// <see cref="PosixSignalRegistration"/>, or console input), which reads the inherited disposition once. The
    /// runtime skips an ignored SIGINT so that the processes it starts inherit the ignore; this server starts none.
    /// </summary>
    public static void RestoreIgnoredInterrupt()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        var current = new SigActionBuffer();
        if (SigAction(SigInt, 0, ref current) == 0 && current[0] == SigIgn)
        {
            Signal(SigInt, SigDfl);
        }
    }

    [LibraryImport("libc", EntryPoint = "sigaction")]
    private static partial int SigAction(int signum, nint act, ref SigActionBuffer oldact);

    [LibraryImport("libc", EntryPoint = "signal")]
    private static partial nint Signal(int signum, nint handler);

    // struct sigaction as sigaction() fills it: the handler comes first (glibc and musl alike); 256 bytes hold the
    // rest of it (the 128-byte signal mask, the flags, the restorer).
    [InlineArray(32)]
    private struct SigActionBuffer
    {
        private nint _element;
    }
}
