using System.Runtime.InteropServices;

namespace Palisade.Agent.FlowLogs;

/// <summary>
/// The libc calls the NFLOG socket needs (socket(2), bind(2), send(2), recv(2), setsockopt(2),
/// setns(2)); no NuGet package reads nfnetlink_log. Constants from linux/socket.h, linux/netlink.h
/// and linux/sched.h (x86-64 and aarch64 share them).
/// </summary>
internal static partial class NetlinkNative
{
    public const int AfNetlink = 16;
    public const int SockRaw = 3;
    public const int SockCloexec = 0x80000;
    public const int NetlinkNetfilter = 12;
    public const int SolSocket = 1;
    public const int SoRcvbuf = 8;
    public const int SoRcvtimeo = 20;
    public const int SoRcvbufforce = 33;
    public const int CloneNewnet = 0x40000000;
    public const int ORdonly = 0;
    public const int OCloexec = 0x80000;

    public const int Eintr = 4;
    public const int Eagain = 11;
    public const int Enobufs = 105;

    [DllImport("libc", EntryPoint = "socket", SetLastError = true)]
    public static extern int Socket(int domain, int type, int protocol);

    [DllImport("libc", EntryPoint = "bind", SetLastError = true)]
    public static extern int Bind(int fd, byte[] address, int length);

    [DllImport("libc", EntryPoint = "send", SetLastError = true)]
    public static extern nint Send(int fd, byte[] buffer, nint length, int flags);

    [DllImport("libc", EntryPoint = "recv", SetLastError = true)]
    public static extern nint Receive(int fd, byte[] buffer, nint length, int flags);

    [DllImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
    public static extern int SetSocketOption(int fd, int level, int name, byte[] value, int length);

    [DllImport("libc", EntryPoint = "setns", SetLastError = true)]
    public static extern int SetNamespace(int fd, int type);

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    public static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    public static extern int Close(int fd);
}
