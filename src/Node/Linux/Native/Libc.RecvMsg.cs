using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace EsHa.Node.Linux.Native;

/// <summary>recvmsg(2) for raw IPv6 sockets, where .NET's ReceiveMessageFrom fails (ENOPROTOOPT): the payload, the
/// sender, and the hop limit and destination from the IPV6_HOPLIMIT and IPV6_PKTINFO control messages.</summary>
internal static unsafe partial class Libc
{
    public const int AfInet6 = 10;
    private const int SolIpv6 = 41, Ipv6PktInfo = 50, Ipv6HopLimit = 52;

    [StructLayout(LayoutKind.Sequential)]
    private struct IoVec
    {
        public void* Base;
        public nuint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct MsgHdr
    {
        public void* Name;
        public uint NameLength;
        public IoVec* Iov;
        public nuint IovLength;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint recvmsg(nint fd, MsgHdr* message, int flags);

    /// <summary>One datagram into <paramref name="buffer"/>; its length, or -1 with <paramref name="errno"/> set
    /// (EAGAIN, 11, when the receive timeout passed).</summary>
    public static int ReceiveIpv6(Socket socket, byte[] buffer, out IPAddress source, out IPAddress? destination, out int hopLimit, out int errno)
    {
        var name = stackalloc byte[28];
        var control = stackalloc byte[128];
        fixed (byte* data = buffer)
        {
            var iov = new IoVec { Base = data, Length = (nuint)buffer.Length };
            var header = new MsgHdr { Name = name, NameLength = 28, Iov = &iov, IovLength = 1, Control = control, ControlLength = 128 };
            var length = (int)recvmsg(socket.SafeHandle.DangerousGetHandle(), &header, 0);
            (source, destination, hopLimit, errno) = (IPAddress.IPv6None, null, -1, 0);
            if (length < 0)
            {
                errno = Marshal.GetLastPInvokeError();
                return -1;
            }

            // sockaddr_in6: family, port, flow info, then the 16-byte address at 8 and the scope id at 24.
            source = new IPAddress(new ReadOnlySpan<byte>(name + 8, 16), BitConverter.ToUInt32(new ReadOnlySpan<byte>(name + 24, 4)));
            // cmsghdr: length (size_t), level, type, then the data, each header aligned to 8.
            var offset = 0;
            while (offset + 16 <= (int)header.ControlLength)
            {
                var cmsgLength = (int)*(ulong*)(control + offset);
                var level = *(int*)(control + offset + 8);
                var type = *(int*)(control + offset + 12);
                if (cmsgLength < 16)
                {
                    break;
                }

                if (level == SolIpv6 && type == Ipv6HopLimit)
                {
                    hopLimit = *(int*)(control + offset + 16);
                }
                else if (level == SolIpv6 && type == Ipv6PktInfo)
                {
                    destination = new IPAddress(new ReadOnlySpan<byte>(control + offset + 16, 16));
                }

                offset += (cmsgLength + 7) & ~7;
            }

            return length;
        }
    }
}
