using System.Net;
using System.Net.Sockets;

namespace EsHa.Node.Linux.Effects;

/// <summary>Gratuitous ARP (an ARP request with sender = target = the VIP, to the broadcast address) over AF_PACKET,
/// so that neighbours move the VIP to this host's MAC at once, as keepalived's vrrp_arp does. One packet socket for
/// the node's life, as keepalived keeps its own: closing an AF_PACKET socket waits for an RCU grace period (measured
/// here: 5 ms), which a takeover must not pay.</summary>
public static class GratuitousArp
{
    // Protocol 0: the socket only sends (each frame names ARP in its address); it is handed no traffic to queue.
    // PublicationOnly: a failure to open it (EMFILE...) is not remembered; the next GARP tries again.
    private static readonly Lazy<Socket> Shared = new(() => new Socket(AddressFamily.Packet, SocketType.Raw, ProtocolType.IP), LazyThreadSafetyMode.PublicationOnly);

    public static void Send(string interfaceName, IPAddress vip, int repeat)
    {
        var mac = Mac(interfaceName);
        var index = Native.Libc.InterfaceIndex(interfaceName);
        if (mac is null || index == 0 || vip.AddressFamily != AddressFamily.InterNetwork)
        {
            return;
        }

        Send(index, mac, vip, repeat);
    }

    /// <summary>Runs the send path once to a device that cannot exist (the kernel refuses it), so that the first
    /// real failover does not pay for opening the packet socket and binding the send path.</summary>
    public static void Warm()
    {
        try
        {
            Send(int.MaxValue, new byte[6], IPAddress.Any, 1);
        }
        catch (SocketException)
        {
            // Expected: no such device.
        }
    }

    private static void Send(int index, byte[] mac, IPAddress vip, int repeat)
    {
        var socket = Shared.Value;
        var frame = new byte[60];
        Array.Fill(frame, (byte)0xff, 0, 6);
        mac.CopyTo(frame, 6);
        frame[12] = 0x08;
        frame[13] = 0x06;
        byte[] arp = [0, 1, 8, 0, 6, 4, 0, 1];
        arp.CopyTo(frame, 14);
        mac.CopyTo(frame, 22);
        vip.GetAddressBytes().CopyTo(frame, 28);
        vip.GetAddressBytes().CopyTo(frame, 38);

        // sockaddr_ll: family, protocol (network order), ifindex, hatype, pkttype, halen, address.
        var address = new SocketAddress(AddressFamily.Packet, 20);
        address[2] = 0x08;
        address[3] = 0x06;
        BitConverter.GetBytes(index).CopyTo(address.Buffer.Span[4..]);
        address[11] = 6;
        for (var i = 12; i < 18; i++)
        {
            address[i] = 0xff;
        }

        for (var i = 0; i < Math.Max(1, repeat); i++)
        {
            socket.SendTo(frame, SocketFlags.None, address);
        }
    }

    /// <summary>The interface's MAC address (from sysfs), or null when there is no such interface.</summary>
    internal static byte[]? Mac(string interfaceName)
    {
        var path = $"/sys/class/net/{interfaceName}/address";
        return File.Exists(path) ? Convert.FromHexString(File.ReadAllText(path).Trim().Replace(":", "", StringComparison.Ordinal)) : null;
    }
}
