using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EsHa.Node.Linux.Effects;

/// <summary>
/// IPv6's gratuitous ARP: an unsolicited Neighbour Advertisement for the VIP (Override set, our MAC as the target
/// link-layer address) to all nodes (ff02::1), hop limit 255, as keepalived's ndisc does, so that neighbours move
/// the VIP to this host at once. The kernel fills in the ICMPv6 checksum of raw ICMPv6 sockets.
/// </summary>
public static class UnsolicitedNeighbourAdvert
{
    private static readonly IPAddress AllNodes = IPAddress.Parse("ff02::1");

    public static void Send(string interfaceName, IPAddress vip, int repeat)
    {
        var mac = GratuitousArp.Mac(interfaceName);
        var index = Native.Libc.InterfaceIndex(interfaceName);
        if (mac is null || index == 0 || vip.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return;
        }

        using var socket = new Socket(AddressFamily.InterNetworkV6, SocketType.Raw, ProtocolType.IcmpV6);
        socket.SetRawSocketOption(1, 25, Encoding.ASCII.GetBytes(interfaceName + "\0")); // SO_BINDTODEVICE
        socket.SetRawSocketOption(41, 17, BitConverter.GetBytes(index)); // IPV6_MULTICAST_IF
        socket.SetRawSocketOption(41, 18, BitConverter.GetBytes(255)); // IPV6_MULTICAST_HOPS: receivers require 255

        var message = new byte[32];
        message[0] = 136; // Neighbour Advertisement, code 0; checksum by the kernel
        message[4] = 0x20; // Override: replace whatever link-layer address neighbours had for the VIP
        vip.GetAddressBytes().CopyTo(message, 8);
        message[24] = 2; // option: target link-layer address, 1 × 8 bytes
        message[25] = 1;
        mac.CopyTo(message, 26);
        var destination = new IPEndPoint(new IPAddress(AllNodes.GetAddressBytes(), index), 0);
        for (var i = 0; i < Math.Max(1, repeat); i++)
        {
            socket.SendTo(message, destination);
        }
    }
}
