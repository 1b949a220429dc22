using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Palisade.Agent.FlowLogs;

/// <summary>
/// A NETLINK_NETFILTER socket bound to one NFLOG group. NFLOG instances belong to a network
/// namespace, so the socket is made inside the host's data-plane namespace: a throwaway thread
/// enters it with setns(2), creates the socket and ends; a socket stays in the namespace it was
/// created in, whichever thread then reads it. Reads wait at most <see cref="ReceiveTimeout"/>, so
/// the reader notices cancellation.
/// </summary>
internal sealed class NflogSocket : IDisposable
{
    public static readonly TimeSpan ReceiveTimeout = TimeSpan.FromMilliseconds(250);

    private const int ReceiveBufferBytes = 4 << 20;
    private readonly byte[] acknowledgement = new byte[8192];
    private int fd;
    private uint sequence;

    private NflogSocket(int fd) => this.fd = fd;

    /// <summary>Binds <paramref name="group"/> in <paramref name="networkNamespace"/> (null: the agent's own).</summary>
    /// <exception cref="IOException">The socket cannot be made or the group not bound (another listener has it: EBUSY).</exception>
    public static NflogSocket Open(string? networkNamespace, ushort group, uint copyBytes)
    {
        var socket = new NflogSocket(CreateIn(networkNamespace));
        try
        {
            var address = new byte[12];
            BinaryPrimitives.WriteUInt16LittleEndian(address, NetlinkNative.AfNetlink);
            Check(NetlinkNative.Bind(socket.fd, address, address.Length), "bind");
            var size = new byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(size, ReceiveBufferBytes);
            // Forced past rmem_max as root (the agent is); the plain option is the fallback.
            if (NetlinkNative.SetSocketOption(socket.fd, NetlinkNative.SolSocket, NetlinkNative.SoRcvbufforce, size, 4) != 0)
            {
                NetlinkNative.SetSocketOption(socket.fd, NetlinkNative.SolSocket, NetlinkNative.SoRcvbuf, size, 4);
            }

            var timeout = new byte[16];
            BinaryPrimitives.WriteInt64LittleEndian(timeout.AsSpan(8), (long)ReceiveTimeout.TotalMicroseconds);
            Check(NetlinkNative.SetSocketOption(socket.fd, NetlinkNative.SolSocket, NetlinkNative.SoRcvtimeo, timeout, timeout.Length), "setsockopt(SO_RCVTIMEO)");

            // A listener of an earlier run in this namespace may be gone without unbinding: unbinding first is what libnetfilter_log's users do.
            socket.Request(NflogMessages.Command(++socket.sequence, group, NflogMessages.CommandUnbind), allowError: true);
            socket.Request(NflogMessages.Command(++socket.sequence, group, NflogMessages.CommandBind), allowError: false);
            socket.Request(NflogMessages.Settings(++socket.sequence, group, copyBytes, 65536, 10, 64), allowError: false);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Reads one datagram: its length, 0 when the wait ended without one, or -1 when the kernel had to drop messages (ENOBUFS).</summary>
    public int Receive(byte[] buffer)
    {
        while (true)
        {
            var read = NetlinkNative.Receive(fd, buffer, buffer.Length, 0);
            if (read >= 0)
            {
                return (int)read;
            }

            switch (Marshal.GetLastPInvokeError())
            {
                case NetlinkNative.Eintr:
                    continue;
                case NetlinkNative.Eagain:
                    return 0;
                case NetlinkNative.Enobufs:
                    return -1;
                case var errno:
                    throw new IOException($"recv on the NFLOG socket failed: errno {errno}");
            }
        }
    }

    public void Dispose()
    {
        var open = Interlocked.Exchange(ref fd, -1);
        if (open >= 0)
        {
            NetlinkNative.Close(open);
        }
    }

    private static int CreateIn(string? networkNamespace)
    {
        if (networkNamespace is null)
        {
            return Check(NetlinkNative.Socket(NetlinkNative.AfNetlink, NetlinkNative.SockRaw | NetlinkNative.SockCloexec, NetlinkNative.NetlinkNetfilter), "socket");
        }

        var result = -1;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            var target = NetlinkNative.Open("/run/netns/" + networkNamespace, NetlinkNative.ORdonly | NetlinkNative.OCloexec);
            try
            {
                Check(target, $"open /run/netns/{networkNamespace}");
                Check(NetlinkNative.SetNamespace(target, NetlinkNative.CloneNewnet), "setns");
                result = Check(NetlinkNative.Socket(NetlinkNative.AfNetlink, NetlinkNative.SockRaw | NetlinkNative.SockCloexec, NetlinkNative.NetlinkNetfilter), "socket");
            }
            catch (IOException e)
            {
                failure = e;
            }
            finally
            {
                if (target >= 0)
                {
                    NetlinkNative.Close(target);
                }
            }

            // The thread ends here, in the namespace it entered; no other code runs on it.
        })
        { IsBackground = true, Name = "nflog-netns" };
        thread.Start();
        thread.Join();
        return failure is null ? result : throw failure;
    }

    private static int Check(int result, string call) =>
        result >= 0 ? result : throw new IOException($"{call} failed: errno {Marshal.GetLastPInvokeError()}");

    private void Request(byte[] message, bool allowError)
    {
        if (NetlinkNative.Send(fd, message, message.Length, 0) != message.Length)
        {
            throw new IOException($"send on the NFLOG socket failed: errno {Marshal.GetLastPInvokeError()}");
        }

        // The acknowledgement comes before any packet: the group is not bound until it is answered.
        for (var attempt = 0; attempt < 8; attempt++)
        {
            var read = Receive(acknowledgement);
            if (read <= 0)
            {
                continue;
            }

            foreach (var (_, offset, length) in NflogMessages.Split(acknowledgement, read))
            {
                if (NflogMessages.Acknowledgement(acknowledgement.AsSpan(offset, length)) is { } errno)
                {
                    if (errno != 0 && !allowError)
                    {
                        throw new IOException(errno == 16
                            ? "the NFLOG group is bound by another listener in this network namespace (EBUSY)"
                            : $"the NFLOG configuration was refused: errno {errno}");
                    }

                    return;
                }
            }
        }

        throw new IOException("the kernel did not acknowledge the NFLOG configuration");
    }
}
