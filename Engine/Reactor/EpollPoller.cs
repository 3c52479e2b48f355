using System.ComponentModel;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Reactor.MiniRedis.Engine.Reactor;

/// <summary>
/// Linux epoll through P/Invoke, level-triggered, as redis/redis src/ae_epoll.c uses it. The token of each
/// socket travels in <c>epoll_event.data</c>, so a ready event maps to its owner without a lookup.
/// </summary>
public sealed unsafe partial class EpollPoller : IPoller
{
    private const int EpollCtlAdd = 1;
    private const int EpollCtlDel = 2;
    private const int EpollCtlMod = 3;
    private const uint EpollIn = 0x001;
    private const uint EpollOut = 0x004;
    private const uint EpollErr = 0x008;
    private const uint EpollHup = 0x010;
    private const int EpollCloexec = 0x80000;
    private const int Eintr = 4;

    // struct epoll_event is packed on x86-64 (12 bytes: data at offset 4) and naturally aligned elsewhere (16 bytes).
    private static readonly int s_eventSize = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;
    private static readonly int s_dataOffset = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 4 : 8;

    private readonly int _epfd;
    private byte* _events;
    private int _capacity;

    /// <summary>Creates the epoll instance. Throws on platforms without epoll.</summary>
    public EpollPoller()
    {
        _epfd = epoll_create1(EpollCloexec);
        if (_epfd < 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), "epoll_create1 failed");
        }
        Grow(1024);
    }

    /// <summary>True where epoll can be used (Linux).</summary>
    public static bool IsSupported => OperatingSystem.IsLinux();

    /// <inheritdoc />
    public string Name => "epoll";

    /// <inheritdoc />
    public void Add(Socket socket, int token, Interest interest) => Control(EpollCtlAdd, socket, token, interest);

    /// <inheritdoc />
    public void Modify(Socket socket, int token, Interest interest) => Control(EpollCtlMod, socket, token, interest);

    /// <inheritdoc />
    public void Remove(Socket socket)
    {
        byte* ev = stackalloc byte[16];
        // Errors are ignored: the socket may already be gone, and closing it removes it from the set anyway.
        _ = epoll_ctl(_epfd, EpollCtlDel, Fd(socket), ev);
    }

    /// <inheritdoc />
    public int Wait(int timeoutMilliseconds, ReadyEvent[] events)
    {
        if (events.Length > _capacity)
        {
            Grow(events.Length);
        }
        int n = epoll_wait(_epfd, _events, events.Length, timeoutMilliseconds);
        if (n < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno == Eintr)
            {
                return 0;
            }
            throw new Win32Exception(errno, "epoll_wait failed");
        }
        for (int i = 0; i < n; i++)
        {
            byte* ev = _events + (i * s_eventSize);
            uint flags = Unsafe.ReadUnaligned<uint>(ev);
            ulong data = Unsafe.ReadUnaligned<ulong>(ev + s_dataOffset);
            Interest ready = Interest.None;
            if ((flags & EpollIn) != 0)
            {
                ready |= Interest.Readable;
            }
            if ((flags & EpollOut) != 0)
            {
                ready |= Interest.Writable;
            }
            if ((flags & (EpollErr | EpollHup)) != 0)
            {
                ready |= Interest.Readable | Interest.Writable;
            }
            events[i] = new ReadyEvent((int)data, ready);
        }
        return n;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_events != null)
        {
            NativeMemory.Free(_events);
            _events = null;
            _ = close(_epfd);
        }
    }

    private void Control(int op, Socket socket, int token, Interest interest)
    {
        byte* ev = stackalloc byte[16];
        uint flags = 0;
        if ((interest & Interest.Readable) != 0)
        {
            flags |= EpollIn;
        }
        if ((interest & Interest.Writable) != 0)
        {
            flags |= EpollOut;
        }
        Unsafe.WriteUnaligned(ev, flags);
        Unsafe.WriteUnaligned(ev + s_dataOffset, (ulong)(uint)token);
        if (epoll_ctl(_epfd, op, Fd(socket), ev) < 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), "epoll_ctl failed");
        }
    }

    private void Grow(int capacity)
    {
        if (_events != null)
        {
            NativeMemory.Free(_events);
        }
        _events = (byte*)NativeMemory.Alloc((nuint)(capacity * s_eventSize));
        _capacity = capacity;
    }

    private static int Fd(Socket socket) => (int)socket.SafeHandle.DangerousGetHandle();

    [LibraryImport("libc", SetLastError = true)]
    private static partial int epoll_create1(int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int epoll_ctl(int epfd, int op, int fd, byte* ev);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int epoll_wait(int epfd, byte* events, int maxevents, int timeout);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int close(int fd);
}
