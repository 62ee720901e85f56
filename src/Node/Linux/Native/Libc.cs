using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace EsHa.Node.Linux.Native;

/// <summary>The few libc calls .NET does not offer: sockets of families and protocols its constructor refuses (raw
/// IP protocol 112, AF_NETLINK), wrapped into ordinary <see cref="Socket"/>s.</summary>
internal static unsafe partial class Libc
{
    public const int AfInet = 2;
    public const int AfNetlink = 16;
    public const int SockRaw = 3;
    public const int SockCloexec = 0x80000;
    public const int IpProtoVrrp = 112;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int socket(int domain, int type, int protocol);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial uint if_nametoindex(string name);

    /// <summary>socket(2) as a .NET Socket; throws with errno's message when the kernel refuses.</summary>
    public static Socket OpenSocket(int domain, int type, int protocol)
    {
        var fd = socket(domain, type | SockCloexec, protocol);
        if (fd < 0)
        {
            throw new SocketException(Marshal.GetLastPInvokeError());
        }

        return new Socket(new SafeSocketHandle(fd, ownsHandle: true));
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int bind(nint fd, ReadOnlySpan<byte> address, int length);

    /// <summary>Binds a netlink socket (sockaddr_nl: family 16, pid 0 for the kernel to choose, the multicast groups
    /// as a bit mask); .NET has no EndPoint for AF_NETLINK.</summary>
    public static void BindNetlink(Socket socket, uint groups)
    {
        Span<byte> address = stackalloc byte[12];
        address.Clear();
        BitConverter.TryWriteBytes(address, (ushort)AfNetlink);
        BitConverter.TryWriteBytes(address[8..], groups);
        if (bind(socket.SafeHandle.DangerousGetHandle(), address, address.Length) != 0)
        {
            throw new SocketException(Marshal.GetLastPInvokeError());
        }
    }

    /// <summary>The interface's index, or 0 when there is no such interface.</summary>
    public static int InterfaceIndex(string name) => (int)if_nametoindex(name);
}
